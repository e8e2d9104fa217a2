// Spec of a layer's colours (src/labels/layer-colors.ts) and of the layer settings that feed them
// (src/layer-settings.ts): colour modes, job hues, hidden labels, the selection's dimming, isolation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createJobView } from '../../src/job-view.ts';
import { labelColor, type Rgba } from '../../src/labels/colormap.ts';
import { DIMMED_ALPHA, jobColor, jobHue, jobLabelColor, layerColorTable, paletteColor, type LayerPalette } from '../../src/labels/layer-colors.ts';
import { applyLayerSettings, freeColorSlot, isolateLabel, jobPalette, restartedView, viewsForJobs } from '../../src/layer-settings.ts';

/** Hue 0..1 of an RGB colour. */
function hueOf([r, g, b]: Rgba): number {
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? (g - b) / d : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (((h / 6) % 1) + 1) % 1;
}
const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 1 - Math.abs(a - b));
const distance = (a: Rgba, b: Rgba) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('job hues', () => {
  it('gives the first jobs hues far apart on the wheel', () => {
    const hues = Array.from({ length: 5 }, (_, slot) => jobHue(slot));
    for (let i = 0; i < hues.length; i++) {
      for (let j = i + 1; j < hues.length; j++) assert.ok(hueDistance(hues[i]!, hues[j]!) > 0.09, `slots ${i} and ${j}: ${hues[i]} vs ${hues[j]}`);
    }
  });

  it('draws every label of a job in `job` mode in the job’s hue, in different shades', () => {
    for (const slot of [0, 1, 2, 3]) {
      const hue = jobHue(slot);
      assert.ok(hueDistance(hueOf(jobColor(hue)), hue) < 0.01, 'the swatch is the hue');
      const shades = Array.from({ length: 12 }, (_, i) => jobLabelColor(i + 1, hue));
      for (const [i, shade] of shades.entries()) assert.ok(hueDistance(hueOf(shade), hue) <= 0.035, `slot ${slot}, label ${i + 1}`);
      for (let i = 0; i + 1 < shades.length; i++) assert.ok(distance(shades[i]!, shades[i + 1]!) > 0.05, `labels ${i + 1} and ${i + 2} look alike`);
    }
    assert.deepEqual(jobLabelColor(0, 0.3), [0, 0, 0, 0], 'background stays transparent');
  });

  it('keeps today’s colour per label id in `label` mode, whatever the job', () => {
    const a: LayerPalette = { mode: 'label', hue: jobHue(0) };
    const b: LayerPalette = { mode: 'label', hue: jobHue(1) };
    assert.deepEqual(paletteColor(a, 7), labelColor(7));
    assert.deepEqual(paletteColor(b, 7), labelColor(7));
    assert.notDeepEqual(paletteColor({ ...a, mode: 'job' }, 7), paletteColor({ ...b, mode: 'job' }, 7), 'job mode tells the jobs apart');
  });
});

describe('layerColorTable', () => {
  const ids = new Float64Array([0, 3, 9]);
  const alphas = (table: Float32Array) => [table[3], table[7], table[11]];

  it('makes hidden labels transparent and keeps the others', () => {
    const table = layerColorTable(ids, { mode: 'job', hue: 0.2, hidden: new Set([9]) });
    assert.deepEqual(alphas(table), [0, 1, 0]);
    assert.deepEqual([...table.subarray(4, 8)], [...new Float32Array(jobLabelColor(3, 0.2))]);
  });

  it('dims every label but the selected one, and all of a layer that does not hold it', () => {
    assert.deepEqual(alphas(layerColorTable(ids, { mode: 'label', hue: 0, highlight: 3 })), [0, 1, Math.fround(DIMMED_ALPHA)]);
    assert.deepEqual(alphas(layerColorTable(ids, { mode: 'label', hue: 0, highlight: null })), [0, Math.fround(DIMMED_ALPHA), Math.fround(DIMMED_ALPHA)]);
    assert.deepEqual(alphas(layerColorTable(ids, { mode: 'label', hue: 0 })), [0, 1, 1], 'no selection, nothing dimmed');
  });

  it('lets a host’s colour win in both modes', () => {
    const overrides = new Map<number, Rgba>([[9, [1, 0, 0, 1]]]);
    for (const mode of ['label', 'job'] as const) assert.deepEqual([...layerColorTable(ids, { mode, hue: 0.5, overrides }).subarray(8)], [1, 0, 0, 1]);
  });
});

describe('layer settings', () => {
  it('replaces the hidden labels with setLayer’s list, keeps them over a restart, and lists them in layer()', () => {
    let view = applyLayerSettings(createJobView('a', 1, 2), { hiddenLabels: [4, 2, 0] });
    assert.deepEqual([...view.hiddenLabels].sort(), [2, 4], 'background is never "hidden"');
    view = restartedView(view);
    assert.deepEqual([...view.hiddenLabels].sort(), [2, 4]);
    assert.equal(view.colorSlot, 2, 'a restarted job keeps its hue');
    assert.deepEqual(applyLayerSettings(view, { opacity: 0.5 }).hiddenLabels, view.hiddenLabels, 'other settings leave them');
    assert.deepEqual(applyLayerSettings(view, { hiddenLabels: [] }).hiddenLabels.size, 0);
  });

  it('isolates a label, and shows all again when it is isolated already', () => {
    assert.deepEqual(isolateLabel([1, 2, 3], new Set(), 2), [1, 3]);
    assert.deepEqual(isolateLabel([1, 2, 3], new Set([1, 3]), 2), []);
    assert.deepEqual(isolateLabel([1, 2, 3], new Set([1, 3]), 1), [2, 3], 'another label: isolate that one');
  });

  it('gives a new job the first colour slot no shown job holds', () => {
    assert.equal(freeColorSlot([]), 0);
    assert.equal(freeColorSlot([createJobView('a', 1, 0), createJobView('c', 1, 2)]), 1);
  });

  it('keeps the views of jobs still shown, in the order of `jobs`, and makes new ones in free colour slots', () => {
    const a = createJobView('a', 0.5, 0);
    const b = createJobView('b', 0.5, 1);
    const c = createJobView('c', 0.5, 2);
    const { views, added } = viewsForJobs(new Map([a, b, c].map((view) => [view.id, view])), ['c', 'd', 'a', 'e'], 0.7);
    assert.deepEqual([...views.keys()], ['c', 'd', 'a', 'e']);
    assert.equal(views.get('a'), a, 'a kept job keeps its view (its state and colour slot)');
    assert.equal(views.get('c'), c);
    assert.deepEqual(added.map((view) => [view.id, view.colorSlot, view.opacity]), [['d', 1], ['e', 3]].map(([id, slot]) => [id, slot, 0.7]), "b's slot is free again");
    assert.deepEqual(added, [views.get('d'), views.get('e')]);
  });

  it('builds the palette from the view, the mode and the selection', () => {
    const view = applyLayerSettings(createJobView('a', 1, 1), { hiddenLabels: [5] });
    const palette = jobPalette(view, 'job', { jobId: 'a', label: 3 });
    assert.equal(palette.hue, jobHue(1));
    assert.equal(palette.highlight, 3);
    assert.deepEqual([...(palette.hidden ?? [])], [5]);
    assert.equal(jobPalette(view, 'job', { jobId: 'b', label: 3 }).highlight, null);
    assert.equal(jobPalette(view, 'job').highlight, undefined);
  });
});
