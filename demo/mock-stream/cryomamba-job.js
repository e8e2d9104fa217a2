// @ts-check
// A mock job that behaves like the real CryoMamba server (style `cryomamba`; recorded in
// ../shared/captures): `job_started`, an all-zero preview 0 before any progress, unrounded progress
// fractions twice per preview, uint8 0/1 streaming previews with zoom-factor `scale`, then the final
// float32 preview on a finer grid (`preview_id: "final"`), progress 1.0 and `job_completed`. It never
// replays, never answers `request_status` or `cancel_job`, never closes, and its REST cancel only
// broadcasts `job_cancelled` with `state: "running"` while the job goes on.
import { labelBytes } from './preview-encoding.js';
import { MockJob } from './mock-job.js';
import { syntheticLabels } from './synthetic-volume.js';
import { nowMs, pythonTimestamp } from './wire-messages.js';

/**
 * @typedef {import('./job-options.js').JobOptions} JobOptions
 * @typedef {import('./synthetic-volume.js').Shape3} Shape3
 * @typedef {import('./wire-messages.js').WireMessage} WireMessage
 */

/** Where the real server's progress starts, and where it stalls before the final preview. */
const FIRST_PROGRESS = 0.1;
const LAST_STREAMING_PROGRESS = 0.95;
/** Progress messages per streaming preview (the real server: every 0.5 s, a preview about every 5 s). */
const PROGRESS_PER_PREVIEW = 2;

export class CryoMambaJob extends MockJob {
  /** Announces the job and starts its clock (no created/enqueued: this server only says it started). @override */
  start() {
    this.clockStarted = true;
    const run = () => {
      this.state = 'running';
      this.startedAt = Date.now();
      this.broadcastJson(this.wire('job_started', { data: { state: 'running' } }));
      if (this.options.fault === 'fail') {
        return this.finish('failed', this.wire('job_failed', {
          data: { error: { code: 'CUDA_OOM', message: 'CUDA out of memory', hint: 'Reduce the patch size', retryable: true } },
        }));
      }
      // The input run through the preview pipeline before any inference: all zeros.
      this.broadcastJson(this.streamingPreview(0, new Uint32Array(this.options.shape.reduce((a, b) => a * b, 1))));
      this.scheduleStep(1);
    };
    if (this.options.queueMs > 0) this.after(this.options.queueMs, run);
    else run();
  }

  /** @param {number} step 1-based half-preview step */
  scheduleStep(step) {
    const due = this.startedAt + (step * 1000) / (this.options.hz * PROGRESS_PER_PREVIEW);
    this.after(Math.max(0, due - Date.now()), () => this.step(step));
  }

  /** @param {number} step */
  step(step) {
    const { previews } = this.options;
    const steps = previews * PROGRESS_PER_PREVIEW;
    // Unrounded on purpose: the real server's sums give 0.14800000000000002 and the like.
    this.progress = FIRST_PROGRESS + step * ((LAST_STREAMING_PROGRESS - FIRST_PROGRESS) / steps);
    if (step < steps) this.broadcastJson(this.progressMessage(step));
    if (step % PROGRESS_PER_PREVIEW === 0 && step < steps) {
      const index = step / PROGRESS_PER_PREVIEW;
      const ids = syntheticLabels({ shape: this.options.shape, labels: this.options.labels, step: index - 1, steps: previews, seed: this.seed });
      this.broadcastJson(this.streamingPreview(index, ids));
      this.previewsSent = index;
    }
    if (step < steps) return this.scheduleStep(step + 1);
    this.complete();
  }

  complete() {
    this.progress = LAST_STREAMING_PROGRESS;
    this.broadcastJson(this.progressMessage());
    this.broadcastJson(this.progressMessage());
    this.broadcastJson(this.finalPreview());
    this.progress = 1;
    this.broadcastJson(this.progressMessage());
    this.finish('completed', this.wire('job_completed', { data: { state: 'completed' } }));
  }

