// The one error type of the labels layer: a human sentence plus the rule of the preview payload it broke.
// The worker turns it into an error event for the job; it never crosses the worker boundary as a throw.

/** Which part of a preview was wrong: the encoding, the byte count, the dtype, the ids, or the compression. */
export type LabelDecodeRule = 'payload' | 'length' | 'labels' | 'compression';

export class LabelDecodeError extends Error {
  readonly rule: LabelDecodeRule;

  constructor(rule: LabelDecodeRule, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LabelDecodeError';
    this.rule = rule;
  }
}
