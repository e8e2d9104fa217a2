// The frame queue's accounting, as tests, the element (`frameStats`) and the bench read it: what each
// animation frame did (widget ms, items, bricks, bytes handed to vtk) and the queue's totals.

/** What one frame did, measured. */
export interface FrameRecord {
  /** performance.now() at the frame's start. */
  at: number;
  /** The budget it ran under: the queue's, or up to 4× it when work waited and frames came far apart. */
  budgetMs: number;
  /** Time in queued items (each step of a stepped item counts as an item), in the draw, and both. */
  itemsMs: number;
  drawMs: number;
  ms: number;
  items: number;
  bricks: number;
  bytes: number;
  /** Units left to this frame's draw (faces uploaded). */
  deferred: number;
  /** The frame's cost beyond its draw-with-nothing-new: items plus their uploads. */
  workMs: number;
  /** The costliest item run in the frame: its own time plus its estimated share of the draw. */
  largestItemMs: number;
  /** Its queue key (whose work, and what: `job\nbrick 12`, `job\ncolors`…), '' when none ran. */
  largestItem: string;
  /** Items still queued after the frame. */
  queued: number;
}

export interface FrameStats {
  budgetMs: number;
  /** Frames that ran or drew something, oldest first (the last `capacity`). */
  frames: FrameRecord[];
  /** Items waiting now. */
  queued: number;
  /** Totals since the queue was made. */
  totalItems: number;
  totalBricks: number;
  totalBytes: number;
  /** Items replaced by newer work for the same key before they ran. */
  replaced: number;
  /** Learned draw cost per deferred unit, and of a draw with nothing to upload. */
  msPerUnit: number;
  idleDrawMs: number;
}
