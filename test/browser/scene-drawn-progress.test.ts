// Previews arriving faster than a layer can be drawn: each started preview is still finished and drawn
// (layer-passes.ts), so `onLayerDrawn` (the element's `job-drawn`) keeps firing, and the screen ends on
// the newest preview. Before passes, each preview re-queued the bricks its predecessor had applied and
// a layer streaming faster than its draw was never drawn at all. And previews folded into one queued
// pass end up as the newest alone: a complete one clears the queued bricks it no longer has.
import { expect } from '@open-wc/testing';
import type { LabelVolume } from '../../src/labels/label-volume.ts';
import { boxVolume, mountScene, readPixels, type MountedScene } from './scene-fixtures.ts';

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Lit pixels in the left and right halves of the canvas, after applying everything queued. */
function litHalves(m: MountedScene): [number, number] {
  const pixel = readPixels(m);
  const { width, height } = m.container.querySelector('canvas')!;
  const lit: [number, number] = [0, 0];
  for (let y = 0; y < height; y += 2) for (let x = 0; x < width; x += 2) if (pixel(x, y).slice(0, 3).some((c) => c > 40)) lit[x < width / 2 ? 0 : 1] += 1;
  return lit;
}

/** 16 bricks of faces (4 × 4 × 1 bricks of 32³), a box that moves with `step` so every preview differs. */
function preview(step: number): LabelVolume {
  const boxes = [];
  for (let by = 0; by < 4; by++) for (let bx = 0; bx < 4; bx++) boxes.push({ min: [bx * 32 + 4 + (step % 8), by * 32 + 4, 4], max: [bx * 32 + 20 + (step % 8), by * 32 + 20, 20], index: 1 + ((bx + by) % 2) } as const);
  return boxVolume([32, 128, 128], boxes.map((b) => ({ min: [...b.min], max: [...b.max], index: b.index })), [0, 7, 9]);
}

describe('scene: previews faster than the draw', () => {
  it('finishes and draws each started preview, and ends on the newest', async function () {
    this.timeout(120_000);
    const m = mountScene(320, 240);
    try {
      // One item a frame: a preview's pass (its slice and 16 bricks) takes ≥ 17 frames; one comes every frame.
      m.scene.setFrameBudget(0.001);
      const sent: LabelVolume[] = [];
      const drawn: Array<{ frame: number; volume: LabelVolume }> = [];
      let at = 0;
      m.scene.onLayerDrawn = (jobId, { volume, mainThreadMs }) => {
        expect(jobId).to.equal('job');
        expect(mainThreadMs).to.be.above(0);
        drawn.push({ frame: at, volume });
      };
      const frames = 120;
      for (at = 0; at < frames; at++) {
        const volume = preview(at);
        sent.push(volume);
        m.scene.setLayer('job', volume);
        await frame();
      }
      const order = drawn.map(({ volume }) => sent.indexOf(volume));
      expect(order.every((index) => index >= 0), 'each drawn preview is one that was sent').to.equal(true);
      expect(order, 'drawn in order, each once').to.deep.equal([...new Set(order)].sort((a, b) => a - b));
      expect(drawn.length, `previews drawn while ${frames} arrived, one a frame (drawn at frames ${drawn.map((d) => d.frame)})`).to.be.at.least(3);
      // Regularly: never more than two passes' worth of frames (a pass waits for at most one before it) without a draw.
      const gaps = [drawn[0]!.frame, ...drawn.slice(1).map((d, i) => d.frame - drawn[i]!.frame)];
      expect(Math.max(...gaps, frames - drawn.at(-1)!.frame), 'frames between draws').to.be.below(frames / 2);
      // Once previews stop, the screen catches up with the newest one.
      for (let i = 0; i < 200 && drawn.at(-1)?.volume !== sent.at(-1); i++) await frame();
      expect(drawn.at(-1)?.volume, 'the newest preview is drawn last').to.equal(sent.at(-1));
    } finally {
      m.remove();
    }
  });

  it('reports a repeated preview (no voxel changed) drawn: after the next draw when idle, with the pass it repeats when one is in flight', async function () {
    this.timeout(60_000);
    const m = mountScene(320, 240);
    try {
      const drawn: LabelVolume[] = [];
      m.scene.onLayerDrawn = (_jobId, { volume }) => void drawn.push(volume);
      const first = preview(0);
      m.scene.setLayer('job', first);
      for (let i = 0; i < 600 && !drawn.includes(first); i++) await frame();
      expect(drawn, 'the first preview drawn').to.deep.equal([first]);
      // Nothing in flight: the repeat is on screen already, reported after the next frame.
      const idle = { ...first, changed: { min: [0, 0, 0], max: [0, 0, 0] } } as LabelVolume;
      m.scene.setLayer('job', idle);
      for (let i = 0; i < 10 && !drawn.includes(idle); i++) await frame();
      expect(drawn, 'the idle repeat reported').to.deep.equal([first, idle]);
      // In flight: one item a frame, so a changed preview's pass runs for many frames; its repeat, sent
      // once the pass started, is reported right after it — not before, and not never.
      m.scene.setFrameBudget(0.001);
      const second = preview(1);
      m.scene.setLayer('job', second);
      await frame();
      const riding = { ...second, changed: { min: [0, 0, 0], max: [0, 0, 0] } } as LabelVolume;
      m.scene.setLayer('job', riding);
      for (let i = 0; i < 600 && !drawn.includes(riding); i++) await frame();
      expect(drawn, 'the repeat rides with the pass it repeats').to.deep.equal([first, idle, second, riding]);
    } finally {
      m.remove();
    }
  });

  it('a complete preview folded into a queued one clears the queued bricks it no longer has', async () => {
    // Two boxes, one per 32³ brick along x (left and right of a straight-down view), then only the left one.
    const both = () => boxVolume([32, 32, 64], [{ min: [4, 4, 4], max: [28, 28, 28], index: 1 }, { min: [36, 4, 4], max: [60, 28, 28], index: 2 }], [0, 3, 5]);
    const left = boxVolume([32, 32, 64], [{ min: [4, 4, 4], max: [28, 28, 28], index: 1 }], [0, 3, 5]);
    const reference = mountScene(320, 240);
    try {
      reference.scene.setLayer('job', both());
      const [bothLeft, bothRight] = litHalves(reference);
      expect(bothLeft > 100 && bothRight > 100, `both boxes drawn (${bothLeft}, ${bothRight})`).to.equal(true);
    } finally {
      reference.remove();
    }
    const m = mountScene(320, 240);
    try {
      // Hidden: both previews wait in one unstarted pass; the second (complete) has no right brick.
      m.scene.setPaused(true);
      m.scene.setLayer('job', both());
      m.scene.setLayer('job', left);
      m.scene.setPaused(false);
      const [leftLit, rightLit] = litHalves(m);
      expect(leftLit, 'the left box').to.be.above(100);
      expect(rightLit, 'no right box: its queued brick was cleared').to.equal(0);
    } finally {
      m.remove();
    }
  });
});
