// Hover and select in the 3D view with real pointer input (sendMouse), over a crafted preview: label 1, a
// box in front of label 2, a wider box behind it, on a grid downsampled twice. label-hover reports the
// nearest drawn label under the pointer with its voxel on the surface the camera sees and the source voxel;
// a hidden label is looked through to the one behind; a click selects; off the labels is an empty detail.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/index.ts';
import type { LabelPointerDetail } from '../../src/overlay-events.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';
import { pixelsOf, type Pixels } from './pixels.ts';

afterEach(() => mockControl('reset'));

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

type Box = { min: [number, number, number]; max: [number, number, number] }; // [z, y, x], max exclusive
const FRONT: Box = { min: [4, 8, 8], max: [8, 20, 20] };
const BEHIND: Box = { min: [10, 4, 4], max: [16, 26, 34] };
const SHAPE = [20, 30, 40] as const;

/** The crafted preview: uint8, label 1 in FRONT, label 2 in BEHIND, on a grid of half the source's resolution. */
function craftedPreview(): string {
  const [nz, ny, nx] = SHAPE;
  const labels = new Uint8Array(nz * ny * nx);
  [FRONT, BEHIND].forEach(({ min, max }, k) => {
    for (let z = min[0]; z < max[0]; z++) for (let y = min[1]; y < max[1]; y++) for (let x = min[2]; x < max[2]; x++) labels[(z * ny + y) * nx + x] = k + 1;
  });
  const payload = btoa(String.fromCharCode(...labels));
  return JSON.stringify({ type: 'preview', data: { preview_id: 1, shape: SHAPE, dtype: 'uint8', scale: [0.5, 0.5, 0.5], original_shape: [40, 60, 80], payload } });
}

const inside = (voxel: readonly number[], { min, max }: Box) => voxel.every((v, i) => v >= min[i]! && v < max[i]!);

/** Centre of the pixels whose `channel` dominates, in page (CSS) coordinates. */
function centroid(element: PreviewOverlay, pixels: Pixels, channel: 0 | 2): [number, number] {
  let [sx, sy, n] = [0, 0, 0];
  for (let y = 0; y < pixels.height; y++) {
    for (let x = 0; x < pixels.width; x++) {
      const p = pixels.at(x, y);
      if ([0, 1, 2].filter((c) => c !== channel).every((c) => p[channel]! - p[c]! >= 60)) [sx, sy, n] = [sx + x, sy + y, n + 1];
    }
  }
  const box = element.getBoundingClientRect();
  const scale = box.width / pixels.width;
  return [Math.round(box.left + (sx / n + 0.5) * scale), Math.round(box.top + (sy / n + 0.5) * scale)];
}

/**
 * Points (page CSS px) well inside the pixels of one colour (`channel` dominant in a 7×7 neighbourhood):
 * the topmost, bottommost, leftmost and rightmost of them.
 */
function extremes(element: PreviewOverlay, pixels: Pixels, channel: 0 | 2): [number, number][] {
  const is = (x: number, y: number) => {
    const p = pixels.at(x, y);
    return [0, 1, 2].filter((c) => c !== channel).every((c) => p[channel]! - p[c]! >= 60);
  };
  const solid: [number, number][] = [];
  for (let y = 3; y < pixels.height - 3; y += 2) {
    for (let x = 3; x < pixels.width - 3; x += 2) {
      let all = true;
      for (let dy = -3; dy <= 3 && all; dy++) for (let dx = -3; dx <= 3 && all; dx++) all = is(x + dx, y + dy);
      if (all) solid.push([x, y]);
    }
  }
  const by = (key: (p: [number, number]) => number) => solid.reduce((best, p) => (key(p) < key(best) ? p : best));
  const box = element.getBoundingClientRect();
  const scale = box.width / pixels.width;
  return [by(([, y]) => y), by(([, y]) => -y), by(([x]) => x), by(([x]) => -x)].map(([x, y]) => [Math.round(box.left + (x + 0.5) * scale), Math.round(box.top + (y + 0.5) * scale)]);
}

