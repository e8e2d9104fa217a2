// Which JSON key names a client message's kind on the wire. This widget's own servers read `type`;
// an API-Gateway-routed server picks the route by another key of the body, conventionally `action`.

import type { ClientMessage } from './client-messages.ts';

export const DEFAULT_CLIENT_MESSAGE_KEY = 'type';

/** A key a route selection expression can name (`$request.body.action`): a short JSON identifier. */
export function isClientMessageKey(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(key);
}

/** The text sent for `message`: its kind under `key`, first, then its other fields. */
export function clientMessageText(message: ClientMessage, key: string = DEFAULT_CLIENT_MESSAGE_KEY): string {
  if (key === 'type' || !isClientMessageKey(key)) return JSON.stringify(message);
  const { type, ...fields } = message;
  return JSON.stringify({ [key]: type, ...fields });
}
