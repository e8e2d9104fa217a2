// What a host may change on a layer (`setLayer()`), and the pure step from a job's view to the next.
import { createJobView, type JobView, type RGBA } from './job-view.ts';

/** What `setLayer()` takes; colors by original label id, RGBA 0..1. */
export type LayerSettings = Partial<Pick<JobView, 'visible' | 'opacity'>> & { colors?: Map<number, RGBA> | Record<number, RGBA> };

/** The view with the host's settings applied: opacity clamped to 0..1, colors merged over the old ones. */
export function applyLayerSettings(view: JobView, settings: LayerSettings): JobView {
  const colors = settings.colors instanceof Map ? settings.colors : settings.colors ? new Map(Object.entries(settings.colors).map(([id, rgba]) => [Number(id), rgba] as const)) : undefined;
  return {
    ...view,
    visible: settings.visible ?? view.visible,
    opacity: settings.opacity === undefined ? view.opacity : Math.min(1, Math.max(0, settings.opacity)),
    colors: colors ? new Map([...view.colors, ...colors]) : view.colors,
  };
}

/** A fresh view for the same job that keeps what the host chose (visibility, opacity, colors). */
export function restartedView(view: JobView): JobView {
  return { ...createJobView(view.id, view.opacity), visible: view.visible, colors: view.colors };
}
