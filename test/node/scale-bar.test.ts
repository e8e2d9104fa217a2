// Spec of the scale bar's arithmetic (src/scale-bar.ts): `voxel-size` read or refused with a sentence,
// a camera's pixels per world unit, and the nice bar for a zoom, in voxels or in physical units.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { niceLength, parseVoxelSize, pixelsPerWorldUnit, scaleBar } from '../../src/scale-bar.ts';

describe('parseVoxelSize', () => {
  it('reads a number and a unit, in the spellings people type', () => {
    assert.deepEqual(parseVoxelSize('13.48 Å'), { kind: 'size', size: { value: 13.48, unit: 'Å' } });
    assert.deepEqual(parseVoxelSize('13.48\u212B'), { kind: 'size', size: { value: 13.48, unit: 'Å' } }, 'the angstrom sign, no space');
    assert.deepEqual(parseVoxelSize('10 A'), { kind: 'size', size: { value: 10, unit: 'Å' } });
    assert.deepEqual(parseVoxelSize(' 1.2 nm '), { kind: 'size', size: { value: 1.2, unit: 'nm' } });
    assert.deepEqual(parseVoxelSize('0.5 µm'), { kind: 'size', size: { value: 0.5, unit: 'µm' } });
    assert.deepEqual(parseVoxelSize('0.5 \u03BCm'), { kind: 'size', size: { value: 0.5, unit: 'µm' } }, 'Greek mu');
    assert.deepEqual(parseVoxelSize('.5um'), { kind: 'size', size: { value: 0.5, unit: 'µm' } });
    assert.deepEqual(parseVoxelSize('2e-3 mm'), { kind: 'size', size: { value: 0.002, unit: 'mm' } });
  });

  it('means voxels when empty', () => {
    assert.deepEqual(parseVoxelSize(''), { kind: 'voxels' });
    assert.deepEqual(parseVoxelSize('   '), { kind: 'voxels' });
    assert.deepEqual(parseVoxelSize(null), { kind: 'voxels' });
  });

  it('refuses junk with a sentence that says what to write, without throwing', () => {
    for (const junk of ['abc', '13.48', 'nm', '13.48 parsecs', '1.2.3 nm', '5 nm x']) {
      const reading = parseVoxelSize(junk);
      assert.equal(reading.kind, 'invalid', junk);
      assert.match((reading as { message: string }).message, /voxel-size ".*" is not a length: write a number and a unit \(Å, nm, µm or mm\)/);
    }
    for (const bad of ['0 nm', '-1 Å']) assert.match((parseVoxelSize(bad) as { message: string }).message, /must be a positive length/, bad);
  });
});

describe('pixelsPerWorldUnit', () => {
  it('is the viewport height over twice the parallel scale for a slice camera', () => {
    assert.equal(pixelsPerWorldUnit({ parallel: true, parallelScale: 50, viewAngle: 30, distance: 999 }, 400), 4);
  });

  it('holds at the focal plane for a perspective camera: twice as far, half the pixels', () => {
    const near = pixelsPerWorldUnit({ parallel: false, parallelScale: 1, viewAngle: 90, distance: 100 }, 400);
    assert.ok(Math.abs(near - 2) < 1e-12, String(near)); // tan 45° = 1: the height spans 200 units
    assert.ok(Math.abs(pixelsPerWorldUnit({ parallel: false, parallelScale: 1, viewAngle: 90, distance: 200 }, 400) - 1) < 1e-12);
  });

  it('is NaN without a viewport', () => {
    assert.ok(Number.isNaN(pixelsPerWorldUnit({ parallel: true, parallelScale: 50, viewAngle: 30, distance: 1 }, 0)));
  });
});

describe('niceLength', () => {
  it('steps 1, 2, 5 through the powers of ten', () => {
    assert.deepEqual([0.07, 0.3, 1, 1.99, 2, 4.9, 5, 9.99, 10, 19, 64, 120, 999].map(niceLength), [0.05, 0.2, 1, 1, 2, 2, 5, 5, 10, 10, 50, 100, 500]);
  });
});

describe('scaleBar', () => {
  it('counts source voxels without a voxel size, and zooming in shortens the length', () => {
    assert.deepEqual(scaleBar(1, null), { widthPx: 100, label: '100 voxels' });
    assert.deepEqual(scaleBar(4, null), { widthPx: 80, label: '20 voxels' });
    assert.deepEqual(scaleBar(120, null), { widthPx: 120, label: '1 voxel' });
    assert.deepEqual(scaleBar(480, null), { widthPx: 96, label: '0.2 voxels' });
  });

  it('never draws a bar past its room nor shorter than 2/5 of it', () => {
    for (let ppv = 0.01; ppv < 1000; ppv *= 1.37) {
      const bar = scaleBar(ppv, { value: 13.48, unit: 'Å' })!;
      assert.ok(bar.widthPx <= 120 + 1e-9 && bar.widthPx > 48 - 1e-9, `${ppv}: ${bar.widthPx}`);
    }
  });

  it('speaks the given unit while it reads 1 to 1000, else the unit that does', () => {
    // 120 px at 1 px per voxel: 120 voxels of 13.48 Å = 1617.6 Å = 161.76 nm → 100 nm.
    const wide = scaleBar(1, { value: 13.48, unit: 'Å' })!;
    assert.equal(wide.label, '100 nm');
    assert.ok(Math.abs(wide.widthPx - (100 / 161.76) * 120) < 1e-9);
    // 120 px at 10 px per voxel: 12 voxels = 161.76 Å → 100 Å.
    assert.equal(scaleBar(10, { value: 13.48, unit: 'Å' })!.label, '100 Å');
    assert.equal(scaleBar(1, { value: 1.2, unit: 'nm' })!.label, '100 nm');
    assert.equal(scaleBar(0.01, { value: 1.2, unit: 'nm' })!.label, '10 µm'); // 12 000 voxels = 14.4 µm
    assert.equal(scaleBar(1, { value: 0.5, unit: 'µm' })!.label, '50 µm');
    assert.equal(scaleBar(100, { value: 0.5, unit: 'µm' })!.label, '500 nm'); // 0.6 µm reads < 1 µm
    assert.equal(scaleBar(1000, { value: 1, unit: 'nm' })!.label, '1 Å'); // 0.12 nm
  });

  it('has no bar for an unknown scale', () => {
    assert.equal(scaleBar(Number.NaN, null), null);
    assert.equal(scaleBar(0, null), null);
  });
});
