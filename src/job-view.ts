// What the element knows about one job, and how each stream event changes it. Pure.
import type { Rgba } from './labels/colormap.ts';
import { labelCountEntries } from './labels/label-counts.ts';
import type { LabelVolume, Shape3, Vec3 } from './labels/label-volume.ts';
import { CANCEL_REQUESTED, type ConnectionState, type StreamEvent } from './stream/stream-types.ts';

export type { Rgba as RGBA } from './labels/colormap.ts';

/**
 * The job as a person would describe it: terminal states win, then the connection, then a cancel the
 * server only acknowledged, then the server's lifecycle; `waiting` when the socket is open but nothing
 * about the job has come yet (a server that does not replay).
 */
export type JobState = ConnectionState | 'waiting' | 'queued' | 'running' | 'cancel requested' | 'completed' | 'cancelled' | (string & {});

export interface JobView {
  id: string;
  connection: ConnectionState;
  attempt: number;
  reason: string | undefined;
  /** The server's lifecycle state (`queued`, `running`, …) when it said one. */
  lifecycle: string | undefined;
  /** The server acknowledged a cancel but the job goes on (`cancel requested` until it ends). */
  cancelRequested: boolean;
  terminal: 'completed' | 'failed' | 'cancelled' | undefined;
  progress: number | undefined;
  stage: string | undefined;
  message: string | undefined;
  etaSeconds: number | undefined;
  /** The latest error, kept visible (a later good preview does not hide what went wrong). */
  error: string | undefined;
  /** Bad messages seen so far. */
  errors: number;
  previewId: number | string | undefined;
  /** The layer shows the job's final preview. */
  final: boolean;
  previews: number;
  /** Shape of the layer as drawn (after downsampling), [z, y, x], and its voxel spacing, [x, y, z]. */
  shape: Shape3 | undefined;
  spacing: Vec3 | undefined;
  /** Shape of the preview as the server sent it. */
  sourceShape: Shape3 | undefined;
  downsampleFactor: number;
  /** Set while the 3D surface is shown simplified: the exact surface's faces over the layer's face budget. */
  simplified: { faces: number; maxFaces: number } | undefined;
  labelCounts: Map<number, number>;
  visible: boolean;
  opacity: number;
  colors: Map<number, Rgba>;
  /** Original label ids the user or host hid. */
  hiddenLabels: ReadonlySet<number>;
  /** The job's colour slot: its hue in `job` colour mode and its swatch (layer-colors.ts jobHue). */
  colorSlot: number;
  /** The job's stored previews (ids oldest first, bytes in its worker), as its last `history` event said. */
  history: { previewIds: Array<number | string>; bytes: number };
  /** The stored preview the layer shows instead of live ones (`showPreview`); undefined: live. */
  pinned: number | string | undefined;
}

export function createJobView(id: string, opacity: number, colorSlot = 0): JobView {
  return {
    id,
    connection: 'connecting',
    attempt: 0,
    reason: undefined,
    lifecycle: undefined,
    cancelRequested: false,
    terminal: undefined,
    progress: undefined,
    stage: undefined,
    message: undefined,
    etaSeconds: undefined,
    error: undefined,
    errors: 0,
    previewId: undefined,
    final: false,
    previews: 0,
    shape: undefined,
    spacing: undefined,
    sourceShape: undefined,
    downsampleFactor: 1,
    simplified: undefined,
    labelCounts: new Map(),
    visible: true,
    opacity,
    colors: new Map(),
    hiddenLabels: new Set(),
    colorSlot,
    history: { previewIds: [], bytes: 0 },
    pinned: undefined,
  };
}

export function jobState(view: JobView): JobState {
  if (view.terminal) return view.terminal;
  if (view.connection !== 'open') return view.connection;
  if (view.cancelRequested) return CANCEL_REQUESTED;
  if (view.lifecycle) return view.lifecycle;
  // Progress or previews without a lifecycle: a late join to a running job.
  return view.progress !== undefined || view.previews > 0 ? 'running' : 'waiting';
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
  /** The server's `preview_id` of the preview shown: a number, or text (CryoMamba's `"final"`). */
  previewId?: number | string;
  /** The layer shows the job's final preview, which no streaming preview replaces. */
  final: boolean;
  /** Voxels per original label id in the latest preview, background excluded, keyed by the id: `{ "1": 5123, "7": 88 }`. */
  labelCounts: Record<number, number>;
  visible: boolean;
  opacity: number;
  /** Label ids hidden with `setLayer(jobId, { hiddenLabels })` or the legend, ascending. */
  hiddenLabels: number[];
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
    final: view.final,
    labelCounts: labelCountsRecord(view.labelCounts),
    visible: view.visible,
    opacity: view.opacity,
    hiddenLabels: [...view.hiddenLabels].sort((a, b) => a - b),
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
  return new Map(labelCountEntries(volume.labelIds, volume.labelCounts));
}

function simplifiedOf({ surface }: LabelVolume): JobView['simplified'] {
  return surface.factor > 1 ? { faces: surface.exactFaces, maxFaces: surface.maxFaces } : undefined;
}

export function applyStreamEvent(view: JobView, event: StreamEvent): JobView {
  switch (event.kind) {
    case 'state':
      return { ...view, connection: event.state, attempt: event.attempt, reason: event.reason };
    case 'lifecycle':
      if (event.state === CANCEL_REQUESTED) return { ...view, cancelRequested: true };
      return { ...view, lifecycle: event.state };
    case 'progress':
      return { ...view, progress: event.progress, stage: event.stage ?? view.stage, message: event.message ?? view.message, etaSeconds: event.etaSeconds };
    case 'preview':
      return {
        ...view,
        previewId: event.previewId,
        final: event.final,
        previews: view.previews + 1,
        // Copies: the volume's arrays belong to the scene, the view's to the element.
        shape: [...event.volume.shape],
        spacing: [...event.volume.spacing],
        sourceShape: [...event.volume.sourceShape],
        downsampleFactor: event.volume.downsampleFactor,
        simplified: simplifiedOf(event.volume),
        labelCounts: labelCountsOf(event.volume),
      };
    case 'completed':
      return { ...view, terminal: 'completed', progress: 1, etaSeconds: undefined };
    case 'failed':
      // A refused connection's failure arrives after its state event; if a new token already restarted
      // the job (the view is connecting again), it is old news about the old connection.
      if (isCloseFailure(event.code) && view.connection !== 'failed') return view;
      return { ...view, terminal: 'failed', error: event.message, etaSeconds: undefined };
    case 'cancelled':
      return { ...view, terminal: 'cancelled', etaSeconds: undefined };
    case 'error':
      return { ...view, error: event.message, errors: view.errors + 1 };
    case 'history':
      return { ...view, history: { previewIds: [...event.previewIds], bytes: event.bytes } };
    case 'restored':
      if (!event.volume) return view;
      return { ...view, pinned: event.live ? undefined : event.previewId };
  }
}

/** The code of a job failed by its socket's close (see the backend), not by the server's `job_failed`. */
function isCloseFailure(code: string): boolean {
  return code === 'closed' || code.startsWith('close-');
}
