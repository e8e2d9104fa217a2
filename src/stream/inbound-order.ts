// Keeps a socket's messages in arrival order when reading one of them takes time (a gzip-compressed
// msgpack frame is inflated asynchronously): a message that arrives meanwhile waits its turn, so
// progress and terminal events are never reordered — nor the socket's own state changes, which take
// their turn like messages (a message of the old connection must not land after the new one's `open`).
// While nothing is pending, a message is handled at once, in the same task.
//
// What waits is bounded: a server that floods while a message inflates cannot make the queue hold more
// than `maxQueuedBytes`; a message beyond that is refused (the caller says so).

export class InboundOrder {
  #tail: Promise<void> | undefined;
  #queuedBytes = 0;
  readonly #maxQueuedBytes: () => number;

  constructor(maxQueuedBytes: () => number = () => Number.POSITIVE_INFINITY) {
    this.#maxQueuedBytes = maxQueuedBytes;
  }

  /**
   * Runs `task` now, or after the ones before it. Returns false, without running it, when it would
   * have to wait and `bytes` more would pass the limit (a state change costs 0 and is never refused).
   */
  run(task: () => void | Promise<void>, bytes = 0): boolean {
    if (this.#tail) {
      if (bytes > 0 && this.#queuedBytes + bytes > this.#maxQueuedBytes()) return false;
      this.#queuedBytes += bytes;
      this.#follow(
        this.#tail.then(() => {
          this.#queuedBytes -= bytes;
          return task();
        }),
      );
      return true;
    }
    const result = task();
    if (result instanceof Promise) this.#follow(result);
    return true;
  }

  /** True while a message is still being read (later ones are queued behind it). */
  get busy(): boolean {
    return this.#tail !== undefined;
  }

  /** Bytes of the messages waiting behind the one being read. */
  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  #follow(step: Promise<void>): void {
    // A failed step must not stop the ones behind it; the task reports its own errors.
    const tail: Promise<void> = step.catch(() => undefined).then(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
    this.#tail = tail;
  }
}
