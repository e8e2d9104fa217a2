// A server message that broke the wire contract, as a value: which rule, which field, and a sentence a
// person can read. Never thrown.

export const PROTOCOL_RULES = [
  'json',
  'msgpack',
  'schema',
  'dtype',
  'shape',
  'voxel-limit',
  'scale',
  'payload',
  'size',
] as const;

/**
 * `json`: not JSON. `msgpack`: a binary message that is not msgpack. `schema`: not a message of a known
 * form. `dtype`, `shape`, `voxel-limit`, `scale`, `payload`: a preview header broke that rule. `size`: the
 * message is larger than the widget accepts (checked on arrival, before it is parsed, and on a gzip
 * message once inflated).
 */
export type ProtocolRule = (typeof PROTOCOL_RULES)[number];

export type ProtocolError = {
  rule: ProtocolRule;
  /** Dotted path of the offending field, e.g. `data.dtype`. */
  field?: string;
  /** One plain sentence; any server text in it is quoted and cut short. */
  message: string;
  jobId?: string;
};
