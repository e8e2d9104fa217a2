// Chunked previews on their way to the decoder (worker side): a whole preview passes straight through
// (abandoning an older incomplete one), a chunk waits in the assembler until its preview is complete,
// and a timer drops previews whose chunks ran out of time. The assembling itself is pure
// (chunk-assembler.ts); this room owns the clock and the hand-over.
import { ChunkAssembler, type ChunkLimits } from './chunk-assembler.ts';
import type { ArrivedPreview } from './preview-decoder.ts';

export interface ChunkedPreviewsSink {
  /** A whole preview (as sent, or put back together from its chunks). */
  preview(jobId: string, preview: ArrivedPreview): void;
  /** A preview was dropped: one sentence per preview. */
  dropped(jobId: string, message: string): void;
}

export class ChunkedPreviews {
  readonly #assembler: ChunkAssembler;
  readonly #sink: ChunkedPreviewsSink;
  #sweep: ReturnType<typeof setTimeout> | undefined;

  constructor(limits: () => ChunkLimits, sink: ChunkedPreviewsSink) {
    this.#assembler = new ChunkAssembler(limits);
    this.#sink = sink;
  }

  arrived(jobId: string, preview: ArrivedPreview): void {
    const { header } = preview;
    if (!header.chunk) {
      this.#assembler.supersede(jobId, header.previewId, header.final);
      this.#sink.preview(jobId, preview);
      return;
    }
    const part = header.payload.encoding === 'base64' ? { text: header.payload.text } : { bytes: preview.body ?? new Uint8Array(0) };
    // A chunked preview always has an id (normalize-preview.ts's rule); 0 only satisfies the type.
    const outcome = this.#assembler.add(jobId, { id: header.previewId ?? 0, final: header.final, index: header.chunk.index, count: header.chunk.count, part, messageBytes: preview.messageBytes }, performance.now());
    this.#schedule();
    if (outcome.kind === 'error') this.#sink.dropped(jobId, outcome.message);
    if (outcome.kind !== 'complete') return;
    const { chunk: _chunk, ...whole } = header;
    const joined = outcome.payload;
    this.#sink.preview(jobId, {
      ...preview,
      messageBytes: outcome.messageBytes,
      header: { ...whole, payload: 'text' in joined ? { encoding: 'base64', text: joined.text } : { encoding: 'binary' } },
      body: 'bytes' in joined ? joined.bytes : undefined,
    });
  }

  restartOrder(jobId: string): void {
    this.#assembler.restartOrder(jobId);
  }

  forget(jobId: string): void {
    this.#assembler.forget(jobId);
  }

  dispose(): void {
    clearTimeout(this.#sweep);
  }

  #schedule(): void {
    clearTimeout(this.#sweep);
    const deadline = this.#assembler.nextDeadline();
    if (deadline === undefined) return;
    this.#sweep = setTimeout(() => {
      for (const { jobId, message } of this.#assembler.expire(performance.now())) this.#sink.dropped(jobId, message);
      this.#schedule();
    }, Math.max(0, deadline - performance.now()) + 1);
  }
}
