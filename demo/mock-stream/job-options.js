// @ts-check
// The options of one mock job (from a WS query string, a POST /jobs body or CLI flags): their defaults,
// and parsing that turns any of those sources into a checked JobOptions or throws a readable error.
import { DTYPES } from './preview-encoding.js';
import { PATTERNS } from './pattern-volume.js';

/** The fault injections; each happens once, at preview `faultAt`. */
export const FAULTS = Object.freeze([
  'none', 'drop', 'stall', 'malformed-json', 'schema', 'length', 'dtype', 'oversize', 'close4000',
  'flood', 'fail', 'hostile', 'raw', 'url404', 'urlstall', 'chunkdrop', 'closebeforeend', 'burst',
]);

/** The most a `raw` frame may hold (characters of text, or bytes after base64). */
const MAX_RAW_LENGTH = 1024 * 1024;

/**
 * @typedef {import('./synthetic-volume.js').Shape3} Shape3
 * @typedef {import('./preview-encoding.js').Dtype} Dtype
 * @typedef {import('./preview-encoding.js').Compression} Compression
 * @typedef {{
 *   hz: number, shape: Shape3, dtype: Dtype, labels: number, previews: number,
 *   style: 'enveloped' | 'flat' | 'cryomamba' | 'apigateway', encoding: 'base64' | 'binary' | 'msgpack',
 *   compression: Compression,
 *   original: Shape3 | null, fault: string, faultAt: number, oversizeBytes: number,
 *   floodRate: number, floodSeconds: number, queueMs: number, seed: number | null,
 *   raw: string, rawFrame: 'text' | 'binary', rawAfter: string, requireToken: string,
 *   pattern: import('./pattern-volume.js').Pattern,
 *   chunked: boolean, maxConnectionS: number, startOn: 'create' | 'watch',
 *   burstCount: number, burstMs: number, burstTerminal: 'none' | 'middle' | 'end',
 * }} JobOptions
 *   `raw`: what the `raw` fault sends verbatim in place of preview `faultAt`: the text of a text frame,
 *   or (`rawFrame: 'binary'`) the base64 of a binary frame's bytes; `rawAfter`, when set, a text frame sent
 *   right after it (two crafted messages back to back). `requireToken`: sockets watching this
 *   job must carry `?token=` with this value, else they are closed with 4001 "unauthorized".
 *   `style: 'apigateway'` (see gateway.js): previews by URL, or in chunks with `chunked`; `maxConnectionS`:
 *   a socket is closed (1001) this long after it opened, like API Gateway's 2-hour cap (0: never).
 *   `encoding: 'msgpack'` (see wire-encoding.js): every message msgpack, gzip-compressed above 1 KB.
 *   `startOn: 'watch'`: a job made by `POST /jobs` stays silent until its first (authorized) watcher
 *   attaches, so a test can make a job first and connect later without losing its first messages.
 *   `burst*`: the `burst` fault sends `burstCount` previews (each after its progress) within `burstMs`,
 *   with `job_failed` after the middle one (`burstTerminal: 'middle'`, the rest still follow) or
 *   `job_completed` right after the last (`'end'`).
 */

/** @type {Readonly<JobOptions>} */
export const DEFAULT_JOB_OPTIONS = Object.freeze({
  hz: 1,
  shape: /** @type {Shape3} */ ([40, 64, 96]),
  dtype: 'uint8',
  labels: 4,
  previews: 10,
  style: 'enveloped',
  encoding: 'base64',
  compression: 'none',
  original: null,
  fault: 'none',
  faultAt: 2,
  oversizeBytes: 80 * 1024 * 1024,
  floodRate: 10_000,
  floodSeconds: 1,
  queueMs: 0,
  seed: null,
  raw: '',
  rawFrame: 'text',
  rawAfter: '',
  requireToken: '',
  pattern: 'objects',
  chunked: false,
  maxConnectionS: 0,
  startOn: 'create',
  burstCount: 40,
  burstMs: 150,
  burstTerminal: 'none',
});

/** Keys that may travel with the options but are not options. */
const PASS_THROUGH = new Set(['token', 'job_id']);

