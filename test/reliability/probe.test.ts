import { expect } from '@open-wc/testing';
import { heapBytes, sleep, MB } from './harness.ts';
const g = globalThis as any;
async function settledHeap(): Promise<number> {
  let marker: object | undefined = { marker: true };
  const ref = new WeakRef(marker);
  g.__hold = marker; marker = undefined;
  // age it: a few seconds of allocation
  for (let i = 0; i < 10; i++) { let x: unknown[] = []; for (let j = 0; j < 100; j++) x.push(new Array(5000).fill(j)); x = []; await sleep(0); }
  g.__hold = undefined;
  let rounds = 0;
  for (; ref.deref() !== undefined && rounds < 100; rounds++) {
    let big: Uint8Array | undefined = new Uint8Array(32 * MB); big[1] = 1; big = undefined;
    await sleep(0);
  }
  await sleep(60);
  console.log('rounds', rounds, ref.deref() === undefined);
  return heapBytes();
}
describe('probe', () => {
  it('floor', async function () {
    this.timeout(60000);
    const base = await settledHeap();
    g.keep = [];
    for (let i = 0; i < 300000; i++) g.keep.push({ i, a: [i, i + 1], s: 'x' + i });
    const withKeep = await settledHeap();
    const again = await settledHeap();
    g.keep = undefined;
    const after = await settledHeap();
    const after2 = await settledHeap();
    console.log('base', (base / MB).toFixed(1), 'with', (withKeep / MB).toFixed(1), (again / MB).toFixed(1), 'after release', (after / MB).toFixed(1), (after2 / MB).toFixed(1));
    expect(1).to.equal(1);
  });
});
