// Which preview each job's layer shows: live ones as they come, or a stored one (`showPreview`), as a
// Lit controller; it gives each to the scene and announces `job-drawn` once the scene has drawn it. A stored preview is asked of the job's worker and comes back as a `restored` event,
// in turn among the job's previews; so does the newest stored one when the layer goes back to live
// previews, whose 3D surfaces are built as changes on the preview before them. Until that answer and
// while a stored preview is shown, the job's live previews are announced but not drawn. A new surface
// mode asks again for what each layer shows: the worker builds it anew in that mode.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LabelVolume } from './labels/label-volume.ts';
import type { HistoryEntry } from './labels/preview-history.ts';
import { drawnDetail } from './overlay-events.ts';
import type { LayerDrawnListener } from './scene/label-scene.ts';
import type { StreamEvent } from './stream/stream-types.ts';

/** What the controller needs of the streams (stream-controller.ts). */
export interface HistoryStreams {
  history(jobId: string): Promise<HistoryEntry[]>;
  restore(jobId: string, request: number, previewId: number | string | null): boolean;
}

/** What the controller needs of the scene (scene-controller.ts). */
export interface HistoryScene {
  setLayer(jobId: string, volume: LabelVolume): void;
  listenDrawn(listener: LayerDrawnListener): void;
}

/** A job's layer away from live previews: waiting for a stored one (or the newest, going back), or showing one. */
interface Away {
  request: number;
  /** null: going back to live previews. */
  target: number | string | null;
  settle?: { resolve(): void; reject(error: Error): void };
}

export class HistoryController implements ReactiveController {
  readonly #away = new Map<string, Away>();
  #requests = 0;
  /** The surface mode the layers were built in, once known. */
  #surface: string | undefined;
  /** Each preview given to the scene, by its volume: what its `job-drawn` reports. */
  readonly #given = new WeakMap<LabelVolume, { previewId: number | string | undefined; sentAt: number | undefined }>();
  readonly #host: ReactiveControllerHost;

  constructor(
    host: ReactiveControllerHost & EventTarget,
    private readonly streams: HistoryStreams,
    /** The jobs shown: a job no longer among them forgets what its layer showed. */
    private readonly jobs: () => readonly string[],
    private readonly scene: HistoryScene,
    /** The surface mode the streams build in (sent to them before this controller updates). */
    private readonly surface: () => string = () => 'voxel',
  ) {
    this.#host = host;
    host.addController(this);
    scene.listenDrawn((jobId, drawn) => {
      const given = this.#given.get(drawn.volume);
      if (!given) return;
      const detail = drawnDetail(jobId, given, { ...drawn, now: Date.now() });
      host.dispatchEvent(new CustomEvent('job-drawn', { detail, bubbles: true, composed: true }));
    });
  }

  /** Gives the scene the volume this event brings the job's layer, if any (see volumeToShow). */
  take(event: StreamEvent): void {
    const volume = this.volumeToShow(event);
    if (!volume || (event.kind !== 'preview' && event.kind !== 'restored')) return;
    this.#given.set(volume, { previewId: event.previewId, sentAt: event.kind === 'preview' ? event.sentAt : undefined });
    this.scene.setLayer(event.jobId, volume);
  }

  list(jobId: string): Promise<HistoryEntry[]> {
    return this.streams.history(jobId);
  }

  /** Resolves once the layer has the stored preview (or the newest, for `live`); rejects when there is none such. */
  async show(jobId: string, previewId: number | string | 'live'): Promise<void> {
    // A job added in the same task has no stream until the element updated: ask after that, or no worker
    // would know the job and the answer would never come.
    await this.#host.updateComplete;
    if (!this.jobs().includes(jobId)) return Promise.reject(new Error(`preview-overlay: job ${JSON.stringify(jobId)} is not shown.`));
    const target = previewId === 'live' ? null : previewId;
    const away = this.#away.get(jobId);
    if (target === null && !away) return Promise.resolve();
    away?.settle?.reject(new Error(`preview-overlay: showPreview(${JSON.stringify(jobId)}) was superseded.`));
    return new Promise((resolve, reject) => this.#ask(jobId, target, { resolve, reject }));
  }

  /** The volume the job's layer takes from this event: a live preview's, unless away; the answer asked for last. */
  volumeToShow(event: StreamEvent): LabelVolume | undefined {
    if (event.kind === 'preview') return this.#away.has(event.jobId) ? undefined : event.volume;
    if (event.kind !== 'restored') return undefined;
    const away = this.#away.get(event.jobId);
    if (away?.request !== event.request) return undefined;
    if (!event.volume) {
      this.#fail(event.jobId, event.reason ?? 'no such stored preview');
      return undefined;
    }
    away.settle?.resolve();
    if (away.target === null) this.#away.delete(event.jobId);
    else away.settle = undefined;
    return event.volume;
  }

  hostUpdated(): void {
    const shown = new Set(this.jobs());
    for (const jobId of [...this.#away.keys()]) if (!shown.has(jobId)) this.#forget(jobId);
    const surface = this.surface();
    if (this.#surface !== undefined && surface !== this.#surface) for (const jobId of shown) this.#rebuild(jobId);
    this.#surface = surface;
  }

  /**
   * Asks again for the preview the layer shows (the newest stored one when live): its answer comes in
   * the new surface mode, and live previews wait for it as when going back to them. A request still
   * unanswered is superseded, its promise kept. Nothing stored (no history): the next preview brings it.
   */
  #rebuild(jobId: string): void {
    const away = this.#away.get(jobId);
    this.#ask(jobId, away?.target ?? null, away?.settle);
  }

  /** The job's layer is gone: so is what it showed. */
  #forget(jobId: string): void {
    this.#away.get(jobId)?.settle?.reject(new Error(`preview-overlay: job ${JSON.stringify(jobId)} was removed.`));
    this.#away.delete(jobId);
  }

  /** The streams and the scene end with the element: layers start over from the next live previews. */
  hostDisconnected(): void {
    for (const jobId of [...this.#away.keys()]) this.#forget(jobId);
  }

  /**
   * A stored preview that cannot be shown rejects; the layer then goes back to live previews (by the
   * newest stored one, as ever). Going back itself failing (nothing stored) leaves it live.
   */
  #fail(jobId: string, reason: string): void {
    const away = this.#away.get(jobId);
    if (!away) return;
    away.settle?.reject(new Error(`preview-overlay: ${reason.replace(/\.$/, '')}.`));
    this.#away.delete(jobId);
    // Live previews were held back meanwhile: the layer takes the newest again, whatever it showed.
    if (away.target !== null) this.#ask(jobId, null);
  }

  #ask(jobId: string, target: number | string | null, settle?: Away['settle']): void {
    const request = ++this.#requests;
    this.#away.set(jobId, { request, target, settle });
    if (!this.streams.restore(jobId, request, target)) this.#fail(jobId, `job ${JSON.stringify(jobId)} is not streaming`);
  }
}
