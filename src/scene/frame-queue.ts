// The one per-frame queue every scene mutation goes through (main thread): brick swaps, slice uploads,
// colour tables, a new layer's vtk objects. Each animation frame runs queued work until its time budget
// is spent, then draws once; what is left waits for the next frame. Newer work for a key (a brick, a
// layer's slice) replaces its queued older work, so the queue holds at most one item per key and a
// burst of previews costs only the newest. While paused (the element is hidden) nothing runs and
// nothing is drawn; on resume only the newest state per key is applied.
//
// vtk.js builds a mapper's GPU buffers while drawing, not when its data is set, so an item also names
// the work it leaves to the draw (`deferred`, e.g. faces); the queue learns the draw's cost per unit and
// its cost with nothing to upload, and counts an item's share when deciding what fits.
//
// Work too big for one frame (a colour table of thousands of labels) is one item run in steps: its `run`
// returns true while work remains, and it keeps its place in line, so what is queued behind it (the
// slice and bricks that need those colours) waits until it is done. A frame runs steps like items, so
// no frame overshoots its budget by more than one step.
//
// When work is still waiting and frames come far apart (software WebGL rasterises a frame of four 128³
// layers in hundreds of ms, in the GPU process, while the main thread idles), a frame may spend a share
// of the time since the last one, up to a few budgets: at 4 ms a frame and 3 frames a second a backlog
// would drain at 12 ms of work a second.

import type { FrameRecord, FrameStats } from './frame-stats.ts';

export interface FrameItem {
  /** Does the work, or its next step: true means more steps remain (see the header). */
  run(): boolean | void;
  /** Units of work the item leaves to the draw (faces whose buffers vtk builds then). */
  deferred?: number;
  /** Bricks it swaps, and bytes it hands to vtk (for the accounting). */
  bricks?: number;
  bytes?: number;
  /** Whose work it is (a layer): its time, and its share of the draw, are added up per owner. */
  owner?: string;
}

export interface FrameQueueOptions {
  /** Widget work per frame, ms. Default 4. */
  budgetMs?: number;
  /** Frames kept in the accounting. Default 600 (10 s at 60 Hz). */
  capacity?: number;
  /** First guess of the draw's cost per deferred unit, ms (learned from then on). */
  msPerUnit?: number;
  now?: () => number;
  requestFrame?: (callback: () => void) => number;
  cancelFrame?: (handle: number) => void;
}

/** Widget work per frame unless told otherwise, ms: a quarter of a 60 Hz frame, the rest left to the host and the draw. */
export const DEFAULT_FRAME_BUDGET_MS = 4;

/** Share of the time since the previous frame that a frame with work still waiting may spend. */
const GAP_SHARE = 0.1;
/** Most a frame may spend then, in budgets: 4 × 4 ms stays far below a 50 ms long task. */
const MAX_BUDGETS_PER_FRAME = 4;

/** Smoothing of the learned costs: the newest frame weighs this much. */
const LEARN = 0.2;
/**
 * Bounds of the learned draw cost per deferred unit (ms per face). A slow draw is not always the
 * uploads' fault: on a loaded machine, or rasterizing in software, every draw is slow, and charging that
 * to the uploads would starve the queue to one item per frame. Measured here: ≈ 0.5–1 µs per face.
 */
const MS_PER_UNIT_RANGE = [0.0002, 0.003] as const;

export class FrameQueue {
  readonly #items = new Map<string, FrameItem>();
  readonly #draw: () => void;
  readonly #now: () => number;
  readonly #requestFrame: (callback: () => void) => number;
  readonly #cancelFrame: (handle: number) => void;
  readonly #capacity: number;
  readonly #frames: FrameRecord[] = [];
  #budgetMs: number;
  #frame = 0;
  #drawWanted = false;
  #paused = false;
  #msPerUnit: number;
  #idleDrawMs = 0;
  #totals = { items: 0, bricks: 0, bytes: 0, replaced: 0 };
  /** Start of the previous frame, and whether it left work queued. */
  #lastFrameAt = -Infinity;
  #backlogged = false;

