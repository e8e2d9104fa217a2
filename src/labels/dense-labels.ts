// Original label ids → small dense indices, stable for a whole job: an id keeps its index (and so its
// color and its place in changed-region comparisons) in every later preview.
import { LabelDecodeError } from './decode-error.ts';
import type { LabelIds } from './dtype.ts';
import type { DenseLabels } from './label-volume.ts';

/** Dense index → original id (ids[0] = 0, background) and its inverse. Immutable: densify returns a new one. */
export interface LabelIndex {
  readonly ids: readonly number[];
  readonly denseOf: ReadonlyMap<number, number>;
}

export interface Densified {
  labels: DenseLabels;
  index: LabelIndex;
  /** Voxels per dense index in this preview; length = index.ids.length. */
  counts: Float64Array;
}

/** 65536 indices fit a Uint16Array; a job with more distinct labels cannot be shown. */
export const MAX_DENSE_LABELS = 0x10000;

export function createLabelIndex(): LabelIndex {
  return { ids: [0], denseOf: new Map([[0, 0]]) };
}

/**
 * Maps ids to dense indices, appending ids never seen in this job (ascending within one preview).
 * Uint8Array while the index has ≤ 256 entries, Uint16Array after.
 */
export function densify(ids: LabelIds, index: LabelIndex): Densified {
  // Small integer kinds: one histogram pass tells which ids occur, then a lookup table maps them.
  if (ids instanceof Uint8Array) return densifyByTable(ids, index, 0x100, 0);
  if (ids instanceof Uint16Array) return densifyByTable(ids, index, 0x10000, 0);
  if (ids instanceof Int8Array) return densifyByTable(ids, index, 0x100, 0x80);
  if (ids instanceof Int16Array) return densifyByTable(ids, index, 0x10000, 0x8000);
  return densifyByMap(ids, index);
}

/** Voxel values v in [-offset, range - offset): table slot v + offset. */
function densifyByTable(ids: Uint8Array | Uint16Array | Int8Array | Int16Array, index: LabelIndex, range: number, offset: number): Densified {
  const histogram = new Uint32Array(range);
  for (let i = 0; i < ids.length; i++) histogram[ids[i]! + offset]!++;
  const present: number[] = [];
  for (let slot = 0; slot < range; slot++) if (histogram[slot] !== 0) present.push(slot - offset); // ascending
  const next = extendIndex(index, present);
  const table = new Uint16Array(range);
  const counts = new Float64Array(next.ids.length);
  for (const id of present) {
    const dense = next.denseOf.get(id)!;
    table[id + offset] = dense;
    counts[dense] = histogram[id + offset]!;
  }
  const labels = allocateDense(ids.length, next);
  for (let i = 0; i < ids.length; i++) labels[i] = table[ids[i]! + offset]!;
  return { labels, index: next, counts };
}

/** Any other kind: a Map lookup, skipped while the id repeats (labels come in long runs along x). */
function densifyByMap(ids: Uint32Array | Int32Array | Float64Array, index: LabelIndex): Densified {
  const unseen = new Set<number>();
  let last = Number.NaN;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === last) continue;
    last = id;
    if (!index.denseOf.has(id)) unseen.add(id);
  }
  const next = extendIndex(index, [...unseen].sort((a, b) => a - b));
  const counts = new Float64Array(next.ids.length);
  const labels = allocateDense(ids.length, next);
  last = Number.NaN;
  let dense = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id !== last) {
      last = id;
      dense = next.denseOf.get(id)!;
    }
    labels[i] = dense;
    counts[dense]!++;
  }
  return { labels, index: next, counts };
}

/** The index with every id of `sortedIds` it lacks appended in order; the same object if none is new. */
function extendIndex(index: LabelIndex, sortedIds: readonly number[]): LabelIndex {
  const fresh = sortedIds.filter((id) => !index.denseOf.has(id));
  if (fresh.length === 0) return index;
  const size = index.ids.length + fresh.length;
  if (size > MAX_DENSE_LABELS) {
    throw new LabelDecodeError('labels', `This job's previews hold ${size - 1} distinct labels; at most ${MAX_DENSE_LABELS - 1} can be shown.`);
  }
  const ids = [...index.ids, ...fresh];
  const denseOf = new Map(index.denseOf);
  for (let dense = index.ids.length; dense < ids.length; dense++) denseOf.set(ids[dense]!, dense);
  return { ids, denseOf };
}

function allocateDense(length: number, index: LabelIndex): DenseLabels {
  return index.ids.length <= 0x100 ? new Uint8Array(length) : new Uint16Array(length);
}
