// Every fixture in test/fixtures/protocol is a wire message (or raw text) with the result it must
// parse to; this runs them all. Fixtures whose expected event (or preview header) has no sentAt do not check sentAt.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { parseServerMessage, SERVER_MESSAGE_TYPES } from '../../src/protocol/index.ts';

const fixtureSchema = z.object({
  spec: z.string(),
  frame: z.enum(['text', 'binary']).optional(),
  message: z.record(z.string(), z.unknown()).optional(),
  text: z.string().optional(),
  expect: z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), message: z.record(z.string(), z.unknown()) }),
    z.object({
      ok: z.literal(false),
      error: z.object({
        rule: z.string(),
        field: z.string().optional(),
        jobId: z.string().optional(),
        message: z.string().optional(),
      }),
    }),
  ]),
});
type Fixture = z.output<typeof fixtureSchema>;

const directory = new URL('../fixtures/protocol/', import.meta.url);
const fixtures = readdirSync(directory)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, ...fixtureSchema.parse(JSON.parse(readFileSync(new URL(name, directory), 'utf8'))) }));

function wireText(fixture: Fixture): string {
  return fixture.text ?? JSON.stringify(fixture.message);
}

describe('protocol fixtures', () => {
  it('has a valid fixture for every server message type the parser knows', () => {
    const covered = new Set(
      fixtures.filter((f) => f.expect.ok && !f.name.startsWith('invalid-')).map((f) => String(f.message?.type)),
    );
    for (const type of SERVER_MESSAGE_TYPES) assert.ok(covered.has(type), `no valid fixture for "${type}"`);
  });

  it('names every fixture that must fail invalid-*.json, and only those', () => {
    for (const f of fixtures) assert.equal(f.name.startsWith('invalid-'), !f.expect.ok, f.name);
  });

  for (const fixture of fixtures) {
    it(`${fixture.spec} (${fixture.name})`, () => {
      const result = parseServerMessage(wireText(fixture), fixture.frame ? { frame: fixture.frame } : {});
      if (fixture.expect.ok) {
        assert.equal(result.ok, true, result.ok ? '' : result.error.message);
        if (!result.ok) return;
        const actual: Record<string, unknown> = { ...result.message };
        if (!('sentAt' in fixture.expect.message)) delete actual.sentAt;
        // A zone-less timestamp is local time: fixtures that do not name sentAt do not depend on the zone.
        const expectedHeader = fixture.expect.message.header;
        if ('header' in result.message && typeof expectedHeader === 'object' && expectedHeader !== null && !('sentAt' in expectedHeader)) {
          const { sentAt: _sentAt, ...header } = result.message.header;
          actual.header = header;
        }
        assert.deepEqual(actual, fixture.expect.message);
      } else {
        assert.equal(result.ok, false);
        if (result.ok) return;
        const { message, ...where } = result.error;
        const { message: expectedMessage, ...expectedWhere } = fixture.expect.error;
        assert.deepEqual(where, expectedWhere);
        assert.match(message, /^[A-Z].*\.$/, 'the error is one sentence');
        if (expectedMessage !== undefined) assert.equal(message, expectedMessage);
      }
    });
  }
});

describe('protocol fixture payloads', () => {
  function previewData(name: string): Record<string, unknown> {
    const fixture = fixtures.find((f) => f.name === name);
    assert.ok(fixture?.message);
    return fixture.message.data as Record<string, unknown>;
  }

  it('carries a real little-endian float32 mask of 0.0 and 1.0 in preview-float32-mask.json', () => {
    const data = previewData('preview-float32-mask.json');
    const bytes = Buffer.from(String(data.payload), 'base64');
    assert.equal(bytes.length, 2 * 3 * 4 * 4);
    const values = Array.from({ length: 24 }, (_, i) => bytes.readFloatLE(i * 4));
    assert.ok(values.every((v) => v === 0 || v === 1));
    assert.ok(values.includes(0) && values.includes(1));
  });

  it('carries real gzip of a [32,64,64] uint8 volume in preview-downsampled-gzip.json', () => {
    const data = previewData('preview-downsampled-gzip.json');
    assert.equal(gunzipSync(Buffer.from(String(data.payload), 'base64')).length, 32 * 64 * 64);
  });
});
