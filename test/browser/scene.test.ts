// LabelScene in real Chromium (software WebGL2): what is drawn where, in place updates, render
// coalescing and teardown. Pixel checks render synchronously and read the canvas back in the same task.
import { expect } from '@open-wc/testing';
import { labelSurface } from '../../src/labels/label-surface.ts';
import type { LabelVolume, Shape3, Vec3, VoxelBox } from '../../src/labels/label-volume.ts';
import { LabelScene } from '../../src/scene/label-scene.ts';

type Rgba = [number, number, number, number];

const RED: Rgba = [1, 0, 0, 1];
const GREEN: Rgba = [0, 1, 0, 1];
const BLUE: Rgba = [0, 0, 1, 1];
const BLACK = [0, 0, 0, 255];

/** A labelled block, in voxels: min inclusive, max exclusive, [x, y, z]. */
interface Block {
  min: Vec3;
  max: Vec3;
  /** Dense index written into the block. */
  index: number;
}

/** A hand-built preview: `ids[i]` is the original id of dense index i. */
function labelVolume(shape: Shape3, spacing: Vec3, blocks: Block[], ids: number[], changed: VoxelBox | null = null): LabelVolume {
  const [nz, ny, nx] = shape;
  const labels = new Uint8Array(nx * ny * nz);
  for (const { min, max, index } of blocks) {
    for (let z = min[2]; z < max[2]; z++)
      for (let y = min[1]; y < max[1]; y++) for (let x = min[0]; x < max[0]; x++) labels[(z * ny + y) * nx + x] = index;
  }
  const labelCounts = new Float64Array(ids.length);
  for (const v of labels) labelCounts[v]! += 1;
  return {
    shape,
    spacing,
    labels,
    labelIds: Float64Array.from(ids),
    labelCounts,
    downsampleFactor: 1,
    sourceShape: shape,
    changed,
    surface: labelSurface(labels, shape, spacing),
  };
}

const SHAPE: Shape3 = [8, 16, 24]; // z, y, x: x spans the widest
const UNIT: Vec3 = [1, 1, 1];
const WIDTH = 240;
const HEIGHT = 160;

/**
 * Where world (x, y) lands on a WIDTH×HEIGHT canvas for a scene fitted to SHAPE at unit spacing.
 * Slice view: parallel, scale 1.05 × max(half height, half width / aspect). 3D: perspective from -z with
 * a 30° view angle, evaluated at the depth of world plane `z`. Both: x right, y down.
 */
function toPixel(view: '3d' | 'slice', x: number, y: number, z = 0.5): [number, number] {
  const [cx, cy, cz] = [11.5, 7.5, 3.5];
  let halfHeightWorld: number;
  if (view === 'slice') {
    halfHeightWorld = 1.05 * Math.max(8, 12 / (WIDTH / HEIGHT));
  } else {
    const radius = Math.hypot(24, 16, 8) / 2;
    const distance = radius / Math.sin(Math.PI / 12);
    halfHeightWorld = Math.tan(Math.PI / 12) * (distance - (cz - z));
  }
  const perUnit = HEIGHT / 2 / halfHeightWorld;
  return [WIDTH / 2 + (x - cx) * perUnit, HEIGHT / 2 + (y - cy) * perUnit];
}

interface Mounted {
  scene: LabelScene;
  container: HTMLElement;
  remove(): void;
}

/** A scene in a container inside a shadow root, like the element mounts it. */
function mount(width = WIDTH, height = HEIGHT, background = 'black'): Mounted {
  const host = document.createElement('div');
  document.body.append(host);
  const container = document.createElement('div');
  container.style.cssText = `position: relative; width: ${width}px; height: ${height}px;`;
  host.attachShadow({ mode: 'open' }).append(container);
  const scene = new LabelScene(container, { background });
  return {
    scene,
    container,
    remove() {
      scene.dispose();
      host.remove();
    },
  };
}

interface Pixels {
  at(x: number, y: number): number[];
}

/** Renders now and reads the canvas (top-left origin). */
function readPixels({ scene, container }: Mounted): Pixels {
  scene.renderNow();
  const canvas = container.querySelector('canvas');
  const gl = canvas?.getContext('webgl2');
  if (!canvas || !gl) throw new Error('no WebGL canvas');
  const { width, height } = canvas;
  const data = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, data);
  return {
    at(x, y) {
      const i = ((height - 1 - Math.round(y)) * width + Math.round(x)) * 4;
      return [...data.subarray(i, i + 4)];
    },
  };
}

function rgba255([r, g, b, a]: Rgba): number[] {
  return [r, g, b, a].map((c) => Math.round(c * 255));
}

