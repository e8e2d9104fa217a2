// The one event model every wire form is normalized to. Hand-written on purpose: it is the widget's
// model of a job, not a wire form, so it has no schema to derive from.

import type { Dtype } from './dtypes.ts';
import type { Compression, ShapeZyx, VectorXyz } from './preview-header.ts';

/**
 * Where a preview's voxel bytes are: in the message as base64, in the binary frame after it (or as
 * msgpack `bin` bytes), or at a URL to fetch them from.
 */
export type PreviewPayload = { encoding: 'base64'; text: string } | { encoding: 'binary' } | { encoding: 'url'; url: string };

/** This message holds part `index` (0-based) of `count` of the preview's payload. */
export type PreviewChunk = { index: number; count: number };

export type PreviewHeader = {
  /** Voxels per axis of this preview, [z, y, x], C order (x fastest). */
  shape: ShapeZyx;
  dtype: Dtype;
  /** World units per voxel, [x, y, z], in the frame of the original volume. */
  spacing: VectorXyz;
  /** Full-resolution shape, [z, y, x], when the server sent it. */
  originalShape?: ShapeZyx;
  previewId?: number;
  /** preview_id, else the timestamp in ms, else 0: a job's preview with a lower order is older. */
  order: number;
  /** Of the payload bytes (gzip/deflate: decompress before reading voxels). */
  compression: Compression;
  payload: PreviewPayload;
  /** Set when the payload is one part of a chunked preview. */
  chunk?: PreviewChunk;
  /** How the server downsampled, e.g. "max". */
  method?: string;
};

type Envelope = {
  jobId?: string;
  /** Epoch ms of the message's `timestamp`. */
  sentAt?: number;
};

export type JobMessage = Envelope &
  (
    | { kind: 'connected'; message?: string }
    | { kind: 'heartbeat' }
    /** created, queued, running, or whatever `data.state` the server named. */
    | { kind: 'lifecycle'; state: string }
    | {
        kind: 'progress';
        /** Fraction done, 0..1. */
        progress: number;
        stage?: string;
        message?: string;
        etaSeconds?: number;
        zonesCompleted?: number;
        zonesTotal?: number;
      }
    | { kind: 'stage-complete'; stage: string; results?: unknown }
    | { kind: 'preview'; header: PreviewHeader }
    | { kind: 'completed'; results?: unknown }
    | { kind: 'failed'; code: string; message: string; retryable: boolean }
    | { kind: 'cancelled' }
    /** A non-terminal error the server reported; the job may go on. */
    | { kind: 'server-error'; code?: string; message: string }
    /** An API-Gateway-style answer to a message that matched none of its routes (no `type`). */
    | { kind: 'gateway-error'; message: string; connectionId?: string; requestId?: string }
    /** A message of a type this widget does not know: not an error. */
    | { kind: 'ignored'; type: string }
  );

export type JobMessageKind = JobMessage['kind'];
