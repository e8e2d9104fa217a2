// The element's attributes and properties: what a host sets, with its documentation and its default.
// A base class of the element (preview-overlay.ts), so the element itself holds only wiring; the custom
// elements manifest reads both.
import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { compareConverter } from './compare-controller.ts';
import type { ColorMode } from './labels/layer-colors.ts';
import type { LabelSelection } from './layer-settings.ts';
import type { BinaryFormat } from './protocol/binary-format.ts';
import type { SliceAxis } from './scene/slice-axis.ts';
import type { SurfaceMode } from './labels/surface-mode.ts';
import { DEFAULT_FRAME_BUDGET_MS } from './scene/frame-queue.ts';
import { DEFAULT_HISTORY_BYTES } from './labels/preview-history.ts';
import { DEFAULT_STREAM_OPTIONS } from './stream/stream-options.ts';
import type { StreamOptions } from './stream/stream-types.ts';

const jobsConverter = {
  fromAttribute: (value: string | null): string[] => (value ?? '').split(/\s+/).filter(Boolean),
  toAttribute: (value: string[]): string => value.join(' '),
};

/** The attributes and properties of `<preview-overlay>`; the element adds what it does with them. */
export class OverlayAttributes extends LitElement {
  static override properties: PropertyDeclarations = {
    server: { type: String },
    jobs: { converter: jobsConverter },
    token: { type: String },
    urlTemplate: { type: String, attribute: 'url-template' },
    statusUrlTemplate: { type: String, attribute: 'status-url-template' },
    cancelUrlTemplate: { type: String, attribute: 'cancel-url-template' },
    view: { type: String, reflect: true },
    sliceAxis: { type: String, attribute: 'slice-axis' },
    slice: { type: Number },
    sliceStyle: { type: String, attribute: 'slice-style' },
    colorMode: { type: String, attribute: 'color-mode', reflect: true },
    surface: { type: String, reflect: true },
    selectedLabel: { attribute: false },
    opacity: { type: Number },
    maxVoxels: { type: Number, attribute: 'max-voxels' },
    maxMessageBytes: { type: Number, attribute: 'max-message-bytes' },
    binaryFormat: { type: String, attribute: 'binary-format' },
    clientMessageKey: { type: String, attribute: 'client-message-key' },
    background: { type: String },
    voxelSize: { type: String, attribute: 'voxel-size' },
    panelCollapsed: { type: Boolean, attribute: 'panel-collapsed', reflect: true },
    noWorker: { type: Boolean, attribute: 'no-worker' },
    frameBudgetMs: { type: Number, attribute: 'frame-budget-ms' },
    streamOptions: { attribute: false },
    historyBytes: { type: Number, attribute: 'history-bytes' },
    compare: { converter: compareConverter },
    changeView: { type: Boolean, attribute: 'change-view', reflect: true },
  };

