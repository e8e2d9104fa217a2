import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClientMessage, clientMessage } from '../../src/protocol/index.ts';

describe('clientMessage', () => {
  it('accepts every client → server message of PROTOCOL.md', () => {
    const messages: ClientMessage[] = [
      { type: 'ping' },
      { type: 'subscribe', job_id: 'job-1' },
      { type: 'cancel_job', job_id: 'job-1' },
      { type: 'request_status', job_id: 'job-1' },
    ];
    for (const message of messages) {
      assert.deepEqual(clientMessage.parse(JSON.parse(JSON.stringify(message))), message);
    }
  });

  it('rejects a job message without a job id or with an empty one', () => {
    assert.equal(clientMessage.safeParse({ type: 'subscribe' }).success, false);
    assert.equal(clientMessage.safeParse({ type: 'cancel_job', job_id: '' }).success, false);
    assert.equal(clientMessage.safeParse({ type: 'request_status', job_id: 7 }).success, false);
  });

  it('rejects a type the servers do not understand', () => {
    assert.equal(clientMessage.safeParse({ type: 'unsubscribe', job_id: 'job-1' }).success, false);
  });
});
