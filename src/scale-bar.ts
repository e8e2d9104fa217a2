// The scale bar's arithmetic, pure: the `voxel-size` attribute read into a length per source voxel, how
// many CSS pixels one world unit covers for a camera, and a "nice" bar (1, 2 or 5 times a power of ten)
// no longer than the room it has. World units are source voxels (slice-probe.ts says why), so a layer's
// downsampling needs no term here: its spacing already says how many source voxels a preview voxel is.

/** A length unit the scale bar reads and writes, and its size in metres. */
const UNITS = [
  { unit: 'Å', metres: 1e-10, names: ['å', 'a', 'angstrom', 'ångström'] },
  { unit: 'nm', metres: 1e-9, names: ['nm'] },
  // U+00B5 (micro sign) and U+03BC (Greek mu) both occur in the wild; `um` is what a keyboard gives.
  { unit: 'µm', metres: 1e-6, names: ['µm', 'μm', 'um'] },
  { unit: 'mm', metres: 1e-3, names: ['mm'] },
] as const;

export type LengthUnit = (typeof UNITS)[number]['unit'];

/** The physical size of one source voxel. */
export interface VoxelSize {
  value: number;
  unit: LengthUnit;
}

/** What `voxel-size` says: nothing (the bar counts voxels), a size, or text that is no size (with why). */
export type VoxelSizeReading = { kind: 'voxels' } | { kind: 'size'; size: VoxelSize } | { kind: 'invalid'; message: string };

/** Reads `"13.48 Å"`, `"1.2 nm"`, `"0.5 µm"` (also `A`, `angstrom`, `um`, `mm`; the space is optional). Never throws. */
export function parseVoxelSize(text: string | null | undefined): VoxelSizeReading {
  const trimmed = (text ?? '').trim();
  if (trimmed === '') return { kind: 'voxels' };
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(\S+)$/i.exec(trimmed);
  const found = match && UNITS.find(({ names }) => (names as readonly string[]).includes(match[2]!.normalize('NFC').toLowerCase()));
  if (!match || !found) {
    return { kind: 'invalid', message: `voxel-size "${trimmed}" is not a length: write a number and a unit (Å, nm, µm or mm), e.g. "13.48 Å".` };
  }
  const value = Number(match[1]);
  if (!(value > 0) || !Number.isFinite(value)) return { kind: 'invalid', message: `voxel-size "${trimmed}" must be a positive length.` };
  return { kind: 'size', size: { value, unit: found.unit } };
}

/** How a camera maps the world to its viewport: what decides the world length the viewport's height spans. */
export interface CameraLens {
  parallel: boolean;
  /** Half the viewport's height in world units, for a parallel camera. */
  parallelScale: number;
  /** Vertical view angle in degrees, for a perspective camera. */
  viewAngle: number;
  /** Camera position to focal point: a perspective camera's scale holds at the focal plane. */
  distance: number;
}

/** CSS pixels per world unit (source voxel) at the focal plane, for a viewport `heightPx` CSS pixels high; NaN when undefined. */
export function pixelsPerWorldUnit(lens: CameraLens, heightPx: number): number {
  const span = lens.parallel ? 2 * lens.parallelScale : 2 * lens.distance * Math.tan((lens.viewAngle * Math.PI) / 360);
  return span > 0 && heightPx > 0 ? heightPx / span : Number.NaN;
}

/** The largest 1, 2 or 5 × 10^k that is at most `limit` (> 0). */
export function niceLength(limit: number): number {
  const power = 10 ** Math.floor(Math.log10(limit));
  const step = [5, 2, 1].find((s) => s * power <= limit * (1 + 1e-9)) ?? 1;
  return step * power;
}

/** The bar to draw: its width in CSS pixels and its label. */
export interface ScaleBar {
  widthPx: number;
  label: string;
}

/** Widest bar, CSS pixels: a nice length is always more than 2/5 of it. */
export const SCALE_BAR_MAX_PX = 120;

/**
 * The longest nice bar that fits in `maxPx` at `pixelsPerVoxel`: in source voxels, or, with a voxel size,
 * in its unit while that reads 1 to 1000, else in the unit that does. Null when the scale is unknown.
 */
export function scaleBar(pixelsPerVoxel: number, voxelSize: VoxelSize | null, maxPx = SCALE_BAR_MAX_PX): ScaleBar | null {
  if (!(pixelsPerVoxel > 0) || !Number.isFinite(pixelsPerVoxel)) return null;
  const voxels = maxPx / pixelsPerVoxel;
  if (!voxelSize) {
    const length = niceLength(voxels);
    return { widthPx: (length / voxels) * maxPx, label: `${formatNumber(length)} ${length === 1 ? 'voxel' : 'voxels'}` };
  }
  const metres = voxels * voxelSize.value * UNITS.find((u) => u.unit === voxelSize.unit)!.metres;
  const given = UNITS.find((u) => u.unit === voxelSize.unit)!;
  const fits = (u: (typeof UNITS)[number]) => metres / u.metres >= 1 && metres / u.metres < 1000;
  // The largest unit the length reads at least 1 in (nm before Å), else the smallest.
  const unit = fits(given) ? given : ([...UNITS].reverse().find((u) => metres / u.metres >= 1) ?? UNITS[0]);
  const limit = metres / unit.metres;
  const length = niceLength(limit);
  return { widthPx: (length / limit) * maxPx, label: `${formatNumber(length)} ${unit.unit}` };
}

/** 0.5, 2, 5000, 1e-7: no float noise from the power of ten. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}
