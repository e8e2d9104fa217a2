// A layer's previews, applied in passes, so that every started preview reaches the screen.
//
// A pass is one preview's scene work (slice, bricks, colours) queued on the frame queue. While none of it
// has run yet, a newer preview folds into it (its bricks replace the queued ones, newest per brick).
// Once some of it ran, newer previews wait, merged into one (mergeSurfaces), until the pass is applied
// and drawn; then the merged one becomes the next pass. Without this, each preview re-queued the bricks
// its predecessor had already applied, and at a preview rate faster than the draw (4 × 128³ @ 2 Hz under
// SwiftShader) a layer's queue never emptied and no preview was ever completely on screen. Each pass is
// bounded (a layer's bricks, once), so a layer is drawn at least once per pass, whatever arrives.
import type { LabelVolume, SurfaceBricks } from '../labels/label-volume.ts';
import { mergeSurfaces } from '../labels/surface-merge.ts';

export interface Pass {
  /** The newest preview in the pass: what its `job-drawn` names. */
  readonly volume: LabelVolume;
  /** The bricks to apply: the preview's own, merged over those of the previews it absorbed. */
  readonly surface: SurfaceBricks;
  /** Some of the pass's work ran: newer previews wait for the next pass. */
  started: boolean;
}

export class LayerPasses {
  #current: Pass | null = null;
  #waiting: { volume: LabelVolume; surface: SurfaceBricks } | null = null;

  /** The pass being applied, if any. */
  get current(): Pass | null {
    return this.#current;
  }

  /**
   * A new preview. Returns the pass to queue now: a new one, or the not yet started one it was folded
   * into (whose queued bricks it replaces); null when it waits for the running pass.
   */
  take(volume: LabelVolume): Pass | null {
    if (this.#current?.started) {
      const surface = this.#waiting ? mergeSurfaces(this.#waiting.surface, volume.surface) : volume.surface;
      this.#waiting = { volume, surface };
      return null;
    }
    const surface = this.#current ? mergeSurfaces(this.#current.surface, volume.surface) : volume.surface;
    this.#current = { volume, surface, started: false };
    return this.#current;
  }

  /**
   * The current pass is applied and drawn: returns its preview (null when there was none) and makes the
   * waiting previews the current pass (`next`, to queue).
   */
  finish(): { drawn: LabelVolume | null; next: Pass | null } {
    const drawn = this.#current?.volume ?? null;
    this.#current = null;
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting) this.#current = { ...waiting, started: false };
    return { drawn, next: this.#current };
  }
}
