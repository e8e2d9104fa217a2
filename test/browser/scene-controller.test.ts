// SceneController's lifecycle in real Chromium (software WebGL2): a small Lit host with a container,
// real LabelScenes, pixels read back from snapshots. What a host set must outlive a move in the DOM;
// a disconnected host must never hold a WebGL context.
import { expect } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { buildSurfaceBricks } from '../../src/labels/surface-bricks.ts';
import type { LabelVolume, Shape3, Vec3 } from '../../src/labels/label-volume.ts';
import { SceneController } from '../../src/scene-controller.ts';
import type { SceneView } from '../../src/scene/label-scene.ts';

const SHAPE: Shape3 = [8, 16, 24];
const UNIT: Vec3 = [1, 1, 1];

class SceneHost extends LitElement {
  static override properties = { view: {}, background: {} };
  declare view: SceneView;
  declare background: string;
  readonly scene = new SceneController(
    this,
    () => ({ view: this.view, sliceAxis: 'z', slice: undefined, sliceStyle: 'filled', background: this.background, frameBudgetMs: 4 }),
    () => this.renderRoot.querySelector('div'),
  );

  constructor() {
    super();
    this.view = 'slice';
    this.background = '#000000';
  }

  protected override render() {
    return html`<div style="width: 200px; height: 120px"></div>`;
  }

  canvases(): number {
    return this.renderRoot.querySelectorAll('canvas').length;
  }
}
customElements.define('scene-controller-host', SceneHost);

/** Label 1 fills the middle of the volume. */
function blockVolume(): LabelVolume {
  const [nz, ny, nx] = SHAPE;
  const labels = new Uint8Array(nx * ny * nz);
  for (let z = 0; z < nz; z++) for (let y = 4; y < 12; y++) for (let x = 6; x < 18; x++) labels[(z * ny + y) * nx + x] = 1;
  const ones = labels.reduce((sum, v) => sum + v, 0);
  return {
    shape: SHAPE,
    spacing: UNIT,
    origin: [0, 0, 0],
    labels,
    labelIds: Float64Array.from([0, 1]),
    labelCounts: Float64Array.from([labels.length - ones, ones]),
    downsampleFactor: 1,
    sourceShape: SHAPE,
    changed: null,
    surface: buildSurfaceBricks(labels, SHAPE, UNIT, [0, 0, 0], null, null, { maxFaces: 1e9, brickSize: 32 }).surface,
  };
}

/** Pixels of the scene's snapshot whose red channel clearly dominates. */
async function redPixels(host: SceneHost): Promise<number> {
  const bitmap = await createImageBitmap(await host.scene.snapshot());
  const context = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  let count = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! > 200 && data[i + 1]! < 60 && data[i + 2]! < 60) count += 1;
  return count;
}

async function mounted(): Promise<SceneHost> {
  const host = new SceneHost();
  document.body.append(host);
  await host.updateComplete;
  return host;
}

afterEach(() => {
  document.querySelectorAll('scene-controller-host').forEach((host) => host.remove());
});

describe('SceneController', () => {
  it('holds no WebGL context while disconnected, even when the host updates', async () => {
    const host = await mounted();
    expect(host.canvases()).to.equal(1);
    host.remove();
    expect(host.canvases(), 'the scene went with the element').to.equal(0);
    host.background = '#ff0000';
    await host.updateComplete;
    expect(host.canvases(), 'an update while disconnected').to.equal(0);
    document.body.append(host);
    await host.updateComplete;
    expect(host.canvases(), 'a new scene on reconnect').to.equal(1);
  });

  it('gives a remounted scene the layer styles set before, even one set before the first preview', async () => {
    const host = new SceneHost();
    host.scene.setLayerStyle('a', { colors: new Map([[1, [1, 0, 0, 1]]]), opacity: 1 });
    document.body.append(host);
    await host.updateComplete;
    host.scene.setLayer('a', blockVolume());
    expect(await redPixels(host), 'red label before the move').to.be.greaterThan(500);
    document.body.prepend(host);
    await host.updateComplete;
    host.scene.setLayer('a', blockVolume()); // the first preview the restarted stream brings
    expect(await redPixels(host), 'red label after the move').to.be.greaterThan(500);
    host.scene.setLayerStyle('a', { visible: false });
    document.body.append(host);
    await host.updateComplete;
    host.scene.setLayer('a', blockVolume());
    expect(await redPixels(host), 'a hidden layer stays hidden').to.equal(0);
  });

  it('forgets a removed layer’s style, in the next scene too', async () => {
    const host = await mounted();
    host.scene.setLayerStyle('a', { colors: new Map([[1, [1, 0, 0, 1]]]), opacity: 1 });
    host.scene.removeLayer('a');
    document.body.prepend(host);
    await host.updateComplete;
    host.scene.setLayer('a', blockVolume());
    expect(await redPixels(host)).to.equal(0);
  });

  it('gives a remounted scene the cameras as the user left them, however often it was told to end', async () => {
    const host = await mounted();
    host.scene.setLayerStyle('a', { colors: new Map([[1, [1, 0, 0, 1]]]), opacity: 1 });
    host.scene.setLayer('a', blockVolume());
    const fitted = await redPixels(host);
    const container = host.renderRoot.querySelector('div')!;
    const rect = container.getBoundingClientRect();
    const at = { clientX: rect.left + rect.width / 2, clientY: rect.top + rect.height / 2, bubbles: true, cancelable: true };
    container.dispatchEvent(new PointerEvent('pointerenter', at));
    for (let i = 0; i < 3; i++) container.dispatchEvent(new WheelEvent('wheel', { ...at, deltaY: -120 }));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const zoomed = await redPixels(host);
    expect(zoomed, `zoomed out: ${fitted} → ${zoomed} red pixels`).to.be.within(1, fitted * 0.8);
    host.remove();
    host.scene.hostDisconnected();
    expect(() => host.scene.snapshot(), 'no scene while disconnected').to.throw(/before the element is connected/);
    document.body.append(host);
    await host.updateComplete;
    host.scene.setLayer('a', blockVolume());
    const remounted = await redPixels(host);
    expect(Math.abs(remounted - zoomed), `after the move: ${remounted} red pixels, zoomed ${zoomed}`).to.be.lessThan(zoomed * 0.05);
  });
});
