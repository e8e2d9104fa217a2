// What a socket's frames are (worker side): each text or binary frame goes through triage
// (frame-triage.ts), then either waits unparsed in its job's newest-preview slot or is read at once —
// JSON, this widget's binary frame, msgpack, gzip-compressed msgpack — into a JobMessage, in arrival
// order per socket even while one is being inflated — the socket's state changes take their turn too,
// and what waits is bounded (inbound-order.ts). Errors go to the job the message named when it is on
// the socket, else to every job of the socket. What a message means is the backend's business.
import type { JobMessage } from '../protocol/job-message.ts';
import { parseMsgpackMessage } from '../protocol/msgpack-message.ts';
import { parseServerMessage } from '../protocol/parse-server-message.ts';
import { readBinaryMessage, readError, type BinaryReadError } from './binary-message.ts';
import { triageBinaryFrame, triageTextFrame, type FrameLane } from './frame-triage.ts';
import { InboundOrder } from './inbound-order.ts';
import type { ArrivedPreview, ReadPreview, UnparsedPreview } from './preview-decoder.ts';
import type { StreamOptions } from './stream-types.ts';

/** The socket a frame came on, as the reader sees it. */
export interface FrameSource {
  readonly jobIds: ReadonlySet<string>;
  /** Shared by several jobs: a message must name its job. */
  readonly multiplexed: boolean;
}

export type Arrival = Pick<ArrivedPreview, 'body' | 'receivedAt' | 'messageBytes' | 'parseMs'>;

export interface FrameSink<S extends FrameSource> {
  /** A message read and validated, for the backend to route. */
  message(source: S, message: JobMessage, arrival: Arrival): void;
  /** A big streaming preview for `jobId`, unparsed: for its slot. */
  unparsed(source: S, jobId: string, preview: Omit<UnparsedPreview, 'baseUrl'>): void;
  error(jobId: string, error: BinaryReadError): void;
}

export class FrameReader<S extends FrameSource> {
  readonly #options: () => Pick<StreamOptions, 'binaryFormat' | 'maxMessageBytes'>;
  readonly #sink: FrameSink<S>;
  /** Per socket: its messages handled in arrival order even while one is being inflated. */
  readonly #inbound = new WeakMap<S, InboundOrder>();

  constructor(options: () => Pick<StreamOptions, 'binaryFormat' | 'maxMessageBytes'>, sink: FrameSink<S>) {
    this.#options = options;
    this.#sink = sink;
  }

  /**
   * Runs something the socket reported besides a frame (a state change, a refused message) in its turn:
   * a message of the old connection still inflating must not land after the new connection's `open`.
   */
  inTurn(source: S, task: () => void): void {
    this.#inOrder(source, 0, task);
  }

  text(source: S, text: string): void {
    this.#inOrder(source, text.length, () => {
      const receivedAt = performance.now();
      if (this.#slotted(source, triageTextFrame(text, source.multiplexed), { wire: text, receivedAt, messageBytes: text.length })) return;
      const parsed = parseServerMessage(text, { frame: 'text' });
      const parseMs = performance.now() - receivedAt;
      if (!parsed.ok) return this.#rejected(source, readError(parsed));
      this.#sink.message(source, parsed.message, { body: undefined, receivedAt, messageBytes: text.length, parseMs });
    });
  }

  /** This widget's binary frame or msgpack (gzip-compressed or not): a promise only while inflating. */
  binary(source: S, buffer: ArrayBuffer): void {
    this.#inOrder(source, buffer.byteLength, () => {
      const receivedAt = performance.now();
      const { binaryFormat, maxMessageBytes } = this.#options();
      const bytes = new Uint8Array(buffer);
      const lane = triageBinaryFrame(bytes, binaryFormat, source.multiplexed);
      if (this.#slotted(source, lane, { wire: bytes, receivedAt, messageBytes: buffer.byteLength })) return;
      const handle = (read: Awaited<ReturnType<typeof readBinaryMessage>>): void => {
        if (!read.ok) return this.#rejected(source, read.error);
        // For a gzip message this includes the inflate: reading the message is all of it.
        const parseMs = performance.now() - receivedAt;
        this.#sink.message(source, read.message, { body: read.body, receivedAt, messageBytes: buffer.byteLength, parseMs });
      };
      const read = readBinaryMessage(buffer, { format: binaryFormat, maxBytes: maxMessageBytes });
      return read instanceof Promise ? read.then(handle) : handle(read);
    });
  }

  /**
   * Parses a slotted preview as it is about to be decoded. The peek read the first top-level `type` and
   * `job_id`; a message whose parse disagrees (a repeated key) is refused rather than used as something else.
   */
  readonly readSlotted: ReadPreview = (jobId, wire) => {
    const parsed = typeof wire === 'string' ? { result: parseServerMessage(wire, { frame: 'text' }), body: undefined } : parseMsgpackMessage(wire);
    const { result, body } = parsed;
    if (!result.ok) {
      this.#sink.error(jobId, readError(result));
      return undefined;
    }
    const { message } = result;
    if (message.kind !== 'preview' || (message.jobId !== undefined && message.jobId !== jobId)) {
      const field = message.kind === 'preview' ? 'job_id' : 'type';
      const said = `A message began as a preview for this job but its repeated "type" or "job_id" said otherwise; it was ignored.`;
      this.#sink.error(jobId, { code: 'schema', field, message: said });
      return undefined;
    }
    return { header: message.header, sentAt: message.sentAt, body };
  };

  /** Puts a frame triage called a preview into its job's slot; false when it is to be read at once. */
  #slotted(source: S, lane: FrameLane, preview: Omit<UnparsedPreview, 'baseUrl'>): boolean {
    if (lane.lane !== 'preview') return false;
    const jobId = slotJob(source.jobIds, lane.jobId, source.multiplexed);
    if (jobId === undefined) return false;
    this.#sink.unparsed(source, jobId, preview);
    return true;
  }

  /** `bytes`: a frame's size, held against the queue's bound (two messages of the size limit); 0 is never refused. */
  #inOrder(source: S, bytes: number, task: () => void | Promise<void>): void {
    let order = this.#inbound.get(source);
    if (!order) this.#inbound.set(source, (order = new InboundOrder(() => 2 * this.#options().maxMessageBytes)));
    if (order.run(task, bytes)) return;
    const message = `A message of ${bytes} bytes arrived while ${order.queuedBytes} bytes already waited behind one still being inflated; it was dropped unread.`;
    for (const jobId of source.jobIds) this.#sink.error(jobId, { code: 'size', message });
  }

  #rejected(source: S, error: BinaryReadError): void {
    const target = error.jobId && source.jobIds.has(error.jobId) ? [error.jobId] : [...source.jobIds];
    for (const jobId of target) this.#sink.error(jobId, error);
  }
}

/**
 * The job whose slot a peeked preview may wait in: the job it names on its own socket, or the socket's
 * one job when it names none. Anything else (another job's id) is parsed at once, and routed or reported.
 */
export function slotJob(jobIds: ReadonlySet<string>, named: string | undefined, multiplexed: boolean): string | undefined {
  if (named !== undefined) return jobIds.has(named) ? named : undefined;
  if (multiplexed || jobIds.size !== 1) return undefined;
  const [own] = jobIds;
  return own;
}
