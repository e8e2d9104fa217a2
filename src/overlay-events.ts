// The element's public events: names, details, how stream events become them, and their place in
// HTMLElementEventMap so that
// `el.addEventListener('job-preview', (e) => e.detail.previewId)` is typed in host code.
import type { JobView } from './job-view.ts';
import type { Shape3, Vec3 } from './labels/label-volume.ts';
import type { ConnectionState, StreamErrorCode, StreamEvent } from './stream/stream-types.ts';

export interface JobStateDetail {
  jobId: string;
  state: ConnectionState;
  /** Connection attempts so far (1 = the first). */
  attempt: number;
  reason?: string;
  code?: number;
}

export interface JobLifecycleDetail {
  jobId: string;
  /** The server's own word for the job: `created`, `queued`, `running`, … */
  state: string;
}

export interface JobProgressDetail {
  jobId: string;
  /** Fraction 0..1, whatever the server's unit. */
  progress: number;
  stage?: string;
  message?: string;
  etaSeconds?: number;
}

export interface JobPreviewDetail {
  jobId: string;
  previewId: number | undefined;
  /** Shape as drawn, [z, y, x], and its voxel spacing, [x, y, z]. */
  shape: Shape3;
  spacing: Vec3;
  sourceShape: Shape3;
  downsampleFactor: number;
  /** Voxels per original label id (background excluded). */
  labelCounts: Map<number, number>;
  /** Worker time from the message's arrival to the decoded volume. */
  decodeMs: number;
  /**
   * From the server's timestamp to the preview reaching the element (its drawing is queued then; see
   * `job-drawn` for when it is on screen), when the server sent a timestamp.
   */
  latencyMs: number | undefined;
}

/**
 * A job's preview is on screen: every change it made to the scene was applied and the frame that shows
 * it was drawn. A preview replaced by a newer one before it was fully drawn gets no `job-drawn` (the
 * newer one's covers it); a hidden element draws nothing, so its `job-drawn` comes once it is shown.
 */
export interface JobDrawnDetail {
  jobId: string;
  previewId: number | undefined;
  /** From the server's timestamp to the end of the frame that showed the preview, when the server sent one. */
  drawnLatencyMs: number | undefined;
  /**
   * Main-thread time the preview caused: accepting it, its queued scene changes, and its share of the
   * frames' draws that applied them (and of any preview of the same job it replaced before drawing).
   */
  mainThreadMs: number;
}

export interface JobCompletedDetail {
  jobId: string;
  results?: unknown;
}

export interface JobFailedDetail {
  jobId: string;
  code: string;
  message: string;
  retryable: boolean;
}

export interface JobErrorDetail {
  jobId: string;
  code: StreamErrorCode;
  message: string;
  field?: string;
}

export interface PreviewOverlayEventMap {
  'job-state': CustomEvent<JobStateDetail>;
  'job-lifecycle': CustomEvent<JobLifecycleDetail>;
  'job-progress': CustomEvent<JobProgressDetail>;
  'job-preview': CustomEvent<JobPreviewDetail>;
  'job-drawn': CustomEvent<JobDrawnDetail>;
  'job-completed': CustomEvent<JobCompletedDetail>;
  'job-failed': CustomEvent<JobFailedDetail>;
  'job-error': CustomEvent<JobErrorDetail>;
}

/** Every public event name, at run time (the map above is types only). */
export const overlayEventNames = [
  'job-state', 'job-lifecycle', 'job-progress', 'job-preview', 'job-completed', 'job-failed', 'job-error',
] as const satisfies ReadonlyArray<keyof PreviewOverlayEventMap>;

type OverlayEvent = { [K in keyof PreviewOverlayEventMap]: { type: K; detail: PreviewOverlayEventMap[K]['detail'] } }[keyof PreviewOverlayEventMap];

/** The public event a stream event becomes, given the job's view after it. Pure: the caller passes the clock. */
export function overlayEvent(event: StreamEvent, view: JobView, measured: { now: number }): OverlayEvent {
  const { jobId } = event;
  switch (event.kind) {
    case 'state':
      return { type: 'job-state', detail: { jobId, state: event.state, attempt: event.attempt, reason: event.reason, code: event.code } };
    case 'lifecycle':
      return { type: 'job-lifecycle', detail: { jobId, state: event.state } };
    case 'progress':
      return { type: 'job-progress', detail: { jobId, progress: event.progress, stage: event.stage, message: event.message, etaSeconds: event.etaSeconds } };
    case 'preview': {
      const { volume } = event;
      return {
        type: 'job-preview',
        detail: {
          jobId,
          previewId: event.previewId,
          shape: volume.shape,
          spacing: volume.spacing,
          sourceShape: volume.sourceShape,
          downsampleFactor: volume.downsampleFactor,
          labelCounts: new Map(view.labelCounts),
          decodeMs: event.decodeMs,
          latencyMs: event.sentAt === undefined ? undefined : measured.now - event.sentAt,
        },
      };
    }
    case 'completed':
      return { type: 'job-completed', detail: { jobId, results: event.results } };
    case 'failed':
      return { type: 'job-failed', detail: { jobId, code: event.code, message: event.message, retryable: event.retryable } };
    case 'cancelled':
      return { type: 'job-failed', detail: { jobId, code: 'cancelled', message: 'The job was cancelled.', retryable: false } };
    case 'error':
      return { type: 'job-error', detail: { jobId, code: event.code, message: event.message, field: event.field } };
  }
}

/** The `job-drawn` detail for the preview a job's layer last took (`shown`), drawn at `now` (epoch ms). */
export function drawnDetail(jobId: string, shown: { previewId: number | undefined; sentAt: number | undefined }, drawn: { mainThreadMs: number; now: number }): JobDrawnDetail {
  return {
    jobId,
    previewId: shown.previewId,
    drawnLatencyMs: shown.sentAt === undefined ? undefined : drawn.now - shown.sentAt,
    mainThreadMs: drawn.mainThreadMs,
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends PreviewOverlayEventMap {}
}
