// Latest-wins decoding per job (worker side): at most one decode running and one preview waiting per
// job, in the job's newest-preview slot. A newer preview replaces the waiting one — a big preview still
// unparsed (frame-triage.ts), so a superseded one costs no parse — and which previews are older
// is preview-order.ts's rule; an unparsed preview is a streaming one (triage parses any that may be
// final, or chunked, at once), so once a final preview is accepted no unparsed one replaces it.
// A preview by URL is downloaded when its turn comes, so latest-wins applies before the download; a
// newer preview aborts a download in progress.
// A decode starts once the job's previews pause (DECODE_SETTLE): the decoder first lets the socket
// drain — every frame of a burst lands in the slot, and only the newest is decoded; a job whose
// previews keep coming faster than it decodes waits for a longer pause (FLOOD_SETTLE); a preview that
// came alone (ALONE_AFTER_MS) waits only a task's turn. The label pipeline
// itself runs where `DecodePipeline` says (decode-pipeline.ts): in a job worker, its nested decode
// worker, so this thread — the socket's — is idle while a preview is decoded and keeps reading (a big
// message reaches a thread in many small reads, each needing the thread idle); on the main thread
// (no workers), here.
// Memory stays bounded by jobs × (running + waiting + the two copies of previous labels kept for change detection),
// plus per job the scratch memory its decodes reuse (its biggest payload, and its biggest downsampled
// volume: reused, so a big preview does not fault in fresh memory every time; scratch-memory.ts).
import { decodeBase64 } from '../labels/base64.ts';
import type { PreviewDecodeOptions } from '../labels/decode-preview.ts';
import { LabelDecodeError } from '../labels/decode-error.ts';
import { ScratchMemory } from '../labels/scratch-memory.ts';
import type { PreviewHeader } from '../protocol/job-message.ts';
import { type DecodePipeline, PipelineStates } from './decode-pipeline.ts';
import { fetchPreviewBytes, PreviewFetchAborted, PreviewFetchError } from './preview-fetch.ts';
import { createPreviewOrder, orderPreview, PREVIEW_ORDER_LIMITS, restartPreviewOrder, type PreviewOrder } from './preview-order.ts';
import type { StreamEvent } from './stream-types.ts';

export interface ArrivedPreview {
  header: PreviewHeader;
  /** Raw bytes of a binary frame; for a text frame the base64 text is in the header's payload. */
  body: Uint8Array | undefined;
  sentAt: number | undefined;
  receivedAt: number;
  /** Size of the message as received, in bytes (text length for text frames). */
  messageBytes: number;
  /** Time spent parsing and validating the message before it reached the decoder. */
  parseMs: number;
  /** The server's http(s) address: a relative preview URL is fetched from there. */
  baseUrl?: string;
}

/** A big preview as it arrived (JSON text, or msgpack bytes), unparsed: parsed and validated only if its turn comes. */
export type UnparsedPreview = Pick<ArrivedPreview, 'receivedAt' | 'messageBytes' | 'baseUrl'> & { wire: string | Uint8Array };

/** What waits in a job's slot. */
type SlotPreview = ArrivedPreview | UnparsedPreview;

/** Parses a slotted preview when it is about to be used; undefined when it was refused (reported by the reader). */
export type ReadPreview = (jobId: string, wire: UnparsedPreview['wire']) => Pick<ArrivedPreview, 'header' | 'sentAt' | 'body'> | undefined;

/** When a waiting preview's decode may start: after this much quiet from the job's previews, or this much waiting at most. */
export const DECODE_SETTLE = { quietMs: 10, maxWaitMs: 100 };

/**
 * The settle of a job flooding its slot: this many previews arrived since its last decode started, so
 * they come several times faster than it decodes (a burst that Chromium hands over in clumps across a
 * second or two, or a server far past 1–2 Hz). Then the next decode waits for a longer pause, or a second
 * at most: a burst costs a few decodes instead of one per decode time, and the CPU they would take goes
 * to reading the socket. A stream slower than its decodes never gets here; one that pauses between
 * clumps loses at most `quietMs`.
 */
export const FLOOD_SETTLE = { arrivals: 3, quietMs: 100, maxWaitMs: 1000 };

/**
 * A preview that came alone — the job's previous one arrived at least this long before it, as a stream's
 * previews at up to several Hz do — is decoded after a task's turn: a quiet window would only add
 * itself to every preview's latency. The first of a burst is decoded so too (one decode a burst may
 * waste); the burst's next ones come close and settle.
 */
export const ALONE_AFTER_MS = 100;

const NO_SETTLE = { quietMs: 0, maxWaitMs: 0 };

/**
 * The settle for a job whose slot took `arrivals` previews since its last decode started, the newest
 * `gapMs` after the one before it. Pure.
 */
