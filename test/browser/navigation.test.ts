// Navigation with real pointer input (sendMouse): the first fit puts the content beside the open panel,
// a pan moves it, `resetView()` and the panel's Reset button bring the first fit back; `panel-collapsed`
// folds the panel to a button (and back), and a reset then uses the whole width.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';
import { pixelsOf } from './pixels.ts';

afterEach(() => mockControl('reset'));

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Left and right edges, in page (CSS) x, of what is drawn (not the black background). */
async function drawnSpan(element: PreviewOverlay): Promise<[number, number]> {
  await frame();
  const pixels = await pixelsOf(element);
  let [left, right] = [Infinity, -Infinity];
  for (let y = 0; y < pixels.height; y++) {
    for (let x = 0; x < pixels.width; x++) {
      const [r, g, b] = pixels.at(x, y);
      if (r + g + b > 24) [left, right] = [Math.min(left, x), Math.max(right, x)];
    }
  }
  const box = element.getBoundingClientRect();
  const scale = box.width / pixels.width;
  return [box.left + left * scale, box.left + (right + 1) * scale];
}

async function click(target: Element): Promise<void> {
  const box = target.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)] });
}

describe('<preview-overlay> navigation', () => {
  it('fits beside the panel, pans, resets with the button, and folds the panel away', async function () {
    this.timeout(120_000);
    const { ws } = await mockStream();
    const job = await createJob({ shape: '20,40,60', hz: 20, previews: 2, labels: 2 });
    const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 300px; width: 800px" background="#000000" view="slice"></preview-overlay>`);
    // A bright base volume under the labels: the whole grid is drawn, so its edges are the content's.
    element.setBaseVolume(new Float32Array(20 * 40 * 60).map((_, i) => 1 + (i % 7)), [20, 40, 60]);
    element.server = ws;
    element.jobs = [job];
    await until(() => element.layer(job)?.state === 'completed', 'the job to complete');
    await element.updateComplete;
    const panel = element.shadowRoot!.querySelector('[part="panel"]')!.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    const fitted = await drawnSpan(element);
    expect(fitted[1], 'the content ends left of the panel').to.be.at.most(panel.left);
    expect((fitted[0] + fitted[1]) / 2, 'centred in the free part').to.be.closeTo((box.left + panel.left - 8) / 2, 8);

    // A real left-drag pans the slice view.
    const [x, y] = [Math.round(box.left + 150), Math.round(box.top + 150)];
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down', button: 'left' });
    await sendMouse({ type: 'move', position: [x + 60, y] });
    await sendMouse({ type: 'move', position: [x + 120, y] });
    await sendMouse({ type: 'up', button: 'left' });
    const panned = await drawnSpan(element);
    expect(panned[0] - fitted[0], 'the drag moved the content right').to.be.greaterThan(40);

    await click(element.shadowRoot!.querySelector('button.reset-view')!);
    const reset = await drawnSpan(element);
    expect(reset[0], 'Reset brings the first fit back').to.be.closeTo(fitted[0], 2);
    expect(reset[1]).to.be.closeTo(fitted[1], 2);

    await click(element.shadowRoot!.querySelector('button.collapse')!);
    await element.updateComplete;
    expect(element.hasAttribute('panel-collapsed'), 'the ⟩ button folds the panel (reflected)').to.equal(true);
    expect(element.shadowRoot!.querySelector('[part="panel"]'), 'no panel').to.equal(null);
    await expect(element).to.be.accessible();
    element.resetView();
    const wide = await drawnSpan(element);
    expect((wide[0] + wide[1]) / 2, 'folded: a reset centres the content in the whole width').to.be.closeTo(box.left + box.width / 2, 8);
    expect(wide[1] - wide[0], 'and no smaller').to.be.at.least(fitted[1] - fitted[0] - 1);

    await click(element.shadowRoot!.querySelector('button.panel-toggle')!);
    await element.updateComplete;
    expect(element.panelCollapsed).to.equal(false);
    expect(element.shadowRoot!.querySelector('[part="panel"]'), 'the panel is back').to.exist;
  });
});
