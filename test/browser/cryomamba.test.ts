// <preview-overlay> against a server that behaves like the real CryoMamba one (the mock's `cryomamba`
// style): streaming previews, the final float32 preview on its finer grid, no replay (a late join learns
// the end from the REST status), a REST cancel that does not stop the job, and a refused token.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import type { JobErrorDetail, JobPreviewDetail, JobStateDetail } from '../../src/overlay-events.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';

const STATUS = '{server}/v1/jobs/{job}';

afterEach(async () => {
  await mockControl('reset');
});

function record<T>(element: HTMLElement, type: string): T[] {
  const details: T[] = [];
  element.addEventListener(type, (event) => details.push((event as CustomEvent<T>).detail));
  return details;
}

async function overlay(attributes: Partial<PreviewOverlay>): Promise<PreviewOverlay> {
  const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 320px; width: 480px"></preview-overlay>`);
  Object.assign(element, attributes);
  return element;
}

function chip(element: PreviewOverlay, jobId: string): string | undefined {
  return element.shadowRoot!.querySelector(`li[data-job="${jobId}"] [part="state"]`)?.textContent ?? undefined;
}

async function jobState(jobId: string): Promise<string> {
  const { http } = await mockStream();
  const response = await fetch(`${http}/v1/jobs/${jobId}`);
  return ((await response.json()) as { state: string }).state;
}

