// When to reconnect and how long to wait. Pure.

/** 1008 policy violation: servers close with it for an expired or refused token; retrying cannot help. */
const POLICY_VIOLATION = 1008;

/**
 * 4000–4499 are the application's "don't come back" codes (4000 bad job id, 4001 unauthorized), and
 * 1008 (policy violation) says the same. A new token reconnects (the element reopens on a token change).
 * partysocket also reports its own synthetic closes for failed attempts, whose `code` has been seen
 * to be a string: only a real numeric code decides that a close is terminal.
 */
export function isTerminalClose(code: unknown): boolean {
  return typeof code === 'number' && (code === POLICY_VIOLATION || (code >= 4000 && code <= 4499));
}

/**
 * Extra random delay before attempt `attempt` (1 = first retry), on top of partysocket's exponential
 * delay: a fraction of that delay, so that widgets whose server restarts don't reconnect in lockstep.
 */
export function reconnectJitterMs(
  attempt: number,
  { minDelayMs, growFactor, maxDelayMs, jitter }: { minDelayMs: number; growFactor: number; maxDelayMs: number; jitter: number },
  random: () => number = Math.random,
): number {
  if (attempt <= 0) return 0;
  const base = Math.min(maxDelayMs, minDelayMs * growFactor ** (attempt - 1));
  return Math.round(base * jitter * random());
}
