// A server's REST job status (CryoMamba's JobRecord from GET /v1/jobs/{id}) to job messages, and the
// REST URLs made from the status/cancel templates.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJobStatus } from '../../src/protocol/job-status.ts';
import { jobRestUrl } from '../../src/stream/job-url.ts';

const record = (fields: Record<string, unknown>) =>
  JSON.stringify({ job_id: 'j', params: null, artifacts: null, errors: null, progress: null, created_at: '2026-12-02T03:02:24.547386', ...fields });

describe('parseJobStatus', () => {
  it('turns a finished CryoMamba job record into completed (what a late join shows)', () => {
    assert.deepEqual(parseJobStatus(record({ state: 'completed', progress: 1 })), { ok: true, messages: [{ kind: 'completed', results: { state: 'completed' } }] });
  });

  it('turns running with progress into a lifecycle and a progress fraction', () => {
    assert.deepEqual(parseJobStatus(record({ state: 'running', progress: 0.42 })), {
      ok: true,
      messages: [{ kind: 'lifecycle', state: 'running' }, { kind: 'progress', progress: 0.42 }],
    });
    assert.deepEqual(parseJobStatus(record({ state: 'queued' })), { ok: true, messages: [{ kind: 'lifecycle', state: 'queued' }] });
  });

  it('turns failed into failed with the record\'s errors, and cancelled into a real cancel', () => {
    assert.deepEqual(parseJobStatus(record({ state: 'failed', errors: { code: 'CUDA_OOM', message: 'out of memory' } })), {
      ok: true,
      messages: [{ kind: 'failed', code: 'CUDA_OOM', message: 'out of memory', retryable: false }],
    });
    assert.deepEqual(parseJobStatus(record({ state: 'cancelled' })), { ok: true, messages: [{ kind: 'cancelled', requested: false }] });
  });

  it('says in a sentence what is wrong with bad JSON, a non-object, or a record without a state', () => {
    for (const [text, pattern] of [
      ['<html>502 Bad Gateway</html>', /not valid JSON/],
      ['[1,2]', /an array, not an object/],
      [record({ state: undefined }), /missing its state field/],
      [record({ state: 'running', progress: -1 }), /progress/],
    ] as const) {
      const result = parseJobStatus(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) assert.match(result.message, pattern);
    }
  });
});

describe('jobRestUrl', () => {
  it('makes the http(s) URL from a ws(s) server and escapes the job id', () => {
    assert.equal(jobRestUrl('{server}/v1/jobs/{job}', 'ws://host:8000/', '7df00b80-f5ea'), 'http://host:8000/v1/jobs/7df00b80-f5ea');
    assert.equal(jobRestUrl('{server}/v1/jobs/{job}', 'wss://host', 'a b'), 'https://host/v1/jobs/a%20b');
    assert.equal(jobRestUrl('https://api.example/jobs/{job}/status', 'ws://other', 'x'), 'https://api.example/jobs/x/status');
  });

  it('refuses a template that is not an http(s) URL', () => {
    assert.throws(() => jobRestUrl('{server}/v1/jobs/{job}', 'not a url', 'x'));
    assert.throws(() => jobRestUrl('ftp://host/{job}', 'ws://host', 'x'));
  });
});
