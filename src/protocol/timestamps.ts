// Server timestamps to epoch milliseconds. Python's `datetime.now().isoformat()` sends six fractional
// digits and no zone; such a time is local time. Parsed by hand so every engine agrees.

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

/** Longer than any ISO 8601 date-time; hostile strings are refused before the regex sees them. */
const MAX_TIMESTAMP_LENGTH = 64;

/** Epoch ms of an ISO 8601 date or date-time; a missing zone means local time. Never throws. */
export function parseTimestamp(text: string): number | undefined {
  if (typeof text !== 'string' || text.length > MAX_TIMESTAMP_LENGTH) return undefined;
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((d) =>
    d === undefined ? 0 : Number(d),
  ) as [number, number, number, number, number, number];
  // Microseconds and beyond are cut, not rounded: a rounded-up time could sort after a later one.
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const utc = m[8] !== undefined || m[9] !== undefined;
  // setFullYear, unlike the Date constructor, does not map years 0–99 to 1900–1999.
  const date = new Date(0);
  if (utc) {
    date.setUTCFullYear(year, month - 1, day);
    date.setUTCHours(hour, minute, second, ms);
    if (date.getUTCDate() !== day) return undefined;
  } else {
    date.setFullYear(year, month - 1, day);
    date.setHours(hour, minute, second, ms);
    if (date.getDate() !== day) return undefined;
  }
  let time = date.getTime();
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11] ?? '0');
    if (offsetHours > 23 || offsetMinutes > 59) return undefined;
    const sign = m[9] === '-' ? -1 : 1;
    time -= sign * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return Number.isFinite(time) ? time : undefined;
}

/**
 * Epoch ms of a timestamp field of any type: an ISO string, a number of seconds or milliseconds, or a
 * Date (what msgpack's Timestamp extension decodes to).
 */
export function timestampMs(value: unknown): number | undefined {
  if (typeof value === 'string') return parseTimestamp(value);
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.getTime() : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  // 1e11 ms is 1973 but 1e11 s is the year 5138: below it, the number can only be seconds.
  return value < 1e11 ? value * 1000 : value;
}
