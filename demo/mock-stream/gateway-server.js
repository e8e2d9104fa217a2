// @ts-check
// Where the mock server acts as API Gateway for a socket whose jobs use `style: apigateway`: client
// messages routed by `action` (anything else gets the gateway's error frame), and the per-connection
// time cap (`maxConnectionS`, API Gateway's 2 hours made short for tests) that closes the socket with
// 1001 "Going away", as the platform does.
import { gatewayErrorMessage, gatewayRoute } from './gateway.js';

/**
 * @typedef {import('./server.js').MockStreamServer} MockStreamServer
 * @typedef {import('./watch-socket.js').WatchSocket} WatchSocket
 * @typedef {import('./job-options.js').JobOptions} JobOptions
 */

/**
 * The style that decides how a socket's messages are routed: its job's, else its own query's.
 * @param {MockStreamServer} mock @param {WatchSocket} socket @param {string | null} socketJobId
 */
function socketStyle(mock, socket, socketJobId) {
  const job = socketJobId === null ? undefined : mock.jobs.get(socketJobId);
  return job?.options.style ?? socket.query.get('style') ?? mock.defaults.style;
}

/**
 * On a gateway socket: the message as the server's handler reads it (`type` = its route), or null
 * when it matched no route (the gateway's error frame has been sent). Elsewhere: undefined.
 * @param {MockStreamServer} mock @param {WatchSocket} socket @param {string | null} socketJobId
 * @param {import('ws').RawData} data @param {boolean} isBinary
 * @returns {Record<string, unknown> | null | undefined}
 */
export function routeClientMessage(mock, socket, socketJobId, data, isBinary) {
  if (socketStyle(mock, socket, socketJobId) !== 'apigateway') return undefined;
  /** @type {unknown} */
  let message = null;
  try {
    message = isBinary ? null : JSON.parse(data.toString());
  } catch {
    // not JSON: no route can match it
  }
  const route = typeof message === 'object' && message !== null && !Array.isArray(message)
    ? gatewayRoute(/** @type {Record<string, unknown>} */ (message))
    : null;
  if (route === null) {
    socket.sendJson(gatewayErrorMessage(socket));
    return null;
  }
  const { action: _action, ...fields } = /** @type {Record<string, unknown>} */ (message);
  return { ...fields, type: route };
}

/**
 * Closes the socket with 1001 after `maxConnectionS` (from its query, else its job's, else the server
 * default); returns the timer to clear when the socket closes first.
 * @param {WatchSocket} socket @param {URLSearchParams} query @param {JobOptions | undefined} jobOptions
 * @param {Readonly<JobOptions>} defaults
 */
export function connectionCap(socket, query, jobOptions, defaults) {
  const asked = Number(query.get('maxConnectionS'));
  const seconds = query.has('maxConnectionS') && Number.isFinite(asked) ? asked : (jobOptions ?? defaults).maxConnectionS;
  if (!(seconds > 0)) return undefined;
  return setTimeout(() => socket.close(1001, 'Going away'), seconds * 1000);
}
