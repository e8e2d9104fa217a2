// @ts-check
// The API-Gateway side of the mock (`style: apigateway`), as that platform behaves: client messages are
// routed by their `action` key and a message no route matches is answered with the gateway's own error
// frame; a message over 128 KB closes the socket with 1009; previews travel by URL (the bytes served
// from this mock's HTTP server, like a pre-signed object-store URL) or, with `chunked`, as base64
// chunks of at most 128 KB per message.
import { randomBytes } from 'node:crypto';

/** API Gateway's limit per WebSocket message. */
export const GATEWAY_MAX_MESSAGE_BYTES = 128 * 1024;

/** The routes of the mock's gateway: the `action` values a client may send. */
export const GATEWAY_ROUTES = Object.freeze(['subscribe', 'unsubscribe', 'ping', 'request_status', 'cancel_job']);

/**
 * @typedef {{ data: Buffer, binary: boolean }} Frame
 * @typedef {import('./watch-socket.js').WatchSocket} WatchSocket
 * @typedef {Record<string, unknown>} WireMessage
 */

/** @type {WeakMap<WatchSocket, string>} */
const connectionIds = new WeakMap();

/** A connection id in the gateway's form (base64, 16 characters). @param {WatchSocket} socket */
export function connectionIdOf(socket) {
  let id = connectionIds.get(socket);
  if (!id) {
    id = randomBytes(12).toString('base64');
    connectionIds.set(socket, id);
  }
  return id;
}

/**
 * What API Gateway answers to a message that matches no route.
 * @param {WatchSocket} socket
 */
export function gatewayErrorMessage(socket) {
  return { message: 'Forbidden', connectionId: connectionIdOf(socket), requestId: randomBytes(12).toString('base64') };
}

/**
 * The route a client message takes: its `action`, when the gateway has that route.
 * @param {Record<string, unknown>} message
 * @returns {string | null}
 */
export function gatewayRoute(message) {
  const action = message.action;
  return typeof action === 'string' && GATEWAY_ROUTES.includes(action) ? action : null;
}

/**
 * Sends like the gateway: a message over the limit closes the socket with 1009 instead.
 * @param {WatchSocket} socket @param {Frame} frame
 * @returns {boolean} whether it was sent
 */
export function gatewaySend(socket, frame) {
  if (frame.data.length > GATEWAY_MAX_MESSAGE_BYTES) {
    socket.close(1009, 'Message too big');
    return false;
  }
  return socket.send(frame);
}

/**
 * The messages of one preview: the envelope with `data.url` (the bytes published for download) or, with
 * `chunked`, one message per base64 part, each within the gateway's limit.
 * @param {{ envelope: WireMessage & { data: Record<string, unknown> }, bytes: Buffer, chunked: boolean,
 *   publish: (bytes: Buffer) => string }} preview
 * @returns {WireMessage[]}
 */
export function gatewayPreviewMessages({ envelope, bytes, chunked, publish }) {
  if (!chunked) return [{ ...envelope, data: { ...envelope.data, url: publish(bytes) } }];
  const text = bytes.toString('base64');
  // Room for the envelope of each chunk, which repeats the whole header.
  const room = GATEWAY_MAX_MESSAGE_BYTES - Buffer.byteLength(JSON.stringify(envelope)) - 256;
  const count = Math.max(1, Math.ceil(text.length / room));
  const size = Math.ceil(text.length / count);
  return Array.from({ length: count }, (_, chunk) => ({
    ...envelope,
    data: { ...envelope.data, chunk, chunks: count, payload: text.slice(chunk * size, (chunk + 1) * size) },
  }));
}
