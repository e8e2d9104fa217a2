// @ts-check
// The bench's quiet server: every job's preview frames are encoded before the run (a ring the mock
// replays with fresh ids and timestamps), so the mock's CPU while a window is measured is near zero.
// Rings are kept for the scenario being run, so its clients replay the very same bytes.
import { buildFrameRing } from '../../demo/mock-stream/frame-ring.js';
import { parseJobOptions } from '../../demo/mock-stream/job-options.js';

/** Frames per ring: consecutive previews differ (the scene grows a little each step), and a ring of 256³ base64 previews holds 90 MB. */
const RING_SIZE = 4;
/** The ring shows steps 30–33 of a 100-step job: objects a third grown, as in the middle of a job. */
const RING_STEPS = 100;
const RING_FIRST_ID = 30;

/** @type {Map<string, import('../../demo/mock-stream/frame-ring.js').FrameRing>} */
const cache = new Map();

/** Options that shape the frames' bytes (not the job's clock or faults). */
const FRAME_KEYS = ['shape', 'dtype', 'labels', 'style', 'encoding', 'compression', 'original', 'seed'];

/**
 * The ring for a job with `spec` (and, for g, its differently shaped last preview).
 * @param {Record<string, unknown>} spec @param {Record<string, unknown> | undefined} last
 * @param {(line: string) => void} log
 */
export function ringFor(spec, last, log) {
  const pick = (/** @type {Record<string, unknown>} */ o) => Object.fromEntries(FRAME_KEYS.filter((k) => k in o).map((k) => [k, o[k]]));
  const key = JSON.stringify([pick(spec), last ?? null]);
  const cached = cache.get(key);
  if (cached) return cached;
  const began = performance.now();
  const options = parseJobOptions({ ...pick(spec), previews: RING_STEPS });
  const lastOptions = last ? parseJobOptions({ ...pick(spec), ...last, previews: RING_STEPS }) : null;
  const ring = buildFrameRing({ options, seed: options.seed ?? 0, size: RING_SIZE, firstId: RING_FIRST_ID, last: lastOptions });
  cache.set(key, ring);
  log(`  encoded a ring of ${RING_SIZE}${last ? ' + 1' : ''} frames (${(ring.bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return ring;
}

/** Drops the rings of the previous scenario. */
export function clearRings() {
  cache.clear();
}
