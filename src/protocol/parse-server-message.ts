// The entry point for every message a server sends: JSON text (or an already decoded msgpack value) in,
// one normalized JobMessage or one ProtocolError out. Never throws, so one bad message cannot stop a stream.

import { explainIssue, kindOf } from './explain-issue.ts';
import { gatewayError } from './gateway-error.ts';
import type { JobMessage, ParseResult } from './job-message.ts';
import { parseJsonWithLongString } from './json-long-string.ts';
import { boundText, DEFAULT_MAX_DECLARED_VOXELS } from './limits.ts';
import type { Frame } from './normalize-preview.ts';
import { normalizeServerMessage } from './normalize-server-message.ts';
import type { ProtocolError } from './protocol-error.ts';
import { jobIdOf, knownTypeIgnoringCase, SERVER_MESSAGE_TYPES, serverMessageSchema } from './server-messages.ts';
import { timestampMs } from './timestamps.ts';

export type { Frame, ParseResult };

export type ParseOptions = {
  /** 'binary': `text` is the JSON header of a binary frame, a preview whose bytes follow it. Default 'text'. */
  frame?: Frame;
  /** The most voxels a preview header may declare. Default DEFAULT_MAX_DECLARED_VOXELS. */
  maxDeclaredVoxels?: number;
};

export function parseServerMessage(text: string, options: ParseOptions = {}): ParseResult {
  let value: unknown;
  try {
    value = parseJsonWithLongString(text, withoutProtoKeys);
  } catch (error) {
    // The reviver recurses: valid JSON nested thousands deep overflows the stack rather than parse.
    const sentence = error instanceof RangeError ? 'The server sent a message nested too deeply to read.' : 'The server sent a message that is not valid JSON.';
    return fail({ rule: 'json', message: sentence });
  }
  return parseServerValue(value, options);
}

/** The same validation for a message decoded by other means (msgpack): plain objects, arrays, strings, numbers. */
export function parseServerValue(value: unknown, options: ParseOptions = {}): ParseResult {
  try {
    return parse(value, options.frame ?? 'text', options.maxDeclaredVoxels ?? DEFAULT_MAX_DECLARED_VOXELS);
  } catch {
    // Nothing below is meant to throw; this keeps a bug in it from killing the stream.
    return fail({ rule: 'schema', message: 'The server message could not be read.' });
  }
}

function parse(value: unknown, frame: Frame, maxDeclaredVoxels: number): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail({ rule: 'schema', message: `The server sent ${kindOf(value)} instead of a message object.` });
  }
  const message = value as Record<string, unknown>;
  const jobId = jobIdOf(message);
  const type = message.type;
  const gateway = gatewayError(message);
  if (gateway) return { ok: true, message: gateway };
  if (typeof type !== 'string') {
    const sentence =
      type === undefined
        ? 'The server sent a message without a "type" field.'
        : `The server sent a message whose "type" is ${kindOf(type)}, not a string.`;
    return fail({ rule: 'schema', field: 'type', message: sentence }, jobId);
  }
  if (frame === 'binary' && type !== 'preview') {
    const quoted = JSON.stringify(boundText(type, 80));
    const sentence = `A binary frame must carry a "preview" message, not ${quoted}.`;
    return fail({ rule: 'schema', field: 'type', message: sentence }, jobId);
  }
  if (!SERVER_MESSAGE_TYPES.has(type)) {
    const sameAs = knownTypeIgnoringCase(type);
    const event: JobMessage = sameAs === undefined ? { kind: 'ignored', type: boundText(type) } : { kind: 'ignored', type: boundText(type), sameAs };
    const sentAt = timestampMs(message.timestamp);
    if (jobId !== undefined) event.jobId = jobId;
    if (sentAt !== undefined) event.sentAt = sentAt;
    return { ok: true, message: event };
  }
  const result = serverMessageSchema(maxDeclaredVoxels).safeParse(message);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue === undefined) return fail({ rule: 'schema', message: `The "${type}" message is invalid.` }, jobId);
    return fail(explainIssue(issue, message, maxDeclaredVoxels), jobId);
  }
  return normalizeServerMessage(result.data, frame);
}

/** JSON.parse makes `__proto__` an own key; dropping it keeps any later copy of the object from re-parenting. */
function withoutProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

function fail(error: ProtocolError, jobId?: string): ParseResult {
  return { ok: false, error: jobId === undefined ? error : { ...error, jobId } };
}
