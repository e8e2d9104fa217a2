// The two surface modes drawn (real Chromium, software WebGL2): a sphere's smooth surface covers what its
// voxel faces cover, without cracks between bricks, and is shaded smooth rather than face by face; the
// element's `surface` rebuilds a layer that gets no more previews.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.ts';
import type { LabelVolume, Shape3, Vec3 } from '../../src/labels/label-volume.ts';
import { buildSurfaceBricks } from '../../src/labels/surface-bricks.ts';
import type { SurfaceMode } from '../../src/labels/surface-mode.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';
import { pixelsOf } from './pixels.ts';
import { mountScene, readPixels, type MountedScene } from './scene-fixtures.ts';

const N = 40;
const SHAPE: Shape3 = [N, N, N];
const RADIUS = 14.3;
const WIDTH = 480;
const HEIGHT = 400;

/** A sphere of label 1 in the middle of the grid, its surface built in `mode` in 16³ bricks (27 of them, cut through the sphere). */
function sphereVolume(mode: SurfaceMode): LabelVolume {
  const labels = new Uint8Array(N * N * N);
  const c = (N - 1) / 2 + 0.3;
  for (let z = 0; z < N; z++) for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
    if (Math.hypot(x - c, y - c, z - c) <= RADIUS) labels[(z * N + y) * N + x] = 1;
  }
  const spacing: Vec3 = [1, 1, 1];
  const origin: Vec3 = [0, 0, 0];
  const surface = buildSurfaceBricks(labels, SHAPE, spacing, origin, null, null, { maxFaces: 1e9, brickSize: 16, surface: mode }).surface;
  const count = labels.reduce((n, v) => n + v, 0);
  return { shape: SHAPE, spacing, origin, labels, labelIds: Float64Array.from([0, 1]), labelCounts: Float64Array.from([N ** 3 - count, count]), downsampleFactor: 1, sourceShape: SHAPE, changed: null, surface };
}

/** The 3D view of the sphere in `mode`: which pixels are lit, and the shades seen. */
function draw(mode: SurfaceMode, mounted: MountedScene[]): { lit: boolean[]; shades: Set<string>; bright: number[] } {
  const m = mountScene(WIDTH, HEIGHT);
  mounted.push(m);
  m.scene.setLayer('a', sphereVolume(mode));
  m.scene.setLayerStyle('a', { colors: new Map([[1, [0.2, 0.8, 1, 1]]]) });
  const px = readPixels(m);
  const lit: boolean[] = [];
  const bright: number[] = [];
  const shades = new Set<string>();
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const [r, g, b] = px(x, y) as [number, number, number];
      const on = r + g + b > 30;
      lit.push(on);
      bright.push(r + g + b);
      if (on) shades.add(`${r},${g},${b}`);
    }
  }
  return { lit, shades, bright };
}

/** Lit pixels with every pixel within `radius` (a square) lit too: the silhouette's inside, away from its rim. */
function interior(lit: boolean[], radius: number): number[] {
  const out: number[] = [];
  for (let y = radius; y < HEIGHT - radius; y++) {
    for (let x = radius; x < WIDTH - radius; x++) {
      let all = true;
      for (let dy = -radius; dy <= radius && all; dy++) for (let dx = -radius; dx <= radius && all; dx++) all = lit[(y + dy) * WIDTH + x + dx]!;
      if (all) out.push(y * WIDTH + x);
    }
  }
  return out;
}

describe('surface modes', () => {
  let mounted: MountedScene[] = [];
  afterEach(() => {
    for (const m of mounted) m.remove();
    mounted = [];
  });

  it('covers a sphere with the same silhouette in smooth and voxel mode, with no crack between bricks', () => {
    const voxel = draw('voxel', mounted);
    const smooth = draw('smooth', mounted);
    const area = (lit: boolean[]) => lit.filter(Boolean).length;
    const both = voxel.lit.filter((on, i) => on && smooth.lit[i]).length;
    const either = voxel.lit.filter((on, i) => on || smooth.lit[i]).length;
    expect(area(voxel.lit), 'the sphere is drawn, well inside the view').to.be.within(0.1 * WIDTH * HEIGHT, 0.6 * WIDTH * HEIGHT);
    expect(both / either, `silhouettes overlap (voxel ${area(voxel.lit)} px, smooth ${area(smooth.lit)} px)`).to.be.greaterThan(0.95);
    // A crack between bricks would let the black background through inside the silhouette.
    const holes = interior(voxel.lit, 3).filter((i) => !smooth.lit[i]);
    expect(holes.length, 'smooth pixels missing inside the voxel silhouette').to.equal(0);
  });

  it('shades the smooth surface by its normals: many shades that change gradually, where flat voxel faces show a few', () => {
    const voxel = draw('voxel', mounted);
    const smooth = draw('smooth', mounted);
    expect(voxel.shades.size, 'voxel faces: one shade per face direction (and their antialiased edges)').to.be.lessThan(40);
    expect(smooth.shades.size, 'smooth: shades vary across the sphere').to.be.greaterThan(3 * voxel.shades.size);
    // Brightness step between horizontal neighbours inside the silhouette (r + g + b): shaded per vertex
    // normal it is ≈ 5; the same triangles shaded flat (no normals) step at every triangle edge, ≈ 11.
    const inside = interior(smooth.lit, 2);
    const meanStep = inside.reduce((sum, i) => sum + Math.abs(smooth.bright[i]! - smooth.bright[i + 1]!), 0) / inside.length;
    expect(meanStep, 'mean brightness step between neighbouring pixels').to.be.lessThan(8);
  });
});

describe('<preview-overlay> surface', () => {
  afterEach(() => mockControl('reset'));

  /** Distinct colours of the element's drawn (non-black) pixels. */
  async function shades(element: PreviewOverlay): Promise<number> {
    const pixels = await pixelsOf(element);
    const seen = new Set<number>();
    for (let i = 0; i < pixels.data.length; i += 4) {
      const [r, g, b] = [pixels.data[i]!, pixels.data[i + 1]!, pixels.data[i + 2]!];
      if (r + g + b > 30) seen.add((r << 16) | (g << 8) | b);
    }
    return seen.size;
  }

  it('rebuilds a finished job\'s layer in the new mode, from the preview it shows', async function () {
    this.timeout(120_000);
    const { ws } = await mockStream();
    const jobId = await createJob({ shape: '24,32,32', hz: 10, previews: 3, labels: 2, seed: 3 });
    const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 300px; width: 500px" background="#000000" opacity="1" panel-collapsed></preview-overlay>`);
    const drawn: unknown[] = [];
    element.addEventListener('job-drawn', (event) => drawn.push(event.detail));
    element.server = ws;
    element.jobs = [jobId];
    await until(() => element.layer(jobId)?.state === 'completed' && drawn.length > 0, 'the job to complete, drawn');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const voxel = await shades(element);
    const before = drawn.length;
    element.surface = 'smooth';
    await until(() => drawn.length > before, 'the layer drawn again');
    const smooth = await shades(element);
    expect(element.layer(jobId)?.previews, 'no preview came meanwhile').to.equal(3);
    expect(smooth, `smooth shades (${smooth}) against voxel faces' (${voxel})`).to.be.greaterThan(2 * voxel);
    const back = drawn.length;
    element.surface = 'voxel';
    await until(() => drawn.length > back, 'drawn again in voxel mode');
    const again = await shades(element);
    expect(again, `voxel shades again (${again})`).to.be.lessThan(smooth / 2);
  });
});
