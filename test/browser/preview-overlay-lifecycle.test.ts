// <preview-overlay> across its lifecycle, in real Chromium against the real mock stream: a base volume
// set before the element is in the page or before it moves stays drawn, and `no-worker` flipped on a
// live element restarts the streams in the other mode.
import { expect } from '@open-wc/testing';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import type { Shape3 } from '../../src/labels/label-volume.ts';
import { pixelsOf, type Pixels } from './pixels.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';

const SHAPE: Shape3 = [8, 16, 24];

/** Intensity rising from 0 at x = 0 to 255 at the last column. */
function ramp(): Uint8Array {
  const [nz, ny, nx] = SHAPE;
  const data = new Uint8Array(nx * ny * nz);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(((i % nx) / (nx - 1)) * 255);
  return data;
}

function unmounted(): PreviewOverlay {
  const element = document.createElement('preview-overlay');
  element.style.cssText = 'display:block; width:320px; --preview-overlay-height:200px';
  element.background = '#000000';
  element.view = 'slice';
  return element;
}

/** Grey pixels (r = g = b, not black) of the drawn base volume, and the brightest grey's column vs the darkest's. */
function greys(pixels: Pixels): { count: number; rising: boolean } {
  let count = 0;
  let dark = { value: 256, x: 0 };
  let bright = { value: -1, x: 0 };
  const y = Math.floor(pixels.height / 2);
  for (let x = 0; x < pixels.width; x++) {
    const [r, g, b] = pixels.at(x, y);
    if (r === g && g === b && r > 8) {
      count += 1;
      if (r < dark.value) dark = { value: r, x };
      if (r > bright.value) bright = { value: r, x };
    }
  }
  return { count, rising: bright.value - dark.value > 150 && bright.x > dark.x };
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

afterEach(async () => {
  document.querySelectorAll('preview-overlay').forEach((element) => element.remove());
  await mockControl('reset');
});

describe('<preview-overlay> lifecycle', () => {
  it('draws a base volume set before it was connected', async () => {
    const element = unmounted();
    element.setBaseVolume(ramp(), SHAPE);
    expect(() => element.setBaseVolume(new Uint8Array(5), SHAPE), 'a wrong voxel count, even unconnected').to.throw(RangeError);
    document.body.append(element);
    await element.updateComplete;
    await nextFrame();
    const base = greys(await pixelsOf(element));
    expect(base.count, 'grey pixels across the middle row').to.be.greaterThan(100);
    expect(base.rising, 'dark on the left, bright on the right').to.equal(true);
  });

  it('still draws its base volume, where it was, after a move in the DOM', async () => {
    const element = unmounted();
    document.body.append(element);
    await element.updateComplete;
    element.setBaseVolume(ramp(), SHAPE);
    await nextFrame();
    const before = await pixelsOf(element);
    expect(greys(before).rising).to.equal(true);
    const elsewhere = document.createElement('div');
    document.body.append(elsewhere);
    elsewhere.append(element);
    await element.updateComplete;
    await nextFrame();
    const after = await pixelsOf(element);
    expect(greys(after).rising, 'the ramp after the move').to.equal(true);
    let same = 0;
    for (let i = 0; i < after.data.length; i++) if (Math.abs(after.data[i]! - before.data[i]!) <= 2) same += 1;
    expect(same / after.data.length, 'share of pixel channels unchanged by the move').to.be.greaterThan(0.99);
    element.setBaseVolume(null);
    await nextFrame();
    expect(greys(await pixelsOf(element)).count, 'removed').to.equal(0);
  });

  it('restarts the streams in the other mode when `no-worker` flips on a live element, and previews keep coming', async function () {
    this.timeout(90_000);
    const jobId = await createJob({ shape: '8,12,16', hz: 20, previews: 5000, queueMs: 50 });
    const element = unmounted();
    let previews = 0;
    element.addEventListener('job-preview', () => (previews += 1));
    element.server = (await mockStream()).ws;
    element.jobs = [jobId];
    document.body.append(element);
    await until(() => element.streamMode === 'worker' && previews > 0, 'previews from the worker');
    element.setAttribute('no-worker', '');
    await until(() => element.streamMode === 'main-thread', 'the main-thread mode');
    let from = previews;
    await until(() => previews > from + 2, 'previews on the main thread');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="status"]')!.textContent).to.match(/^degraded: no worker \(workers disabled\)/);
    element.removeAttribute('no-worker');
    await until(() => element.streamMode === 'worker', 'the worker mode again');
    from = previews;
    await until(() => previews > from + 2, 'previews from the worker again');
    expect(element.layer(jobId)!.state).to.equal('running');
  });
});
