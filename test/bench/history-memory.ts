// What a job's history really holds in memory: 300 previews of 128³ (the mock's growing objects) stored
// under a budget, then the heap and array buffers measured after a full GC, against the history's own
// byte count. Not part of `npm run bench`: `node --expose-gc --import tsx test/bench/history-memory.ts [budgetMiB]`.
import { syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';
import { createLabelIndex, densify } from '../../src/labels/dense-labels.ts';
import type { LabelVolume } from '../../src/labels/label-volume.ts';
import { PreviewHistory } from '../../src/labels/preview-history.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const budget = Number(process.argv[2] ?? 8) * 2 ** 20;
const memory = () => {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};
const history = new PreviewHistory(budget);
let index = createLabelIndex();
const steps = 300;
// Ids of 60 steps, cycled: the objects grow, shrink back and grow again.
const frames = Array.from({ length: 60 }, (_, step) => syntheticLabels({ shape: [128, 128, 128], labels: 8, step, steps: 60, seed: 3 }) as Uint32Array);
const volumes = frames.map((ids) => {
  const dense = densify(ids, index);
  index = dense.index;
  return dense;
});
const before = memory();
for (let n = 0; n < steps; n++) {
  const { labels, counts } = volumes[n % volumes.length]!;
  const volume = { labels, labelIds: Float64Array.from(index.ids), labelCounts: counts, shape: [128, 128, 128], spacing: [1, 1, 1], origin: [0, 0, 0], downsampleFactor: 1, sourceShape: [128, 128, 128] } as unknown as LabelVolume;
  history.record('job', volume, { previewId: n + 1, final: false, receivedAt: n });
}
const after = memory();
const kept = history.entries('job');
console.log(`budget ${(budget / 2 ** 20).toFixed(1)} MiB; kept ${kept.length} of ${steps} (ids ${kept[0]!.previewId}..${kept.at(-1)!.previewId})`);
console.log(`history's count ${(history.bytes('job') / 2 ** 20).toFixed(2)} MiB; measured heap + array buffers grew ${((after - before) / 2 ** 20).toFixed(2)} MiB`);
