// The scale bar (CSS part `scale-bar`) against what is drawn: its length in source voxels matches the
// drawn width of a tomogram stored at half resolution (spacing 2), a real zoom (right-drag) changes its
// label and keeps it true, `voxel-size` turns it into physical units, and junk there is a visible note;
// a remount keeps the bar.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';
import { pixelsOf } from './pixels.ts';

afterEach(() => mockControl('reset'));

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Width in CSS pixels of what is drawn on row `row` (0..1 of the height) (not the black background). */
async function drawnWidth(element: PreviewOverlay, row = 0.5): Promise<number> {
  await frame();
  const pixels = await pixelsOf(element);
  const y = Math.round(pixels.height * row);
  let [left, right] = [Infinity, -Infinity];
  for (let x = 0; x < pixels.width; x++) {
    const [r, g, b] = pixels.at(x, y);
    if (r + g + b > 24) [left, right] = [Math.min(left, x), Math.max(right, x)];
  }
  return ((right + 1 - left) * element.getBoundingClientRect().width) / pixels.width;
}

/** The bar's label, and its drawn length in CSS pixels (the SVG is 2 px wider than the bar). */
function bar(element: PreviewOverlay): { label: string; px: number; note: string | undefined } {
  const part = element.shadowRoot!.querySelector('[part="scale-bar"]');
  if (!part) throw new Error('no scale bar');
  return {
    label: part.querySelector('.scale-label')?.textContent ?? '',
    px: Number(part.querySelector('svg')?.getAttribute('width') ?? 2) - 2,
    note: part.querySelector('.scale-note')?.textContent ?? undefined,
  };
}

describe('<preview-overlay> scale bar', () => {
  it('measures source voxels as drawn, follows a zoom, and speaks voxel-size units', async function () {
    this.timeout(120_000);
    const { ws } = await mockStream();
    const job = await createJob({ shape: '20,40,60', original: '40,80,120', hz: 20, previews: 2, labels: 2 });
    const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 300px; width: 900px" background="#000000" view="slice" panel-collapsed></preview-overlay>`);
    // A bright tomogram at half resolution: 60 voxels of 2 source voxels, so 120 source voxels wide.
    element.setBaseVolume(new Float32Array(20 * 40 * 60).map((_, i) => 1 + (i % 7)), [20, 40, 60], [2, 2, 2]);
    element.server = ws;
    element.jobs = [job];
    await until(() => element.layer(job)?.state === 'completed', 'the job to complete');
    await until(() => element.shadowRoot!.querySelector('[part="scale-bar"]') !== null, 'the scale bar');
    const fitted = bar(element);
    const pxPerVoxel = (await drawnWidth(element)) / 120;
    const [count, unit] = fitted.label.split(' ');
    expect(unit, fitted.label).to.match(/^voxels?$/);
    expect(fitted.px / Number(count), `${fitted.label} over ${fitted.px} px, drawn ${pxPerVoxel} px per source voxel`).to.be.closeTo(pxPerVoxel, pxPerVoxel * 0.03);

    // A real zoom in: right-drag downward (vtk's trackball zoom).
    const box = element.getBoundingClientRect();
    const [x, y] = [Math.round(box.left + 200), Math.round(box.top + 60)];
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down', button: 'right' });
    for (let step = 1; step <= 6; step++) await sendMouse({ type: 'move', position: [x, y + 20 * step] });
    await sendMouse({ type: 'up', button: 'right' });
    await until(() => bar(element).label !== fitted.label, 'the zoom to change the label');
    const zoomed = bar(element);
    const zoomedWidth = await drawnWidth(element);
    expect(zoomedWidth, 'still all in view (the panel is folded: the content is centred)').to.be.lessThan(box.width - 4);
    const magnification = zoomedWidth / 120 / pxPerVoxel;
    expect(magnification, 'the zoom magnified the view').to.be.greaterThan(1.2);
    const zoomedCount = Number(zoomed.label.split(' ')[0]);
    expect(zoomed.px / zoomedCount, zoomed.label).to.be.closeTo((fitted.px / Number(count)) * magnification, pxPerVoxel * magnification * 0.05);

    element.voxelSize = '13.48 Å';
    await element.updateComplete;
    const physical = bar(element);
    const [length, physicalUnit] = physical.label.split(' ');
    expect(physicalUnit, physical.label).to.be.oneOf(['Å', 'nm', 'µm']);
    const angstroms = Number(length) * { Å: 1, nm: 10, µm: 10_000 }[physicalUnit as 'Å' | 'nm' | 'µm'];
    expect(physical.px / (angstroms / 13.48), `${physical.label} over ${physical.px} px`).to.be.closeTo(zoomed.px / zoomedCount, 0.05 * (zoomed.px / zoomedCount));
    expect(physical.note).to.equal(undefined);

    element.setAttribute('voxel-size', '13.48 parsecs');
    await element.updateComplete;
    const junk = bar(element);
    expect(junk.note, 'a visible note says what is wrong').to.match(/voxel-size "13.48 parsecs" is not a length/);
    expect(junk.label, 'the bar falls back to voxels').to.equal(zoomed.label);
    await expect(element).to.be.accessible();

    // Moved in the page: a new scene with the old cameras, and the same bar.
    const parent = element.parentElement!;
    element.remove();
    parent.append(element);
    // The update after the remount drops the old scene's bar; the new scene's first frame brings it back.
    await element.updateComplete;
    expect(bar(element).label, 'no bar before the new scene measured').to.equal('');
    await until(() => bar(element).label === zoomed.label, 'the bar again after a remount');
  });
});
