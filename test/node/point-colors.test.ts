// Spec of a brick's colours per point (src/scene/point-colors.ts): every point gets the label of the
// quads that use it, a mesh whose points are shared by two labels is unshared first, and painting writes
// each point its label's RGBA.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LabelSurface } from '../../src/labels/label-volume.ts';
import { labelPoints, paintPoints } from '../../src/scene/point-colors.ts';

/** Each quad as its label and its four corners' coordinates (and normals), in order. */
function quads(points: Float32Array, polys: Uint32Array, labelOf: (quad: number, point: number) => number, normals?: Float32Array): string[] {
  const out: string[] = [];
  for (let q = 0; q * 5 < polys.length; q++) {
    const corners = [1, 2, 3, 4].map((k) => polys[q * 5 + k]!);
    const at = (array: Float32Array | undefined, p: number) => (array ? [...array.subarray(p * 3, p * 3 + 3)].join(',') : '');
    out.push(corners.map((p) => `${labelOf(q, p)}@${at(points, p)}/${at(normals, p)}`).join(' '));
  }
  return out;
}

// Two unit squares side by side in z = 0 sharing the edge x = 1 (points 1 and 4), and a third square.
const points = Float32Array.from([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 2, 0, 0, 2, 1, 0, 5, 5, 5, 6, 5, 5, 6, 6, 5, 5, 6, 5]);
const polys = Uint32Array.from([4, 0, 1, 2, 3, 4, 1, 5, 6, 4, 4, 7, 8, 9, 10]);
const normals = points.map((_, i) => (i % 3 === 2 ? 1 : 0));

describe('labelPoints', () => {
  it('keeps a mesh whose shared points all belong to one label as it is', () => {
    const surface: LabelSurface = { points, polys, cellLabels: Uint16Array.from([3, 3, 5]), normals };
    const mesh = labelPoints(surface);
    assert.equal(mesh.points, points, 'same points, not copied');
    assert.equal(mesh.polys, polys);
    assert.equal(mesh.normals, normals);
    assert.deepEqual([...mesh.pointLabels], [3, 3, 3, 3, 3, 3, 3, 5, 5, 5, 5]);
  });

  it('gives every quad corners of its own when a point is shared by two labels', () => {
    const surface: LabelSurface = { points, polys, cellLabels: Uint16Array.from([3, 4, 5]), normals };
    const mesh = labelPoints(surface);
    assert.equal(mesh.pointLabels.length, 12, 'four points per quad');
    assert.equal(mesh.normals?.length, 36);
    const before = quads(points, polys, (q) => surface.cellLabels[q]!, normals);
    assert.deepEqual(quads(mesh.points, mesh.polys, (_, p) => mesh.pointLabels[p]!, mesh.normals), before, 'the same quads, each point with its quad’s label');
  });

  it('takes the labels per point the worker sent as they are', () => {
    const pointLabels = Uint16Array.from([3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5]);
    const mesh = labelPoints({ points, polys, cellLabels: Uint16Array.from([3, 4, 5]), pointLabels });
    assert.equal(mesh.pointLabels, pointLabels);
    assert.equal(mesh.points, points);
  });

  it('unshares a mesh without normals too, and leaves an empty one empty', () => {
    const mesh = labelPoints({ points, polys, cellLabels: Uint16Array.from([1, 2, 2]) });
    assert.equal(mesh.normals, undefined);
    assert.deepEqual([...mesh.pointLabels], [1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);
    assert.equal(labelPoints({ points: new Float32Array(0), polys: new Uint32Array(0), cellLabels: new Uint16Array(0) }).pointLabels.length, 0);
  });
});

describe('paintPoints', () => {
  it('writes each point its label’s RGBA bytes; a label past the table is transparent', () => {
    const table = Uint8Array.from([0, 0, 0, 0, 10, 20, 30, 255, 40, 50, 60, 128]);
    const colors = new Uint8Array(4 * 4).fill(99);
    paintPoints(Uint16Array.from([2, 1, 0, 7]), table, colors);
    assert.deepEqual([...colors], [40, 50, 60, 128, 10, 20, 30, 255, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
