// A job server's REST status (`GET {status-url}`, e.g. CryoMamba's `GET /v1/jobs/{id}`) as the same
// JobMessages the socket gives. Servers that do not replay tell a late client nothing on the socket;
// their status answer is how a finished job shows `completed`.

import * as z from 'zod';
import './zod-setup.ts';
import { explainIssue, kindOf } from './explain-issue.ts';
import type { JobMessage } from './job-message.ts';
import { boundText, DEFAULT_MAX_DECLARED_VOXELS } from './limits.ts';
import { envelopedFraction } from './progress-fraction.ts';

const optionalText = z.string().nullish();

/** CryoMamba's JobRecord, loosely: only `state` is needed; `progress`, `errors` are used when present. */
export const jobStatusSchema = z.looseObject({
  job_id: z.union([z.string(), z.number()]).nullish(),
  state: z.string().min(1),
  progress: z.number().nonnegative().nullish(),
  errors: z.union([z.string(), z.looseObject({ code: z.unknown().optional(), message: optionalText })]).nullish(),
  message: optionalText,
});

export type JobStatus = z.output<typeof jobStatusSchema>;

export type JobStatusResult = { ok: true; messages: JobMessage[] } | { ok: false; message: string };

/** The status body (JSON text) as the messages it stands for: a lifecycle, progress, or a terminal one. */
export function parseJobStatus(text: string): JobStatusResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'The job status is not valid JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: `The job status is ${kindOf(value)}, not an object.` };
  }
  const result = jobStatusSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const explained = issue ? explainIssue(issue, { ...value, type: 'job status' }, DEFAULT_MAX_DECLARED_VOXELS).message : 'The job status is invalid.';
    return { ok: false, message: explained };
  }
  return { ok: true, messages: statusMessages(result.data) };
}

/** queued/running/… → lifecycle (with progress when given); completed, failed, cancelled → terminal. */
export function statusMessages(status: JobStatus): JobMessage[] {
  const state = status.state.toLowerCase();
  switch (state) {
    case 'completed':
    case 'complete':
    case 'succeeded':
      return [{ kind: 'completed', results: { state: 'completed' } }];
    case 'failed':
    case 'error':
      return [failure(status)];
    case 'cancelled':
    case 'canceled':
      return [{ kind: 'cancelled', requested: false }];
  }
  const messages: JobMessage[] = [{ kind: 'lifecycle', state: boundText(status.state) }];
  if (status.progress != null) messages.push({ kind: 'progress', progress: envelopedFraction(status.progress) });
  return messages;
}

function failure(status: JobStatus): JobMessage {
  const errors = status.errors;
  if (typeof errors === 'string') return { kind: 'failed', code: 'unknown', message: boundText(errors), retryable: false };
  const code = errors?.code;
  return {
    kind: 'failed',
    code: typeof code === 'string' || typeof code === 'number' ? boundText(String(code)) : 'unknown',
    message: boundText(errors?.message ?? status.message ?? 'The job failed.'),
    retryable: false,
  };
}
