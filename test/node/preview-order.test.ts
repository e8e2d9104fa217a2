// The preview ordering rule against the crafted streams that wedged jobs before it (issue 15), and
// CryoMamba's own stream: 0 first, streaming ids, then "final".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createPreviewOrder,
  orderPreview,
  PREVIEW_ORDER_LIMITS,
  restartPreviewOrder,
  type PreviewKey,
  type PreviewOrder,
} from '../../src/stream/preview-order.ts';

const NOW = Date.UTC(2026, 11, 2, 4, 0, 0);

/** Runs a stream of previews through the rule: which were shown, and every reset sentence. */
function run(keys: PreviewKey[], start: PreviewOrder = createPreviewOrder()) {
  let order = start;
  const shown: PreviewKey[] = [];
  const resets: string[] = [];
  for (const key of keys) {
    const decision = orderPreview(order, key, NOW);
    order = decision.order;
    if (decision.show) shown.push(key);
    if (decision.reset) resets.push(decision.reset);
  }
  return { shown, resets, order, last: shown.at(-1) };
}

const ids = (...values: Array<number | string>): PreviewKey[] => values.map((previewId) => ({ previewId, final: false }));
const times = (...values: number[]): PreviewKey[] => values.map((sentAt) => ({ final: false, sentAt }));

describe('preview order', () => {
  it('shows CryoMamba\'s stream: id 0 (the all-zero first preview), 1, 2, then the final one', () => {
    const { shown, resets } = run([...ids(0, 1, 2), { previewId: 'final', final: true }]);
    assert.deepEqual(shown.map((k) => k.previewId), [0, 1, 2, 'final']);
    assert.deepEqual(resets, []);
  });

  it('treats 0 as an id like any other: 5, 6, 7 then 0 leaves the layer on 7', () => {
    const { shown, last, resets } = run(ids(5, 6, 7, 0));
    assert.deepEqual(shown.map((k) => k.previewId), [5, 6, 7]);
    assert.equal(last?.previewId, 7);
    assert.deepEqual(resets, []);
  });

  it('is not wedged by an id of 2^53 − 1: it is shown, said once, and 2, 3 still follow', () => {
    const { shown, resets } = run(ids(1, 2 ** 53 - 1, 2, 3));
    assert.deepEqual(shown.map((k) => k.previewId), [1, 2 ** 53 - 1, 2, 3]);
    assert.equal(resets.length, 1);
    assert.match(resets[0]!, /9007199254740991 is implausibly far ahead of 1/);
  });

  it('does not compare an unnumbered preview (ordered by its timestamp) with numbered ones', () => {
    const stream: PreviewKey[] = [...ids(1, 2), { final: false, sentAt: NOW }, ...ids(3, 4)];
    const { shown, resets } = run(stream);
    assert.equal(shown.length, 5, 'every preview is shown');
    assert.deepEqual(resets, []);
  });

  it('orders unnumbered previews by time among themselves', () => {
    const { shown } = run(times(NOW - 3000, NOW - 1000, NOW - 2000, NOW));
    assert.deepEqual(shown.map((k) => k.sentAt), [NOW - 3000, NOW - 1000, NOW]);
  });

  it('is not wedged by a timestamp in 2099: shown, said once, and later previews follow', () => {
    const future = Date.UTC(2099, 0, 1);
    const { shown, resets } = run(times(NOW - 2000, future, NOW - 1000, NOW));
    assert.equal(shown.length, 4);
    assert.equal(resets.length, 1);
    assert.match(resets[0]!, /2099-01-01T00:00:00.000Z\) is implausibly far in the future/);
  });

  it('accepts a time within a day ahead (a naive local timestamp from a server in another zone)', () => {
    const { shown, resets } = run(times(NOW + 13 * 3600_000, NOW + 13 * 3600_000 + 500));
    assert.equal(shown.length, 2);
    assert.deepEqual(resets, []);
  });

  it('keeps the final preview: no later streaming preview replaces it, a later final does', () => {
    const final: PreviewKey = { previewId: 'final', final: true };
    const { shown, resets } = run([...ids(1, 2), final, ...ids(3, 4, 5, 6, 7), { final: false, sentAt: NOW }, ...ids('late'), { previewId: 8, final: true }]);
    assert.deepEqual(shown.map((k) => k.previewId), [1, 2, 'final', 8]);
    assert.deepEqual(resets, [], 'streaming previews after the final are not a wedge to report');
  });

  it('takes is_final with a numeric id as final too', () => {
    const { shown } = run([...ids(4), { previewId: 2, final: true }, ...ids(5)]);
    assert.deepEqual(shown.map((k) => k.previewId), [4, 2]);
  });

  it('shows other text ids in arrival order, without touching the numeric order', () => {
    const { shown } = run(ids(3, 'b', 'a', 2, 4));
    assert.deepEqual(shown.map((k) => k.previewId), [3, 'b', 'a', 4]);
  });

  it(`starts over after ${PREVIEW_ORDER_LIMITS.maxDrops} older previews in a row, with one sentence, and shows the newer numbering`, () => {
    const { shown, resets } = run(ids(50, 51, 1, 2, 3, 4, 5));
    assert.deepEqual(shown.map((k) => k.previewId), [50, 51, 3, 4, 5]);
    assert.equal(resets.length, 1);
    assert.match(resets[0]!, /3 previews in a row were older than preview 51/);
  });

  it('counts only consecutive drops: one stale preview between fresh ones never resets', () => {
    const { resets, shown } = run(ids(5, 3, 6, 4, 7, 2, 8));
    assert.deepEqual(resets, []);
    assert.deepEqual(shown.map((k) => k.previewId), [5, 6, 7, 8]);
  });

  it('shows previews with nothing to order by', () => {
    const { shown } = run([{ final: false }, { final: false }]);
    assert.equal(shown.length, 2);
  });

  it('after a reconnect forgets the newest id but keeps a shown final', () => {
    const before = run(ids(7, 8)).order;
    assert.equal(orderPreview(restartPreviewOrder(before), { previewId: 1, final: false }, NOW).show, true);
    const finished = run([{ previewId: 'final', final: true }]).order;
    assert.equal(orderPreview(restartPreviewOrder(finished), { previewId: 1, final: false }, NOW).show, false);
  });
});
