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
  /** Set while the 3D surface is shown simplified: the exact surface's faces over the layer's face budget. */
  simplified: { faces: number; maxFaces: number } | undefined;
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
    simplified: undefined,
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

/** Voxel count per original label id, background excluded. */
export function labelCountsOf(volume: LabelVolume): Map<number, number> {
  const counts = new Map<number, number>();
  volume.labelIds.forEach((id, dense) => {
    const count = volume.labelCounts[dense] ?? 0;
    if (id !== 0 && count > 0) counts.set(id, count);
  });
  return counts;
}

function simplifiedOf({ surface }: LabelVolume): JobView['simplified'] {
  return surface.factor > 1 ? { faces: surface.exactFaces, maxFaces: surface.maxFaces } : undefined;
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
        shape: event.volume.shape,
        spacing: event.volume.spacing,
        sourceShape: event.volume.sourceShape,
        downsampleFactor: event.volume.downsampleFactor,
        simplified: simplifiedOf(event.volume),
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
