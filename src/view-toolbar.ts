// The panel's view toolbar: 3D / Slice buttons and, in the slice view, the axis choice and the slider over
// the finest layer's voxel planes along it, with the index it shows.
import { html, type TemplateResult } from 'lit';
import type { SceneView } from './scene/label-scene.ts';
import { isSliceAxis, SLICE_AXES, type SliceAxis } from './scene/slice-axis.ts';

export interface ViewToolbarState {
  view: SceneView;
  axis: SliceAxis;
  /** The slice index shown, and how many planes the slider steps through (0 before any preview). */
  slice: number;
  planes: number;
}

export interface ViewToolbarActions {
  view(view: SceneView): void;
  axis(axis: SliceAxis): void;
  slice(index: number): void;
}

export function viewToolbar({ view, axis, slice, planes }: ViewToolbarState, actions: ViewToolbarActions): TemplateResult {
  return html`<div class="toolbar" role="group" aria-label="View">
    <button aria-pressed=${view === '3d'} @click=${() => actions.view('3d')}>3D</button>
    <button aria-pressed=${view === 'slice'} @click=${() => actions.view('slice')}>Slice</button>
    ${view === 'slice'
      ? html`<select
            class="axis"
            aria-label="Slice axis"
            @change=${(event: Event) => {
              const value = (event.target as HTMLSelectElement).value;
              if (isSliceAxis(value)) actions.axis(value);
            }}
          >
            ${SLICE_AXES.map((name) => html`<option value=${name} ?selected=${name === axis}>${name}</option>`)}
          </select>
          <input
            type="range"
            class="slice"
            min="0"
            max=${Math.max(0, planes - 1)}
            aria-label=${`Slice (${axis})`}
            .value=${String(slice)}
            @input=${(event: Event) => actions.slice(Number((event.target as HTMLInputElement).value))}
          /><span class="detail">${axis} ${slice}</span>`
      : ''}
  </div>`;
}
