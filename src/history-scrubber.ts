// A job row's history scrubber: a range over the job's stored previews (oldest at the left) and a
// "live" button. Moving it shows that stored preview (`showPreview`); "live" goes back to streaming.
import { html, nothing, type TemplateResult } from 'lit';
import type { JobView } from './job-view.ts';

export interface HistoryScrubberActions {
  showPreview(jobId: string, previewId: number | string | 'live'): void;
}

export function historyScrubber(view: Pick<JobView, 'id' | 'history' | 'pinned'>, actions: HistoryScrubberActions): TemplateResult | typeof nothing {
  const ids = view.history.previewIds;
  if (ids.length === 0) return nothing;
  const live = view.pinned === undefined;
  // A shown preview the budget since dropped sits at the left end.
  const at = live ? ids.length - 1 : Math.max(0, ids.indexOf(view.pinned!));
  return html`<div class="row history" part="history">
    <input
      type="range"
      class="scrub"
      min="0"
      max=${ids.length - 1}
      step="1"
      aria-label="Stored preview of ${view.id}"
      aria-valuetext="preview ${String(live ? 'live' : view.pinned)}"
      .value=${String(at)}
      @change=${(event: Event) => actions.showPreview(view.id, ids[Number((event.target as HTMLInputElement).value)]!)}
    />
    <span class="shown" title="${ids.length} stored previews, ${Math.round(view.history.bytes / 1024)} KB">${live ? `${ids.length} stored` : `#${view.pinned}`}</span>
    <button class="live" ?disabled=${live} aria-pressed=${String(live)} aria-label="Back to live previews of ${view.id}" @click=${() => actions.showPreview(view.id, 'live')}>live</button>
  </div>`;
}
