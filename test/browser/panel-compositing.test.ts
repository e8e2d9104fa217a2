// The layer panel sits over the live WebGL canvas: nothing in it may make the compositor filter the
// canvas behind it on every frame the scene draws (a backdrop-filter blur cost ≈ 70 ms of CPU per frame
// under SwiftShader, issue 13), and it must stay readable over whatever the scene shows.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';

/** Alpha of a computed CSS colour (rgb() → 1). */
function alpha(color: string): number {
  const match = /rgba?\(([^)]+)\)/.exec(color);
  const parts = match?.[1]?.split(/[ ,/]+/).filter(Boolean) ?? [];
  return parts.length >= 4 ? Number(parts[3]) : 1;
}

describe('layer panel over the canvas', () => {
  it('filters nothing behind it and keeps an almost opaque background', async () => {
    const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 300px; width: 600px"></preview-overlay>`);
    await element.updateComplete;
    const root = element.shadowRoot!;
    const panel = root.querySelector<HTMLElement>('[part="panel"]')!;
    expect(panel, 'the panel').to.exist;
    const style = getComputedStyle(panel);
    expect(style.backdropFilter, 'backdrop-filter of the panel').to.equal('none');
    expect(alpha(style.backgroundColor), 'panel background alpha').to.be.at.least(0.85);
    // Nothing else in the shadow root filters what is behind it either (the canvas is under all of it).
    const filtering = [...root.querySelectorAll<HTMLElement>('*')].filter((node) => getComputedStyle(node).backdropFilter !== 'none');
    expect(filtering.map((node) => node.className || node.tagName)).to.deep.equal([]);
  });
});
