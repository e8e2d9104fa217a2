// The copy of a preview's dense labels that its job's next decode compares against (changed-region.ts,
// label-changes.ts). In Chromium a fresh 2 MB array costs more to fault in than to fill (scratch-memory.ts):
// at 128³ a fresh copy took ≈ 10–16 ms of the decode worker, a reused one ≈ 0.2 ms. So the copies take
// turns in two kept buffers: each goes where the copy before last was, never over the copy the running
// decode still reads. A copy is good until the copy after next.
import type { DenseLabels } from './label-volume.ts';

export class LabelCopies {
  readonly #buffers: Array<ArrayBuffer | undefined> = [undefined, undefined];
  #turn = 0;

  /** `labels` copied into this turn's buffer (grown if too small), of the same element type. */
  copy(labels: DenseLabels): DenseLabels {
    const turn = this.#turn;
    this.#turn = 1 - turn;
    let buffer = this.#buffers[turn];
    if (!buffer || buffer.byteLength < labels.byteLength) this.#buffers[turn] = buffer = new ArrayBuffer(labels.byteLength);
    const copy = labels instanceof Uint8Array ? new Uint8Array(buffer, 0, labels.length) : new Uint16Array(buffer, 0, labels.length);
    copy.set(labels);
    return copy;
  }
}
