// Test fixtures for a bare LabelScene: a hand-built label volume, a mounted scene (in a shadow root, as
// the element mounts it), the canvas read back right after a synchronous render, and where a world
// point lands in a fitted slice view along any axis.
import { expect } from '@open-wc/testing';
import { buildSurfaceBricks } from '../../src/labels/surface-bricks.ts';
import type { LabelVolume, Shape3, Vec3 } from '../../src/labels/label-volume.ts';
import { LabelScene } from '../../src/scene/label-scene.ts';
import { sliceFrame, type SliceAxis } from '../../src/scene/slice-axis.ts';

/** A labelled box, in voxels [x, y, z]: min inclusive, max exclusive, holding dense index `index`. */
export interface Box {
  min: Vec3;
  max: Vec3;
  index: number;
}

/** A preview at unit spacing and origin 0 whose dense index i stands for original id `ids[i]`. */
export function boxVolume(shape: Shape3, boxes: Box[], ids: number[]): LabelVolume {
  const [nz, ny, nx] = shape;
  const labels = new Uint8Array(nx * ny * nz);
  for (const { min, max, index } of boxes) {
    for (let z = min[2]; z < max[2]; z++) for (let y = min[1]; y < max[1]; y++) for (let x = min[0]; x < max[0]; x++) labels[(z * ny + y) * nx + x] = index;
  }
  const labelCounts = new Float64Array(ids.length);
  for (const v of labels) labelCounts[v]! += 1;
  const spacing: Vec3 = [1, 1, 1];
  const origin: Vec3 = [0, 0, 0];
  return { shape, spacing, origin, labels, labelIds: Float64Array.from(ids), labelCounts, downsampleFactor: 1, sourceShape: shape, changed: null, surface: buildSurfaceBricks(labels, shape, spacing, origin, null, null, { maxFaces: 1e9, brickSize: 32 }).surface };
}

export interface MountedScene {
  scene: LabelScene;
  container: HTMLElement;
  remove(): void;
}

export function mountScene(width: number, height: number): MountedScene {
  const host = document.createElement('div');
  document.body.append(host);
  const container = document.createElement('div');
  container.style.cssText = `position: relative; width: ${width}px; height: ${height}px;`;
  host.attachShadow({ mode: 'open' }).append(container);
  const scene = new LabelScene(container, { background: 'black' });
  return {
    scene,
    container,
    remove() {
      scene.dispose();
      host.remove();
    },
  };
}

/** Renders now and returns the canvas pixel at CSS (x, y), top-left origin, as 0..255 RGBA. */
export function readPixels({ scene, container }: MountedScene): (x: number, y: number) => number[] {
  scene.renderNow();
  const canvas = container.querySelector('canvas');
  const gl = canvas?.getContext('webgl2');
  if (!canvas || !gl) throw new Error('no WebGL canvas');
  const { width, height } = canvas;
  const data = new Uint8Array(width * height * 4);
  gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, data);
  return (x, y) => {
    const i = ((height - 1 - Math.round(y)) * width + Math.round(x)) * 4;
    return [...data.subarray(i, i + 4)];
  };
}

/**
 * Where world point [x, y, z] lands on a width×height canvas whose slice view along `axis` was fitted to
 * a unit-spacing volume of `shape`: parallel, 1.05 × max(half the down extent, half the right extent / aspect).
 */
export function slicePixel(axis: SliceAxis, point: Vec3, shape: Shape3, width: number, height: number): [number, number] {
  const [nz, ny, nx] = shape;
  const size = [nx, ny, nz];
  const { right, down } = sliceFrame(axis);
  const along = (unit: Vec3, p: readonly number[]) => unit.reduce((sum, u, i) => sum + u * p[i]!, 0);
  const centre = size.map((n) => (n - 1) / 2);
  const scale = 1.05 * Math.max(along(down, size) / 2, along(right, size) / 2 / (width / height));
  const perUnit = height / 2 / scale;
  return [width / 2 + (along(right, point) - along(right, centre)) * perUnit, height / 2 + (along(down, point) - along(down, centre)) * perUnit];
}

/** Asserts a pixel is within `tolerance` of `expected` per channel. */
export function expectColor(actual: number[], expected: number[], tolerance: number, what: string): void {
  const close = actual.every((c, i) => Math.abs(c - (expected[i] ?? 0)) <= tolerance);
  expect(close, `${what}: pixel ${actual.join(',')} should be ≈ ${expected.join(',')}`).to.equal(true);
}
