// The family's other servers, end to end through the job worker against the real mock: msgpack frames
// (gzip above 1 KB, masks as bin bytes), and API-Gateway sockets (routes by `action`, previews by URL
// from the mock's HTTP server, or in chunks of at most 128 KB). Decoded voxels are the server's labels.
import { expect } from '@open-wc/testing';
import { syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';
import type { Shape3 } from '../../src/labels/label-volume.ts';
import { startJobStream, type JobStreamClient } from '../../src/stream/stream.frontend.ts';
import type { StreamEvent, StreamOptions } from '../../src/stream/stream-types.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';

type PreviewEvent = Extract<StreamEvent, { kind: 'preview' }>;
const clients: JobStreamClient[] = [];

async function stream(options: Partial<StreamOptions> = {}) {
  const events: StreamEvent[] = [];
  const client = await startJobStream((batch) => events.push(...batch));
  clients.push(client);
  const { ws } = await mockStream();
  await client.api.configure({ server: ws, maxVoxels: 1 << 20, ...options });
  const of = (jobId: string) => events.filter((event) => event.jobId === jobId);
  const previews = (jobId: string) => of(jobId).filter((event): event is PreviewEvent => event.kind === 'preview');
  const errors = (jobId: string) => of(jobId).filter((event) => event.kind === 'error');
  return { client, events, of, previews, errors };
}

/** Voxels of a decoded preview that differ from what the mock drew for it. */
function mismatches(preview: PreviewEvent, shape: Shape3, steps: number, seed: number): number {
  const expected = syntheticLabels({ shape, labels: 4, step: Number(preview.previewId) - 1, steps, seed });
  let wrong = 0;
  for (let i = 0; i < expected.length; i++) if (preview.volume.labelIds[preview.volume.labels[i]!] !== expected[i]) wrong += 1;
  return wrong;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose();
  await mockControl('reset');
});

describe('the family servers, through the job worker', () => {
  it('decodes a msgpack job (gzip-compressed frames, masks as bin bytes) to the exact labels', async () => {
    const shape: Shape3 = [24, 32, 40];
    const harness = await stream();
    const jobId = await createJob({ encoding: 'msgpack', shape: shape.join(','), hz: 5, previews: 6, seed: 5, queueMs: 800 });
    await harness.client.api.open(jobId);
    await until(() => harness.of(jobId).some((event) => event.kind === 'completed'), 'the msgpack job to complete');
    expect(harness.errors(jobId)).to.deep.equal([]);
    const previews = harness.previews(jobId);
    expect(previews.at(-1)?.previewId, 'the last preview is always shown').to.equal(6);
    for (const preview of previews) expect(mismatches(preview, shape, 6, 5), `preview ${preview.previewId}`).to.equal(0);
    expect(harness.of(jobId).filter((e) => e.kind === 'progress').length, 'progress came as msgpack too').to.be.greaterThan(0);
  });

  it('fetches an apigateway job\'s previews by URL (gzip-compressed bytes) and decodes them exactly', async () => {
    const shape: Shape3 = [32, 48, 64];
    const harness = await stream({ clientMessageKey: 'action' });
    const jobId = await createJob({ style: 'apigateway', compression: 'gzip', shape: shape.join(','), hz: 4, previews: 3, seed: 8, queueMs: 800 });
    await harness.client.api.open(jobId);
    await until(() => harness.of(jobId).some((event) => event.kind === 'completed'), 'the gateway job to complete');
    expect(harness.errors(jobId)).to.deep.equal([]);
    const previews = harness.previews(jobId);
    expect(previews.at(-1)?.previewId, 'the last preview is always shown').to.equal(3);
    for (const preview of previews) expect(mismatches(preview, shape, 3, 8), `preview ${preview.previewId}`).to.equal(0);
  });

  it('puts an apigateway job\'s chunked previews (≤ 128 KB a message) back together exactly', async () => {
    const shape: Shape3 = [48, 64, 64];
    const harness = await stream({ clientMessageKey: 'action' });
    const jobId = await createJob({ style: 'apigateway', chunked: 1, shape: shape.join(','), hz: 4, previews: 3, seed: 9, queueMs: 800 });
    await harness.client.api.open(jobId);
    await until(() => harness.of(jobId).some((event) => event.kind === 'completed'), 'the chunked job to complete');
    expect(harness.errors(jobId)).to.deep.equal([]);
    const previews = harness.previews(jobId);
    expect(previews.at(-1)?.previewId).to.equal(3);
    for (const preview of previews) {
      // The size of every message that carried it: the whole base64 (4/3 of the voxels) and the envelopes.
      const base64 = Math.ceil((shape[0] * shape[1] * shape[2]) / 3) * 4;
      expect(preview.messageBytes, 'the sum of its chunks').to.be.within(base64, base64 + 3 * 2048);
      expect(mismatches(preview, shape, 3, 9), `preview ${preview.previewId}`).to.equal(0);
    }
  });

  it('says once why a gateway closed with 1009 (a message too big for it), and streams on after the reconnect', async () => {
    const harness = await stream({ clientMessageKey: 'action', minReconnectDelayMs: 100, maxReconnectDelayMs: 300 });
    const jobId = await createJob({ style: 'apigateway', fault: 'oversize', faultAt: 2, oversizeBytes: 200_000, shape: '8,8,8', hz: 4, previews: 5, queueMs: 800 });
    await harness.client.api.open(jobId);
    await until(() => harness.of(jobId).some((event) => event.kind === 'completed'), 'the job to complete');
    expect(harness.of(jobId).some((e) => e.kind === 'state' && e.state === 'reconnecting' && e.code === 1009)).to.equal(true);
    const errors = harness.errors(jobId);
    expect(errors.map((e) => e.kind === 'error' && e.code)).to.deep.equal(['size']);
    expect(errors[0]!.kind === 'error' && errors[0]!.message).to.match(/closed the connection \(1009\).*lost, the widget reconnects/);
  });

  it('says once that the gateway has no route for its messages when the key is `type`, and streams on', async () => {
    const harness = await stream({ heartbeatIntervalMs: 100, heartbeatTimeoutMs: 5_000 });
    const jobId = await createJob({ style: 'apigateway', shape: '8,8,8', hz: 4, previews: 6, queueMs: 800 });
    await harness.client.api.open(jobId);
    await until(() => harness.of(jobId).some((event) => event.kind === 'completed'), 'the job to complete');
    const errors = harness.errors(jobId);
    expect(errors.map((e) => e.kind === 'error' && e.code), 'one error for a dozen unrouted pings').to.deep.equal(['route']);
    expect(errors[0]!.kind === 'error' && errors[0]!.message).to.match(/no route for "(request_status|ping)" messages sent with the key "type".*client-message-key/);
    expect(harness.previews(jobId).length).to.be.greaterThan(0);
  });
});
