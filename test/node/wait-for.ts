// Synchronisation for the node tests: wait for a condition to hold, never for a fixed time.

type Falsy = undefined | null | false | 0 | '';

/**
 * Resolves with the first truthy value `probe` returns (it may be async), polling every `everyMs`;
 * rejects naming `what` when `timeoutMs` passes first.
 */
export async function waitFor<T>(
  probe: () => T | Falsy | Promise<T | Falsy>,
  what: string,
  { timeoutMs = 5_000, everyMs = 10 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (Boolean(value)) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
