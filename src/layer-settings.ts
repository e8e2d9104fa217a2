// What a host may change on a layer (`setLayer()`), the pure step from a job's view to the next, the
// views that follow `jobs`, and the palette and style a view's layer is drawn with.
import { createJobView, type JobView, type RGBA } from './job-view.ts';
import { isColorMode, jobHue, type ColorMode, type LayerPalette } from './labels/layer-colors.ts';
import type { LabelLayerStyle } from './scene/label-layer.ts';

/**
 * What `setLayer()` takes: visibility, opacity, colors by original label id (RGBA 0..1), and the label
 * ids to hide (the whole list: `[]` shows every label again).
 */
export type LayerSettings = Partial<Pick<JobView, 'visible' | 'opacity'>> & {
  colors?: Map<number, RGBA> | Record<number, RGBA>;
  hiddenLabels?: readonly number[];
};

/** The view with the host's settings applied: opacity clamped to 0..1, colors merged over the old ones. */
export function applyLayerSettings(view: JobView, settings: LayerSettings): JobView {
  const colors = settings.colors instanceof Map ? settings.colors : settings.colors ? new Map(Object.entries(settings.colors).map(([id, rgba]) => [Number(id), rgba] as const)) : undefined;
  return {
    ...view,
    visible: settings.visible ?? view.visible,
    opacity: settings.opacity === undefined ? view.opacity : Math.min(1, Math.max(0, settings.opacity)),
    colors: colors ? new Map([...view.colors, ...colors]) : view.colors,
    hiddenLabels: settings.hiddenLabels ? new Set(settings.hiddenLabels.filter((id) => Number.isFinite(id) && id !== 0)) : view.hiddenLabels,
  };
}

/** A fresh view for the same job that keeps what the host chose (visibility, opacity, colors, hidden labels, colour slot). */
export function restartedView(view: JobView): JobView {
  return { ...createJobView(view.id, view.opacity, view.colorSlot), visible: view.visible, colors: view.colors, hiddenLabels: view.hiddenLabels };
}

/** The hidden labels after the legend's toggle of one label. */
export function toggleLabel(hidden: ReadonlySet<number>, label: number, hide: boolean): number[] {
  return hide ? [...hidden, label] : [...hidden].filter((id) => id !== label);
}

/**
 * The hidden labels after a click on `label` to isolate it: every other label of the job hidden, or,
 * when it is already the only one shown, all of them shown again.
 */
export function isolateLabel(labels: Iterable<number>, hidden: ReadonlySet<number>, label: number): number[] {
  const others = [...labels].filter((id) => id !== label);
  const isolated = !hidden.has(label) && others.every((id) => hidden.has(id));
  return isolated ? [] : others;
}

/** The first colour slot no other job holds: a new job's hue differs from every shown job's. */
export function freeColorSlot(views: Iterable<JobView>): number {
  const used = new Set([...views].map((view) => view.colorSlot));
  let slot = 0;
  while (used.has(slot)) slot += 1;
  return slot;
}

/**
 * The views that follow `jobs`: a job shown before keeps its view; a new one gets a fresh view at
 * `opacity`, in the first colour slot no other job holds, and is listed in `added` too.
 */
export function viewsForJobs(views: ReadonlyMap<string, JobView>, jobs: readonly string[], opacity: number): { views: Map<string, JobView>; added: JobView[] } {
  const wanted = new Set(jobs);
  const next = new Map<string, JobView>();
  const added: JobView[] = [];
  const slotted = [...views.values()].filter((view) => wanted.has(view.id));
  for (const id of wanted) {
    const view = views.get(id) ?? createJobView(id, opacity, freeColorSlot([...slotted, ...next.values()]));
    if (!views.has(id)) added.push(view);
    next.set(id, view);
  }
  return { views: next, added };
}

/** Which label is selected, if any: the element's `selectedLabel`. */
export interface LabelSelection {
  jobId: string;
  label: number;
}

/** The palette a job's layer is drawn with: mode, the job's hue, its overrides, hidden labels and the selection. */
export function jobPalette(view: JobView, mode: ColorMode, selection: LabelSelection | null = null): LayerPalette {
  return {
    mode,
    hue: jobHue(view.colorSlot),
    overrides: view.colors,
    hidden: view.hiddenLabels,
    highlight: selection === null ? undefined : selection.jobId === view.id ? selection.label : null,
  };
}

/** The palette under the element's `colorMode` (an unknown mode draws label colours) and `selectedLabel`. */
export function shownPalette(view: JobView, element: { colorMode: string; selectedLabel: LabelSelection | null }): LayerPalette {
  return jobPalette(view, isColorMode(element.colorMode) ? element.colorMode : 'label', element.selectedLabel);
}

/** What the scene draws a view's layer with: its visibility, opacity, colour overrides and the rest of its palette. */
export function layerStyle(view: JobView, { overrides, ...palette }: LayerPalette): LabelLayerStyle {
  return { visible: view.visible, opacity: view.opacity, colors: overrides, palette };
}
