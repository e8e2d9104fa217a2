// A job's recent previews, kept small (run-length encoded dense ids, label-runs.ts) under a byte budget
// per job: the oldest go first, but never the newest (the layer may be showing it) nor a final preview
// (what the job ended with). Lives where the job's previews are decoded (its worker); pure otherwise.
// The byte count is what memory shows: test/bench/history-memory.ts measures it (within ≈ 6 %).
import { labelCountsById } from './label-counts.ts';
import type { LabelGrid } from './label-grid.ts';
import { decodeLabelRuns, encodeLabelRuns, labelChecksum, type LabelRuns } from './label-runs.ts';
import type { DenseLabels, LabelVolume } from './label-volume.ts';

/** What the history keeps of one preview: enough to give back its LabelVolume (stored-preview.ts). */
export interface StoredPreview {
  /** The server's `preview_id`, or the job's arrival count when the server sent none. */
  previewId: number | string;
  /** Epoch ms when the worker stored it (its decode had just finished). */
  receivedAt: number;
  final: boolean;
  grid: LabelGrid;
  downsampleFactor: number;
  sourceShape: LabelVolume['sourceShape'];
  labelIds: Float64Array;
  labelCounts: Float64Array;
  runs: LabelRuns;
  /** labelChecksum of the dense ids as they arrived. */
  checksum: number;
  /** What it costs the budget: its arrays plus a fixed overhead. */
  bytes: number;
}

/** One stored preview as `history(jobId)` lists it: plain data. */
export interface HistoryEntry {
  previewId: number | string;
  receivedAt: number;
  /** Voxels per original label id, background excluded: `{ "1": 5123 }`. */
  labelCounts: Record<number, number>;
  /** Bytes the stored preview takes in its worker. */
  bytes: number;
}

/** The object, its typed-array headers and the grid: counted so that empty previews are not free. */
export const STORED_PREVIEW_OVERHEAD_BYTES = 512;

/** 64 MiB over every job shown (the element divides it among them). */
export const DEFAULT_HISTORY_BYTES = 64 * 1024 * 1024;

/**
 * Each job's share of the history budget. A share per job, not per worker: a job's history lives in its
 * worker, and workers cannot see each other's memory, so equal shares keep the total without any
 * coordination, and a job streaming fast cannot push out a slow job's previews. Not a number: the default.
 */
export function historyShare(totalBytes: number, jobs: number): number {
  const total = Number.isFinite(totalBytes) ? Math.max(0, totalBytes) : DEFAULT_HISTORY_BYTES;
  return Math.floor(total / Math.max(1, jobs));
}

export function storePreview(volume: LabelVolume, meta: Pick<StoredPreview, 'previewId' | 'receivedAt' | 'final'>): StoredPreview {
  const runs = encodeLabelRuns(volume.labels);
  const labelIds = volume.labelIds.slice();
  const labelCounts = volume.labelCounts.slice();
  return {
    ...meta,
    grid: { shape: [...volume.shape], spacing: [...volume.spacing], origin: [...volume.origin] },
    downsampleFactor: volume.downsampleFactor,
    sourceShape: [...volume.sourceShape],
    labelIds,
    labelCounts,
    runs,
    checksum: labelChecksum(volume.labels),
    bytes: runs.bytes.byteLength + labelIds.byteLength + labelCounts.byteLength + STORED_PREVIEW_OVERHEAD_BYTES,
  };
}

/** The dense ids back; throws when they are not the ones that arrived (their checksum differs). */
export function storedLabels(stored: StoredPreview): DenseLabels {
  const labels = decodeLabelRuns(stored.runs);
  const checksum = labelChecksum(labels);
  if (checksum !== stored.checksum) throw new Error(`Stored preview ${stored.previewId} is corrupt (checksum ${checksum}, stored ${stored.checksum}).`);
  return labels;
}

export function historyEntry(stored: StoredPreview): HistoryEntry {
  return { previewId: stored.previewId, receivedAt: stored.receivedAt, labelCounts: labelCountsById(stored.labelIds, stored.labelCounts), bytes: stored.bytes };
}

interface JobHistory {
  entries: StoredPreview[];
  bytes: number;
  /** Previews stored so far: the id of one that came without a `preview_id`. */
  arrivals: number;
}

export class PreviewHistory {
  readonly #jobs = new Map<string, JobHistory>();
  #budget: number;

  /** `budgetBytes`: what each job's history may hold (the newest and final previews excepted). */
  constructor(budgetBytes: number) {
    this.#budget = Math.max(0, budgetBytes);
  }

  get budgetBytes(): number {
    return this.#budget;
  }

  /** A new budget per job; returns the jobs that lost previews to it. */
  setBudget(budgetBytes: number): string[] {
    this.#budget = Math.max(0, budgetBytes);
    return [...this.#jobs].filter(([, job]) => this.#trim(job) > 0).map(([jobId]) => jobId);
  }

  /** Stores a decoded preview (its arrays are copied: the volume may be transferred after) and trims. */
  record(jobId: string, volume: LabelVolume, meta: { previewId: number | string | undefined; final: boolean; receivedAt: number }): StoredPreview {
    const job = this.#jobs.get(jobId) ?? { entries: [], bytes: 0, arrivals: 0 };
    this.#jobs.set(jobId, job);
    job.arrivals += 1;
    const stored = storePreview(volume, { ...meta, previewId: meta.previewId ?? job.arrivals });
    job.entries.push(stored);
    job.bytes += stored.bytes;
    this.#trim(job);
    return stored;
  }

  /** Oldest first. */
  entries(jobId: string): readonly StoredPreview[] {
    return this.#jobs.get(jobId)?.entries ?? [];
  }

  /** The newest stored preview with that id (a server that restarted may number from 1 again). */
  find(jobId: string, previewId: number | string): StoredPreview | undefined {
    return this.entries(jobId).findLast((stored) => stored.previewId === previewId);
  }

  bytes(jobId: string): number {
    return this.#jobs.get(jobId)?.bytes ?? 0;
  }

  forget(jobId: string): void {
    this.#jobs.delete(jobId);
  }

  /** Forgets every job; returns the ones that had previews. */
  clear(): string[] {
    const jobIds = [...this.#jobs].filter(([, job]) => job.entries.length > 0).map(([jobId]) => jobId);
    this.#jobs.clear();
    return jobIds;
  }

  /** Drops the oldest droppable previews while over budget; returns how many went. */
  #trim(job: JobHistory): number {
    let dropped = 0;
    for (let i = 0; job.bytes > this.#budget && i < job.entries.length - 1; ) {
      const stored = job.entries[i]!;
      if (stored.final) {
        i++;
        continue;
      }
      job.entries.splice(i, 1);
      job.bytes -= stored.bytes;
      dropped++;
    }
    return dropped;
  }
}
