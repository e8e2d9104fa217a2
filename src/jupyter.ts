// anywidget entry (`dist/jupyter.js`): renders <preview-overlay> in a notebook output cell and maps the
// model's traits to the element both ways: `change:x` in; job events out as the `jobs_state`, `progress`
// and `last_error` traits, the panel's 3D/slice toggle back into `view`, and the selection both ways as
// `selected_label`. anywidget imports this
// bundle from a Blob URL, which is why the job worker is inlined rather than a file beside it.
import './index.ts';
import { isColorMode } from './labels/layer-colors.ts';
import { isSurfaceMode } from './labels/surface-mode.ts';
import type { LabelSelection } from './layer-settings.ts';
import { jobEventNames } from './overlay-events.ts';
import type { PreviewOverlay } from './preview-overlay.ts';
import { type BinaryFormat, isBinaryFormat } from './protocol/binary-format.ts';
import { isSliceAxis } from './scene/slice-axis.ts';

/** The part of anywidget's model contract (`AnyModel`) this widget uses. */
export interface AnyModel {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  save_changes(): void;
  on(event: string, callback: (...args: unknown[]) => void): void;
  off(event?: string | null, callback?: ((...args: unknown[]) => void) | null): void;
}

/** What the `jobs_state` trait holds per job id. */
export interface JobSummary {
  state: string;
  progress: number | null;
  previews: number;
  preview_id: number | string | null;
  error: string | null;
}

/** What the `selected_label` trait holds: Python's spelling of the element's `selectedLabel` (None: nothing selected). */
export interface SelectedLabelTrait {
  job_id: string;
  label: number;
}

/** Traits copied into element properties: trait name → property name. */
const TRAITS = {
  server: 'server',
  jobs: 'jobs',
  token: 'token',
  url_template: 'urlTemplate',
  binary_format: 'binaryFormat',
  client_message_key: 'clientMessageKey',
  view: 'view',
  slice_axis: 'sliceAxis',
  slice: 'slice',
  color_mode: 'colorMode',
  surface: 'surface',
  opacity: 'opacity',
  max_voxels: 'maxVoxels',
  background: 'background',
} as const satisfies Record<string, keyof PreviewOverlay>;

type Trait = keyof typeof TRAITS;

/** The kernel hears about job events at most this often: previews come at 1–20 Hz per job. */
const PUBLISH_INTERVAL_MS = 100;

function applyTrait(element: PreviewOverlay, trait: Trait, value: unknown): void {
  const property = TRAITS[trait];
  if (property === 'slice') {
    // `None` means "the middle plane", the element's own default.
    element.slice = value === null || value === undefined ? undefined : Number(value);
    return;
  }
  if (value === undefined || value === null) return;
  if (property === 'jobs') element.jobs = Array.isArray(value) ? value.map(String) : String(value).split(/\s+/).filter(Boolean);
  else if (property === 'opacity' || property === 'maxVoxels') element[property] = Number(value);
  else if (property === 'view') element.view = value === 'slice' ? 'slice' : '3d';
  else if (property === 'sliceAxis') element.sliceAxis = isSliceAxis(value) ? value : 'z';
  else if (property === 'colorMode') element.colorMode = isColorMode(value) ? value : 'label';
  else if (property === 'surface') element.surface = isSurfaceMode(value) ? value : 'voxel';
  else if (property === 'binaryFormat') element.binaryFormat = isBinaryFormat(String(value)) ? (String(value) as BinaryFormat) : 'auto';
  else element[property] = String(value);
}

/** The trait as a selection; anything but `{ job_id: str, label: number }` is none. */
function selectionOf(value: unknown): LabelSelection | null {
  if (typeof value !== 'object' || value === null) return null;
  const { job_id: jobId, label } = value as Record<string, unknown>;
  return typeof jobId === 'string' && typeof label === 'number' && Number.isFinite(label) ? { jobId, label } : null;
}