export function settleFor(arrivals: number, gapMs: number): { quietMs: number; maxWaitMs: number } {
  if (arrivals >= FLOOD_SETTLE.arrivals) return FLOOD_SETTLE;
  return arrivals <= 1 && gapMs >= ALONE_AFTER_MS ? NO_SETTLE : DECODE_SETTLE;
}

/** Milliseconds to hold the waiting preview before its decode (0: start now). Pure. */
export function settleDelayMs(now: number, lastArrival: number, waitingSince: number, settle = DECODE_SETTLE): number {
  return Math.max(0, Math.min(settle.quietMs - (now - lastArrival), settle.maxWaitMs - (now - waitingSince)));
}

export interface PreviewDecoderOptions extends PreviewDecodeOptions {
  /** The most bytes a preview by URL may download. */
  maxFetchBytes: number;
  fetchTimeoutMs: number;
}

type Emit = (event: StreamEvent) => void;

const ROUNDED_SENTENCE =
  'Preview values were rounded to label ids: the server sent floats that are not whole numbers (a probability map?); halves round to even, as NumPy does.';

interface JobDecodes {
  running: boolean;
  waiting: SlotPreview | undefined;
  /** When the newest preview arrived, and the one before it, and since when a preview has been waiting (performance.now()). */
  lastArrival: number;
  previousArrival: number;
  waitingSince: number | undefined;
  /** Previews put in the slot since the last decode started (FLOOD_SETTLE). */
  arrivals: number;
  /** Aborts the running preview's download, when it is one. */
  download: AbortController | undefined;
  order: PreviewOrder;
  /** Non-integer float labels were rounded and that was said (once per job). */
  roundingReported: boolean;
  /** The working memory of the job's decodes, reused by each (they run one after another); its payload buffer may be lent to the pipeline. */
  scratch: ScratchMemory;
  idle: Array<() => void>;
}

export class PreviewDecoder {
  readonly #jobs = new Map<string, JobDecodes>();
  readonly #emit: Emit;
  readonly #read: ReadPreview;
  readonly #options: () => PreviewDecoderOptions;
  readonly #pipeline: DecodePipeline;

  constructor(emit: Emit, read: ReadPreview, options: () => PreviewDecoderOptions, pipeline: DecodePipeline = new PipelineStates()) {
    this.#emit = emit;
    this.#read = read;
    this.#options = options;
    this.#pipeline = pipeline;
  }

  /** A preview parsed on arrival (a small frame, a binary frame, a reassembled or by-URL preview). */
  submit(jobId: string, preview: ArrivedPreview): void {
    const job = this.#job(jobId);
    if (!this.#accepts(jobId, job, preview)) return;
    this.#wait(jobId, job, preview);
  }

  /** A big text preview, unparsed: a streaming one, which a final preview already accepted outranks. */
  submitUnparsed(jobId: string, preview: UnparsedPreview): void {
    const job = this.#job(jobId);
    if (job.order.final) return;
    this.#wait(jobId, job, preview);
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
    if (job) job.order = restartPreviewOrder(job.order);
  }

  forget(jobId: string): void {
    const job = this.#jobs.get(jobId);
    this.#jobs.delete(jobId);
    if (job) this.#pipeline.forget(jobId);
    job?.download?.abort();
    job?.idle.forEach((resolve) => resolve());
  }

  #wait(jobId: string, job: JobDecodes, preview: SlotPreview): void {
    const now = performance.now();
    job.waiting = preview;
    job.previousArrival = job.lastArrival;
    job.lastArrival = now;
    job.waitingSince ??= now;
    job.arrivals += 1;
    // The running download is of an older preview: it would only be thrown away after arriving.
    job.download?.abort();
    if (job.running) return;
    job.running = true;
    void this.#run(jobId, job);
  }

