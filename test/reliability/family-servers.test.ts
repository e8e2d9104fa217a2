// <preview-overlay> against the family's API-Gateway-style server (the mock's `style: apigateway`): a
// preview URL that answers 404 and one whose download never ends are visible errors of their job while
// the stream goes on, and a server that closes every connection after a few seconds (API Gateway's
// 2-hour cap, made short) is ridden out with reconnecting → open only and no terminal event lost — the
// job ends while no socket is open, so only the catch-up can bring its end. A chunked preview missing a
// chunk is one `chunks` error, and later previews are shown.
import { expect } from '@open-wc/testing';
import { createJob, errorText, mockStats, readyOverlay, until } from './harness.ts';

/** What an element needs to speak to a gateway-routed server. */
const GATEWAY = { clientMessageKey: 'action' } as const;
const until_completed = (events: Awaited<ReturnType<typeof readyOverlay>>['events'], jobId: string, timeoutMs?: number) =>
  until(() => events.of('job-completed', jobId).length > 0 || undefined, 'job-completed', timeoutMs);

describe('<preview-overlay> and an API-Gateway-style server', () => {
  it('shows a preview URL that answers 404 as an error of its job, and streams on', async function () {
    this.timeout(30_000);
    const { element, events } = await readyOverlay(GATEWAY);
    // One preview a second: the missing one is fetched before the next could supersede it.
    const jobId = await createJob({ style: 'apigateway', fault: 'url404', faultAt: 2, shape: '16,24,32', hz: 1, previews: 4, queueMs: 500 });
    element.jobs = [jobId];
    await until_completed(events, jobId);
    const errors = events.of('job-error', jobId);
    expect(errors.map((e) => e.code)).to.deep.equal(['fetch']);
    expect(errors[0]!.message).to.match(/\/previews\/.*could not be fetched: HTTP 404/);
    expect(await errorText(element, jobId)).to.match(/HTTP 404/);
    expect(events.of('job-preview', jobId).at(-1)?.previewId, 'previews after the missing one').to.equal(4);
  });

  it('shows a preview download that times out as an error of its job, and streams on', async function () {
    this.timeout(30_000);
    const { element, events } = await readyOverlay({ ...GATEWAY, streamOptions: { previewFetchTimeoutMs: 500 } });
    const jobId = await createJob({ style: 'apigateway', fault: 'urlstall', faultAt: 2, shape: '16,24,32', hz: 1, previews: 4, queueMs: 500 });
    element.jobs = [jobId];
    await until_completed(events, jobId);
    const errors = events.of('job-error', jobId);
    expect(errors.map((e) => e.code)).to.deep.equal(['fetch']);
    expect(errors[0]!.message).to.match(/did not arrive within 0.5 s/);
    expect(await errorText(element, jobId)).to.match(/did not arrive/);
    expect(events.of('job-preview', jobId).map((p) => p.previewId)).to.include.members([3, 4]);
  });

  it('shows a chunked preview missing a chunk as one error of its job once its time is up, and streams on', async function () {
    this.timeout(30_000);
    // The chunk timeout is shorter than the time between previews: the next one does not abandon it first.
    const { element, events } = await readyOverlay({ ...GATEWAY, streamOptions: { chunkTimeoutMs: 300 } });
    const jobId = await createJob({ style: 'apigateway', chunked: 1, fault: 'chunkdrop', faultAt: 2, shape: '48,64,64', hz: 1, previews: 4, queueMs: 500 });
    element.jobs = [jobId];
    await until_completed(events, jobId);
    const errors = events.of('job-error', jobId);
    expect(errors.map((e) => e.code)).to.deep.equal(['chunks']);
    expect(errors[0]!.message).to.match(/Preview 2 was dropped: \d+ of its \d+ chunks arrived within 0.3 s/);
    expect(await errorText(element, jobId)).to.match(/Preview 2 was dropped/);
    expect(events.of('job-preview', jobId).map((p) => p.previewId)).to.deep.equal([1, 3, 4]);
  });

  it('rides out a server that closes every connection after 1.5 s and before the end: reconnecting → open only, every preview in order, the terminal event once', async function () {
    this.timeout(60_000);
    const { element, events } = await readyOverlay({ ...GATEWAY, streamOptions: { minReconnectDelayMs: 100, maxReconnectDelayMs: 400 } });
    // `closebeforeend`: job_complete is sent while no socket is open; only request_status brings it.
    const jobId = await createJob({ style: 'apigateway', maxConnectionS: 1.5, fault: 'closebeforeend', shape: '12,16,20', hz: 3, previews: 18, queueMs: 500 });
    element.jobs = [jobId];
    await until_completed(events, jobId, 40_000);
    const states = events.of('job-state', jobId).map((s) => s.state);
    const reconnects = states.filter((s) => s === 'reconnecting').length;
    expect(reconnects, 'closed by the server several times').to.be.at.least(2);
    expect(states.slice(0, 2)).to.deep.equal(['connecting', 'open']);
    expect(new Set(states.slice(2)), 'nothing but reconnecting and open (and closed at the end)').to.satisfy((set: Set<string>) => [...set].every((s) => ['reconnecting', 'open', 'closed'].includes(s)));
    expect(events.of('job-state', jobId).filter((s) => s.state === 'reconnecting').every((s) => s.code === 1001), 'each close was the cap (1001)').to.equal(true);
    expect(events.of('job-completed', jobId)).to.have.length(1);
    expect(events.of('job-error', jobId)).to.deep.equal([]);
    expect(events.of('job-failed', jobId)).to.deep.equal([]);
    const ids = events.of('job-preview', jobId).map((p) => Number(p.previewId));
    expect([...ids].sort((a, b) => a - b)).to.deep.equal(ids);
    // Previews sent while the socket was away are not replayed (PROTOCOL: no replay): at 3 Hz a gap of
    // ≤ 0.4 s plus the new handshake costs at most two of them.
    expect(ids.length, 'previews lost only in the gaps').to.be.at.least(18 - 2 * reconnects);
    expect(ids.at(-1)).to.be.at.least(16);
    expect(element.layer(jobId)!.state).to.equal('completed');
    expect((await mockStats()).perJob[jobId]!.connections, 'one socket per connection window').to.be.at.least(reconnects + 1);
  });

  it('takes client-message-key and binary-format as attributes: a gateway job streams with action, a msgpack job fails forced to frame', async function () {
    this.timeout(40_000);
    const { element, events } = await readyOverlay();
    element.setAttribute('client-message-key', 'action');
    element.setAttribute('binary-format', 'frame');
    const gateway = await createJob({ style: 'apigateway', chunked: 1, shape: '16,24,32', hz: 4, previews: 4, queueMs: 500 });
    const msgpack = await createJob({ encoding: 'msgpack', shape: '16,24,32', hz: 4, previews: 80, queueMs: 500 });
    element.jobs = [gateway, msgpack];
    await until_completed(events, gateway);
    expect(events.of('job-error', gateway), 'every route matched').to.deep.equal([]);
    expect(events.of('job-preview', gateway).at(-1)?.previewId).to.equal(4);
    await until(() => events.of('job-error', msgpack).length > 0 || undefined, 'msgpack read as a frame fails');
    expect(events.of('job-error', msgpack)[0]!.code).to.equal('payload');
    expect(events.of('job-preview', msgpack)).to.deep.equal([]);
    element.setAttribute('binary-format', 'auto');
    await until(() => events.of('job-preview', msgpack).length > 0 || undefined, 'msgpack read as msgpack once auto');
  });
});
