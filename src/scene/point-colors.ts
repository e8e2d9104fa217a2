// A brick's faces as vtk.js draws them cheapest: one RGBA colour per point instead of a label per quad.
//
// Why: vtk.js colours cell scalars through texture coordinates computed per cell, and cell data forces
// its "flattened" vertex buffer — every triangle corner packed one by one through closures, six per quad
// — which was most of the main thread's cost of a brick swap (profile of the bench's 4 × 128³ stream:
// the packing loop alone 470 ms in 10 s). Colours per point let vtk take its indexed path: each point
// packed once in a flat loop and an index buffer, and the colours copied as bytes, no lookup.
//
// That needs every point to belong to quads of a single label (a point's colour is its label's). The
// worker's voxel and smooth surfaces are built that way and say each point's label (`pointLabels`);
// any other mesh (the region overlays' shared corners) is checked, and given its own four corners per
// quad where two labels share a point. Pure.
import type { LabelSurface } from '../labels/label-volume.ts';

/** A surface whose points each carry the label of every quad that uses them. */
export interface PointLabelledSurface {
  points: Float32Array;
  polys: Uint32Array;
  normals?: Float32Array;
  /** Dense label index of each point (0: used by no quad). */
  pointLabels: Uint16Array;
}

/** `surface` with a label per point: as it is when no point is shared by two labels, else with its quads' corners unshared. */
export function labelPoints(surface: LabelSurface): PointLabelledSurface {
  const { points, polys, cellLabels, normals } = surface;
  if (surface.pointLabels) return normals ? { points, polys, normals, pointLabels: surface.pointLabels } : { points, polys, pointLabels: surface.pointLabels };
  const pointLabels = new Uint16Array(points.length / 3);
  for (let at = 0, cell = 0; at < polys.length; at += polys[at]! + 1, cell++) {
    const label = cellLabels[cell]!;
    for (let k = 1; k <= polys[at]!; k++) {
      const point = polys[at + k]!;
      const known = pointLabels[point]!;
      if (known === 0) pointLabels[point] = label;
      else if (known !== label) return unshared(surface);
    }
  }
  return normals ? { points, polys, normals, pointLabels } : { points, polys, pointLabels };
}

/** Every cell gets corners of its own (points and normals copied), so each point has one label. */
function unshared({ points, polys, cellLabels, normals }: LabelSurface): PointLabelledSurface {
  let corners = 0;
  for (let at = 0; at < polys.length; at += polys[at]! + 1) corners += polys[at]!;
  const outPoints = new Float32Array(corners * 3);
  const outNormals = normals ? new Float32Array(corners * 3) : undefined;
  const outPolys = new Uint32Array(polys.length);
  const pointLabels = new Uint16Array(corners);
  let next = 0;
  for (let at = 0, cell = 0; at < polys.length; at += polys[at]! + 1, cell++) {
    outPolys[at] = polys[at]!;
    for (let k = 1; k <= polys[at]!; k++) {
      const from = polys[at + k]! * 3;
      outPoints.set(points.subarray(from, from + 3), next * 3);
      outNormals?.set(normals!.subarray(from, from + 3), next * 3);
      pointLabels[next] = cellLabels[cell]!;
      outPolys[at + k] = next++;
    }
  }
  return outNormals ? { points: outPoints, polys: outPolys, normals: outNormals, pointLabels } : { points: outPoints, polys: outPolys, pointLabels };
}

/**
 * Writes each point's RGBA (4 bytes per point, `colors`) from a table of RGBA bytes per dense label
 * index; a label past the table's end is drawn transparent.
 */
export function paintPoints(pointLabels: Uint16Array, table: Uint8Array, colors: Uint8Array): void {
  const rgba = new Uint32Array(table.buffer, table.byteOffset, table.byteLength >> 2);
  const out = new Uint32Array(colors.buffer, colors.byteOffset, colors.byteLength >> 2);
  for (let i = 0; i < pointLabels.length; i++) out[i] = rgba[pointLabels[i]!] ?? 0;
}
