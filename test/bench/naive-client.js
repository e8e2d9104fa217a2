// @ts-check
// The baseline: a straightforward preview client of the kind users write today, all on the main
// thread, written competently. One `new WebSocket` per job; every message is JSON.parse'd where it
// lands; a preview's payload goes through atob and a per-character loop into a NEW Uint8Array, one
// per-voxel loop into a NEW label array and a typed-array histogram of the label counts, then the middle
// z slice is painted into a NEW ImageData on a 2D canvas. No vtk.js: a 2D slice is far cheaper than
// building a vtkImageData and uploading a 3D texture, so the baseline's cost is a lower bound of what a
// vtk client pays. Reconnects after a fixed 1 s. It reports a preview after drawing it; the bench page
// measures when the frame showing it is drawn the same way for every client.

const RECONNECT_DELAY_MS = 1000;
const HISTOGRAM_SIZE = 1 << 16;

/** NumPy dtype name → typed array over the little-endian bytes (the naive client trusts the server). */
const VIEWS = /** @type {Record<string, (buffer: ArrayBuffer) => ArrayLike<number>>} */ ({
  bool: (b) => new Uint8Array(b),
  uint8: (b) => new Uint8Array(b),
  int8: (b) => new Int8Array(b),
  uint16: (b) => new Uint16Array(b),
  int16: (b) => new Int16Array(b),
  uint32: (b) => new Uint32Array(b),
  int32: (b) => new Int32Array(b),
  float32: (b) => new Float32Array(b),
  float64: (b) => new Float64Array(b),
});

/**
 * @typedef {{ jobId: string, previewId: number | undefined, mainThreadMs: number, latencyMs: number | null,
 *   decodeMs: number, messageBytes: number, shape: number[], sentAt: number | null }} NaivePreview
 * @typedef {{ server: string, jobs: string[], container: HTMLElement,
 *   onPreview: (preview: NaivePreview) => void,
 *   onState: (state: { jobId: string, state: string, attempt: number, code: number | null, reason: string | null }) => void,
 *   onProgress: (jobId: string) => void, onError: (jobId: string, code: string, message: string) => void }} NaiveOptions
 */

export class NaiveClient {
  /** @param {NaiveOptions} options */
  constructor(options) {
    this.options = options;
    this.rendering = true;
    /** @type {Map<string, { ws: WebSocket | null, attempts: number, done: boolean, canvas: HTMLCanvasElement, bar: HTMLProgressElement, text: HTMLElement }>} */
    this.jobs = new Map();
    for (const jobId of options.jobs) {
      const row = document.createElement('div');
      const canvas = document.createElement('canvas');
      canvas.style.cssText = 'width:256px;height:256px;image-rendering:pixelated;background:#000;margin:2px';
      const bar = document.createElement('progress');
      bar.max = 1;
      const text = document.createElement('span');
      row.append(canvas, bar, text);
      options.container.append(row);
      this.jobs.set(jobId, { ws: null, attempts: 0, done: false, canvas, bar, text });
      this.connect(jobId);
    }
  }

  /** @param {boolean} on */
  setRendering(on) {
    this.rendering = on;
    for (const job of this.jobs.values()) job.canvas.style.display = on ? '' : 'none';
  }

  /** @param {string} jobId */
  connect(jobId) {
    const job = this.jobs.get(jobId);
    if (!job || job.done) return;
    job.attempts += 1;
    const ws = new WebSocket(`${this.options.server.replace(/\/+$/, '')}/ws/jobs/${encodeURIComponent(jobId)}`);
    ws.binaryType = 'arraybuffer';
    job.ws = ws;
    this.options.onState({ jobId, state: job.attempts === 1 ? 'connecting' : 'reconnecting', attempt: job.attempts, code: null, reason: null });
    ws.onopen = () => this.options.onState({ jobId, state: 'open', attempt: job.attempts, code: null, reason: null });
    ws.onmessage = (event) => this.onMessage(jobId, event.data);
    ws.onclose = (event) => {
      if (job.done) return;
      this.options.onState({ jobId, state: 'reconnecting', attempt: job.attempts, code: event.code, reason: event.reason || null });
      setTimeout(() => this.connect(jobId), RECONNECT_DELAY_MS);
    };
  }

