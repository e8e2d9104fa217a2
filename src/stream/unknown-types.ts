// What to say about message types the widget does not know: once per type and job, so a job whose
// server speaks another dialect does not sit `open` forever without a word, and does not flood either.
// Pure.

/** A server inventing a new type per message must not flood the host with reports. */
export const MAX_UNKNOWN_TYPES_REPORTED = 20;

/**
 * The sentence for an ignored message of `type` (`sameAs`: the known type it matches but for case),
 * or undefined when this job already heard about it. `reported` is the job's set, updated here.
 */
export function unknownTypeReport(reported: Set<string>, type: string, sameAs: string | undefined): string | undefined {
  if (reported.has(type) || reported.size >= MAX_UNKNOWN_TYPES_REPORTED) return undefined;
  reported.add(type);
  const quoted = JSON.stringify(type.slice(0, 80));
  return sameAs === undefined
    ? `Messages of type ${quoted} are not understood and were ignored.`
    : `Messages of type ${quoted} were ignored: types are case-sensitive (did the server mean "${sameAs}"?).`;
}
