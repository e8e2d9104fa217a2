// A gateway's error frames as job errors: only `Forbidden` is a missing route (said once per job until
// the options change, with advice for the key in use); any other answer is the server failing, a
// `server` error said at most once per interval per text and job.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayErrorCause } from '../../src/protocol/gateway-error.ts';
import { GATEWAY_SERVER_ERROR_INTERVAL_MS, GatewayReports } from '../../src/stream/gateway-reports.ts';

const at = (now: number, key = 'type') => ({ sent: 'ping' as const, key, now });

describe('gatewayErrorCause', () => {
  it('only Forbidden is a route problem', () => {
    assert.equal(gatewayErrorCause('Forbidden'), 'route');
    assert.equal(gatewayErrorCause(' forbidden '), 'route');
    for (const text of ['Internal server error', 'Endpoint request timed out', 'Too Many Requests']) assert.equal(gatewayErrorCause(text), 'server');
  });
});

describe('GatewayReports', () => {
  it('says Forbidden once per job, advising `action` while the key is `type`', () => {
    const reports = new GatewayReports();
    const first = reports.answer(['a', 'b'], 'Forbidden', at(0));
    assert.deepEqual(first.map((r) => [r.jobId, r.code]), [['a', 'route'], ['b', 'route']]);
    assert.match(first[0]!.message, /no route for "ping" messages sent with the key "type".*set client-message-key.*"action"/);
    assert.deepEqual(reports.answer(['a', 'b'], 'Forbidden', at(60_000)), [], 'not again for the session');
  });

  it('says it again after the options change, with advice for the key now in use', () => {
    const reports = new GatewayReports();
    reports.answer(['a'], 'Forbidden', at(0));
    reports.reset();
    const [again] = reports.answer(['a'], 'Forbidden', at(1, 'action'));
    assert.equal(again?.code, 'route');
    assert.doesNotMatch(again!.message, /set client-message-key/);
    assert.match(again!.message, /key "action".*route selection expression/);
  });

  it('calls any other answer a server error, each text at most once per interval per job', () => {
    const reports = new GatewayReports();
    const error = reports.answer(['a'], 'Internal server error', at(0));
    assert.deepEqual(error.map((r) => r.code), ['server']);
    assert.match(error[0]!.message, /answered "Internal server error" to a "ping" message/);
    assert.deepEqual(reports.answer(['a'], 'Internal server error', at(GATEWAY_SERVER_ERROR_INTERVAL_MS - 1)), []);
    assert.deepEqual(reports.answer(['a'], 'Endpoint request timed out', at(5)).map((r) => r.code), ['server'], 'another text is news');
    assert.deepEqual(reports.answer(['a'], 'Internal server error', at(GATEWAY_SERVER_ERROR_INTERVAL_MS)).map((r) => r.code), ['server'], 'and again later');
    assert.deepEqual(reports.answer(['a'], 'Forbidden', at(6)).map((r) => r.code), ['route'], 'server errors do not use up the route report');
  });
});
