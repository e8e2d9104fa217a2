// Keeps only the newest progress message of a per-job socket until the next flush (worker side), so
// that a flood of thousands of progress messages a second costs one cheap look each, not a JSON parse
// and a schema check each, and the job's previews behind them in the worker's queue are not held up.

/** Small messages whose type is a progress type; anything else is parsed at once. Pure. */
export function looksLikeProgress(text: string): boolean {
  return text.length < 4096 && /"type"\s*:\s*"(?:progress|progress_update|processing_progress)"/.test(text);
}

export class ProgressGate<Key> {
  readonly #pending = new Map<Key, string>();
  readonly #release: (key: Key, text: string) => void;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `release` receives the newest held text of a key, at most once per `intervalMs`. */
  constructor(release: (key: Key, text: string) => void, intervalMs = 50) {
    this.#release = release;
    this.#intervalMs = intervalMs;
  }

  /** Holds `text` if it is a progress message (replacing an older one); false means: handle it now. */
  hold(key: Key, text: string): boolean {
    if (!looksLikeProgress(text)) return false;
    this.#pending.set(key, text);
    this.#timer ??= setTimeout(() => this.releaseAll(), this.#intervalMs);
    return true;
  }

  /** Hands over what `key` holds now: call before any other message of that key, to keep the order. */
  release(key: Key): void {
    const text = this.#pending.get(key);
    if (text === undefined) return;
    this.#pending.delete(key);
    this.#release(key, text);
  }

  releaseAll(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const key of [...this.#pending.keys()]) this.release(key);
  }

  forget(key: Key): void {
    this.#pending.delete(key);
  }
}
