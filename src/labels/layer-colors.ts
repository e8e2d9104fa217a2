// A layer's colours as the viewer shows them: which colour mode (one colour per label id everywhere,
// or one hue per job with its labels as steps of that hue), which labels the user hid, and which one is
// selected (the rest dimmed). Pure; the scene turns the table into vtk lookup tables.
import { fraction, hsvToRgb, labelColor, type Rgba } from './colormap.ts';

/** `label`: napari-like, a label id has one colour in every job. `job`: each job one hue. */
export type ColorMode = 'label' | 'job';

export const COLOR_MODES: readonly ColorMode[] = ['label', 'job'];

export function isColorMode(value: unknown): value is ColorMode {
  return value === 'label' || value === 'job';
}

/** Everything that decides one layer's label colours. */
export interface LayerPalette {
  mode: ColorMode;
  /** The job's hue, 0..1 (jobHue). */
  hue: number;
  /** Colours the host set per original label id; they win in both modes. */
  overrides?: ReadonlyMap<number, Rgba>;
  /** Original label ids drawn fully transparent. */
  hidden?: ReadonlySet<number>;
  /**
   * Selection: undefined when nothing is selected (nothing dimmed); a label id when this layer holds the
   * selected label (every other label dimmed); null when another layer holds it (all of this one dimmed).
   */
  highlight?: number | null;
}

/** Alpha factor of a dimmed label: faint enough that the selected one stands out, still there to place it. */
export const DIMMED_ALPHA = 0.2;

/** The golden angle as a fraction of the wheel: consecutive slots land far apart, and never repeat. */
const GOLDEN_ANGLE = 0.381966011250105;
/** The first job's hue: a blue that reads well on the dark background and on grey tomograms. */
const FIRST_HUE = 0.58;
const STEP_A = 0x9e3779b9;
const STEP_B = 0x7f4a7c15;

/** The hue of the job in colour slot `slot` (0 for the first job shown, 1 for the second, …). */
export function jobHue(slot: number): number {
  return fraction(FIRST_HUE + slot * GOLDEN_ANGLE);
}

/** The job's own colour (its swatch): its hue, saturated and bright. */
export function jobColor(hue: number): Rgba {
  return [...hsvToRgb(fraction(hue), 0.75, 0.95), 1];
}

/**
 * Label `id` of a job of hue `hue`: the hue kept (±0.03), saturation and value stepped by golden-ratio
 * sequences over the id, so neighbouring ids are different shades of the same colour. Id 0 is transparent.
 */
export function jobLabelColor(id: number, hue: number): Rgba {
  if (id === 0) return [0, 0, 0, 0];
  const lo = ((id % 2 ** 32) + 2 ** 32) % 2 ** 32;
  const hi = Math.floor(id / 2 ** 32);
  const a = (Math.imul(lo, STEP_A) ^ Math.imul(hi, STEP_B)) >>> 0;
  const b = (Math.imul(lo ^ hi, STEP_B) >>> 0) / 2 ** 32;
  const step = a / 2 ** 32;
  const saturation = 0.5 + 0.45 * step;
  const value = 0.65 + 0.35 * fraction(step + b * 0.5 + 0.5);
  return [...hsvToRgb(fraction(hue + (b - 0.5) * 0.06), saturation, value), 1];
}

/** The colour label `id` has in this palette, before hiding and dimming (the legend's swatch). */
export function paletteColor(palette: LayerPalette, id: number): Rgba {
  const override = palette.overrides?.get(id);
  if (override) return [...override];
  return palette.mode === 'job' ? jobLabelColor(id, palette.hue) : labelColor(id);
}

/** The colour drawn for label `id`: the palette's, transparent when hidden, faint when not the selected one. */
export function shownColor(palette: LayerPalette, id: number): Rgba {
  const color = paletteColor(palette, id);
  if (palette.hidden?.has(id)) color[3] = 0;
  else if (palette.highlight !== undefined && palette.highlight !== id) color[3] *= DIMMED_ALPHA;
  return color;
}

/** RGBA per dense index (4 floats each) for the scene's lookup tables; `labelIds[i]` is dense index i's original id. */
export function layerColorTable(labelIds: Float64Array, palette: LayerPalette): Float32Array {
  const table = new Float32Array(labelIds.length * 4);
  fillLayerColors(table, labelIds, 0, labelIds.length, palette);
  return table;
}

/** Fills dense indices [start, end) of a colour table: the table built a step at a time (the scene's frame budget). */
export function fillLayerColors(table: Float32Array, labelIds: Float64Array, start: number, end: number, palette: LayerPalette): void {
  for (let dense = start; dense < end && dense < labelIds.length; dense++) table.set(shownColor(palette, labelIds[dense]!), dense * 4);
}

/** A key that changes whenever the table would: the scene rebuilds its tables only then. */
export function paletteKey(palette: LayerPalette): string {
  const overrides = [...(palette.overrides ?? [])].map(([id, rgba]) => `${id}:${rgba.join(',')}`).join(';');
  const hidden = [...(palette.hidden ?? [])].sort((x, y) => x - y).join(',');
  return `${palette.mode}|${palette.hue}|${overrides}|${hidden}|${palette.highlight}`;
}
