// `change-view`: each job's layer dimmed, and over it the voxels its newest preview added (one colour)
// and removed (another) against the preview its layer showed before (labels/label-changes.ts, the rule
// the worker's `changes` counts use). The previous preview's dense ids live here, on the main thread:
// the layer's arrays are here anyway, so holding the previous ones costs one volume per job and no
// copy, where the worker's copy would have to be sent again with each preview (a new option through
// every stream). The codes are computed a slab per frame-queue step and drawn as a region overlay
// (scene/scene-regions.ts): the slice, and in 3D the added and removed surfaces.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { changeRegions, type PlacedLabels } from './labels/label-changes.ts';
import type { LabelVolume } from './labels/label-volume.ts';
import { CHANGE_COLORS, CHANGE_VIEW_DIM } from './labels/region-colors.ts';
import type { SceneController } from './scene-controller.ts';

/** What a layer took last, and before. */
interface Shown {
  previous: PlacedLabels | null;
  latest: PlacedLabels;
}

export class ChangeViewController implements ReactiveController {
  readonly #shown = new Map<string, Shown>();
  #on = false;

  constructor(
    host: ReactiveControllerHost,
    /** The element's `changeView` and `jobs`, read at each update. */
    private readonly settings: () => { changeView: boolean; jobs: readonly string[] },
    private readonly scene: Pick<SceneController, 'setRegion' | 'coverLayer' | 'listenLayers'>,
  ) {
    host.addController(this);
    scene.listenLayers((jobId, volume) => this.#took(jobId, volume));
  }

  hostUpdated(): void {
    const { changeView, jobs } = this.settings();
    for (const jobId of this.#shown.keys()) {
      if (!jobs.includes(jobId)) {
        this.#shown.delete(jobId);
        this.#show(jobId, false);
      }
    }
    if (changeView === this.#on) return;
    this.#on = changeView;
    for (const jobId of this.#shown.keys()) this.#show(jobId, changeView);
  }

  hostDisconnected(): void {
    // The scene goes with the element: its layers start over from the next previews.
    this.#shown.clear();
    this.#on = false;
  }

  #took(jobId: string, { labels, labelIds, shape, spacing, origin }: LabelVolume): void {
    const latest = { labels, labelIds, grid: { shape, spacing, origin } };
    this.#shown.set(jobId, { previous: this.#shown.get(jobId)?.latest ?? null, latest });
    if (this.#on) this.#show(jobId, true);
  }

  #show(jobId: string, on: boolean): void {
    const shown = this.#shown.get(jobId);
    this.scene.coverLayer(jobId, on ? CHANGE_VIEW_DIM : 1);
    this.scene.setRegion(`change ${jobId}`, on && shown ? { steps: changeRegions(shown.previous, shown.latest), colors: CHANGE_COLORS } : null, jobId);
  }
}
