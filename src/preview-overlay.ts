// <preview-overlay>: the element. Attributes and properties in, job events out. The job streams, the
// vtk.js scene and the job views are controllers (stream-controller.ts, scene-controller.ts,
// job-views-controller.ts); the element wires its properties to them, renders the views in the layer
// panel and announces stream events.
import { html, type PropertyValues } from 'lit';
import { AxesMarkerController } from './axes-marker-controller.ts';
import { ChangeViewController } from './change-view-controller.ts';
import { CompareController } from './compare-controller.ts';
import { HistoryController } from './history-controller.ts';
import { JobViewsController } from './job-views-controller.ts';
import { layerInfo, type LayerInfo } from './job-view.ts';
import { shownPalette, type LayerSettings } from './layer-settings.ts';
import { layerPanel, panelActions, panelShare } from './layer-panel.ts';
import type { Shape3, Vec3 } from './labels/label-volume.ts';
import type { HistoryEntry } from './labels/preview-history.ts';
import { OverlayAttributes } from './overlay-attributes.ts';
import { overlayEvent } from './overlay-events.ts';
import { previewOverlayStyles } from './preview-overlay.styles.ts';
import { PointerController, readoutText } from './pointer-controller.ts';
import { ScaleBarController } from './scale-bar-controller.ts';
import { SceneController, sceneSettings } from './scene-controller.ts';
import type { FrameStats, IntensityArray } from './scene/label-scene.ts';
import { sliceAfterKey } from './slice-index.ts';
import { StreamController } from './stream-controller.ts';
import { streamSettings } from './stream-settings.ts';
import type { StreamMode } from './stream/stream.frontend.ts';
import type { StreamEvent } from './stream/stream-types.ts';

export type { LayerSettings };
/**
 * Live segmentation previews of running jobs, one label layer per job, over any viewer.
 *
 * Set `server` and `jobs` (attributes or properties); each job's previews stream in over a WebSocket,
 * are decoded in a worker and drawn with vtk.js as 3D surfaces or a z, y or x slice. Everything else is optional.
 * With the scene focused in slice view, ↑/↓ and PageUp/PageDown move one plane, Home/End to the ends.
 *
 * @summary Live 3D label previews of running segmentation jobs.
 * @tag preview-overlay
 * @csspart scene - The vtk.js viewport (focusable: the slice keys act on it).
 * @csspart panel - The layer panel.
 * @csspart layer - One job's row in the panel.
 * @csspart swatch - A job's color swatch (its hue, in both color modes).
 * @csspart legend - A job's expandable label list: swatch, id (a button that isolates the label), voxel count, show/hide.
 * @csspart state - A job's state chip.
 * @csspart progress - A job's progress bar.
 * @csspart error - A job's error line.
 * @csspart compare-summary - With `compare`: the colours of A only, B only and both, their voxel counts and Dice.
 * @csspart history - A job's history scrubber: a range over its stored previews and the button back to live ones.
 * @csspart note - A job's note that its 3D surface is shown simplified (`3D simplified: 1.9M faces > 200k`).
 * @csspart readout - The line over the view that says what is under the pointer: job, label, voxel, source voxel, intensity.
 * @csspart scale-bar - The scale bar: a nice length (1, 2, 5 × 10^k) in source voxels, or in `voxel-size` units, at the focal plane; with a note when `voxel-size` is no length.
 * @csspart axes-marker - The orientation marker (top left): x, y and z as the camera sees them; in slice view the two in-plane axes. Its `aria-label` says where each points.
 * @csspart panel-toggle - The button that folds the panel away (⟩) or, folded, unfolds it.
 * @csspart status - The line that says where the streams run (worker, or degraded).
 * @cssprop [--preview-overlay-height=420px] - Height of the element.
 * @cssprop [--preview-overlay-panel-background=rgba(24, 26, 31, 0.88)] - Background of the layer panel.
 * @cssprop [--preview-overlay-accent=#5aa9ff] - Accent color of buttons and progress bars.
 * @cssprop [--preview-overlay-error-color=#ff8a80] - Color of error lines.
 * @cssprop [--preview-overlay-color=#e8eaed] - Text color.
 * @cssprop [--preview-overlay-font=system-ui, sans-serif] - Font family.
 * @fires {CustomEvent<JobStateDetail>} job-state - A job's connection changed: connecting, open, reconnecting, closed, failed.
 * @fires {CustomEvent<JobLifecycleDetail>} job-lifecycle - The server said where the job is: created, queued, running, …
 * @fires {CustomEvent<JobProgressDetail>} job-progress - A job's progress (fraction 0..1), stage, message and ETA.
 * @fires {CustomEvent<JobPreviewDetail>} job-preview - A job's new preview arrived (its drawing is queued); `labelCounts` is a plain object of voxels per label id (`{ "1": 5123 }`), with `messageBytes` and worker `timings` per stage.
 * @fires {CustomEvent<JobDrawnDetail>} job-drawn - A job's newest preview is on screen (after the frame that drew it), with its drawn latency and main-thread cost.
 * @fires {CustomEvent<JobCompletedDetail>} job-completed - A job finished.
 * @fires {CustomEvent<JobFailedDetail>} job-failed - A job failed or was cancelled (terminal).
 * @fires {CustomEvent<JobHistoryDetail>} job-history - A job's stored previews changed (one stored, old ones dropped), or its layer went to a stored preview or back to `live`.
 * @fires {CustomEvent<JobCompareDetail>} job-compare - The two jobs of `compare` compared again (either layer took a preview): voxels labelled by A only, B only, both, and Dice, on the finer grid.
 * @fires {CustomEvent<JobErrorDetail>} job-error - A job sent something the widget could not use (the stream goes on).
 * @fires {CustomEvent<LabelPointerDetail>} label-hover - What is under the pointer changed (at most once a frame; in 3D the nearest drawn label's surface): `jobId`, `label` (0 over background), `voxel` and `sourceVoxel` [z, y, x], `intensity?`; an empty detail when the pointer left the layers.
 * @fires {CustomEvent<LabelPointerDetail>} label-select - A click (not a drag) in either view, with the label under it (now `selectedLabel`, or none over background); an empty detail when Escape cleared the selection.
 */
