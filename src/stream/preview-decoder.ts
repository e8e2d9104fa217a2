// Latest-wins decoding per job (worker side): at most one decode running and one preview waiting per
// job, in the job's newest-preview slot. A newer preview replaces the waiting one — a big text preview
// still unparsed, so a superseded one costs no parse (frame-triage.ts) — and a preview older than one
// already accepted is dropped.
// A decode starts once the job's previews pause (DECODE_SETTLE). The socket is read on the thread that
// decodes, and a busy thread reads nothing: a burst waits in the network buffers, not in the slot. So
// the decoder first lets the socket drain — every frame of a burst lands in the slot, and only the
// newest is decoded — at the cost of the quiet window on an isolated preview.
// Memory stays bounded by jobs × (running + waiting + the previous volume kept for change detection).
import { decodeBase64 } from '../labels/base64.ts';
import { createPreviewDecodeState, decodePreview, type PreviewDecodeState } from '../labels/decode-preview.ts';
import { LabelDecodeError } from '../labels/decode-error.ts';
import type { PreviewHeader } from '../protocol/job-message.ts';
import type { StreamEvent } from './stream-types.ts';

/** A preview whose message was parsed and validated on arrival (a small text frame, or a binary frame's header). */
export interface ParsedPreview {
  header: PreviewHeader;
  /** Raw bytes of a binary frame; for a text frame the base64 text is in the header's payload. */
  body: Uint8Array | undefined;
  sentAt: number | undefined;
}

/** A preview as it arrived: parsed, or (a big text frame) still the text, to be parsed if it is ever used. */
export type ArrivedPreview = ({ form: 'parsed' } & ParsedPreview | { form: 'text'; text: string }) & {
  receivedAt: number;
  /** Size of the message as received, in bytes (text length for text frames). */
  messageBytes: number;
  /** Time spent parsing and validating the message before it reached the decoder (0 while unparsed). */
  parseMs: number;
};

/** Parses a slotted text preview when it is about to be used; undefined when it was refused (reported by the reader). */
export type ReadPreview = (jobId: string, text: string) => ParsedPreview | undefined;

type Emit = (event: StreamEvent) => void;

/** When a waiting preview's decode may start: after this much quiet from the job's previews, or this much waiting at most. */
export const DECODE_SETTLE = { quietMs: 10, maxWaitMs: 100 };

/** Milliseconds to hold the waiting preview before its decode (0: start now). Pure. */
export function settleDelayMs(now: number, lastArrival: number, waitingSince: number, settle = DECODE_SETTLE): number {
  return Math.max(0, Math.min(settle.quietMs - (now - lastArrival), settle.maxWaitMs - (now - waitingSince)));
}

interface JobDecodes {
  running: boolean;
  waiting: ArrivedPreview | undefined;
  /** When the newest preview arrived, and since when a preview has been waiting (performance.now()). */
  lastArrival: number;
  waitingSince: number | undefined;
  newestOrder: number;
  state: PreviewDecodeState;
  idle: Array<() => void>;
}

export class PreviewDecoder {
  readonly #jobs = new Map<string, JobDecodes>();
  readonly #emit: Emit;
  readonly #read: ReadPreview;
  readonly #options: () => { maxVoxels: number; maxInflatedBytes: number };
  constructor(emit: Emit, read: ReadPreview, options: () => { maxVoxels: number; maxInflatedBytes: number }) {
    this.#emit = emit;
    this.#read = read;
    this.#options = options;
  }

