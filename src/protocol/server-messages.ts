// Zod schemas of every server → client message in PROTOCOL.md, enveloped (CryoMamba) and flat
// (progress-update style). Objects are loose: a server may add fields, and an extra field is never an error.

import * as z from 'zod';
import './zod-setup.ts';
import { DEFAULT_MAX_DECLARED_VOXELS } from './limits.ts';
import { previewDataSchema } from './preview-header.ts';

// Python servers send `null` for an absent optional field, so optional means nullish throughout.
const optionalText = z.string().nullish();
const code = z.union([z.string(), z.number()]).nullish();

/** Fields any message may carry. A numeric job id is accepted and read as text. */
const envelope = {
  job_id: z.union([z.string(), z.number()]).nullish(),
  timestamp: z.unknown().optional(),
};

export const connectedMessage = z.looseObject({
  type: z.literal('connected'),
  ...envelope,
  message: optionalText,
});

export const heartbeatMessage = z.looseObject({
  type: z.literal(['pong', 'system.heartbeat']),
  ...envelope,
});

export const lifecycleMessage = z.looseObject({
  type: z.literal(['job_created', 'job_enqueued', 'job_started']),
  ...envelope,
  data: z.looseObject({ state: optionalText }).nullish(),
});

/** Progress is never negative: a negative value is a broken server, not 0 %. */
const progressValue = z.number().nonnegative({ message: 'progress cannot be negative' });

/** Enveloped progress: a fraction 0..1 (a value above 1 is a percent). */
export const progressMessage = z.looseObject({
  type: z.literal('progress'),
  ...envelope,
  data: z.looseObject({ progress: progressValue, stage: optionalText, message: optionalText }),
});

/** Flat progress: a percent 0..100. */
export const progressUpdateMessage = z.looseObject({
  type: z.literal('progress_update'),
  ...envelope,
  progress: progressValue,
  stage: optionalText,
  message: optionalText,
  estimated_seconds_remaining: z.number().nullish(),
});

/** Flat progress of the document-processing server: a percent 0..100, plus zone counts. */
export const processingProgressMessage = z.looseObject({
  type: z.literal('processing_progress'),
  ...envelope,
  progress: progressValue,
  zones_completed: z.int().nonnegative().nullish(),
  zones_total: z.int().nonnegative().nullish(),
  estimated_time_remaining: z.number().nullish(),
  current_operation: optionalText,
});

export const stageCompleteMessage = z.looseObject({
  type: z.literal('stage_complete'),
  ...envelope,
  stage: z.string(),
  results: z.unknown().optional(),
});

export function previewMessage(maxDeclaredVoxels: number = DEFAULT_MAX_DECLARED_VOXELS) {
  return z.looseObject({ type: z.literal('preview'), ...envelope, data: previewDataSchema(maxDeclaredVoxels) });
}

/** Enveloped completion; `data` ({ state, artifacts?, stats? }) becomes the event's results. */
export const completedMessage = z.looseObject({
  type: z.literal(['completed', 'job_completed']),
  ...envelope,
  data: z.unknown().optional(),
});

/** Flat completion. */
export const jobCompleteMessage = z.looseObject({
  type: z.literal('job_complete'),
  ...envelope,
  results: z.unknown().optional(),
});

/** A non-terminal error; enveloped servers nest it in `data`, others may not. */
export const errorMessage = z.looseObject({
  type: z.literal('error'),
  ...envelope,
  data: z.looseObject({ message: optionalText, code }).nullish(),
  message: optionalText,
  code,
});

const failure = z.union([
  z.string(),
  z.looseObject({ code, message: optionalText, retryable: z.boolean().nullish() }),
]);

/** Enveloped servers send `data.error` (an object); flat ones send `error` (a string or an object). */
export const jobFailedMessage = z.looseObject({
  type: z.literal('job_failed'),
  ...envelope,
  data: z.looseObject({ error: failure.nullish(), message: optionalText }).nullish(),
  error: failure.nullish(),
});

/**
 * CryoMamba answers a cancel with `data.state: "running"` and goes on: a state other than `cancelled`
 * means the cancel was only requested.
 */
export const jobCancelledMessage = z.looseObject({
  type: z.literal('job_cancelled'),
  ...envelope,
  data: z.looseObject({ state: optionalText }).nullish(),
});

function buildServerMessageSchema(maxDeclaredVoxels: number) {
  return z.discriminatedUnion('type', [
    connectedMessage,
    heartbeatMessage,
    lifecycleMessage,
    progressMessage,
    progressUpdateMessage,
    processingProgressMessage,
    stageCompleteMessage,
    previewMessage(maxDeclaredVoxels),
    completedMessage,
    jobCompleteMessage,
    errorMessage,
    jobFailedMessage,
    jobCancelledMessage,
  ]);
}

let cached: { maxDeclaredVoxels: number; schema: ReturnType<typeof buildServerMessageSchema> } | undefined;

/** Every server → client message, discriminated on `type`. */
export function serverMessageSchema(maxDeclaredVoxels: number = DEFAULT_MAX_DECLARED_VOXELS) {
  if (cached?.maxDeclaredVoxels !== maxDeclaredVoxels) cached = { maxDeclaredVoxels, schema: buildServerMessageSchema(maxDeclaredVoxels) };
  return cached.schema;
}

export type ServerMessage = z.output<ReturnType<typeof serverMessageSchema>>;
export type ServerMessageType = ServerMessage['type'];

/** Every `type` this widget understands; any other type is ignored (and reported once per job). */
export const SERVER_MESSAGE_TYPES: ReadonlySet<string> = new Set(
  serverMessageSchema().options.flatMap((option) => [...option.shape.type.values]),
);

const TYPES_BY_LOWER_CASE: ReadonlyMap<string, string> = new Map([...SERVER_MESSAGE_TYPES].map((type) => [type.toLowerCase(), type]));

/** The known type an unknown one differs from only in case (`Preview` → `preview`), if any. */
export function knownTypeIgnoringCase(type: string): string | undefined {
  return TYPES_BY_LOWER_CASE.get(type.toLowerCase());
}

/** The job a raw message names in `job_id`, as text; undefined when it names none. */
export function jobIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'job_id')) return undefined;
  const id: unknown = (value as { job_id: unknown }).job_id;
  if (typeof id === 'string') return id === '' ? undefined : id;
  return typeof id === 'number' && Number.isFinite(id) ? String(id) : undefined;
}
