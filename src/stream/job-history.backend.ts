// The jobs' preview histories (worker side): each decoded preview is stored (labels/preview-history.ts)
// before its volume is transferred away, and a stored one is given back whole on request. The answer
// to a request travels as an event, in turn among the job's previews: everything after it builds on it.
import type { LabelVolume } from '../labels/label-volume.ts';
import { DEFAULT_HISTORY_BYTES, historyEntry, PreviewHistory, type HistoryEntry } from '../labels/preview-history.ts';
import { restoreVolume } from '../labels/stored-preview.ts';
import type { SurfaceBudget } from '../labels/surface-bricks.ts';
import type { StreamEvent } from './stream-types.ts';

type PreviewEvent = Extract<StreamEvent, { kind: 'preview' }>;
type HistoryEvent = Extract<StreamEvent, { kind: 'history' }>;
type RestoredEvent = Extract<StreamEvent, { kind: 'restored' }>;

export class JobHistoryBackend {
  readonly #history = new PreviewHistory(DEFAULT_HISTORY_BYTES);
  #enabled = true;
  readonly #surfaceBudget: () => SurfaceBudget;

  constructor(surfaceBudget: () => SurfaceBudget) {
    this.#surfaceBudget = surfaceBudget;
  }

  /** Each job's budget, bytes (0: none kept); returns the events of the jobs that lost previews to it. */
  configure(bytesPerJob: number): HistoryEvent[] {
    this.#enabled = bytesPerJob > 0;
    // Off: nothing is kept, not even the newest (it would go stale while previews are not stored).
    const changed = this.#enabled ? this.#history.setBudget(bytesPerJob) : this.#history.clear();
    return changed.map((jobId) => this.#changed(jobId));
  }

  /** Stores the preview (before its buffers go); the `history` event to send after it, if any. */
  record(event: PreviewEvent): HistoryEvent | undefined {
    if (!this.#enabled) return undefined;
    this.#history.record(event.jobId, event.volume, { previewId: event.previewId, final: event.final, receivedAt: Date.now() });
    return this.#changed(event.jobId);
  }

  list(jobId: string): HistoryEntry[] {
    return this.#history.entries(jobId).map(historyEntry);
  }

  /** The stored preview asked for (null: the newest), whole, or why not. */
  restore(jobId: string, request: number, previewId: number | string | null): RestoredEvent {
    const live = previewId === null;
    const stored = live ? this.#history.entries(jobId).at(-1) : this.#history.find(jobId, previewId);
    const answer = { kind: 'restored', jobId, request, live } as const;
    if (!stored) return { ...answer, reason: live ? `Job ${jobId} has no stored preview.` : `Job ${jobId} has no stored preview ${JSON.stringify(previewId)}.` };
    let volume: LabelVolume;
    try {
      volume = restoreVolume(stored, this.#surfaceBudget());
    } catch (error) {
      return { ...answer, previewId: stored.previewId, reason: error instanceof Error ? error.message : String(error) };
    }
    return { ...answer, previewId: stored.previewId, volume };
  }

  forget(jobId: string): void {
    this.#history.forget(jobId);
  }

  #changed(jobId: string): HistoryEvent {
    const previewIds = this.#history.entries(jobId).map((stored) => stored.previewId);
    return { kind: 'history', jobId, previewIds, bytes: this.#history.bytes(jobId) };
  }
}
