// <preview-overlay>: the element. Attributes and properties in, job events out; owns the job streams
// (a worker) and the vtk.js scene, and keeps one JobView per job for the layer panel.
import { LitElement, html, type PropertyValues } from 'lit';
import { applyStreamEvent, createJobView, jobState, type JobState, type JobView, type RGBA } from './job-view.ts';
import { layerRow } from './layer-list.ts';
import type { Shape3, Vec3 } from './labels/label-volume.ts';
import { overlayEvent } from './overlay-events.ts';
import { previewOverlayStyles } from './preview-overlay.styles.ts';
import { LabelScene, OBLIQUE_VIEW, type IntensityArray } from './scene/label-scene.ts';
import { startJobStream, type JobStreamClient, type StreamMode } from './stream/stream.frontend.ts';
import type { StreamEvent, StreamOptions } from './stream/stream-types.ts';

export interface LayerInfo {
  shape: Shape3 | undefined;
  spacing: Vec3 | undefined;
  sourceShape: Shape3 | undefined;
  previewId: number | undefined;
  labelCounts: Map<number, number>;
  visible: boolean;
  opacity: number;
  state: JobState;
  progress: number | undefined;
  previews: number;
}

export interface LayerSettings {
  visible?: boolean;
  opacity?: number;
  /** Colors by original label id, RGBA 0..1. */
  colors?: Map<number, RGBA> | Record<number, RGBA>;
}

const jobsConverter = {
  fromAttribute: (value: string | null): string[] => (value ?? '').split(/\s+/).filter(Boolean),
  toAttribute: (value: string[]): string => value.join(' '),
};

/**
 * Live segmentation previews of running jobs, one label layer per job, over any viewer.
 *
 * Set `server` and `jobs` (attributes or properties); each job's previews stream in over a WebSocket,
 * are decoded in a worker and drawn with vtk.js as 3D surfaces or a z slice. Everything else is optional.
 *
 * @summary Live 3D label previews of running segmentation jobs.
 * @tag preview-overlay
 * @csspart scene - The vtk.js viewport.
 * @csspart panel - The layer panel.
 * @csspart layer - One job's row in the panel.
 * @csspart swatch - A layer's color swatch.
 * @csspart state - A job's state chip.
 * @csspart progress - A job's progress bar.
 * @csspart error - A job's error line.
 * @csspart note - A job's note that its 3D surface is shown simplified (`3D simplified: 1.9M faces > 200k`).
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
 * @fires {CustomEvent<JobPreviewDetail>} job-preview - A job's layer was updated with a new preview.
 * @fires {CustomEvent<JobCompletedDetail>} job-completed - A job finished.
 * @fires {CustomEvent<JobFailedDetail>} job-failed - A job failed or was cancelled (terminal).
 * @fires {CustomEvent<JobErrorDetail>} job-error - A job sent something the widget could not use (the stream goes on).
 */
export class PreviewOverlay extends LitElement {
  static override styles = previewOverlayStyles;

  static override properties = {
    server: { type: String },
    jobs: { converter: jobsConverter },
    token: { type: String },
    urlTemplate: { type: String, attribute: 'url-template' },
    view: { type: String, reflect: true },
    slice: { type: Number },
    sliceStyle: { type: String, attribute: 'slice-style' },
    opacity: { type: Number },
    maxVoxels: { type: Number, attribute: 'max-voxels' },
    maxMessageBytes: { type: Number, attribute: 'max-message-bytes' },
    background: { type: String },
    noWorker: { type: Boolean, attribute: 'no-worker' },
    streamOptions: { attribute: false },
    _views: { state: true },
    _mode: { state: true },
  };

