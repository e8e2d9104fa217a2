// Which of a job's previews to show: the ordering rule, pure, so that every crafted stream is a unit
// test. The decoder asks it about each arriving preview before decoding it.
//
// - A numeric `preview_id` orders streaming previews; 0 is an id like any other.
// - A preview without an id is ordered by its timestamp, among unnumbered previews only (a number and
//   a time are not comparable).
// - A final preview (`is_final`, or the id "final") supersedes every streaming one; only another final
//   replaces it. Any other text id is shown in arrival order.
// - The order cannot wedge a job: a few older previews in a row, or an id or time implausibly far
//   ahead, start the order over, and the decision says why (the decoder reports it once, as a job-error).

/** What orders a preview: from its normalized header. */
export interface PreviewKey {
  previewId?: number | string;
  final: boolean;
  /** Epoch ms of the preview's timestamp. */
  sentAt?: number;
}

/** A job's ordering state. Immutable: `orderPreview` returns the next one. */
export interface PreviewOrder {
  /** The newest numeric id shown. */
  readonly newestId: number | undefined;
  /** The newest timestamp among shown previews without an id. */
  readonly newestTime: number | undefined;
  /** A final preview was shown: streaming previews no longer replace it. */
  readonly final: boolean;
  /** Previews dropped in a row as older. */
  readonly drops: number;
}

export interface OrderDecision {
  show: boolean;
  order: PreviewOrder;
  /** Set when this preview started the order over: one sentence saying why. */
  reset?: string;
}

export const PREVIEW_ORDER_LIMITS = {
  /** This many older previews in a row mean the server's numbering (or clock) restarted. */
  maxDrops: 3,
  /** An id this far past the newest cannot be the next preview of the same numbering. */
  maxIdJump: 1_000_000,
  /**
   * A timestamp this far ahead of our clock is implausible. Naive local timestamps (CryoMamba) from a
   * server in another time zone are off by up to 14 h, so the margin is a day.
   */
  maxFutureMs: 24 * 60 * 60 * 1000,
} as const;

export function createPreviewOrder(): PreviewOrder {
  return { newestId: undefined, newestTime: undefined, final: false, drops: 0 };
}

/**
 * Forgets the newest id and time, keeping a shown final: after a reconnect a restarted server may
 * number its previews from 0 again, and those must not all be dropped as older.
 */
export function restartPreviewOrder(order: PreviewOrder): PreviewOrder {
  return { ...createPreviewOrder(), final: order.final };
}

/** Whether to show the preview `key` (arrived at `now`, epoch ms), and the job's order after it. */
export function orderPreview(order: PreviewOrder, key: PreviewKey, now: number): OrderDecision {
  if (key.final) return { show: true, order: { ...order, final: true, drops: 0 } };
  // The finest result stays; streaming previews after it are stale by definition, not a wedge.
  if (order.final) return { show: false, order };
  const id = key.previewId;
  if (typeof id === 'string') return { show: true, order: { ...order, drops: 0 } };
  if (id !== undefined) return orderById(order, id);
  if (key.sentAt !== undefined) return orderByTime(order, key.sentAt, now);
  return { show: true, order: { ...order, drops: 0 } };
}

function orderById(order: PreviewOrder, id: number): OrderDecision {
  const newest = order.newestId;
  if (newest !== undefined && id - newest > PREVIEW_ORDER_LIMITS.maxIdJump) {
    // Shown, but not recorded: the ids after it would all be "older" and never shown.
    return {
      show: true,
      order: { ...order, newestId: undefined, drops: 0 },
      reset: `Preview id ${id} is implausibly far ahead of ${newest}; the preview order starts over.`,
    };
  }
  if (newest !== undefined && id <= newest) return dropped(order, `older than preview ${newest}`, { newestId: id });
  return { show: true, order: { ...order, newestId: id, drops: 0 } };
}

function orderByTime(order: PreviewOrder, sentAt: number, now: number): OrderDecision {
  if (sentAt - now > PREVIEW_ORDER_LIMITS.maxFutureMs) {
    return {
      show: true,
      order: { ...order, newestTime: undefined, drops: 0 },
      reset: `A preview's timestamp (${new Date(sentAt).toISOString()}) is implausibly far in the future; the preview order starts over.`,
    };
  }
  const newest = order.newestTime;
  if (newest !== undefined && sentAt < newest) return dropped(order, 'older than the newest shown', { newestTime: sentAt });
  return { show: true, order: { ...order, newestTime: sentAt, drops: 0 } };
}

/** An older preview: dropped, unless it is one too many in a row; then it is shown and becomes the newest. */
function dropped(order: PreviewOrder, why: string, restart: Partial<PreviewOrder>): OrderDecision {
  const drops = order.drops + 1;
  if (drops < PREVIEW_ORDER_LIMITS.maxDrops) return { show: false, order: { ...order, drops } };
  return {
    show: true,
    order: { ...createPreviewOrder(), ...restart },
    reset: `${drops} previews in a row were ${why}; the preview order starts over (did the server restart its numbering?).`,
  };
}
