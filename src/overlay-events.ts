// The element's public events: names, details, and their place in HTMLElementEventMap so that
// `el.addEventListener('job-preview', (e) => e.detail.previewId)` is typed in host code.
import type { Shape3, Vec3 } from './labels/label-volume.ts';
import type { ConnectionState, StreamErrorCode } from './stream/stream-types.ts';

export interface JobStateDetail {
  jobId: string;
  state: ConnectionState;
  /** Connection attempts so far (1 = the first). */
  attempt: number;
  reason?: string;
  code?: number;
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
  /** From the server's timestamp to the layer being updated, when the server sent a timestamp. */
  latencyMs: number | undefined;
  /** Main-thread time spent applying this preview to the scene. */
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
  'job-progress': CustomEvent<JobProgressDetail>;
  'job-preview': CustomEvent<JobPreviewDetail>;
  'job-completed': CustomEvent<JobCompletedDetail>;
  'job-failed': CustomEvent<JobFailedDetail>;
  'job-error': CustomEvent<JobErrorDetail>;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends PreviewOverlayEventMap {}
}