  /** Base URL of the server (`ws://`, `wss://`, `http://` or `https://`). */
  declare server: string;
  /** Ids of the jobs to show; the attribute is space-separated. */
  declare jobs: string[];
  /** Bearer token, sent as the `token` query parameter. Not reflected, never shown. */
  declare token: string;
  /** Socket URL template; `{server}` and `{job}` are replaced. Without `{job}`: one multiplexed socket. */
  declare urlTemplate: string;
  /** `3d` (surfaces of every label) or `slice` (one z plane). */
  declare view: '3d' | 'slice';
  /** The z index shown in slice view, in voxel planes of the finest layer (default: the middle plane). */
  declare slice: number | undefined;
  /** Labels in slice view: `filled`, or `outline` (each label's border only, so the base volume shows through). */
  declare sliceStyle: 'filled' | 'outline';
  /** Opacity given to new layers, 0..1. */
  declare opacity: number;
  /** Downsampling budget per layer, in voxels (default 128³ = 2 097 152). */
  declare maxVoxels: number;
  /** Messages larger than this many bytes are dropped before parsing, with a `job-error`; 0: the default, room for a 512³ uint16 preview. */
  declare maxMessageBytes: number;
  /** A CSS color, or `transparent` to sit over a host's own canvas. */
  declare background: string;
  /** Run the streams on the main thread instead of a worker (what a strict CSP forces anyway). */
  declare noWorker: boolean;
  /** Advanced stream settings (heartbeat, backoff), merged over the defaults. */
  declare streamOptions: Partial<StreamOptions>;
  declare _views: Map<string, JobView>;
  declare _mode: StreamMode | undefined;

  #stream: JobStreamClient | undefined;
  #starting: Promise<JobStreamClient | undefined> | undefined;
  #scene: LabelScene | undefined;
  #opened = new Set<string>();
  #generation = 0;
  #modeReason: string | undefined;
  #startError: string | undefined;

  constructor() {
    super();
    this.server = '';
    this.jobs = [];
    this.token = '';
    this.urlTemplate = '{server}/ws/jobs/{job}';
    this.view = '3d';
    this.slice = undefined;
    this.sliceStyle = 'filled';
    this.opacity = 0.8;
    this.maxVoxels = 128 ** 3;
    this.maxMessageBytes = 0;
    this.background = '#101216';
    this.noWorker = false;
    this.streamOptions = {};
    this._views = new Map();
    this._mode = undefined;
  }

