// @ts-check
// The bench's quiet server: every job's preview frames are encoded before the run (a ring the mock
// replays with fresh ids and timestamps), so the mock's CPU while a window is measured is near zero.
// Rings are encoded in a worker thread (ring-worker.js), off the mock's event loop, and kept for the
// scenario being run, so its clients replay the very same bytes.
import { Worker } from 'node:worker_threads';
import { FrameRing } from '../../demo/mock-stream/frame-ring.js';

/**
 * @typedef {import('../../demo/mock-stream/frame-ring.js').PreparedFrame} PreparedFrame
 * @typedef {import('./ring-worker.js').RingRequest} RingRequest
 */

/** Frames per ring: consecutive previews differ (the scene grows a little each step), and a ring of 256³ base64 previews holds 90 MB. */
const RING_SIZE = 4;
/** The ring shows steps 30–33 of a 100-step job: objects a third grown, as in the middle of a job. */
const RING_STEPS = 100;
const RING_FIRST_ID = 30;

/** @type {Map<string, Promise<FrameRing>>} */
const cache = new Map();

/** Options that shape the frames' bytes (not the job's clock or faults). */
const FRAME_KEYS = ['shape', 'dtype', 'labels', 'style', 'encoding', 'compression', 'original', 'seed'];

/**
 * The ring for a job with `spec` (and, for g, its differently shaped last preview).
 * @param {Record<string, unknown>} spec @param {Record<string, unknown> | undefined} last
 * @param {(line: string) => void} log
 * @returns {Promise<FrameRing>}
 */
export function ringFor(spec, last, log) {
  const frame = Object.fromEntries(FRAME_KEYS.filter((k) => k in spec).map((k) => [k, spec[k]]));
  const key = JSON.stringify([frame, last ?? null]);
  const cached = cache.get(key);
  if (cached) return cached;
  const began = performance.now();
  const ring = encodeInWorker({ frame, last: last ?? null, size: RING_SIZE, steps: RING_STEPS, firstId: RING_FIRST_ID }).then((ring) => {
    log(`  encoded a ring of ${RING_SIZE}${last ? ' + 1' : ''} frames (${(ring.bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    return ring;
  });
  cache.set(key, ring);
  return ring;
}

/** Drops the rings of the previous scenario. */
export function clearRings() {
  cache.clear();
}

/** @param {RingRequest} request @returns {Promise<FrameRing>} */
function encodeInWorker(request) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./ring-worker.js', import.meta.url), { workerData: request });
    worker.once('message', (/** @type {{ cycle: PreparedFrame[], last: PreparedFrame | null }} */ message) => {
      resolve(new FrameRing(message.cycle.map(asBuffers), message.last && asBuffers(message.last)));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the ring worker exited (${code}) without a ring`)));
  });
}

/** Structured cloning turns Buffers into Uint8Arrays; the mock writes Buffers. @param {PreparedFrame} frame @returns {PreparedFrame} */
function asBuffers(frame) {
  const buffer = (/** @type {Uint8Array} */ bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (frame.kind === 'msgpack') return { ...frame, head: buffer(frame.head) };
  return { ...frame, chunks: frame.chunks.map(buffer), tail: buffer(frame.tail) };
}