export class PreviewOverlay extends OverlayAttributes {
  static override styles = previewOverlayStyles;

  readonly #streams = new StreamController(this, () => streamSettings(this), (events) => this.#onStreamEvents(events));
  readonly #scene = new SceneController(
    this,
    () => sceneSettings(this),
    () => this.renderRoot.querySelector<HTMLElement>('.scene'),
    (index) => (this.slice = index),
    () => panelShare(this, this.renderRoot, this.panelCollapsed),
  );
  readonly #actions = panelActions(this);
  readonly #history = new HistoryController(this, this.#streams, () => this.jobs, this.#scene, () => this.surface);
  readonly #compare = new CompareController(this, () => this.compare, this.#scene);
  readonly #changes = new ChangeViewController(this, () => this, this.#scene);
  readonly #pointer = new PointerController(this, (u, v) => this.#scene.probe(u, v));
  readonly #scaleBar = new ScaleBarController(this, () => this.#scene.pixelsPerVoxel(this.renderRoot.querySelector('.scene')?.clientHeight ?? 0));
  readonly #axes = new AxesMarkerController(this, () => this.#scene.viewPose());
  readonly #jobViews = new JobViewsController(this, this.#scene);

  constructor() {
    super();
    this.#scene.listenView(() => (this.#scaleBar.viewChanged(), this.#axes.viewChanged()));
  }

  /** Read-only: what the scene's frame queue did, frame by frame — widget ms (items and draw), items, bricks and bytes
   * handed to vtk, what is still queued — for tests and benchmarks. Undefined while the element is not in the page. */
  get frameStats(): FrameStats | undefined {
    return this.#scene.frameStats();
  }

  /** Where the job streams run: `worker`, or `main-thread` (degraded), once started. */
  get streamMode(): StreamMode | undefined {
    return this.#streams.mode;
  }

  /**
   * Asks the server to cancel the job: `cancel_job` on its socket, and `DELETE` on `cancel-url-template`
   * when set. A `job-failed` with code `cancelled` follows, or, from a server that only acknowledges
   * (CryoMamba), the state `cancel requested` while the job goes on.
   */
  cancelJob(jobId: string): void {
    this.#streams.cancel(jobId);
  }

  /** What the element knows about a job's layer (plain data): shape, spacing, label counts by id, state, progress. */
  layer(jobId: string): LayerInfo | undefined {
    const view = this.#jobViews.views.get(jobId);
    return view && layerInfo(view);
  }

  /** The job's stored previews, oldest first: `[{ previewId, receivedAt, labelCounts, bytes }]` (plain data; [] for a job not shown). */
  history(jobId: string): Promise<HistoryEntry[]> {
    return this.#history.list(jobId);
  }

  /** Shows a stored preview (an id from `history()`) in the job's layer, holding live ones back, or `'live'` to go back to them. Resolves once the layer has it. */
  showPreview(jobId: string, previewId: number | string | 'live'): Promise<void> {
    return this.#history.show(jobId, previewId);
  }

  /** Changes a layer's visibility, opacity, label colors (RGBA 0..1, by original label id) or hidden labels (`hiddenLabels`: the ids to hide, `[]` shows all). */
  setLayer(jobId: string, settings: LayerSettings): void {
    this.#jobViews.setLayer(jobId, settings);
  }

  /** Fits both cameras to the layers again (beside the panel when it is open), as they were at the first preview. */
  resetView(): void {
    this.#scene.resetView();
  }

  /** A PNG of the current view. Rejects while the element is not connected: there is no view to draw. */
  async snapshot(): Promise<Blob> {
    return this.#scene.snapshot();
  }

  /** An intensity volume (e.g. the tomogram) drawn under the labels; `null` removes it. Kept across remounts. */
  setBaseVolume(data: IntensityArray | null, shape?: Shape3, spacing: Vec3 = [1, 1, 1]): void {
    this.#scene.setBaseVolume(data && shape ? { data, shape, spacing } : null);
  }

  protected override render() {
    const pointer = this.#pointer;
    return html`<div class="scene" part="scene" tabindex="0" role="application" aria-label="Preview scene" @keydown=${this.#onSceneKey}
        @pointermove=${pointer.move} @pointerleave=${pointer.leave} @pointerdown=${pointer.down} @click=${pointer.click}></div>
      ${this.#pointer.readout ? html`<div class="readout" part="readout">${readoutText(this.#pointer.readout)}</div>` : ''}
      ${this.#scaleBar.render()} ${this.#axes.render()}
      ${layerPanel(
        {
          collapsed: this.panelCollapsed,
          toolbar: { view: this.view, axis: this.#scene.sliceAxis(), slice: this.#scene.sliceIndex(), planes: this.#scene.slicePlanes() },
          rows: [...this.#jobViews.views.values()].map((view) => [view, shownPalette(view, this)] as const),
          status: this.#streams.status(this.#jobViews.views.size),
          compare: this.#compare.figures,
        },
        this.#actions,
      )}`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.#jobViews.willUpdate(changed);
  }

  #onStreamEvents(events: StreamEvent[]): void {
    for (const event of events) {
      const next = this.#jobViews.take(event);
      if (!next) continue;
      const start = performance.now();
      this.#history.take(event);
      const announced = overlayEvent(event, next, { mainThreadMs: performance.now() - start, now: Date.now() });
      this.dispatchEvent(new CustomEvent(announced.type, { detail: announced.detail, bubbles: true, composed: true }));
    }
  }

  readonly #onSceneKey = (event: KeyboardEvent): void => {
    if (this.#pointer.key(event)) return;
    const next = this.view === 'slice' ? sliceAfterKey(event.key, this.#scene.sliceIndex(), this.#scene.slicePlanes()) : undefined;
    if (next === undefined) return;
    event.preventDefault(); // the page would scroll
    this.slice = next;
  };
}
