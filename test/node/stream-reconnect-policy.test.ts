// The reconnect policy (src/stream/reconnect-policy.ts): every connection setting a job socket uses is
// built from StreamOptions there, and nowhere else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectionPolicy, isTerminalClose, reconnectJitterMs, resetsOnOpen } from '../../src/stream/reconnect-policy.ts';
import { DEFAULT_STREAM_OPTIONS } from '../../src/stream/stream-options.ts';

const options = {
  ...DEFAULT_STREAM_OPTIONS,
  minReconnectDelayMs: 300,
  reconnectGrowFactor: 1.7,
  maxReconnectDelayMs: 4_200,
  reconnectJitter: 0.3,
  heartbeatIntervalMs: 8_000,
  heartbeatTimeoutMs: 21_000,
};

describe('reconnect policy', () => {
  it('takes backoff, jitter and heartbeat from the options', () => {
    const policy = connectionPolicy(options);
    assert.deepEqual(policy.backoff, { initialMs: 300, factor: 1.7, maxMs: 4_200 });
    assert.equal(policy.jitter, 0.3);
    assert.equal(policy.heartbeat.intervalMs, 8_000);
    assert.equal(policy.heartbeat.timeoutMs, 21_000);
  });

  it('checks the heartbeat twice per shorter period, but never more often than every 50 ms', () => {
    assert.equal(connectionPolicy(options).heartbeat.checkMs, 4_000);
    assert.equal(connectionPolicy({ ...options, heartbeatIntervalMs: 30_000, heartbeatTimeoutMs: 900 }).heartbeat.checkMs, 450);
    assert.equal(connectionPolicy({ ...options, heartbeatIntervalMs: 20, heartbeatTimeoutMs: 60 }).heartbeat.checkMs, 50);
  });

  it('gives up on a handshake after 4 s and resets the backoff after 1 s of uptime', () => {
    const policy = connectionPolicy(options);
    assert.equal(policy.connectionTimeoutMs, 4_000);
    assert.equal(policy.minUptimeMs, 1_000);
  });

  it('closes a silent socket with a code that is not terminal, so a reconnect follows', () => {
    const policy = connectionPolicy(options);
    assert.equal(policy.heartbeat.closeCode, 4900);
    assert.equal(isTerminalClose(policy.heartbeat.closeCode, policy.terminalCloses), false);
  });

  it('treats only numeric 4000–4499 and 1008 (policy violation: an expired token) closes as terminal (not partysocket’s string "close" codes)', () => {
    const { terminalCloses } = connectionPolicy(options);
    assert.deepEqual(terminalCloses, { min: 4000, max: 4499, codes: [1008] });
    for (const code of [4000, 4001, 4499, 1008]) assert.equal(isTerminalClose(code, terminalCloses), true, String(code));
    assert.equal(isTerminalClose(1008, connectionPolicy(DEFAULT_STREAM_OPTIONS).terminalCloses), true, 'the default policy too');
    for (const code of [1000, 1006, 1011, 1012, 3999, 4500, 4900, 'close', '4000', '1008', undefined]) {
      assert.equal(isTerminalClose(code, terminalCloses), false, String(code));
    }
  });

  it('resets the preview order on a re-open only: not on the first open, not while reconnecting', () => {
    const policy = connectionPolicy(options);
    assert.deepEqual(resetsOnOpen(policy, 'open', 2), ['preview-order']);
    assert.deepEqual(resetsOnOpen(policy, 'open', 7), ['preview-order']);
    assert.deepEqual(resetsOnOpen(policy, 'open', 1), []);
    assert.deepEqual(resetsOnOpen(policy, 'reconnecting', 3), []);
    assert.deepEqual(resetsOnOpen(policy, 'connecting', 2), []);
  });

  it('adds no jitter to the first attempt and a bounded random share of the backoff to later ones', () => {
    const policy = connectionPolicy({ ...options, minReconnectDelayMs: 250, reconnectGrowFactor: 2, maxReconnectDelayMs: 2000, reconnectJitter: 0.5 });
    assert.equal(reconnectJitterMs(0, policy, () => 1), 0);
    assert.equal(reconnectJitterMs(1, policy, () => 1), 125);
    assert.equal(reconnectJitterMs(3, policy, () => 1), 500);
    assert.equal(reconnectJitterMs(10, policy, () => 1), 1000, 'capped with the delay');
    assert.equal(reconnectJitterMs(3, policy, () => 0), 0);
    const spread = new Set(Array.from({ length: 50 }, () => reconnectJitterMs(4, policy)));
    assert.ok(spread.size > 10, 'widgets do not reconnect in lockstep');
  });
});
