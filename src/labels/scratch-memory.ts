// Working memory that one job's decodes reuse. In Chromium a typed array of a megabyte or more comes as
// fresh pages every time, and faulting them in costs more than the work done in them (a fresh 2 MB
// array filled: 6–8 ms; the same array filled again: ≈ 0; 16 MB: 80–170 ms on a loaded 2-core machine).
// Each use keeps one buffer, grown and never shrunk; a decode's next use of it overwrites it, so what
// is written there must not be kept: it is the decode's own scratch, not its result. A buffer may be
// lent out (transferred to another thread) and given back, so it keeps being reused there too. The
// surface builders' masks and maps (≈ 4 MB at 128³: 64³ bricks) are kept whole the same way (`keep`),
// and so are the two buffers the previous preview's labels take turns in (label-copies.ts).

/** What a scratch buffer holds during a decode. */
export type ScratchUse = 'payload' | 'downsampled';

/** Working objects of a decode's stages, kept whole between decodes. */
export type KeptUse = 'bricks' | 'previous';

export class ScratchMemory {
  readonly #buffers = new Map<ScratchUse, ArrayBuffer>();
  readonly #kept = new Map<KeptUse, unknown>();

  /** The working object of `use`, made by `make` on first use and the same one after (its user keeps it fit for reuse). */
  keep<T>(use: KeptUse, make: () => T): T {
    if (!this.#kept.has(use)) this.#kept.set(use, make());
    return this.#kept.get(use) as T;
  }

  /** At least `byteLength` bytes for `use`, holding whatever its last user left there. */
  buffer(use: ScratchUse, byteLength: number): ArrayBuffer {
    let buffer = this.#buffers.get(use);
    if (!buffer || buffer.byteLength < byteLength) {
      buffer = new ArrayBuffer(byteLength);
      this.#buffers.set(use, buffer);
    }
    return buffer;
  }

  /**
   * The buffer of `use` with `bytes` at its start, taken out until `giveBack`: `bytes` lie there
   * already when they were written into it (no copy), else they are copied in.
   */
  lend(use: ScratchUse, bytes: Uint8Array): ArrayBuffer {
    const inPlace = bytes.buffer === this.#buffers.get(use) && bytes.byteOffset === 0;
    const buffer = inPlace ? (bytes.buffer as ArrayBuffer) : this.buffer(use, bytes.byteLength);
    if (!inPlace) new Uint8Array(buffer, 0, bytes.byteLength).set(bytes);
    this.#buffers.delete(use);
    return buffer;
  }

  /** A lent buffer back (the bigger one is kept, should another have been made meanwhile). */
  giveBack(use: ScratchUse, buffer: ArrayBuffer): void {
    const current = this.#buffers.get(use);
    if (buffer.byteLength > 0 && (!current || current.byteLength < buffer.byteLength)) this.#buffers.set(use, buffer);
  }
}
