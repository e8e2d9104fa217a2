// The mock stream's hooks for crafted input: the `raw` fault (any frame, sent verbatim in place of a
// preview) and the per-job `requireToken` (4001 "unauthorized" for sockets without it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mockStreamSuite } from './mock-stream-suite.ts';

const suite = mockStreamSuite({ hz: 40, previews: 4 });
const { connect } = suite;
async function createJob(body: Record<string, unknown>) {
  const response = await fetch(`${suite.mock.httpUrl}/jobs`, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as { job_id?: string; error?: string } };
}


describe('mock stream: crafted input', () => {
  it('raw: sends the text verbatim in place of preview faultAt, then goes on', async () => {
    const raw = '{"type":"preview","data":{"shape":[0,1,1]}} <not json>';
    const socket = await connect(`/ws/jobs/raw-text?fault=raw&faultAt=2&raw=${encodeURIComponent(raw)}`);
    await socket.waitForType('completed');
    assert.ok(socket.messages.some((m) => m.text === raw));
    assert.deepEqual(socket.ofType('preview').map((m) => m.json?.data.preview_id), [1, 3, 4]);
  });

  it('rawAfter: sends a second text frame right after the raw one', async () => {
    const socket = await connect(`/ws/jobs/raw-after?fault=raw&faultAt=2&raw=first&rawAfter=second`);
    await socket.waitForType('completed');
    const texts = socket.messages.map((m) => m.text);
    assert.equal(texts.indexOf('second'), texts.indexOf('first') + 1);
  });

  it('raw with rawFrame=binary: sends the base64-decoded bytes as one binary frame', async () => {
    const bytes = Buffer.from([0xff, 0xff, 0xff, 0x7f, 0x01, 0x02]);
    const { json } = await createJob({ fault: 'raw', faultAt: 1, raw: bytes.toString('base64'), rawFrame: 'binary', startOn: 'watch' });
    const socket = await connect(`/ws/jobs/${json.job_id}`);
    await socket.waitForType('completed');
    const binary = socket.messages.filter((m) => m.binary);
    assert.equal(binary.length, 1, 'one binary frame: the raw one (previews are base64 text)');
    assert.equal(binary[0]!.size, bytes.length);
    assert.deepEqual(socket.ofType('preview').map((m) => m.json?.data.preview_id), [2, 3, 4]);
  });

  it('refuses a raw fault without a message, and a binary raw that is not base64', async () => {
    assert.equal((await createJob({ fault: 'raw' })).status, 400);
    assert.equal((await createJob({ fault: 'raw', raw: 'not base64!', rawFrame: 'binary' })).status, 400);
  });

  it('requireToken: closes sockets without the token with 4001 "unauthorized", lets the right one watch, and never shows it', async () => {
    const token = 'job-token-5e1b';
    const { json } = await createJob({ requireToken: token, startOn: 'watch' });
    const before = suite.mock.stats().unauthorized;
    for (const query of ['', '?token=wrong']) {
      const refused = await connect(`/ws/jobs/${json.job_id}${query}`);
      assert.deepEqual(await refused.closed, { code: 4001, reason: 'unauthorized' });
    }
    assert.equal(suite.mock.stats().unauthorized - before, 2);
    const socket = await connect(`/ws/jobs/${json.job_id}?token=${token}`);
    await socket.waitForType('completed');
    const snapshot = await (await fetch(`${suite.mock.httpUrl}/jobs/${json.job_id}`)).text();
    assert.ok(!snapshot.includes(token), 'GET /jobs/{id} masks the token');
  });

  it('requireToken on the multiplexed socket: subscribe and request_status without it get an "unauthorized" error', async () => {
    const { json } = await createJob({ requireToken: 'mux-token', queueMs: 100 });
    const socket = await connect('/ws');
    socket.send({ type: 'subscribe', job_id: json.job_id });
    socket.send({ type: 'request_status', job_id: json.job_id });
    await socket.waitFor(() => socket.ofType('error').length === 2);
    assert.deepEqual(socket.ofType('error').map((m) => m.json?.data.message), ['unauthorized', 'unauthorized']);
    assert.equal(socket.ofType('preview').length, 0);
  });
});
