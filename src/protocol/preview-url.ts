// Where a preview sent by reference (`data.url`) may be fetched from: an absolute http(s) URL, or a
// path on the server that sent it. Checked on the URL as the browser resolves it, not on its text:
// `/\evil.example/x` is a path to the eye but `//evil.example/x` to the URL parser, and a URL with
// `user:pass@` would send credentials the page never chose to send. Pure.

/** The URL `url` leads to, resolved against the server's http(s) address, or undefined when it may not be fetched. */
export function resolvePreviewUrl(url: string, base: string): URL | undefined {
  const absolute = /^https?:\/\//i.test(url);
  if (!absolute && !url.startsWith('/')) return undefined;
  let target: URL;
  let server: URL;
  try {
    target = new URL(url, base);
    server = new URL(base);
  } catch {
    return undefined;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return undefined;
  if (target.username !== '' || target.password !== '' || target.hostname === '') return undefined;
  // A path must stay a path on the server: no other host hides in it.
  if (!absolute && target.origin !== server.origin) return undefined;
  return target;
}

/** Longer paths are shortened in the middle: an error names the place, not every segment or token in it. */
const MAX_PATH_SHOWN = 80;

/** A URL as an error may quote it: origin and path, shortened, never the query (a pre-signed URL's signature). */
export function shownUrl(url: URL): string {
  const path = url.pathname;
  if (path.length <= MAX_PATH_SHOWN) return `${url.origin}${path}`;
  const keep = (MAX_PATH_SHOWN - 1) / 2;
  return `${url.origin}${path.slice(0, Math.ceil(keep))}…${path.slice(-Math.floor(keep))}`;
}
