// anywidget entry (`dist/jupyter.js`): renders <preview-overlay> in a notebook output cell and maps
// the model's traits to the element both ways: `change:x` in; job events out as the `jobs_state`,
// `progress` and `last_error` traits.
import './index.ts';
import type { PreviewOverlay } from './preview-overlay.ts';

/** The part of anywidget's model contract this widget uses. */
export interface AnyModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  on(event: string, callback: () => void): void;
  off(event?: string | null, callback?: (() => void) | null): void;
}

/** Traits copied into element properties: trait name → property name. */
const TRAITS = {
  server: 'server',
  jobs: 'jobs',
  token: 'token',
  url_template: 'urlTemplate',
  view: 'view',
  slice: 'slice',
  opacity: 'opacity',
  max_voxels: 'maxVoxels',
  background: 'background',
} as const satisfies Record<string, keyof PreviewOverlay>;

type JobSummary = { state?: string; progress?: number; previewId?: number; error?: string };

function applyTrait(element: PreviewOverlay, trait: keyof typeof TRAITS, value: unknown): void {
  if (value === undefined || value === null) return;
  const property = TRAITS[trait];
  if (property === 'jobs') element.jobs = Array.isArray(value) ? value.map(String) : String(value).split(/\s+/).filter(Boolean);
  else if (property === 'slice' || property === 'opacity' || property === 'maxVoxels') element[property] = Number(value);
  else if (property === 'view') element.view = value === 'slice' ? 'slice' : '3d';
  else element[property] = String(value);
}

function render({ model, el }: { model: AnyModel; el: HTMLElement }): () => void {
  const element = document.createElement('preview-overlay');
  const height = model.get('height');
  if (typeof height === 'number' || typeof height === 'string') element.style.setProperty('--preview-overlay-height', typeof height === 'number' ? `${height}px` : height);
  const listeners: Array<[string, () => void]> = [];
  for (const trait of Object.keys(TRAITS) as Array<keyof typeof TRAITS>) {
    applyTrait(element, trait, model.get(trait));
    const listener = () => applyTrait(element, trait, model.get(trait));
    model.on(`change:${trait}`, listener);
    listeners.push([`change:${trait}`, listener]);
  }

  const summary = new Map<string, JobSummary>();
  let flush: number | undefined;
  // Job events arrive up to 20 times a second per job; the kernel hears about them once a frame.
  const publish = () => {
    flush ??= requestAnimationFrame(() => {
      flush = undefined;
      const jobs = Object.fromEntries(summary);
      model.set('jobs_state', jobs);
      model.set('progress', Object.fromEntries([...summary].map(([id, job]) => [id, job.progress ?? 0])));
      model.save_changes();
    });
  };
  const update = (jobId: string, patch: JobSummary) => {
    summary.set(jobId, { ...summary.get(jobId), ...patch });
    publish();
  };
  const handlers: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void } = {
    'job-state': (event) => update(event.detail.jobId, { state: event.detail.state }),
    'job-progress': (event) => update(event.detail.jobId, { progress: event.detail.progress }),
    'job-preview': (event) => update(event.detail.jobId, { previewId: event.detail.previewId }),
    'job-completed': (event) => update(event.detail.jobId, { state: 'completed', progress: 1 }),
    'job-failed': (event) => {
      update(event.detail.jobId, { state: 'failed', error: event.detail.message });
      model.set('last_error', `${event.detail.jobId}: ${event.detail.message}`);
    },
    'job-error': (event) => {
      update(event.detail.jobId, { error: event.detail.message });
      model.set('last_error', `${event.detail.jobId}: ${event.detail.message}`);
    },
  };
  for (const [type, handler] of Object.entries(handlers)) element.addEventListener(type, handler as EventListener);

  el.append(element);
  return () => {
    for (const [event, listener] of listeners) model.off(event, listener);
    if (flush !== undefined) cancelAnimationFrame(flush);
    element.remove();
  };
}

export default { render };