describe('<preview-overlay> hover and select in 3D', () => {
  it('reports the nearest label’s surface under the pointer, looks through hidden labels, selects on click', async function () {
    this.timeout(120_000);
    const { ws } = await mockStream();
    const job = await createJob({ hz: 20, previews: 1, fault: 'raw', faultAt: 1, raw: craftedPreview() });
    const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 360px; width: 900px" background="#000000" opacity="1"></preview-overlay>`);
    element.server = ws;
    element.jobs = [job];
    await until(() => element.layer(job)?.previews === 1, 'the crafted preview');
    element.setLayer(job, { colors: { 1: [1, 0, 0, 1], 2: [0, 0, 1, 1] } });
    const hovers: LabelPointerDetail[] = [];
    const selects: LabelPointerDetail[] = [];
    element.addEventListener('label-hover', (event) => hovers.push(event.detail));
    element.addEventListener('label-select', (event) => selects.push(event.detail));
    await frame();
    const drawn = await pixelsOf(element);
    // Wherever the view draws label 1 (red) or label 2 (blue), the pointer there reports that label.
    for (const [label, channel] of [[1, 0], [2, 2]] as const) {
      for (const [px, py] of extremes(element, drawn, channel)) {
        await sendMouse({ type: 'move', position: [px, py] });
        await until(() => 'label' in (hovers.at(-1) ?? {}) && (hovers.at(-1) as { label: number }).label === label, `label ${label} under (${px}, ${py}), drawn in its colour`);
      }
    }
    const [x, y] = centroid(element, drawn, 0);

    const seen = hovers.length;
    await sendMouse({ type: 'move', position: [x, y] });
    await until(() => hovers.length > seen, 'a label-hover at the centre of label 1'); // the last point above was label 2's
    const front = hovers.at(-1)!;
    expect(front).to.include({ jobId: job, label: 1 });
    const voxel = 'voxel' in front ? front.voxel : [];
    expect(inside(voxel, FRONT), `voxel [${voxel}] in label 1’s box`).to.equal(true);
    // The oblique camera looks along +z from −z, +y and +x: it sees the box's z-min, y-max and x-max faces.
    expect(voxel[0] === FRONT.min[0] || voxel[1] === FRONT.max[1] - 1 || voxel[2] === FRONT.max[2] - 1, `voxel [${voxel}] on a face the camera sees`).to.equal(true);
    const source = 'sourceVoxel' in front ? front.sourceVoxel : [];
    // A server-downsampled preview (scale 0.5) places voxel v at source 2v (origin 0): it covers source 2v ± 1.
    expect(source.map((s, i) => Math.abs(s - 2 * voxel[i]!) <= 1), `source [${source}] inside preview voxel [${voxel}]`).to.deep.equal([true, true, true]);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="readout"]')?.textContent).to.match(new RegExp(`^${job} · label 1 · voxel \\[${voxel.join(', ')}\\]`));

    // Label 1 hidden: the ray goes on to label 2 behind it.
    element.setLayer(job, { hiddenLabels: [1] });
    await sendMouse({ type: 'move', position: [x + 1, y] });
    await until(() => 'label' in hovers.at(-1)! && hovers.at(-1)!.label === 2, 'label 2 behind the hidden label 1');
    const behind = hovers.at(-1)!;
    expect(inside('voxel' in behind ? behind.voxel : [], BEHIND), 'a voxel of label 2').to.equal(true);
    expect(('voxel' in behind ? behind.voxel : [])[0], 'on its front face (z-min): the ray passed through label 1’s box').to.equal(BEHIND.min[0]);

    await sendMouse({ type: 'click', position: [x + 1, y] });
    await until(() => selects.length > 0, 'label-select');
    expect(selects[0]).to.deep.equal(behind);
    expect(element.selectedLabel).to.deep.equal({ jobId: job, label: 2 });

    // Far left, mid-height: no label there.
    const box = element.getBoundingClientRect();
    await sendMouse({ type: 'move', position: [Math.round(box.left + 10), Math.round(box.top + box.height / 2)] });
    await until(() => !('jobId' in hovers.at(-1)!), 'an empty label-hover off the labels');
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="readout"]'), 'no readout off the labels').to.equal(null);
  });
});
