// Hover and select in the slice view with real pointer input (sendMouse) over a real stream: label-hover
// reports the job, label, voxel, source voxel and base intensity under the pointer, and the readout
// line shows them; a click selects (label-select, selectedLabel) and dims every other label; Escape and a
// click on background clear it; leaving the scene sends an empty label-hover.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/index.ts';
import type { LabelPointerDetail } from '../../src/overlay-events.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';
import { countDominant, pixelsOf, type Pixels } from './pixels.ts';

afterEach(() => mockControl('reset'));

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Centre of the pixels whose `channel` dominates, in page (CSS) coordinates. */
function centroid(element: PreviewOverlay, pixels: Pixels, channel: 0 | 2): [number, number] {
  let [sx, sy, n] = [0, 0, 0];
  for (let y = 0; y < pixels.height; y++) {
    for (let x = 0; x < pixels.width; x++) {
      const p = pixels.at(x, y);
      const others = [0, 1, 2].filter((c) => c !== channel).map((c) => p[c]!);
      if (others.every((o) => p[channel]! - o >= 60)) [sx, sy, n] = [sx + x, sy + y, n + 1];
    }
  }
  const box = element.getBoundingClientRect();
  const scale = box.width / pixels.width;
  return [Math.round(box.left + ((sx / n + 0.5) * scale)), Math.round(box.top + ((sy / n + 0.5) * scale))];
}

describe('<preview-overlay> hover and select', () => {
  it('reports what is under the pointer, selects on click, clears with Escape and background', async function () {
    this.timeout(120_000);
    const { ws } = await mockStream();
    // A: label 1 centred on voxel [10, 12, 15]. B spans twice the width, so its label 1 lies partly beside A's.
    const a = await createJob({ shape: '20,40,60', hz: 20, previews: 3, labels: 1, seed: 1 });
    const b = await createJob({ shape: '20,40,60', original: '20,40,120', hz: 20, previews: 3, labels: 1, seed: 2 });
    const element = await fixture<PreviewOverlay>(
      html`<preview-overlay style="--preview-overlay-height: 320px; width: 900px" background="#000000" view="slice" opacity="1"></preview-overlay>`,
    );
    element.server = ws;
    element.jobs = [b, a];
    await until(() => [a, b].every((id) => element.layer(id)?.state === 'completed'), 'both jobs to complete');
    element.setLayer(a, { colors: { 1: [1, 0, 0, 1] } });
    element.setLayer(b, { colors: { 1: [0, 0, 1, 1] } });
    // A base volume whose value spells its voxel: z·10000 + y·100 + x.
    const base = new Float32Array(20 * 40 * 60).map((_, i) => Math.floor(i / 2400) * 10000 + (Math.floor(i / 60) % 40) * 100 + (i % 60));
    element.setBaseVolume(base, [20, 40, 60]);
    const hovers: LabelPointerDetail[] = [];
    const selects: LabelPointerDetail[] = [];
    element.addEventListener('label-hover', (event) => hovers.push(event.detail));
    element.addEventListener('label-select', (event) => selects.push(event.detail));
    await frame();
    const before = await pixelsOf(element);
    const blueBefore = countDominant(before, 2);
    expect(blueBefore, 'job B’s label shows beside A’s').to.be.greaterThan(30);

    const [x, y] = centroid(element, before, 0);
    await sendMouse({ type: 'move', position: [x, y] });
    await until(() => hovers.some((h) => 'label' in h && h.label === 1), 'a label-hover over A’s label 1');
    expect(hovers.at(-1), 'the centre of A’s label 1').to.deep.equal({ jobId: a, label: 1, voxel: [10, 12, 15], sourceVoxel: [10, 12, 15], intensity: 101215 });
    await element.updateComplete;
    const readout = element.shadowRoot!.querySelector('[part="readout"]')!;
    expect(readout.textContent).to.equal(`${a} · label 1 · voxel [10, 12, 15] · source [10, 12, 15] · intensity 101215`);

    await sendMouse({ type: 'click', position: [x, y] });
    await until(() => selects.length > 0, 'label-select');
    expect(selects[0]).to.deep.equal(hovers.at(-1));
    expect(element.selectedLabel).to.deep.equal({ jobId: a, label: 1 });
    await frame();
    const selected = await pixelsOf(element);
    expect(countDominant(selected, 0), 'the selected label keeps its colour').to.be.greaterThan(30);
    expect(countDominant(selected, 2), 'every other label dimmed').to.be.lessThan(blueBefore / 4);

    await sendKeys({ press: 'Escape' });
    await until(() => element.selectedLabel === null, 'Escape to clear the selection');
    expect(selects.at(-1), 'a cleared selection').to.deep.equal({});
    await frame();
    expect(countDominant(await pixelsOf(element), 2), 'nothing dimmed any more').to.equal(blueBefore);

    // The element's left edge, mid-height: inside B's grid (twice A's width), outside any label (x = 0 is never drawn).
    const box = element.getBoundingClientRect();
    element.selectedLabel = { jobId: a, label: 1 };
    await sendMouse({ type: 'click', position: [Math.round(box.left + box.width * 0.02), Math.round(box.top + box.height / 2)] });
    await until(() => element.selectedLabel === null, 'a click on background to clear the selection');
    const last = selects.at(-1)!;
    expect(last, 'label-select over background, or off the layers').to.satisfy((d: LabelPointerDetail) => !('label' in d) || d.label === 0);

    await sendMouse({ type: 'move', position: [x, y] });
    await until(() => 'label' in hovers.at(-1)! && hovers.at(-1)!.label === 1, 'back over label 1');
    await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.bottom + 40)] });
    await until(() => !('jobId' in hovers.at(-1)!), 'an empty label-hover on leaving');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="readout"]'), 'no readout off the scene').to.equal(null);
  });
});
