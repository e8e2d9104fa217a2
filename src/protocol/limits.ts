// How much a server may make this widget hold: the size a preview may declare, and the length of any
// server-sent text that reaches an event.

/**
 * The most voxels a preview header may declare (a 512³ volume): a guard against a hostile size, checked
 * before any byte is decoded. Not the downsampling budget (`StreamOptions.maxVoxels`), which says how many
 * voxels a drawn layer keeps.
 */
export const DEFAULT_MAX_DECLARED_VOXELS = 512 * 512 * 512;

/** Server strings (messages, stages, codes) longer than this are cut, with an ellipsis. */
export const MAX_TEXT_LENGTH = 2000;

/** Server text as an event may carry it: at most `max` characters, a trailing "…" marking a cut. */
export function boundText(text: string, max: number = MAX_TEXT_LENGTH): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  // Never cut between the two halves of a surrogate pair: a lone half renders as garbage.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}
