// The element's job views (job-view.ts), one per id in `jobs`, as a Lit controller: they follow `jobs`,
// take each stream event, give their style to their layer in the scene, and start over when the
// element leaves the page (its scene and streams are gone) or a refused job gets new credentials. The
// element renders them and announces the events.
import type { PropertyValues, ReactiveController, ReactiveControllerHost } from 'lit';
import { applyStreamEvent, type JobView } from './job-view.ts';
import { applyLayerSettings, layerStyle, restartedView, shownPalette, viewsForJobs, type LayerSettings } from './layer-settings.ts';
import type { SceneController } from './scene-controller.ts';
import type { StreamEvent } from './stream/stream-types.ts';

/** What the views read of the element, at each call. */
export type JobViewsHost = ReactiveControllerHost & { jobs: string[]; opacity: number } & Parameters<typeof shownPalette>[1];

export class JobViewsController implements ReactiveController {
  #views = new Map<string, JobView>();

  constructor(
    private readonly host: JobViewsHost,
    private readonly scene: Pick<SceneController, 'setLayerStyle' | 'removeLayer'>,
  ) {
    host.addController(this);
  }

  /** The views, in the order of `jobs`. */
  get views(): ReadonlyMap<string, JobView> {
    return this.#views;
  }

  /** The scene and the streams are gone: layers start over from the next previews; the host's styles stay. */
  hostDisconnected(): void {
    this.#replace(new Map([...this.#views].map(([id, view]) => [id, restartedView(view)])));
  }

  /** Follows the element's changed properties (its willUpdate). */
  willUpdate(changed: PropertyValues): void {
    // A job its server refused (a 4xxx or 1008 close: a bad or expired token) starts over with new credentials.
    if (changed.has('token') || changed.has('server') || changed.has('urlTemplate')) {
      for (const view of this.#views.values()) if (view.connection === 'failed') this.#set(restartedView(view));
    }
    if (changed.has('colorMode') || changed.has('selectedLabel')) for (const view of this.#views.values()) this.#styleLayer(view);
    if (changed.has('jobs')) this.#sync();
  }

  /** The host's settings (`setLayer()`) applied to a job's view and its layer. */
  setLayer(jobId: string, settings: LayerSettings): void {
    // Right after `jobs` was set (before the element updated) the job has no view yet: make them now.
    if (!this.#views.has(jobId) && this.host.jobs.includes(jobId)) this.#sync();
    const view = this.#views.get(jobId);
    if (view) this.#set(this.#styleLayer(applyLayerSettings(view, settings)));
  }

  /** The job's view after a stream event; undefined for a job not shown. */
  take(event: StreamEvent): JobView | undefined {
    const view = this.#views.get(event.jobId);
    if (!view) return undefined;
    const next = applyStreamEvent(view, event);
    this.#set(next);
    return next;
  }

  /** Views follow `jobs`: new ids get a view (and their layer its style), removed ids lose theirs and their layer. */
  #sync(): void {
    const { views, added } = viewsForJobs(this.#views, this.host.jobs, this.host.opacity);
    for (const view of added) this.#styleLayer(view);
    for (const id of this.#views.keys()) if (!views.has(id)) this.scene.removeLayer(id);
    this.#replace(views);
  }

  /** Gives the view's style to its layer (now, or when its first preview comes) and returns the view. */
  #styleLayer(view: JobView): JobView {
    this.scene.setLayerStyle(view.id, layerStyle(view, shownPalette(view, this.host)));
    return view;
  }

  #set(view: JobView): void {
    this.#replace(new Map(this.#views).set(view.id, view));
  }

  /** A new map each time, and an update: the element renders the views. */
  #replace(views: Map<string, JobView>): void {
    this.#views = views;
    this.host.requestUpdate();
  }
}
