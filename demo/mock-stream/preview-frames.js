// @ts-check
// Builds the one WebSocket frame of a preview tick (encoded once, then sent to every watcher), and the
// broken variants that the fault injections send in its place.
import { binaryPreviewFrame, compressBytes, DTYPES, labelBytes } from './preview-encoding.js';
import { gatewayPreviewMessages } from './gateway.js';
import { patternLabels } from './pattern-volume.js';
import { msgpackFrame } from './wire-encoding.js';

/** Markup in every string field of a `hostile` message: a widget that renders it as HTML would run it. */
export const HOSTILE_TEXT = '<img src=x onerror="globalThis.__mockPwned=1"><script>globalThis.__mockPwned=1</script>';
/** Keys that pollute Object.prototype when a message is merged into an object naively. */
export const HOSTILE_KEYS_JSON = '"__proto__":{"mockPolluted":true},"constructor":{"prototype":{"mockPolluted":true}}';

/**
 * @typedef {'normal' | 'schema' | 'length' | 'dtype' | 'oversize' | 'hostile'} PreviewVariant
 * @typedef {{ data: Buffer, binary: boolean, tail?: Buffer }} Frame  `tail`: the rest of the same message, sent as its last fragment
 * @typedef {import('./job-options.js').JobOptions} JobOptions
 * @typedef {import('./wire-messages.js').JobMessages} JobMessages
 */

/**
 * @param {{ options: JobOptions, messages: JobMessages, seed: number, previewId: number, variant?: PreviewVariant,
 *   publish?: (bytes: Buffer) => string }} tick
 *   previewId is 1-based; it shows step previewId - 1 of options.previews. `publish` keeps the bytes for
 *   download and returns their URL (for `style: apigateway`).
 * @returns {Frame[]} one frame, or (a chunked `apigateway` preview) several
 */
export function buildPreviewFrames({ options, messages, seed, previewId, variant = 'normal', publish }) {
  const { shape, dtype, labels, previews } = options;
  const sentAtMs = Date.now();
  let raw;
  if (variant === 'oversize') {
    raw = Buffer.alloc(options.oversizeBytes);
  } else {
    const ids = patternLabels({ pattern: options.pattern, shape, labels, step: previewId - 1, steps: previews, seed });
    raw = labelBytes(ids, dtype);
    if (variant === 'length') raw = raw.subarray(0, raw.length - Math.max(1, shape[2] * DTYPES[dtype].itemsize));
  }
  const bytes = variant === 'oversize' ? raw : compressBytes(raw, options.compression);
  const original = options.original ?? shape;
  /** @type {Record<string, unknown>} */
  const data = {
    // scale is [x, y, z]: preview size / original size per axis.
    scale: [shape[2] / original[2], shape[1] / original[1], shape[0] / original[0]],
    shape: variant === 'schema' ? 'abc' : shape,
    dtype: variant === 'dtype' ? 'complex64' : dtype,
    preview_id: previewId,
    timestamp: messages.timestamp(sentAtMs),
    original_shape: original,
    downsampled_shape: shape,
    method: variant === 'hostile' ? HOSTILE_TEXT : 'max',
    sent_at_ms: sentAtMs,
  };
  if (options.compression !== 'none' && variant !== 'oversize') data.compression = options.compression;
  const envelope = { type: 'preview', job_id: messages.jobId, timestamp: data.timestamp, data };
  if (options.style === 'apigateway' && publish && variant !== 'oversize') {
    const parts = gatewayPreviewMessages({ envelope, bytes, chunked: options.chunked, publish });
    return parts.map((part) => ({ data: Buffer.from(hostileKeys(JSON.stringify(part), variant), 'utf8'), binary: false }));
  }
  if (options.encoding === 'msgpack') {
    data.payload = bytes;
    return [msgpackFrame(envelope)];
  }
  if (options.encoding === 'binary') {
    return [{ data: binaryPreviewFrame(hostileKeys(JSON.stringify(envelope), variant), bytes), binary: true }];
  }
  data.payload = bytes.toString('base64');
  return [{ data: Buffer.from(hostileKeys(JSON.stringify(envelope), variant), 'utf8'), binary: false }];
}

/**
 * The one frame of a preview sent inline (no `publish`: an `apigateway` job's preview is then inline too).
 * @param {Omit<Parameters<typeof buildPreviewFrames>[0], 'publish'>} tick
 * @returns {Frame}
 */
export function buildPreviewFrame(tick) {
  return /** @type {Frame} */ (buildPreviewFrames(tick)[0]);
}

/**
 * A frame that is not JSON at all (the start of a preview, cut off).
 * @param {string} jobId
 * @returns {Frame}
 */
export function malformedJsonFrame(jobId) {
  return { data: Buffer.from(`{"type":"preview","job_id":${JSON.stringify(jobId)},"data":{"shape":[40,64,`), binary: false };
}

/**
 * The `raw` fault's frame: the job's `raw` option sent verbatim (a binary frame holds its base64-decoded bytes).
 * @param {{ raw: string, rawFrame: 'text' | 'binary' }} options
 * @returns {Frame}
 */
export function rawFrame({ raw, rawFrame }) {
  if (rawFrame === 'binary') return { data: Buffer.from(raw, 'base64'), binary: true };
  return { data: Buffer.from(raw, 'utf8'), binary: false };
}

/**
 * Adds `__proto__` / `constructor` keys to the message and its `data` for the hostile variant: they
 * can only exist as JSON text, since an object literal would set the prototype instead.
 * @param {string} json @param {PreviewVariant | 'hostile'} variant
 */
export function hostileKeys(json, variant) {
  if (variant !== 'hostile') return json;
  return `{${HOSTILE_KEYS_JSON},${json.slice(1)}`.replace('"data":{', `"data":{${HOSTILE_KEYS_JSON},`);
}