/** Asserts a pixel is within `tolerance` of `expected` per channel. */
function expectColor(actual: number[], expected: number[], tolerance = 6, what = ''): void {
  const close = actual.every((c, i) => Math.abs(c - (expected[i] ?? 0)) <= tolerance);
  expect(close, `${what} pixel ${actual.join(',')} should be ≈ ${expected.join(',')}`).to.equal(true);
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

// Label 7 (dense 1) at x 2..8, y 2..6, z 1..5; label 9 (dense 2) near the far x end.
const BLOCK: Block = { min: [2, 2, 1], max: [8, 6, 5], index: 1 };
const FAR_X: Block = { min: [17, 9, 1], max: [22, 13, 5], index: 2 };
const colors = new Map<number, Rgba>([
  [7, RED],
  [9, BLUE],
]);

describe('LabelScene', () => {
  let mounted: Mounted[] = [];
  const open = (...args: Parameters<typeof mount>) => {
    const m = mount(...args);
    mounted.push(m);
    return m;
  };
  afterEach(() => {
    for (const m of mounted) m.remove();
    mounted = [];
  });

  it('draws a layer in 3D where its labelled block is, and background elsewhere', () => {
    const m = open();
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [BLOCK, FAR_X], [0, 7, 9]));
    m.scene.setLayerStyle('a', { colors });
    const px = readPixels(m);
    expectColor(px.at(...toPixel('3d', 5, 4, 0.5)), rgba255(RED), 6, 'block front face');
    expectColor(px.at(...toPixel('3d', 19.5, 11, 0.5)), rgba255(BLUE), 6, 'far-x block');
    expectColor(px.at(...toPixel('3d', 12, 4, 0.5)), BLACK, 0, 'between blocks');
    expectColor(px.at(5, HEIGHT - 5), BLACK, 0, 'corner');
  });

  it('shows in the slice view the labels of the chosen z only, with x along the widest axis', () => {
    const m = open();
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [BLOCK, FAR_X], [0, 7, 9]));
    m.scene.setLayerStyle('a', { colors });
    m.scene.setView('slice');
    m.scene.setSlice(3);
    let px = readPixels(m);
    expectColor(px.at(...toPixel('slice', 5, 4)), rgba255(RED), 2, 'block at z=3');
    expectColor(px.at(...toPixel('slice', 19.5, 11)), rgba255(BLUE), 2, 'far-x block at z=3');
    expectColor(px.at(...toPixel('slice', 12, 4)), BLACK, 0, 'between blocks');

    m.scene.setSlice(6); // z = 6 has no label
    px = readPixels(m);
    expectColor(px.at(...toPixel('slice', 5, 4)), BLACK, 0, 'block at z=6');
    expectColor(px.at(...toPixel('slice', 19.5, 11)), BLACK, 0, 'far block at z=6');

    m.scene.setSlice(3);
    m.scene.setSliceStyle('outline');
    px = readPixels(m);
    expectColor(px.at(...toPixel('slice', 5, 4)), BLACK, 0, 'outlined block interior');
    const [, rowY] = toPixel('slice', 5, 4);
    const [edgeX] = toPixel('slice', 1.5, 4); // left face of the block
    const border = [-1, 0, 1, 2].map((dx) => px.at(edgeX + dx, rowY));
    expect(border.some((p) => p[0]! > 200 && p[1]! < 40), `outline near x=${edgeX}: ${border.join(' | ')}`).to.equal(true);
  });

  it('hides a layer and blends it by its opacity', () => {
    const m = open();
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [BLOCK], [0, 7]));
    m.scene.setLayerStyle('a', { colors });
    for (const view of ['3d', 'slice'] as const) {
      m.scene.setView(view);
      m.scene.setSlice(3);
      const where = toPixel(view, 5, 4, 0.5);
      m.scene.setLayerStyle('a', { visible: false });
      expectColor(readPixels(m).at(...where), BLACK, 0, `${view} hidden`);
      m.scene.setLayerStyle('a', { visible: true, opacity: 0.5 });
      const half = readPixels(m).at(...where);
      expect(half[0], `${view} red at opacity 0.5: ${half}`).to.be.within(100, 155);
      expect(half[1]).to.be.below(10);
      m.scene.setLayerStyle('a', { opacity: 1 });
      expectColor(readPixels(m).at(...where), rgba255(RED), 6, `${view} opaque again`);
    }
  });

  it('shows two overlapping jobs in both views, the later one on top in the slice', () => {
    const m = open();
    const a = labelVolume(SHAPE, UNIT, [{ min: [2, 2, 1], max: [10, 8, 5], index: 1 }], [0, 7]);
    const b = labelVolume(SHAPE, UNIT, [{ min: [6, 4, 3], max: [14, 12, 7], index: 1 }], [0, 7]);
    m.scene.setLayer('a', a);
    m.scene.setLayer('b', b);
    m.scene.setLayerStyle('a', { colors: new Map([[7, RED]]) });
    m.scene.setLayerStyle('b', { colors: new Map([[7, GREEN]]) });

    let px = readPixels(m); // 3D: a's front face (z = 0.5) is nearer than b's (z = 2.5)
    expectColor(px.at(...toPixel('3d', 3, 3, 0.5)), rgba255(RED), 6, '3D a only');
    expectColor(px.at(...toPixel('3d', 12, 10, 2.5)), rgba255(GREEN), 6, '3D b only');
    expectColor(px.at(...toPixel('3d', 8, 6, 0.5)), rgba255(RED), 6, '3D overlap, a in front');

    m.scene.setView('slice');
    m.scene.setSlice(4);
    px = readPixels(m);
    expectColor(px.at(...toPixel('slice', 3, 3)), rgba255(RED), 2, 'slice a only');
    expectColor(px.at(...toPixel('slice', 12, 10)), rgba255(GREEN), 2, 'slice b only');
    expectColor(px.at(...toPixel('slice', 8, 6)), rgba255(GREEN), 2, 'slice overlap, b on top');
  });

  it('updates a layer in place: no new vtk props, no camera jump, unchanged previews skipped', () => {
    const m = open();
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [BLOCK], [0, 7]));
    m.scene.setLayerStyle('a', { colors });
    readPixels(m);
    const before = m.scene.stats();
    // The next preview is wider (48 voxels in x) and its block moved: a refit camera would zoom out.
    const wider: Shape3 = [8, 16, 48];
    m.scene.setLayer('a', labelVolume(wider, UNIT, [{ min: [14, 9, 1], max: [20, 13, 5], index: 1 }], [0, 7]));
    const px = readPixels(m);
    const after = m.scene.stats();
    expect(after.propsCreated).to.equal(before.propsCreated);
    expect(after.layers).to.equal(1);
    expect(after.uploads).to.equal(before.uploads + 1);
    expectColor(px.at(...toPixel('3d', 17, 11, 0.5)), rgba255(RED), 6, 'moved block, same camera');
    expectColor(px.at(...toPixel('3d', 5, 4, 0.5)), BLACK, 0, 'old block place');

    const nothingChanged: VoxelBox = { min: [0, 0, 0], max: [0, 0, 0] };
    m.scene.setLayer('a', labelVolume(wider, UNIT, [], [0, 7], nothingChanged));
    expect(m.scene.stats().uploads, 'an unchanged preview is not uploaded').to.equal(after.uploads);
    expectColor(readPixels(m).at(...toPixel('3d', 17, 11, 0.5)), rgba255(RED), 6, 'kept previous labels');
  });

  it('coalesces any number of mutations in one task into one render', async () => {
    const m = open();
    const volume = labelVolume(SHAPE, UNIT, [BLOCK], [0, 7]);
    m.scene.setLayer('a', volume);
    await nextFrame();
    await nextFrame();
    const start = m.scene.stats().renders;
    m.scene.setLayerStyle('a', { opacity: 0.8 });
    m.scene.setSlice(2);
    m.scene.setBackground('#102030');
    m.scene.setView('slice');
    m.scene.setSliceStyle('outline');
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [BLOCK, FAR_X], [0, 7, 9]));
    m.scene.setLayerStyle('a', { colors });
    m.scene.setSlice(3);
    m.scene.setView('3d');
    m.scene.requestRender();
    expect(m.scene.stats().renders, 'nothing drawn synchronously').to.equal(start);
    await nextFrame();
    await nextFrame();
    expect(m.scene.stats().renders).to.equal(start + 1);
    m.scene.setSlice(4);
    await nextFrame();
    expect(m.scene.stats().renders, 'a later mutation renders again').to.equal(start + 2);
  });

  it('survives 50 mount/dispose cycles without losing another scene’s WebGL context', async function () {
    this.timeout(45_000);
    const witness = open();
    const volume = labelVolume(SHAPE, UNIT, [BLOCK], [0, 7]);
    witness.scene.setLayer('a', volume);
    witness.scene.setLayerStyle('a', { colors });
    readPixels(witness);
    const witnessGl = witness.container.querySelector('canvas')?.getContext('webgl2');

    for (let i = 0; i < 50; i++) {
      const m = mount(48, 32);
      m.scene.setLayer('a', volume);
      m.scene.renderNow();
      m.remove();
      expect(m.container.querySelector('canvas'), 'canvas removed').to.equal(null);
      if (i % 10 === 9) await nextFrame(); // let the browser reap lost contexts
    }

    expect(witnessGl?.isContextLost(), 'the witness kept its context').to.equal(false);
    expectColor(readPixels(witness).at(...toPixel('3d', 5, 4, 0.5)), rgba255(RED), 6, 'witness still draws');
    const fresh = open();
    fresh.scene.setLayer('a', volume);
    fresh.scene.setLayerStyle('a', { colors });
    expectColor(readPixels(fresh).at(...toPixel('3d', 5, 4, 0.5)), rgba255(RED), 6, 'a new scene draws');
    // The snapshot path encodes the same picture.
    const bitmap = await createImageBitmap(await fresh.scene.snapshot());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d');
    context?.drawImage(bitmap, 0, 0);
    const [x, y] = toPixel('3d', 5, 4, 0.5).map(Math.round) as [number, number];
    expectColor([...(context?.getImageData(x, y, 1, 1).data ?? [])], rgba255(RED), 6, 'snapshot PNG');
  });

  it('lines up layers of different resolutions of the same original volume', () => {
    const m = open();
    // Original block x 4..12, y 4..8, z 2..6; the ×2 preview keeps every other voxel (nearest).
    const fine = labelVolume(SHAPE, UNIT, [{ min: [4, 4, 2], max: [12, 8, 6], index: 1 }], [0, 7]);
    const coarse = labelVolume([4, 8, 12], [2, 2, 2], [{ min: [2, 2, 1], max: [6, 4, 3], index: 1 }], [0, 7]);
    m.scene.setLayer('fine', fine);
    m.scene.setLayer('coarse', coarse);
    m.scene.setLayerStyle('fine', { colors: new Map([[7, RED]]) });
    m.scene.setLayerStyle('coarse', { colors: new Map([[7, GREEN]]) });
    m.scene.setView('slice');
    m.scene.setSlice(3);

    const [, rowY] = toPixel('slice', 8, 6);
    const firstLit = (channel: number) => {
      const px = readPixels(m);
      for (let x = 0; x < WIDTH; x++) if (px.at(x, rowY)[channel]! > 128) return x;
      return -1;
    };
    const perVoxel = toPixel('slice', 1, 0)[0] - toPixel('slice', 0, 0)[0];
    m.scene.setLayerStyle('coarse', { visible: false });
    const fineEdge = firstLit(0);
    m.scene.setLayerStyle('coarse', { visible: true });
    m.scene.setLayerStyle('fine', { visible: false });
    const coarseEdge = firstLit(1);
    expect(fineEdge, 'fine block edge').to.be.closeTo(toPixel('slice', 3.5, 0)[0], 2);
    // The coarse voxel centred at x = 4 spans 3..5: at most one fine voxel from the fine edge.
    expect(Math.abs(coarseEdge - fineEdge), `edges ${fineEdge} vs ${coarseEdge}`).to.be.at.most(perVoxel);
    m.scene.setLayerStyle('fine', { visible: true });
    const px = readPixels(m);
    expectColor(px.at(...toPixel('slice', 8, 6)), rgba255(GREEN), 2, 'both: coarse on top');
    expectColor(px.at(...toPixel('slice', 16, 6)), BLACK, 0, 'outside both');
  });

  it('draws the base volume under the labels in the slice view, and a transparent background', () => {
    const m = open(WIDTH, HEIGHT, 'transparent');
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [BLOCK], [0, 7]));
    m.scene.setLayerStyle('a', { colors });
    const [nz, ny, nx] = SHAPE;
    const ramp = new Uint8Array(nx * ny * nz);
    for (let i = 0; i < ramp.length; i++) ramp[i] = Math.round(((i % nx) / (nx - 1)) * 255);
    m.scene.setBaseVolume(ramp, SHAPE, UNIT);
    let px = readPixels(m); // 3D: no base plane, background stays transparent
    expect(px.at(...toPixel('3d', 20, 12, 0.5))[3], '3D background alpha').to.equal(0);
    expect(px.at(...toPixel('3d', 5, 4, 0.5))[3], '3D label alpha').to.equal(255);

    m.scene.setView('slice');
    m.scene.setSlice(3);
    px = readPixels(m);
    const left = px.at(...toPixel('slice', 1, 12));
    const right = px.at(...toPixel('slice', 22, 12));
    expect(left[3]).to.equal(255);
    expect(right[0]!, `ramp ${left} → ${right}`).to.be.above(left[0]! + 150);
    expect(right[0]).to.equal(right[1]);
    expectColor(px.at(...toPixel('slice', 5, 4)), rgba255(RED), 2, 'label over base');
    m.scene.setBaseVolume(null);
    expect(readPixels(m).at(...toPixel('slice', 22, 12))[3], 'base removed').to.equal(0);
  });
});
