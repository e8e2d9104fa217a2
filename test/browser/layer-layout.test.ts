// The layer panel's layout with real servers' job ids: 36-character UUIDs (CryoMamba's) must fit their
// row, cut with an ellipsis, whole in the tooltip and the row's accessible name, and nothing in any
// row may leave the panel.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';

afterEach(async () => {
  await mockControl('reset');
});

/** Every element of the panel whose box sticks out of the panel's box, with how far. */
function outside(panel: HTMLElement): string[] {
  const box = panel.getBoundingClientRect();
  const out: string[] = [];
  for (const element of panel.querySelectorAll<HTMLElement | SVGElement>('li, li *')) {
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    // The screen-reader-only text is clipped to 1 px on purpose.
    if (element.classList.contains('sr-only')) continue;
    if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5) {
      out.push(`${element.tagName.toLowerCase()}.${element.getAttribute('class') ?? ''}: ${rect.left.toFixed(1)}..${rect.right.toFixed(1)} outside ${box.left.toFixed(1)}..${box.right.toFixed(1)}`);
    }
  }
  return out;
}

describe('layer panel layout', () => {
  it('fits rows of UUID job ids inside the panel: ellipsis on screen, the full id in the tooltip and the accessible name', async () => {
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    for (const job_id of ids) await createJob({ job_id, style: 'cryomamba', hz: 0.2, previews: 50 });
    const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 360px; width: 520px"></preview-overlay>`);
    element.server = (await mockStream()).ws;
    element.jobs = ids;
    const root = element.shadowRoot!;
    // Progress makes a row its widest: bar, percent and state chip.
    await until(() => ids.every((id) => (element.layer(id)?.progress ?? 0) > 0.1) || undefined, 'progress on every row');
    await element.updateComplete;
    const panel = root.querySelector<HTMLElement>('[part="panel"]')!;
    const rows = [...root.querySelectorAll<HTMLElement>('li[part="layer"]')];
    expect(rows).to.have.length(3);
    expect(outside(panel), 'nothing in a row leaves the panel').to.deep.equal([]);
    for (const [i, row] of rows.entries()) {
      const name = row.querySelector<HTMLElement>('.name')!;
      expect(name.title, 'the tooltip holds the whole id').to.equal(ids[i]);
      expect(name.scrollWidth, 'the id is cut (ellipsis), not wrapped or overflowing').to.be.greaterThan(name.clientWidth);
      expect(getComputedStyle(name).textOverflow).to.equal('ellipsis');
      expect(row.getAttribute('aria-label'), 'the row is named with the whole id').to.equal(`Job ${ids[i]}`);
      const bar = row.querySelector<HTMLElement>('[part="progress"]')!.getBoundingClientRect();
      expect(bar.right, 'the progress bar ends inside its row').to.be.at.most(row.getBoundingClientRect().right + 0.5);
    }
    await expect(element).to.be.accessible({ ignoredRules: ['color-contrast'] });
  });
});
