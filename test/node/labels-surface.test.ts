// Spec of the label boundary surface: which faces exist, where they are, which label owns them, how they wind.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSurfaceScratch, labelSurface } from '../../src/labels/label-surface.ts';
import type { LabelSurface, Shape3, Vec3 } from '../../src/labels/label-volume.ts';
import { unaligned } from '../fixtures/unaligned.ts';

interface Quad {
  corners: Vec3[];
  label: number;
  center: Vec3;
  normal: Vec3;
}

function quads(surface: LabelSurface): Quad[] {
  const out: Quad[] = [];
  const { points, polys, cellLabels } = surface;
  for (let q = 0; q * 5 < polys.length; q++) {
    assert.equal(polys[q * 5], 4, 'every cell is a quad');
    const corners = [1, 2, 3, 4].map((k) => {
      const p = polys[q * 5 + k]!;
      return [points[p * 3]!, points[p * 3 + 1]!, points[p * 3 + 2]!] as Vec3;
    });
    const [a, b, c] = corners as [Vec3, Vec3, Vec3];
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const v = [c[0] - b[0], c[1] - b[1], c[2] - b[2]];
    const n: Vec3 = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
    const length = Math.hypot(...n);
    const center = [0, 1, 2].map((i) => corners.reduce((s, p) => s + p[i]!, 0) / 4) as Vec3;
    out.push({ corners, label: cellLabels[q]!, center, normal: n.map((x) => Math.round(x / length)) as Vec3 });
  }
  return out;
}

const key = (v: readonly number[]) => v.map((x) => Math.round(x * 1000) / 1000).join(',');

