import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type JobMessage, jobIdOf, MAX_TEXT_LENGTH, parseServerMessage, type ParseResult } from '../../src/protocol/index.ts';

function message(value: unknown): JobMessage {
  const result = parseServerMessage(JSON.stringify(value));
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.message;
}

function error(text: string) {
  const result = parseServerMessage(text);
  assert.equal(result.ok, false);
  return result.ok ? assert.fail() : result.error;
}

describe('parseServerMessage: what is not a message', () => {
  it('rejects malformed JSON under the json rule', () => {
    for (const text of ['', '{', '{"type":"pong"', "{'type':'pong'}", 'NaN', '\u0000']) {
      assert.equal(error(text).rule, 'json', JSON.stringify(text));
    }
  });

  it('rejects JSON that is not an object under the schema rule, saying what it was', () => {
    const cases = { '42': 'a number', 'null': 'null', '[]': 'an array', '[{"type":"pong"}]': 'an array', '"pong"': 'a string', 'true': 'a boolean' };
    for (const [text, kind] of Object.entries(cases)) {
      assert.deepEqual(error(text), { rule: 'schema', message: `The server sent ${kind} instead of a message object.` });
    }
  });

  it('rejects a missing or non-string type under the schema rule on field type', () => {
    for (const text of ['{}', '{"type":null}', '{"type":5}', '{"type":["pong"]}', '{"type":{"name":"pong"}}']) {
      const e = error(text);
      assert.deepEqual([e.rule, e.field], ['schema', 'type'], text);
    }
  });

  it('ignores a message of an unknown type instead of failing', () => {
    assert.deepEqual(message({ type: 'job_metrics', job_id: 'j', gpu: 0.9 }), { kind: 'ignored', jobId: 'j', type: 'job_metrics' });
  });

  it('treats names of Object.prototype members as unknown types', () => {
    for (const type of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      assert.deepEqual(message({ type }), { kind: 'ignored', type });
    }
  });

  it('never throws, whatever is sent', () => {
    const directory = new URL('../fixtures/protocol/', import.meta.url);
    const wire = readdirSync(directory)
      .map((name) => JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as { message?: unknown })
      .flatMap((fixture) => (fixture.message === undefined ? [] : [fixture.message]));
    const strange = [null, [], {}, -1, 0, 1.5, 1e308, '', 'x'.repeat(10_000), true, [1, 2, 3], { __proto__: 1 }];
    let parsed = 0;
    for (const original of wire) {
      for (const path of leafPaths(original)) {
        for (const replacement of strange) {
          const mutated = structuredClone(original);
          setAt(mutated, path, replacement);
          for (const frame of ['text', 'binary'] as const) {
            const result: ParseResult = parseServerMessage(JSON.stringify(mutated), { frame });
            assert.equal(typeof result.ok, 'boolean');
            if (!result.ok) assert.notEqual(result.error.message, 'The server message could not be read.', 'no exception was swallowed');
            parsed += 1;
          }
        }
      }
    }
    assert.ok(parsed > 1000);
  });
});

describe('parseServerMessage: prototype pollution', () => {
  it('does not pollute Object.prototype through __proto__ keys at any depth', () => {
    const text = '{"__proto__":{"polluted":1},"type":"job_complete","job_id":"j",' +
      '"results":{"__proto__":{"polluted":2},"pages":{"__proto__":{"polluted":3}}}}';
    const result = parseServerMessage(text);
    assert.ok(result.ok);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const results = (result.message as Extract<JobMessage, { kind: 'completed' }>).results as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(results), Object.prototype);
    assert.equal(Object.hasOwn(results, '__proto__'), false);
    assert.deepEqual(Object.keys(results), ['pages']);
  });

  it('does not pollute through an escaped \\u005f_proto__ key either', () => {
    const result = parseServerMessage('{"type":"job_complete","results":{"\\u005f_proto__":{"polluted":1}}}');
    assert.ok(result.ok);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(result.message, { kind: 'completed', results: {} });
  });

  it('keeps constructor and prototype keys as plain data', () => {
    const result = message({ type: 'stage_complete', stage: 's', results: { constructor: 1, prototype: 2 } });
    assert.deepEqual(result, { kind: 'stage-complete', stage: 's', results: { constructor: 1, prototype: 2 } });
    assert.equal(typeof ({}).constructor, 'function');
  });
});

