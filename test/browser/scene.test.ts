// LabelScene in real Chromium (software WebGL2): what is drawn where, in place updates, render
// coalescing and teardown. Pixel checks render synchronously and read the canvas back in the same task.
import { expect } from '@open-wc/testing';
import { labelColorTable } from '../../src/labels/colormap.ts';
import { buildSurfaceBricks } from '../../src/labels/surface-bricks.ts';
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

interface VolumeOptions {
  changed?: VoxelBox | null;
  /** World centre of voxel (0, 0, 0); default [0, 0, 0]. */
  origin?: Vec3;
  /** Store labels as uint16 (the decoder does so past 255 labels). */
  wide?: boolean;
}

/** A hand-built preview: `ids[i]` is the original id of dense index i. */
function labelVolume(shape: Shape3, spacing: Vec3, blocks: Block[], ids: number[], options: VolumeOptions = {}): LabelVolume {
  const { changed = null, origin = [0, 0, 0], wide = false } = options;
  const [nz, ny, nx] = shape;
  const labels = wide ? new Uint16Array(nx * ny * nz) : new Uint8Array(nx * ny * nz);
  for (const { min, max, index } of blocks) {
    for (let z = min[2]; z < max[2]; z++)
      for (let y = min[1]; y < max[1]; y++) for (let x = min[0]; x < max[0]; x++) labels[(z * ny + y) * nx + x] = index;
  }
  const labelCounts = new Float64Array(ids.length);
  for (const v of labels) labelCounts[v]! += 1;
  return {
    shape,
    spacing,
    origin,
    labels,
    labelIds: Float64Array.from(ids),
    labelCounts,
    downsampleFactor: 1,
    sourceShape: shape,
    changed,
    surface: buildSurfaceBricks(labels, shape, spacing, origin, null, null, { maxFaces: 1e9, brickSize: 32 }).surface,
  };
}

const SHAPE: Shape3 = [8, 16, 24]; // z, y, x: x spans the widest
const UNIT: Vec3 = [1, 1, 1];
const WIDTH = 240;
const HEIGHT = 160;

/**
 * Where world (x, y) lands on a WIDTH×HEIGHT canvas for a scene fitted to a volume of `shape` at unit
 * spacing. Slice view: parallel, scale 1.05 × max(half height, half width / aspect). 3D: perspective from
 * -z with a 30° view angle, evaluated at the depth of world plane `z`. Both: x right, y down.
 */
function toPixel(view: '3d' | 'slice', x: number, y: number, z = 0.5, shape: Shape3 = SHAPE): [number, number] {
  const [nz, ny, nx] = shape;
  const [cx, cy, cz] = [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2];
  let halfHeightWorld: number;
  if (view === 'slice') {
    halfHeightWorld = 1.05 * Math.max(ny / 2, nx / 2 / (WIDTH / HEIGHT));
  } else {
    const radius = Math.hypot(nx, ny, nz) / 2;
    const distance = radius / Math.sin(Math.PI / 12);
    halfHeightWorld = Math.tan(Math.PI / 12) * (distance - (cz - z));
  }
  const perUnit = HEIGHT / 2 / halfHeightWorld;
  return [WIDTH / 2 + (x - cx) * perUnit, HEIGHT / 2 + (y - cy) * perUnit];
}

