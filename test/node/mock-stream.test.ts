// The mock stream as a client sees it: the message sequence of every style × encoding × compression,
// every dtype, jobs as server state (shared, advancing while nobody watches), status, cancel, and /ws.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { StreamRecorder } from '../../demo/mock-stream/stream-recorder.js';
import { mockStreamSuite } from './mock-stream-suite.ts';
import { waitFor } from './wait-for.ts';
import type { RecordedMessage } from '../../demo/mock-stream/stream-recorder.js';
import { labelProbes, seedFromJobId, syntheticLabels } from '../../demo/mock-stream/synthetic-volume.js';
import type { Shape3 } from '../../demo/mock-stream/synthetic-volume.js';

const ITEMSIZE: Record<string, number> = {
  bool: 1, uint8: 1, int8: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, uint64: 8, int64: 8, float32: 4, float64: 8,
};
const PYTHON_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
const ISO_Z_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** The preview's raw voxel bytes, decoded here independently of the server's encoder. */
function previewBytes(message: RecordedMessage): Buffer {
  const data = message.json?.data;
  const raw = message.binary ? message.bytes! : Buffer.from(data.payload, 'base64');
  if (data.compression === 'gzip') return gunzipSync(raw);
  if (data.compression === 'deflate') return inflateSync(raw);
  return raw;
}

function voxel(bytes: Buffer, dtype: string, [, Y, X]: Shape3, [z, y, x]: Shape3): number {
  const i = (z * Y + y) * X + x;
  switch (dtype) {
    case 'bool': case 'uint8': return bytes.readUInt8(i);
    case 'int8': return bytes.readInt8(i);
    case 'uint16': return bytes.readUInt16LE(i * 2);
    case 'int16': return bytes.readInt16LE(i * 2);
    case 'uint32': return bytes.readUInt32LE(i * 4);
    case 'int32': return bytes.readInt32LE(i * 4);
    case 'uint64': return Number(bytes.readBigUInt64LE(i * 8));
    case 'int64': return Number(bytes.readBigInt64LE(i * 8));
    case 'float32': return bytes.readFloatLE(i * 4);
    case 'float64': return bytes.readDoubleLE(i * 8);
    default: throw new Error(`no reader for ${dtype}`);
  }
}

const suite = mockStreamSuite({ hz: 50, previews: 3 });
const { connect } = suite;


describe('mock stream: message sequence', () => {
  for (const style of ['enveloped', 'flat'] as const) {
    for (const encoding of ['base64', 'binary'] as const) {
      for (const compression of ['none', 'gzip', 'deflate'] as const) {
        it(`sends the documented sequence: ${style}, ${encoding}, ${compression}`, async () => {
          const id = `seq-${style}-${encoding}-${compression}`;
          const socket = await connect(`/ws/jobs/${id}?style=${style}&encoding=${encoding}&compression=${compression}`);
          await socket.waitForType(style === 'flat' ? 'job_complete' : 'completed');
          const types = socket.messages.map((m) => m.type);
          assert.deepEqual(types, style === 'enveloped'
            ? ['connected', 'job_created', 'job_enqueued', 'job_started', 'progress', 'preview', 'progress', 'preview', 'progress', 'preview', 'completed']
            : ['connected', 'progress_update', 'preview', 'progress_update', 'stage_complete', 'preview', 'progress_update', 'preview', 'job_complete']);
          for (const message of socket.messages) {
            assert.equal(message.json?.job_id, id);
            assert.match(message.json?.timestamp, style === 'flat' ? ISO_Z_TIME : PYTHON_TIME);
          }
          const progress = socket.messages.filter((m) => m.type === 'progress' || m.type === 'progress_update')
            .map((m) => (style === 'flat' ? m.json?.progress : m.json?.data.progress));
          assert.deepEqual(progress, style === 'flat' ? [33.3, 66.7, 100] : [1 / 3, 2 / 3, 1]);

          const previews = socket.ofType('preview');
          assert.deepEqual(previews.map((m) => m.json?.data.preview_id), [1, 2, 3]);
          const shape: Shape3 = [40, 64, 96];
          const { background, label1 } = labelProbes(shape);
          for (const preview of previews) {
            const { data } = preview.json!;
            assert.equal(preview.binary, encoding === 'binary');
            assert.equal(data.payload, encoding === 'binary' ? undefined : data.payload);
            assert.equal(data.compression, compression === 'none' ? undefined : compression);
            assert.deepEqual([data.shape, data.dtype, data.scale, data.original_shape], [shape, 'uint8', [1, 1, 1], shape]);
            assert.equal(typeof data.sent_at_ms, 'number');
            const bytes = previewBytes(preview);
            assert.equal(bytes.length, 40 * 64 * 96 * ITEMSIZE.uint8!);
            assert.equal(voxel(bytes, 'uint8', shape, background), 0);
            assert.equal(voxel(bytes, 'uint8', shape, label1), 1);
          }
        });
      }
    }
  }

  it('sends exactly the synthetic volume of (job id seed, preview index)', async () => {
    const socket = await connect('/ws/jobs/exact-volume?shape=10,12,14&previews=3');
    await socket.waitForType('completed');
    for (const [index, preview] of socket.ofType('preview').entries()) {
      const expected = syntheticLabels({ shape: [10, 12, 14], labels: 4, step: index, steps: 3, seed: seedFromJobId('exact-volume') });
      assert.deepEqual(new Uint8Array(previewBytes(preview)), Uint8Array.from(expected));
    }
  });

  it('places a downsampled preview in the original frame: scale is [x, y, z] = shape / original', async () => {
    const socket = await connect('/ws/jobs/scaled?shape=10,20,30&original=40,40,15&previews=1');
    const { data } = (await socket.waitForType('preview')).json!;
    assert.deepEqual(data.original_shape, [40, 40, 15]);
    assert.deepEqual(data.downsampled_shape, [10, 20, 30]);
    assert.deepEqual(data.scale, [2, 0.5, 0.25]);
  });

  it('closes with 4000 and the reason when the options are invalid', async () => {
    const socket = await connect('/ws/jobs/bad-options?dtype=complex64');
    const { code, reason } = await socket.closed;
    assert.equal(code, 4000);
    assert.match(reason, /^Invalid options: dtype must be one of/);
  });
});

