// `compare="jobA jobB"`: the two jobs' shown previews compared (labels/label-compare.ts) each time either
// layer takes a new volume (a live preview or a stored one), announced as `job-compare`, summed up in the
// panel and drawn: the two layers hidden, and over them the voxels of A only, B only and both in three
// colours (a region overlay, scene/scene-regions.ts: the slice, and in 3D the regions' surfaces). On the
// main thread, where both volumes are (each job decodes in its own worker), but a slab of planes per
// task (stepped-task.ts): one pass at 128³ costs 5–100 ms here (more across grids), far over a frame's
// budget. Not in the frame queue: the figures must not wait for frames (a hidden element still sends
// them); only drawing the codes does. A newer volume cancels a pass half run, so the figures are always
// those of the two newest volumes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { compareRegions } from './labels/label-compare.ts';
import type { RegionVolume } from './labels/label-regions.ts';
import type { LabelVolume } from './labels/label-volume.ts';
import { COMPARE_COLORS } from './labels/region-colors.ts';
import type { JobCompareDetail } from './overlay-events.ts';
import type { SceneController } from './scene-controller.ts';
import { runStepped } from './stepped-task.ts';

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
  #compared: readonly [string, string] | null = null;
  #cancel: (() => void) | undefined;
  /** The newest figures of the pair compared, for the panel; null without a pair or before its first. */
  figures: JobCompareDetail | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    /** The element's `compare`, read when the figures are due. */
    private readonly pair: () => readonly [string, string] | null,
    private readonly scene: Pick<SceneController, 'setRegion' | 'coverLayer' | 'listenLayers'>,
  ) {
    host.addController(this);
    scene.listenLayers((jobId, volume) => this.#took(jobId, volume));
  }

  /** A new pair is compared at once, from the volumes shown; the old pair's layers are shown again. */
  hostUpdated(): void {
    const pair = this.pair();
    if (JSON.stringify(pair) === JSON.stringify(this.#compared)) return;
    for (const jobId of this.#compared ?? []) this.scene.coverLayer(jobId, 1);
    for (const jobId of pair ?? []) this.scene.coverLayer(jobId, 0);
    this.#compared = pair && [...pair];
    this.figures = null;
    this.#schedule();
  }

  hostDisconnected(): void {
    this.#cancel?.();
    this.#cancel = undefined;
    // The scene goes with the element: its layers start over from the next previews.
    this.#shown.clear();
    this.figures = null;
  }

  #took(jobId: string, volume: LabelVolume): void {
    const { labels, shape, spacing, origin } = volume;
    this.#shown.set(jobId, { labels, shape, spacing, origin });
    if (this.pair()?.includes(jobId)) this.#schedule();
  }

  #schedule(): void {
    const pair = this.pair();
    const a = pair && this.#shown.get(pair[0]);
    const b = pair && this.#shown.get(pair[1]);
    this.#cancel?.();
    this.#cancel = undefined;
    if (!pair || !a || !b) return this.scene.setRegion('compare', null);
    this.#cancel = runStepped(compareRegions({ labels: a.labels, grid: a }, { labels: b.labels, grid: b }), ({ figures, region }) => {
      this.#cancel = undefined;
      const detail: JobCompareDetail = { jobId: pair[0], otherJobId: pair[1], ...figures };
      this.figures = detail;
      this.host.requestUpdate();
      this.scene.setRegion('compare', { steps: computed({ region }), colors: COMPARE_COLORS });
      this.host.dispatchEvent(new CustomEvent('job-compare', { detail, bubbles: true, composed: true }));
    });
  }
}

/** A result already computed, as the scene's stepped region source takes it. */
function* computed<T extends { region: RegionVolume | null }>(result: T): Generator<void, T, void> {
  return result;
}
