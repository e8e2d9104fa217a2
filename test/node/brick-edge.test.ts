// Spec of the brick edge: the largest edge unless its bricks would average more than BRICK_FACES faces
// (then halved), and a stream does not flip between edges near that average.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { brickEdge } from '../../src/labels/bricks.ts';
import { changedRegion } from '../../src/labels/changed-region.ts';
import type { Shape3 } from '../../src/labels/label-volume.ts';
import { BRICK_FACES, buildSurfaceBricks, type SurfaceMemory } from '../../src/labels/surface-bricks.ts';

const SHAPE: Shape3 = [128, 128, 128];

/** Label-1 slabs one voxel thick (≈ 2 × 128² faces each), the last one `fraction` as wide. */
function slabs(count: number, fraction = 1): Uint8Array {
  const out = new Uint8Array(128 ** 3);
  for (let s = 0; s < count; s++) {
    const z = 20 + s * 40;
    const width = s === count - 1 ? Math.round(128 * fraction) : 128;
    for (let y = 0; y < 128; y++) out.fill(1, (z * 128 + y) * 128, (z * 128 + y) * 128 + width);
  }
  return out;
}

describe('brickEdge', () => {
  it('keeps the largest edge while its bricks average at most facesPerBrick, else halves it (not below 16)', () => {
    assert.equal(brickEdge(40_000, SHAPE, 64, 8_000), 64, '128³ smooth objects: 8 bricks of 5 k');
    assert.equal(brickEdge(200_000, SHAPE, 64, 8_000), 32, 'at the face budget: 64 bricks of 3.1 k');
    assert.equal(brickEdge(30_000, [64, 64, 64], 64, 8_000), 32, 'noise shown ×2 coarser: not one brick of 30 k');
    assert.equal(brickEdge(1e9, SHAPE, 64, 8_000), 16);
    assert.equal(brickEdge(1e9, SHAPE, 8, 8_000), 8, 'a largest edge under 16 is kept');
  });

  it('a stream changes its edge by a complete surface, and grows back only well under the average', () => {
    const budget = { maxFaces: 1e9, brickSize: 64 };
    let previous: Uint8Array | null = null;
    let memory: SurfaceMemory | null = null;
    const next = (labels: Uint8Array) => {
      const built = buildSurfaceBricks(labels, SHAPE, [1, 1, 1], [0, 0, 0], previous ? changedRegion(previous, labels, SHAPE) : null, memory, budget);
      previous = labels;
      memory = built.memory;
      return built.surface;
    };
    const dense = next(slabs(2));
    assert.ok(dense.faces / 8 > BRICK_FACES, `two slabs are too dense for 64³ bricks (${dense.faces} faces)`);
    assert.equal(dense.brickSize, 32);
    const near = next(slabs(1));
    assert.ok(near.faces / 8 > BRICK_FACES / 2 && near.faces / 8 <= BRICK_FACES, `one slab fits 64³ bricks, but not well (${near.faces})`);
    assert.deepEqual([near.brickSize, near.complete], [32, false], 'kept 32³: only the changed bricks');
    const sparse = next(slabs(1, 0.5));
    assert.deepEqual([sparse.brickSize, sparse.complete], [64, true], 'well under: 64³ bricks again, all of them');
    assert.equal(buildSurfaceBricks(slabs(1), SHAPE, [1, 1, 1], [0, 0, 0], null, null, budget).surface.brickSize, 64, 'a first preview takes the largest edge that fits');
  });
});
