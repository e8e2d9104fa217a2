// Per-stage CPU of the decode worker's label pipeline (src/labels/decode-preview.ts) and of the job
// worker's history store, on two consecutive previews of the mock's moving objects (the bench's stream
// scenarios: demo/mock-stream pattern `objects`, 4 labels, uint8) at 128³ and 256³. Each stage is run
// alone on the same inputs, N times in one process; best and median in ms. Not part of `npm run bench`:
//   node --import tsx test/bench/pipeline-stages.ts [--src=<dir holding labels/>] [--reps=N] [--sizes=128,256]
// `--src` points at another checkout's src/ (e.g. one extracted with `git archive`) to compare builds
// in turn on the same machine; base64 is left out (Chromium decodes it natively, node does not).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { labelBytes } from '../../demo/mock-stream/preview-encoding.js';
import { patternLabels } from '../../demo/mock-stream/pattern-volume.js';

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const src = path.resolve(args.get('src') ?? path.join(import.meta.dirname, '../../src'));
const reps = Number(args.get('reps') ?? 9);
const sizes = (args.get('sizes') ?? '128,256').split(',').map(Number);
const load = (file: string) => import(pathToFileURL(path.join(src, 'labels', file)).href);

const { decodePreview, createPreviewDecodeState } = await load('decode-preview.ts');
const { createLabelIndex, densify } = await load('dense-labels.ts');
const { changedRegion } = await load('changed-region.ts');
const { labelChanges } = await load('label-changes.ts');
const { downsampleLabels } = await load('downsample.ts');
const { buildSurfaceBricks } = await load('surface-bricks.ts');
const { surfaceLevel } = await load('surface-budget.ts');
const { storePreview } = await load('preview-history.ts');
const { ScratchMemory } = await load('scratch-memory.ts');

/** The bench's stream jobs: seed 1000, 4 labels, ≈ 120 previews; a step a third of the way in. */
const STEPS = 120;
const STEP = 40;
const MAX_VOXELS = 128 ** 3;

function preview(size: number, step: number): Uint8Array {
  const shape: [number, number, number] = [size, size, size];
  const ids = patternLabels({ pattern: 'objects', shape, labels: 4, step, steps: STEPS, seed: 1000 });
  const bytes = labelBytes(ids, 'uint8');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength).slice();
}

function time(run: () => unknown): { best: number; median: number } {
  run(); // warm: compiled, and its memory in use once
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { best: samples[0]!, median: samples[Math.floor(samples.length / 2)]! };
}

console.log(`src ${path.relative(process.cwd(), src) || '.'}, ${reps} reps, steps ${STEP}→${STEP + 1} of ${STEPS}`);
for (const size of sizes) {
  const shape: [number, number, number] = [size, size, size];
  const header = { shape, dtype: 'uint8', spacing: [1, 1, 1], compression: 'none' };
  // 4 jobs share 500 k faces at 128³ (bench b); one job keeps 200 k at 256³ (bench c).
  const options = { maxVoxels: MAX_VOXELS, maxInflatedBytes: 2 ** 31, maxFaces: size === 128 ? 125_000 : 200_000, brickSize: 64 };
  const bytes = [preview(size, STEP), preview(size, STEP + 1)];
  const scratch = new ScratchMemory();
  const first = await decodePreview({ header, bytes: bytes[0] }, createPreviewDecodeState(), options, scratch);
  const state = first.state;

  const small = downsampleLabels(bytes[1], shape, MAX_VOXELS, scratch);
  const smallIds = small.ids.slice();
  const densified = densify(smallIds, state.index);
  const { labels } = densified;
  const labelIds = Float64Array.from(densified.index.ids);
  const grid = { shape: small.shape, spacing: first.volume.spacing, origin: first.volume.origin };
  const changed = changedRegion(state.previous.labels, labels, small.shape);
  const decoded = await decodePreview({ header, bytes: bytes[1] }, state, options, scratch);

  const stages: Record<string, () => unknown> = {
    downsample: () => downsampleLabels(bytes[1], shape, MAX_VOXELS, scratch),
    densify: () => densify(smallIds, state.index),
    changedRegion: () => changedRegion(state.previous.labels, labels, small.shape),
    labelChanges: () => labelChanges(state.previous, { labels, labelIds, grid }),
    surfaceLevel: () => surfaceLevel(labels, small.shape, options.maxFaces),
    surfaceBricks: () => buildSurfaceBricks(labels, small.shape, grid.spacing, grid.origin, changed, state.surface, options),
    'surfaceBricks (all)': () => buildSurfaceBricks(labels, small.shape, grid.spacing, grid.origin, null, null, options),
    'history store': () => storePreview(decoded.volume, { previewId: 2, receivedAt: 0, final: false }),
    'decodePreview (whole)': () => decodePreview({ header, bytes: bytes[1] }, state, options, scratch),
  };
  const box = changed ? `changed x ${changed.min[0]}–${changed.max[0]} y ${changed.min[1]}–${changed.max[1]} z ${changed.min[2]}–${changed.max[2]}` : 'changed: all';
  console.log(`\n${size}³ → ${small.shape.join('×')} (${decoded.volume.surface.bricks.length} bricks sent, ${decoded.volume.surface.faces} faces; ${box})`);
  console.log('stage'.padEnd(24), 'best'.padStart(8), 'median'.padStart(8));
  for (const [name, run] of Object.entries(stages)) {
    // decodePreview is async, but with no compression it finishes synchronously up to its return.
    const { best, median } = time(run);
    console.log(name.padEnd(24), best.toFixed(2).padStart(8), median.toFixed(2).padStart(8));
  }
}
