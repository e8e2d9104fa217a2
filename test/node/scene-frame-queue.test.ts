// Spec of the frame queue with a fake clock and fake animation frames: the budget, newest-wins per key,
// pausing, one draw per frame, and the accounting.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FrameQueue, type FrameItem } from '../../src/scene/frame-queue.ts';

/** A clock that items advance by their cost, and animation frames run by hand. */
function harness(budgetMs = 4, drawMs = 1) {
  let now = 0;
  const frames: Array<() => void> = [];
  let draws = 0;
  const queue = new FrameQueue(
    () => {
      draws += 1;
      now += drawMs;
    },
    { budgetMs, msPerUnit: 0, now: () => now, requestFrame: (callback) => frames.push(callback), cancelFrame: () => frames.splice(0) },
  );
  const item = (ms: number, log?: string[], name = ''): FrameItem => ({ run: () => { now += ms; log?.push(name); }, bricks: 1, bytes: 100 });
  const frame = () => {
    const next = frames.splice(0);
    next.forEach((callback) => callback());
    return next.length;
  };
  return { queue, item, frame, draws: () => draws, pending: () => frames.length, advance: (ms: number) => (now += ms) };
}

describe('FrameQueue', () => {
  it('runs items until the budget is spent, then draws once; the rest waits for the next frame', () => {
    const h = harness(4);
    for (let i = 0; i < 10; i++) h.queue.enqueue(`b${i}`, h.item(1));
    assert.equal(h.draws(), 0, 'nothing runs synchronously');
    h.frame();
    let stats = h.queue.stats();
    assert.equal(h.draws(), 1);
    assert.ok(stats.frames[0]!.items >= 3 && stats.frames[0]!.items <= 4, `items in frame 1: ${stats.frames[0]!.items}`);
    while (h.frame()) {}
    stats = h.queue.stats();
    assert.equal(stats.queued, 0);
    assert.equal(stats.totalItems, 10);
    assert.equal(stats.totalBricks, 10);
    assert.equal(stats.totalBytes, 1000);
    assert.equal(h.draws(), stats.frames.length, 'one draw per frame');
    for (const frame of stats.frames) assert.ok(frame.itemsMs <= 4 + frame.largestItemMs, `frame ${frame.itemsMs} ms`);
  });

  it('a backlog on frames far apart gets a tenth of the gap, up to four budgets; an idle queue does not', () => {
    const h = harness(4);
    for (let i = 0; i < 40; i++) h.queue.enqueue(`b${i}`, h.item(1));
    h.frame();
    h.advance(300); // the draw is slow: the next frame comes 300 ms later
    h.frame();
    h.frame(); // right after: ≈ 17 ms since the last one
    h.advance(100);
    h.frame();
    const frames = h.queue.stats().frames;
    assert.deepEqual(frames.map((f) => f.budgetMs), [4, 16, 4, 10.5]);
    assert.deepEqual(frames.map((f) => f.items), [4, 16, 4, 11]);
    while (h.frame()) {}
    h.advance(1000); // nothing waited meanwhile: the gap is idle time, not slow frames
    for (let i = 0; i < 10; i++) h.queue.enqueue(`c${i}`, h.item(1));
    h.frame();
    assert.equal(h.queue.stats().frames.at(-1)!.budgetMs, 4);
    assert.equal(h.queue.stats().frames.at(-1)!.items, 4);
  });

  it('always runs one item, so an item costlier than the budget still goes (and only it)', () => {
    const h = harness(4);
    h.queue.enqueue('big', h.item(10));
    h.queue.enqueue('small', h.item(1));
    h.frame();
    assert.deepEqual(h.queue.stats().frames.map((f) => f.items), [1]);
    h.frame();
    assert.equal(h.queue.stats().queued, 0);
  });

  it('newer work for a key replaces the queued older work, keeping its place in line', () => {
    const h = harness(100);
    const log: string[] = [];
    h.queue.enqueue('a', h.item(1, log, 'a1'));
    h.queue.enqueue('b', h.item(1, log, 'b1'));
    h.queue.enqueue('a', h.item(1, log, 'a2'));
    h.frame();
    assert.deepEqual(log, ['a2', 'b1']);
    assert.equal(h.queue.stats().replaced, 1);
  });

  it('paused (hidden): nothing runs or draws; on resume only the newest work per key runs', () => {
    const h = harness(100);
    const log: string[] = [];
    h.queue.paused = true;
    for (let i = 0; i < 5; i++) h.queue.enqueue('brick 0', h.item(1, log, `v${i}`));
    h.queue.requestDraw();
    assert.equal(h.pending(), 0, 'no frame requested while paused');
    assert.equal(h.frame(), 0);
    assert.equal(h.queue.stats().queued, 1, 'bounded: one item per key');
    h.queue.paused = false;
    h.frame();
    assert.deepEqual(log, ['v4']);
    assert.equal(h.draws(), 1);
  });

  it('counts the draw in the frame and learns its idle cost; requestDraw alone draws once', () => {
    const h = harness(4, 2);
    h.queue.requestDraw();
    h.queue.requestDraw();
    h.frame();
    assert.equal(h.draws(), 1);
    const [frame] = h.queue.stats().frames;
    assert.equal(frame!.drawMs, 2);
    assert.equal(frame!.ms, 2);
    assert.ok(h.queue.stats().idleDrawMs > 0);
    assert.equal(h.frame(), 0, 'nothing more to do, no more frames');
  });

  it('drop forgets a layer’s queued work; flush runs everything now', () => {
    const h = harness(1);
    const log: string[] = [];
    h.queue.enqueue('x\nbrick 1', h.item(1, log, 'x'));
    h.queue.enqueue('y\nbrick 1', h.item(1, log, 'y1'));
    h.queue.enqueue('y\nbrick 2', h.item(1, log, 'y2'));
    h.queue.drop('x\n');
    h.queue.flush();
    assert.deepEqual(log, ['y1', 'y2']);
    assert.equal(h.draws(), 1);
  });

  it('runs a stepped item a step at a time within the budget, keeping its place: what is behind it waits', () => {
    const h = harness(4);
    const log: string[] = [];
    let steps = 0;
    // Ten 1.5 ms steps: two or three fit a 4 ms frame, so the whole item takes several frames.
    const stepped: FrameItem = { run: () => { log.push(`s${steps}`); steps += 1; h.advance(1.5); return steps < 10; }, bricks: 1 };
    h.queue.enqueue('colors', stepped);
    h.queue.enqueue('slice', h.item(1, log, 'slice'));
    h.frame();
    const first = h.queue.stats().frames[0]!;
    assert.ok(first.items >= 2 && first.items <= 3, `steps in frame 1: ${first.items}`);
    assert.ok(!log.includes('slice'), 'the item behind waits for the stepped one');
    assert.equal(first.bricks, 0, 'an unfinished item counts no brick yet');
    assert.equal(first.largestItem, 'colors');
    assert.equal(first.largestItemMs, 1.5, 'one step is the unit of work');
    while (h.frame()) {}
    assert.deepEqual(log, [...Array.from({ length: 10 }, (_, i) => `s${i}`), 'slice']);
    const stats = h.queue.stats();
    assert.ok(stats.frames.length >= 4, `frames: ${stats.frames.length}`);
    for (const frame of stats.frames) assert.ok(frame.itemsMs <= 4 + frame.largestItemMs, `frame ${frame.itemsMs} ms`);
    assert.equal(stats.totalBricks, 2, 'the stepped item counts its brick once, and the slice item its own');
  });

  it('newer work for a stepped item’s key replaces it mid-way: the old one stops, the new one starts over', () => {
    const h = harness(2);
    const log: string[] = [];
    const stepper = (name: string, count: number): FrameItem => {
      let done = 0;
      return { run: () => { log.push(`${name}${done}`); done += 1; h.advance(1.5); return done < count; } };
    };
    h.queue.enqueue('colors', stepper('old', 5));
    h.frame();
    h.queue.enqueue('colors', stepper('new', 2));
    while (h.frame()) {}
    assert.deepEqual(log.filter((x) => x.startsWith('old')), ['old0', 'old1'], 'the replaced build stops where it was');
    assert.deepEqual(log.filter((x) => x.startsWith('new')), ['new0', 'new1']);
  });

  it('a stepped item replaced while it runs stops there; its replacement runs', () => {
    const h = harness(100);
    const log: string[] = [];
    let steps = 0;
    const old: FrameItem = {
      run: () => {
        log.push(`old${steps}`);
        steps += 1;
        if (steps === 2) h.queue.enqueue('colors', { run: () => void log.push('new') });
        return steps < 5;
      },
    };
    h.queue.enqueue('colors', old);
    while (h.frame()) {}
    assert.deepEqual(log, ['old0', 'old1', 'new']);
  });

  it('keeps the newest `capacity` frames', () => {
    let now = 0;
    const frames: Array<() => void> = [];
    const queue = new FrameQueue(() => {}, { capacity: 3, now: () => now++, requestFrame: (cb) => frames.push(cb) });
    for (let i = 0; i < 5; i++) {
      queue.requestDraw();
      frames.splice(0).forEach((cb) => cb());
    }
    assert.equal(queue.stats().frames.length, 3);
  });
});
