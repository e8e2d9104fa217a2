// Test helpers for the real mock stream that web-test-runner starts for the run (see its config).

export interface MockStream {
  /** http://127.0.0.1:PORT */
  http: string;
  /** ws://127.0.0.1:PORT */
  ws: string;
}

let cached: Promise<MockStream> | undefined;

export function mockStream(): Promise<MockStream> {
  cached ??= fetch('/__mock-stream').then((response) => response.json() as Promise<MockStream>);
  return cached;
}

/** Creates a job on the mock with the given options and returns its id. */
export async function createJob(options: Record<string, string | number> = {}): Promise<string> {
  const { http } = await mockStream();
  const response = await fetch(`${http}/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
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
