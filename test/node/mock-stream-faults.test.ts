// The mock stream's fault injections: each does what its name says once, at preview `faultAt`, and then
// the stream goes on normally, except the terminal ones (close4000, fail).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import type { StreamRecorder } from '../../demo/mock-stream/stream-recorder.js';
import { mockStreamSuite } from './mock-stream-suite.ts';
import { waitFor } from './wait-for.ts';
import type { RecordedMessage } from '../../demo/mock-stream/stream-recorder.js';

const VOXELS = 40 * 64 * 96;
const previewIds = (socket: StreamRecorder) => socket.ofType('preview').map((m) => m.json?.data.preview_id);
const isPreview = (id: number) => (m: RecordedMessage) => m.type === 'preview' && m.json?.data.preview_id === id;

const suite = mockStreamSuite();
const { connect } = suite;
/** A socket to a fresh job with `fault` at preview 2 of 4. */
async function faultyJob(id: string, query: string) {
  return connect(`/ws/jobs/${id}?hz=40&previews=4&faultAt=2&${query}`);
}
async function reconnect(id: string) {
  return connect(`/ws/jobs/${id}`);
}
/** Previews the server made for a job so far, whether or not any socket received them. */
const previewsMade = (id: string) => suite.mock.stats().perJob[id]?.previewsSent ?? 0;

