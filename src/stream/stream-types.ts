// The types that cross the worker boundary: options in, events out. Both sides import this file;
// `stream.backend.ts` runs in the worker, `stream.frontend.ts` on the main thread.
import type { PreviewDecodeTimings } from '../labels/decode-preview.ts';
import type { LabelDecodeRule } from '../labels/decode-error.ts';
import type { LabelChanges } from '../labels/label-changes.ts';
import type { LabelVolume } from '../labels/label-volume.ts';
import type { HistoryEntry } from '../labels/preview-history.ts';
import type { SurfaceMode } from '../labels/surface-mode.ts';
import type { BinaryFormat } from '../protocol/binary-format.ts';
import type { ClientMessage } from '../protocol/client-messages.ts';
import type { JobProgress } from '../protocol/job-message.ts';
import type { ProtocolRule } from '../protocol/protocol-error.ts';

export interface StreamOptions {
  /** Base URL of the server, e.g. `ws://localhost:8000` (http(s) is turned into ws(s)). */
  server: string;
  /** `{server}` and `{job}` are replaced; without `{job}` the server is multiplexed (one socket, `subscribe`). */
  urlTemplate: string;
  /** Bearer token, sent as the `token` query parameter (and as `Authorization: Bearer` to REST URLs). Never logged or echoed in events. */
  token: string;
  /** REST status URL of a job, e.g. `{server}/v1/jobs/{job}` (`{server}` as http(s)); '' for none. Fetched on every (re)open and after `statusSilenceMs` without job messages. */
  statusUrlTemplate: string;
  /** REST cancel URL of a job (HTTP DELETE), e.g. `{server}/v1/jobs/{job}`; '' for none. `cancel_job` is sent on the socket either way. */
  cancelUrlTemplate: string;
  /** A status or cancel request without an answer for this long is an error. */
  statusTimeoutMs: number;
  /** A job whose socket brought no job message for this long gets its status fetched again. */
  statusSilenceMs: number;
  /** After a terminal message, how long trailing messages may still arrive before the widget closes the socket. */
  terminalGraceMs: number;
  /** Downsampling budget: the most voxels a layer keeps. */
  maxVoxels: number;
  /**
   * Geometry budget: the most boundary faces one layer's 3D surface keeps; more is shown simplified. The
   * element lowers it to each job's share of `maxTotalFaces`.
   */
  maxFaces: number;
  /** Geometry budget over every job of the element: each job's layer gets at most its share. */
  maxTotalFaces: number;
  /** Largest edge of the bricks the 3D surface is built, sent and swapped by, in voxels (halved for dense surfaces). */
  brickSize: number;
  /** The 3D surface built: `voxel` (the voxels' boundary faces) or `smooth` (surface nets, the same faces smoothed). */
  surface: SurfaceMode;
  /**
   * Messages longer than this (bytes of a binary frame, characters of a text frame) are dropped unparsed;
   * the same limit holds for a gzip message once inflated, a preview fetched by URL, and a chunked preview's parts together.
   */
  maxMessageBytes: number;
  /** How binary messages are read: `auto` tells this widget's frame from msgpack (see protocol/binary-format.ts). */
  binaryFormat: BinaryFormat;
  /** The JSON key that names each client message's kind: `type`, or `action` for API-Gateway-routed servers. */
  clientMessageKey: string;
  /** A preview by URL that has not fully arrived after this long is dropped with a `fetch` error. */
  previewFetchTimeoutMs: number;
  /** A chunked preview whose chunks have not all arrived this long after its first is dropped with a `chunks` error. */
  chunkTimeoutMs: number;
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
   * mode ignores it. The jobs of a multiplexed socket share its job worker, and there spread over as many
   * decode workers.
   */
  workers: number;
  /**
   * Preview history budget of each job, in bytes (run-length encoded previews kept in the job's worker;
   * the oldest go first, never the newest nor a final one); 0: no history. The element gives each job
   * its share of `history-bytes`.
   */
  historyBytes: number;
}

