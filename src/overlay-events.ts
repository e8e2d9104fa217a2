// The element's public events: names, details, how stream events become them, and their place in
// HTMLElementEventMap so that
// `el.addEventListener('job-preview', (e) => e.detail.previewId)` is typed in host code.
// Every detail is plain data (objects, arrays, numbers, strings): hosts serialize it to Python, dashboards
// and logs, so `JSON.parse(JSON.stringify(detail))` gives it back whole. An unknown field is absent.
import { labelCountsRecord, withoutUndefined, type JobView } from './job-view.ts';
import type { Shape3, Vec3 } from './labels/label-volume.ts';
import type { LabelChanges } from './labels/label-changes.ts';
import type { LabelComparison } from './labels/label-compare.ts';
import type { SliceProbe } from './scene/slice-probe.ts';
import type { JobProgress } from './protocol/job-message.ts';
import type { ConnectionState, PreviewTimings, StreamErrorCode, StreamEvent } from './stream/stream-types.ts';

/** The job events: what the streams and the scene announce, every detail with its `jobId`; the Jupyter entry forwards these. */
export const jobEventNames = ['job-state', 'job-lifecycle', 'job-progress', 'job-preview', 'job-drawn', 'job-completed', 'job-failed', 'job-error', 'job-history', 'job-compare'] as const;

/** The pointer's events in the slice view. */
export const labelEventNames = ['label-hover', 'label-select'] as const;

/** Every public event's name, in one list: the element fires these. */
export const overlayEventNames = [...jobEventNames, ...labelEventNames] as const;

export type OverlayEventName = (typeof overlayEventNames)[number];

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

/** Progress as a fraction 0..1 whatever the server's unit, with its stage, message, ETA and zone counts when sent. */
export interface JobProgressDetail extends JobProgress {
  jobId: string;
}

export interface JobPreviewDetail {
  jobId: string;
  /** The server's `preview_id`, when it sent one: a number for streaming previews, text such as "final" otherwise. */
  previewId?: number | string;
  /** This is the job's final preview: it supersedes every streaming one and stays. */
  final: boolean;
  /** Shape as drawn, [z, y, x], and its voxel spacing, [x, y, z]. */
  shape: Shape3;
  spacing: Vec3;
  sourceShape: Shape3;
  downsampleFactor: number;
  /** Voxels per original label id in this preview, background excluded, keyed by the id: `{ "1": 5123, "7": 88 }`. */
  labelCounts: Record<number, number>;
  /** Size of the message as received: bytes of a binary frame, characters of a text frame. */
  messageBytes: number;
  /**
   * Voxels (of `shape`) this preview labels that the previous one did not label so, and the reverse; the
   * job's first preview adds every labelled voxel. A voxel whose label changed counts in both.
   */
  changes: LabelChanges;
  /** Worker time from the message's arrival to the decoded volume (waiting behind another decode included). */
  decodeMs: number;
  /** Worker time per stage: parseMs, base64Ms, inflateMs, convertMs, downsampleMs, densifyMs, changedMs, surfaceMs; handoffMs (to the decode worker and back) when it decoded there. */
  timings: PreviewTimings;
  /**
   * From the server's timestamp to the preview reaching the element, when the server sent a timestamp.
   * Its drawing is queued then: `job-drawn` says when it is on screen.
   */
  latencyMs?: number;
  /** Main-thread time spent accepting this preview (queueing its scene changes); `job-drawn` has the whole cost. */
  mainThreadMs: number;
}

/**
 * A job's preview is on screen: every change it made to the scene was applied and the frame that shows
 * it was drawn. Once a preview's drawing has started it is finished before newer previews are taken
 * (they wait; the newest of them goes next), so this fires at any preview rate. A preview replaced by a
 * newer one before its drawing started gets no `job-drawn` (the newer one's covers it); a hidden element
 * draws nothing, so its `job-drawn` comes once it is shown.
 */
