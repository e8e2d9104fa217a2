// <preview-overlay>'s slice keys, with real key presses (sendKeys) on the focused scene, streaming from
// the real mock: ↑/↓ and PageUp/PageDown move one plane, Home/End go to the ends, along any slice axis.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';
import { pixelsOf, type Pixels } from './pixels.ts';

afterEach(() => mockControl('reset'));

/** Pixels that are not the black background: how much label the plane shows. */
const lit = (pixels: Pixels) => {
  let count = 0;
  for (let i = 0; i < pixels.data.length; i += 4) if (pixels.data[i]! + pixels.data[i + 1]! + pixels.data[i + 2]! > 30) count += 1;
  return count;
};

describe('<preview-overlay> slice keys', () => {
  it('moves the slice with ↑/↓, PageUp/PageDown, Home and End on the focused scene, along z and then x', async function () {
    this.timeout(120_000);
    const { ws } = await mockStream();
    const jobId = await createJob({ hz: 5, previews: 50, shape: '12,20,30', queueMs: 300 });
    const element = await fixture<PreviewOverlay>(
      html`<preview-overlay style="--preview-overlay-height: 300px; width: 400px" background="#000000" view="slice" .server=${ws} .jobs=${[jobId]}></preview-overlay>`,
    );
    await until(() => (element.layer(jobId)?.previews ?? 0) > 0, 'a preview');
    await element.updateComplete;
    const detail = () => element.shadowRoot!.querySelector('.toolbar .detail')?.textContent;
    const scene = element.shadowRoot!.querySelector<HTMLElement>('[part="scene"]')!;
    expect(detail(), 'the middle z plane of 12').to.equal('z 6');
    scene.focus();
    expect(element.shadowRoot!.activeElement, 'the scene takes the focus').to.equal(scene);

    const press = async (key: string, expected: string) => {
      await sendKeys({ press: key });
      await element.updateComplete;
      expect(detail(), `after ${key}`).to.equal(expected);
    };
    await press('ArrowUp', 'z 7');
    expect(element.slice, 'the slice property follows the keys').to.equal(7);
    await press('PageDown', 'z 6');
    await press('ArrowDown', 'z 5');
    await press('PageUp', 'z 6');
    await press('End', 'z 11');
    await press('ArrowUp', 'z 11');
    const end = await pixelsOf(element);
    await press('Home', 'z 0');
    const start = await pixelsOf(element);
    await press('ArrowDown', 'z 0');
    element.slice = 6;
    await element.updateComplete;
    const middle = await pixelsOf(element);
    expect(lit(middle), 'the middle plane cuts through the labels, the end planes less so').to.be.greaterThan(Math.max(lit(start), lit(end)));

    element.setAttribute('slice-axis', 'x');
    await element.updateComplete;
    expect(element.sliceAxis).to.equal('x');
    expect(detail(), 'a new axis starts at its middle plane (of 30 along x)').to.equal('x 15');
    expect(element.shadowRoot!.querySelector<HTMLSelectElement>('select.axis')!.value, 'the toolbar shows the axis').to.equal('x');
    await expect(element, 'axe: the focusable scene and the axis choice').to.be.accessible();
    await press('ArrowDown', 'x 14');
    await press('End', 'x 29');

    element.view = '3d';
    await element.updateComplete;
    await sendKeys({ press: 'Home' });
    await element.updateComplete;
    expect(element.slice, 'the 3D view leaves the keys alone').to.equal(29);
  });
});
