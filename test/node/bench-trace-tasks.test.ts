// The bench's reading of a Chromium trace (test/bench/trace-tasks.js): which main-thread tasks are the
// client's own work, per frame and as long tasks, by wall time and by the thread's own clock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { windowTasks } from '../bench/trace-tasks.js';

const main = { pid: 1, tid: 1 };
const task = (ts: number, ms: number, cpuMs: number) => ({ ...main, name: 'RunTask', ph: 'X', ts: ts * 1000, dur: ms * 1000, tdur: cpuMs * 1000 });
const call = (ts: number, ms: number, cpuMs: number, url = 'http://x/dist/preview-overlay.js') => ({ ...main, name: 'FunctionCall', ph: 'X', ts: ts * 1000, dur: ms * 1000, tdur: cpuMs * 1000, args: { data: { url } } });
const raf = (ts: number, ms: number, cpuMs: number) => ({ ...main, name: 'FireAnimationFrame', ph: 'X', ts: ts * 1000, dur: ms * 1000, tdur: cpuMs * 1000 });

describe('windowTasks', () => {
  it('counts a client task by wall time and by thread time: a long wait is a wall long task only', () => {
    const events = [
      { ...main, name: 'bench:window-begin', ph: 'R', ts: 0 },
      // A message handler that ran 3 ms of CPU in 60 ms of wall time (the thread descheduled).
      task(10, 60, 3),
      call(10, 60, 3),
      // A frame whose widget callback ran 55 ms of CPU: a long task either way.
      task(100, 58, 56),
      raf(100, 57, 55),
      call(100, 57, 55),
      { ...main, name: 'bench:window-end', ph: 'R', ts: 1_000_000 },
    ];
    const tasks = windowTasks(events);
    assert.ok(tasks);
    assert.deepEqual(tasks.ownLongTasks, [60, 58]);
    assert.deepEqual(tasks.ownCpuLongTasks, [56]);
    assert.deepEqual(tasks.ownMsPerFrame, [60 + 57]);
    assert.deepEqual(tasks.ownCpuMsPerFrame, [3 + 55]);
    assert.equal(tasks.ownCpuBusyMs, 58);
  });
});
