// The mock stream's edges: job-id and token refusal, simulated crashes (goDown/goUp and the HTTP control
// surface), the REST subset, the ws heartbeat, demo/serve.js, and the generated type declarations.
import { describe, it, mock as testMock } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startMockStream } from '../../demo/mock-stream/server.js';
import { StreamRecorder } from '../../demo/mock-stream/stream-recorder.js';
import { mockStreamSuite } from './mock-stream-suite.ts';
import { waitFor } from './wait-for.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

const suite = mockStreamSuite({ hz: 20, previews: 4 });
const { connect } = suite;
async function http(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${suite.mock.httpUrl}${path}`, {
    method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
}

describe('mock stream: refusals', () => {
  for (const [label, path] of [['a space', 'bad%20id'], ['a dot', 'a.b'], ['65 characters', 'x'.repeat(65)], ['nothing', '']]) {
    it(`closes a socket whose job id has ${label} with 4000 and a reason`, async () => {
      const socket = await connect(`/ws/jobs/${path}`);
      assert.deepEqual(await socket.closed, { code: 4000, reason: 'Invalid job id' });
    });
  }

  it('refuses the upgrade on an unknown path', async () => {
    await assert.rejects(StreamRecorder.open(`${suite.mock.wsUrl}/ws/other/x`), /404/);
  });

  it('with a token, closes sockets without it with 4001 "unauthorized" and never logs it', async () => {
    const lines: string[] = [];
    const token = 'tok-SECRET-9f3a';
    const guarded = await startMockStream({ token, log: (line) => lines.push(line), defaults: { hz: 50, previews: 2 } });
    try {
      for (const query of ['', '?token=wrong']) {
        const refused = await connect(`/ws/jobs/guarded${query}`, guarded.wsUrl);
        assert.deepEqual(await refused.closed, { code: 4001, reason: 'unauthorized' });
      }
      const socket = await connect(`/ws/jobs/guarded?token=${token}&hz=40`, guarded.wsUrl);
      await socket.waitForType('completed');
      assert.equal(guarded.stats().unauthorized, 2);
      const rest = await fetch(`${guarded.httpUrl}/jobs`, { method: 'POST', body: '{}' });
      assert.equal(rest.status, 401);
      const withBearer = await fetch(`${guarded.httpUrl}/jobs`, { method: 'POST', body: '{}', headers: { authorization: `Bearer ${token}` } });
      assert.equal(withBearer.status, 201);
    } finally {
      await guarded.close();
    }
    assert.ok(lines.some((line) => line.includes('token=***')), 'the socket URL is logged, masked');
    assert.ok(lines.every((line) => !line.includes(token)), 'the token never appears in a log line');
  });
});

describe('mock stream: simulated crashes', () => {
  it('goDown terminates every socket and refuses new ones while the job runs on; goUp lets clients back', async () => {
    // Long enough (30 s) that it is still running when the server comes back, however slow the machine.
    const socket = await connect('/ws/jobs/crash?hz=20&previews=600');
    await socket.waitForType('preview');
    await suite.mock.goDown();
    assert.equal((await socket.closed).code, 1006);
    const refusedBefore = suite.mock.stats().refused;
    await assert.rejects(StreamRecorder.open(`${suite.mock.wsUrl}/ws/jobs/crash`));
    assert.equal(suite.mock.stats().refused, refusedBefore + 1);
    const sentWhileDown = suite.mock.stats().perJob.crash!.previewsSent;
    await waitFor(() => suite.mock.stats().perJob.crash!.previewsSent > sentWhileDown, 'the job to advance while the server is down');
    assert.equal(suite.mock.stats().down, true, 'still down while it advanced');
    await suite.mock.goUp();
    const back = await connect('/ws/jobs/crash');
    back.send({ type: 'request_status' });
    assert.ok((await back.waitForType('progress')).json?.data.progress > sentWhileDown / 600, 'the job went on while the server was down');
  });

  it('POST /__mock/down and /__mock/up do the same over HTTP', async () => {
    assert.equal((await http('POST', '/__mock/down')).json.down, true);
    await assert.rejects(StreamRecorder.open(`${suite.mock.wsUrl}/ws/jobs/http-down`));
    assert.equal((await http('POST', '/__mock/up')).json.down, false);
    await (await connect('/ws/jobs/http-down')).waitForType('connected');
  });

  it('POST /__mock/restart?downMs= goes down, then up after downMs', async () => {
    // The mock runs in this process: with its setTimeout mocked, "after downMs" is a tick of our clock,
    // however slowly the machine runs (the job's own ticks are frozen too, which this test does not need).
    testMock.timers.enable({ apis: ['setTimeout'] });
    try {
      const socket = await connect('/ws/jobs/restarting?previews=40');
      const response = await http('POST', '/__mock/restart?downMs=300');
      assert.deepEqual(response.json, { down: true, upInMs: 300 });
      assert.equal((await socket.closed).code, 1006);
      await assert.rejects(StreamRecorder.open(`${suite.mock.wsUrl}/ws/jobs/restarting`));
      testMock.timers.tick(299);
      await assert.rejects(StreamRecorder.open(`${suite.mock.wsUrl}/ws/jobs/restarting`), Error, 'still down 1 ms before downMs');
      testMock.timers.tick(1);
      const back = await connect('/ws/jobs/restarting');
      await back.waitForType('connected');
    } finally {
      testMock.timers.reset();
    }
  });

  it('GET /__mock/stats counts connections, refusals and per-job messages; POST /__mock/reset forgets them', async () => {
    const socket = await connect('/ws/jobs/counted?previews=2&hz=50');
    await socket.waitForType('completed');
    const { status, headers, json } = await http('GET', '/__mock/stats');
    assert.equal(status, 200);
    assert.equal(headers.get('access-control-allow-origin'), '*');
    assert.ok(json.connections >= 1);
    assert.deepEqual(json.perJob.counted, { connections: 1, sent: socket.messages.length, state: 'completed', previewsSent: 2 });
    assert.deepEqual((await http('POST', '/__mock/reset')).json, { reset: true });
    const cleared = suite.mock.stats();
    assert.deepEqual([cleared.connections, cleared.refused, cleared.jobs, cleared.perJob], [0, 0, 0, {}]);
    assert.equal((await socket.closed).code, 1012);
  });

  it('answers CORS preflight requests', async () => {
    const { status, headers } = await http('OPTIONS', '/__mock/down');
    assert.equal(status, 204);
    assert.equal(headers.get('access-control-allow-origin'), '*');
    assert.match(headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  it('terminates a client that stops answering ws pings', async () => {
    const strict = await startMockStream({ quiet: true, heartbeatMs: 50 });
    try {
      const ws = new WebSocket(`${strict.wsUrl}/ws/jobs/silent`);
      await new Promise((resolve) => ws.once('open', resolve));
      assert.equal(strict.stats().openSockets, 1);
      // A paused client reads nothing, so it neither answers pings nor notices the server hanging up.
      ws.pause();
      await waitFor(() => strict.stats().openSockets === 0, 'the server to terminate the silent client', { timeoutMs: 2000 });
      ws.terminate();
    } finally {
      await strict.close();
    }
  });
});

describe('mock stream: REST', () => {
  it('POST /jobs starts a job that runs unwatched; GET /jobs/{id} reports it', async () => {
    const created = await http('POST', '/jobs', { job_id: 'rest-1', hz: 50, previews: 3 });
    assert.deepEqual([created.status, created.json], [201, { job_id: 'rest-1' }]);
    const { json } = await waitFor(async () => {
      const polled = await http('GET', '/jobs/rest-1');
      return polled.json.state === 'completed' && polled;
    }, 'the unwatched job to complete', { timeoutMs: 2000, everyMs: 20 });
    assert.deepEqual([json.state, json.previews_sent, json.previews_total, json.progress], ['completed', 3, 3, 1]);
    const late = await connect('/ws/jobs/rest-1');
    late.send({ type: 'request_status' });
    await late.waitForType('completed');
    assert.deepEqual(late.messages.map((m) => m.type), ['connected', 'completed']);
  });

  it('POST /jobs with startOn=watch keeps the job silent until its first watcher, who then sees it all', async () => {
    await http('POST', '/jobs', { job_id: 'waits', hz: 50, previews: 3, startOn: 'watch' });
    // A clock from the server itself: a job at the same rate, made now, runs to the end meanwhile.
    await http('POST', '/jobs', { job_id: 'waits-clock', hz: 50, previews: 3 });
    await waitFor(async () => (await http('GET', '/jobs/waits-clock')).json.state === 'completed', 'the clock job to complete');
    const unwatched = (await http('GET', '/jobs/waits')).json;
    assert.deepEqual([unwatched.state, unwatched.previews_sent], ['queued', 0], 'nothing happened before a watcher came');
    const socket = await connect('/ws/jobs/waits');
    await socket.waitForType('completed');
    assert.deepEqual(socket.messages.map((m) => m.type), [
      'connected', 'job_created', 'job_enqueued', 'job_started', 'progress', 'preview', 'progress', 'preview',
      'progress', 'preview', 'completed',
    ]);
    assert.equal((await http('POST', '/jobs', { startOn: 'later' })).status, 400);
  });

  it('POST /jobs makes up an id when none is given and checks the options', async () => {
    const created = await http('POST', '/jobs', { previews: 1 });
    assert.match(created.json.job_id, /^job-[0-9a-f]{12}$/);
    assert.equal((await http('POST', '/jobs', { job_id: created.json.job_id })).status, 409);
    assert.match((await http('POST', '/jobs', { dtype: 'complex64' })).json.error, /Invalid options: dtype/);
    assert.equal((await http('POST', '/jobs', { job_id: 'bad id' })).status, 400);
    assert.equal((await http('GET', '/jobs/never-made')).status, 404);
  });

  it('DELETE /jobs/{id} cancels the job for every watcher; a finished job answers 409', async () => {
    await http('POST', '/jobs', { job_id: 'rest-cancel', previews: 100 });
    const socket = await connect('/ws/jobs/rest-cancel');
    const cancelled = await http('DELETE', '/jobs/rest-cancel');
    assert.deepEqual([cancelled.status, cancelled.json.state], [200, 'cancelled']);
    assert.equal((await socket.waitForType('job_cancelled')).json?.data.state, 'cancelled');
    assert.equal((await http('DELETE', '/jobs/rest-cancel')).status, 409);
  });
});

describe('demo/serve.js', () => {
  it('serves the demo files and the mock stream on one port, and nothing outside /demo and /dist', async () => {
    const child = spawn(process.execPath, ['demo/serve.js'], { cwd: REPO, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          const text = chunk.toString();
          if (text.includes('preview-overlay demo:')) resolve(text);
        });
        child.once('exit', (code) => reject(new Error(`serve.js exited with ${code}`)));
      });
      const port = Number(/^preview-overlay demo: http:\/\/localhost:(\d+)\/$/m.exec(line)?.[1]);
      const get = (path: string) => new Promise<{ status: number, type: string }>((resolve, reject) => {
        // node:http keeps the path as written, so `..` segments reach the server unnormalized.
        request({ host: '127.0.0.1', port, path }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) });
        }).on('error', reject).end();
      });
      assert.deepEqual(await get('/demo/mock-stream/server.js'), { status: 200, type: 'text/javascript; charset=utf-8' });
      const index = await get('/');
      assert.deepEqual(index, existsSync(`${REPO}demo/index.html`) ? { status: 200, type: 'text/html; charset=utf-8' } : { status: 404, type: 'text/plain; charset=utf-8' });
      for (const path of ['/demo/../package.json', '/demo/%2e%2e/package.json', '/dist/..%2fpackage.json', '/package.json', '/src/index.ts']) {
        assert.equal((await get(path)).status, 404, path);
      }
      const socket = await connect('/ws/jobs/served?previews=1', `ws://127.0.0.1:${port}`);
      await socket.waitForType('connected');
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('mock stream: the tomogram', () => {
  it('serves the synthetic tomogram of the given shape, labels and seed as raw uint8, and refuses bad options', async () => {
    const response = await fetch(`${suite.mock.httpUrl}/tomogram?shape=4,6,8&labels=2&seed=5`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-shape'), '4,6,8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    const { syntheticTomogram } = await import('../../demo/mock-stream/synthetic-tomogram.js');
    assert.deepEqual(bytes, syntheticTomogram({ shape: [4, 6, 8], labels: 2, seed: 5 }));
    assert.equal((await fetch(`${suite.mock.httpUrl}/tomogram?shape=0,1`)).status, 400);
  });
});
