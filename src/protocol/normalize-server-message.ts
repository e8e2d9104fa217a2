// A validated server message, of either envelope style, to the one JobMessage event model.

import type { JobMessage, ParseResult } from './job-message.ts';
import { boundText } from './limits.ts';
import { type Frame, normalizePreviewHeader } from './normalize-preview.ts';
import { jobIdOf, type ServerMessage } from './server-messages.ts';
import { clamp01, envelopedFraction } from './progress-fraction.ts';
import { timestampMs } from './timestamps.ts';

const LIFECYCLE_STATE = { job_created: 'created', job_enqueued: 'queued', job_started: 'running' } as const;

type FailedMessage = Extract<ServerMessage, { type: 'job_failed' }>;

export function normalizeServerMessage(msg: ServerMessage, frame: Frame): ParseResult {
  const jobId = jobIdOf(msg);
  const sentAt = timestampMs(msg.timestamp);
  const envelope = defined({ jobId, sentAt });
  const ok = (event: JobMessage): ParseResult => ({ ok: true, message: { ...envelope, ...defined(event) } });
  switch (msg.type) {
    case 'connected':
      return ok({ kind: 'connected', message: text(msg.message) });
    case 'pong':
    case 'system.heartbeat':
      return ok({ kind: 'heartbeat' });
    case 'job_created':
    case 'job_enqueued':
    case 'job_started':
      return ok({ kind: 'lifecycle', state: boundText(msg.data?.state ?? LIFECYCLE_STATE[msg.type]) });
    case 'progress': {
      const { progress, stage, message } = msg.data;
      return ok({ kind: 'progress', progress: envelopedFraction(progress), stage: text(stage), message: text(message) });
    }
    case 'progress_update':
      return ok({
        kind: 'progress',
        progress: clamp01(msg.progress / 100),
        stage: text(msg.stage),
        message: text(msg.message),
        etaSeconds: seconds(msg.estimated_seconds_remaining),
      });
    case 'processing_progress':
      return ok({
        kind: 'progress',
        progress: clamp01(msg.progress / 100),
        message: text(msg.current_operation),
        etaSeconds: seconds(msg.estimated_time_remaining),
        zonesCompleted: msg.zones_completed ?? undefined,
        zonesTotal: msg.zones_total ?? undefined,
      });
    case 'stage_complete':
      return ok({ kind: 'stage-complete', stage: boundText(msg.stage), results: msg.results ?? undefined });
    case 'preview': {
      const result = normalizePreviewHeader(msg.data, frame, sentAt);
      if (!result.ok) return { ok: false, error: { ...result.error, ...defined({ jobId }) } };
      return ok({ kind: 'preview', header: result.header });
    }
    case 'completed':
    case 'job_completed':
      return ok({ kind: 'completed', results: msg.data ?? undefined });
    case 'job_complete':
      return ok({ kind: 'completed', results: msg.results ?? undefined });
    case 'error':
      return ok({
        kind: 'server-error',
        code: codeText(msg.data?.code ?? msg.code),
        message: text(msg.data?.message ?? msg.message) ?? 'The server reported an error.',
      });
    case 'job_failed':
      return ok(failure(msg));
    case 'job_cancelled': {
      const state = msg.data?.state;
      return ok({ kind: 'cancelled', requested: state != null && state.toLowerCase() !== 'cancelled' });
    }
  }
}

function failure(msg: FailedMessage): JobMessage {
  const error = msg.data?.error ?? msg.error;
  if (typeof error === 'string') {
    return { kind: 'failed', code: 'unknown', message: boundText(error), retryable: false };
  }
  return {
    kind: 'failed',
    code: codeText(error?.code) ?? 'unknown',
    message: text(error?.message ?? msg.data?.message) ?? 'The job failed.',
    retryable: error?.retryable ?? false,
  };
}

/** The same object without its undefined fields, so events compare and clone cleanly. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function text(value: string | null | undefined): string | undefined {
  return value == null ? undefined : boundText(value);
}

function codeText(value: string | number | null | undefined): string | undefined {
  return value == null ? undefined : boundText(String(value));
}

function seconds(value: number | null | undefined): number | undefined {
  return value != null && value >= 0 ? value : undefined;
}