describe('parseServerMessage: hostile text', () => {
  const long = 'A'.repeat(100_000);

  function assertCut(text: string | undefined) {
    assert.equal(text?.length, MAX_TEXT_LENGTH);
    assert.ok(text?.endsWith('…'));
  }

  it(`cuts server text to ${MAX_TEXT_LENGTH} characters with an ellipsis`, () => {
    const progress = message({ type: 'progress_update', progress: 1, stage: long, message: long });
    assert.ok(progress.kind === 'progress');
    assertCut(progress.stage);
    assertCut(progress.message);
    const failed = message({ type: 'job_failed', data: { error: { code: long, message: long } } });
    assert.ok(failed.kind === 'failed');
    assertCut(failed.code);
    assertCut(failed.message);
    const state = message({ type: 'job_started', data: { state: long } });
    assert.ok(state.kind === 'lifecycle');
    assertCut(state.state);
    const ignored = message({ type: long });
    assert.ok(ignored.kind === 'ignored');
    assertCut(ignored.type);
  });

  it('does not split a surrogate pair when cutting', () => {
    const text = `${'a'.repeat(MAX_TEXT_LENGTH - 2)}😀😀`;
    const event = message({ type: 'connected', message: text });
    assert.ok(event.kind === 'connected');
    assert.equal(event.message, `${'a'.repeat(MAX_TEXT_LENGTH - 2)}…`);
  });

  it('quotes a hostile value in an error sentence only cut short', () => {
    const e = error(JSON.stringify({ type: 'preview', data: { shape: [1, 1, 1], dtype: `<script>${long}`, payload: 'AA==' } }));
    assert.equal(e.rule, 'dtype');
    assert.ok(e.message.length < 300, `${e.message.length} characters`);
    assert.match(e.message, /^Preview dtype "<script>A+…" is not supported/);
  });

  it('cuts a hostile binary-frame type in its error sentence', () => {
    const result = parseServerMessage(JSON.stringify({ type: long }), { frame: 'binary' });
    assert.ok(!result.ok && result.error.message.length < 200);
  });
});

describe('parseServerMessage: progress', () => {
  const progress = (value: unknown) => {
    const event = message(value);
    assert.ok(event.kind === 'progress');
    return event.progress;
  };

  it('keeps an enveloped fraction and reads an enveloped value above 1 as a percent', () => {
    assert.equal(progress({ type: 'progress', data: { progress: 0 } }), 0);
    assert.equal(progress({ type: 'progress', data: { progress: 1 } }), 1);
    assert.equal(progress({ type: 'progress', data: { progress: 0.42 } }), 0.42);
    assert.equal(progress({ type: 'progress', data: { progress: 100 } }), 1);
  });

  it('reads flat progress_update and processing_progress as percent', () => {
    assert.equal(progress({ type: 'progress_update', progress: 1 }), 0.01);
    assert.equal(progress({ type: 'processing_progress', progress: 75 }), 0.75);
  });

  it('clamps progress above 100 % to 1', () => {
    assert.equal(progress({ type: 'progress_update', progress: 150 }), 1);
    assert.equal(progress({ type: 'progress', data: { progress: 250 } }), 1);
  });

  it('clamps an enveloped fraction that overshoots (1.01 after 1.0) to 1, instead of reading it as 1 %', () => {
    assert.equal(progress({ type: 'progress', data: { progress: 1.01 } }), 1);
    assert.equal(progress({ type: 'progress', data: { progress: 1.0000000000000002 } }), 1);
    assert.equal(progress({ type: 'progress', data: { progress: 42 } }), 0.42, 'well above 1 is still a percent');
  });

  it('keeps CryoMamba\'s unrounded fractions as they are', () => {
    assert.equal(progress({ type: 'progress', data: { progress: 0.14800000000000002 } }), 0.14800000000000002);
  });

  it('rejects negative progress as a schema error in every form, instead of showing 0 %', () => {
    for (const wire of [
      { type: 'progress_update', progress: -5 },
      { type: 'progress', data: { progress: -0.5 } },
      { type: 'processing_progress', progress: -1 },
    ]) {
      const e = error(JSON.stringify(wire));
      assert.equal(e.rule, 'schema');
      assert.match(e.message, /negative/);
    }
  });

  it('drops a negative ETA, which some servers use to mean unknown', () => {
    assert.deepEqual(message({ type: 'progress_update', progress: 50, estimated_seconds_remaining: -1 }), { kind: 'progress', progress: 0.5 });
  });

  it('keeps the stage and message of an enveloped progress', () => {
    assert.deepEqual(message({ type: 'progress', data: { progress: 0.5, stage: 'tiling', message: '8/16' } }), {
      kind: 'progress', progress: 0.5, stage: 'tiling', message: '8/16',
    });
  });
});