function selectionTrait(selection: LabelSelection | null): SelectedLabelTrait | null {
  return selection && { job_id: selection.jobId, label: selection.label };
}

function applyHeight(element: PreviewOverlay, height: unknown): void {
  if (typeof height === 'number') element.style.setProperty('--preview-overlay-height', `${height}px`);
  else if (typeof height === 'string' && height) element.style.setProperty('--preview-overlay-height', height);
  else element.style.removeProperty('--preview-overlay-height');
}

function summarize(element: PreviewOverlay, jobId: string, error: string | undefined): JobSummary | undefined {
  const layer = element.layer(jobId);
  if (!layer) return undefined;
  return { state: layer.state, progress: layer.progress ?? null, previews: layer.previews, preview_id: layer.previewId ?? null, error: error ?? null };
}

function render({ model, el }: { model: AnyModel; el: HTMLElement }): () => void {
  const element = document.createElement('preview-overlay');
  const subscriptions: Array<[string, () => void]> = [];
  const subscribe = (event: string, callback: () => void) => {
    model.on(event, callback);
    subscriptions.push([event, callback]);
  };
  for (const trait of Object.keys(TRAITS) as Trait[]) {
    applyTrait(element, trait, model.get(trait));
    subscribe(`change:${trait}`, () => applyTrait(element, trait, model.get(trait)));
  }
  applyHeight(element, model.get('height'));
  subscribe('change:height', () => applyHeight(element, model.get('height')));

  // Out: a summary per job, read from the element itself, so the kernel sees what the panel shows.
  const errors = new Map<string, string>();
  let lastError: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const publish = () => {
    timer = undefined;
    const jobs: Record<string, JobSummary> = {};
    for (const id of element.jobs) {
      const summary = summarize(element, id, errors.get(id));
      if (summary) jobs[id] = summary;
    }
    model.set('jobs_state', jobs);
    model.set('progress', Object.fromEntries(Object.entries(jobs).map(([id, job]) => [id, job.progress ?? 0])));
    if (lastError !== undefined) model.set('last_error', lastError);
    model.save_changes();
  };
  // A timer, not requestAnimationFrame: a notebook in a background tab still reports to its kernel.
  const schedule = () => (timer ??= setTimeout(publish, PUBLISH_INTERVAL_MS));
  const onJobEvent = (event: Event) => {
    const { detail } = event as CustomEvent<{ jobId: string; message?: string }>;
    if ((event.type === 'job-error' || event.type === 'job-failed') && detail.message) {
      errors.set(detail.jobId, detail.message);
      lastError = `${detail.jobId}: ${detail.message}`;
    }
    schedule();
  };
  // The job events only: label-hover comes up to once a frame and says nothing about the jobs.
  for (const type of jobEventNames) element.addEventListener(type, onJobEvent);

  // The panel's 3D/slice buttons change `view`, which the element reflects to its attribute.
  const viewObserver = new MutationObserver(() => {
    if (model.get('view') === element.view) return;
    model.set('view', element.view);
    model.save_changes();
  });
  viewObserver.observe(element, { attributes: true, attributeFilter: ['view'] });

  // The selection: set from the kernel, and back to it when a click (or Escape) in the view changes it.
  const applySelection = () => {
    const wanted = selectionOf(model.get('selected_label'));
    const current = element.selectedLabel;
    if (wanted?.jobId !== current?.jobId || wanted?.label !== current?.label) element.selectedLabel = wanted;
  };
  applySelection();
  subscribe('change:selected_label', applySelection);
  const onSelect = () => {
    model.set('selected_label', selectionTrait(element.selectedLabel));
    model.save_changes();
  };
  element.addEventListener('label-select', onSelect);

  el.append(element);
  return () => {
    for (const [event, callback] of subscriptions) model.off(event, callback);
    for (const type of jobEventNames) element.removeEventListener(type, onJobEvent);
    element.removeEventListener('label-select', onSelect);
    viewObserver.disconnect();
    clearTimeout(timer);
    element.remove();
  };
}

export default { render };
