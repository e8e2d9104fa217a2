// A preview sent by reference (`data.url`: e.g. a pre-signed object-store URL) downloaded in the job's
// worker: abortable when a newer preview supersedes it, bounded by a size limit (Content-Length first,
// then while streaming) and by a timeout over the whole download. The page's cookies and address never
// go along (a pre-signed URL carries its own authorization), and an error never quotes the URL's query
// string, which holds the signature, nor more than a shortened path.
//
// Redirects are followed: an API that answers with a 302 to a pre-signed object-store URL is a common
// way to hand out such URLs, and refusing it would break those servers for no gain — the browser lets
// a redirect reach only http(s), never with credentials, and CORS still applies to where it lands. An
// error after a redirect names where it landed, so the message points at the host that failed.
import { boundText } from '../protocol/limits.ts';
import { resolvePreviewUrl, shownUrl } from '../protocol/preview-url.ts';
import type { StreamErrorCode } from './stream-types.ts';

/** The longest error sentence: a shortened URL and a status line fit with room to spare. */
const MAX_ERROR_LENGTH = 400;

type PreviewFetchErrorCode = Extract<StreamErrorCode, 'fetch' | 'size'>;

export class PreviewFetchError extends Error {
  readonly code: PreviewFetchErrorCode;

  constructor(code: PreviewFetchErrorCode, message: string) {
    super(boundText(message, MAX_ERROR_LENGTH));
    this.name = 'PreviewFetchError';
    this.code = code;
  }
}

/** Thrown (and meant to be dropped silently) when the caller's signal aborted: a newer preview won. */
export class PreviewFetchAborted extends Error {
  constructor() {
    super('superseded');
    this.name = 'PreviewFetchAborted';
  }
}

export interface PreviewFetchOptions {
  /** Relative URLs are resolved against this (the server's http(s) address). */
  base: string;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

export async function fetchPreviewBytes(url: string, { base, maxBytes, timeoutMs, signal }: PreviewFetchOptions): Promise<Uint8Array> {
  const target = resolvePreviewUrl(url, base);
  if (!target) throw new PreviewFetchError('fetch', 'The preview URL is not an http(s) URL or a path on the server, once resolved against its address.');
  let where = shownUrl(target);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const either = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
  const stopped = (): Error => {
    if (signal?.aborted) return new PreviewFetchAborted();
    return new PreviewFetchError('fetch', `The preview at ${where} did not arrive within ${timeoutMs / 1000} s.`);
  };
  try {
    let response: Response;
    try {
      response = await fetch(target, { signal: either, credentials: 'omit', cache: 'no-store', redirect: 'follow', referrerPolicy: 'no-referrer' });
    } catch {
      if (either.aborted) throw stopped();
      // A CORS refusal looks exactly like a network failure from here.
      throw new PreviewFetchError('fetch', `The preview at ${where} could not be fetched (network error, or the server does not allow this page's origin by CORS).`);
    }
    if (response.redirected && URL.canParse(response.url)) where = `${where} (redirected to ${shownUrl(new URL(response.url))})`;
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      throw new PreviewFetchError('fetch', `The preview at ${where} could not be fetched: HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      void response.body?.cancel().catch(() => undefined);
      throw tooLarge(where, maxBytes, declared);
    }
    return await readLimited(response, maxBytes, where, either, stopped);
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(response: Response, maxBytes: number, where: string, signal: AbortSignal, stopped: () => Error): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch {
        throw signal.aborted ? stopped() : new PreviewFetchError('fetch', `The download of the preview at ${where} broke off.`);
      }
      if (step.done) break;
      total += step.value.byteLength;
      if (total > maxBytes) throw tooLarge(where, maxBytes);
      parts.push(step.value);
    }
  } catch (error) {
    reader.cancel().catch(() => undefined);
    throw error;
  }
  if (parts.length === 1 && parts[0]) return parts[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

function tooLarge(where: string, maxBytes: number, declared?: number): PreviewFetchError {
  const size = declared === undefined ? 'more' : `${declared} bytes, more`;
  return new PreviewFetchError('size', `The preview at ${where} is ${size} than ${maxBytes} bytes, the limit; it was not used.`);
}