  /** Where the job streams run: `worker`, or `main-thread` (degraded), once started. */
  get streamMode(): StreamMode | undefined {
    return this._mode;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#generation += 1;
    void this.updateComplete.then(() => this.#startScene());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#generation += 1;
    this.#teardown();
  }

  /** Shows one more job (same as adding its id to `jobs`). */
  addJob(jobId: string): void {
    if (!this.jobs.includes(jobId)) this.jobs = [...this.jobs, jobId];
  }

  /** Stops showing a job and drops its layer; the job itself goes on on the server. */
  removeJob(jobId: string): void {
    this.jobs = this.jobs.filter((id) => id !== jobId);
  }

  /** Asks the server to cancel the job (`cancel_job`); a `job-failed` with code `cancelled` follows. */
  cancelJob(jobId: string): void {
    void this.#stream?.api.send(jobId, { type: 'cancel_job', job_id: jobId });
  }

  /** What the element knows about a job's layer: shape, spacing, label counts, state, progress. */
  layer(jobId: string): LayerInfo | undefined {
    const view = this._views.get(jobId);
    if (!view) return undefined;
    return {
      shape: view.shape,
      spacing: view.spacing,
      sourceShape: view.sourceShape,
      previewId: view.previewId,
      labelCounts: new Map(view.labelCounts),
      visible: view.visible,
      opacity: view.opacity,
      state: jobState(view),
      progress: view.progress,
      previews: view.previews,
    };
  }

  /** Changes a layer's visibility, opacity or label colors (RGBA 0..1, by original label id). */
  setLayer(jobId: string, settings: LayerSettings): void {
    const view = this._views.get(jobId);
    if (!view) return;
    const colors = settings.colors instanceof Map ? settings.colors : settings.colors ? new Map(Object.entries(settings.colors).map(([id, rgba]) => [Number(id), rgba] as const)) : undefined;
    const next: JobView = {
      ...view,
      visible: settings.visible ?? view.visible,
      opacity: settings.opacity === undefined ? view.opacity : Math.min(1, Math.max(0, settings.opacity)),
      colors: colors ? new Map([...view.colors, ...colors]) : view.colors,
    };
    this.#setView(next);
    this.#scene?.setLayerStyle(jobId, { visible: next.visible, opacity: next.opacity, colors: next.colors });
  }

  /** A PNG of the current view. */
  async snapshot(): Promise<Blob> {
    if (!this.#scene) throw new Error('preview-overlay: nothing to snapshot before the element is connected.');
    return this.#scene.snapshot();
  }

  /** An intensity volume (e.g. the tomogram) drawn under the labels; `null` removes it. */
  setBaseVolume(data: IntensityArray | null, shape?: Shape3, spacing: Vec3 = [1, 1, 1]): void {
    if (data && shape) this.#scene?.setBaseVolume(data, shape, spacing);
    else this.#scene?.setBaseVolume(null);
    this.requestUpdate();
  }

  protected override render() {
    const views = [...this._views.values()];
    const actions = {
      toggle: (jobId: string, visible: boolean) => this.setLayer(jobId, { visible }),
      opacity: (jobId: string, opacity: number) => this.setLayer(jobId, { opacity }),
      cancel: (jobId: string) => this.cancelJob(jobId),
      remove: (jobId: string) => this.removeJob(jobId),
    };
    const planes = this.#slicePlanes();
    const slice = this.#sliceIndex();
    return html`<div class="scene" part="scene"></div>
      <section class="panel" part="panel" aria-label="Preview layers">
        <div class="toolbar" role="group" aria-label="View">
          <button aria-pressed=${this.view === '3d'} @click=${() => (this.view = '3d')}>3D</button>
          <button aria-pressed=${this.view === 'slice'} @click=${() => (this.view = 'slice')}>Slice</button>
          ${this.view === 'slice'
            ? html`<input
                type="range"
                class="slice"
                min="0"
                max=${Math.max(0, planes - 1)}
                aria-label="Slice (z)"
                .value=${String(slice)}
                @input=${(event: Event) => (this.slice = Number((event.target as HTMLInputElement).value))}
              /><span class="detail">z ${slice}</span>`
            : ''}
        </div>
        <ul aria-label="Jobs">
          ${views.map((view) => layerRow(view, actions))}
        </ul>
        <div class="status" part="status">${this.#statusText()}</div>
      </section>`;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('jobs')) this.#syncJobViews();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const streamKeys = ['jobs', 'server', 'urlTemplate', 'token', 'maxVoxels', 'maxMessageBytes', 'streamOptions'] as const;
    if (streamKeys.some((key) => changed.has(key))) void this.#syncStreams(changed);
    const scene = this.#scene;
    if (!scene) return;
    if (changed.has('view')) scene.setView(this.view === 'slice' ? 'slice' : '3d');
    if (changed.has('sliceStyle')) scene.setSliceStyle(this.sliceStyle === 'outline' ? 'outline' : 'filled');
    if (changed.has('slice') || changed.has('_views')) this.#placeSlice(scene);
    if (changed.has('background')) scene.setBackground(this.background);
  }

  /** Voxel planes of the finest layer along z (0 before any preview). */
  #slicePlanes(): number {
    const range = this.#scene?.sliceRange();
    return range ? Math.round((range.max - range.min) / range.step) + 1 : 0;
  }

