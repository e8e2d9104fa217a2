// @ts-check
// The mock's stand-in for an object store: the bytes of each job's recent previews, served over HTTP
// at `/previews/{job}/{id}` (with the mock's open CORS), for previews sent by URL. Two faults live
// here: a URL that answers 404, and one whose download stalls after its headers.

/** Previews kept per job: enough for a client that is a few previews behind. */
const KEPT_PER_JOB = 4;

/**
 * @typedef {import('node:http').ServerResponse} ServerResponse
 */

export class PreviewStore {
  constructor() {
    /** @type {Map<string, Map<string, Buffer>>} */
    this.jobs = new Map();
    /** @type {Set<ServerResponse>} downloads held open by the `urlstall` fault */
    this.stalled = new Set();
  }

  /**
   * Keeps the bytes and returns their path (relative to the mock's HTTP address).
   * @param {string} jobId @param {number} previewId @param {Buffer} bytes
   */
  publish(jobId, previewId, bytes) {
    let kept = this.jobs.get(jobId);
    if (!kept) this.jobs.set(jobId, (kept = new Map()));
    kept.set(String(previewId), bytes);
    for (const key of kept.keys()) if (kept.size > KEPT_PER_JOB) kept.delete(key);
    return `/previews/${encodeURIComponent(jobId)}/${previewId}`;
  }

  /** @param {string} jobId */
  forget(jobId) {
    this.jobs.delete(jobId);
  }

  /**
   * GET /previews/{job}/{id}: the bytes; `?stall=1` sends the headers and a few bytes, then nothing.
   * @param {URL} url @param {ServerResponse} res
   * @returns {boolean} whether the path was a preview path
   */
  serve(url, res) {
    const match = /^\/previews\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!match) return false;
    let jobId;
    try {
      jobId = decodeURIComponent(match[1] ?? '');
    } catch {
      // A stray `%` is the client's mistake, not the server's: 400, never a crash of the request.
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad path');
      return true;
    }
    const bytes = this.jobs.get(jobId)?.get(match[2] ?? '');
    if (!bytes) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('NoSuchKey');
      return true;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length, 'Cache-Control': 'no-store' });
    if (url.searchParams.get('stall') === '1') {
      this.stalled.add(res);
      res.on('close', () => this.stalled.delete(res));
      res.write(bytes.subarray(0, Math.min(16, bytes.length)));
      return true;
    }
    res.end(bytes);
    return true;
  }

  close() {
    for (const res of this.stalled) res.destroy();
    this.stalled.clear();
    this.jobs.clear();
  }
}
