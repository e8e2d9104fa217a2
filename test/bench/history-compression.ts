// How small a job's history keeps a preview: run length (src/labels/label-runs.ts) against deflate
// (CompressionStream), on the mock's 128³ synthetic volumes densified as the worker does. Not part of
// `npm run bench`: run it alone, `node --import tsx test/bench/history-compression.ts`.
import { createLabelIndex, densify } from '../../src/labels/dense-labels.ts';
import { decodeLabelRuns, encodeLabelRuns } from '../../src/labels/label-runs.ts';
import { syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';

async function deflate(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

const steps = 20;
const labels = Number(process.argv[2] ?? 8);
const rows: Array<{ dense: number; rle: number; rleMs: number; unrleMs: number; deflate: number; deflateMs: number; both: number }> = [];
let index = createLabelIndex();
for (let step = 0; step < steps; step++) {
  const ids = syntheticLabels({ shape: [128, 128, 128], labels, step, steps, seed: 7 }) as Uint32Array;
  const dense = densify(ids, index);
  index = dense.index;
  let t = performance.now();
  const runs = encodeLabelRuns(dense.labels);
  const rleMs = performance.now() - t;
  t = performance.now();
  decodeLabelRuns(runs);
  const unrleMs = performance.now() - t;
  t = performance.now();
  const deflated = await deflate(new Uint8Array(dense.labels.buffer));
  const deflateMs = performance.now() - t;
  rows.push({ dense: dense.labels.byteLength, rle: runs.bytes.byteLength, rleMs, unrleMs, deflate: deflated, deflateMs, both: await deflate(runs.bytes) });
}
const mean = (key: keyof (typeof rows)[number]) => rows.reduce((sum, row) => sum + row[key], 0) / rows.length;
console.log(`128³, ${steps} steps, ${labels} labels`);
for (const key of ['dense', 'rle', 'rleMs', 'unrleMs', 'deflate', 'deflateMs', 'both'] as const) console.log(key.padEnd(10), mean(key).toFixed(key.endsWith('Ms') ? 1 : 0));
console.log('rle min/max bytes', Math.min(...rows.map((r) => r.rle)), Math.max(...rows.map((r) => r.rle)));