  #sliceIndex(): number {
    const planes = this.#slicePlanes();
    const wanted = this.slice ?? Math.floor(planes / 2);
    return Math.min(Math.max(0, Math.round(wanted)), Math.max(0, planes - 1));
  }

  #placeSlice(scene: LabelScene): void {
    const range = scene.sliceRange();
    if (!range) return;
    const z = range.min + this.#sliceIndex() * range.step;
    if (z !== scene.slice) scene.setSlice(z);
  }

  #statusText(): string {
    if (this.#startError && !this._mode) return `the job streams could not start: ${this.#startError}`;
    if (this._mode === 'main-thread') return `degraded: no worker (${this.#modeReason ?? 'unavailable'})`;
    if (this._mode === 'worker') return `${this._views.size} job${this._views.size === 1 ? '' : 's'} · decoding in a worker`;
    return 'starting…';
  }

  #setView(view: JobView): void {
    this._views = new Map(this._views).set(view.id, view);
  }

  /** Views follow `jobs`: new ids get a view, removed ids lose theirs (and their layer). */
  #syncJobViews(): void {
    const wanted = new Set(this.jobs);
    const views = new Map<string, JobView>();
    for (const id of wanted) views.set(id, this._views.get(id) ?? createJobView(id, this.opacity));
    for (const id of this._views.keys()) if (!wanted.has(id)) this.#scene?.removeLayer(id);
    this._views = views;
  }

  #startScene(): void {
    if (!this.isConnected || this.#scene) return;
    const container = this.renderRoot.querySelector<HTMLElement>('.scene');
    if (!container) return;
    this.#scene = new LabelScene(container, { background: this.background, viewDirection: OBLIQUE_VIEW });
    this.#scene.setView(this.view === 'slice' ? 'slice' : '3d');
    this.#scene.setSliceStyle(this.sliceStyle === 'outline' ? 'outline' : 'filled');
    this.#placeSlice(this.#scene);
    void this.#syncStreams();
  }

  #teardown(): void {
    for (const id of this.#opened) void this.#stream?.api.close(id);
    this.#opened.clear();
    this.#stream?.dispose();
    this.#stream = undefined;
    this.#starting = undefined;
    this.#scene?.dispose();
    this.#scene = undefined;
    this._views = new Map([...this._views].map(([id, view]) => [id, { ...createJobView(id, view.opacity), visible: view.visible, colors: view.colors }]));
  }

  async #ensureStream(): Promise<JobStreamClient | undefined> {
    if (this.#stream) return this.#stream;
    const generation = this.#generation;
    this.#starting ??= startJobStream((events) => this.#onStreamEvents(events), { worker: !this.noWorker }).then(
      (client) => {
        if (generation !== this.#generation) {
          client.dispose();
          return undefined;
        }
        this.#stream = client;
        this.#modeReason = client.reason;
        this._mode = client.mode;
        return client;
      },
      (error: unknown) => {
        // Nothing may throw out of the element: say it in the status line, and try again on the next change.
        this.#starting = undefined;
        this.#startError = error instanceof Error ? error.message : String(error);
        this.requestUpdate();
        return undefined;
      },
    );
    return this.#starting;
  }

  async #syncStreams(changed?: PropertyValues<this>): Promise<void> {
    if (!this.isConnected) return;
    if (!this.server) {
      for (const id of [...this.#opened]) void this.#stream?.api.close(id);
      this.#opened.clear();
      return;
    }
    const stream = await this.#ensureStream();
    // Every await may see the element disconnected and its stream replaced: stop touching `#opened` then.
    const current = () => stream !== undefined && stream === this.#stream;
    if (!current() || !stream) return;
    const reconnectAll = changed && (changed.has('server') || changed.has('urlTemplate') || changed.has('token'));
    const options: Partial<StreamOptions> = { ...this.streamOptions, server: this.server, urlTemplate: this.urlTemplate, token: this.token, maxVoxels: this.maxVoxels };
    if (this.maxMessageBytes > 0) options.maxMessageBytes = this.maxMessageBytes;
    await stream.api.configure(options);
    const wanted = new Set(this.jobs);
    for (const id of [...this.#opened]) {
      if (!current()) return;
      if (!wanted.has(id) || reconnectAll) {
        this.#opened.delete(id);
        await stream.api.close(id);
      }
    }
    for (const id of wanted) {
      if (!current()) return;
      if (this.#opened.has(id)) continue;
      this.#opened.add(id);
      await stream.api.open(id);
    }
  }

  #onStreamEvents(events: StreamEvent[]): void {
    for (const event of events) {
      const view = this._views.get(event.jobId);
      if (!view) continue;
      const next = applyStreamEvent(view, event);
      this.#setView(next);
      this.#announce(event, next);
    }
  }

  #announce(event: StreamEvent, view: JobView): void {
    let mainThreadMs = 0;
    if (event.kind === 'preview') {
      const start = performance.now();
      this.#scene?.setLayer(event.jobId, event.volume);
      // The scene keeps a layer's style; setting it again would rebuild its color table each preview.
      if (view.previews === 1) this.#scene?.setLayerStyle(event.jobId, { visible: view.visible, opacity: view.opacity, colors: view.colors });
      mainThreadMs = performance.now() - start;
    }
    const announced = overlayEvent(event, view, { mainThreadMs, now: Date.now() });
    this.dispatchEvent(new CustomEvent(announced.type, { detail: announced.detail, bubbles: true, composed: true }));
  }
}