describe('labelSurface', () => {
  it('a single voxel gives 6 outward quads at center ± spacing/2, sharing 8 points', () => {
    const spacing: Vec3 = [1, 2, 3];
    const surface = labelSurface(new Uint8Array([1]), [1, 1, 1], spacing);
    assert.equal(surface.cellLabels.length, 6);
    assert.equal(surface.points.length, 8 * 3);
    const corners = new Set<string>();
    for (const q of quads(surface)) {
      assert.equal(q.label, 1);
      for (const c of q.corners) corners.add(key(c));
      // The face center is the voxel center (origin) + half a spacing along the outward normal.
      assert.deepEqual(key(q.center), key(q.normal.map((n, i) => (n * spacing[i]!) / 2)));
    }
    const expected = new Set<string>();
    for (const x of [-0.5, 0.5]) for (const y of [-1, 1]) for (const z of [-1.5, 1.5]) expected.add(key([x, y, z]));
    assert.deepEqual(corners, expected);
    const normals = quads(surface).map((q) => key(q.normal)).sort();
    assert.deepEqual(normals, ['-1,0,0', '0,-1,0', '0,0,-1', '0,0,1', '0,1,0', '1,0,0'].map((n) => key(n.split(',').map(Number))).sort());
  });

  it('places voxel (i, j, k) centred at origin + (i, j, k)·spacing', () => {
    // One voxel at (x=2, y=1, z=0) of a [z=1, y=2, x=3] volume.
    const labels = new Uint8Array(6);
    labels[1 * 3 + 2] = 1;
    const surface = labelSurface(labels, [1, 2, 3], [2, 2, 2], [10, 20, 30]);
    const xs = quads(surface).flatMap((q) => q.corners.map((c) => c[0]));
    const ys = quads(surface).flatMap((q) => q.corners.map((c) => c[1]));
    const zs = quads(surface).flatMap((q) => q.corners.map((c) => c[2]));
    assert.deepEqual([Math.min(...xs), Math.max(...xs)], [13, 15]);
    assert.deepEqual([Math.min(...ys), Math.max(...ys)], [21, 23]);
    assert.deepEqual([Math.min(...zs), Math.max(...zs)], [29, 31]);
  });

  it('background makes no faces; an empty volume has an empty surface', () => {
    const surface = labelSurface(new Uint8Array(27), [3, 3, 3], [1, 1, 1]);
    assert.equal(surface.points.length, 0);
    assert.equal(surface.polys.length, 0);
    assert.equal(surface.cellLabels.length, 0);
  });

  it('two touching voxels of different labels: 6 quads each, the shared face twice with opposite normals', () => {
    const surface = labelSurface(new Uint8Array([1, 2]), [1, 1, 2], [1, 1, 1]);
    const all = quads(surface);
    assert.equal(all.length, 12);
    assert.equal(all.filter((q) => q.label === 1).length, 6);
    assert.equal(all.filter((q) => q.label === 2).length, 6);
    const shared = all.filter((q) => q.center[0] === 0.5);
    assert.deepEqual(shared.map((q) => [q.label, key(q.normal)]).sort(), [[1, key([1, 0, 0])], [2, key([-1, 0, 0])]]);
    assert.equal(surface.points.length, 12 * 3, 'the 12 corners of the 2×1×1 box are shared');
  });

  it('two touching voxels of the same label make one 2×1×1 box (10 quads, no inner face)', () => {
    const all = quads(labelSurface(new Uint8Array([3, 3]), [1, 1, 2], [1, 1, 1]));
    assert.equal(all.length, 10);
    assert.ok(all.every((q) => q.center[0] !== 0.5 || q.normal[0] === 0));
  });

  it('a 2×2×2 cube of one label has 24 faces on 26 shared points', () => {
    const surface = labelSurface(new Uint8Array(8).fill(1), [2, 2, 2], [1, 1, 1]);
    assert.equal(surface.cellLabels.length, 24);
    assert.equal(surface.points.length, 26 * 3);
    assert.equal(surface.polys.length, 24 * 5);
  });

  it('accepts Uint16 dense labels and keeps their index in cellLabels', () => {
    const surface = labelSurface(new Uint16Array([0, 300]), [1, 1, 2], [1, 1, 1]);
    assert.deepEqual([...surface.cellLabels], [300, 300, 300, 300, 300, 300]);
  });

  it('property: each label\'s quads form closed, consistently wound surfaces (random volumes)', () => {
    let seed = 9;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 20; trial++) {
      const shape: Shape3 = [1 + Math.floor(next() * 5), 1 + Math.floor(next() * 5), 1 + Math.floor(next() * 5)];
      const labels = Uint8Array.from({ length: shape[0] * shape[1] * shape[2] }, () => Math.floor(next() * 4));
      const surface = labelSurface(labels, shape, [1, 1, 1]);
      const edges = new Map<string, number>();
      for (let q = 0; q < surface.cellLabels.length; q++) {
        const c = [1, 2, 3, 4].map((k) => surface.polys[q * 5 + k]!);
        for (let e = 0; e < 4; e++) {
          const from = c[e]!, to = c[(e + 1) % 4]!;
          const label = surface.cellLabels[q]!;
          edges.set(`${label}:${from}>${to}`, (edges.get(`${label}:${from}>${to}`) ?? 0) + 1);
        }
      }
      for (const [edge, count] of edges) {
        const [label, pair] = edge.split(':') as [string, string];
        const [from, to] = pair.split('>');
        assert.equal(edges.get(`${label}:${to}>${from}`), count, `trial ${trial}: edge ${edge} has no matching reverse edge`);
      }
      // Face count by brute force: labelled voxel faces whose neighbour (or the outside) differs.
      const [nz, ny, nx] = shape;
      const get = (z: number, y: number, x: number) => (z < 0 || y < 0 || x < 0 || z >= nz || y >= ny || x >= nx ? 0 : labels[(z * ny + y) * nx + x]!);
      let expected = 0;
      for (let z = 0; z < nz; z++) for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) {
        const l = get(z, y, x);
        if (l === 0) continue;
        for (const [dz, dy, dx] of [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]] as const) {
          if (get(z + dz, y + dy, x + dx) !== l) expected++;
        }
      }
      assert.equal(surface.cellLabels.length, expected, `trial ${trial}`);
    }
  });

  it('returns exactly sized arrays (transferable without slack)', () => {
    const surface = labelSurface(new Uint8Array([1, 2, 0, 1]), [1, 2, 2], [1, 1, 1]);
    const quadsCount = surface.cellLabels.length;
    assert.equal(surface.polys.buffer.byteLength, quadsCount * 5 * 4);
    assert.equal(surface.cellLabels.buffer.byteLength, quadsCount * 2);
    assert.equal(surface.points.buffer.byteLength, surface.points.length * 4);
    assert.ok(Math.max(...surface.polys) < surface.points.length / 3);
  });

  it('counts every face of a crafted 128³ volume exactly: a hollow shell, a box against its inner wall, a checkerboard', () => {
    const n = 128;
    const labels = new Uint8Array(n ** 3);
    const fill = (label: (z: number, y: number, x: number) => number, [z0, y0, x0]: Shape3, [dz, dy, dx]: Shape3) => {
      for (let z = z0; z < z0 + dz; z++) for (let y = y0; y < y0 + dy; y++) for (let x = x0; x < x0 + dx; x++) {
        labels[(z * n + y) * n + x] = label(z, y, x);
      }
    };
    // Label 1: a 100³ cube (corner 10) with a 90³ cavity (corner 15): 6·100² outer + 6·90² inner faces.
    fill(() => 1, [10, 10, 10], [100, 100, 100]);
    fill(() => 0, [15, 15, 15], [90, 90, 90]);
    // Label 2: a 10×20×30 box in the cavity, touching its inner wall at z = 15: 2(10·20 + 20·30 + 10·30) faces;
    // the wall keeps its own faces where they touch.
    fill(() => 2, [15, 40, 40], [10, 20, 30]);
    // Labels 3 and 4 alternating in a 10³ block, away from everything: every voxel shows all 6 faces.
    fill((z, y, x) => 3 + ((z + y + x) % 2), [60, 60, 60], [10, 10, 10]);
    const surface = labelSurface(labels, [n, n, n], [1, 1, 1]);
    const byLabel = [1, 2, 3, 4].map((l) => surface.cellLabels.filter((c) => c === l).length);
    assert.deepEqual(byLabel, [6 * 100 ** 2 + 6 * 90 ** 2, 2 * (10 * 20 + 20 * 30 + 10 * 30), 6 * 500, 6 * 500]);
    assert.equal(surface.cellLabels.length, 108_600 + 2_200 + 6_000);
  });

  it('builds the same arrays in a scratch reused across calls (bricks of a preview) as fresh', () => {
    let seed = 5;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const shape: Shape3 = [24, 24, 24];
    const labels = Uint8Array.from({ length: 24 ** 3 }, () => (next() < 0.4 ? 1 + Math.floor(next() * 3) : 0));
    const scratch = createSurfaceScratch();
    // Big (≈ 40 k faces: the scratch grows inside one call), small, empty, then big again over what is left there.
    const boxes: Array<{ min: Vec3; max: Vec3 }> = [
      { min: [0, 0, 0], max: [24, 24, 24] },
      { min: [3, 4, 5], max: [7, 9, 8] },
      { min: [5, 5, 5], max: [5, 6, 6] },
      { min: [2, 0, 1], max: [20, 24, 23] },
      { min: [0, 0, 0], max: [1, 1, 1] },
    ];
    for (const box of boxes) {
      const fresh = labelSurface(labels, shape, [1, 2, 3], [4, 5, 6], box);
      assert.deepEqual(labelSurface(labels, shape, [1, 2, 3], [4, 5, 6], box, scratch), fresh, JSON.stringify(box));
    }
    assert.ok(scratch.cellLabels.length > 4096, 'the scratch grew and was kept');
  });

  it('passes over background rows a word at a time and builds what a voxel-by-voxel pass builds', () => {
    let seed = 11;
    const next = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const shapes: Shape3[] = [[9, 10, 12], [8, 8, 16], [5, 7, 9], [4, 6, 3]];
    for (let trial = 0; trial < 80; trial++) {
      const shape = shapes[trial % shapes.length]!;
      const n = shape[0] * shape[1] * shape[2];
      const labels = trial % 2 === 0 ? new Uint8Array(n) : new Uint16Array(n);
      // Sparse blocks: whole rows of background, and labelled voxels at every place of a word.
      for (let i = 0; i < n; i++) if (next() < [0.01, 0.05, 0.3][trial % 3]!) labels[i] = 1 + Math.floor(next() * 4);
      const [nz, ny, nx] = shape;
      const min: Vec3 = [Math.floor(next() * nx), Math.floor(next() * ny), Math.floor(next() * nz)];
      const max: Vec3 = [min[0] + 1 + Math.floor(next() * nx), min[1] + 1 + Math.floor(next() * ny), min[2] + 1 + Math.floor(next() * nz)];
      const box = trial % 4 === 0 ? undefined : { min, max };
      const expected = labelSurface(unaligned(labels), shape, [1, 1, 1], [0, 0, 0], box);
      assert.deepEqual(labelSurface(labels, shape, [1, 1, 1], [0, 0, 0], box), expected, `trial ${trial}`);
    }
  });
});
