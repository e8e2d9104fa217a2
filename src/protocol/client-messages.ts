// Zod schemas of the client → server messages in PROTOCOL.md: heartbeat, subscription on multiplexed
// servers, cancellation, and the status catch-up after a reconnect.

import * as z from 'zod';
import './zod-setup.ts';

const jobId = z.string().min(1);

export const pingMessage = z.object({ type: z.literal('ping') });
export const subscribeMessage = z.object({ type: z.literal('subscribe'), job_id: jobId });
export const cancelJobMessage = z.object({ type: z.literal('cancel_job'), job_id: jobId });
export const requestStatusMessage = z.object({ type: z.literal('request_status'), job_id: jobId });

export const clientMessage = z.discriminatedUnion('type', [
  pingMessage,
  subscribeMessage,
  cancelJobMessage,
  requestStatusMessage,
]);

export type PingMessage = z.output<typeof pingMessage>;
export type SubscribeMessage = z.output<typeof subscribeMessage>;
export type CancelJobMessage = z.output<typeof cancelJobMessage>;
export type RequestStatusMessage = z.output<typeof requestStatusMessage>;
export type ClientMessage = z.output<typeof clientMessage>;