/**
 * Parses options over `base`. Values may be strings (query string, CLI) or JSON values.
 * Unknown keys are an error (a typo should not pass silently), except `token`, `job_id` and keys
 * starting with `_` (cache busters some socket libraries add).
 * @param {Record<string, unknown>} input
 * @param {Readonly<JobOptions>} [base]
 * @returns {JobOptions}
 */
export function parseJobOptions(input, base = DEFAULT_JOB_OPTIONS) {
  /** @type {JobOptions} */
  const options = { ...base, shape: [...base.shape], original: base.original && [...base.original] };
  /** @type {unknown} */
  let original;
  /** @type {Set<string>} */
  const given = new Set();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || PASS_THROUGH.has(key) || key.startsWith('_')) continue;
    given.add(key);
    switch (key) {
      case 'hz': options.hz = number(key, value, { min: 0.001, max: 1000 }); break;
      case 'shape': options.shape = shape3(key, value); break;
      case 'dtype': options.dtype = oneOf(key, value, /** @type {Dtype[]} */ (Object.keys(DTYPES))); break;
      case 'labels': options.labels = integer(key, value, 1, 0xffff); break;
      case 'previews': options.previews = integer(key, value, 1, 1_000_000); break;
      case 'style': options.style = oneOf(key, value, ['enveloped', 'flat', 'cryomamba', 'apigateway']); break;
      case 'encoding': options.encoding = oneOf(key, value, ['base64', 'binary', 'msgpack']); break;
      case 'compression': options.compression = oneOf(key, value, ['none', 'gzip', 'deflate']); break;
      case 'original': original = value; break; // resolved after the loop: a factor needs the final shape
      case 'fault': options.fault = value === '' ? 'none' : oneOf(key, value, FAULTS); break;
      case 'faultAt': options.faultAt = integer(key, value, 1, 1_000_000); break;
      case 'oversizeBytes': options.oversizeBytes = integer(key, value, 1, 2 ** 30); break;
      case 'floodRate': options.floodRate = integer(key, value, 1, 1_000_000); break;
      case 'floodSeconds': options.floodSeconds = number(key, value, { min: 0.01, max: 600 }); break;
      case 'queueMs': options.queueMs = integer(key, value, 0, 3_600_000); break;
      case 'seed': options.seed = value === null || value === '' ? null : integer(key, value, 0, 0xffffffff); break;
      case 'raw': options.raw = text(key, value, MAX_RAW_LENGTH); break;
      case 'rawFrame': options.rawFrame = oneOf(key, value, ['text', 'binary']); break;
      case 'rawAfter': options.rawAfter = text(key, value, MAX_RAW_LENGTH); break;
      case 'requireToken': options.requireToken = text(key, value, 200); break;
      case 'pattern': options.pattern = oneOf(key, value, PATTERNS); break;
      case 'chunked': options.chunked = flag(key, value); break;
      case 'maxConnectionS': options.maxConnectionS = number(key, value, { min: 0, max: 7200 }); break;
      case 'startOn': options.startOn = oneOf(key, value, ['create', 'watch']); break;
      case 'burstCount': options.burstCount = integer(key, value, 1, 1000); break;
      case 'burstMs': options.burstMs = integer(key, value, 0, 60_000); break;
      case 'burstTerminal': options.burstTerminal = oneOf(key, value, ['none', 'middle', 'end']); break;
      default: throw new Error(`unknown option "${key}"`);
    }
  }
  if (options.style === 'cryomamba') applyCryoMambaDefaults(options, given);
  if (original !== undefined) options.original = original === null || original === '' ? null : originalShape(original, options.shape);
  const { maxLabel } = DTYPES[options.dtype];
  if (options.labels > maxLabel) throw new Error(`labels ${options.labels} do not fit in dtype ${options.dtype}`);
  if (options.shape.reduce((a, b) => a * b, 1) > 2 ** 28) throw new Error('shape is larger than 2^28 voxels');
  if (options.fault === 'raw' && options.raw === '') throw new Error('fault raw needs a raw message');
  if (options.fault === 'chunkdrop' && !(options.style === 'apigateway' && options.chunked)) throw new Error('fault chunkdrop needs style apigateway with chunked');
  if (options.rawFrame === 'binary' && !/^[A-Za-z0-9+/]*={0,2}$/.test(options.raw)) throw new Error('raw must be base64 when rawFrame is binary');
  return options;
}