  /** Base URL of the server (`ws://`, `wss://`, `http://` or `https://`). */
  declare server: string;
  /** Ids of the jobs to show; the attribute is space-separated. */
  declare jobs: string[];
  /** Bearer token, sent as the `token` query parameter. Not reflected, never shown. */
  declare token: string;
  /** Socket URL template; `{server}` and `{job}` are replaced. Without `{job}`: one multiplexed socket. @default '{server}/ws/jobs/{job}' */
  declare urlTemplate: string;
  /** REST status URL template, e.g. `{server}/v1/jobs/{job}` (`{server}` as http(s)); fetched on every (re)open and when a socket stays silent, for servers that do not replay. Empty: none. @default '' */
  declare statusUrlTemplate: string;
  /** REST cancel URL template (HTTP `DELETE`), e.g. `{server}/v1/jobs/{job}`, used by `cancelJob()` besides the `cancel_job` message. Empty: none. @default '' */
  declare cancelUrlTemplate: string;
  /** `3d` (surfaces of every label) or `slice` (one plane along `slice-axis`). */
  declare view: '3d' | 'slice';
  /** The axis the slice view's planes are stacked along: `z`, `y` or `x` (a new axis starts at its middle plane). @default 'z' */
  declare sliceAxis: SliceAxis;
  /** The plane shown in slice view, an index along `slice-axis` in voxel planes of the finest layer (default: the middle plane). */
  declare slice: number | undefined;
  /** Labels in slice view: `filled`, or `outline` (each label's border only, so the base volume shows through). */
  declare sliceStyle: 'filled' | 'outline';
  /** `label`: one colour per label id, the same in every job (napari's); `job`: each job one hue, its labels shades of it. @default 'label' */
  declare colorMode: ColorMode;
  /** The 3D surface: `voxel` (each voxel's boundary faces, exact) or `smooth` (surface nets: the same faces, corners relaxed within their voxel cell, shaded smooth). Changing it rebuilds each layer from its stored preview. @default 'voxel' */
  declare surface: SurfaceMode;
  /** The selected label, highlighted in every view (the others dimmed): set by a click in the slice view, cleared by Escape or a click on background; settable. @default null */
  declare selectedLabel: LabelSelection | null;
  /** Opacity given to new layers, 0..1. */
  declare opacity: number;
  /** Downsampling budget per layer, in voxels (default 128³ = 2 097 152). */
  declare maxVoxels: number;
  /** Messages larger than this many bytes are dropped before parsing, with a `job-error`; 0: the default, room for a 512³ uint16 preview. */
  declare maxMessageBytes: number;
  /** How binary messages are read: `auto` (this widget's frame or msgpack, gzip-compressed or not, told apart by their first bytes), `frame` or `msgpack`. @default 'auto' */
  declare binaryFormat: BinaryFormat;
  /** The key every client message names its kind in: `type`, or `action` for a server whose API Gateway routes by it. @default 'type' */
  declare clientMessageKey: string;
  /** A CSS color, or `transparent` to sit over a host's own canvas. */
  declare background: string;
  /** The size of one source voxel, e.g. `13.48 Å`, `1.2 nm`, `0.5 µm`: the scale bar speaks physical units. Empty: it counts voxels. @default '' */
  declare voxelSize: string;
  /** The layer panel folded to a button (the button unfolds it; the panel's ⟩ folds it). Reflected. @default false */
  declare panelCollapsed: boolean;
  /** Run the streams on the main thread instead of a worker (what a strict CSP forces anyway). */
  declare noWorker: boolean;
  /** Main-thread time the scene may spend per animation frame applying previews, ms; the rest waits for the next frame. @default 4 */
  declare frameBudgetMs: number;
  /** Advanced stream settings (heartbeat, backoff, face budget, brick size), merged over the defaults. */
  declare streamOptions: Partial<StreamOptions>;
  /** Memory for the jobs' preview histories (`history()`, `showPreview()`, the row's scrubber), bytes, shared equally by the jobs shown; 0: none kept. @default 67108864 */
  declare historyBytes: number;
  /** Two jobs to compare (`"jobA jobB"`): their layers give way to the voxels only A labels (magenta), only B (cyan) and both (yellow); `job-compare` and the panel give those counts and Dice, as either streams. @default null */
  declare compare: [string, string] | null;
  /** Each layer dimmed, with the voxels its newest preview added (green) and removed (red) against the one it showed before over it: in slice view in the plane, in 3D as their surfaces. Reflected. @default false */
  declare changeView: boolean;

  constructor() {
    super();
    this.server = '';
    this.jobs = [];
    this.token = '';
    this.urlTemplate = DEFAULT_STREAM_OPTIONS.urlTemplate;
    this.statusUrlTemplate = DEFAULT_STREAM_OPTIONS.statusUrlTemplate;
    this.cancelUrlTemplate = DEFAULT_STREAM_OPTIONS.cancelUrlTemplate;
    this.view = '3d';
    this.sliceAxis = 'z';
    this.slice = undefined;
    this.sliceStyle = 'filled';
    this.colorMode = 'label';
    this.surface = DEFAULT_STREAM_OPTIONS.surface;
    this.selectedLabel = null;
    this.opacity = 0.8;
    this.maxVoxels = DEFAULT_STREAM_OPTIONS.maxVoxels;
    this.maxMessageBytes = 0;
    this.binaryFormat = DEFAULT_STREAM_OPTIONS.binaryFormat;
    this.clientMessageKey = DEFAULT_STREAM_OPTIONS.clientMessageKey;
    this.background = '#101216';
    this.voxelSize = '';
    this.panelCollapsed = false;
    this.noWorker = false;
    this.frameBudgetMs = DEFAULT_FRAME_BUDGET_MS;
    this.streamOptions = {};
    this.historyBytes = DEFAULT_HISTORY_BYTES;
    this.compare = null;
    this.changeView = false;
  }

  /** Shows one more job (same as adding its id to `jobs`). */
  addJob(jobId: string): void {
    if (!this.jobs.includes(jobId)) this.jobs = [...this.jobs, jobId];
  }

  /** Stops showing a job and drops its layer; the job itself goes on on the server. */
  removeJob(jobId: string): void {
    this.jobs = this.jobs.filter((id) => id !== jobId);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A new axis starts at its middle plane, unless the host set the slice with it.
    if (changed.get('sliceAxis') !== undefined && !changed.has('slice')) this.slice = undefined;
  }
}
