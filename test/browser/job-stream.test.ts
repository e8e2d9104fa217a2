// The off-main-thread stream, end to end: the job worker (partysocket, zod, decoding) against the real
// mock stream in Chromium. Events are checked as the element would receive them.
import { expect } from '@open-wc/testing';
import { labelProbes, syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';
import type { Shape3 } from '../../src/labels/label-volume.ts';
import { startJobStream, type JobStreamClient } from '../../src/stream/stream.frontend.ts';
import type { StreamEvent, StreamOptions } from '../../src/stream/stream-types.ts';
import { createJob, mockControl, serverClock, mockStream, until } from './mock-stream.ts';

type PreviewEvent = Extract<StreamEvent, { kind: 'preview' }>;

interface Harness {
  client: JobStreamClient;
  events: StreamEvent[];
  of(jobId: string): StreamEvent[];
  previews(jobId: string): PreviewEvent[];
}

const clients: JobStreamClient[] = [];

async function stream(options: Partial<StreamOptions> = {}, worker = true): Promise<Harness> {
  const events: StreamEvent[] = [];
  const client = await startJobStream((batch) => events.push(...batch), { worker });
  clients.push(client);
  const { ws } = await mockStream();
  await client.api.configure({ server: ws, ...options });
  const of = (jobId: string) => events.filter((event) => event.jobId === jobId);
  const previews = (jobId: string) => of(jobId).filter((event): event is PreviewEvent => event.kind === 'preview');
  return { client, events, of, previews };
}

/** The original label id of voxel [z, y, x] of a decoded preview. */
function idAt(event: PreviewEvent, [z, y, x]: Shape3): number {
  const [, Y, X] = event.volume.shape;
  return event.volume.labelIds[event.volume.labels[(z * Y + y) * X + x]!]!;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose();
  await mockControl('reset');
});