/** What the real CryoMamba server streams (see CRYOMAMBA_DEFAULTS); the options a test sets still win. */
export const CRYOMAMBA_DEFAULTS = Object.freeze({
  shape: /** @type {Shape3} */ ([25, 64, 64]),
  original: /** @type {Shape3} */ ([96, 240, 240]),
  labels: 1,
  dtype: /** @type {Dtype} */ ('uint8'),
});

/**
 * `style: cryomamba` streams 0/1 masks of a [96,240,240] tomogram on a [25,64,64] grid, uncompressed
 * base64 (its only form), and of the faults knows only `fail`.
 * @param {JobOptions} options @param {Set<string>} given
 */
function applyCryoMambaDefaults(options, given) {
  if (!given.has('shape')) options.shape = [...CRYOMAMBA_DEFAULTS.shape];
  if (!given.has('original')) options.original = [...CRYOMAMBA_DEFAULTS.original];
  if (!given.has('labels')) options.labels = CRYOMAMBA_DEFAULTS.labels;
  if (given.has('dtype') && options.dtype !== 'uint8') throw new Error('style cryomamba streams uint8 masks');
  if (options.encoding !== 'base64' || options.compression !== 'none') throw new Error('style cryomamba sends base64 without compression');
  if (options.fault !== 'none' && options.fault !== 'fail') throw new Error(`style cryomamba supports the faults none and fail, not ${options.fault}`);
}

/**
 * `original` is z,y,x like `shape`, or one number: a factor applied to every axis of `shape`.
 * @param {unknown} value @param {Shape3} shape
 * @returns {Shape3}
 */
function originalShape(value, shape) {
  if (typeof value === 'number' || (typeof value === 'string' && !value.includes(','))) {
    const factor = number('original', value, { min: 1, max: 64 });
    return [Math.round(shape[0] * factor), Math.round(shape[1] * factor), Math.round(shape[2] * factor)];
  }
  return shape3('original', value);
}

/** @param {string} key @param {unknown} value @returns {Shape3} */
function shape3(key, value) {
  const parts = Array.isArray(value) ? value : String(value).split(',');
  if (parts.length !== 3) throw new Error(`${key} must be three integers z,y,x, got "${value}"`);
  const [z, y, x] = parts.map((part) => integer(key, part, 1, 4096));
  return [/** @type {number} */ (z), /** @type {number} */ (y), /** @type {number} */ (x)];
}

/**
 * @template {string} T
 * @param {string} key @param {unknown} value @param {readonly T[]} allowed
 * @returns {T}
 */
function oneOf(key, value, allowed) {
  if (typeof value === 'string' && allowed.includes(/** @type {T} */ (value))) return /** @type {T} */ (value);
  throw new Error(`${key} must be one of ${allowed.join(', ')}, got "${value}"`);
}

/** @param {string} key @param {unknown} value @param {number} maxLength */
function text(key, value, maxLength) {
  if (typeof value === 'string' && value.length <= maxLength) return value;
  throw new Error(`${key} must be a string of at most ${maxLength} characters`);
}

/** `1`/`true` or `0`/`false` (query strings and CLI flags are text). @param {string} key @param {unknown} value */
function flag(key, value) {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false' || value === '') return false;
  throw new Error(`${key} must be 1 or 0, got "${value}"`);
}

/** @param {string} key @param {unknown} value @param {number} min @param {number} max */
function integer(key, value, min, max) {
  const n = number(key, value, { min, max });
  if (!Number.isInteger(n)) throw new Error(`${key} must be an integer, got "${value}"`);
  return n;
}

/** @param {string} key @param {unknown} value @param {{ min: number, max: number }} range */
function number(key, value, { min, max }) {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`${key} must be a number in ${min}..${max}, got "${value}"`);
  return n;
}
