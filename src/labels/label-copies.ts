// The copy of a preview's dense labels that its job's next decode compares against (changed-region.ts,
// label-changes.ts). In Chromium a fresh 2 MB array costs more to fault in than to fill (scratch-memory.ts):
// at 128³ a fresh copy took ≈ 10–16 ms of the decode worker, a reused one ≈ 0.2 ms. So the copies take
// turns in two kept buffers: each goes into the one the copy being compared against is not in.
import type { DenseLabels } from './label-volume.ts';

export class LabelCopies {
  readonly #buffers: Array<ArrayBuffer | undefined> = [undefined, undefined];

  /** `labels` copied (same element type) into a kept buffer other than the one `inUse` lies in, grown if too small. */
  copy(labels: DenseLabels, inUse: DenseLabels | undefined): DenseLabels {
    const turn = inUse !== undefined && inUse.buffer === this.#buffers[0] ? 1 : 0;
    let buffer = this.#buffers[turn];
    if (!buffer || buffer.byteLength < labels.byteLength) this.#buffers[turn] = buffer = new ArrayBuffer(labels.byteLength);
    const copy = labels instanceof Uint8Array ? new Uint8Array(buffer, 0, labels.length) : new Uint16Array(buffer, 0, labels.length);
    copy.set(labels);
    return copy;
  }
}