describe('mock stream faults', () => {
  it('drop: terminates the connection at preview 2 while the job runs on', async () => {
    const socket = await faultyJob('fault-drop', 'fault=drop');
    const { code } = await socket.closed;
    assert.equal(code, 1006);
    assert.deepEqual(previewIds(socket), [1]);
    // However late the reconnect (the job may have finished meanwhile), it finds the job finished.
    const again = await reconnect('fault-drop');
    again.send({ type: 'request_status' });
    await again.waitForType('completed');
    assert.equal(previewsMade('fault-drop'), 4, 'the job made every preview after the drop');
  });

  it('stall: sends nothing more and ignores pings, yet keeps the socket open', async () => {
    const socket = await faultyJob('fault-stall', 'fault=stall');
    await socket.waitFor(isPreview(1));
    await waitFor(() => previewsMade('fault-stall') >= 3, 'the job to make preview 3 behind the stall');
    const count = socket.messages.length;
    socket.send({ type: 'ping' });
    await waitFor(() => previewsMade('fault-stall') >= 4, 'the job to make preview 4 after the ping');
    assert.equal(socket.messages.length, count);
    assert.deepEqual(previewIds(socket), [1]);
    assert.equal(socket.closeInfo, null);
    // The job went on without it.
    const again = await reconnect('fault-stall');
    again.send({ type: 'request_status' });
    await again.waitForType('completed');
  });

  it('malformed-json: sends a frame that is not JSON in place of preview 2, then goes on', async () => {
    const socket = await faultyJob('fault-json', 'fault=malformed-json');
    await socket.waitForType('completed');
    const broken = socket.messages.filter((m) => m.json === null);
    assert.equal(broken.length, 1);
    assert.throws(() => JSON.parse(broken[0]!.text!));
    assert.deepEqual(previewIds(socket), [1, 3, 4]);
  });

  it('schema: sends preview 2 with shape "abc", then valid previews', async () => {
    const socket = await faultyJob('fault-schema', 'fault=schema');
    await socket.waitForType('completed');
    assert.deepEqual(socket.ofType('preview').map((m) => m.json?.data.shape), [[40, 64, 96], 'abc', [40, 64, 96], [40, 64, 96]]);
  });

  for (const [encoding, compression] of [['base64', 'none'], ['binary', 'gzip']]) {
    it(`length: preview 2 carries fewer bytes than shape × itemsize (${encoding}, ${compression})`, async () => {
      const socket = await faultyJob(`fault-length-${encoding}`, `fault=length&encoding=${encoding}&compression=${compression}`);
      await socket.waitForType('completed');
      const lengths = socket.ofType('preview').map((m) => {
        const raw = m.binary ? m.bytes! : Buffer.from(m.json?.data.payload, 'base64');
        return (compression === 'gzip' ? gunzipSync(raw) : raw).length;
      });
      assert.equal(lengths.length, 4);
      assert.notEqual(lengths[1], VOXELS);
      assert.deepEqual([lengths[0], lengths[2], lengths[3]], [VOXELS, VOXELS, VOXELS]);
    });
  }

  it('dtype: sends preview 2 with dtype complex64', async () => {
    const socket = await faultyJob('fault-dtype', 'fault=dtype&dtype=uint16');
    await socket.waitForType('completed');
    assert.deepEqual(socket.ofType('preview').map((m) => m.json?.data.dtype), ['uint16', 'complex64', 'uint16', 'uint16']);
  });

  for (const encoding of ['base64', 'binary']) {
    it(`oversize: sends one message bigger than oversizeBytes in place of preview 2 (${encoding})`, async () => {
      const socket = await faultyJob(`fault-oversize-${encoding}`, `fault=oversize&oversizeBytes=2000000&encoding=${encoding}`);
      await socket.waitForType('completed');
      const sizes = socket.ofType('preview').map((m) => m.size);
      assert.ok(sizes[1]! > 2_000_000, `oversize message of ${sizes[1]} bytes`);
      assert.ok(sizes.filter((size) => size > 2_000_000).length === 1);
      assert.deepEqual(previewIds(socket), [1, 2, 3, 4]);
    });
  }

  it('close4000: closes with 4000 "Invalid job id" at preview 2, and so every later socket for that job', async () => {
    const socket = await faultyJob('fault-close', 'fault=close4000');
    assert.deepEqual(await socket.closed, { code: 4000, reason: 'Invalid job id' });
    assert.deepEqual(previewIds(socket), [1]);
    const again = await reconnect('fault-close');
    assert.deepEqual(await again.closed, { code: 4000, reason: 'Invalid job id' });
  });

  it('flood: sends progress at floodRate per second for floodSeconds beside the previews', async () => {
    const socket = await connect('/ws/jobs/fault-flood?hz=10&previews=5&faultAt=2&fault=flood&floodRate=5000&floodSeconds=0.2');
    await socket.waitForType('completed');
    const progress = socket.ofType('progress').length;
    assert.ok(progress >= 700 && progress <= 1100, `${progress} progress messages`);
    assert.deepEqual(previewIds(socket), [1, 2, 3, 4, 5]);
  });

  it('burst: sends burstCount previews, each after its progress, with job_failed after the middle one', async () => {
    const socket = await connect('/ws/jobs/fault-burst-mid?hz=20&previews=10&faultAt=2&fault=burst&burstCount=6&burstMs=30&burstTerminal=middle&shape=4,6,8');
    await socket.waitFor(isPreview(7));
    const sequence = socket.messages.filter((m) => m.type !== 'connected' && !m.type?.startsWith('job_c') && m.type !== 'job_enqueued' && m.type !== 'job_started')
      .map((m) => (m.type === 'preview' ? `preview ${m.json?.data.preview_id}` : m.type));
    assert.deepEqual(sequence, [
      'progress', 'preview 1',
      'progress', 'preview 2', 'progress', 'preview 3', 'progress', 'preview 4', 'job_failed',
      'progress', 'preview 5', 'progress', 'preview 6', 'progress', 'preview 7',
    ]);
  });

  it('burst: with burstTerminal end, job_completed comes right after the last preview of the burst', async () => {
    const socket = await connect('/ws/jobs/fault-burst-end?hz=20&previews=10&faultAt=2&fault=burst&burstCount=5&burstMs=20&burstTerminal=end&shape=4,6,8');
    await socket.waitForType('completed');
    assert.deepEqual(previewIds(socket), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(socket.messages.slice(-2).map((m) => m.type), ['preview', 'completed']);
  });

  for (const style of ['enveloped', 'flat']) {
    it(`fail: sends job_failed with a nested error at preview 2 and stops (${style})`, async () => {
      const socket = await faultyJob(`fault-fail-${style}`, `fault=fail&style=${style}`);
      const failed = await socket.waitForType('job_failed');
      const error = style === 'flat' ? failed.json?.error : failed.json?.data.error;
      assert.equal(error.retryable, false);
      assert.equal(typeof error.code, 'string');
      assert.equal(typeof error.message, 'string');
      // A clock from the server itself: another job at the same rate makes four previews meanwhile.
      const clock = await connect(`/ws/jobs/fail-clock-${style}?hz=40&previews=8`);
      await clock.waitFor(isPreview(4));
      assert.deepEqual(previewIds(socket), [1]);
      assert.equal(socket.messages.at(-1)?.type, 'job_failed');
      socket.send({ type: 'request_status' });
      await socket.waitFor((m) => m.type === 'job_failed', { from: socket.messages.length });
    });
  }

  it('hostile: puts markup in string fields and __proto__/constructor keys in preview 2, which stays decodable', async () => {
    const socket = await faultyJob('fault-hostile', 'fault=hostile');
    await socket.waitForType('completed');
    const hostile = socket.messages.filter((m) => m.text?.includes('<script>'));
    assert.deepEqual(hostile.map((m) => m.type), ['progress', 'error', 'preview']);
    const preview = hostile[2]!.json!;
    assert.equal(preview.data.preview_id, 2);
    assert.match(preview.data.method, /<img src=x onerror=/);
    assert.ok(Object.hasOwn(preview, '__proto__') && Object.hasOwn(preview.data, 'constructor'));
    assert.equal(Buffer.from(preview.data.payload, 'base64').length, VOXELS);
    assert.equal(({} as Record<string, unknown>).mockPolluted, undefined);
    assert.deepEqual(previewIds(socket), [1, 2, 3, 4]);
  });
});
