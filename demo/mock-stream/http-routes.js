// @ts-check
// The HTTP side of the mock stream: the REST subset (`/jobs`), the `/__mock` control surface that tests
// drive, CORS on every response, and a hand-off to the host (demo/serve.js) for every other path.
import { randomBytes } from 'node:crypto';
import { JOB_ID_PATTERN } from './mock-job.js';
import { parseJobOptions } from './job-options.js';
import { syntheticTomogram } from './synthetic-tomogram.js';

/**
 * @typedef {import('./server.js').MockStreamServer} MockStreamServer
 * @typedef {import('node:http').IncomingMessage} IncomingMessage
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @param {MockStreamServer} mock @param {IncomingMessage} req @param {ServerResponse} res
 */
export async function handleHttp(mock, req, res) {
  // The browser tests' page comes from another port.
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization');
  const url = new URL(req.url ?? '/', 'http://mock');
  const route = `${req.method} ${url.pathname}`;
  if (req.method === 'OPTIONS') return void res.writeHead(204).end();

  if (url.pathname.startsWith('/__mock/')) {
    switch (route) {
      case 'POST /__mock/down': await mock.goDown(); return json(res, 200, { down: true });
      case 'POST /__mock/up': mock.goUp(); return json(res, 200, { down: false });
      case 'POST /__mock/restart': {
        const downMs = Number(url.searchParams.get('downMs') ?? 500);
        if (!Number.isFinite(downMs) || downMs < 0 || downMs > 600_000) return json(res, 400, { error: 'downMs must be 0..600000' });
        await mock.restart(downMs);
        return json(res, 200, { down: true, upInMs: downMs });
      }
      case 'GET /__mock/stats': return json(res, 200, mock.stats());
      case 'POST /__mock/reset': mock.reset(); return json(res, 200, { reset: true });
      default: return json(res, 404, { error: `no control route ${route}` });
    }
  }

  if (req.method === 'GET' && mock.previews.serve(url, res)) return;
  if (route === 'GET /tomogram') return tomogram(url, res);

  // `/v1/jobs/{id}` is the real CryoMamba server's path; `/jobs` the mock's own.
  const jobPath = /^(?:\/v1)?\/jobs(?:\/([^/]+))?$/.exec(url.pathname);
  if (jobPath) {
    if (mock.token && !authorized(req, url, mock.token)) return json(res, 401, { error: 'unauthorized' });
    const id = jobPath[1] && safeDecode(jobPath[1]);
    if (!id) {
      if (req.method !== 'POST') return json(res, 405, { error: 'use POST /jobs' });
      return createJob(mock, req, url, res);
    }
    const job = mock.jobs.get(id);
    if (!job) return json(res, 404, { error: `no job ${id}` });
    if (req.method === 'GET') return json(res, 200, job.record());
    if (req.method === 'DELETE') {
      if (!job.cancel()) return json(res, 409, { error: `job is already ${job.state}`, ...job.record() });
      return json(res, 200, job.record());
    }
    return json(res, 405, { error: `use GET or DELETE /jobs/${id}` });
  }

  if (mock.onRequest?.(req, res)) return;
  if (route === 'GET /') {
    return json(res, 200, {
      name: 'preview-overlay mock stream',
      sockets: ['/ws/jobs/{job_id}?options', '/ws (multiplexed: send {"type":"subscribe","job_id":…})'],
      rest: ['GET /tomogram?shape=z,y,x&labels=n&seed=s (uint8, C order)', 'POST /jobs', 'GET /jobs/{job_id}', 'DELETE /jobs/{job_id}', 'GET /v1/jobs/{job_id}', 'DELETE /v1/jobs/{job_id}'],
      control: ['POST /__mock/down', 'POST /__mock/up', 'POST /__mock/restart?downMs=500', 'GET /__mock/stats', 'POST /__mock/reset'],
    });
  }
  json(res, 404, { error: `not found: ${url.pathname}` });
}

/**
 * POST /jobs: options from the query string and the JSON body; `job_id` in the body picks the id.
 * @param {MockStreamServer} mock @param {IncomingMessage} req @param {URL} url @param {ServerResponse} res
 */
async function createJob(mock, req, url, res) {
  /** @type {Record<string, unknown>} */
  let body;
  try {
    const text = await readBody(req);
    body = text.trim() === '' ? {} : JSON.parse(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('the body must be a JSON object');
  } catch (error) {
    return json(res, 400, { error: `bad body: ${error instanceof Error ? error.message : error}` });
  }
  const id = typeof body.job_id === 'string' ? body.job_id : `job-${randomBytes(6).toString('hex')}`;
  if (!JOB_ID_PATTERN.test(id)) return json(res, 400, { error: 'Invalid job id' });
  if (mock.jobs.has(id)) return json(res, 409, { error: `job ${id} exists` });
  const query = Object.fromEntries(url.searchParams);
  delete query.token;
  try {
    const job = mock.createJob(id, { ...query, ...body });
    if (job.options.startOn === 'create') job.start();
  } catch (error) {
    return json(res, 400, { error: `Invalid options: ${error instanceof Error ? error.message : error}` });
  }
  json(res, 201, { job_id: id });
}

/**
 * GET /tomogram?shape=z,y,x&labels=n&seed=s: the synthetic tomogram that jobs of those options segment
 * (synthetic-tomogram.js), raw uint8 in C order; its shape is also in the `x-shape` header.
 * @param {URL} url @param {ServerResponse} res
 */
function tomogram(url, res) {
  /** @type {Record<string, string>} */
  const given = {};
  for (const key of ['shape', 'labels', 'seed']) {
    const value = url.searchParams.get(key);
    if (value !== null) given[key] = value;
  }
  let options;
  try {
    options = parseJobOptions(given);
  } catch (error) {
    return json(res, 400, { error: `Invalid options: ${error instanceof Error ? error.message : error}` });
  }
  const data = syntheticTomogram({ shape: options.shape, labels: options.labels, seed: options.seed ?? 0 });
  res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-shape': options.shape.join(','), 'access-control-expose-headers': 'x-shape' });
  res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

/** @param {string} segment */
function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** @param {IncomingMessage} req @param {URL} url @param {string} token */
function authorized(req, url, token) {
  return req.headers.authorization === `Bearer ${token}` || url.searchParams.get('token') === token;
}

/** @param {IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** @param {ServerResponse} res @param {number} status @param {unknown} body */
function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