  /** @param {string} jobId @param {string | ArrayBuffer} data */
  onMessage(jobId, data) {
    const started = performance.now();
    let message;
    /** @type {Uint8Array<ArrayBuffer> | null} */
    let body = null;
    const messageBytes = typeof data === 'string' ? data.length : data.byteLength;
    try {
      if (typeof data === 'string') {
        message = JSON.parse(data);
      } else {
        const headerLength = new DataView(data).getUint32(0, true);
        message = JSON.parse(new TextDecoder().decode(new Uint8Array(data, 4, headerLength)));
        body = new Uint8Array(data, 4 + headerLength);
      }
    } catch (error) {
      this.options.onError(jobId, 'json', String(error));
      return;
    }
    const job = this.jobs.get(jobId);
    if (!job) return;
    switch (message.type) {
      case 'progress':
        job.bar.value = message.data.progress;
        job.text.textContent = `${Math.round(message.data.progress * 100)} %`;
        this.options.onProgress(jobId);
        return;
      case 'preview':
        void this.onPreview(jobId, message, body, started, messageBytes);
        return;
      case 'completed':
      case 'job_completed':
      case 'job_failed':
      case 'job_cancelled':
        job.done = true;
        job.ws?.close();
        return;
      default:
    }
  }

  /**
   * @param {string} jobId @param {any} message @param {Uint8Array<ArrayBuffer> | null} body
   * @param {number} started @param {number} messageBytes
   */
  async onPreview(jobId, message, body, started, messageBytes) {
    const job = this.jobs.get(jobId);
    if (!job) return;
    const data = message.data;
    try {
      let bytes = body;
      if (!bytes) {
        const binary = atob(data.payload);
        bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      }
      if (data.compression) {
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(data.compression));
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      }
      const [Z, Y, X] = data.shape;
      const view = (VIEWS[data.dtype] ?? VIEWS.uint8)(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const labels = new Uint32Array(Z * Y * X);
      // Label counts in a typed array while ids are small; ids past it (rare) in a Map.
      const counts = new Uint32Array(HISTOGRAM_SIZE);
      const largeCounts = new Map();
      for (let i = 0; i < labels.length; i++) {
        const label = Math.round(Number(view[i]));
        labels[i] = label;
        if (label < HISTOGRAM_SIZE) counts[label] = /** @type {number} */ (counts[label]) + 1;
        else largeCounts.set(label, (largeCounts.get(label) ?? 0) + 1);
      }
      job.text.dataset.labels = String(counts.reduce((n, c, label) => n + (label > 0 && c > 0 ? 1 : 0), largeCounts.size));
      const decodedAt = performance.now();
      if (this.rendering) this.drawSlice(job.canvas, labels, Z, Y, X);
      const done = performance.now();
      const sentAt = Date.parse(data.timestamp ?? message.timestamp);
      this.options.onPreview({
        jobId,
        previewId: data.preview_id,
        mainThreadMs: done - started,
        decodeMs: decodedAt - started,
        latencyMs: Number.isFinite(sentAt) ? Date.now() - sentAt : null,
        sentAt: Number.isFinite(sentAt) ? sentAt : null,
        messageBytes,
        shape: [Z, Y, X],
      });
    } catch (error) {
      this.options.onError(jobId, 'payload', String(error));
    }
  }

  /** The middle z slice, one colour per label, into a new ImageData. @param {HTMLCanvasElement} canvas @param {Uint32Array} labels @param {number} Z @param {number} Y @param {number} X */
  drawSlice(canvas, labels, Z, Y, X) {
    canvas.width = X;
    canvas.height = Y;
    const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
    const image = new ImageData(X, Y);
    const offset = Math.floor(Z / 2) * Y * X;
    for (let i = 0; i < Y * X; i++) {
      const label = labels[offset + i] ?? 0;
      if (label === 0) continue;
      image.data[4 * i] = (label * 97) & 255;
      image.data[4 * i + 1] = (label * 57 + 80) & 255;
      image.data[4 * i + 2] = (label * 131 + 160) & 255;
      image.data[4 * i + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }

  close() {
    for (const job of this.jobs.values()) {
      job.done = true;
      job.ws?.close();
    }
  }
}
