// Turns a zod issue on a server message into a ProtocolError: which rule broke, in which field, said
// in one plain sentence. Server values appear in the sentence only quoted and cut short.

import type * as z from 'zod';
import { DTYPES, voxelCount } from '../labels/dtype.ts';
import { boundText } from './limits.ts';
import type { ProtocolError, ProtocolRule } from './protocol-error.ts';

/** A server value quoted inside a sentence is cut to this many characters. */
const MAX_QUOTE_LENGTH = 80;

/** Which rule each preview `data` field belongs to. */
const PREVIEW_FIELD_RULES: Readonly<Record<string, ProtocolRule>> = {
  dtype: 'dtype',
  shape: 'shape',
  original_shape: 'shape',
  downsampled_shape: 'shape',
  scale: 'scale',
  payload: 'payload',
  compression: 'payload',
  url: 'payload',
  chunk: 'payload',
  chunks: 'payload',
};

const NEEDS: Partial<Record<ProtocolRule, string>> = {
  shape: 'must be three positive integers',
  scale: 'must be three finite positive numbers',
};

export function explainIssue(
  issue: z.core.$ZodIssue,
  message: Record<string, unknown>,
  maxDeclaredVoxels: number,
): ProtocolError {
  const type = String(message.type);
  const [head, name] = issue.path;
  if (type === 'preview' && head === 'data' && typeof name === 'string' && Object.hasOwn(PREVIEW_FIELD_RULES, name)) {
    const params = issue.code === 'custom' ? issue.params : undefined;
    const rule = params?.rule === 'voxel-limit' ? 'voxel-limit' : (PREVIEW_FIELD_RULES[name] ?? 'schema');
    const value = valueAt(message, ['data', name]);
    return { rule, field: `data.${name}`, message: previewSentence(rule, name, value, maxDeclaredVoxels) };
  }
  const field = fieldName(issue.path);
  const value = valueAt(message, issue.path);
  let sentence: string;
  if (issue.code === 'invalid_type' && value === undefined) {
    sentence = `The "${type}" message is missing its ${field} field.`;
  } else if (issue.code === 'invalid_type') {
    sentence = `The "${type}" message's ${field} must be ${article(issue.expected)}, not ${kindOf(value)}.`;
  } else {
    sentence = `The "${type}" message's ${field} ${quote(value)} is invalid (${boundText(issue.message, 200)}).`;
  }
  return { rule: 'schema', field, message: boundText(sentence) };
}

function previewSentence(rule: ProtocolRule, name: string, value: unknown, maxDeclaredVoxels: number): string {
  if (rule === 'dtype') {
    const expected = `expected one of ${DTYPES.join(', ')}`;
    return value === undefined
      ? `Preview dtype is missing (${expected}).`
      : `Preview dtype ${quote(value)} is not supported (${expected}).`;
  }
  if (rule === 'voxel-limit') {
    const count = Array.isArray(value) ? voxelCount(value as number[]) : Number.NaN;
    return `Preview shape ${quote(value)} declares ${count} voxels, more than the limit of ${maxDeclaredVoxels}.`;
  }
  if (name === 'compression') {
    return `Preview compression ${quote(value)} is not supported (expected gzip, deflate or none).`;
  }
  if (name === 'payload') {
    return value === ''
      ? 'Preview payload is empty.'
      : `Preview payload must be a base64 string, not ${kindOf(value)}.`;
  }
  const need = NEEDS[rule] ?? 'is invalid';
  return value === undefined
    ? `Preview ${name} is missing: it ${need}.`
    : `Preview ${name} ${quote(value)} ${need}.`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || typeof key === 'symbol' || !Object.hasOwn(value, key)) {
      return undefined;
    }
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(boundText(value, MAX_QUOTE_LENGTH));
  return boundText(jsonText(value), MAX_QUOTE_LENGTH);
}

/** JSON, except that a number JSON cannot write (`1e999` parses to Infinity) is shown as it is, not as null. */
function jsonText(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'number')) return `[${value.map(String).join(',')}]`;
  return JSON.stringify(value) ?? String(value);
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return article(typeof value);
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