/** Waits (frame by frame) until the scene's frame queue has applied everything and drawn. */
async function drained(scene: LabelScene): Promise<void> {
  for (let i = 0; i < 600; i++) {
    await nextFrame();
    if (scene.frameStats().queued === 0) {
      await nextFrame();
      return;
    }
  }
  throw new Error('the frame queue did not drain in 600 frames');
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

/** A left-button drag from the canvas centre by (dx, dy) CSS pixels, as vtk's interactor sees it. */
function dragFromCentre({ container }: Mounted, dx: number, dy: number): void {
  const rect = container.getBoundingClientRect();
  const at = (x: number, y: number, buttons: number) =>
    new PointerEvent(buttons ? 'pointermove' : 'pointerup', {
      clientX: rect.left + rect.width / 2 + x,
      clientY: rect.top + rect.height / 2 + y,
      bubbles: true,
      pointerId: 1,
      pointerType: 'mouse',
      isPrimary: true,
      button: 0,
      buttons,
    });
  container.dispatchEvent(new PointerEvent('pointerenter', { bubbles: true }));
  const down = at(0, 0, 1);
  container.dispatchEvent(new PointerEvent('pointerdown', down));
  for (let i = 1; i <= 5; i++) container.dispatchEvent(at((dx * i) / 5, (dy * i) / 5, 1));
  container.dispatchEvent(at(dx, dy, 0));
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
    m.scene.setLayer('a', labelVolume(wider, UNIT, [], [0, 7], { changed: nothingChanged }));
    expect(m.scene.stats().uploads, 'an unchanged preview is not uploaded').to.equal(after.uploads);
    expectColor(readPixels(m).at(...toPixel('3d', 17, 11, 0.5)), rgba255(RED), 6, 'kept previous labels');
  });

  it('draws at most once per frame, never synchronously, whatever number of mutations a task makes', async () => {
    const m = open();
    const volume = labelVolume(SHAPE, UNIT, [BLOCK], [0, 7]);
    m.scene.setLayer('a', volume);
    await drained(m.scene);
    const start = m.scene.stats().renders;
    const framesBefore = m.scene.frameStats().frames.length;
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
    await drained(m.scene);
    const frames = m.scene.frameStats().frames.slice(framesBefore);
    const renders = m.scene.stats().renders - start;
    expect(renders, 'one draw per frame that did work').to.equal(frames.length);
    expect(renders).to.be.within(1, frames.reduce((n, frame) => n + frame.items, 0));
    m.scene.setSlice(4);
    await drained(m.scene);
    expect(m.scene.stats().renders, 'a later mutation renders again').to.be.above(start + renders);
  });

  it('survives 20 mount/dispose cycles without losing another scene’s WebGL context', async function () {
    this.timeout(45_000);
    const witness = open();
    const volume = labelVolume(SHAPE, UNIT, [BLOCK], [0, 7]);
    witness.scene.setLayer('a', volume);
    witness.scene.setLayerStyle('a', { colors });
    readPixels(witness);
    const witnessGl = witness.container.querySelector('canvas')?.getContext('webgl2');

    // 20: more than the 16 live contexts Chromium allows a page; it drops the oldest (the witness) first.
    for (let i = 0; i < 20; i++) {
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

  it('lines up layers of different resolutions of the same original volume', async () => {
    const m = open();
    // Original block x 4..12, y 4..8, z 2..6. The ×2 preview's voxel i covers original voxels 2i, 2i+1:
    // spacing 2, voxel (0,0,0) centred at 0.5 (the decoder's `origin`).
    const fine = labelVolume(SHAPE, UNIT, [{ min: [4, 4, 2], max: [12, 8, 6], index: 1 }], [0, 7]);
    const coarse = labelVolume([4, 8, 12], [2, 2, 2], [{ min: [2, 2, 1], max: [6, 4, 3], index: 1 }], [0, 7], {
      origin: [0.5, 0.5, 0.5],
    });
    m.scene.setLayer('fine', fine);
    m.scene.setLayer('coarse', coarse);
    m.scene.setLayerStyle('fine', { colors: new Map([[7, RED]]) });
    m.scene.setLayerStyle('coarse', { colors: new Map([[7, GREEN]]) });

    // Both views: the block's left edge (x = 3.5) and top edge (y = 3.5) are the same for both layers.
    const [, rowY] = toPixel('slice', 8, 6);
    const [columnX] = toPixel('slice', 8, 6);
    const edges = (view: '3d' | 'slice', only: 'fine' | 'coarse') => {
      m.scene.setLayerStyle('fine', { visible: only === 'fine' });
      m.scene.setLayerStyle('coarse', { visible: only === 'coarse' });
      const px = readPixels(m);
      const lit = (p: number[]) => p[0]! > 128 || p[1]! > 128;
      const [x0, y0] = view === 'slice' ? [columnX, rowY] : toPixel('3d', 8, 6, 1.5);
      let left = -1;
      let top = -1;
      for (let x = 0; x < WIDTH && left < 0; x++) if (lit(px.at(x, y0))) left = x;
      for (let y = 0; y < HEIGHT && top < 0; y++) if (lit(px.at(x0, y))) top = y;
      return [left, top];
    };
    for (const view of ['slice', '3d'] as const) {
      m.scene.setView(view);
      m.scene.setSlice(3);
      const fineEdges = edges(view, 'fine');
      const coarseEdges = edges(view, 'coarse');
      const expected = view === 'slice' ? toPixel('slice', 3.5, 3.5) : toPixel('3d', 3.5, 3.5, 1.5);
      expect(fineEdges[0], `${view} fine left edge`).to.be.closeTo(expected[0], 1.5);
      expect(fineEdges[1], `${view} fine top edge`).to.be.closeTo(expected[1], 1.5);
      expect(coarseEdges, `${view} coarse edges vs fine ${fineEdges}`).to.satisfy((e: number[]) =>
        e.every((v, i) => Math.abs(v - fineEdges[i]!) <= 1),
      );
    }
    // Where they coincide, the later layer wins in both views (no z-fighting between their faces).
    m.scene.setLayerStyle('fine', { visible: true });
    m.scene.setLayerStyle('coarse', { visible: true });
    expectColor(readPixels(m).at(...toPixel('3d', 8, 6, 1.5)), rgba255(GREEN), 6, '3D coincident faces');
    // Seen obliquely (after a left-drag rotation), coincident faces are where depth precision runs out.
    dragFromCentre(m, 40, 30);
    await nextFrame();
    const rotated = readPixels(m);
    let red = 0;
    let green = 0;
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const [r = 0, g = 0] = rotated.at(x, y);
        if (r > 40 && r > g) red++;
        else if (g > 40) green++;
      }
    }
    expect(green, 'rotated view shows the block').to.be.above(300);
    expect(red, `no z-fighting: ${red} red vs ${green} green pixels`).to.be.below(green / 50);
    m.scene.setView('slice');
    const px = readPixels(m);
    expectColor(px.at(...toPixel('slice', 8, 6)), rgba255(GREEN), 2, 'slice: coarse on top');
    expectColor(px.at(...toPixel('slice', 16, 6)), BLACK, 0, 'outside both');
  });

  it('re-grids a layer in place (a final preview on a finer grid): same world place, camera, slice position and colours', () => {
    const m = open();
    // Streaming: the block x 4..12, y 4..8, z 2..6 on a ×2 grid; final: the same block on the full grid.
    const coarse = labelVolume([4, 8, 12], [2, 2, 2], [{ min: [2, 2, 1], max: [6, 4, 3], index: 1 }], [0, 7], { origin: [0.5, 0.5, 0.5] });
    m.scene.setLayer('a', coarse);
    m.scene.setLayerStyle('a', { colors: new Map([[7, RED]]) });
    m.scene.setView('slice');
    m.scene.setSlice(3.5);
    const sliceBefore = m.scene.slice;
    const inside = toPixel('slice', 8, 6);
    expectColor(readPixels(m).at(...inside), rgba255(RED), 2, 'coarse block');
    const before = m.scene.stats();
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [{ min: [4, 4, 2], max: [12, 8, 6], index: 1 }], [0, 7]));
    expect(m.scene.stats().propsCreated, 'no new vtk props').to.equal(before.propsCreated);
    expect(m.scene.slice, 'the slice stays at its world z').to.equal(sliceBefore);
    const px = readPixels(m);
    expectColor(px.at(...inside), rgba255(RED), 2, 'the final grid, same place, same colour, same camera');
    expectColor(px.at(...toPixel('slice', 3, 6)), BLACK, 0, 'left of the block');
    expectColor(px.at(...toPixel('slice', 13, 6)), BLACK, 0, 'right of the block');
  });

  it('recolours by original id when a dense index is recycled for another label (same number of ids)', () => {
    const m = open();
    m.scene.setView('slice');
    m.scene.setSlice(3);
    const block: Block = { min: [4, 4, 2], max: [12, 8, 6], index: 1 };
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [block], [0, 7, 9]));
    m.scene.setLayerStyle('a', { colors: new Map([[7, RED], [8, BLUE], [9, GREEN]]) });
    expectColor(readPixels(m).at(...toPixel('slice', 8, 6)), rgba255(RED), 2, 'index 1 is id 7');
    // Index 1 now stands for id 8: the same count of ids and the same last id as before.
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [block], [0, 8, 9]));
    expectColor(readPixels(m).at(...toPixel('slice', 8, 6)), rgba255(BLUE), 2, 'index 1 is id 8 now');
  });

  it('keeps each of 400 labels (uint16) its own colour, with no blending between ids', () => {
    const m = open();
    const shape: Shape3 = [2, 20, 20];
    const blocks: Block[] = [];
    for (let y = 0; y < 20; y++) for (let x = 0; x < 20; x++) blocks.push({ min: [x, y, 0], max: [x + 1, y + 1, 2], index: y * 20 + x + 1 });
    const ids = Array.from({ length: 401 }, (_, i) => (i === 0 ? 0 : 1000 + 7 * i));
    const volume = labelVolume(shape, UNIT, blocks, ids, { wide: true });
    expect(volume.labels).to.be.instanceOf(Uint16Array);
    m.scene.setLayer('many', volume);
    const table = labelColorTable(volume.labelIds);
    for (const view of ['3d', 'slice'] as const) {
      m.scene.setView(view);
      m.scene.setSlice(0);
      const px = readPixels(m);
      for (let index = 1; index <= 400; index++) {
        const [x, y] = [(index - 1) % 20, Math.floor((index - 1) / 20)];
        const expected = rgba255([...table.subarray(4 * index, 4 * index + 4)] as Rgba);
        expectColor(px.at(...toPixel(view, x, y, -0.5, shape)), expected, 3, `${view} label ${index}`);
      }
    }
  });

  it('outlines uint16 labels too, and applies styles set before the first preview', () => {
    const m = open();
    m.scene.setLayerStyle('a', { colors });
    m.scene.setView('slice');
    m.scene.setSliceStyle('outline');
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [BLOCK], [0, 7], { wide: true }));
    m.scene.setSlice(3);
    const px = readPixels(m);
    expectColor(px.at(...toPixel('slice', 5, 4)), BLACK, 0, 'interior');
    const [, rowY] = toPixel('slice', 5, 4);
    const [edgeX] = toPixel('slice', 1.5, 4);
    const border = [-1, 0, 1, 2].map((dx) => px.at(edgeX + dx, rowY));
    expect(border.some((p) => p[0]! > 200 && p[1]! < 40), `outline: ${border.join(' | ')}`).to.equal(true);
  });

  it('follows the container size (ResizeObserver) and zooms with the mouse wheel', async () => {
    const m = open();
    m.scene.setLayer('a', labelVolume(SHAPE, UNIT, [BLOCK], [0, 7]));
    m.scene.setLayerStyle('a', { colors });
    m.scene.setView('slice');
    m.scene.setSlice(3);
    const canvas = m.container.querySelector('canvas');
    expect(canvas?.width).to.equal(WIDTH * devicePixelRatio);
    m.container.style.width = `${WIDTH / 2}px`;
    await nextFrame();
    await nextFrame();
    expect(canvas?.width).to.equal((WIDTH / 2) * devicePixelRatio);
    expect(canvas?.height).to.equal(HEIGHT * devicePixelRatio);
    m.container.style.width = `${WIDTH}px`;
    await nextFrame();
    await nextFrame();

    // The wheel zooms about the view centre: the block's width on screen changes, its centre stays put.
    const [, rowY] = toPixel('slice', 5, 4);
    const blockSpan = (): [number, number] => {
      const px = readPixels(m);
      const lit = [];
      for (let x = 0; x < WIDTH; x++) if (px.at(x, rowY)[0]! > 128) lit.push(x);
      return [lit[0] ?? -1, lit[lit.length - 1] ?? -1];
    };
    const [left, right] = blockSpan();
    expect(left).to.be.closeTo(toPixel('slice', 1.5, 4)[0], 1.5);
    const rect = m.container.getBoundingClientRect();
    const at = { clientX: rect.left + WIDTH / 2, clientY: rect.top + HEIGHT / 2, bubbles: true, cancelable: true };
    m.container.dispatchEvent(new PointerEvent('pointerenter', at));
    for (let i = 0; i < 3; i++) m.container.dispatchEvent(new WheelEvent('wheel', { ...at, deltaY: -120 }));
    await nextFrame();
    const [zoomedLeft, zoomedRight] = blockSpan();
    const scale = (zoomedRight - zoomedLeft) / (right - left);
    expect(Math.abs(scale - 1), `block ${left}..${right} → ${zoomedLeft}..${zoomedRight}`).to.be.above(0.2);
    const centre = WIDTH / 2;
    expect((zoomedLeft - centre) / (left - centre)).to.be.closeTo(scale, 0.1);
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
