// The change view and the compare colours, drawn for real (software WebGL2) through the element's own
// controllers: a small Lit host holds a SceneController, a ChangeViewController and a CompareController,
// is given crafted previews as the stream would give them (setLayer), and its snapshot is read back.
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { ChangeViewController } from '../../src/change-view-controller.ts';
import { CompareController } from '../../src/compare-controller.ts';
import type { LabelVolume, Shape3 } from '../../src/labels/label-volume.ts';
import type { JobCompareDetail } from '../../src/overlay-events.ts';
import { SceneController } from '../../src/scene-controller.ts';
import type { SceneView } from '../../src/scene/label-scene.ts';
import { until } from './mock-stream.ts';
import { boxVolume, slicePixel } from './scene-fixtures.ts';

const WIDTH = 240;
const HEIGHT = 120;
const SHAPE: Shape3 = [4, 12, 36];

class RegionHost extends LitElement {
  static override properties = { view: {}, changeView: {}, compare: {} };
  declare view: SceneView;
  declare changeView: boolean;
  declare compare: [string, string] | null;
  jobs = ['a', 'b'];
  readonly scene = new SceneController(
    this,
    () => ({ view: this.view, sliceAxis: 'z', slice: 1, sliceStyle: 'filled', background: '#000000', frameBudgetMs: 4 }),
    () => this.renderRoot.querySelector('div'),
  );
  readonly changes = new ChangeViewController(this, () => this, this.scene);
  readonly comparison = new CompareController(this, () => this.compare, this.scene);

  constructor() {
    super();
    this.view = 'slice';
    this.changeView = false;
    this.compare = null;
  }

  protected override render() {
    return html`<div style="width: ${WIDTH}px; height: ${HEIGHT}px"></div>`;
  }
}
customElements.define('region-overlay-host', RegionHost);

/** Label id 1 (drawn [218, 171, 55]) over x in [x0, x1), the whole of y and z. */
const bar = (x0: number, x1: number, index = 1): LabelVolume => boxVolume(SHAPE, [{ min: [x0, 0, 0], max: [x1, SHAPE[1], SHAPE[0]], index }], [0, 1]);

type Rgb = [number, number, number];

/** The snapshot's pixels, read at CSS pixels of the host's viewport. */
async function pixels(host: RegionHost): Promise<{ at(x: number): Rgb; count(match: (rgb: Rgb) => boolean): number }> {
  const bitmap = await createImageBitmap(await host.scene.snapshot());
  const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data, width } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  const scale = bitmap.width / WIDTH;
  const rgb = (i: number): Rgb => [data[i]!, data[i + 1]!, data[i + 2]!];
  return {
    // The pixel over voxel column x (mid y, on the shown plane z = 1).
    at: (x) => {
      const [u, v] = slicePixel('z', [x, (SHAPE[1] - 1) / 2, 1], SHAPE, WIDTH, HEIGHT);
      return rgb((Math.round(v * scale) * width + Math.round(u * scale)) * 4);
    },
    count: (match) => {
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (match(rgb(i))) n++;
      return n;
    },
  };
}

const near = (actual: Rgb, expected: Rgb, tolerance = 40) => actual.every((c, i) => Math.abs(c - expected[i]!) <= tolerance);
const green = ([r, g, b]: Rgb) => g > 150 && r < 100 && b < 130;
const red = ([r, g, b]: Rgb) => r > 180 && g < 90 && b < 90;
const LABEL: Rgb = [218, 171, 55];
const DIMMED: Rgb = [Math.round(218 * 0.3), Math.round(171 * 0.3), Math.round(55 * 0.3)];

async function mounted(): Promise<RegionHost> {
  const host = new RegionHost();
  document.body.append(host);
  await host.updateComplete;
  return host;
}

afterEach(() => {
  document.querySelectorAll('region-overlay-host').forEach((host) => host.remove());
});

