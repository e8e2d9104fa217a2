// One partysocket connection (worker side): a job's socket, or a multiplexed server's socket shared by
// several jobs. Adds what partysocket lacks: jittered backoff, an application heartbeat, a catch-up on
// every (re)open, a typed outbound queue, terminal closes, and a size check before anything is parsed.
// Every timing and close code comes from the reconnect policy (reconnect-policy.ts).
import { DirectMessageSocket } from './direct-message-socket.ts';
import { clientMessageText } from '../protocol/client-message-key.ts';
import type { ClientMessage } from '../protocol/client-messages.ts';
import { socketHttpBase } from './job-url.ts';
import { OutboundQueue, catchUpMessages } from './outbound-queue.ts';
import { connectionPolicy, isTerminalClose, reconnectJitterMs } from './reconnect-policy.ts';
import type { ConnectionState, StreamOptions } from './stream-types.ts';

export interface JobSocketHandlers {
  state(state: ConnectionState, detail: { attempt: number; reason?: string; code?: number }): void;
  text(text: string): void;
  binary(buffer: ArrayBuffer): void;
  tooLarge(bytes: number): void;
}

export class JobSocket {
  /** Where it connects (with the token, when there is one: never log it). */
  readonly url: string;
  /** The server's http(s) address, where a preview sent by URL is fetched from: worked out once, not per message. */
  readonly httpBase: string;
  readonly jobIds = new Set<string>();
  readonly #socket: DirectMessageSocket;
  readonly #queue = new OutboundQueue();
  /** Read at each use: size limits and heartbeat follow `configure` on open sockets too. */
  readonly #options: () => StreamOptions;
  readonly #handlers: JobSocketHandlers;
  readonly #multiplexed: boolean;
  #lastInbound = 0;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #closed = false;
  /** Connection attempts made so far (1 = the first). */
  attempts = 0;
  /** Shared by several jobs: its messages must name their job. */
  get multiplexed(): boolean {
    return this.#multiplexed;
  }

  /** The kind of the last message sent, to name it when a gateway says it has no route for it. */
  lastSent: ClientMessage['type'] | undefined;

  constructor(url: string, jobIds: string[], multiplexed: boolean, options: () => StreamOptions, handlers: JobSocketHandlers) {
    this.url = url;
    this.httpBase = socketHttpBase(url);
    for (const id of jobIds) this.jobIds.add(id);
    this.#options = options;
    // Backoff and timeouts are fixed at creation: partysocket takes them once.
    const policy = connectionPolicy(options());
    this.#handlers = handlers;
    this.#multiplexed = multiplexed;
    this.#socket = new DirectMessageSocket(
      async () => {
        this.attempts += 1;
        const wait = reconnectJitterMs(this.#socket.retryCount, policy);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        return url;
      },
      undefined,
      {
        minReconnectionDelay: policy.backoff.initialMs,
        reconnectionDelayGrowFactor: policy.backoff.factor,
        maxReconnectionDelay: policy.backoff.maxMs,
        maxEnqueuedMessages: 0,
        connectionTimeout: policy.connectionTimeoutMs,
        minUptime: policy.minUptimeMs,
        shouldReconnectOnClose: (event) => !isTerminalClose(event.code, policy.terminalCloses),
      },
    );
    this.#socket.binaryType = 'arraybuffer';
    // The `on*` properties get the original events: partysocket's re-dispatched clones of its own
    // close events lose their fields (`code` arrives as the string "close").
    this.#socket.onopen = this.#onOpen;
    this.#socket.onmessage = this.#onMessage;
    this.#socket.onclose = this.#onClose;
  }

  /** Sends now when open; otherwise keeps it for the next open (pings are never kept). */
  send(message: ClientMessage): void {
    if (this.#closed) return;
    if (this.#socket.readyState === this.#socket.OPEN) this.#write(message);
    else this.#queue.push(message);
  }

  addJob(jobId: string): void {
    if (this.jobIds.has(jobId)) return;
    this.jobIds.add(jobId);
    for (const message of catchUpMessages([jobId], this.#multiplexed)) this.send(message);
  }

  removeJob(jobId: string): void {
    this.jobIds.delete(jobId);
  }

  close(reason = 'closed by the client'): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopHeartbeat();
    this.#socket.close(1000, reason);
  }

  get open(): boolean {
    return !this.#closed && this.#socket.readyState === this.#socket.OPEN;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #onOpen = (): void => {
    this.#lastInbound = Date.now();
    this.#handlers.state('open', { attempt: this.attempts });
    for (const message of catchUpMessages(this.jobIds, this.#multiplexed)) this.#write(message);
    for (const message of this.#queue.drain()) {
      if (message.type !== 'request_status' && message.type !== 'subscribe') this.#write(message);
    }
    this.#startHeartbeat();
  };

  #onMessage = (event: MessageEvent): void => {
    this.#lastInbound = Date.now();
    const data: unknown = event.data;
    const bytes = typeof data === 'string' ? data.length : data instanceof ArrayBuffer ? data.byteLength : 0;
    if (bytes > this.#options().maxMessageBytes) {
      this.#handlers.tooLarge(bytes);
      return;
    }
    if (typeof data === 'string') this.#handlers.text(data);
    else if (data instanceof ArrayBuffer) this.#handlers.binary(data);
  };

  #onClose = (event: { code: unknown; reason?: unknown }): void => {
    this.#stopHeartbeat();
    if (this.#closed) {
      this.#handlers.state('closed', { attempt: this.attempts });
      return;
    }
    const code = typeof event.code === 'number' ? event.code : undefined;
    const reason = typeof event.reason === 'string' && event.reason ? event.reason.slice(0, 200) : undefined;
    if (isTerminalClose(event.code, connectionPolicy(this.#options()).terminalCloses)) {
      this.#closed = true;
      this.#handlers.state('failed', { attempt: this.attempts, code, reason: reason ?? `closed with code ${code}` });
      return;
    }
    this.#handlers.state('reconnecting', { attempt: this.attempts, code, reason });
  };

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    const { intervalMs, timeoutMs, checkMs, closeCode } = connectionPolicy(this.#options()).heartbeat;
    let lastPing = 0;
    this.#heartbeat = setInterval(() => {
      const now = Date.now();
      const silence = now - this.#lastInbound;
      if (silence >= timeoutMs) {
        this.#stopHeartbeat();
        this.#socket.reconnect(closeCode, `heartbeat timeout: no message for ${(silence / 1000).toFixed(1)} s`);
        return;
      }
      if (silence >= intervalMs && now - lastPing >= intervalMs) {
        lastPing = now;
        this.#write({ type: 'ping' });
      }
    }, checkMs);
  }

  /** Every message goes out here, its kind under the configured key (`type`, or `action` for a gateway). */
  #write(message: ClientMessage): void {
    this.lastSent = message.type;
    this.#socket.send(clientMessageText(message, this.#options().clientMessageKey));
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }
}
