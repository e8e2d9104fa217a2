// A layer's previews, applied in passes, so that every started preview reaches the screen.
//
// A pass is one preview's scene work (slice, bricks, colours) queued on the frame queue. While none of it
// has run yet, a newer preview folds into it (its bricks replace the queued ones, newest per brick).
// Once some of it ran, newer previews wait, merged into one (mergeSurfaces), until the pass is applied
// and drawn; then the merged one becomes the next pass. Without this, each preview re-queued the bricks
// its predecessor had already applied, and at a preview rate faster than the draw (4 × 128³ @ 2 Hz under
// SwiftShader) a layer's queue never emptied and no preview was ever completely on screen. Each pass is
// bounded (a layer's bricks, once), so a layer is drawn at least once per pass, whatever arrives.
//
// A preview whose voxels equal its predecessor's (`changed` empty: the worker compared them) has no
// scene work of its own, but it is on screen when that predecessor is: it rides with the pass of the
// preview it repeats and is reported drawn with it (or, with nothing in flight, after the next draw).
// Without this, a repeat's `job-drawn` never came — under load, when latest wins dropped the preview
// between two equal ones (a checkerboard flips each preview: 1 and 3 are equal), a host waiting for
// the job's last preview on screen waited for ever.
import type { LabelVolume, SurfaceBricks } from '../labels/label-volume.ts';
import { mergeSurfaces } from '../labels/surface-merge.ts';

export interface Pass {
  /** The newest preview in the pass: what its `job-drawn` names. */
  readonly volume: LabelVolume;
  /** The bricks to apply: the preview's own, merged over those of the previews it absorbed. */
  readonly surface: SurfaceBricks;
  /** Some of the pass's work ran: newer previews wait for the next pass. */
  started: boolean;
  /** Later previews equal to `volume`: on screen when it is. */
  readonly repeats: LabelVolume[];
}

type Waiting = Omit<Pass, 'started'>;

export class LayerPasses {
  #current: Pass | null = null;
  #waiting: Waiting | null = null;
  /** Repeats that came with nothing in flight: on screen at the next draw. */
  #idleRepeats: LabelVolume[] = [];

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
      this.#waiting = { volume, surface, repeats: [] };
      return null;
    }
    const surface = this.#current ? mergeSurfaces(this.#current.surface, volume.surface) : volume.surface;
    this.#current = { volume, surface, started: false, repeats: [] };
    return this.#current;
  }

  /**
   * A preview equal to the newest one taken: it rides with that one's pass. Returns true when nothing is
   * in flight, so a draw must be asked for to report it.
   */
  repeat(volume: LabelVolume): boolean {
    const pass = this.#waiting ?? this.#current;
    if (pass) {
      pass.repeats.push(volume);
      return false;
    }
    this.#idleRepeats.push(volume);
    return true;
  }

  /** Something is waiting to be reported drawn. */
  get pending(): boolean {
    return this.#current !== null || this.#idleRepeats.length > 0;
  }

  /**
   * The current pass is applied and drawn: returns its previews, oldest first (none when there was no
   * pass), and makes the waiting previews the current pass (`next`, to queue).
   */
  finish(): { drawn: LabelVolume[]; next: Pass | null } {
    const drawn = [...this.#idleRepeats, ...(this.#current ? [this.#current.volume, ...this.#current.repeats] : [])];
    this.#idleRepeats = [];
    this.#current = null;
    const waiting = this.#waiting;
    this.#waiting = null;
    if (waiting) this.#current = { ...waiting, started: false };
    return { drawn, next: this.#current };
  }
}
