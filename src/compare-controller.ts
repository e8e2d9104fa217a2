// `compare="jobA jobB"`: the two jobs' shown previews compared (labels/label-compare.ts) each time either
// layer takes a new volume (a live preview or a stored one), announced as `job-compare`. On the main
// thread, where both volumes are (each job decodes in its own worker): one pass over the shared grid,
// ≈ 5 ms for 128³, coalesced to once per task however many previews arrive together.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { compareLabels } from './labels/label-compare.ts';
import type { LabelVolume } from './labels/label-volume.ts';
import type { JobCompareDetail } from './overlay-events.ts';

/** Two job ids as the `compare` attribute gives them (space-separated); anything but two distinct ids is null. */
export const compareConverter = {
  fromAttribute: (value: string | null): [string, string] | null => {
    const ids = (value ?? '').split(/\s+/).filter(Boolean);
    return ids.length === 2 && ids[0] !== ids[1] ? [ids[0]!, ids[1]!] : null;
  },
  toAttribute: (value: [string, string] | null): string | null => (value ? value.join(' ') : null),
};

/** What a comparison needs of a volume; kept per job (the scene holds the arrays anyway). */
type Shown = Pick<LabelVolume, 'labels' | 'shape' | 'spacing' | 'origin'>;

export class CompareController implements ReactiveController {
  readonly #shown = new Map<string, Shown>();
  #pending: ReturnType<typeof setTimeout> | undefined;
  #compared: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    /** The element's `compare`, read when the figures are due. */
    private readonly pair: () => readonly [string, string] | null,
    listenLayers: (listener: (jobId: string, volume: LabelVolume) => void) => void,
  ) {
    host.addController(this);
    listenLayers((jobId, volume) => this.#took(jobId, volume));
  }

  /** A new pair is compared at once, from the volumes shown. */
  hostUpdated(): void {
    const key = JSON.stringify(this.pair());
    if (key === this.#compared) return;
    this.#compared = key;
    this.#schedule();
  }

  hostDisconnected(): void {
    clearTimeout(this.#pending);
    this.#pending = undefined;
    // The scene goes with the element: its layers start over from the next previews.
    this.#shown.clear();
  }

  #took(jobId: string, volume: LabelVolume): void {
    const { labels, shape, spacing, origin } = volume;
    this.#shown.set(jobId, { labels, shape, spacing, origin });
    if (this.pair()?.includes(jobId)) this.#schedule();
  }

  #schedule(): void {
    this.#pending ??= setTimeout(() => {
      this.#pending = undefined;
      const pair = this.pair();
      const a = pair && this.#shown.get(pair[0]);
      const b = pair && this.#shown.get(pair[1]);
      if (!pair || !a || !b) return;
      const figures = compareLabels({ labels: a.labels, grid: a }, { labels: b.labels, grid: b });
      const detail: JobCompareDetail = { jobId: pair[0], otherJobId: pair[1], ...figures };
      this.host.dispatchEvent(new CustomEvent('job-compare', { detail, bubbles: true, composed: true }));
    });
  }
}
