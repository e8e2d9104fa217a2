// JSON.parse for messages that are mostly one long string (a preview's base64 payload, 22 MB at 256³):
// the string's characters are cut out before the parse and put back after it, so the parser neither
// scans nor copies them (in Chromium a 22 MB copy is mostly page faults on fresh memory: 100–500 ms on
// a loaded 2-core machine, against ≈ 1 ms for the checks here). The value is a slice of the message.
// Same result as JSON.parse(text, reviver), same failures. Pure.

/** Strings at least this long are cut out; a message without one is parsed as it is. */
export const LONG_STRING_CHARS = 64 * 1024;

export type Reviver = (key: string, value: unknown) => unknown;

/** The long string's value during the parse: a text without a backslash holds no U+0000 in any string (JSON spells it only as an escape). */
const STAND_IN = '\u0000';
const STAND_IN_LITERAL = '\\u0000';
/** JSON strings may not hold these raw. */
const CONTROL = /[\u0000-\u001f]/;
const JSON_WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** JSON.parse(text, reviver), without copying the first string of at least `minChars` characters. Throws as JSON.parse does. */
export function parseJsonWithLongString(text: string, reviver: Reviver, minChars = LONG_STRING_CHARS): unknown {
  const cut = longStringAt(text, minChars);
  if (!cut) return JSON.parse(text, reviver);
  const content = text.slice(cut.start, cut.end);
  const skeleton = text.slice(0, cut.start) + STAND_IN_LITERAL + text.slice(cut.end);
  return JSON.parse(skeleton, (key, value: unknown) => reviver(key, value === STAND_IN ? content : value));
}

/**
 * Where the characters of the first string value of at least `minChars` characters are, when cutting
 * them out cannot change what the text parses to: the text has no backslash (so no escapes, and every
 * quote opens or closes a string, in pairs), the string holds no raw control character (JSON.parse must
 * still refuse those), and it is not an object key. Otherwise undefined: parse the whole text.
 */
export function longStringAt(text: string, minChars = LONG_STRING_CHARS): { start: number; end: number } | undefined {
  if (text.length < minChars + 2 || text.includes('\\')) return undefined;
  for (let open = text.indexOf('"'); open >= 0; open = text.indexOf('"', open)) {
    const close = text.indexOf('"', open + 1);
    if (close < 0) return undefined;
    if (close - open - 1 >= minChars) {
      if (CONTROL.test(text.slice(open + 1, close)) || isKey(text, close + 1)) return undefined;
      return { start: open + 1, end: close };
    }
    open = close + 1;
  }
  return undefined;
}

/** Whether the string ending before `at` is followed by a colon (it is an object key). */
function isKey(text: string, at: number): boolean {
  while (at < text.length && JSON_WHITESPACE.has(text.charCodeAt(at))) at += 1;
  return text.charCodeAt(at) === 0x3a;
}
