// The preview history against the real mock stream, in Chromium: the worker stores each preview; the
// row's scrubber takes the layer back to a stored one, which is exactly the preview as it arrived
// (checksum of its dense ids) and drawn so; live previews are held back until `live` resumes them.
import '../../src/index.ts';
import { expect } from '@open-wc/testing';
import { labelChecksum } from '../../src/labels/label-runs.ts';
import type { LabelVolume } from '../../src/labels/label-volume.ts';
import type { JobDrawnDetail, JobHistoryDetail, JobPreviewDetail } from '../../src/overlay-events.ts';
import { LabelScene } from '../../src/scene/label-scene.ts';
import { mockControl, until } from './mock-stream.ts';
import { pixelsOf, type Pixels } from './pixels.ts';
import { record, streamJobs } from './streamed-overlay.ts';

/** Every volume the scene is given, with the checksum of its dense ids: the scene's own input, tapped. */
const given: Array<{ jobId: string; checksum: number }> = [];
const setLayer = LabelScene.prototype.setLayer;

beforeEach(() => {
  given.length = 0;
  LabelScene.prototype.setLayer = function (this: LabelScene, jobId: string, volume: LabelVolume) {
    given.push({ jobId, checksum: labelChecksum(volume.labels) });
    return setLayer.call(this, jobId, volume);
  };
});

afterEach(async () => {
  LabelScene.prototype.setLayer = setLayer;
  await mockControl('reset');
});

/** Pixels of the slice that are not the black background: labelled ones. */
function labelled(pixels: Pixels): number {
  let count = 0;
  for (let i = 0; i < pixels.data.length; i += 4) if (pixels.data[i]! + pixels.data[i + 1]! + pixels.data[i + 2]! > 60) count++;
  return count;
}

describe('<preview-overlay> preview history', () => {
  it('answers showPreview() for a job added in the same task (a preview it does not have: rejected, not left pending)', async function () {
    this.timeout(60_000);
    const { element, ids } = await streamJobs([{ shape: '8,16,16', hz: 2, previews: 50 }]);
    const added = `${ids[0]}-not-on-the-server`;
    element.jobs = [...element.jobs, added];
    const outcome = element.showPreview(added, 7).then(() => 'shown', (error: Error) => error.message);
    const pending = new Promise<string>((resolve) => setTimeout(() => resolve('still pending after 15 s'), 15_000));
    expect(await Promise.race([outcome, pending])).to.match(/has no stored preview 7\.$/);
  });

  it('scrubs back to a stored preview exactly as it arrived, holds live previews back, and resumes them with live', async function () {
    this.timeout(90_000);
    const { element, ids } = await streamJobs([{ shape: '24,64,64', hz: 3, previews: 200, labels: 5 }]);
    const jobId = ids[0]!;
    element.view = 'slice';
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    const histories = record<JobHistoryDetail>(element, 'job-history');
    const drawn = record<JobDrawnDetail>(element, 'job-drawn');
    // The checksum of each preview the layer took, by preview id: the scene is given a live preview
    // just before its `job-preview` is fired (a held-back one is given nothing).
    const arrived = new Map<number | string, number>();
    let paired = 0;
    element.addEventListener('job-preview', ({ detail }) => {
      if (given.length > paired && detail.previewId !== undefined) arrived.set(detail.previewId, given.at(-1)!.checksum);
      paired = given.length;
    });
    element.addEventListener('job-history', () => (paired = given.length));

    await until(() => (histories.at(-1)?.previewIds.length ?? 0) >= 6 && drawn.length >= 6, 'six stored previews', 60_000);
    const stored = await element.history(jobId);
    expect(stored.map((entry) => entry.previewId)).to.deep.equal(histories.at(-1)!.previewIds.slice(0, stored.length));
    const second = stored[1]!;
    expect(second.labelCounts).to.deep.equal(previews.find((preview) => preview.previewId === second.previewId)!.labelCounts);
    expect(second.bytes).to.be.greaterThan(0);
    const liveLabelled = labelled(await pixelsOf(element));

    // Back to the second stored preview with the row's scrubber.
    const scrub = element.shadowRoot!.querySelector<HTMLInputElement>('[part=history] input.scrub')!;
    scrub.value = '1';
    scrub.dispatchEvent(new Event('change'));
    await until(() => histories.some((history) => history.showing === second.previewId), 'the stored preview shown');
    expect(given.at(-1)).to.deep.equal({ jobId, checksum: arrived.get(second.previewId) });
    await until(() => drawn.at(-1)?.previewId === second.previewId && element.frameStats?.queued === 0, 'the stored preview drawn');
    const pinned = await pixelsOf(element);
    expect(labelled(pinned), 'the early preview labels fewer pixels than the live one did').to.be.lessThan(liveLabelled);

    // Live previews go on arriving, but the layer keeps the stored one.
    const givenWhilePinned = given.length;
    const previewsBefore = previews.length;
    await until(() => previews.length >= previewsBefore + 2, 'two more live previews');
    expect(given.length, 'no live preview reached the scene').to.equal(givenWhilePinned);
    expect(labelled(await pixelsOf(element))).to.equal(labelled(pinned));
    expect(element.shadowRoot!.querySelector('[part=history] .shown')?.textContent).to.equal(`#${second.previewId}`);

    // `live`: the newest stored preview, then the live ones again.
    let resumed = false;
    element.addEventListener('job-history', ({ detail }) => (resumed ||= detail.showing === 'live'));
    element.shadowRoot!.querySelector<HTMLButtonElement>('[part=history] button.live')!.click();
    await until(() => resumed, 'back to live');
    const newest = (await element.history(jobId)).at(-1)!;
    expect(newest.previewId).to.not.equal(second.previewId);
    const afterLive = given.length;
    await until(() => given.length > afterLive + 1, 'live previews reach the scene again').catch((error: Error) => {
      throw new Error(`${error.message}: previews ${previews.length}, given ${given.length}, histories ${JSON.stringify(histories.slice(-2))}`);
    });
    // Once a live preview is drawn (the job goes on streaming: whichever comes), the objects have grown again.
    const drawnBefore = drawn.length;
    await until(() => drawn.slice(drawnBefore).some((detail) => detail.previewId !== undefined && detail.previewId !== second.previewId), 'a live preview drawn');
    expect(labelled(await pixelsOf(element))).to.be.greaterThan(labelled(pinned));
  });
});
