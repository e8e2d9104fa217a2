// Spec of 3D picking (src/scene/label-ray.ts): the camera ray through a viewport point, the march through
// a layer's label grid to the first drawn label (checked against fine sampling along random rays), the
// nearest layer winning, hidden labels and layers looked through, and source voxels of a downsampled layer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Shape3, Vec3 } from '../../src/labels/label-volume.ts';
import { cameraRay, marchLayer, probeRay, type Ray } from '../../src/scene/label-ray.ts';
import type { ProbeLayer } from '../../src/scene/slice-probe.ts';

/** A layer of `shape` whose voxels [z, y, x] in `boxes` (min inclusive, max exclusive) hold dense index k + 1 (label ids[k]). */
function layer(jobId: string, shape: Shape3, boxes: [Shape3, Shape3][], ids: number[], spacing: Vec3 = [1, 1, 1], origin: Vec3 = [0, 0, 0]): ProbeLayer {
  const labels = new Uint8Array(shape[0] * shape[1] * shape[2]);
  boxes.forEach(([min, max], k) => {
    for (let z = min[0]; z < max[0]; z++) for (let y = min[1]; y < max[1]; y++) for (let x = min[2]; x < max[2]; x++) labels[(z * shape[1] + y) * shape[2] + x] = k + 1;
  });
  return { jobId, shown: true, volume: { shape, spacing, origin, labels, labelIds: Float64Array.from([0, ...ids]) } };
}

const close = (a: readonly number[], b: readonly number[]) => a.every((x, i) => Math.abs(x - b[i]!) < 1e-9);

describe('cameraRay', () => {
  const pose = { position: [0, 0, -10] as Vec3, focalPoint: [0, 0, 0] as Vec3, viewUp: [0, -1, 0] as Vec3, viewAngle: 90 };

  it('goes from the camera through the focal point at the viewport centre', () => {
    const ray = cameraRay(pose, 2, 0.5, 0.5);
    assert.deepEqual(ray.origin, [0, 0, -10]);
    assert.ok(close(ray.direction, [0, 0, 1]), String(ray.direction));
  });

  it('leans right and down (x right, y down, as the scene looks) toward the bottom-right corner', () => {
    // tan 45° = 1: the bottom-right corner of a 2:1 viewport is 2 right and 1 down per unit ahead.
    const { direction } = cameraRay(pose, 2, 1, 1);
    assert.ok(close(direction, [2, 1, 1].map((c) => c / Math.sqrt(6))), String(direction));
  });
});

describe('marchLayer', () => {
  const grid = layer('a', [10, 10, 10], [[[4, 2, 3], [6, 5, 7]]], [7]);

  it('stops at the first voxel of a label, face-on', () => {
    const hit = marchLayer({ origin: [4, 3, -5], direction: [0, 0, 1] }, grid);
    assert.deepEqual(hit && { voxel: hit.voxel, label: hit.label }, { voxel: [4, 3, 4], label: 7 });
    assert.ok(Math.abs(hit!.t - 8.5) < 1e-9, 'at the voxel’s near face, z = 3.5');
  });

  it('misses a grid it passes beside, and a label it passes by', () => {
    assert.equal(marchLayer({ origin: [20, 3, -5], direction: [0, 0, 1] }, grid), null);
    assert.equal(marchLayer({ origin: [1, 1, -5], direction: [0, 0, 1] }, grid), null);
    assert.equal(marchLayer({ origin: [4, 3, -5], direction: [0, 0, -1] }, grid), null, 'looking away');
  });

  it('looks through hidden labels', () => {
    assert.equal(marchLayer({ origin: [4, 3, -5], direction: [0, 0, 1] }, { ...grid, hidden: new Set([7]) }), null);
  });

  it('finds what fine sampling along the ray finds, for random rays through a random grid', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const shape: Shape3 = [6, 7, 8];
    const labels = Uint8Array.from({ length: 6 * 7 * 8 }, () => (random() < 0.04 ? 1 : 0));
    const spacing: Vec3 = [1.5, 1, 2];
    const origin: Vec3 = [0.25, -1, 0.5];
    const sparse: ProbeLayer = { jobId: 's', shown: true, volume: { shape, spacing, origin, labels, labelIds: Float64Array.from([0, 3]) } };
    let hits = 0;
    for (let k = 0; k < 300; k++) {
      const from: Vec3 = [random() * 30 - 10, random() * 30 - 10, -15];
      const to: Vec3 = [random() * 14 - 1, random() * 8 - 2, random() * 10];
      const d = to.map((t, i) => t - from[i]!);
      const length = Math.hypot(...d);
      const ray: Ray = { origin: from, direction: d.map((c) => c / length) as Vec3 };
      let sampled: Shape3 | null = null;
      for (let t = 0; t < 60 && !sampled; t += 0.002) {
        const p = ray.origin.map((o, i) => o + ray.direction[i]! * t);
        const [x, y, z] = p.map((c, i) => Math.floor((c - origin[i]! + spacing[i]! / 2) / spacing[i]!));
        if (x! < 0 || y! < 0 || z! < 0 || x! >= 8 || y! >= 7 || z! >= 6) continue;
        if (labels[(z! * 7 + y!) * 8 + x!]) sampled = [z!, y!, x!];
      }
      const hit = marchLayer(ray, sparse);
      assert.deepEqual(hit?.voxel ?? null, sampled, `ray ${k}`);
      if (hit) hits += 1;
    }
    assert.ok(hits > 30, `enough rays hit something (${hits})`);
  });
});

describe('probeRay', () => {
  const ray: Ray = { origin: [4, 3, -5], direction: [0, 0, 1] };

  it('reports the nearest label over all layers: job, label, voxel and source voxel', () => {
    const near = layer('near', [10, 10, 10], [[[6, 0, 0], [8, 10, 10]]], [2]);
    const far = layer('far', [10, 10, 10], [[[8, 0, 0], [9, 10, 10]]], [5]);
    assert.deepEqual(probeRay(ray, [near, far], null), { jobId: 'near', label: 2, voxel: [6, 3, 4], sourceVoxel: [6, 3, 4] });
    assert.deepEqual(probeRay(ray, [far, near], null)?.jobId, 'near', 'whatever the drawing order');
    assert.deepEqual(probeRay(ray, [{ ...near, shown: false }, far], null)?.jobId, 'far', 'a hidden layer is looked through');
    assert.equal(probeRay({ origin: [4, 3, -5], direction: [0, 0, -1] }, [near, far], null), null);
  });

  it('gives the source voxel under the pointer in a downsampled layer, and the base intensity there', () => {
    // Twice downsampled: preview voxel i covers source voxels 2i and 2i + 1 (origin 0.5).
    const coarse = layer('c', [5, 5, 5], [[[2, 0, 0], [3, 5, 5]]], [9], [2, 2, 2], [0.5, 0.5, 0.5]);
    const base = { data: Float32Array.from({ length: 1000 }, (_, i) => i), shape: [10, 10, 10] as Shape3, spacing: [1, 1, 1] as Vec3 };
    const found = probeRay({ origin: [7.2, 2.9, -5], direction: [0, 0, 1] }, [coarse], base);
    assert.deepEqual(found, { jobId: 'c', label: 9, voxel: [2, 1, 3], sourceVoxel: [4, 3, 7], intensity: 437 });
  });
});