  /** Whether preview-order.ts lets this preview be shown (a reset is reported); accepting it makes it the newest. */
  #accepts(jobId: string, job: JobDecodes, preview: Pick<ArrivedPreview, 'header'>): boolean {
    const { previewId, final, sentAt } = preview.header;
    const decision = orderPreview(job.order, { previewId, final, sentAt }, Date.now());
    job.order = decision.order;
    if (decision.reset) this.#emit({ kind: 'error', jobId, code: 'order', message: decision.reset });
    return decision.show;
  }

  #job(jobId: string): JobDecodes {
    let job = this.#jobs.get(jobId);
    if (!job) {
      job = {
        running: false,
        waiting: undefined,
        lastArrival: Number.NEGATIVE_INFINITY,
        previousArrival: Number.NEGATIVE_INFINITY,
        waitingSince: undefined,
        arrivals: 0,
        download: undefined,
        order: createPreviewOrder(),
        roundingReported: false,
        scratch: new ScratchMemory(),
        idle: [],
      };
      this.#jobs.set(jobId, job);
    }
    return job;
  }

  async #run(jobId: string, job: JobDecodes): Promise<void> {
    for (;;) {
      // Let the socket drain into the slot before choosing the preview to decode: a task's turn at least
      // (previews submitted together land together), and the quiet window its settle asks for. Nothing
      // waiting: no turn, so a terminal event held by whenIdle follows at once.
      if (job.waiting) {
        let wait = this.#settle(job);
        do await sleep(wait);
        while ((wait = this.#settle(job)) > 0);
      }
      if (this.#jobs.get(jobId) !== job) return;
      const next = job.waiting;
      job.waiting = undefined;
      job.waitingSince = undefined;
      job.arrivals = 0;
      if (!next) break;
      if (!('wire' in next)) {
        await this.#decodeOne(jobId, job, next);
        continue;
      }
      const preview = this.#readUnparsed(jobId, job, next);
      if (preview) await this.#decodeOne(jobId, job, preview);
    }
    job.running = false;
    const idle = job.idle.splice(0);
    idle.forEach((resolve) => resolve());
  }

  /** Parses a slotted preview now that it is used; undefined when refused or (by its order) no longer shown. */
  #readUnparsed(jobId: string, job: JobDecodes, unparsed: UnparsedPreview): ArrivedPreview | undefined {
    const { wire, ...arrival } = unparsed;
    const parseStart = performance.now();
    const read = this.#read(jobId, wire);
    const parseMs = performance.now() - parseStart;
    if (!read || !this.#accepts(jobId, job, read)) return undefined;
    return { ...arrival, ...read, parseMs };
  }

  async #decodeOne(jobId: string, job: JobDecodes, preview: ArrivedPreview): Promise<void> {
    const { header } = preview;
    try {
      const base64Start = performance.now();
      const bytes = await this.#bytes(job, preview);
      // A download is not base64 work: only inline text counts here.
      const base64Ms = header.payload.encoding === 'base64' ? performance.now() - base64Start : 0;
      if (!bytes) throw new LabelDecodeError('payload', 'A binary preview arrived without its bytes.');
      const { volume, timings, rounded, changes, handoffMs } = await this.#pipeline.decode(jobId, { header, bytes }, this.#options(), job.scratch);
      if (this.#jobs.get(jobId) !== job) return;
      if (rounded && !job.roundingReported) {
        job.roundingReported = true;
        this.#emit({ kind: 'error', jobId, code: 'labels', message: ROUNDED_SENTENCE });
      }
      // A clock far ahead of ours would make a negative latency; such a time says nothing.
      const sentAt = preview.sentAt !== undefined && preview.sentAt - Date.now() <= PREVIEW_ORDER_LIMITS.maxFutureMs ? preview.sentAt : undefined;
      this.#emit({
        kind: 'preview',
        jobId,
        previewId: header.previewId,
        final: header.final,
        volume,
        decodeMs: performance.now() - preview.receivedAt,
        timings: { parseMs: preview.parseMs, base64Ms, ...timings, ...(handoffMs === undefined ? {} : { handoffMs }) },
        sentAt,
        messageBytes: preview.messageBytes,
        changes,
      });
    } catch (error) {
      if (error instanceof PreviewFetchAborted) return;
      if (error instanceof PreviewFetchError) {
        this.#emit({ kind: 'error', jobId, code: error.code, message: error.message, field: 'data.url' });
      } else if (error instanceof LabelDecodeError) {
        this.#emit({ kind: 'error', jobId, code: error.rule, message: error.message });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        this.#emit({ kind: 'error', jobId, code: 'payload', message: `The preview could not be decoded: ${message}` });
      }
    }
  }

  /** The payload bytes: decoded from base64, the frame's body, or downloaded (abortably) from the URL. */
  async #bytes(job: JobDecodes, preview: ArrivedPreview): Promise<Uint8Array | undefined> {
    const { payload } = preview.header;
    if (payload.encoding === 'base64') return decodeBase64(payload.text, job.scratch);
    if (payload.encoding === 'binary') return preview.body;
    const { maxFetchBytes, fetchTimeoutMs } = this.#options();
    const download = new AbortController();
    job.download = download;
    try {
      return await fetchPreviewBytes(payload.url, { base: preview.baseUrl ?? '', maxBytes: maxFetchBytes, timeoutMs: fetchTimeoutMs, signal: download.signal });
    } finally {
      if (job.download === download) job.download = undefined;
    }
  }

  #settle(job: JobDecodes): number {
    return job.waitingSince === undefined ? 0 : settleDelayMs(performance.now(), job.lastArrival, job.waitingSince, settleFor(job.arrivals, job.lastArrival - job.previousArrival));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
