// @ts-check
// The worker thread that encodes a frame ring: encoding 256³ previews takes seconds of CPU, and done on
// the mock's event loop it stalls the server (kept-alive HTTP connections time out under it). The
// prepared frames come back as transferred buffers.
import { parentPort, workerData } from 'node:worker_threads';
import { buildFrameRing } from '../../demo/mock-stream/frame-ring.js';
import { parseJobOptions } from '../../demo/mock-stream/job-options.js';

/** @typedef {{ frame: Record<string, unknown>, last: Record<string, unknown> | null, size: number, steps: number, firstId: number }} RingRequest */

const { frame, last, size, steps, firstId } = /** @type {RingRequest} */ (workerData);
const options = parseJobOptions({ ...frame, previews: steps });
const lastOptions = last ? parseJobOptions({ ...frame, ...last, previews: steps }) : null;
const ring = buildFrameRing({ options, seed: options.seed ?? 0, size, firstId, last: lastOptions });
// Only the tails (a msgpack frame's head) are big; small chunks may sit in Node's shared Buffer pool, which must not be transferred.
const big = [...ring.cycle, ...(ring.last ? [ring.last] : [])].map((f) => (f.kind === 'msgpack' ? f.head : f.tail).buffer);
const tails = big.filter((b) => b.byteLength > Buffer.poolSize);
parentPort?.postMessage({ cycle: ring.cycle, last: ring.last }, /** @type {ArrayBuffer[]} */ ([...new Set(tails)]));
