// The types that cross the worker boundary: options in, events out. Both sides import this file;
// `stream.backend.ts` runs in the worker, `stream.frontend.ts` on the main thread.
import type { PreviewDecodeTimings } from '../labels/decode-preview.ts';
import type { LabelDecodeRule } from '../labels/decode-error.ts';
import type { LabelVolume } from '../labels/label-volume.ts';
import type { ClientMessage } from '../protocol/client-messages.ts';
import type { JobProgress } from '../protocol/job-message.ts';
import type { ProtocolRule } from '../protocol/protocol-error.ts';

export interface StreamOptions {
  /** Base URL of the server, e.g. `ws://localhost:8000` (http(s) is turned into ws(s)). */
  server: string;
  /** `{server}` and `{job}` are replaced; without `{job}` the server is multiplexed (one socket, `subscribe`). */
  urlTemplate: string;
  /** Bearer token, sent as the `token` query parameter. Never logged or echoed in events. */
  token: string;
  /** Downsampling budget: the most voxels a layer keeps. */
  maxVoxels: number;
  /** Messages longer than this (bytes of a binary frame, characters of a text frame) are dropped unparsed. */
  maxMessageBytes: number;
  /** A `ping` goes out after this much silence. */
  heartbeatIntervalMs: number;
  /** No inbound message for this long means the socket is dead: reconnect. */
  heartbeatTimeoutMs: number;
  /** Reconnect backoff: first retry delay, growth factor, cap, and the random extra fraction. */
  minReconnectDelayMs: number;
  reconnectGrowFactor: number;
  maxReconnectDelayMs: number;
  reconnectJitter: number;
  /**
   * The most workers the streams use, a job per worker until every worker has one (then the least
   * loaded); 0: one fewer than the cores, at least one. Read when a job is placed; the main-thread
   * mode ignores it.
   */
  workers: number;
}

/** Connection state of a job's socket (not the server-side job state). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';

/**
 * Why a bad message was rejected: a protocol rule (`size` is checked before any parse), a label-decoding
 * rule, `job-id` (a message for another job on this job's socket), or `server` (the server's own error).
 */
export type StreamErrorCode = ProtocolRule | LabelDecodeRule | 'job-id' | 'server';

/** Worker milliseconds per stage of one preview, from its arrival to its decoded volume. */
export interface PreviewTimings extends PreviewDecodeTimings {
  /** JSON parse, validation and normalization of the message (of the header, for a binary frame). */
  parseMs: number;
  /** base64 text → bytes (0 for a binary frame). */
  base64Ms: number;
}

export type StreamEvent =
  | { kind: 'state'; jobId: string; state: ConnectionState; attempt: number; reason?: string; code?: number }
  | { kind: 'lifecycle'; jobId: string; state: string }
  | ({ kind: 'progress'; jobId: string } & JobProgress)
  | {
      kind: 'preview';
      jobId: string;
      previewId: number | undefined;
      volume: LabelVolume;
      /** Worker time from the message's arrival to the decoded volume (waiting behind another decode included). */
      decodeMs: number;
      timings: PreviewTimings;
      /** Server send time (epoch ms) when the message carried a timestamp. */
      sentAt: number | undefined;
      /** Size of the message as received, in bytes (text length for text frames). */
      messageBytes: number;
    }
  | { kind: 'completed'; jobId: string; results?: unknown }
  | { kind: 'failed'; jobId: string; code: string; message: string; retryable: boolean }
  | { kind: 'cancelled'; jobId: string }
  | { kind: 'error'; jobId: string; code: StreamErrorCode; message: string; field?: string };

export type StreamListener = (events: StreamEvent[]) => void;

/** What the worker exposes through Comlink. Every method is fire-and-forget except `ready`. */
export interface JobStreamApi {
  /** Resolves once the backend runs: the frontend's proof that the worker started. */
  ready(): Promise<true>;
  listen(listener: StreamListener): void;
  configure(options: Partial<StreamOptions>): void;
  open(jobId: string): void;
  close(jobId: string): void;
  send(jobId: string, message: ClientMessage): void;
}
