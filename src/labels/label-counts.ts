// Voxels per original label id, from a preview's dense index → id and dense index → count: what the
// layer panel, `layer()`, `job-preview` and `history()` report. Background and absent labels are left out.

export function labelCountEntries(labelIds: ArrayLike<number>, counts: ArrayLike<number>): Array<[id: number, voxels: number]> {
  const entries: Array<[number, number]> = [];
  for (let dense = 0; dense < labelIds.length; dense++) {
    const id = labelIds[dense]!;
    const count = counts[dense] ?? 0;
    if (id !== 0 && count > 0) entries.push([id, count]);
  }
  return entries;
}

/** As a plain object keyed by id (`{ "1": 5123 }`): what hosts serialize. */
export function labelCountsById(labelIds: ArrayLike<number>, counts: ArrayLike<number>): Record<number, number> {
  return Object.fromEntries(labelCountEntries(labelIds, counts));
}
