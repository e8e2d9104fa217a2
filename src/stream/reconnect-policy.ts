// The reconnect policy, whole: every connection setting a job socket uses, built from StreamOptions in
// one place — backoff, jitter, timeouts, heartbeat, which closes are final, and what a reconnect resets.
// Pure; job-socket.ts and stream.backend.ts only read it.
import type { StreamOptions } from './stream-types.ts';

/** Something a reconnected socket must forget. */
export type ReconnectReset =
  /** The newest preview order seen: a restarted server may number its previews from 1 again. */
  'preview-order';

export interface ConnectionPolicy {
  /** Exponential backoff between attempts: first delay, growth per attempt, cap. */
  backoff: { initialMs: number; factor: number; maxMs: number };
  /** Random extra delay as a fraction of the backoff delay (0 = none). */
  jitter: number;
  /** An attempt that has not opened after this long is abandoned and retried. */
  connectionTimeoutMs: number;
  /** A connection that lived this long resets the backoff: the next outage starts with fast retries again. */
  minUptimeMs: number;
  heartbeat: {
    /** A `ping` goes out after this much silence. */
    intervalMs: number;
    /** No inbound message for this long means the socket is dead. */
    timeoutMs: number;
    /** How often the silence is checked. */
    checkMs: number;
    /** The close code of a heartbeat timeout: one that is not terminal, so a reconnect follows. */
    closeCode: number;
  };
  /** Closes after which the job fails instead of reconnecting: a range, and single codes. */
  terminalCloses: { min: number; max: number; codes: readonly number[] };
  /** What a successful reconnect (not the first open) resets. */
  reconnectResets: readonly ReconnectReset[];
}

/**
 * 4000–4499 are the application's "don't come back" codes (4000 bad job id, 4001 unauthorized), and
 * 1008 (policy violation: servers close with it for an expired token) says the same; a new token
 * reconnects (the element reopens on a token change). partysocket also reports its own synthetic closes
 * for failed attempts, whose `code` has been seen to be a string: only a real numeric code is terminal.
 */
const TERMINAL_CLOSES = { min: 4000, max: 4499, codes: [1008] as readonly number[] };

/** Outside the terminal range on purpose: a heartbeat timeout must lead to a reconnect. */
const HEARTBEAT_CLOSE_CODE = 4900;

/** A handshake that takes longer is a dead server, not a slow one, on the networks this widget serves. */
const CONNECTION_TIMEOUT_MS = 4_000;

/** After a quick server restart the next outage gets the fast first retries again (partysocket's default is 5 s). */
const MIN_UPTIME_MS = 1_000;

/** Silence is never checked more often than this, however short the heartbeat. */
const MIN_HEARTBEAT_CHECK_MS = 50;

/** The stream options the policy is built from. */
export type ReconnectOptions = Pick<StreamOptions,
  'heartbeatIntervalMs' | 'heartbeatTimeoutMs' | 'minReconnectDelayMs' | 'reconnectGrowFactor' | 'maxReconnectDelayMs' | 'reconnectJitter'>;

/** Their defaults (DEFAULT_STREAM_OPTIONS takes them from here). */
export const DEFAULT_RECONNECT_OPTIONS: Readonly<ReconnectOptions> = {
  heartbeatIntervalMs: 10_000,
  heartbeatTimeoutMs: 25_000,
  // First retry fast; capped so a job is back within ~3 s of its server even after a long outage.
  minReconnectDelayMs: 250,
  reconnectGrowFactor: 1.6,
  maxReconnectDelayMs: 2_000,
  reconnectJitter: 0.5,
};

export function connectionPolicy(options: ReconnectOptions): ConnectionPolicy {
  const { heartbeatIntervalMs, heartbeatTimeoutMs } = options;
  return {
    backoff: { initialMs: options.minReconnectDelayMs, factor: options.reconnectGrowFactor, maxMs: options.maxReconnectDelayMs },
    jitter: options.reconnectJitter,
    connectionTimeoutMs: CONNECTION_TIMEOUT_MS,
    minUptimeMs: MIN_UPTIME_MS,
    heartbeat: {
      intervalMs: heartbeatIntervalMs,
      timeoutMs: heartbeatTimeoutMs,
      // Half the shorter period: a timeout is noticed at most half a period late.
      checkMs: Math.max(MIN_HEARTBEAT_CHECK_MS, Math.min(heartbeatIntervalMs, heartbeatTimeoutMs) / 2),
      closeCode: HEARTBEAT_CLOSE_CODE,
    },
    terminalCloses: TERMINAL_CLOSES,
    reconnectResets: ['preview-order'],
  };
}

/** The close a server sends instead of a message larger than it may send (API Gateway: over 128 KB). */
export const MESSAGE_TOO_BIG_CLOSE = 1009;

/** True when a close with this code ends the job instead of leading to a reconnect. */
export function isTerminalClose(code: unknown, { min, max, codes }: ConnectionPolicy['terminalCloses']): boolean {
  return typeof code === 'number' && ((code >= min && code <= max) || codes.includes(code));
}

/** What to reset when a socket reports `state` on attempt `attempt`: only a re-open (attempt > 1) resets anything. */
export function resetsOnOpen(policy: ConnectionPolicy, state: string, attempt: number): readonly ReconnectReset[] {
  return state === 'open' && attempt > 1 ? policy.reconnectResets : [];
}

/**
 * Extra random delay before attempt `attempt` (1 = first retry), on top of partysocket's exponential
 * delay: a fraction of that delay, so that widgets whose server restarts don't reconnect in lockstep.
 */
export function reconnectJitterMs(attempt: number, policy: Pick<ConnectionPolicy, 'backoff' | 'jitter'>, random: () => number = Math.random): number {
  if (attempt <= 0) return 0;
  const { initialMs, factor, maxMs } = policy.backoff;
  const base = Math.min(maxMs, initialMs * factor ** (attempt - 1));
  return Math.round(base * policy.jitter * random());
}
