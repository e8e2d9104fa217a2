// @ts-check
// The JSON messages one job sends, in either envelope style of PROTOCOL.md: `enveloped` (CryoMamba:
// type + job_id + zone-less timestamp + data) or `flat` (progress_update style, percent, ISO time with Z).

/** Epoch milliseconds with a sub-millisecond fraction, for the microseconds of a timestamp. */
export function nowMs() {
  return performance.timeOrigin + performance.now();
}

/**
 * Like Python's `datetime.now().isoformat()`: local time, no zone, microseconds.
 * @param {number} [ms] epoch milliseconds
 */
export function pythonTimestamp(ms = nowMs()) {
  const d = new Date(ms);
  const pad = (/** @type {number} */ n, width = 2) => String(n).padStart(width, '0');
  // Date has millisecond resolution; the sub-millisecond digits come from the fractional part of `ms`.
  const micros = Math.floor((ms % 1000) * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(micros, 6)}`;
}

/** @typedef {Record<string, unknown>} WireMessage */
/** @typedef {'queued' | 'running'} LiveState */
/** @typedef {{ code: string, message: string, retryable: boolean }} JobError */

/** Builds the messages of one job in its style. Every message carries `job_id` and `timestamp`. */
export class JobMessages {
  /** @param {'enveloped' | 'flat'} style @param {string} jobId */
  constructor(style, jobId) {
    this.style = style;
    this.jobId = jobId;
  }

  /** @param {number} [ms] */
  timestamp(ms = nowMs()) {
    return this.style === 'flat' ? new Date(ms).toISOString() : pythonTimestamp(ms);
  }

  /** @param {string} type @param {Record<string, unknown>} fields @returns {WireMessage} */
  message(type, fields = {}) {
    return { type, job_id: this.jobId, ...fields, timestamp: this.timestamp() };
  }

  connected() {
    return this.message('connected', { message: `Connected to job ${this.jobId}` });
  }

  /**
   * The lifecycle message for a state (flat servers send none: null).
   * @param {'job_created' | 'job_enqueued' | 'job_started'} type @param {LiveState} state
   */
  lifecycle(type, state) {
    return this.style === 'flat' ? null : this.message(type, { data: { state } });
  }

  /**
   * @param {number} fraction 0..1
   * @param {{ stage: string, etaSeconds: number, message: string }} detail
   */
  progress(fraction, { stage, etaSeconds, message }) {
    if (this.style === 'flat') {
      return this.message('progress_update', {
        stage, progress: Math.round(fraction * 1000) / 10, message, estimated_seconds_remaining: etaSeconds,
      });
    }
    return this.message('progress', { data: { progress: fraction } });
  }

  /** Flat servers announce stages; enveloped ones do not (null). @param {string} stage @param {unknown} results */
  stageComplete(stage, results) {
    return this.style === 'flat' ? this.message('stage_complete', { stage, results }) : null;
  }

  /** @param {Record<string, unknown>} results */
  completed(results) {
    if (this.style === 'flat') return this.message('job_complete', { results });
    return this.message('completed', { data: { state: 'completed', stats: results } });
  }

  /** @param {JobError} error */
  failed(error) {
    return this.style === 'flat' ? this.message('job_failed', { error }) : this.message('job_failed', { data: { error } });
  }

  cancelled() {
    return this.style === 'flat' ? this.message('job_cancelled') : this.message('job_cancelled', { data: { state: 'cancelled' } });
  }

  /** A non-terminal error. @param {string} message @param {string} code */
  error(message, code) {
    return this.message('error', { data: { message, code } });
  }

  pong() {
    return { type: 'pong', timestamp: this.timestamp() };
  }
}