export interface JobDrawnDetail {
  jobId: string;
  previewId?: number | string;
  /** From the server's timestamp to the end of the frame that showed the preview, when the server sent one. */
  drawnLatencyMs?: number;
  /**
   * Main-thread time the preview caused: accepting it, its queued scene changes, and its share of the
   * draws of the frames that applied them (and of a preview of the same job it replaced before drawing).
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

/**
 * A job's preview history changed: a preview was stored (old ones may have gone to the budget), or the
 * layer went to a stored preview or back to live ones. `history(jobId)` lists the stored previews whole.
 */
export interface JobHistoryDetail {
  jobId: string;
  /** Ids of the stored previews, oldest first (a preview without `preview_id` is numbered by arrival). */
  previewIds: Array<number | string>;
  /** Bytes the job's stored previews take in its worker. */
  bytes: number;
  /** The stored preview the layer shows, or `live`. */
  showing: number | string;
}

/**
 * The two jobs of `compare` compared again (either layer took a preview, live or stored): A is `jobId`,
 * B `otherJobId`; foreground voxels (any label) counted on the finer of the two grids.
 */
export interface JobCompareDetail extends LabelComparison {
  jobId: string;
  otherJobId: string;
}

/**
 * What is under the pointer in the slice view: `jobId`, `label` (0 over background), `voxel` [z, y, x] in
 * the job's preview grid, `sourceVoxel` [z, y, x] in full-resolution voxels, `intensity` of the base
 * volume when there is one. An empty detail (no `jobId`): the pointer left the layers, or the selection
 * was cleared.
 */
export type LabelPointerDetail = SliceProbe | Record<string, never>;

/** The detail of each event. The maps below are keyed by `overlayEventNames`, so a name without a detail does not compile. */
type OverlayEventDetails = {
  'job-state': JobStateDetail;
  'job-lifecycle': JobLifecycleDetail;
  'job-progress': JobProgressDetail;
  'job-preview': JobPreviewDetail;
  'job-drawn': JobDrawnDetail;
  'job-completed': JobCompletedDetail;
  'job-failed': JobFailedDetail;
  'job-error': JobErrorDetail;
  'job-history': JobHistoryDetail;
  'job-compare': JobCompareDetail;
  'label-hover': LabelPointerDetail;
  'label-select': LabelPointerDetail;
};

export type PreviewOverlayEventMap = { [K in OverlayEventName]: CustomEvent<OverlayEventDetails[K]> };

type OverlayEvent = { [K in OverlayEventName]: { type: K; detail: OverlayEventDetails[K] } }[OverlayEventName];

/**
 * The public event a stream event becomes, given the job's view after it. Pure: the caller measures
 * the main-thread time of applying a preview and the clock.
 */
export function overlayEvent(event: StreamEvent, view: JobView, measured: { mainThreadMs: number; now: number }): OverlayEvent {
  const announced = announce(event, view, measured);
  return { type: announced.type, detail: withoutUndefined(announced.detail) } as OverlayEvent;
}

function announce(event: StreamEvent, view: JobView, measured: { mainThreadMs: number; now: number }): OverlayEvent {
  const { jobId } = event;
  switch (event.kind) {
    case 'state':
      return { type: 'job-state', detail: { jobId, state: event.state, attempt: event.attempt, reason: event.reason, code: event.code } };
    case 'lifecycle':
      return { type: 'job-lifecycle', detail: { jobId, state: event.state } };
    case 'progress': {
      const { kind: _kind, ...progress } = event;
      return { type: 'job-progress', detail: progress };
    }
    case 'preview': {
      const { volume } = event;
      return {
        type: 'job-preview',
        detail: {
          jobId,
          previewId: event.previewId,
          final: event.final,
          // Copies, as timings: a host that changes a detail must not change the element's state.
          shape: [...volume.shape],
          spacing: [...volume.spacing],
          sourceShape: [...volume.sourceShape],
          downsampleFactor: volume.downsampleFactor,
          labelCounts: labelCountsRecord(view.labelCounts),
          messageBytes: event.messageBytes,
          changes: { ...event.changes },
          decodeMs: event.decodeMs,
          timings: { ...event.timings },
          // A server clock ahead of ours would say negative: no latency is better than a wrong one.
          latencyMs: event.sentAt === undefined || event.sentAt > measured.now ? undefined : measured.now - event.sentAt,
          mainThreadMs: measured.mainThreadMs,
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
    case 'history':
    case 'restored':
      return { type: 'job-history', detail: { jobId, previewIds: [...view.history.previewIds], bytes: view.history.bytes, showing: view.pinned ?? 'live' } };
  }
}

/** The `job-drawn` detail for the preview a job's layer last took (`shown`), drawn at `now` (epoch ms). */
export function drawnDetail(jobId: string, shown: { previewId: number | string | undefined; sentAt: number | undefined }, drawn: { mainThreadMs: number; now: number }): JobDrawnDetail {
  const detail: JobDrawnDetail = { jobId, mainThreadMs: drawn.mainThreadMs };
  if (shown.previewId !== undefined) detail.previewId = shown.previewId;
  // As for latencyMs: a server clock ahead of ours gives no figure rather than a wrong one.
  if (shown.sentAt !== undefined && shown.sentAt <= drawn.now) detail.drawnLatencyMs = drawn.now - shown.sentAt;
  return detail;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends PreviewOverlayEventMap {}
}
