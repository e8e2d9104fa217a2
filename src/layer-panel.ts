// The panel over the scene: the view toolbar, one row per job, the status line, and the buttons that
// reset the view and fold the panel away. Folded (`panel-collapsed`), only the button that unfolds it stays.
import { html, type TemplateResult } from 'lit';
import type { JobView } from './job-view.ts';
import type { LayerPalette } from './labels/layer-colors.ts';
import { layerRow, type LayerRowActions } from './layer-list.ts';
import { viewToolbar, type ViewToolbarActions, type ViewToolbarState } from './view-toolbar.ts';

export interface LayerPanelState {
  collapsed: boolean;
  toolbar: ViewToolbarState;
  rows: ReadonlyArray<readonly [JobView, LayerPalette]>;
  status: string;
}

export interface LayerPanelActions extends LayerRowActions, ViewToolbarActions {
  collapse(collapsed: boolean): void;
  resetView(): void;
}

export function layerPanel({ collapsed, toolbar, rows, status }: LayerPanelState, actions: LayerPanelActions): TemplateResult {
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
    <div class="status" part="status">${status}</div>
  </section>`;
}
