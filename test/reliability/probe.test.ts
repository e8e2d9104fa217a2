import { expect } from '@open-wc/testing';
describe('probe', () => {
  it('memory', async () => {
    const m = () => (performance as any).memory?.usedJSHeapSize;
    const a = m();
    const keep: unknown[] = [];
    for (let i = 0; i < 50; i++) keep.push(new Uint8Array(1_000_000).fill(1));
    await new Promise((r) => setTimeout(r, 100));
    const b = m();
    keep.length = 0;
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) { let g: unknown[] = []; for (let j = 0; j < 2000; j++) g.push({ j, s: 'x'.repeat(100) + j }); g = []; samples.push(m()); await new Promise((r) => setTimeout(r, 25)); }
    console.log('memory', a, b, Math.min(...samples), samples.slice(0, 10).join(','));
    expect(1).to.equal(1);
  });
});