  submit(jobId: string, preview: ArrivedPreview): void {
    const job = this.#job(jobId);
    if (preview.form === 'parsed' && !this.#accepts(job, preview.header.order)) return;
    const now = performance.now();
    job.waiting = preview;
    job.lastArrival = now;
    job.waitingSince ??= now;
    if (job.running) return;
    job.running = true;
    void this.#run(jobId, job);
  }

  /** Resolves when the job has nothing running or waiting (so a terminal event follows its last preview). */
  whenIdle(jobId: string): Promise<void> {
    const job = this.#jobs.get(jobId);
    if (!job || (!job.running && !job.waiting)) return Promise.resolve();
    return new Promise((resolve) => job.idle.push(resolve));
  }

  /**
   * Forgets the newest order seen, keeping the decode state: after a reconnect a server that restarted
   * may number its previews from 1 again, and those must not all be dropped as "older".
   */
  restartOrder(jobId: string): void {
    const job = this.#jobs.get(jobId);
    if (job) job.newestOrder = -Infinity;
  }

  forget(jobId: string): void {
    const job = this.#jobs.get(jobId);
    this.#jobs.delete(jobId);
    job?.idle.forEach((resolve) => resolve());
  }

  #job(jobId: string): JobDecodes {
    let job = this.#jobs.get(jobId);
    if (!job) {
      job = { running: false, waiting: undefined, lastArrival: 0, waitingSince: undefined, newestOrder: -Infinity, state: createPreviewDecodeState(), idle: [] };
      this.#jobs.set(jobId, job);
    }
    return job;
  }

  /** Whether a preview of this order may still be shown; accepting it makes it the newest. */
  #accepts(job: JobDecodes, order: number): boolean {
    // 0 means the server gave nothing to order by: accept every such preview.
    if (order === 0) return true;
    if (order <= job.newestOrder) return false;
    job.newestOrder = order;
    return true;
  }

  async #run(jobId: string, job: JobDecodes): Promise<void> {
    for (;;) {
      // Let the socket drain into the slot before choosing the preview to decode.
      for (let wait = this.#settle(job); wait > 0; wait = this.#settle(job)) await sleep(wait);
      if (this.#jobs.get(jobId) !== job) return;
      const next = job.waiting;
      job.waiting = undefined;
      job.waitingSince = undefined;
      if (!next) break;
      await this.#decodeOne(jobId, job, next);
    }
    job.running = false;
    const idle = job.idle.splice(0);
    idle.forEach((resolve) => resolve());
  }

  async #decodeOne(jobId: string, job: JobDecodes, arrived: ArrivedPreview): Promise<void> {
    let preview: ParsedPreview;
    let parseMs = arrived.parseMs;
    if (arrived.form === 'text') {
      const parseStart = performance.now();
      const read = this.#read(jobId, arrived.text);
      parseMs = performance.now() - parseStart;
      if (!read || !this.#accepts(job, read.header.order)) return;
      preview = read;
    } else {
      preview = arrived;
    }
    const { header } = preview;
    try {
      const base64Start = performance.now();
      const bytes = header.payload.encoding === 'base64' ? decodeBase64(header.payload.text) : preview.body;
      const base64Ms = header.payload.encoding === 'base64' ? performance.now() - base64Start : 0;
      if (!bytes) throw new LabelDecodeError('payload', 'A binary preview arrived without its bytes.');
      const { volume, state, timings } = await decodePreview({ header, bytes }, job.state, this.#options());
      if (this.#jobs.get(jobId) !== job) return;
      job.state = state;
      this.#emit({
        kind: 'preview',
        jobId,
        previewId: header.previewId,
        volume,
        decodeMs: performance.now() - arrived.receivedAt,
        timings: { parseMs, base64Ms, ...timings },
        sentAt: preview.sentAt,
        messageBytes: arrived.messageBytes,
      });
    } catch (error) {
      if (error instanceof LabelDecodeError) {
        this.#emit({ kind: 'error', jobId, code: error.rule, message: error.message });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        this.#emit({ kind: 'error', jobId, code: 'payload', message: `The preview could not be decoded: ${message}` });
      }
    }
  }

  #settle(job: JobDecodes): number {
    return job.waitingSince === undefined ? 0 : settleDelayMs(performance.now(), job.lastArrival, job.waitingSince);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
