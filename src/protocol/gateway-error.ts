// The frame an API-Gateway-style socket answers with when a client message matches none of its routes
// (or its integration fails): no `type`, just `{message, connectionId, requestId}`. Only `Forbidden`
// means the route: `Internal server error` or `Endpoint request timed out` are the server's own failures.

import * as z from 'zod';
import './zod-setup.ts';
import type { JobMessage } from './job-message.ts';
import { boundText } from './limits.ts';

export const gatewayErrorMessage = z
  .looseObject({
    message: z.string(),
    connectionId: z.string().nullish(),
    requestId: z.string().nullish(),
  })
  .refine((frame) => frame.connectionId != null || frame.requestId != null);

export type GatewayErrorMessage = z.output<typeof gatewayErrorMessage>;

/** The gateway-error event of a raw message object without `type`, or undefined when it is not one. */
export function gatewayError(value: Record<string, unknown>): Extract<JobMessage, { kind: 'gateway-error' }> | undefined {
  if (value.type !== undefined) return undefined;
  const result = gatewayErrorMessage.safeParse(value);
  if (!result.success) return undefined;
  const { message, connectionId, requestId } = result.data;
  const event: Extract<JobMessage, { kind: 'gateway-error' }> = { kind: 'gateway-error', message: boundText(message, 200) };
  if (connectionId != null) event.connectionId = boundText(connectionId, 200);
  if (requestId != null) event.requestId = boundText(requestId, 200);
  return event;
}

/** The gateway's answer to a message that matches no route (and to a route whose authorizer denies it). */
const NO_ROUTE_ANSWER = 'forbidden';

/** What a gateway's error frame says: no route for what was sent, or a failure of the server behind it. */
export function gatewayErrorCause(message: string): 'route' | 'server' {
  return message.trim().toLowerCase() === NO_ROUTE_ANSWER ? 'route' : 'server';
}

/**
 * The sentence for a `Forbidden` answer, with advice for the key the widget sends with now: under
 * `type` the server most likely routes by `action`; under another key, the route names or the
 * authorization are what is wrong.
 */
export function noRouteText(answer: string, sent: string | undefined, key: string): string {
  const what = sent ? `"${sent}"` : 'the';
  const advice = key === 'type'
    ? 'set client-message-key to the key its routes select on, e.g. "action".'
    : `the server routes by another key or has no route of that name, or its authorizer refused the connection; check its route selection expression and routes against "${key}".`;
  return `The server has no route for ${what} messages sent with the key "${key}" (it answered ${JSON.stringify(answer)}); ${advice}`;
}
