// Batches events to the main thread (worker side). Progress is coalesced to the newest value per job
// and flushed at most every `intervalMs`, so a flood of thousands of messages a second costs the main
// thread a few calls; everything else flushes at once, in order, with preview buffers transferred.
import type { LabelVolume } from '../labels/label-volume.ts';
import type { StreamEvent } from './stream-types.ts';

export type SendEvents = (events: StreamEvent[], transfer: Transferable[]) => void;

/** The buffers of a volume, each listed once (two arrays may share a buffer). */
export function volumeBuffers(volume: LabelVolume | undefined): ArrayBuffer[] {
  if (!volume) return [];
  const bricks = volume.surface.bricks.flatMap((brick) => [brick.points, brick.polys, brick.cellLabels, ...(brick.normals ? [brick.normals] : []), ...(brick.pointLabels ? [brick.pointLabels] : [])]);
  const arrays = [volume.labels, volume.labelIds, volume.labelCounts, ...bricks];
  return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
}

export class EventOutbox {
  #pending: StreamEvent[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #send: SendEvents;
  readonly #intervalMs: number;

  constructor(send: SendEvents, intervalMs = 50) {
    this.#send = send;
    this.#intervalMs = intervalMs;
  }

  push(event: StreamEvent): void {
    if (event.kind === 'progress') {
      const index = this.#pending.findIndex((queued) => queued.kind === 'progress' && queued.jobId === event.jobId);
      if (index >= 0) this.#pending[index] = event;
      else this.#pending.push(event);
      this.#timer ??= setTimeout(() => this.flush(), this.#intervalMs);
      return;
    }
    this.#pending.push(event);
    this.flush();
  }

  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0) return;
    const events = this.#pending;
    this.#pending = [];
    const transfer = events.flatMap((event) => (event.kind === 'preview' || event.kind === 'restored' ? volumeBuffers(event.volume) : []));
    this.#send(events, transfer);
  }
}
