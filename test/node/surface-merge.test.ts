// Spec of merging consecutive previews' surfaces: applying the merge of the previews that arrived while a
// layer was busy gives exactly what applying them one by one gives, i.e. the newest preview's surface.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedRegion } from '../../src/labels/changed-region.ts';
import type { Shape3, SurfaceBricks, Vec3 } from '../../src/labels/label-volume.ts';
import { buildSurfaceBricks, type SurfaceMemory } from '../../src/labels/surface-bricks.ts';
import { mergeSurfaces } from '../../src/labels/surface-merge.ts';

const SHAPE: Shape3 = [24, 24, 24];
const SPACING: Vec3 = [1, 1, 1];
const ORIGIN: Vec3 = [0, 0, 0];
const BUDGET = { maxFaces: 1e9, brickSize: 8 };

/** A box of label 1 from `lo` to `hi` (voxels, all axes), and a cube of label 2 that moves with `at`. */
function scene(lo: number, hi: number, at: number): Uint8Array {
  const [nz, ny, nx] = SHAPE;
  const out = new Uint8Array(nz * ny * nx);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const i = (z * ny + y) * nx + x;
        if (x >= lo && x < hi && y >= lo && y < hi && z >= lo && z < hi) out[i] = 1;
        if (x >= at && x < at + 3 && y >= 2 && y < 5 && z >= 2 && z < 5) out[i] = 2;
      }
  return out;
}

/** A stream of previews as the worker builds them: each surface relative to the one before. */
function stream(volumes: Uint8Array[]): SurfaceBricks[] {
  let previous: Uint8Array | null = null;
  let memory: SurfaceMemory | null = null;
  return volumes.map((labels) => {
    const built = buildSurfaceBricks(labels, SHAPE, SPACING, ORIGIN, previous ? changedRegion(previous, labels, SHAPE) : null, memory, BUDGET);
    previous = labels;
    memory = built.memory;
    return built.surface;
  });
}

/** What a layer shows after applying `surfaces` in order: faces per brick (a complete surface clears the rest). */
function apply(state: Map<number, string>, ...surfaces: SurfaceBricks[]): Map<number, string> {
  const out = new Map(state);
  for (const surface of surfaces) {
    if (surface.complete) out.clear();
    for (const brick of surface.bricks) {
      if (brick.cellLabels.length === 0) out.delete(brick.index);
      else out.set(brick.index, `${Array.from(brick.points)}|${Array.from(brick.polys)}|${Array.from(brick.cellLabels)}`);
    }
  }
  return out;
}

describe('mergeSurfaces', () => {
  it('partial previews merged give what applying them one by one gives, and the newest surface', () => {
    const [first, ...later] = stream([scene(4, 10, 0), scene(4, 12, 6), scene(3, 14, 12), scene(3, 14, 18)]);
    assert.equal(later.every((s) => !s.complete), true, 'the later previews are partial (only changed bricks)');
    const shown = apply(new Map(), first!);
    const merged = later.reduce(mergeSurfaces);
    assert.deepEqual(apply(shown, merged), apply(shown, ...later));
    const whole = stream([scene(3, 14, 18)])[0]!;
    assert.deepEqual(apply(shown, merged), apply(new Map(), whole));
    // Only the bricks some preview changed are in the merge, each once.
    const changed = new Set(later.flatMap((s) => s.bricks.map((b) => b.index)));
    assert.deepEqual(merged.bricks.map((b) => b.index), [...changed].sort((a, b) => a - b));
  });

  it('a complete newer surface stands alone; a partial one over a complete one stays complete, without empty bricks', () => {
    const [first, second, third] = stream([scene(4, 10, 0), scene(4, 12, 20), scene(4, 12, 6)]);
    assert.equal(mergeSurfaces(second!, first!), first, 'complete newer: itself');
    const merged = mergeSurfaces(first!, second!);
    assert.equal(merged.complete, true);
    assert.equal(merged.bricks.every((b) => b.cellLabels.length > 0), true, 'no empty brick in a complete set');
    assert.deepEqual(apply(new Map(), mergeSurfaces(merged, third!)), apply(new Map(), first!, second!, third!));
  });
});
