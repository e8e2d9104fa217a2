// Chunked previews put back together (worker side). A server that cannot send a large message (an
// API-Gateway socket: 128 KB) splits a preview's payload into `chunks` messages with the same
// `preview_id`, each holding part `chunk` (0-based) of the base64 text or of the bytes. Pure: the
// caller passes the clock and sweeps expired previews.
//
// Bounded memory: per job at most one preview is being assembled, the newest; its parts together may
// not pass `maxBytes`. A newer preview (chunked or whole) abandons an older incomplete one silently, as
// latest-wins drops any superseded preview — except a final one, which only another final abandons (as
// preview-order.ts lets only a final replace a final): a streaming chunk during a final's assembly is
// stale, and a final's chunks are never stale for their id's place among the streaming ones; a preview whose chunks do not all arrive within
// `timeoutMs` of its first, or that breaks the rules, is dropped with one error, and its late chunks
// after that are dropped silently. The number of chunks is capped by the schema (MAX_PREVIEW_CHUNKS).

/** One part of a payload: base64 text (text frames) or bytes (binary frames, msgpack `bin`). */
export type ChunkPart = { text: string } | { bytes: Uint8Array };

/** A chunked preview's `preview_id`: a number orders previews; a text id (e.g. "final") does not. */
export type ChunkedPreviewId = number | string;

export interface PreviewChunkIn {
  /** The preview's id: chunks of one preview share it; a higher number is newer. */
  id: ChunkedPreviewId;
  /** The job's final preview (`is_final`, or the id "final"). */
  final: boolean;
  index: number;
  count: number;
  part: ChunkPart;
  /** The size of the message that carried it: a whole preview's size is its chunks' sum. */
  messageBytes: number;
}

export type ChunkOutcome =
  | { kind: 'complete'; payload: ChunkPart; messageBytes: number }
  | { kind: 'pending' }
  /** A chunk of a preview that is finished, abandoned, dropped, or older than one already begun. */
  | { kind: 'stale' }
  /** The preview is dropped; the message says why. Later chunks of it are stale. */
  | { kind: 'error'; message: string };

export interface ChunkLimits {
  /** The most bytes (characters of base64) the parts of one preview may hold together. */
  maxBytes: number;
  /** Milliseconds from a preview's first chunk to its last. */
  timeoutMs: number;
}

interface Assembly {
  id: ChunkedPreviewId;
  final: boolean;
  count: number;
  parts: Array<ChunkPart | undefined>;
  received: number;
  size: number;
  messageBytes: number;
  deadline: number;
}

interface JobChunks {
  assembly: Assembly | undefined;
  /** Numeric ids at or below this are finished, abandoned or dropped. */
  closedThrough: number;
  /** The last text id finished, abandoned or dropped: its late chunks are stale. */
  closedText: string | undefined;
  /** The last final preview finished, abandoned or dropped: its late chunks are stale. */
  closedFinal: ChunkedPreviewId | undefined;
}

export class ChunkAssembler {
  readonly #jobs = new Map<string, JobChunks>();
  readonly #limits: () => ChunkLimits;

  constructor(limits: () => ChunkLimits) {
    this.#limits = limits;
  }

  add(jobId: string, chunk: PreviewChunkIn, now: number): ChunkOutcome {
    const job = this.#job(jobId);
    let assembly = job.assembly;
    if (!assembly || chunk.id !== assembly.id) {
      if (chunk.final ? chunk.id === job.closedFinal : isClosed(job, chunk.id)) return { kind: 'stale' };
      if (assembly && !chunk.final && (assembly.final || older(chunk.id, assembly.id))) return { kind: 'stale' };
      // Another preview began: the one being assembled is abandoned.
      if (assembly) close(job, assembly);
      assembly = {
        id: chunk.id,
        final: chunk.final,
        count: chunk.count,
        parts: new Array<ChunkPart | undefined>(chunk.count),
        received: 0,
        size: 0,
        messageBytes: 0,
        deadline: now + this.#limits().timeoutMs,
      };
      job.assembly = assembly;
    }
    // A server may mark only some chunks of its final preview `is_final`: one of them makes it final.
    assembly.final ||= chunk.final;
    if (chunk.count !== assembly.count) {
      return this.#drop(job, assembly, `Preview ${assembly.id} arrived in chunks that disagree on their number (${assembly.count} and ${chunk.count}); it was dropped.`);
    }
    const first = assembly.parts.find((part) => part !== undefined);
    if (first && 'text' in first !== 'text' in chunk.part) {
      return this.#drop(job, assembly, `Preview ${assembly.id} mixes base64 and binary chunks; it was dropped.`);
    }
    // A repeated chunk (a server retrying a send) replaces nothing: the first copy stands.
    if (assembly.parts[chunk.index] !== undefined) return { kind: 'pending' };
    const size = partSize(chunk.part);
    const { maxBytes } = this.#limits();
    if (assembly.size + size > maxBytes) {
      return this.#drop(job, assembly, `Preview ${assembly.id}'s chunks hold more than ${maxBytes} bytes, the most allowed; it was dropped.`);
    }
    assembly.parts[chunk.index] = chunk.part;
    assembly.received += 1;
    assembly.size += size;
    assembly.messageBytes += chunk.messageBytes;
    if (assembly.received < assembly.count) return { kind: 'pending' };
    job.assembly = undefined;
    close(job, assembly);
    return { kind: 'complete', payload: join(assembly.parts as ChunkPart[], assembly.size), messageBytes: assembly.messageBytes };
  }

