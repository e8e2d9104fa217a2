// The frame an API-Gateway-style socket answers with when a client message matches none of its routes
// (or its integration fails): no `type`, just `{message, connectionId, requestId}`.

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
