// Spec of label colors: one color per id everywhere, transparent background, far-apart neighbours.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cssColor, fillLabelColors, labelColor, labelColorTable } from '../../src/labels/colormap.ts';
import type { Rgba } from '../../src/labels/colormap.ts';

const distance = (a: Rgba, b: Rgba) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
/** A 0..1 color as 0..255 channels, the way a page shows it. */
const bytes = (color: readonly number[]) => color.map((c) => Math.round(c * 255));

describe('labelColor', () => {
  it('makes id 0 (background) fully transparent', () => {
    assert.deepEqual(labelColor(0), [0, 0, 0, 0]);
    assert.deepEqual(labelColor(0, 0.1), [0, 0, 0, 0]);
  });

  it('gives each known id its one color, the same in every run and on every page (literal RGB)', () => {
    const known: Array<[id: number, rgb: number[]]> = [
      [1, [218, 171, 55]], [2, [81, 9, 181]], [3, [56, 221, 77]], [7, [220, 59, 227]], [42, [23, 241, 185]],
      [1000, [75, 181, 208]], [65_535, [10, 185, 36]], [2 ** 40 + 3, [218, 104, 30]], [-4, [56, 192, 221]],
    ];
    for (const [id, rgb] of known) {
      assert.deepEqual(bytes(labelColor(id)), [...rgb, 255], `id ${id}`);
      assert.deepEqual(bytes(labelColor(id)), bytes(labelColor(id)), `id ${id}, asked again`);
    }
  });

  it('gives opaque colors with channels in 0..1 and a decent saturation', () => {
    for (let id = 1; id < 2000; id++) {
      const [r, g, b, a] = labelColor(id);
      assert.equal(a, 1);
      for (const c of [r, g, b]) assert.ok(c >= 0 && c <= 1);
      assert.ok(Math.max(r, g, b) - Math.min(r, g, b) > 0.25, `id ${id} is too grey`);
    }
  });

  it('gives neighbouring ids clearly different colors', () => {
    for (let id = 1; id < 5000; id++) {
      assert.ok(distance(labelColor(id), labelColor(id + 1)) > 0.3, `ids ${id} and ${id + 1} look alike`);
    }
    assert.ok(distance(labelColor(2 ** 40), labelColor(2 ** 40 + 1)) > 0.3, 'also for ids beyond 32 bits');
  });

  it('differs between ids 1..10 (a small job shows ten distinct colors)', () => {
    const colors = Array.from({ length: 10 }, (_, i) => labelColor(i + 1));
    for (let i = 0; i < colors.length; i++) for (let j = i + 1; j < colors.length; j++) {
      assert.ok(distance(colors[i]!, colors[j]!) > 0.1, `ids ${i + 1} and ${j + 1}`);
    }
  });

  it('shifts every color with the seed', () => {
    assert.deepEqual(bytes(labelColor(1, 0.2)), [203, 55, 218, 255]);
    assert.deepEqual(bytes(labelColor(7, 0.2)), [59, 201, 227, 255]);
    assert.deepEqual(labelColor(1, 0.2), labelColor(1, 1.2), 'the seed is a hue offset, modulo 1');
  });
});

describe('labelColorTable', () => {
  it('lays out RGBA per dense index, by original id, with overrides', () => {
    const ids = Float64Array.from([0, 7, 42]);
    const table = labelColorTable(ids, new Map<number, Rgba>([[42, [1, 0, 0, 0.5]]]));
    assert.ok(table instanceof Float32Array);
    assert.equal(table.length, 12);
    assert.deepEqual([...table.subarray(0, 4)], [0, 0, 0, 0]);
    assert.deepEqual(bytes([...table.subarray(4, 8)]), [220, 59, 227, 255], 'id 7’s own color');
    assert.deepEqual([...table.subarray(8, 12)], [1, 0, 0, 0.5]);
  });

  it('built a part at a time (fillLabelColors) is the same table, however it is cut', () => {
    const ids = Float64Array.from({ length: 3001 }, (_, i) => i * 3);
    const overrides = new Map<number, Rgba>([[300, [1, 0, 0, 0.5]]]);
    const whole = labelColorTable(ids, overrides);
    const parts = new Float32Array(ids.length * 4);
    for (let start = 0; start < ids.length; start += 256) fillLabelColors(parts, ids, start, start + 256, overrides);
    assert.deepEqual(parts, whole);
    const untouched = new Float32Array(ids.length * 4);
    fillLabelColors(untouched, ids, 10, 20);
    assert.deepEqual([...untouched.subarray(0, 40), ...untouched.subarray(80)].every((x) => x === 0), true, 'only [start, end) is written');
    assert.deepEqual(untouched.subarray(40, 80), whole.subarray(40, 80));
  });

  it('uses the seed for the ids it does not override', () => {
    const ids = Float64Array.from([0, 7]);
    assert.deepEqual(bytes([...labelColorTable(ids, undefined, 0.2).subarray(4)]), [59, 201, 227, 255]);
  });
});

describe('cssColor', () => {
  it('formats 0..1 RGBA as CSS rgb()', () => {
    assert.equal(cssColor([1, 0.5, 0, 1]), 'rgb(255 128 0)');
    assert.equal(cssColor([0, 0, 0, 0]), 'rgb(0 0 0 / 0)');
    assert.equal(cssColor([0.2, 0.4, 0.6, 0.25]), 'rgb(51 102 153 / 0.25)');
  });
});
