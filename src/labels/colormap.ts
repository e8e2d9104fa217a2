// Label id → color, napari-like: every id keeps one color everywhere, background is transparent, and
// neighbouring ids get far-apart hues (golden-ratio hue steps from a seeded start).
export type Rgba = [r: number, g: number, b: number, a: number];

const TRANSPARENT: Rgba = [0, 0, 0, 0];
/** 2^32 / φ: multiplying by it steps the hue by the golden ratio, modulo 1, in exact integer arithmetic. */
const GOLDEN_32 = 0x9e3779b9;
const SATURATION_STEP = 0x7f4a7c15; // a second, unrelated odd constant for the saturation/value wobble
const TWO_POW_32 = 2 ** 32;

/**
 * RGBA in 0..1 of label `id` (id 0 → transparent). Hue = seed + id/φ (mod 1), so consecutive ids are
 * ~0.38 of the wheel apart; saturation and value vary a little per id so ids whose hues come close
 * (Fibonacci distances) still differ. Integer hashing keeps ids up to 2^53 exact and deterministic.
 */
export function labelColor(id: number, seed = 0.5): Rgba {
  if (id === 0) return [...TRANSPARENT];
  const lo = ((id % TWO_POW_32) + TWO_POW_32) % TWO_POW_32;
  const hi = Math.floor(id / TWO_POW_32);
  const hueBits = (Math.imul(lo, GOLDEN_32) ^ Math.imul(hi, SATURATION_STEP)) >>> 0;
  const hue = fraction(seed + hueBits / TWO_POW_32);
  const wobble = (Math.imul(lo ^ hi, SATURATION_STEP) >>> 0) / TWO_POW_32;
  const saturation = 0.55 + 0.4 * wobble;
  const value = 1 - 0.3 * fraction(wobble * 7);
  return [...hsvToRgb(hue, saturation, value), 1];
}

/**
 * RGBA per dense index (4 floats each) for a scene's lookup table: `labelIds[i]` is the original id of
 * dense index i. `overrides` maps an original id to a color of the caller's choosing.
 */
export function labelColorTable(labelIds: Float64Array, overrides?: ReadonlyMap<number, Rgba>, seed = 0.5): Float32Array {
  const table = new Float32Array(labelIds.length * 4);
  fillLabelColors(table, labelIds, 0, labelIds.length, overrides, seed);
  return table;
}

/**
 * Fills dense indices [start, end) of a labelColorTable-shaped `table`: the same table, built a part at
 * a time (thousands of labels take longer than one frame may spend).
 */
export function fillLabelColors(table: Float32Array, labelIds: Float64Array, start: number, end: number, overrides?: ReadonlyMap<number, Rgba>, seed = 0.5): void {
  for (let dense = start; dense < end && dense < labelIds.length; dense++) {
    const id = labelIds[dense]!;
    table.set(overrides?.get(id) ?? labelColor(id, seed), dense * 4);
  }
}

/** CSS color of an RGBA in 0..1: `rgb(r g b)` when opaque, `rgb(r g b / a)` otherwise. */
export function cssColor([r, g, b, a]: Rgba): string {
  const channels = `${byte(r)} ${byte(g)} ${byte(b)}`;
  return a >= 1 ? `rgb(${channels})` : `rgb(${channels} / ${Math.round(Math.max(0, a) * 1000) / 1000})`;
}

function byte(channel: number): number {
  return Math.round(Math.min(1, Math.max(0, channel)) * 255);
}

export function fraction(x: number): number {
  return x - Math.floor(x);
}

export function hsvToRgb(h: number, s: number, v: number): [number, number, number] {
  const sector = h * 6;
  const i = Math.floor(sector) % 6;
  const f = sector - Math.floor(sector);
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  switch (i) {
    case 0: return [v, t, p];
    case 1: return [q, v, p];
    case 2: return [p, v, t];
    case 3: return [p, q, v];
    case 4: return [t, p, v];
    default: return [v, p, q];
  }
}
