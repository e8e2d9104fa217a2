// Where each row of a label grid holds labels: its first and last labelled voxel along x, found once per
// surface level so the face count and every brick's surface pass over background rows (most of a label
// volume: the bench's moving objects leave 81 % of 128³ rows, and their neighbours, empty) with a
// lookup instead of a scan. Pure.
import { backgroundWords } from './background-words.ts';
import type { DenseLabels, Shape3 } from './label-volume.ts';

/** Per row (z · ny + y): the x of its first and of its last labelled voxel; first > last when it has none. */
export interface RowExtents {
  first: Int32Array;
  last: Int32Array;
}

export function rowExtents(labels: DenseLabels, [nz, ny, nx]: Shape3): RowExtents {
  const rows = nz * ny;
  const first = new Int32Array(rows).fill(nx);
  const last = new Int32Array(rows).fill(-1);
  const background = backgroundWords(labels, nx);
  for (let r = 0; r < rows; r++) {
    const row = r * nx;
    let x = 0;
    if (background) {
      const { words, perWord } = background;
      const start = row / perWord;
      const end = start + nx / perWord;
      let w = start;
      while (w < end && words[w] === 0) w++;
      if (w === end) continue;
      x = (w - start) * perWord;
    }
    while (x < nx && labels[row + x] === 0) x++;
    if (x === nx) continue;
    first[r] = x;
    let right = nx - 1;
    if (background) {
      const { words, perWord } = background;
      // The word of voxel x is not background: the scan stops there at the latest.
      let w = (row + nx) / perWord - 1;
      while (words[w] === 0) w--;
      right = w * perWord + perWord - 1 - row;
    }
    while (labels[row + right] === 0) right--;
    last[r] = right;
  }
  return { first, last };
}

/** Whether row `r` has no labelled voxel in [x0, x1): sure when true; false means it may have one. */
export function rowClearOf({ first, last }: RowExtents, r: number, x0: number, x1: number): boolean {
  return first[r]! >= x1 || last[r]! < x0;
}