  readonly #ownerMs = new Map<string, number>();
  /** Called after each frame's draw (the scene checks which layers are now fully on screen). */
  onDrawn: (() => void) | undefined;

  /** `draw` renders the scene; it runs at most once a frame, after the frame's items. */
  constructor(draw: () => void, options: FrameQueueOptions = {}) {
    this.#draw = draw;
    this.#budgetMs = budgetOrDefault(options.budgetMs);
    this.#capacity = options.capacity ?? 600;
    this.#msPerUnit = options.msPerUnit ?? 0.0005;
    this.#now = options.now ?? (() => performance.now());
    this.#requestFrame = options.requestFrame ?? ((callback) => requestAnimationFrame(callback));
    this.#cancelFrame = options.cancelFrame ?? ((handle) => cancelAnimationFrame(handle));
  }

  get budgetMs(): number {
    return this.#budgetMs;
  }

  /** Not a positive number (an attribute left empty or mistyped): the default. */
  set budgetMs(ms: number) {
    this.#budgetMs = budgetOrDefault(ms);
  }

  /** Queues work under `key`; queued work of the same key is dropped for it (its place in line is kept). */
  enqueue(key: string, item: FrameItem): void {
    if (this.#items.has(key)) this.#totals.replaced += 1;
    this.#items.set(key, item);
    this.#schedule();
  }

  /** Drops queued work whose key starts with `prefix` (a removed layer). */
  drop(prefix: string): void {
    for (const key of [...this.#items.keys()]) if (key.startsWith(prefix)) this.#items.delete(key);
  }

  has(key: string): boolean {
    return this.#items.has(key);
  }

  /** True while any work whose key starts with `prefix` waits. */
  hasPrefix(prefix: string): boolean {
    for (const key of this.#items.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  /** Adds main-thread time spent for `owner` outside the queue (e.g. accepting a preview). */
  charge(owner: string, ms: number): void {
    this.#ownerMs.set(owner, (this.#ownerMs.get(owner) ?? 0) + ms);
  }

  /** The main-thread ms charged to `owner` since the last call (its items, its share of draws). */
  takeOwnerMs(owner: string): number {
    const ms = this.#ownerMs.get(owner) ?? 0;
    this.#ownerMs.delete(owner);
    return ms;
  }

  /** Asks for a draw on the next frame (camera moves, style changes); free when one is already coming. */
  requestDraw(): void {
    this.#drawWanted = true;
    this.#schedule();
  }

  /** Hidden: nothing runs and nothing draws until resumed. */
  set paused(paused: boolean) {
    this.#paused = paused;
    if (paused) this.#cancel();
    else this.#schedule();
  }

  get paused(): boolean {
    return this.#paused;
  }

  get queued(): number {
    return this.#items.size;
  }

  /** Runs everything queued and draws, now (snapshots, tests, teardown of a hidden element's state). */
  flush(): void {
    this.#cancel();
    this.#drawWanted = true;
    this.#runFrame(Infinity);
  }

  stats(): FrameStats {
    return {
      budgetMs: this.#budgetMs,
      frames: this.#frames.map((frame) => ({ ...frame })),
      queued: this.#items.size,
      totalItems: this.#totals.items,
      totalBricks: this.#totals.bricks,
      totalBytes: this.#totals.bytes,
      replaced: this.#totals.replaced,
      msPerUnit: this.#msPerUnit,
      idleDrawMs: this.#idleDrawMs,
    };
  }

  /** Forgets everything queued and stops (teardown). */
  clear(): void {
    this.#items.clear();
    this.#drawWanted = false;
    this.#cancel();
  }

  #schedule(): void {
    if (this.#frame || this.#paused) return;
    if (this.#items.size === 0 && !this.#drawWanted) return;
    this.#frame = this.#requestFrame(() => {
      this.#frame = 0;
      if (!this.#paused) this.#runFrame(this.#frameBudget());
    });
  }

  #cancel(): void {
    if (this.#frame) this.#cancelFrame(this.#frame);
    this.#frame = 0;
  }

  /** The budget of the frame about to run: the queue's, or more when a backlog waits on slow frames (see the header). */
  #frameBudget(): number {
    if (!this.#backlogged) return this.#budgetMs;
    const gap = this.#now() - this.#lastFrameAt;
    return Math.min(this.#budgetMs * MAX_BUDGETS_PER_FRAME, Math.max(this.#budgetMs, gap * GAP_SHARE));
  }

  #runFrame(budgetMs: number): void {
    const at = this.#now();
    let itemsMs = 0;
    let ran = 0;
    let bricks = 0;
    let bytes = 0;
    let deferred = 0;
    let largestItemMs = 0;
    let largestItem = '';
    const owners = new Map<string, number>();
    frame: for (const [key, item] of this.#items) {
      const share = (item.deferred ?? 0) * this.#msPerUnit;
      for (let more = true; more; ) {
        // Always at least one item, so a frame overshoots by at most the one item that did not fit. No guess
        // of the next item's own time: an average of unlike items (a 20 ms first slice among 0.1 ms swaps)
        // would throttle every later frame to one item; its upload share is known, and counted.
        if (ran > 0 && itemsMs + deferred * this.#msPerUnit + share >= budgetMs) break frame;
        const start = this.#now();
        more = item.run() === true;
        const ms = this.#now() - start;
        // Newer work enqueued under this key while it ran has taken its place: keep that, stop this.
        if (this.#items.get(key) !== item) more = false;
        else if (!more) this.#items.delete(key);
        itemsMs += ms;
        ran += 1;
        if (ms + share >= largestItemMs) {
          largestItemMs = ms + share;
          largestItem = key;
        }
        if (item.owner !== undefined) this.charge(item.owner, ms);
      }
      // Bricks, bytes and uploads count once, when the item is done.
      bricks += item.bricks ?? 0;
      bytes += item.bytes ?? 0;
      deferred += item.deferred ?? 0;
      if (item.owner !== undefined) owners.set(item.owner, (owners.get(item.owner) ?? 0) + (item.deferred ?? 0));
    }
    let drawMs = 0;
    let drew = false;
    if (ran > 0 || this.#drawWanted) {
      drew = true;
      this.#drawWanted = false;
      const start = this.#now();
      this.#draw();
      drawMs = this.#now() - start;
      this.#learn(drawMs, deferred);
      // The draw's cost is shared by the owners whose work it drew, by deferred units (evenly if none).
      for (const [owner, units] of owners) this.charge(owner, deferred > 0 ? (drawMs * units) / deferred : drawMs / owners.size);
    }
    this.#totals.items += ran;
    this.#totals.bricks += bricks;
    this.#totals.bytes += bytes;
    if (drew) this.onDrawn?.();
    this.#lastFrameAt = at;
    this.#backlogged = this.#items.size > 0;
    if (ran > 0 || drew) {
      const workMs = itemsMs + Math.max(0, drawMs - this.#idleDrawMs);
      this.#frames.push({ at, budgetMs: Number.isFinite(budgetMs) ? budgetMs : this.#budgetMs, itemsMs, drawMs, ms: itemsMs + drawMs, items: ran, bricks, bytes, deferred, workMs, largestItemMs, largestItem, queued: this.#items.size });
      if (this.#frames.length > this.#capacity) this.#frames.splice(0, this.#frames.length - this.#capacity);
    }
    this.#schedule();
  }

  #learn(drawMs: number, deferred: number): void {
    if (deferred === 0) {
      this.#idleDrawMs += LEARN * (drawMs - this.#idleDrawMs);
    } else {
      const perUnit = Math.max(0, drawMs - this.#idleDrawMs) / deferred;
      const learned = this.#msPerUnit + LEARN * (perUnit - this.#msPerUnit);
      this.#msPerUnit = Math.min(MS_PER_UNIT_RANGE[1], Math.max(MS_PER_UNIT_RANGE[0], learned));
    }
  }
}

function budgetOrDefault(ms: number | undefined): number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_FRAME_BUDGET_MS;
}
