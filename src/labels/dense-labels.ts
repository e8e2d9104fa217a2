// Original label ids → small dense indices, stable across a job's previews: an id keeps its index (and
// so its place in changed-region comparisons) while the index has room. The cap is on what one preview
// holds, not on the job: when new ids would overflow it, the indices of ids that this preview no longer
// holds are recycled (a server that renumbers its instances in every preview never runs out). Colours
// are keyed by the original id, so recycling never recolours a label.
import { backgroundWords, type BackgroundWords } from './background-words.ts';
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
  /** Some dense indices now stand for other ids than in the previous index (compare by id, not index). */
  recycled: boolean;
}

/** 65536 indices fit a Uint16Array; a preview with more distinct labels cannot be shown. */
export const MAX_DENSE_LABELS = 0x10000;

export function createLabelIndex(): LabelIndex {
  return { ids: [0], denseOf: new Map([[0, 0]]) };
}

/**
 * Maps ids to dense indices, appending ids the index lacks (ascending within one preview) and, once it
 * is full, recycling the indices of ids absent from this preview. Uint8Array while the index has ≤ 256
 * entries, Uint16Array after.
 */
export function densify(ids: LabelIds, index: LabelIndex): Densified {
  // Small integer kinds: one histogram pass tells which ids occur, then a lookup table maps them.
  if (ids instanceof Uint8Array) return densifyByTable(ids, index, 0x100, 0);
  if (ids instanceof Uint16Array) return densifyByTable(ids, index, 0x10000, 0);
  if (ids instanceof Int8Array) return densifyByTable(ids, index, 0x100, 0x80);
  if (ids instanceof Int16Array) return densifyByTable(ids, index, 0x10000, 0x8000);
  return densifyByMap(ids, index);
}

/**
 * Voxel values v in [-offset, range - offset): table slot v + offset. Background words (4 uint8 or 2
 * uint16 zeros) are counted at once and left as they are: id 0 is always dense index 0, and the dense
 * array starts zeroed.
 */
function densifyByTable(ids: Uint8Array | Uint16Array | Int8Array | Int16Array, index: LabelIndex, range: number, offset: number): Densified {
  const background = backgroundWords(ids, ids.length);
  const histogram = new Uint32Array(range);
  if (background) countByWords(ids, background, histogram);
  else for (let i = 0; i < ids.length; i++) histogram[ids[i]! + offset]!++;
  const present: number[] = [];
  for (let slot = 0; slot < range; slot++) if (histogram[slot] !== 0) present.push(slot - offset); // ascending
  const { index: next, recycled } = extendIndex(index, present, () => new Set(present));
  const table = new Uint16Array(range);
  const counts = new Float64Array(next.ids.length);
  for (const id of present) {
    const dense = next.denseOf.get(id)!;
    table[id + offset] = dense;
    counts[dense] = histogram[id + offset]!;
  }
  const labels = allocateDense(ids.length, next);
  const asIs = copiesAsIs(ids, labels, present, table);
  if (background && asIs) copyByWords(background, labels);
  else if (background) mapByWords(ids, background, table, labels);
  else if (asIs) labels.set(ids);
  else for (let i = 0; i < ids.length; i++) labels[i] = table[ids[i]! + offset]!;
  return { labels, index: next, counts, recycled };
}

/**
 * Whether the dense labels are the ids themselves, so one copy does (a job whose ids are 1…n in its
 * first preview keeps them as its indices): unsigned ids of the output's element size, each its own index.
 */
function copiesAsIs(ids: ArrayLike<number>, labels: DenseLabels, present: readonly number[], table: Uint16Array): boolean {
  const sameKind = (ids instanceof Uint8Array && labels instanceof Uint8Array) || (ids instanceof Uint16Array && labels instanceof Uint16Array);
  return sameKind && present.every((id) => table[id] === id);
}

/** The histogram of unsigned ids, a background word at a time. */
function countByWords(ids: ArrayLike<number>, { words, perWord }: BackgroundWords, histogram: Uint32Array): void {
  let zeros = 0;
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) {
      zeros += perWord;
      continue;
    }
    for (let i = w * perWord, end = i + perWord; i < end; i++) histogram[ids[i]!]!++;
  }
  histogram[0]! += zeros;
}

/** labels[i] = table[ids[i]] for unsigned ids, leaving background words (already 0 in `labels`) alone. */
function mapByWords(ids: ArrayLike<number>, { words, perWord }: BackgroundWords, table: Uint16Array, labels: DenseLabels): void {
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    for (let i = w * perWord, end = i + perWord; i < end; i++) labels[i] = table[ids[i]!]!;
  }
}

/**
 * labels = ids for ids that are their own indices (of labels' kind), a word at a time, leaving background
 * words alone: the fresh array's pages that stay background are never written (a fresh page costs more
 * to fault in than to fill; scratch-memory.ts).
 */
function copyByWords({ words }: BackgroundWords, labels: DenseLabels): void {
  const out = new Uint32Array(labels.buffer, labels.byteOffset, words.length);
  for (let w = 0; w < words.length; w++) if (words[w] !== 0) out[w] = words[w]!;
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
  const { index: next, recycled } = extendIndex(index, [...unseen].sort((a, b) => a - b), () => distinctIds(ids));
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
  return { labels, index: next, counts, recycled };
}

/**
 * The index with every id of `sortedIds` it lacks: appended while there is room, then in the slots of
 * ids that `present()` (this preview's ids, asked only when needed) does not hold. The same object if
 * none is new. Throws only when this one preview holds more labels than can be shown.
 */
function extendIndex(
  index: LabelIndex,
  sortedIds: readonly number[],
  present: () => ReadonlySet<number>,
): { index: LabelIndex; recycled: boolean } {
  const fresh = sortedIds.filter((id) => !index.denseOf.has(id));
  if (fresh.length === 0) return { index, recycled: false };
  const ids = [...index.ids];
  const denseOf = new Map(index.denseOf);
  const room = MAX_DENSE_LABELS - ids.length;
  const free = fresh.length > room ? freeSlots(index, present(), fresh.length - room) : [];
  if (fresh.length > room + free.length) {
    const held = [...present()].filter((id) => id !== 0).length;
    throw new LabelDecodeError('labels', `This preview holds ${held} distinct labels; at most ${MAX_DENSE_LABELS - 1} can be shown.`);
  }
  let next = 0;
  for (const id of fresh) {
    let dense = ids.length;
    if (dense < MAX_DENSE_LABELS) ids.push(id);
    else {
      dense = free[next++]!;
      denseOf.delete(ids[dense]!);
      ids[dense] = id;
    }
    denseOf.set(id, dense);
  }
  return { index: { ids, denseOf }, recycled: free.length > 0 };
}

/** Up to `wanted` dense indices (never 0, the background) whose ids `present` does not hold. */
function freeSlots(index: LabelIndex, present: ReadonlySet<number>, wanted: number): number[] {
  const free: number[] = [];
  for (let dense = 1; dense < index.ids.length && free.length < wanted; dense++) {
    if (!present.has(index.ids[dense]!)) free.push(dense);
  }
  return free;
}

function distinctIds(ids: ArrayLike<number>): Set<number> {
  const seen = new Set<number>();
  let last = Number.NaN;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id === last) continue;
    last = id;
    seen.add(id);
  }
  return seen;
}

function allocateDense(length: number, index: LabelIndex): DenseLabels {
  return index.ids.length <= 0x100 ? new Uint8Array(length) : new Uint16Array(length);
}