describe('mock stream: every dtype', () => {
  const shape: Shape3 = [6, 10, 14];
  for (const dtype of Object.keys(ITEMSIZE)) {
    it(`encodes ${dtype} with length prod(shape) × ${ITEMSIZE[dtype]} and the label values`, async () => {
      const labels = dtype === 'bool' ? 1 : 4;
      const socket = await connect(`/ws/jobs/dtype-${dtype}?dtype=${dtype}&shape=${shape}&previews=2&labels=${labels}`);
      await socket.waitForType('completed');
      const last = socket.ofType('preview').at(-1)!;
      assert.equal(last.json?.data.dtype, dtype);
      const bytes = previewBytes(last);
      assert.equal(bytes.length, 6 * 10 * 14 * ITEMSIZE[dtype]!);
      const values = Array.from({ length: 6 * 10 * 14 }, (_, i) => voxel(bytes, dtype, shape, [Math.floor(i / 140), Math.floor(i / 14) % 10, i % 14]));
      const expected = syntheticLabels({ shape, labels, step: 1, steps: 2, seed: seedFromJobId(`dtype-${dtype}`) });
      assert.deepEqual(values, Array.from(expected));
      assert.equal(voxel(bytes, dtype, shape, labelProbes(shape).label1), 1);
    });
  }
});

