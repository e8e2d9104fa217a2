// A zone that is never UTC (and observes DST) makes "local time" observable in these tests; node:test
// runs each file in its own process, so this affects no other file.
process.env.TZ = 'America/New_York';

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseServerMessage, parseTimestamp, timestampMs } from '../../src/protocol/index.ts';

describe('parseTimestamp', () => {
  it('reads a Python isoformat() time with microseconds and no zone as local time', () => {
    const local = new Date(2025, 9, 1, 12, 0, 0, 123).getTime();
    assert.equal(parseTimestamp('2025-10-01T12:00:00.123456'), local);
    assert.equal(local - Date.UTC(2025, 9, 1, 12, 0, 0, 123), 4 * 3600_000, 'New York is UTC-4 in October');
  });

  it('reads a zone-less time without fractional seconds as local time', () => {
    assert.equal(parseTimestamp('2025-10-01T12:00:00'), new Date(2025, 9, 1, 12).getTime());
  });

  it('reads local time in winter with the winter offset', () => {
    assert.equal(parseTimestamp('2025-01-15T12:00:00') ?? 0, Date.UTC(2025, 0, 15, 17));
  });

  it('reads Z as UTC', () => {
    assert.equal(parseTimestamp('2024-01-15T10:30:15Z'), Date.UTC(2024, 0, 15, 10, 30, 15));
  });

  it('applies an explicit offset, with or without a colon', () => {
    assert.equal(parseTimestamp('2025-10-01T12:00:00.5+02:00'), Date.UTC(2025, 9, 1, 10, 0, 0, 500));
    assert.equal(parseTimestamp('2025-10-01T12:00:00-0530'), Date.UTC(2025, 9, 1, 17, 30));
  });

  it('accepts the space separator of Python str(datetime)', () => {
    assert.equal(parseTimestamp('2025-10-01 12:00:00.000001'), new Date(2025, 9, 1, 12).getTime());
  });

  it('reads a date without a time as local midnight', () => {
    assert.equal(parseTimestamp('2025-10-01'), new Date(2025, 9, 1).getTime());
  });

  it('cuts sub-millisecond digits instead of rounding them up', () => {
    assert.equal(parseTimestamp('2025-10-01T12:00:00.999999Z'), Date.UTC(2025, 9, 1, 12, 0, 0, 999));
  });

  it('returns undefined for text that is not an ISO date, and never throws', () => {
    const bad = ['', 'yesterday', '2025-13-01T00:00:00', '2025-02-30T00:00:00', '2025-10-01T25:00:00',
      '2025-10-01T12:60:00', '2025-10-01T12:00:00+25:00', `2025-10-01T12:00:00${'0'.repeat(100_000)}`, '1'];
    for (const text of bad) assert.equal(parseTimestamp(text), undefined, text.slice(0, 40));
    assert.equal(parseTimestamp(42 as unknown as string), undefined);
  });
});

describe('timestampMs', () => {
  it('reads small numbers as epoch seconds and large ones as epoch milliseconds', () => {
    assert.equal(timestampMs(1_700_000_000), 1_700_000_000_000);
    assert.equal(timestampMs(1_700_000_000_123), 1_700_000_000_123);
  });

  it('returns undefined for negative, non-finite and non-time values', () => {
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, null, {}, [], true]) {
      assert.equal(timestampMs(value), undefined);
    }
  });
});

describe('parseServerMessage sentAt', () => {
  it('stamps an event with the local-time reading of a zone-less envelope timestamp', () => {
    const result = parseServerMessage('{"type":"pong","timestamp":"2025-10-01T12:00:00.123456"}');
    assert.deepEqual(result, { ok: true, message: { kind: 'heartbeat', sentAt: new Date(2025, 9, 1, 12, 0, 0, 123).getTime() } });
  });

  it('accepts a message whose timestamp is unreadable, leaving sentAt out', () => {
    const result = parseServerMessage('{"type":"pong","timestamp":"not a time"}');
    assert.deepEqual(result, { ok: true, message: { kind: 'heartbeat' } });
  });
});
