// <preview-overlay> when the server misbehaves: killed and restarted mid-stream, a socket that stalls,
// terminal closes (4000 bad job id, 4001 unauthorized), and a network outage of several seconds.
import { expect } from '@open-wc/testing';
import {
  chipText,
  createJob,
  errorText,
  mockControl,
  mockStats,
  mountOverlay,
  previewsAfter,
  report,
  serverClock,
  rowOf,
  rows,
  sleep,
  until,
  untilServer,
  watchers,
} from './harness.ts';

/** Fast retries, so a retry storm after a terminal close would show in a second. */
const FAST_RETRY = { minReconnectDelayMs: 50, maxReconnectDelayMs: 400 };

describe('<preview-overlay> when the server fails', () => {
  it('reconnects through three server restarts: reconnecting → open, state caught up, previews resume, one row and one socket per job', async function () {
    this.timeout(60_000);
    const jobId = await createJob({ shape: '12,16,20', hz: 10, previews: 400, queueMs: 300 });
    const { element, events } = await mountOverlay([jobId], { streamOptions: { minReconnectDelayMs: 100, maxReconnectDelayMs: 500 } });
    await previewsAfter(events, jobId, 2);
    const downTimes = [300, 900, 1600];
    for (const downMs of downTimes) {
      const from = events.all.length;
      const before = Number(events.of('job-preview', jobId).at(-1)!.previewId);
      const progressBefore = events.of('job-progress', jobId).at(-1)!.progress;
      await mockControl(`restart?downMs=${downMs}`);
      await until(() => events.of('job-state', jobId, from).some((s) => s.state === 'reconnecting'), 'reconnecting');
      await until(() => events.of('job-state', jobId, from).some((s) => s.state === 'open'), 'open again');
      await until(() => element.layer(jobId)?.state === 'running' || undefined, 'the job shown running again');
      await until(() => events.of('job-preview', jobId, from).some((p) => Number(p.previewId) > before + 1), 'previews resumed');
      expect(events.of('job-progress', jobId, from).at(-1)!.progress, 'progress caught up with the server').to.be.greaterThan(progressBefore);
      expect(rows(element), 'one row').to.have.length(1);
      expect(await watchers(jobId), 'one socket on the server for the job').to.equal(1);
    }
    const ids = events.of('job-preview', jobId).map((p) => Number(p.previewId));
    expect([...ids].sort((a, b) => a - b), 'never an older preview after a newer one').to.deep.equal(ids);
    expect(new Set(ids).size, 'no preview shown twice').to.equal(ids.length);
    expect(events.of('job-failed', jobId)).to.deep.equal([]);
    expect(element.layer(jobId)!.previews).to.equal(ids.length);
    report('server restarts survived in one stream', `${downTimes.length} (down ${downTimes.join(', ')} ms)`);
  });

  it('reports a job that completed while the server was down as completed once it is back', async function () {
    this.timeout(30_000);
    const jobId = await createJob({ shape: '12,16,20', hz: 10, previews: 30, queueMs: 300 });
    const { element, events } = await mountOverlay([jobId], { streamOptions: { minReconnectDelayMs: 100, maxReconnectDelayMs: 500 } });
    await previewsAfter(events, jobId, 3);
    // Down until the job has completed on the server, then up: no timer decides when the page may hear of it.
    await mockControl('down');
    expect((await mockStats()).perJob[jobId]?.state, 'still running when the server went down').to.equal('running');
    await untilServer(async () => (await mockStats()).perJob[jobId]?.state === 'completed', 'the job to complete on the server while it is down');
    expect(events.of('job-completed', jobId), 'nothing could have told the widget yet').to.deep.equal([]);
    await mockControl('up');
    await until(() => events.of('job-completed', jobId).length > 0 || undefined, 'job-completed after the reconnect', 15_000);
    expect(events.of('job-completed', jobId)).to.have.length(1);
    expect(events.of('job-failed', jobId)).to.deep.equal([]);
    expect(element.layer(jobId)!.state).to.equal('completed');
    expect(await chipText(element, jobId)).to.equal('completed');
    await untilServer(async () => (await watchers(jobId)) === 0, 'the finished job’s socket closed');
  });

  it('detects a stalled socket with the heartbeat, reconnects and streams on', async function () {
    this.timeout(30_000);
    const jobId = await createJob({ shape: '12,16,20', hz: 10, previews: 200, fault: 'stall', faultAt: 3, queueMs: 300 });
    const { element, events } = await mountOverlay([jobId], {
      streamOptions: { heartbeatIntervalMs: 200, heartbeatTimeoutMs: 800, minReconnectDelayMs: 50 },
    });
    const reconnecting = await until(() => events.of('job-state', jobId).find((s) => s.state === 'reconnecting'), 'reconnecting after the stall');
    expect(reconnecting.reason).to.match(/heartbeat/);
    await until(() => events.of('job-state', jobId).filter((s) => s.state === 'open').length >= 2 || undefined, 'open again');
    await until(() => events.of('job-preview', jobId).some((p) => Number(p.previewId) > 5) || undefined, 'previews after the stall');
    expect(element.layer(jobId)!.state).to.equal('running');
  });

  it('fails a job on close 4000 with the server’s reason in its row, and never retries', async () => {
    const jobId = await createJob({ shape: '12,16,20', hz: 10, previews: 40, fault: 'close4000', faultAt: 2, queueMs: 300 });
    const before = await mockStats();
    const { element, events } = await mountOverlay([jobId], { streamOptions: FAST_RETRY });
    const failed = await until(() => events.of('job-failed', jobId)[0], 'job-failed');
    expect(failed).to.include({ code: 'close-4000', message: 'Invalid job id', retryable: false });
    expect(events.of('job-state', jobId).at(-1)).to.include({ state: 'failed', code: 4000, reason: 'Invalid job id' });
    expect(await errorText(element, jobId)).to.contain('Invalid job id');
    expect(await chipText(element, jobId)).to.equal('failed');
    // A second of server time, over twice the longest FAST_RETRY backoff: a retry would have connected.
    await serverClock();
    const after = await mockStats();
    expect(after.connections - before.connections, 'connection attempts (and the clock’s socket)').to.equal(1 + 1);
    expect(events.of('job-state', jobId).filter((s) => s.state === 'reconnecting')).to.deep.equal([]);
  });

  it('fails a job whose token is refused (4001) with "unauthorized" in its row, without retrying, while a job that accepts the token streams', async () => {
    const accepted = await createJob({ shape: '12,16,20', hz: 10, previews: 40, requireToken: 'token-A', queueMs: 300 });
    const refused = await createJob({ shape: '12,16,20', hz: 10, previews: 40, requireToken: 'token-B', queueMs: 300 });
    const before = await mockStats();
    const { element, events } = await mountOverlay([accepted, refused], { token: 'token-A', streamOptions: FAST_RETRY });
    const failed = await until(() => events.of('job-failed', refused)[0], 'job-failed');
    expect(failed).to.include({ code: 'close-4001', message: 'unauthorized' });
    expect(await errorText(element, refused)).to.contain('unauthorized');
    await previewsAfter(events, accepted, 3);
    // A second of server time, over twice the longest FAST_RETRY backoff: a retry would have connected.
    await serverClock();
    const after = await mockStats();
    expect(after.unauthorized - before.unauthorized, 'refused attempts').to.equal(1);
    expect(after.connections - before.connections, 'sockets opened: one per job and the clock’s, no retries').to.equal(2 + 1);
    expect(events.of('job-error', accepted)).to.deep.equal([]);
  });

  it('rides out a network outage (server unreachable for 4 s) with backoff, ignores offline/online events, and resumes', async function () {
    this.timeout(30_000);
    const jobId = await createJob({ shape: '12,16,20', hz: 10, previews: 400, queueMs: 300 });
    // Default backoff: 250 ms growing ×1.6 to 2 s, plus up to 50 % jitter.
    const { element, events } = await mountOverlay([jobId]);
    await previewsAfter(events, jobId, 2);
    const from = events.all.length;
    const before = await mockStats();
    await mockControl('down');
    window.dispatchEvent(new Event('offline'));
    await sleep(4000);
    const during = await mockStats();
    expect(await chipText(element, jobId)).to.equal('reconnecting');
    window.dispatchEvent(new Event('online'));
    await mockControl('up');
    await until(() => events.of('job-state', jobId, from).some((s) => s.state === 'open') || undefined, 'open again');
    await until(() => events.of('job-preview', jobId, from).length > 0 || undefined, 'previews again');
    const attempts = during.refused - before.refused;
    report('attempts while the server was unreachable for 4 s (default backoff)', attempts);
    expect(attempts, 'retries while unreachable: backoff, not a storm').to.be.within(1, 12);
    expect(rowOf(element, jobId)).to.exist;
    expect(element.layer(jobId)!.state).to.equal('running');
  });
});
