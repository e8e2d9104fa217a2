// What a host may set on a job's layer with `setLayer()`, and the JobView that results. Pure.
import type { JobView, RGBA } from './job-view.ts';

/** What `setLayer()` takes; colors by original label id, RGBA 0..1. */
export type LayerSettings = Partial<Pick<JobView, 'visible' | 'opacity'>> & { colors?: Map<number, RGBA> | Record<number, RGBA> };

/** The view with the settings applied: opacity kept in 0..1, colors merged over the ones set before. */
export function withLayerSettings(view: JobView, settings: LayerSettings): JobView {
  const given = settings.colors instanceof Map ? [...settings.colors] : Object.entries(settings.colors ?? {}).map(([id, rgba]) => [Number(id), rgba] as const);
  return {
    ...view,
    visible: settings.visible ?? view.visible,
    opacity: settings.opacity === undefined ? view.opacity : Math.min(1, Math.max(0, settings.opacity)),
    colors: given.length > 0 ? new Map([...view.colors, ...given]) : view.colors,
  };
}
