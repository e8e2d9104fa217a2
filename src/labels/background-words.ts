// Label arrays read 32 bits at a time, to pass over background fast: label volumes are mostly
// background (the bench's 256³ scene: 98 % zeros), and a zero word is 4 uint8 (2 uint16) voxels of
// it at once. Pure.

export interface BackgroundWords {
  /** The array's bytes as 32-bit words. */
  words: Uint32Array;
  /** Voxels per word. */
  perWord: 2 | 4;
}

/**
 * A word view of `labels` when one lines up with its voxels (a Uint8Array or Uint16Array on a 4-byte
 * boundary, `rowLength` voxels a row, rows a whole number of words), else undefined: read voxel by
 * voxel. Voxels past the last whole word are in no word.
 */
export function backgroundWords(labels: ArrayLike<number>, rowLength = 4): BackgroundWords | undefined {
  if (!(labels instanceof Uint8Array || labels instanceof Uint16Array) || labels.byteOffset % 4 !== 0) return undefined;
  const perWord = labels instanceof Uint8Array ? 4 : 2;
  if (rowLength % perWord !== 0) return undefined;
  return { words: new Uint32Array(labels.buffer, labels.byteOffset, Math.floor(labels.length / perWord)), perWord };
}

/** Two label arrays as 32-bit words, compared word by word: when both are of one kind and their words line up. */
export interface PairedWords {
  was: Uint32Array;
  now: Uint32Array;
  perWord: 2 | 4;
}

export function pairedWords(was: ArrayLike<number>, now: ArrayLike<number>, rowLength: number): PairedWords | undefined {
  if (was.constructor !== now.constructor) return undefined;
  const before = backgroundWords(was, rowLength);
  const after = before && backgroundWords(now, rowLength);
  return before && after ? { was: before.words, now: after.words, perWord: after.perWord } : undefined;
}

/**
 * Word arithmetic over a volume of rows of `rowLength` voxels and z planes of `slab` voxels, by shifts and
 * masks (a division per voxel shows in profiles): word index = voxel index >> shift, a voxel starts a
 * word when (x & lane) === 0, and the words of the row and the plane below are wordsPerRow and
 * wordsPerSlab back. `words` is undefined where words do not line up (backgroundWords): read voxels.
 */
export interface WordGrid {
  words: Uint32Array | undefined;
  perWord: 2 | 4;
  shift: number;
  lane: number;
  wordsPerRow: number;
  wordsPerSlab: number;
}

export function wordGrid(labels: ArrayLike<number>, rowLength: number, slab: number): WordGrid {
  const background = backgroundWords(labels, rowLength);
  const perWord = background?.perWord ?? 4;
  const shift = perWord >> 1;
  return { words: background?.words, perWord, shift, lane: perWord - 1, wordsPerRow: rowLength >> shift, wordsPerSlab: slab >> shift };
}

/** Whether labels[start, end) are all background: a word at a time where words line up, else voxel by voxel. */
export function isBackgroundRun(labels: ArrayLike<number>, background: BackgroundWords | undefined, start: number, end: number): boolean {
  let i = start;
  if (background) {
    const { words, perWord } = background;
    for (; i < end && i % perWord !== 0; i++) if (labels[i] !== 0) return false;
    for (; i + perWord <= end; i += perWord) if (words[i / perWord] !== 0) return false;
  }
  for (; i < end; i++) if (labels[i] !== 0) return false;
  return true;
}

/** The label all voxels of word `w` hold (4 uint8 or 2 uint16, in either byte order), or -1 when they differ. */
export function wordLabel(w: number, perWord: 2 | 4): number {
  if (perWord === 4) return ((w ^ (w >>> 8)) & 0xffffff) === 0 ? w & 0xff : -1;
  return ((w ^ (w >>> 16)) & 0xffff) === 0 ? w & 0xffff : -1;
}
