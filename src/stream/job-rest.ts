// A job server's REST side (worker side): the status URL, fetched when a job's socket opens and when it
// stays silent, and the cancel URL (HTTP DELETE). For servers that do not replay (CryoMamba), the status
// is the only way a late client learns that a job already finished. Nothing here throws: a timeout, an
// HTTP error or a bad body comes back as a sentence.
import { parseJobStatus } from '../protocol/job-status.ts';
import type { JobMessage } from '../protocol/job-message.ts';
import { jobRestUrl } from './job-url.ts';
import type { StreamOptions } from './stream-types.ts';

export type RestResult = { ok: true; messages: JobMessage[] } | { ok: false; message: string };

type RestOptions = Pick<StreamOptions, 'server' | 'token' | 'statusUrlTemplate' | 'cancelUrlTemplate' | 'statusTimeoutMs'>;

/** GET the job's status; `undefined` when no status URL is configured. */
export async function fetchJobStatus(jobId: string, options: RestOptions): Promise<RestResult | undefined> {
  if (!options.statusUrlTemplate) return undefined;
  const response = await request('GET', options.statusUrlTemplate, jobId, options, 'status');
  if (!response.ok) return response;
  const parsed = parseJobStatus(response.text);
  return parsed.ok ? parsed : { ok: false, message: `Job status from ${response.url}: ${parsed.message}` };
}

/** DELETE the job (its cancel); `undefined` when no cancel URL is configured. */
export async function requestJobCancel(jobId: string, options: RestOptions): Promise<RestResult | undefined> {
  if (!options.cancelUrlTemplate) return undefined;
  const response = await request('DELETE', options.cancelUrlTemplate, jobId, options, 'cancel');
  return response.ok ? { ok: true, messages: [] } : response;
}

async function request(
  method: 'GET' | 'DELETE',
  template: string,
  jobId: string,
  options: RestOptions,
  what: 'status' | 'cancel',
): Promise<{ ok: true; text: string; url: string } | { ok: false; message: string }> {
  let url: string;
  try {
    url = jobRestUrl(template, options.server, jobId);
  } catch {
    return { ok: false, message: `The job ${what} URL template "${template.slice(0, 200)}" does not make an http(s) URL.` };
  }
  // Shown in sentences: the token never is, and long URLs are cut.
  const shown = url.slice(0, 200);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.statusTimeoutMs);
  try {
    const response = await fetch(url, { method, headers, signal: abort.signal, credentials: 'omit' });
    const text = await response.text();
    if (!response.ok) return { ok: false, message: `The job ${what} request ${method} ${shown} failed with HTTP ${response.status}.` };
    return { ok: true, text, url: shown };
  } catch {
    const why = abort.signal.aborted ? `got no answer within ${options.statusTimeoutMs} ms` : 'could not reach the server';
    return { ok: false, message: `The job ${what} request ${method} ${shown} ${why}.` };
  } finally {
    clearTimeout(timer);
  }
}
