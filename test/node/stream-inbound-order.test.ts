// A socket's messages stay in arrival order when one of them must be inflated first (asynchronously):
// the ones behind it wait; with nothing pending, a message is handled in the same task.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InboundOrder } from '../../src/stream/inbound-order.ts';

describe('InboundOrder', () => {
  it('handles a message at once while nothing is pending', () => {
    const order = new InboundOrder();
    const seen: string[] = [];
    order.run(() => void seen.push('a'));
    assert.deepEqual(seen, ['a']);
    assert.equal(order.busy, false);
  });

  it('holds later messages behind one that is still being read, then handles them in order', async () => {
    const order = new InboundOrder();
    const seen: string[] = [];
    let finish!: () => void;
    order.run(() => new Promise<void>((resolve) => (finish = () => (seen.push('gzip preview'), resolve()))));
    order.run(() => void seen.push('progress'));
    order.run(() => void seen.push('completed'));
    assert.equal(seen.length, 0, 'nothing overtakes the pending message');
    assert.equal(order.busy, true);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, ['gzip preview', 'progress', 'completed']);
    assert.equal(order.busy, false);
    order.run(() => void seen.push('next'));
    assert.deepEqual(seen.at(-1), 'next', 'back to handling at once');
  });

  it('goes on after a message whose reading failed', async () => {
    const order = new InboundOrder();
    const seen: string[] = [];
    order.run(() => Promise.reject(new Error('broken')));
    order.run(() => void seen.push('after'));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, ['after']);
  });
});

describe('InboundOrder: bounded', () => {
  it('refuses a message that would queue past the limit, never a state change; the bytes free up as they run', async () => {
    const order = new InboundOrder(() => 100);
    const seen: string[] = [];
    let finish!: () => void;
    assert.equal(order.run(() => new Promise<void>((resolve) => (finish = resolve)), 5_000), true, 'the message being read is not queued');
    assert.equal(order.run(() => void seen.push('a'), 60), true);
    assert.equal(order.run(() => void seen.push('b'), 60), false, '120 bytes would wait');
    assert.equal(order.run(() => void seen.push('open')), true, 'a state change always takes its turn');
    assert.equal(order.run(() => void seen.push('c'), 40), true);
    assert.equal(order.queuedBytes, 100);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(seen, ['a', 'open', 'c']);
    assert.equal(order.queuedBytes, 0);
  });
});
