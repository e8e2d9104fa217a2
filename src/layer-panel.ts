// The panel over the scene: the view toolbar, one row per job, the status line, and the buttons that
// reset the view and fold the panel away. Folded (`panel-collapsed`), only the button that unfolds it stays.
import { html, type TemplateResult } from 'lit';
import { compareSummary } from './compare-summary.ts';
import type { JobView, LayerInfo } from './job-view.ts';
import type { JobCompareDetail } from './overlay-events.ts';
import type { LayerPalette } from './labels/layer-colors.ts';
import { layerRow, type LayerRowActions } from './layer-list.ts';
import { isolateLabel, toggleLabel, type LayerSettings } from './layer-settings.ts';
import type { SliceAxis } from './scene/slice-axis.ts';
import { viewToolbar, type ViewToolbarActions, type ViewToolbarState } from './view-toolbar.ts';

export interface LayerPanelState {
  collapsed: boolean;
  toolbar: ViewToolbarState;
  rows: ReadonlyArray<readonly [JobView, LayerPalette]>;
  status: string;
  /** The figures of `compare`, summed up under the rows; null: none. */
  compare: JobCompareDetail | null;
}

export interface LayerPanelActions extends LayerRowActions, ViewToolbarActions {
  collapse(collapsed: boolean): void;
  resetView(): void;
}

/** What the panel's controls reach of the element: its public API, nothing private. */
export interface PanelHost {
  view: '3d' | 'slice';
  sliceAxis: SliceAxis;
  slice: number | undefined;
  panelCollapsed: boolean;
  layer(jobId: string): LayerInfo | undefined;
  setLayer(jobId: string, settings: LayerSettings): void;
  cancelJob(jobId: string): void;
  removeJob(jobId: string): void;
  resetView(): void;
  showPreview(jobId: string, previewId: number | string | 'live'): Promise<void>;
}

/** The panel's controls, each one call on the element. */
export function panelActions(host: PanelHost): LayerPanelActions {
  const hidden = (jobId: string) => new Set(host.layer(jobId)?.hiddenLabels);
  const labels = (jobId: string) => Object.keys(host.layer(jobId)?.labelCounts ?? {}).map(Number);
  return {
    toggle: (jobId, visible) => host.setLayer(jobId, { visible }),
    opacity: (jobId, opacity) => host.setLayer(jobId, { opacity }),
    cancel: (jobId) => host.cancelJob(jobId),
    remove: (jobId) => host.removeJob(jobId),
    // A preview the budget dropped meanwhile, or a removed job: the layer stays (or goes back to) live.
    showPreview: (jobId, previewId) => void host.showPreview(jobId, previewId).catch(() => undefined),
    hideLabel: (jobId, label, hide) => host.setLayer(jobId, { hiddenLabels: toggleLabel(hidden(jobId), label, hide) }),
    isolateLabel: (jobId, label) => host.setLayer(jobId, { hiddenLabels: isolateLabel(labels(jobId), hidden(jobId), label) }),
    view: (view) => (host.view = view),
    axis: (axis) => (host.sliceAxis = axis),
    slice: (index) => (host.slice = index),
    collapse: (collapsed) => (host.panelCollapsed = collapsed),
    resetView: () => host.resetView(),
  };
}

/** The share of the host's width its open panel covers (with its margin); 0 when folded or not rendered. */
export function panelShare(host: Element, root: ParentNode, collapsed: boolean): number {
  const panel = collapsed ? null : root.querySelector('.panel');
  return panel ? (panel.getBoundingClientRect().width + 8) / Math.max(1, host.getBoundingClientRect().width) : 0;
}

export function layerPanel({ collapsed, toolbar, rows, status, compare }: LayerPanelState, actions: LayerPanelActions): TemplateResult {
  if (collapsed) {
    return html`<button class="panel-toggle" part="panel-toggle" aria-expanded="false" title="Show the layer panel" @click=${() => actions.collapse(false)}>
      Layers (${rows.length})
    </button>`;
  }
  return html`<section class="panel" part="panel" aria-label="Preview layers">
    <div class="panel-actions">
      <span class="title">Layers</span>
      <button class="reset-view" aria-label="Reset view" title="Reset view" @click=${() => actions.resetView()}>⟲ Reset</button>
      <button class="collapse" part="panel-toggle" aria-expanded="true" aria-label="Hide the layer panel" title="Hide the layer panel" @click=${() => actions.collapse(true)}>⟩</button>
    </div>
    ${viewToolbar(toolbar, actions)}
    <ul aria-label="Jobs">
      ${rows.map(([view, palette]) => layerRow(view, palette, actions))}
    </ul>
    ${compareSummary(compare)}
    <div class="status" part="status">${status}</div>
  </section>`;
}