describe('change-view', () => {
  it('draws what a preview added in green, what it removed in red, the unchanged voxels dimmed (grow, then shrink)', async () => {
    const host = await mounted();
    host.changeView = true;
    await host.updateComplete;
    host.scene.setLayer('a', bar(4, 16));
    // Grows on the right (x 16..24 added) and gives up its left end (x 4..8 removed).
    host.scene.setLayer('a', bar(8, 24));
    let shot = await pixels(host);
    expect(shot.at(20), 'added').to.satisfy(green);
    expect(shot.at(6), 'removed').to.satisfy(red);
    expect(shot.at(12), 'unchanged, dimmed').to.satisfy((rgb: Rgb) => near(rgb, DIMMED, 25));
    expect(shot.at(30), 'background').to.satisfy((rgb: Rgb) => near(rgb, [0, 0, 0], 10));

    // Shrinks: x 14..24 removed, nothing added.
    host.scene.setLayer('a', bar(8, 14));
    shot = await pixels(host);
    expect(shot.at(20), 'removed now').to.satisfy(red);
    expect(shot.at(6), 'no longer a change: background').to.satisfy((rgb: Rgb) => near(rgb, [0, 0, 0], 10));
    expect(shot.at(11), 'unchanged, dimmed').to.satisfy((rgb: Rgb) => near(rgb, DIMMED, 25));
    expect(shot.count(green), 'nothing added').to.equal(0);

    // A hidden layer takes its change view with it, and brings it back.
    host.scene.setLayerStyle('a', { visible: false });
    shot = await pixels(host);
    expect(shot.count(red), 'hidden with its layer').to.equal(0);
    host.scene.setLayerStyle('a', { visible: true });
    shot = await pixels(host);
    expect(shot.at(20), 'shown again').to.satisfy(red);

    // Off: the layer in its own colour again, no change colours.
    host.changeView = false;
    await host.updateComplete;
    shot = await pixels(host);
    expect(shot.at(11)).to.satisfy((rgb: Rgb) => near(rgb, LABEL, 25));
    expect(shot.count(red) + shot.count(green)).to.equal(0);
  });

  it('shows the added and removed surfaces in 3D', async () => {
    const host = await mounted();
    host.view = '3d';
    host.changeView = true;
    await host.updateComplete;
    host.scene.setLayer('a', bar(4, 16));
    host.scene.setLayer('a', bar(8, 24));
    const shot = await pixels(host);
    expect(shot.count(green), 'the added surface').to.be.greaterThan(100);
    expect(shot.count(red), 'the removed surface').to.be.greaterThan(100);
  });
});

describe('compare colours', () => {
  const magenta = ([r, g, b]: Rgb) => r > 180 && g < 120 && b > 150;
  const cyan = ([r, g, b]: Rgb) => r < 90 && g > 150 && b > 180;
  const yellow = ([r, g, b]: Rgb) => r > 200 && g > 190 && b < 80;

  it('draws voxels of A only, B only and both in three colours, across grids', async () => {
    const host = await mounted();
    const figures: JobCompareDetail[] = [];
    host.addEventListener('job-compare', (event) => figures.push((event as CustomEvent<JobCompareDetail>).detail));
    host.scene.setLayer('a', bar(2, 20));
    // B on a grid of twice the spacing: coarse voxels x 6..15 cover fine x 12..30 (same world box).
    const coarse: Shape3 = [2, 6, 18];
    const b = boxVolume(coarse, [{ min: [6, 0, 0], max: [15, 6, 2], index: 1 }], [0, 1]);
    host.scene.setLayer('b', { ...b, spacing: [2, 2, 2], origin: [0.5, 0.5, 0.5] });
    host.compare = ['a', 'b'];
    await until(() => figures.at(-1), 'the comparison');
    const shot = await pixels(host);
    expect(shot.at(6), 'A only').to.satisfy(magenta);
    expect(shot.at(16), 'both').to.satisfy(yellow);
    expect(shot.at(25), 'B only').to.satisfy(cyan);
    expect(shot.at(33), 'neither').to.satisfy((rgb: Rgb) => near(rgb, [0, 0, 0], 10));
    // Fine x 2..12 A only, 12..20 both, 20..30 B only: 12 × 4 voxels per column.
    expect(figures.at(-1)).to.include({ aOnly: 10 * 48, both: 8 * 48, bOnly: 10 * 48 });

    host.view = '3d';
    await host.updateComplete;
    const solid = await pixels(host);
    for (const [name, match] of [['A only', magenta], ['B only', cyan], ['both', yellow]] as const) {
      expect(solid.count(match), `${name} in 3D`).to.be.greaterThan(100);
    }

    host.view = 'slice';
    host.compare = null;
    await host.updateComplete;
    const after = await pixels(host);
    expect(after.count(magenta) + after.count(cyan) + after.count(yellow), 'no comparison').to.equal(0);
    expect(after.at(6), 'the layers again').to.satisfy((rgb: Rgb) => near(rgb, LABEL, 25));
  });
});
