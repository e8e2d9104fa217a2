// Keeps a socket's messages in arrival order when reading one of them takes time (a gzip-compressed
// msgpack frame is inflated asynchronously): a message that arrives meanwhile waits its turn, so
// progress and terminal events are never reordered. While nothing is pending, a message is handled
// at once, in the same task.

export class InboundOrder {
  #tail: Promise<void> | undefined;

  run(task: () => void | Promise<void>): void {
    if (this.#tail) {
      this.#follow(this.#tail.then(task));
      return;
    }
    const result = task();
    if (result instanceof Promise) this.#follow(result);
  }

  /** True while a message is still being read (later ones are queued behind it). */
  get busy(): boolean {
    return this.#tail !== undefined;
  }

  #follow(step: Promise<void>): void {
    // A failed step must not stop the ones behind it; the task reports its own errors.
    const tail: Promise<void> = step.catch(() => undefined).then(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
    this.#tail = tail;
  }
}
