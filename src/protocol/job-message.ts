// The one event model every wire form is normalized to. Hand-written on purpose: it is the widget's
// model of a job, not a wire form, so it has no schema to derive from.

import type { PreviewHeaderLike } from '../labels/decode-preview.ts';
import type { Shape3 } from '../labels/label-volume.ts';
import type { ProtocolError } from './protocol-error.ts';

/**
 * Where a preview's voxel bytes are: in the message as base64, in the binary frame after it (or as
 * msgpack `bin` bytes), or at a URL to fetch them from.
 */
export type PreviewPayload = { encoding: 'base64'; text: string } | { encoding: 'binary' } | { encoding: 'url'; url: string };

/** This message holds part `index` (0-based) of `count` of the preview's payload. */
export type PreviewChunk = { index: number; count: number };

/** The decode pipeline's header (shape, dtype, spacing, compression), plus what the stream orders and routes by. */
export type PreviewHeader = PreviewHeaderLike & {
  /** Full-resolution shape, [z, y, x], when the server sent it. */
  originalShape?: Shape3;
  /** The server's `preview_id`: a number orders streaming previews; text (e.g. "final") does not. */
  previewId?: number | string;
  /** The job's finished result (`is_final`, or `preview_id` "final"): it supersedes every streaming preview. */
  final: boolean;
  /** Epoch ms of the preview's own timestamp, else of the message's: orders previews without an id. */
  sentAt?: number;
  payload: PreviewPayload;
  /** Set when the payload is one part of a chunked preview. */
  chunk?: PreviewChunk;
};

/**
 * How far a job is, whatever the server's unit or envelope. The one progress shape: the stream event and
 * the public `job-progress` event carry it on unchanged.
 */
export type JobProgress = {
  /** Fraction done, 0..1. */
  progress: number;
  stage?: string;
  message?: string;
  /** Seconds left, as the server estimated them. */
  etaSeconds?: number;
  /** Work units done and in all, for servers that count them (the document-processing server's zones). */
  zonesCompleted?: number;
  zonesTotal?: number;
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
    | ({ kind: 'progress' } & JobProgress)
    | { kind: 'stage-complete'; stage: string; results?: unknown }
    | { kind: 'preview'; header: PreviewHeader }
    | { kind: 'completed'; results?: unknown }
    | { kind: 'failed'; code: string; message: string; retryable: boolean }
    /** `requested`: the server only acknowledged the cancel (its state is still e.g. `running`). */
    | { kind: 'cancelled'; requested: boolean }
    /** A non-terminal error the server reported; the job may go on. */
    | { kind: 'server-error'; code?: string; message: string }
    /** An API-Gateway-style answer to a message that matched none of its routes (no `type`). */
    | { kind: 'gateway-error'; message: string; connectionId?: string; requestId?: string }
    /** A message of a type this widget does not know; `sameAs` when it differs from a known one only in case. */
    | { kind: 'ignored'; type: string; sameAs?: string }
  );

export type JobMessageKind = JobMessage['kind'];

/** What parsing one server message gives: the normalized message, or why it broke the contract. */
export type ParseResult = { ok: true; message: JobMessage } | { ok: false; error: ProtocolError };
