// The panel's view toolbar: 3D / Slice buttons and, in the slice view, the slider over the finest
// layer's voxel planes with the index it shows.
import { html, type TemplateResult } from 'lit';
import type { SceneView } from './scene/label-scene.ts';

export interface ViewToolbarState {
  view: SceneView;
  /** The slice index shown, and how many planes the slider steps through (0 before any preview). */
  slice: number;
  planes: number;
}

export interface ViewToolbarActions {
  view(view: SceneView): void;
  slice(index: number): void;
}

export function viewToolbar({ view, slice, planes }: ViewToolbarState, actions: ViewToolbarActions): TemplateResult {
  return html`<div class="toolbar" role="group" aria-label="View">
    <button aria-pressed=${view === '3d'} @click=${() => actions.view('3d')}>3D</button>
    <button aria-pressed=${view === 'slice'} @click=${() => actions.view('slice')}>Slice</button>
    ${view === 'slice'
      ? html`<input
            type="range"
            class="slice"
            min="0"
            max=${Math.max(0, planes - 1)}
            aria-label="Slice (z)"
            .value=${String(slice)}
            @input=${(event: Event) => actions.slice(Number((event.target as HTMLInputElement).value))}
          /><span class="detail">z ${slice}</span>`
      : ''}
  </div>`;
}
