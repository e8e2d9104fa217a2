// A job's label legend, under its row in the layer panel: per label its swatch (in the colour mode
// shown), id, voxel count, a show/hide toggle, and the id as a button that isolates the label. A
// native <details>, so it opens and closes without the element keeping state, from the keyboard too.
import { html, nothing, type TemplateResult } from 'lit';
import { cssColor } from './labels/colormap.ts';
import { paletteColor, type LayerPalette } from './labels/layer-colors.ts';
import type { JobView } from './job-view.ts';

export interface LegendActions {
  /** Shows (hidden false) or hides one label of a job. */
  hideLabel(jobId: string, label: number, hidden: boolean): void;
  /** Shows only this label of the job, or all of them again if it already was the only one. */
  isolateLabel(jobId: string, label: number): void;
}

/** Labels listed at most: a panel row is no place for thousands; `setLayer` reaches the rest. */
export const LEGEND_MAX_LABELS = 200;

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function labelLegend(view: JobView, palette: LayerPalette, actions: LegendActions): TemplateResult | typeof nothing {
  if (view.labelCounts.size === 0) return nothing;
  const labels = [...view.labelCounts].sort(([a], [b]) => a - b);
  const listed = labels.slice(0, LEGEND_MAX_LABELS);
  return html`<details class="legend" part="legend">
    <summary>Labels (${labels.length}${view.hiddenLabels.size > 0 ? `, ${view.hiddenLabels.size} hidden` : ''})</summary>
    <ul class="labels" aria-label="Labels of ${view.id}">
      ${listed.map(([label, count]) => {
        const hidden = view.hiddenLabels.has(label);
        return html`<li class="label" data-label=${label} ?data-hidden=${hidden}>
          <input type="checkbox" class="label-visible" aria-label="Show label ${label} of ${view.id}" .checked=${!hidden} @change=${(event: Event) => actions.hideLabel(view.id, label, !(event.target as HTMLInputElement).checked)} />
          <svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" rx="3" fill=${cssColor(paletteColor(palette, label))}></rect></svg>
          <button class="isolate" aria-label="Isolate label ${label} of ${view.id}" @click=${() => actions.isolateLabel(view.id, label)}>${label}</button>
          <span class="count">${COUNT_FORMAT.format(count)} vx</span>
        </li>`;
      })}
    </ul>
    ${labels.length > listed.length ? html`<div class="detail">${labels.length - listed.length} more labels not listed</div>` : nothing}
  </details>`;
}
