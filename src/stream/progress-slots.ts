// Progress frames coalesced before they are parsed (worker side, pure: the caller brings the clock and
// the timer). Progress is a level, not an event: only its newest value matters. A job's progress frame
// is read at once when none of its frames was read in the last `intervalMs`; otherwise it waits,
// unparsed, in the job's progress slot, where a newer one replaces it, until the interval has passed —
// or until any other frame of the socket arrives, which first takes every waiting progress frame, so
// nothing is reordered among a job's messages. A server sending progress a few times a second is read
// as before; a flood of thousands a second costs a peek each and at most one parse per interval per job.

/** At most one progress frame per job is parsed in this long (the outbox's own interval: no event is lost to it). */
export const PROGRESS_INTERVAL_MS = 50;

export interface HeldFrame {
  jobId: string;
  text: string;
  receivedAt: number;
}

export class ProgressSlots {
  readonly #intervalMs: number;
  /** Per job, its newest unread progress frame. */
  readonly #held = new Map<string, HeldFrame>();
  /** Per job, when one of its progress frames was last read. */
  readonly #lastRead = new Map<string, number>();

  constructor(intervalMs = PROGRESS_INTERVAL_MS) {
    this.#intervalMs = intervalMs;
  }

  /** 'read': read this frame now (take the held ones first); 'held': it waits in its job's slot, replacing an older one. */
  offer(frame: HeldFrame): 'read' | 'held' {
    const last = this.#lastRead.get(frame.jobId);
    if (!this.#held.has(frame.jobId) && (last === undefined || frame.receivedAt - last >= this.#intervalMs)) {
      this.#lastRead.set(frame.jobId, frame.receivedAt);
      return 'read';
    }
    this.#held.set(frame.jobId, frame);
    return 'held';
  }

  /** Milliseconds from `now` until the earliest held frame is due, or undefined when none waits. */
  dueInMs(now: number): number | undefined {
    let due: number | undefined;
    for (const jobId of this.#held.keys()) {
      const wait = Math.max(0, (this.#lastRead.get(jobId) ?? now) + this.#intervalMs - now);
      due = due === undefined ? wait : Math.min(due, wait);
    }
    return due;
  }

  /** Every held frame, oldest first, to be read now; the slots are empty after. */
  take(now: number): HeldFrame[] {
    const frames = [...this.#held.values()].sort((a, b) => a.receivedAt - b.receivedAt);
    this.#held.clear();
    for (const { jobId } of frames) this.#lastRead.set(jobId, now);
    return frames;
  }

  get holding(): boolean {
    return this.#held.size > 0;
  }
}