describe('job streams in a worker', () => {
  it('starts in a worker, not on the main thread', async () => {
    const { client } = await stream();
    expect(client.mode).to.equal('worker');
  });

  it('decodes every dtype × encoding × compression to the exact labels the server drew', async function () {
    // 66 jobs at once: a safety net for a loaded machine; the waits inside are for conditions.
    this.timeout(180_000);
    const shape: Shape3 = [6, 10, 14];
    const dtypes = ['bool', 'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64', 'float32', 'float64'];
    const cases: Array<{ dtype: string; encoding: string; compression: string; jobId: string }> = [];
    for (const dtype of dtypes)
      for (const encoding of ['base64', 'binary'])
        for (const compression of ['none', 'gzip', 'deflate'])
          cases.push({ dtype, encoding, compression, jobId: await createJob({ shape: shape.join(','), dtype, encoding, compression, hz: 5, previews: 100, labels: 4, seed: 11, queueMs: 300 }) });
    const harness = await stream({ maxVoxels: 10_000 });
    for (const { jobId } of cases) await harness.client.api.open(jobId);
    await until(() => cases.every(({ jobId }) => harness.previews(jobId).length > 0), 'a preview of every case', 120_000);

    for (const { dtype, encoding, compression, jobId } of cases) {
      const what = `${dtype}/${encoding}/${compression}`;
      const errors = harness.of(jobId).filter((event) => event.kind === 'error');
      expect(errors, what).to.deep.equal([]);
      const preview = harness.previews(jobId)[0]!;
      expect(preview.volume.shape, what).to.deep.equal(shape);
      expect(preview.volume.downsampleFactor, what).to.equal(1);
      const expected = syntheticLabels({ shape, labels: 4, step: Number(preview.previewId) - 1, steps: 100, seed: 11 });
      let mismatches = 0;
      for (let i = 0; i < expected.length; i++) {
        const want = dtype === 'bool' ? Number(expected[i]! > 0) : expected[i]!;
        if (preview.volume.labelIds[preview.volume.labels[i]!] !== want) mismatches += 1;
      }
      expect(mismatches, `${what}: voxels that differ from the server's labels`).to.equal(0);
      const probes = labelProbes(shape);
      expect(idAt(preview, probes.background), what).to.equal(0);
      expect(idAt(preview, probes.label1), what).to.equal(1);
    }
  });

  it('downsamples to the voxel budget with the spacing adjusted and labels kept exact', async () => {
    const jobId = await createJob({ shape: '40,64,96', hz: 20, previews: 2, seed: 3, queueMs: 300 });
    const harness = await stream({ maxVoxels: 40 * 64 * 96 / 8 });
    await harness.client.api.open(jobId);
    const preview = await until(() => harness.previews(jobId)[0], 'a preview');
    expect(preview.volume.downsampleFactor).to.equal(2);
    expect(preview.volume.shape).to.deep.equal([20, 32, 48]);
    expect(preview.volume.spacing).to.deep.equal([2, 2, 2]);
    const ids = new Set(preview.volume.labelIds);
    for (const id of ids) expect([0, 1, 2, 3, 4]).to.include(id);
  });

  it('places a preview in the original frame: spacing = original_shape / shape', async () => {
    const jobId = await createJob({ shape: '20,32,48', original: '40,128,96', hz: 20, previews: 2, queueMs: 300 });
    const harness = await stream();
    await harness.client.api.open(jobId);
    const preview = await until(() => harness.previews(jobId)[0], 'a preview');
    expect(preview.volume.spacing).to.deep.equal([2, 4, 2]);
  });

  it('reports progress as a fraction, delivers every preview and completes after the last one', async () => {
    // The stream is ready before the job exists, and the job queues long enough for the socket to open
    // first: a watcher that arrives late gets no replay of what it missed.
    // 2 Hz: slower than a decode on a loaded machine, so no preview is superseded by the next one (latest
    // wins: the socket is read while the decode worker decodes) before its turn.
    const harness = await stream();
    const jobId = await createJob({ hz: 2, previews: 4, style: 'flat', queueMs: 1000 });
    await harness.client.api.open(jobId);
    await until(() => harness.of(jobId).some((event) => event.kind === 'completed'), 'completed');
    const progress = harness.of(jobId).filter((event) => event.kind === 'progress').map((event) => (event as { progress: number }).progress);
    expect(progress.length).to.be.greaterThan(0);
    for (const value of progress) expect(value).to.be.within(0, 1);
    expect(harness.previews(jobId).map((preview) => preview.previewId), 'every preview, in order').to.deep.equal([1, 2, 3, 4]);
    const kinds = harness.of(jobId).map((event) => event.kind);
    expect(kinds.indexOf('preview'), 'the first preview').to.be.greaterThan(-1);
    expect(kinds.lastIndexOf('preview'), 'the last preview comes before completed').to.be.lessThan(kinds.indexOf('completed'));
    await until(() => harness.of(jobId).some((event) => event.kind === 'state' && event.state === 'closed'), 'the socket closed after completion');
  });

  it('reconnects after the server restarts, catches up with request_status, and previews resume', async () => {
    const jobId = await createJob({ hz: 10, previews: 200, queueMs: 300 });
    const harness = await stream({ minReconnectDelayMs: 100, maxReconnectDelayMs: 500 });
    await harness.client.api.open(jobId);
    await until(() => harness.previews(jobId).length >= 2, 'two previews');
    const before = Number(harness.previews(jobId).at(-1)!.previewId);
    const seen = harness.events.length;
    await mockControl('restart?downMs=700');
    await until(() => harness.events.slice(seen).some((e) => e.jobId === jobId && e.kind === 'state' && e.state === 'reconnecting'), 'reconnecting');
    await until(() => harness.events.slice(seen).some((e) => e.jobId === jobId && e.kind === 'state' && e.state === 'open'), 'open again');
    const reopened = harness.events.findLastIndex((e) => e.jobId === jobId && e.kind === 'state' && e.state === 'open');
    // request_status is answered with the job's state and progress: they arrive before the next preview.
    await until(() => harness.events.slice(reopened).some((e) => e.jobId === jobId && (e.kind === 'progress' || e.kind === 'lifecycle')), 'caught-up state');
    await until(() => harness.previews(jobId).some((p) => Number(p.previewId) > before + 3), 'previews resumed');
    const ids = harness.previews(jobId).map((p) => Number(p.previewId));
    expect([...ids].sort((a, b) => a - b), 'previews arrive in order, never an older one after a newer one').to.deep.equal(ids);
  });

  it('fails a job on a 4000 close with the reason, without retrying', async () => {
    const jobId = await createJob({ hz: 20, previews: 20, fault: 'close4000', faultAt: 1, queueMs: 300 });
    const harness = await stream({ minReconnectDelayMs: 50 });
    const before = await mockControl<{ connections: number }>('stats', 'GET');
    await harness.client.api.open(jobId);
    const failed = await until(() => harness.of(jobId).find((e) => e.kind === 'state' && e.state === 'failed'), 'failed state');
    expect((failed as { reason?: string }).reason).to.be.a('string').and.not.be.empty;
    expect((failed as { code?: number }).code).to.equal(4000);
    // A second of server time, many times the 50 ms backoff: a retry would have connected by then.
    await serverClock();
    const after = await mockControl<{ connections: number }>('stats', 'GET');
    expect(after.connections - before.connections, 'connection attempts (and the clock’s socket)').to.equal(1 + 1);
    expect(harness.of(jobId).some((e) => e.kind === 'failed')).to.equal(true);
  });

  it('detects a stalled socket with the heartbeat and reconnects', async () => {
    const jobId = await createJob({ hz: 10, previews: 100, fault: 'stall', faultAt: 2, queueMs: 300 });
    const harness = await stream({ heartbeatIntervalMs: 200, heartbeatTimeoutMs: 800, minReconnectDelayMs: 50 });
    await harness.client.api.open(jobId);
    const reconnecting = await until(
      () => harness.of(jobId).find((e) => e.kind === 'state' && e.state === 'reconnecting'),
      'reconnecting after the stall',
    );
    expect((reconnecting as { reason?: string }).reason).to.match(/heartbeat/);
    await until(() => harness.of(jobId).filter((e) => e.kind === 'state' && e.state === 'open').length >= 2, 'open again');
  });

  for (const [fault, code, extra] of [
    ['malformed-json', 'json', {}],
    ['schema', 'shape', {}], // the mock's schema fault sends shape "abc"
    ['length', 'length', {}],
    ['dtype', 'dtype', {}],
    ['oversize', 'size', { oversizeBytes: 3_000_000 }],
  ] as const) {
    it(`turns a "${fault}" fault into a "${code}" error for that job while another job keeps streaming`, async () => {
      // 3 Hz, slower than a decode: at 10 Hz a loaded worker may see the next preview first, and latest wins drops the bad one unparsed (never reported).
      const bad = await createJob({ hz: 3, previews: 40, fault, faultAt: 3, queueMs: 300, ...extra });
      const good = await createJob({ hz: 10, previews: 40, queueMs: 300 });
      const harness = await stream({ maxMessageBytes: 2_000_000 });
      await harness.client.api.open(bad);
      await harness.client.api.open(good);
      const error = await until(() => harness.of(bad).find((e) => e.kind === 'error'), `an error for ${fault}`);
      expect(error).to.include({ kind: 'error', jobId: bad, code });
      expect((error as { message: string }).message).to.be.a('string').and.not.be.empty;
      expect(harness.of(good).some((e) => e.kind === 'error'), 'no error reaches the other job').to.equal(false);
      const goodBefore = harness.previews(good).length;
      const badBefore = harness.previews(bad).length;
      await until(() => harness.previews(good).length >= goodBefore + 2, 'the other job keeps updating');
      await until(() => harness.previews(bad).length > badBefore, 'the faulty job itself goes on after the bad message');
    });
  }

  it('never parses or decodes a string over 1 MB on the main thread during a 128³ stream (and the probe sees one when it runs there)', async function () {
    this.timeout(240_000);
    const longest = { value: 0 };
    const parse = JSON.parse;
    JSON.parse = function (text: string, reviver?: Parameters<typeof JSON.parse>[1]) {
      longest.value = Math.max(longest.value, text.length);
      return parse(text, reviver);
    } as typeof JSON.parse;
    // The payload is cut out of the message before JSON.parse (json-long-string.ts): its base64 decode is where it shows.
    type Base64Into = (this: Uint8Array, text: string, options?: object) => { read: number; written: number };
    const proto = Uint8Array.prototype as unknown as { setFromBase64?: Base64Into };
    const setFromBase64 = proto.setFromBase64;
    if (setFromBase64) {
      proto.setFromBase64 = function (this: Uint8Array, text: string, options?: object) {
        longest.value = Math.max(longest.value, text.length);
        return setFromBase64.call(this, text, options);
      };
    }
    try {
      for (const worker of [true, false]) {
        longest.value = 0;
        // 128³ uint8: a 2.8 MB base64 payload, well over the 1 MB line (256³ only took longer to make).
        const jobId = await createJob({ shape: '128,128,128', hz: 2, previews: 20, queueMs: 500 });
        const harness = await stream({}, worker);
        expect(harness.client.mode).to.equal(worker ? 'worker' : 'main-thread');
        await harness.client.api.open(jobId);
        const preview = await until(() => harness.previews(jobId)[0], 'a 128³ preview', 110_000);
        expect(preview.volume.sourceShape).to.deep.equal([128, 128, 128]);
        harness.client.dispose();
        if (worker) expect(longest.value, 'longest string parsed or decoded on the main thread').to.be.below(1_000_000);
        else expect(longest.value, 'the instrument sees the 2.8 MB message when the stream runs on the main thread').to.be.above(2_000_000);
      }
    } finally {
      JSON.parse = parse;
      if (setFromBase64) proto.setFromBase64 = setFromBase64;
    }
  });
});
