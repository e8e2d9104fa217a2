// Where a preview's voxels sit in the world, and nearest-neighbour resampling of labels from one grid to
// another: a job's final preview comes on another grid than its streaming ones (CryoMamba: 48×120×120
// after 25×64×64), and two jobs compared may have different grids. The world is the original volume's
// frame: voxel (0, 0, 0)'s centre at `origin`, `spacing` world units between voxel centres.
import type { DenseLabels, LabelVolume, Shape3 } from './label-volume.ts';

/** The placement of a volume's voxels: the LabelVolume fields that say it. */
export type LabelGrid = Pick<LabelVolume, 'shape' | 'spacing' | 'origin'>;

export function sameGrid(a: LabelGrid, b: LabelGrid): boolean {
  return [0, 1, 2].every((i) => a.shape[i] === b.shape[i] && a.spacing[i] === b.spacing[i] && a.origin[i] === b.origin[i]);
}

/**
 * `labels` (on `from`) seen on `to`: each voxel of `to` takes the label of the nearest voxel centre of
 * `from`, or 0 where `to` reaches outside it (axisMaps).
 */
export function resampleLabels(labels: DenseLabels, from: LabelGrid, to: LabelGrid): DenseLabels {
  if (sameGrid(from, to)) return labels;
  const { zs, ys, xs } = axisMaps(from, to);
  const [, fy, fx] = from.shape;
  const out = labels instanceof Uint8Array ? new Uint8Array(voxels(to.shape)) : new Uint16Array(voxels(to.shape));
  let at = 0;
  for (const z of zs) {
    for (const y of ys) {
      if (z < 0 || y < 0) {
        at += xs.length;
        continue;
      }
      const row = (z * fy + y) * fx;
      for (const x of xs) out[at++] = x < 0 ? 0 : labels[row + x]!;
    }
  }
  return out;
}

/**
 * Per axis of `to`, the index of the nearest voxel centre of `from`, or -1 outside it: separable, so the
 * world arithmetic is done once per axis. `from` voxel of `to` voxel (z, y, x) is (zs[z], ys[y], xs[x]).
 */
export function axisMaps(from: LabelGrid, to: LabelGrid): { zs: Int32Array; ys: Int32Array; xs: Int32Array } {
  // Shapes are [z, y, x], spacing and origin [x, y, z].
  const axis = (shapeAxis: 0 | 1 | 2, worldAxis: 0 | 1 | 2) => {
    const map = new Int32Array(to.shape[shapeAxis]);
    for (let i = 0; i < map.length; i++) {
      const world = to.origin[worldAxis] + i * to.spacing[worldAxis];
      const j = Math.round((world - from.origin[worldAxis]) / from.spacing[worldAxis]);
      map[i] = j >= 0 && j < from.shape[shapeAxis] ? j : -1;
    }
    return map;
  };
  return { zs: axis(0, 2), ys: axis(1, 1), xs: axis(2, 0) };
}

export function voxels(shape: Shape3): number {
  return shape[0] * shape[1] * shape[2];
}
