// Test helpers for the real mock stream that web-test-runner starts for this test file's session (see
// test/mock-stream-sessions.js): every file has its own, so its jobs, faults and counters are its own.

export interface MockStream {
  /** http://127.0.0.1:PORT */
  http: string;
  /** ws://127.0.0.1:PORT */
  ws: string;
}

let cached: Promise<MockStream> | undefined;

export function mockStream(): Promise<MockStream> {
  const session = new URLSearchParams(location.search).get('wtr-session-id') ?? '';
  cached ??= fetch(`/__mock-stream?session=${encodeURIComponent(session)}`).then((response) => response.json() as Promise<MockStream>);
  return cached;
}

/**
 * Creates a job on the mock with the given options and returns its id. The job waits for its first
 * watcher (`startOn: 'watch'`) unless the options say otherwise: a test makes its jobs, then mounts the
 * element, and however late the socket connects it sees the job from `job_created` on, faults included.
 */
export async function createJob(options: Record<string, string | number> = {}): Promise<string> {
  const { http } = await mockStream();
  const body = JSON.stringify({ startOn: 'watch', ...options });
  const response = await fetch(`${http}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (!response.ok) throw new Error(`POST /jobs failed: ${response.status}`);
  const { job_id } = (await response.json()) as { job_id: string };
  return job_id;
}

/** Drives the mock's control surface: `down`, `up`, `restart?downMs=…`, `reset`, `stats`. */
export async function mockControl<T = unknown>(action: string, method: 'POST' | 'GET' = 'POST'): Promise<T> {
  const { http } = await mockStream();
  const response = await fetch(`${http}/__mock/${action}`, { method });
  if (!response.ok) throw new Error(`${method} /__mock/${action} failed: ${response.status}`);
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Waits for the mock's own clock: a fresh tiny job of `previews` at `hz`, watched by a plain socket until it
 * completes (that socket counts in the mock's `connections`). A positive sync point for "X did not happen":
 * whatever the code under test would have done within that span of server time (a retry after a backoff
 * shorter than it, a message sent before the clock's) has been done and seen by the time it resolves.
 */
export async function serverClock(previews = 20, hz = 20): Promise<void> {
  const { ws } = await mockStream();
  const id = `clock-${Math.random().toString(36).slice(2, 10)}`;
  const socket = new WebSocket(`${ws}/ws/jobs/${id}?hz=${hz}&previews=${previews}&shape=2,2,2`);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('message', ({ data }) => {
        if (typeof data === 'string' && JSON.parse(data).type === 'completed') resolve();
      });
      socket.addEventListener('close', () => reject(new Error('the clock socket closed before its job completed')));
    });
  } finally {
    socket.close();
  }
}

/** Resolves with the first value `probe` returns that isn't undefined, polling every 20 ms. */
export async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