describe('mock stream: a job is server state', () => {
  it('shows one job to two watchers: the same previews, byte for byte', async () => {
    const first = await connect('/ws/jobs/shared?hz=20&previews=4');
    await first.waitForType('connected');
    const second = await connect('/ws/jobs/shared');
    await Promise.all([first.waitForType('completed'), second.waitForType('completed')]);
    const previewText = (socket: StreamRecorder) => new Map(socket.ofType('preview').map((m) => [m.json?.data.preview_id, m.text]));
    const [a, b] = [previewText(first), previewText(second)];
    assert.ok(b.size >= 3, `second watcher saw ${b.size} previews`);
    for (const [id, text] of b) assert.equal(text, a.get(id));
    assert.equal(second.ofType('job_created').length, 0);
    assert.equal(suite.mock.stats().perJob.shared?.connections, 2);
  });

  it('lets a reconnecting client find the job advanced, not restarted', async () => {
    const first = await connect('/ws/jobs/advancing?hz=20&previews=40');
    await first.waitFor((m) => m.json?.data?.preview_id === 2);
    await first.close();
    await waitFor(() => suite.mock.stats().perJob.advancing!.previewsSent >= 5, 'three more ticks while nobody watches');
    const second = await connect('/ws/jobs/advancing');
    await second.waitForType('connected');
    second.send({ type: 'request_status', job_id: 'advancing' });
    const status = await second.waitForType('progress');
    assert.ok(status.json?.data.progress >= 5 / 40, `progress ${status.json?.data.progress}`);
    assert.equal((await second.waitForType('job_started')).json?.data.state, 'running');
    const next = await second.waitForType('preview');
    assert.ok(next.json?.data.preview_id >= 6, `first preview after reconnect: ${next.json?.data.preview_id}`);
    assert.equal(second.ofType('job_created').length, 0);
    assert.deepEqual(second.messages[0]?.type, 'connected');
  });

  it('keeps a finished job finished: a late watcher gets connected, then the terminal message on request_status', async () => {
    const first = await connect('/ws/jobs/finished-early?previews=1');
    await first.waitForType('completed');
    const late = await connect('/ws/jobs/finished-early');
    await late.waitForType('connected');
    // A ping's pong comes after anything the server sent on connect: the late watcher got nothing else.
    late.send({ type: 'ping' });
    await late.waitForType('pong');
    assert.deepEqual(late.messages.map((m) => m.type), ['connected', 'pong']);
    late.send({ type: 'request_status' });
    assert.equal((await late.waitForType('completed')).json?.data.state, 'completed');
  });

  it('answers request_status while running with the lifecycle state and the last progress', async () => {
    // Queued for an hour: the answer cannot race the job's start.
    const waiting = await connect('/ws/jobs/status-queued?previews=20&queueMs=3600000');
    waiting.send({ type: 'request_status', job_id: 'status-queued' });
    const queued = await waiting.waitFor((m) => m.type === 'job_enqueued', { from: 3 });
    assert.equal(queued.json?.data.state, 'queued');

    const socket = await connect('/ws/jobs/status-running?hz=10&previews=20');
    await socket.waitFor((m) => m.json?.data?.preview_id === 1);
    const from = socket.messages.length;
    socket.send({ type: 'request_status', job_id: 'status-running' });
    const started = await socket.waitForType('job_started', { from });
    assert.equal(started.json?.data.state, 'running');
    // The answer is two messages back to back; a tick may have come before it, never between them.
    const at = socket.messages.indexOf(started);
    const answer = await socket.waitFor(() => socket.messages.length > at + 1).then(() => socket.messages[at + 1]!);
    const lastBroadcast = socket.messages.slice(0, at).filter((m) => m.type === 'progress').at(-1);
    assert.equal(answer.type, 'progress');
    assert.ok(answer.json?.data.progress >= 1 / 20);
    assert.equal(answer.json?.data.progress, lastBroadcast?.json?.data.progress, 'the last progress, not a stale or a made-up one');
  });

  it('answers a ping with a pong', async () => {
    const socket = await connect('/ws/jobs/pinger?previews=1');
    socket.send({ type: 'ping' });
    assert.match((await socket.waitForType('pong')).json?.timestamp, PYTHON_TIME);
  });

  it('cancels on cancel_job: every watcher gets job_cancelled and the previews stop', async () => {
    const a = await connect('/ws/jobs/to-cancel?hz=20&previews=50');
    const b = await connect('/ws/jobs/to-cancel');
    await b.waitForType('preview');
    a.send({ type: 'cancel_job', job_id: 'to-cancel' });
    const [ca, cb] = await Promise.all([a.waitForType('job_cancelled'), b.waitForType('job_cancelled')]);
    assert.equal(ca.json?.data.state, 'cancelled');
    assert.equal(cb.json?.data.state, 'cancelled');
    const count = b.messages.length;
    const sent = suite.mock.stats().perJob['to-cancel']!.previewsSent;
    // A clock from the server itself: a job at the same rate, started now, sends three previews.
    const clock = await connect('/ws/jobs/cancel-clock?hz=20&previews=50&queueMs=0');
    await clock.waitFor((m) => m.json?.data?.preview_id === 3);
    assert.equal(b.messages.length, count, 'nothing more reaches a watcher');
    assert.equal(suite.mock.stats().perJob['to-cancel']?.previewsSent, sent, 'no preview is made');
    assert.equal(suite.mock.stats().perJob['to-cancel']?.state, 'cancelled');
  });
});

describe('mock stream: multiplexed /ws', () => {
  it('streams every subscribed job on one socket, each message with its job_id', async () => {
    const socket = await connect('/ws?previews=2');
    socket.send({ type: 'subscribe', job_id: 'mux-a' });
    socket.send({ type: 'subscribe', job_id: 'mux-b' });
    await Promise.all(['mux-a', 'mux-b'].map((id) => socket.waitFor((m) => m.type === 'completed' && m.json?.job_id === id)));
    for (const id of ['mux-a', 'mux-b']) {
      const mine = socket.messages.filter((m) => m.json?.job_id === id).map((m) => m.type);
      assert.deepEqual(mine, ['connected', 'job_created', 'job_enqueued', 'job_started', 'progress', 'preview', 'progress', 'preview', 'completed']);
    }
    assert.ok(socket.messages.every((m) => typeof m.json?.job_id === 'string'));
    socket.send({ type: 'request_status', job_id: 'mux-a' });
    assert.equal((await socket.waitFor((m) => m.type === 'completed' && m.json?.job_id === 'mux-a', { from: socket.messages.length })).json?.job_id, 'mux-a');
  });

  it('answers a subscription to a malformed id with an error for that id, and keeps the socket', async () => {
    const socket = await connect('/ws');
    socket.send({ type: 'subscribe', job_id: 'no spaces allowed' });
    const error = await socket.waitForType('error');
    assert.equal(error.json?.job_id, 'no spaces allowed');
    assert.equal(error.json?.data.message, 'Invalid job id');
    socket.send({ type: 'ping' });
    await socket.waitForType('pong');
  });
});
