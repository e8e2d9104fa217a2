// The layer panel's templates: one row per job (swatch in the job's colour, name, visibility, opacity,
// cancel, remove, state chip, progress, stage/ETA, the "3D simplified" note, error, the label legend).
// Server strings are bound as text, never as markup; the
// swatch and the bar are SVG shapes with presentation attributes, not inline styles, so a CSP without
// `style-src-attr 'unsafe-inline'` shows them too.
import { html, nothing, type TemplateResult } from 'lit';
import { cssColor } from './labels/colormap.ts';
import { jobColor, type LayerPalette } from './labels/layer-colors.ts';
import { jobState, type JobView } from './job-view.ts';
import { historyScrubber, type HistoryScrubberActions } from './history-scrubber.ts';
import { labelLegend, type LegendActions } from './layer-legend.ts';

export interface LayerRowActions extends LegendActions, HistoryScrubberActions {
  toggle(jobId: string, visible: boolean): void;
  opacity(jobId: string, opacity: number): void;
  cancel(jobId: string): void;
  remove(jobId: string): void;
}

function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return `${Math.round(seconds)} s left`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s left`;
}

/** 1 930 000 → "1.9M", 200 000 → "200k": the order of magnitude is what the note is about. */
export function faceCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1).replace(/\.0$/, '')}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}k`;
  return String(n);
}

/** A job's row; `palette` is what its layer is drawn with (the swatch is the job's hue in every mode). */
export function layerRow(view: JobView, palette: LayerPalette, actions: LayerRowActions): TemplateResult {
  const state = jobState(view);
  const percent = view.progress === undefined ? undefined : Math.round(view.progress * 100);
  const detail = [view.stage, view.message, formatEta(view.etaSeconds)].filter(Boolean).join(' · ');
  const finished = view.terminal !== undefined;
  // The full id names the row (a UUID is cut with an ellipsis on screen; the tooltip shows it whole).
  return html`<li part="layer" data-job=${view.id} aria-label="Job ${view.id}">
    <div class="row">
      <svg class="swatch" part="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" rx="3" fill=${cssColor(jobColor(palette.hue))}></rect></svg>
      <span class="name" title=${view.id}>${view.id}</span>
      <span class="chip" part="state" data-state=${state}>${state}</span>
    </div>
    <div class="row">
      <label>
        <input
          type="checkbox"
          class="visible"
          .checked=${view.visible}
          @change=${(event: Event) => actions.toggle(view.id, (event.target as HTMLInputElement).checked)}
        />
        <span class="sr-only">Show ${view.id}</span>visible
      </label>
      <input
        type="range"
        class="opacity"
        min="0"
        max="1"
        step="0.05"
        aria-label="Opacity of ${view.id}"
        .value=${String(view.opacity)}
        @input=${(event: Event) => actions.opacity(view.id, Number((event.target as HTMLInputElement).value))}
      />
      <button class="cancel" ?disabled=${finished} aria-label="Cancel job ${view.id}" @click=${() => actions.cancel(view.id)}>Cancel</button>
      <button class="remove" aria-label="Remove layer ${view.id}" @click=${() => actions.remove(view.id)}>✕</button>
    </div>
    <div
      class="bar"
      part="progress"
      role="progressbar"
      aria-label="Progress of ${view.id}"
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${percent ?? nothing}
    >
      <svg viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true"><rect width=${percent ?? 0} height="4"></rect></svg>
    </div>
    ${detail || percent !== undefined ? html`<div class="detail">${percent !== undefined ? `${percent}%` : ''}${detail ? ` · ${detail}` : ''}</div>` : nothing}
    ${historyScrubber(view, actions)}
    ${view.simplified ? html`<div class="detail" part="note">3D simplified: ${faceCount(view.simplified.faces)} faces &gt; ${faceCount(view.simplified.maxFaces)}</div>` : nothing}
    ${view.reason && state !== 'open' && !view.error ? html`<div class="detail">${view.reason}</div>` : nothing}
    ${view.error
      ? html`<div class="error" part="error" role="alert">${view.errors > 1 ? `${view.errors} bad messages; last: ` : ''}${view.error}</div>`
      : nothing}
    ${labelLegend(view, palette, actions)}
  </li>`;
}
