// The merged voxel surface (greedy-faces.ts) on screen: a crafted volume drawn from merged quads looks
// the same as drawn from one quad per unit face — same label colours, same silhouettes, no cracks.
import { expect } from '@open-wc/testing';
import { labelSurface } from '../../src/labels/label-surface.ts';
import type { LabelVolume, Shape3, SurfaceBricks, Vec3 } from '../../src/labels/label-volume.ts';
import { buildSurfaceBricks } from '../../src/labels/surface-bricks.ts';
import { LabelScene, OBLIQUE_VIEW } from '../../src/scene/label-scene.ts';

const shape: Shape3 = [32, 32, 32];
const spacing: Vec3 = [1, 1, 1];
const origin: Vec3 = [0, 0, 0];

/** A sphere (1), a box half sunk into it (2) and a thin tilted staircase (3): flat patches, curved ones, touching labels. */
function craftedLabels(): Uint8Array {
  const [nz, ny, nx] = shape;
  const labels = new Uint8Array(nz * ny * nx);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        const at = (z * ny + y) * nx + x;
        if (x >= 14 && x < 27 && y >= 6 && y < 20 && z >= 10 && z < 22) labels[at] = 2;
        else if (Math.hypot(x - 12, y - 14, z - 15) < 10) labels[at] = 1;
        else if (z >= 25 && z < 27 && y + x > 20 && y + x < 30) labels[at] = 3;
      }
  return labels;
}

function volumeWith(labels: Uint8Array, surface: SurfaceBricks): LabelVolume {
  const labelCounts = new Float64Array(4);
  for (const v of labels) labelCounts[v]! += 1;
  return { shape, spacing, origin, labels, labelIds: Float64Array.from([0, 1, 2, 3]), labelCounts, downsampleFactor: 1, sourceShape: shape, changed: null, surface };
}

async function render(volume: LabelVolume): Promise<Uint8ClampedArray> {
  const host = document.createElement('div');
  host.style.cssText = 'position: relative; width: 480px; height: 360px';
  document.body.append(host);
  const scene = new LabelScene(host, { background: '#000000', viewDirection: OBLIQUE_VIEW });
  scene.setLayer('job', volume);
  const png = await scene.snapshot();
  scene.dispose();
  host.remove();
  const bitmap = await createImageBitmap(png);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
}

describe('merged voxel faces on screen', () => {
  it('a crafted volume drawn from merged quads matches the one drawn from unit faces', async function () {
    this.timeout(60_000);
    const labels = craftedLabels();
    const merged = buildSurfaceBricks(labels, shape, spacing, origin, null, null, { maxFaces: 1e9, brickSize: 32 }).surface;
    const unit = labelSurface(labels, shape, spacing, origin);
    const quads = merged.bricks.reduce((n, brick) => n + brick.cellLabels.length, 0);
    expect(merged.bricks.map((brick) => brick.index), 'one brick').to.deep.equal([0]);
    expect(quads * 3, `${quads} merged quads for ${unit.cellLabels.length} unit faces`).to.be.below(unit.cellLabels.length);

    const drawnMerged = await render(volumeWith(labels, merged));
    const drawnUnit = await render(volumeWith(labels, { ...merged, bricks: [{ index: 0, ...unit }] }));
    expect(drawnMerged.length).to.equal(drawnUnit.length);
    let lit = 0;
    let differing = 0;
    let holes = 0;
    let extra = 0;
    for (let i = 0; i < drawnUnit.length; i += 4) {
      const unitSum = drawnUnit[i]! + drawnUnit[i + 1]! + drawnUnit[i + 2]!;
      const mergedSum = drawnMerged[i]! + drawnMerged[i + 1]! + drawnMerged[i + 2]!;
      if (unitSum > 30) lit += 1;
      if (unitSum > 0 && mergedSum === 0) holes += 1;
      if (mergedSum > 0 && unitSum === 0) extra += 1;
      if ([0, 1, 2].some((c) => Math.abs(drawnMerged[i + c]! - drawnUnit[i + c]!) > 8)) differing += 1;
    }
    expect(lit, 'the labels are on screen').to.be.above(5000);
    // Where a big rectangle meets the corners of small ones (a T-junction) a rasterizer may leave a pixel
    // uncovered: measured 4 of ≈ 20k here.
    expect(holes, `background showing through (of ${lit} lit)`).to.be.below(lit / 2000);
    expect(extra, 'label drawn where there was none').to.be.below(lit / 2000);
    // Two triangles per rectangle instead of many: a pixel on an edge may take the shade of the face on
    // its other side (measured 0.6 % of the lit pixels, all on edges).
    expect(differing, `pixels differing (of ${lit} lit)`).to.be.below(lit / 100);
  });
});