  /** @override @param {number} [_index] @returns {WireMessage} */
  progressMessage(_index) {
    return this.wire('progress', { data: { progress: this.progress } });
  }

  /** No replay and no `request_status`: a watcher gets only what happens next. @override */
  sendStatus() {}

  /**
   * `DELETE /v1/jobs/{id}`: tells every watcher `job_cancelled` with the state the job is really in,
   * and does not stop it. @override @returns {boolean}
   */
  cancel() {
    if (this.finished) return false;
    this.broadcastJson(this.wire('job_cancelled', { data: { state: this.state } }));
    return true;
  }

  /**
   * `GET /v1/jobs/{id}`: the job record as the real server returns it.
   * @override @returns {Record<string, unknown>}
   */
  record() {
    const now = pythonTimestamp();
    return {
      job_id: this.id,
      state: this.state,
      params: { model: 'mock', original_shape: this.originalShape },
      artifacts: this.state === 'completed' ? { mask: `/v1/jobs/${this.id}/mask.mrc` } : null,
      errors: this.state === 'failed' ? { code: 'CUDA_OOM', message: 'CUDA out of memory' } : null,
      progress: this.progress,
      created_at: pythonTimestamp(this.createdAt),
      updated_at: now,
      started_at: this.state === 'queued' ? null : pythonTimestamp(this.startedAt),
      completed_at: this.finished ? now : null,
      duration_ms: null,
      history: null,
    };
  }

  /** The full-resolution grid the previews are taken from, [z, y, x]. */
  get originalShape() {
    return /** @type {Shape3} */ (this.options.original ?? this.options.shape);
  }

  /**
   * A streaming preview: uint8 0/1 on the coarse grid; `scale` is preview/original per axis, x,y,z.
   * @param {number} previewId @param {Uint32Array} ids
   */
  streamingPreview(previewId, ids) {
    return this.previewMessage({ previewId, shape: this.options.shape, bytes: labelBytes(ids, 'uint8'), dtype: 'uint8', method: 'max' });
  }

  /** The final preview: float32 0.0/1.0, on half the original grid, with a text id. */
  finalPreview() {
    const [z, y, x] = this.originalShape;
    /** @type {Shape3} */
    const shape = [Math.max(1, Math.round(z / 2)), Math.max(1, Math.round(y / 2)), Math.max(1, Math.round(x / 2))];
    const ids = syntheticLabels({ shape, labels: this.options.labels, step: this.options.previews - 1, steps: this.options.previews, seed: this.seed });
    return this.previewMessage({ previewId: 'final', shape, bytes: labelBytes(ids, 'float32'), dtype: 'float32', method: 'final', final: true });
  }

  /**
   * @param {{ previewId: number | string, shape: Shape3, bytes: Buffer, dtype: string, method: string, final?: boolean }} preview
   * @returns {WireMessage}
   */
  previewMessage({ previewId, shape, bytes, dtype, method, final = false }) {
    const original = this.originalShape;
    const timestamp = pythonTimestamp();
    /** @type {Record<string, unknown>} */
    const data = {
      scale: [shape[2] / original[2], shape[1] / original[1], shape[0] / original[0]],
      shape,
      dtype,
      payload: bytes.toString('base64'),
      preview_id: previewId,
      timestamp,
      original_shape: original,
      downsampled_shape: shape,
      method,
    };
    if (final) data.is_final = true;
    this.counters.previewsEncoded++;
    return { type: 'preview', job_id: this.id, timestamp, data };
  }

  /** @param {string} type @param {Record<string, unknown>} [fields] @returns {WireMessage} */
  wire(type, fields = {}) {
    return { type, job_id: this.id, timestamp: pythonTimestamp(nowMs()), ...fields };
  }

  /** @override */
  connectedMessage() {
    return { type: 'connected', job_id: this.id, timestamp: pythonTimestamp(), message: 'Connected to job updates' };
  }
}