describe('parseServerMessage: lifecycle and errors', () => {
  it('names the lifecycle state after the message type unless data.state says otherwise', () => {
    assert.deepEqual(message({ type: 'job_enqueued' }), { kind: 'lifecycle', state: 'queued' });
    assert.deepEqual(message({ type: 'job_started' }), { kind: 'lifecycle', state: 'running' });
    assert.deepEqual(message({ type: 'job_started', data: { state: 'preparing' } }), { kind: 'lifecycle', state: 'preparing' });
  });

  it('reads a non-terminal error sent flat, without data', () => {
    assert.deepEqual(message({ type: 'error', message: 'Bad request', code: 400 }), { kind: 'server-error', code: '400', message: 'Bad request' });
  });

  it('gives an error without a message a plain default sentence', () => {
    assert.deepEqual(message({ type: 'error' }), { kind: 'server-error', message: 'The server reported an error.' });
  });

  it('gives a job_failed without details an unknown, non-retryable failure', () => {
    assert.deepEqual(message({ type: 'job_failed' }), { kind: 'failed', code: 'unknown', message: 'The job failed.', retryable: false });
  });

  it('reads a job_failed whose nested error lacks a message from data.message', () => {
    assert.deepEqual(message({ type: 'job_failed', data: { error: { code: 'E1' }, message: 'Out of memory' } }), {
      kind: 'failed', code: 'E1', message: 'Out of memory', retryable: false,
    });
  });
});

describe('parseServerMessage: job ids', () => {
  it('reads a numeric job_id as text', () => {
    assert.deepEqual(message({ type: 'job_cancelled', job_id: 42 }), { kind: 'cancelled', requested: false, jobId: '42' });
  });

  it('leaves jobId out when the message names no job', () => {
    assert.deepEqual(message({ type: 'job_cancelled' }), { kind: 'cancelled', requested: false });
    assert.deepEqual(message({ type: 'job_cancelled', job_id: null }), { kind: 'cancelled', requested: false });
  });

  it('puts the job id on an error for that job', () => {
    assert.equal(error('{"type":"progress","job_id":"job-9","data":{}}').jobId, 'job-9');
  });

  it('rejects a job_id of another type as a schema error', () => {
    const e = error('{"type":"pong","job_id":{"id":1}}');
    assert.deepEqual([e.rule, e.field], ['schema', 'job_id']);
  });
});

describe('jobIdOf', () => {
  it('reads job_id from any value without trusting its shape', () => {
    assert.equal(jobIdOf({ job_id: 'a' }), 'a');
    assert.equal(jobIdOf({ job_id: 7 }), '7');
    for (const value of [null, 42, 'job', [], {}, { job_id: '' }, { job_id: {} }, Object.create({ job_id: 'inherited' })]) {
      assert.equal(jobIdOf(value), undefined);
    }
  });
});

function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [path];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [path, ...entries.flatMap(([key, child]) => leafPaths(child, [...path, key]))];
}

function setAt(root: unknown, path: (string | number)[], replacement: unknown): void {
  if (path.length === 0) return;
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = replacement;
}