/** The lifecycle state of a job whose cancel the server acknowledged while the job goes on (CryoMamba). */
export const CANCEL_REQUESTED = 'cancel requested';

/** Connection state of a job's socket (not the server-side job state). */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'failed';

/**
 * Why a bad message was rejected: a protocol rule (`size` is checked before any parse, and on a gzip
 * message once inflated), a label-decoding rule, `job-id` (a message for another job on this job's
 * socket), `server` (the server's own error), `order` (the preview order started over), `status` (the
 * REST status or cancel request failed), `fetch` (a preview by URL could not be downloaded: HTTP,
 * network, timeout), `chunks` (a chunked preview was dropped: chunks missing in time, or inconsistent),
 * or `route` (the server, an API-Gateway socket, has no route for the messages this widget sends).
 */
export type StreamErrorCode = ProtocolRule | LabelDecodeRule | 'job-id' | 'server' | 'order' | 'status' | 'fetch' | 'chunks' | 'route';

/** Worker milliseconds per stage of one preview, from its arrival to its decoded volume. */
export interface PreviewTimings extends PreviewDecodeTimings {
  /** JSON parse, validation and normalization of the message (of the header, for a binary frame). */
  parseMs: number;
  /** base64 text → bytes (0 for a binary frame). */
  base64Ms: number;
  /**
   * Handing the payload to the job worker's decode worker and the volume back (transfers, and waiting
   * there behind another job's decode), beyond the stages' own time; absent when the preview was
   * decoded on the thread that read it (no decode worker: the main-thread mode, or one that could not start).
   */
  handoffMs?: number;
}

export type StreamEvent =
  | { kind: 'state'; jobId: string; state: ConnectionState; attempt: number; reason?: string; code?: number }
  | { kind: 'lifecycle'; jobId: string; state: string }
  | ({ kind: 'progress'; jobId: string } & JobProgress)
  | {
      kind: 'preview';
      jobId: string;
      previewId: number | string | undefined;
      /** The job's final preview (it supersedes every streaming one). */
      final: boolean;
      volume: LabelVolume;
      /** Worker time from the message's arrival to the decoded volume (waiting behind another decode included). */
      decodeMs: number;
      timings: PreviewTimings;
      /** Server send time (epoch ms) when the message carried a timestamp. */
      sentAt: number | undefined;
      /** Size of the message as received, in bytes (text length for text frames). */
      messageBytes: number;
      /** Voxels added and removed against the job's previous preview. */
      changes: LabelChanges;
    }
  | { kind: 'completed'; jobId: string; results?: unknown }
  | { kind: 'failed'; jobId: string; code: string; message: string; retryable: boolean }
  | { kind: 'cancelled'; jobId: string }
  | { kind: 'error'; jobId: string; code: StreamErrorCode; message: string; field?: string }
  /** The job's stored previews changed (one stored, old ones dropped): their ids, oldest first, and bytes. */
  | { kind: 'history'; jobId: string; previewIds: Array<number | string>; bytes: number }
  /**
   * The answer to `restore`, in turn among the job's previews: the stored preview asked for (the newest,
   * for `live`), whole; without `volume` it could not be given (`reason` says why).
   */
  | { kind: 'restored'; jobId: string; request: number; live: boolean; previewId?: number | string; volume?: LabelVolume; reason?: string };

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
  /** Cancels a job: `cancel_job` on its socket, and DELETE on the cancel URL when one is configured. */
  cancel(jobId: string): void;
  /** The job's stored previews, oldest first (plain data). */
  history(jobId: string): HistoryEntry[];
  /**
   * Sends the stored preview `previewId` (null: the newest, to go back to live previews, whose surfaces
   * build on it) as a `restored` event tagged with `request`.
   */
  restore(jobId: string, request: number, previewId: number | string | null): void;
}
