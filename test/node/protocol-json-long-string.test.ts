import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { longStringAt, parseJsonWithLongString } from '../../src/protocol/json-long-string.ts';
import { mulberry32 as random } from '../fixtures/random-bytes.ts';

const reviver = (key: string, value: unknown) => (key === '__proto__' ? undefined : value);

/** What JSON.parse does with the text: its value, or that it threw (and what kind of error). */
function outcome(parse: () => unknown): { value: unknown } | { threw: string } {
  try {
    return { value: parse() };
  } catch (error) {
    return { threw: (error as Error).constructor.name };
  }
}

/** The fast parse must agree with JSON.parse on the text, value for value, failure for failure. */
function assertSameAsJsonParse(text: string, minChars: number): void {
  const expected = outcome(() => JSON.parse(text, reviver));
  const actual = outcome(() => parseJsonWithLongString(text, reviver, minChars));
  assert.deepEqual(actual, expected, JSON.stringify(text));
}

/** Characters that matter to JSON, for corruptions and (rarely) inside strings. */
const CHARS = 'ab09+/= "\\:,{}[]\n\t\u0001\u0000é';
const PLAIN = 'ABab09+/= é';

function randomString(rand: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += rand() < 0.02 ? CHARS[Math.floor(rand() * CHARS.length)] : PLAIN[Math.floor(rand() * PLAIN.length)];
  return s;
}

function randomValue(rand: () => number, depth: number): unknown {
  const pick = rand();
  if (depth > 3 || pick < 0.3) return randomString(rand, Math.floor(rand() * 12));
  if (pick < 0.4) return Math.floor(rand() * 1000) - 500;
  if (pick < 0.45) return rand() < 0.5 ? null : true;
  if (pick < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const keys = ['type', 'data', 'payload', '__proto__', 'x', randomString(rand, 3)];
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [keys[Math.floor(rand() * keys.length)]!, randomValue(rand, depth + 1)]));
}

describe('parseJsonWithLongString: JSON.parse without copying the long string', () => {
  it('cuts out the long string of a preview-like message and gives back the same value', () => {
    const payload = 'QUJD'.repeat(40);
    const text = JSON.stringify({ type: 'preview', job_id: 'j', data: { shape: [1, 2, 3], payload, dtype: 'uint8' } });
    assert.ok(longStringAt(text, 100), 'the payload is cut out');
    assert.deepEqual(parseJsonWithLongString(text, reviver, 100), JSON.parse(text));
  });

  it('does not cut where a cut could change the result, and agrees with JSON.parse there', () => {
    const long = 'x'.repeat(20);
    const cases = [
      `{"${long}":1}`, // a key
      `{"${long}" \n :1}`,
      `{"a":"${long}\u0001"}`, // a raw control character: invalid JSON
      `{"a":"${long}\n"}`,
      `{"a":"\\u0000","b":"${long}"}`, // an escape that spells the stand-in
      `{"b":"${long}","a":"\\u0000"}`,
      `{"a":"q\\"${long}"}`, // an escaped quote before the long string
      `{"a":"${long}`, // unterminated
    ];
    for (const text of cases) {
      if (!text.endsWith(`"${long}`)) assert.equal(longStringAt(text, 10), undefined, JSON.stringify(text));
      assertSameAsJsonParse(text, 10);
    }
  });

  it('agrees with JSON.parse where it cuts: top level, in arrays, twice, beside __proto__, around bad JSON', () => {
    const long = 'AAAA'.repeat(5);
    const cases = [
      `"${long}"`,
      ` [ "${long}" , "${long}" ] `,
      `{"__proto__":"${long}","a":1}`,
      `{"a":{"__proto__":{"b":2}},"c":"${long}"}`,
      `{"a":"${long}",}`, // a trailing comma: invalid
      `{"a":"${long}" "b"}`,
      `{"a" "${long}"}`,
      `{"a":1 "${long}"}`,
      `{"a":"${long}"}}`,
      `{"a":"${long}"}\u0000`,
      `{"a":"${long}","b":"${long}x"}`,
      `{"a":"${long}é"}`,
    ];
    for (const text of cases) assertSameAsJsonParse(text, 10);
    assert.ok(longStringAt(`"${long}"`, 10));
  });

  it('agrees with JSON.parse on random messages and random corruptions of them', () => {
    const rand = random(14);
    let cut = 0;
    for (let round = 0; round < 3000; round++) {
      let text = JSON.stringify(randomValue(rand, 0)) ?? 'null';
      if (rand() < 0.3) {
        const at = Math.floor(rand() * (text.length + 1));
        text = text.slice(0, at) + CHARS[Math.floor(rand() * CHARS.length)] + text.slice(at + (rand() < 0.5 ? 1 : 0));
      }
      if (longStringAt(text, 4)) cut++;
      assertSameAsJsonParse(text, 4);
    }
    assert.ok(cut > 300, `the fast path ran on ${cut} of 3000 texts`);
  });
});
