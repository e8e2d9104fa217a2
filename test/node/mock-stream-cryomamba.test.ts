// The mock's `style: cryomamba` against what the real server was recorded doing (../shared/captures):
// the message sequence, the final float32 preview on the finer grid, zoom-factor scale, the envelope
// exceptions, no replay, no close, and REST status and a cancel that does not stop the job. Every
// recorded message also parses with the widget's own parser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordedMessage } from '../../demo/mock-stream/stream-recorder.js';
import { parseJobOptions } from '../../demo/mock-stream/job-options.js';
import { parseServerMessage } from '../../src/protocol/index.ts';
import { mockStreamSuite } from './mock-stream-suite.ts';

const suite = mockStreamSuite({ hz: 20, previews: 3 });
const PYTHON_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/;
const UUID = '7df00b80-f5ea-430d-9273-899174e9dbb1';

async function rest(method: 'GET' | 'DELETE', id: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${suite.mock.httpUrl}/v1/jobs/${id}`, { method });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const previewData = (message: RecordedMessage) => message.json?.data as Record<string, unknown>;

describe('mock stream: style cryomamba', () => {
  it('streams like the recorded server: started, all-zero preview 0 before any progress, previews, final, progress 1.0, job_completed', async () => {
    const socket = await suite.connect(`/ws/jobs/${UUID}?style=cryomamba`);
    await socket.waitForType('job_completed');
    const types = socket.messages.map((m) => m.type);
    assert.deepEqual(types.slice(0, 3), ['connected', 'job_started', 'preview']);
    assert.deepEqual(types.slice(-5), ['progress', 'progress', 'preview', 'progress', 'job_completed']);
    assert.deepEqual(types.filter((t) => t !== 'progress'), ['connected', 'job_started', 'preview', 'preview', 'preview', 'preview', 'job_completed']);
    const previews = socket.ofType('preview').map(previewData);
    assert.deepEqual(previews.map((d) => d.preview_id), [0, 1, 2, 'final']);
    assert.ok(Buffer.from(String(previews[0]!.payload), 'base64').every((byte) => byte === 0), 'preview 0 is all zeros');
    const progress = socket.ofType('progress').map((m) => (m.json?.data as { progress: number }).progress);
    assert.deepEqual(progress.slice(-3), [0.95, 0.95, 1], '0.95 twice before the final preview, then 1.0');
    assert.ok(progress.some((p) => String(p).length > 6), 'unrounded fractions like 0.14800000000000002');
  });

  it('sends streaming previews as uint8 0/1 on [25,64,64] with zoom-factor scale, and the final one as float32 on [48,120,120]', async () => {
    const socket = await suite.connect(`/ws/jobs/grid-${Date.now()}?style=cryomamba`);
    await socket.waitForType('job_completed');
    const [, first, , final] = socket.ofType('preview').map(previewData);
    assert.deepEqual({ ...first }, {
      ...first,
      shape: [25, 64, 64], dtype: 'uint8', original_shape: [96, 240, 240], downsampled_shape: [25, 64, 64], method: 'max',
      scale: [64 / 240, 64 / 240, 25 / 96],
    });
    assert.equal(first!.is_final, undefined);
    const bytes = Buffer.from(String(first!.payload), 'base64');
    assert.equal(bytes.length, 25 * 64 * 64);
    assert.ok(bytes.every((b) => b <= 1) && bytes.some((b) => b === 1), 'a 0/1 mask with something in it');
    assert.deepEqual({ ...final }, {
      ...final,
      shape: [48, 120, 120], dtype: 'float32', scale: [0.5, 0.5, 0.5], preview_id: 'final', is_final: true, method: 'final',
      original_shape: [96, 240, 240], downsampled_shape: [48, 120, 120],
    });
    const floats = Buffer.from(String(final!.payload), 'base64');
    assert.equal(floats.length, 48 * 120 * 120 * 4);
    const values = new Set(Array.from({ length: floats.length / 4 }, (_, i) => floats.readFloatLE(i * 4)));
    assert.deepEqual([...values].sort(), [0, 1], 'float32 0.0/1.0');
  });

  it('keeps the envelope exceptions: connected has no data but a message, pong has no job_id, naive microsecond timestamps', async () => {
    const socket = await suite.connect(`/ws/jobs/env-${Date.now()}?style=cryomamba`);
    const connected = await socket.waitForType('connected');
    assert.equal(connected.json?.data, undefined);
    assert.equal(connected.json?.message, 'Connected to job updates');
    assert.match(String(connected.json?.timestamp), PYTHON_TIME);
    socket.send({ type: 'ping' });
    const pong = await socket.waitForType('pong');
    assert.deepEqual(Object.keys(pong.json ?? {}).sort(), ['timestamp', 'type']);
  });

  it('parses every message it sends with the widget\'s parser, the final preview as final with spacing 2,2,2', async () => {
    const socket = await suite.connect(`/ws/jobs/parse-${Date.now()}?style=cryomamba`);
    await socket.waitForType('job_completed');
    for (const message of socket.messages) {
      const parsed = parseServerMessage(message.text ?? '');
      assert.ok(parsed.ok, `${message.type}: ${parsed.ok ? '' : parsed.error.message}`);
      assert.notEqual(parsed.message.kind, 'ignored', message.type ?? '');
    }
    const final = parseServerMessage(socket.ofType('preview').at(-1)!.text ?? '');
    assert.ok(final.ok && final.message.kind === 'preview');
    assert.deepEqual([final.message.header.final, final.message.header.spacing, final.message.header.previewId], [true, [2, 2, 2], 'final']);
    const streaming = parseServerMessage(socket.ofType('preview')[1]!.text ?? '');
    assert.ok(streaming.ok && streaming.message.kind === 'preview');
    assert.deepEqual(streaming.message.header.spacing, [240 / 64, 240 / 64, 96 / 25]);
  });

  it('does not replay: a late watcher gets connected and then only what comes next; after the end, connected and silence', async () => {
    const id = `late-${Date.now()}`;
    const first = await suite.connect(`/ws/jobs/${id}?style=cryomamba`);
    await first.waitFor((m) => m.type === 'preview' && previewData(m).preview_id === 1);
    const late = await suite.connect(`/ws/jobs/${id}`);
    await late.waitForType('job_completed');
    assert.equal(late.messages[0]!.type, 'connected');
    assert.ok(!late.messages.some((m) => m.type === 'job_started'), 'no replay of job_started');
    assert.ok(!late.ofType('preview').some((m) => previewData(m).preview_id === 0), 'no replay of earlier previews');
    const after = await suite.connect(`/ws/jobs/${id}`);
    after.send({ type: 'request_status', job_id: id });
    after.send({ type: 'cancel_job', job_id: id });
    after.ws.send('{not json');
    after.send({ type: 'ping' });
    await after.waitForType('pong');
    assert.deepEqual(after.messages.map((m) => m.type), ['connected', 'pong'], 'request_status, cancel_job and bad JSON are ignored');
    assert.equal(first.closeInfo, null, 'the server never closes the socket after job_completed');
  });

  it('answers GET /v1/jobs/{id} with the job record and its state', async () => {
    const id = `rest-${Date.now()}`;
    const socket = await suite.connect(`/ws/jobs/${id}?style=cryomamba&hz=2`);
    const running = await rest('GET', id);
    assert.equal(running.status, 200);
    assert.equal(running.body.job_id, id);
    assert.equal(running.body.state, 'running');
    await socket.waitForType('job_completed');
    assert.equal((await rest('GET', id)).body.state, 'completed');
    assert.equal((await rest('GET', 'no-such-job')).status, 404);
  });

  it('cancels over DELETE /v1/jobs/{id} with job_cancelled {state: "running"}, and the job goes on to job_completed', async () => {
    const id = `cancel-${Date.now()}`;
    const socket = await suite.connect(`/ws/jobs/${id}?style=cryomamba&hz=10`);
    await socket.waitForType('job_started');
    const cancel = await rest('DELETE', id);
    assert.equal(cancel.status, 200);
    const cancelled = await socket.waitForType('job_cancelled');
    assert.deepEqual(cancelled.json?.data, { state: 'running' });
    const at = socket.messages.indexOf(cancelled);
    await socket.waitForType('job_completed', { from: at });
    const after = socket.messages.slice(at + 1).map((m) => m.type);
    assert.ok(after.includes('progress') && after.includes('preview'), 'progress and previews follow the cancel');
    await until(async () => (await rest('GET', id)).body.state === 'completed', 'state completed');
  });

  it('closes a malformed job id with 4000 "Invalid job_id format"', async () => {
    const socket = await suite.connect('/ws/jobs/bad%20id!?style=cryomamba');
    assert.deepEqual(await socket.closed, { code: 4000, reason: 'Invalid job_id format' });
  });

  it('fails right after job_started with the CUDA_OOM error (fault fail)', async () => {
    const socket = await suite.connect(`/ws/jobs/oom-${Date.now()}?style=cryomamba&fault=fail`);
    const failed = await socket.waitForType('job_failed');
    assert.deepEqual(socket.messages.map((m) => m.type), ['connected', 'job_started', 'job_failed']);
    assert.deepEqual((failed.json?.data as { error: Record<string, unknown> }).error.code, 'CUDA_OOM');
  });

  it('refuses options it cannot speak (compression, binary frames, other faults)', () => {
    assert.throws(() => parseJobOptions({ style: 'cryomamba', compression: 'gzip' }), /base64 without compression/);
    assert.throws(() => parseJobOptions({ style: 'cryomamba', encoding: 'binary' }), /base64 without compression/);
    assert.throws(() => parseJobOptions({ style: 'cryomamba', fault: 'drop' }), /faults none and fail/);
    assert.deepEqual(parseJobOptions({ style: 'cryomamba' }).shape, [25, 64, 64]);
    assert.deepEqual(parseJobOptions({ style: 'cryomamba', shape: '10,20,30', original: '20,40,60' }).original, [20, 40, 60]);
  });
});