  /**
   * A whole (unchunked) preview arrived: the preview still being assembled is abandoned, unless its
   * numeric id is not older than the whole one's, or it is final and the whole one is not.
   */
  supersede(jobId: string, id: ChunkedPreviewId | undefined, final: boolean): void {
    const job = this.#jobs.get(jobId);
    const assembly = job?.assembly;
    if (!job || !assembly) return;
    if (!final && (assembly.final || (id !== undefined && (id === assembly.id || older(id, assembly.id))))) return;
    close(job, assembly);
    job.assembly = undefined;
  }

  /** Drops every preview whose time ran out, returning one error per preview. */
  expire(now: number): Array<{ jobId: string; id: ChunkedPreviewId; message: string }> {
    const expired: Array<{ jobId: string; id: ChunkedPreviewId; message: string }> = [];
    for (const [jobId, job] of this.#jobs) {
      const assembly = job.assembly;
      if (!assembly || assembly.deadline > now) continue;
      const seconds = this.#limits().timeoutMs / 1000;
      this.#drop(job, assembly, '');
      expired.push({
        jobId,
        id: assembly.id,
        message: `Preview ${assembly.id} was dropped: ${assembly.received} of its ${assembly.count} chunks arrived within ${seconds} s.`,
      });
    }
    return expired;
  }

  /** When the next preview runs out of time, or undefined when nothing is being assembled. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const job of this.#jobs.values()) {
      if (job.assembly && (next === undefined || job.assembly.deadline < next)) next = job.assembly.deadline;
    }
    return next;
  }

  /** After a reconnect a restarted server may number from 1 again: nothing it sends is stale then. */
  restartOrder(jobId: string): void {
    if (this.#jobs.has(jobId)) this.#jobs.set(jobId, emptyJob());
  }

  forget(jobId: string): void {
    this.#jobs.delete(jobId);
  }

  #job(jobId: string): JobChunks {
    let job = this.#jobs.get(jobId);
    if (!job) {
      job = emptyJob();
      this.#jobs.set(jobId, job);
    }
    return job;
  }

  #drop(job: JobChunks, assembly: Assembly, message: string): ChunkOutcome {
    if (job.assembly === assembly) job.assembly = undefined;
    close(job, assembly);
    return { kind: 'error', message };
  }
}

function emptyJob(): JobChunks {
  return { assembly: undefined, closedThrough: -Infinity, closedText: undefined, closedFinal: undefined };
}

/** Only numeric ids compare: a text id is neither older nor newer than another id. */
function older(id: ChunkedPreviewId, than: ChunkedPreviewId): boolean {
  return typeof id === 'number' && typeof than === 'number' && id < than;
}

function isClosed(job: JobChunks, id: ChunkedPreviewId): boolean {
  return typeof id === 'number' ? id <= job.closedThrough : id === job.closedText;
}

function close(job: JobChunks, { id, final }: Pick<Assembly, 'id' | 'final'>): void {
  // A final's id says nothing of the streaming previews' order: it may be lower than theirs.
  if (final) job.closedFinal = id;
  else if (typeof id === 'number') job.closedThrough = Math.max(job.closedThrough, id);
  else job.closedText = id;
}

function partSize(part: ChunkPart): number {
  return 'text' in part ? part.text.length : part.bytes.byteLength;
}

function join(parts: ChunkPart[], size: number): ChunkPart {
  if (parts.every((part) => 'text' in part)) return { text: parts.map((part) => part.text).join('') };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    if (!('bytes' in part)) continue;
    bytes.set(part.bytes, offset);
    offset += part.bytes.byteLength;
  }
  return { bytes };
}