describe('<preview-overlay> with a CryoMamba server', () => {
  it('streams previews, then shows the final preview on its own grid (spacing 2,2,2), completed once, no job-error, and closes the socket', async () => {
    const jobId = crypto.randomUUID();
    const element = await overlay({});
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    const errors = record<JobErrorDetail>(element, 'job-error');
    const completed = record<{ jobId: string }>(element, 'job-completed');
    const failed = record<unknown>(element, 'job-failed');
    const states = record<JobStateDetail>(element, 'job-state');
    Object.assign(element, {
      view: 'slice',
      // Plane 10 of the streaming grid (z spacing 96 / 25 = 3.84) is at world z 38.4.
      slice: 10,
      urlTemplate: '{server}/ws/jobs/{job}?style=cryomamba&hz=4&previews=3',
      statusUrlTemplate: STATUS,
      // A loaded test machine may answer slowly; a status timeout would be a (correct) job-error.
      streamOptions: { statusTimeoutMs: 30_000 },
      server: (await mockStream()).ws,
      jobs: [jobId],
    });
    await until(() => completed.length > 0 || undefined, 'job-completed');
    // The widget closes the socket itself once trailing messages had their grace (the server never does).
    await until(() => states.some((s) => s.state === 'closed') || undefined, 'the socket closed by the widget');
    expect(completed, 'completed exactly once').to.have.length(1);
    expect(failed).to.deep.equal([]);
    expect(errors, 'no job-error').to.deep.equal([]);
    expect(previews.map((p) => p.previewId), 'streaming previews, then the final one').to.deep.equal([0, 1, 2, 'final']);
    expect(previews.map((p) => p.final)).to.deep.equal([false, false, false, true]);
    const streaming = previews[1]!;
    expect(streaming.shape).to.deep.equal([25, 64, 64]);
    expect(streaming.spacing.map((s) => +s.toFixed(4))).to.deep.equal([3.75, 3.75, 3.84]);
    const final = previews.at(-1)!;
    expect(final.shape, 'the final preview keeps its finer grid').to.deep.equal([48, 120, 120]);
    expect(final.spacing).to.deep.equal([2, 2, 2]);
    const layer = element.layer(jobId)!;
    expect([layer.previewId, layer.final, layer.shape, layer.spacing, layer.state]).to.deep.equal(['final', true, [48, 120, 120], [2, 2, 2], 'completed']);
    expect(chip(element, jobId)).to.equal('completed');
    expect(element.slice, 'the slice stays at world z 38.4: plane 19 of the final grid (spacing 2)').to.equal(19);
  });

  it('shows a job that finished before it joined as completed, through the status URL (the socket only says connected)', async () => {
    const jobId = crypto.randomUUID();
    await createJob({ job_id: jobId, style: 'cryomamba', hz: 20, previews: 2, startOn: 'create' });
    for (let i = 0; (await jobState(jobId)) !== 'completed'; i++) {
      if (i > 500) throw new Error('the job never completed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const element = await overlay({});
    const completed = record<{ jobId: string }>(element, 'job-completed');
    const errors = record<JobErrorDetail>(element, 'job-error');
    // No silence poll within the test: the status fetched when the socket opens must say it.
    Object.assign(element, { statusUrlTemplate: STATUS, streamOptions: { statusSilenceMs: 600_000, statusTimeoutMs: 30_000 }, server: (await mockStream()).ws, jobs: [jobId] });
    await until(() => completed.length > 0 || undefined, 'job-completed from the status URL');
    expect(element.layer(jobId)?.state).to.equal('completed');
    await element.updateComplete;
    expect(chip(element, jobId)).to.equal('completed');
    expect(completed).to.have.length(1);
    expect(errors).to.deep.equal([]);
  });

  it('says waiting, not open or running, for a finished job when no status URL is set', async () => {
    const jobId = crypto.randomUUID();
    await createJob({ job_id: jobId, style: 'cryomamba', hz: 20, previews: 2, startOn: 'create' });
    for (let i = 0; (await jobState(jobId)) !== 'completed'; i++) {
      if (i > 500) throw new Error('the job never completed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const element = await overlay({});
    const states = record<JobStateDetail>(element, 'job-state');
    Object.assign(element, { server: (await mockStream()).ws, jobs: [jobId] });
    await until(() => states.some((s) => s.state === 'open') || undefined, 'open');
    await element.updateComplete;
    expect(element.layer(jobId)?.state).to.equal('waiting');
    expect(chip(element, jobId)).to.equal('waiting');
  });

  it('makes a status URL that fails a job-error with a sentence, and keeps streaming', async () => {
    const jobId = crypto.randomUUID();
    const element = await overlay({});
    const errors = record<JobErrorDetail>(element, 'job-error');
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    Object.assign(element, {
      urlTemplate: '{server}/ws/jobs/{job}?style=cryomamba&hz=4&previews=2',
      statusUrlTemplate: '{server}/no/such/{job}',
      server: (await mockStream()).ws,
      jobs: [jobId],
    });
    await until(() => errors.length > 0 || undefined, 'a job-error for the status URL');
    expect(errors[0]!.code).to.equal('status');
    expect(errors[0]!.message).to.match(/GET http:\/\/127\.0\.0\.1:\d+\/no\/such\/.* failed with HTTP 404\./);
    await until(() => previews.some((p) => p.final) || undefined, 'the final preview all the same');
  });

  it('cancels over the cancel URL: "cancel requested" while the job goes on, then completed wins', async () => {
    const jobId = crypto.randomUUID();
    const element = await overlay({});
    const completed = record<unknown>(element, 'job-completed');
    const failed = record<unknown>(element, 'job-failed');
    const lifecycle = record<{ state: string }>(element, 'job-lifecycle');
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    const errors = record<JobErrorDetail>(element, 'job-error');
    Object.assign(element, {
      urlTemplate: '{server}/ws/jobs/{job}?style=cryomamba&hz=1&previews=8',
      cancelUrlTemplate: STATUS,
      server: (await mockStream()).ws,
      jobs: [jobId],
    });
    await until(() => previews.length > 1 || undefined, 'streaming');
    element.cancelJob(jobId);
    await until(() => lifecycle.some((l) => l.state === 'cancel requested') || undefined, 'cancel requested');
    expect(errors, 'the DELETE succeeded').to.deep.equal([]);
    await element.updateComplete;
    expect(chip(element, jobId)).to.equal('cancel requested');
    const seen = previews.length;
    await until(() => completed.length > 0 || undefined, 'job-completed after the cancel');
    expect(previews.length, 'previews after the cancel are shown').to.be.greaterThan(seen);
    expect(failed, 'no job-failed (cancelled)').to.deep.equal([]);
    await element.updateComplete;
    expect(chip(element, jobId)).to.equal('completed');
  });

  it('stops on a refused token without retrying, and a new token reconnects', async () => {
    const jobId = await createJob({ style: 'cryomamba', hz: 2, previews: 20, requireToken: 'right' });
    const element = await overlay({});
    const states = record<JobStateDetail>(element, 'job-state');
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    Object.assign(element, { token: 'wrong', server: (await mockStream()).ws, jobs: [jobId] });
    await until(() => states.find((s) => s.state === 'failed'), 'failed on 4001');
    expect(element.layer(jobId)?.state).to.equal('failed');
    element.token = 'right';
    await until(() => previews.length > 0 || undefined, 'previews with the new token');
    expect(element.layer(jobId)?.state).to.not.equal('failed');
  });
});
