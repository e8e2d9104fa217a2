// Progress as a fraction 0..1, whatever unit the server used. Pure.

/** Past 1 by at most this much, an enveloped progress is a fraction that overshot (float sums), not a percent. */
const FRACTION_OVERSHOOT = 0.05;

/**
 * An enveloped progress is a fraction; a value above 1 is a percent, except just above 1 (`1.01` after
 * `1.0`), which is a fraction that overshot and is clamped rather than read as 1 %.
 */
export function envelopedFraction(value: number): number {
  if (value <= 1 + FRACTION_OVERSHOOT) return clamp01(value);
  return clamp01(value / 100);
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
