// `compare="jobA jobB"` against the real mock stream: `job-compare` follows the two jobs' shown previews,
// and its counts agree with what each job's `job-preview` said it labels.
import '../../src/index.ts';
import { expect } from '@open-wc/testing';
import type { JobCompareDetail, JobPreviewDetail } from '../../src/overlay-events.ts';
import { mockControl, until } from './mock-stream.ts';
import { record, streamJobs } from './streamed-overlay.ts';

afterEach(async () => {
  await mockControl('reset');
});

const labelledVoxels = (preview: JobPreviewDetail | undefined) => Object.values(preview?.labelCounts ?? {}).reduce((sum, count) => sum + count, 0);

describe('<preview-overlay> compare', () => {
  it('compares the two jobs of `compare` as they stream: A only + both is what A labels, B only + both what B labels', async function () {
    this.timeout(90_000);
    const { element, ids } = await streamJobs([
      { shape: '24,48,48', hz: 4, previews: 60, labels: 4, seed: 1 },
      { shape: '24,48,48', hz: 4, previews: 60, labels: 6, seed: 2 },
    ]);
    const [a, b] = ids as [string, string];
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    // Each comparison, with what each job's latest `job-preview` (the preview its layer shows) labels then.
    const seen: Array<{ detail: JobCompareDetail; a: number; b: number }> = [];
    element.addEventListener('job-compare', ({ detail }) => {
      const latest = (jobId: string) => previews.findLast((preview) => preview.jobId === jobId);
      seen.push({ detail, a: labelledVoxels(latest(a)), b: labelledVoxels(latest(b)) });
    });
    element.setAttribute('compare', `${a} ${b}`);
    expect(element.compare).to.deep.equal([a, b]);
    await until(() => seen.length >= 4, 'four comparisons', 60_000);
    for (const { detail, a: labelledA, b: labelledB } of seen) {
      expect([detail.jobId, detail.otherJobId]).to.deep.equal([a, b]);
      expect(detail.shape).to.deep.equal([24, 48, 48]);
      expect(detail.aOnly + detail.both).to.equal(labelledA);
      expect(detail.bOnly + detail.both).to.equal(labelledB);
      expect(detail.dice).to.be.closeTo((2 * detail.both) / (labelledA + labelledB), 1e-12);
      expect(detail.both, 'the two jobs\u2019 objects overlap').to.be.greaterThan(0);
    }
    // As the objects grow, the figures change.
    expect(new Set(seen.map(({ detail }) => detail.both)).size).to.be.greaterThan(1);
    // The panel shows the newest figures.
    const summary = () => element.shadowRoot!.querySelector('[part="compare-summary"]');
    const shown = (region: string) => summary()?.querySelector(`[data-region="${region}"]`)?.textContent;
    await until(() => {
      const { detail } = seen.at(-1)!;
      const figures = { 'A only': detail.aOnly, 'B only': detail.bOnly, both: detail.both };
      const agree = Object.entries(figures).every(([region, count]) => shown(region) === count.toLocaleString('en-US'));
      return agree && shown('dice') === detail.dice.toFixed(3) ? true : undefined;
    }, 'the panel showing the newest comparison');

    element.setAttribute('compare', a);
    expect(element.compare).to.equal(null);
    const count = seen.length;
    const after = previews.length;
    await until(() => previews.length >= after + 2, 'two more previews');
    expect(seen.length, 'no comparison without a pair').to.equal(count);
    expect(summary(), 'no summary without a pair').to.equal(null);
  });
});
