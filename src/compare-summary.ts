// The panel's summary of `compare`: a swatch per region in its overlay colour, its voxel count, and Dice.
// Swatches are SVG shapes with presentation attributes (as layer-list.ts's), so a CSP without
// 'unsafe-inline' styles still shows them.
import { html, type TemplateResult } from 'lit';
import { cssColor } from './labels/colormap.ts';
import { COMPARE_COLORS } from './labels/region-colors.ts';
import type { JobCompareDetail } from './overlay-events.ts';

/** Nothing without figures (no pair, or its first pass not done). */
export function compareSummary(figures: JobCompareDetail | null): TemplateResult | '' {
  if (!figures) return '';
  const { jobId, otherJobId, aOnly, bOnly, both, dice } = figures;
  const regions = [
    ['A only', aOnly, jobId],
    ['B only', bOnly, otherJobId],
    ['both', both, `${jobId} and ${otherJobId}`],
  ] as const;
  return html`<div class="compare-summary" part="compare-summary" role="group" aria-label=${`Comparison of ${jobId} (A) and ${otherJobId} (B)`}>
    <span class="pair">A <b title=${jobId}>${short(jobId)}</b> · B <b title=${otherJobId}>${short(otherJobId)}</b></span>
    ${regions.map(
      ([name, count, title], i) =>
        html`<span class="region" title=${title}
          ><svg class="swatch" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" rx="3" fill=${cssColor(COMPARE_COLORS[i]!)}></rect></svg>
          ${name} <b data-region=${name}>${count.toLocaleString('en-US')}</b></span
        >`,
    )}
    <span class="dice">Dice <b data-region="dice">${dice.toFixed(3)}</b></span>
  </div>`;
}

/** A job id as the panel has room for it (a UUID's first 8 characters). */
function short(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
