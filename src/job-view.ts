// What the element knows about one job, and how each stream event changes it. Pure.
import type { Rgba } from './labels/colormap.ts';
import type { LabelVolume, Shape3, Vec3 } from './labels/label-volume.ts';
import type { ConnectionState, StreamEvent } from './stream/stream-types.ts';

export type { Rgba as RGBA } from './labels/colormap.ts';

/** The job as a person would describe it: terminal states win, then the connection, then the server's lifecycle. */
export type JobState = ConnectionState | 'queued' | 'running' | 'completed' | 'cancelled' | (string & {});

export interface JobView {
  id: string;
  connection: ConnectionState;
  attempt: number;
  reason: string | undefined;
  /** The server's lifecycle state (`queued`, `running`, …) when it said one. */
  lifecycle: string | undefined;
  terminal: 'completed' | 'failed' | 'cancelled' | undefined;
  progress: number | undefined;
  stage: string | undefined;
  message: string | undefined;
  etaSeconds: number | undefined;
  /** The latest error, kept visible (a later good preview does not hide what went wrong). */
  error: string | undefined;
  /** Bad messages seen so far. */
  errors: number;
  previewId: number | undefined;
  previews: number;
  /** Shape of the layer as drawn (after downsampling), [z, y, x], and its voxel spacing, [x, y, z]. */
  shape: Shape3 | undefined;
  spacing: Vec3 | undefined;
  /** Shape of the preview as the server sent it. */
  sourceShape: Shape3 | undefined;
  downsampleFactor: number;
  labelCounts: Map<number, number>;
  visible: boolean;
  opacity: number;
  colors: Map<number, Rgba>;
}

export function createJobView(id: string, opacity: number): JobView {
  return {
    id,
    connection: 'connecting',
    attempt: 0,
    reason: undefined,
    lifecycle: undefined,
    terminal: undefined,
    progress: undefined,
    stage: undefined,
    message: undefined,
    etaSeconds: undefined,
    error: undefined,
    errors: 0,
    previewId: undefined,
    previews: 0,
    shape: undefined,
    spacing: undefined,
    sourceShape: undefined,
    downsampleFactor: 1,
    labelCounts: new Map(),
    visible: true,
    opacity,
    colors: new Map(),
  };
}

export function jobState(view: JobView): JobState {
  if (view.terminal) return view.terminal;
  if (view.connection !== 'open') return view.connection;
  return view.lifecycle ?? 'open';
}

/**
 * What `layer()` tells a host about a job's layer. Plain data (it survives JSON): a field the element
 * does not know yet (no preview so far) is absent, not undefined.
 */
export interface LayerInfo {
  /** Shape as drawn (after downsampling), [z, y, x], and its voxel spacing, [x, y, z]. */
  shape?: Shape3;
  spacing?: Vec3;
  /** Shape of the preview as the server sent it, [z, y, x]. */
  sourceShape?: Shape3;
  previewId?: number;
  /** Voxels per original label id in the latest preview, background excluded, keyed by the id: `{ "1": 5123, "7": 88 }`. */
  labelCounts: Record<number, number>;
  visible: boolean;
  opacity: number;
  state: JobState;
  /** Fraction 0..1, once the server said one. */
  progress?: number;
  /** Previews drawn so far. */
  previews: number;
}

export function layerInfo(view: JobView): LayerInfo {
  return withoutUndefined({
    shape: view.shape && [...view.shape],
    spacing: view.spacing && [...view.spacing],
    sourceShape: view.sourceShape && [...view.sourceShape],
    previewId: view.previewId,
    labelCounts: labelCountsRecord(view.labelCounts),
    visible: view.visible,
    opacity: view.opacity,
    state: jobState(view),
    progress: view.progress,
    previews: view.previews,
  });
}

/** Label counts as a plain object keyed by label id: what hosts serialize (a Map would stringify to `{}`). */
export function labelCountsRecord(counts: ReadonlyMap<number, number>): Record<number, number> {
  return Object.fromEntries(counts);
}

/** The same object without its undefined fields: a public object has a field or does not. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** Voxel count per original label id, background excluded. */
export function labelCountsOf(volume: LabelVolume): Map<number, number> {
  const counts = new Map<number, number>();
  volume.labelIds.forEach((id, dense) => {
    const count = volume.labelCounts[dense] ?? 0;
    if (id !== 0 && count > 0) counts.set(id, count);
  });
  return counts;
}

export function applyStreamEvent(view: JobView, event: StreamEvent): JobView {
  switch (event.kind) {
    case 'state':
      return { ...view, connection: event.state, attempt: event.attempt, reason: event.reason };
    case 'lifecycle':
      return { ...view, lifecycle: event.state };
    case 'progress':
      return { ...view, progress: event.progress, stage: event.stage ?? view.stage, message: event.message ?? view.message, etaSeconds: event.etaSeconds };
    case 'preview':
      return {
        ...view,
        previewId: event.previewId,
        previews: view.previews + 1,
        // Copies: the volume's arrays belong to the scene, the view's to the element.
        shape: [...event.volume.shape],
        spacing: [...event.volume.spacing],
        sourceShape: [...event.volume.sourceShape],
        downsampleFactor: event.volume.downsampleFactor,
        labelCounts: labelCountsOf(event.volume),
      };
    case 'completed':
      return { ...view, terminal: 'completed', progress: 1, etaSeconds: undefined };
    case 'failed':
      return { ...view, terminal: 'failed', error: event.message, etaSeconds: undefined };
    case 'cancelled':
      return { ...view, terminal: 'cancelled', etaSeconds: undefined };
    case 'error':
      return { ...view, error: event.message, errors: view.errors + 1 };
  }
}
