// The job's own outbound queue: what to send when the socket (re)opens. partysocket's queue is off
// (`maxEnqueuedMessages: 0`) because its queue keeps stale duplicates and loses ordering with the
// catch-up messages that every reconnect sends first.
import type { ClientMessage } from '../protocol/client-messages.ts';

/** A queue where `cancel_job` is always kept, a repeated `request_status`/`subscribe` collapses, and pings are never queued. */
export class OutboundQueue {
  #messages: ClientMessage[] = [];

  push(message: ClientMessage): void {
    if (message.type === 'ping') return;
    const duplicate = this.#messages.some(
      (queued) => queued.type === message.type && 'job_id' in queued && 'job_id' in message && queued.job_id === message.job_id,
    );
    if (duplicate) return;
    this.#messages.push(message);
  }

  /** Removes and returns everything, in order. */
  drain(): ClientMessage[] {
    const messages = this.#messages;
    this.#messages = [];
    return messages;
  }

  get size(): number {
    return this.#messages.length;
  }
}

/** What a (re)opened socket sends before anything else: subscriptions first, then a status catch-up. */
export function catchUpMessages(jobIds: Iterable<string>, multiplexed: boolean): ClientMessage[] {
  const messages: ClientMessage[] = [];
  const jobs = [...jobIds];
  if (multiplexed) for (const job_id of jobs) messages.push({ type: 'subscribe', job_id });
  for (const job_id of jobs) messages.push({ type: 'request_status', job_id });
  return messages;
}
