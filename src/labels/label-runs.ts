// A preview's dense label ids, run-length encoded, and an FNV-1a checksum of them: how a job's history
// (preview-history.ts) keeps its previews small and proves that one decoded later is the one that arrived.
//
// Why run length, not deflate: label volumes are long runs along x; RLE is synchronous (the worker's
// decode need not wait on a stream) and several times faster, for less than twice the bytes. Measured
// on the mock's 128³ synthetic volumes (demo/mock-stream/synthetic-volume.js, steps 1..20 of 20), dense
// ids 2 097 152 B; `node --import tsx test/bench/history-compression.ts [labels]`, 2 shared cores:
//   8 labels:  RLE ≈ 15.8 KB (5–29 KB), encode ≈ 10 ms, decode ≈ 6 ms; deflate-raw ≈ 8.7 KB, ≈ 37 ms
//   40 labels: RLE ≈ 21.9 KB (7–39 KB), encode ≈ 15 ms, decode ≈ 7 ms; deflate-raw ≈ 12.3 KB, ≈ 61 ms
// (deflate of the runs ≈ 4–7 KB, but async and slower still). 64 MiB holds thousands of such previews.
import { backgroundWords } from './background-words.ts';
import type { DenseLabels } from './label-volume.ts';

/** Runs as bytes: per run, the dense id then the run's length, each an unsigned LEB128 varint. */
export interface LabelRuns {
  bytes: Uint8Array;
  /** Voxels the runs cover. */
  length: number;
  /** The array kind the ids came in (and are decoded back to): 1 = Uint8Array, 2 = Uint16Array. */
  bytesPerId: 1 | 2;
}

export function encodeLabelRuns(labels: DenseLabels): LabelRuns {
  // Worst case: a run per voxel, 3 bytes per id and 1 per length; grown when a long run needs more.
  let out = new Uint8Array(Math.max(16, Math.min(labels.length * 4 + 16, 1 << 16)));
  let at = 0;
  const put = (value: number) => {
    if (at + 5 > out.length) {
      const grown = new Uint8Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    while (value >= 0x80) {
      out[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    out[at++] = value;
  };
  // Within a run, words of its id (4 uint8 or 2 uint16 voxels) are passed over at once.
  const background = backgroundWords(labels);
  const words = background?.words;
  const perWord = background?.perWord ?? 4;
  const wordEnd = (words?.length ?? 0) * perWord;
  let i = 0;
  while (i < labels.length) {
    const id = labels[i]!;
    let end = i + 1;
    if (words) {
      while (end < wordEnd && end % perWord !== 0 && labels[end] === id) end++;
      if (end % perWord === 0) {
        const word = perWord === 4 ? Math.imul(id, 0x01010101) >>> 0 : ((id << 16) | id) >>> 0;
        while (end < wordEnd && words[end / perWord] === word) end += perWord;
      }
    }
    while (end < labels.length && labels[end] === id) end++;
    put(id);
    put(end - i);
    i = end;
  }
  return { bytes: out.slice(0, at), length: labels.length, bytesPerId: labels instanceof Uint16Array ? 2 : 1 };
}

/** Throws when the runs do not cover exactly `runs.length` voxels (corrupt runs). */
export function decodeLabelRuns(runs: LabelRuns): DenseLabels {
  const labels = runs.bytesPerId === 2 ? new Uint16Array(runs.length) : new Uint8Array(runs.length);
  const { bytes } = runs;
  let at = 0;
  const take = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  };
  let filled = 0;
  while (at < bytes.length) {
    const id = take();
    const count = take();
    if (filled + count > labels.length) break;
    labels.fill(id, filled, filled + count);
    filled += count;
  }
  if (filled !== labels.length || at !== bytes.length) throw new Error(`Stored label runs cover ${filled} voxels, not ${labels.length}.`);
  return labels;
}

/**
 * FNV-1a (32 bit) of the dense ids, each as two bytes (low, high): the same ids give the same checksum
 * whether they are held in a Uint8Array or a Uint16Array.
 */
export function labelChecksum(labels: DenseLabels): number {
  // A background voxel multiplies the hash by FNV_PRIME² (its bytes are 0: the xors do nothing), so a
  // stretch of n background voxels, a word at a time, is one multiplication by FNV_PRIME^2n.
  const background = backgroundWords(labels);
  const words = background?.words ?? new Uint32Array(0);
  const perWord = background?.perWord ?? 4;
  let hash = 0x811c9dc5;
  let zeros = 0;
  const voxels = (from: number, to: number) => {
    if (zeros > 0) hash = Math.imul(hash, imulPower(FNV_PRIME_SQUARED, zeros));
    zeros = 0;
    for (let i = from; i < to; i++) {
      const id = labels[i]!;
      hash = Math.imul(hash ^ (id & 0xff), FNV_PRIME);
      hash = Math.imul(hash ^ (id >>> 8), FNV_PRIME);
    }
  };
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) zeros += perWord;
    else voxels(w * perWord, (w + 1) * perWord);
  }
  voxels(words.length * perWord, labels.length);
  return hash >>> 0;
}

const FNV_PRIME = 0x01000193;
const FNV_PRIME_SQUARED = Math.imul(FNV_PRIME, FNV_PRIME);

/** base^n modulo 2^32 (by squaring). */
function imulPower(base: number, n: number): number {
  let result = 1;
  for (; n > 0; n >>>= 1) {
    if (n & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
  }
  return result;
}
