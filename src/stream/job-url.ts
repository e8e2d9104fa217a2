// Turns the URL templates, server, job id and token into the socket URL and the REST URLs. Pure.

/** True when the template has no `{job}`: one socket serves every job (`subscribe` per job). */
export function isMultiplexed(urlTemplate: string): boolean {
  return !urlTemplate.includes('{job}');
}

/** `http(s)://` servers are accepted too, since hosts often know only the REST base URL. */
function wsBase(server: string): string {
  const trimmed = server.replace(/\/+$/, '');
  if (trimmed.startsWith('https://')) return 'wss://' + trimmed.slice('https://'.length);
  if (trimmed.startsWith('http://')) return 'ws://' + trimmed.slice('http://'.length);
  return trimmed;
}

/** The socket URL of a job (or of the multiplexed server when `jobId` is undefined). */
export function jobSocketUrl(template: string, server: string, jobId: string | undefined, token: string): string {
  let url = template.replaceAll('{server}', wsBase(server));
  if (jobId !== undefined) url = url.replaceAll('{job}', encodeURIComponent(jobId));
  const parsed = new URL(url); // throws on a malformed server: the job fails instead of retrying forever
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') throw new TypeError(`not a WebSocket URL: ${parsed.protocol}`);
  if (!token) return url;
  parsed.searchParams.set('token', token);
  return parsed.toString();
}

/** `ws(s)://` servers give their REST base as `http(s)://` (the same host serves both). */
function httpBase(server: string): string {
  const trimmed = server.replace(/\/+$/, '');
  if (trimmed.startsWith('wss://')) return 'https://' + trimmed.slice('wss://'.length);
  if (trimmed.startsWith('ws://')) return 'http://' + trimmed.slice('ws://'.length);
  return trimmed;
}

/**
 * The REST URL of a job (status or cancel), e.g. `{server}/v1/jobs/{job}`: `{server}` becomes the
 * server's http(s) base. Throws on a template that does not make an http(s) URL.
 */
export function jobRestUrl(template: string, server: string, jobId: string): string {
  const url = template.replaceAll('{server}', httpBase(server)).replaceAll('{job}', encodeURIComponent(jobId));
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${parsed.protocol}`);
  return parsed.toString();
}

/** The http(s) address of a socket's server: a relative preview URL is fetched from there. */
export function socketHttpBase(socketUrl: string): string {
  const url = new URL(socketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.search = '';
  return url.toString();
}
