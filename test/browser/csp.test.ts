// The built bundle under a Content-Security-Policy, delivered as an HTTP header on the host page (see
// test/fixtures/embedding/origins.js): the strict policy the README documents (no 'unsafe-eval', workers
// only from blob:), and one that forbids workers, where the element falls back to the main thread and
// says so. Needs `npm run build` first (`npm test` runs it).
import { expect } from '@open-wc/testing';
import { openHostPage, statusText, type HostPage, type PolicyViolation } from '../fixtures/embedding/host-frame.ts';
import { countNear, labelRgb, pixelsOf } from './pixels.ts';
import { createJob, mockControl, until } from './mock-stream.ts';

const label1 = labelRgb(1);
let page: HostPage | undefined;

afterEach(async () => {
  page?.close();
  page = undefined;
  await mockControl('reset');
});

/** Opens the page on a fresh job and waits for two of its previews. */
async function streamingPage(name: 'csp-strict.html' | 'csp-no-worker.html'): Promise<HostPage> {
  const jobId = await createJob({ shape: '20,40,60', hz: 5, previews: 50, labels: 1, queueMs: 300 });
  page = await openHostPage(name, { jobs: jobId, view: 'slice', opacity: '1', background: '#000000' });
  await until(() => page!.events.filter((event) => event.type === 'job-preview' && event.detail.jobId === jobId).length >= 2, 'two job-preview events');
  await new Promise((resolve) => page!.window.requestAnimationFrame(resolve));
  return page;
}

/** Each preview's `timings.handoffMs`: a number when the job worker's nested decode worker decoded it. */
function handoffs(host: HostPage): unknown[] {
  return host.events.filter((event) => event.type === 'job-preview').map((event) => (event.detail.timings as { handoffMs?: number }).handoffMs);
}

/** Proof that the page's policy is in force: it forbids eval, which nothing here allows. */
function evalIsBlocked(host: HostPage): boolean {
  try {
    (host.window as Window & { eval(code: string): unknown }).eval('1');
    return false;
  } catch (error) {
    return error instanceof (host.window as Window & { EvalError: typeof EvalError }).EvalError;
  }
}

/** What the bundle's own code was refused. */
function bundleViolations(host: HostPage): PolicyViolation[] {
  return host.violations.filter((violation) => violation.source.startsWith(host.bundleUrl));
}

describe('<preview-overlay> under a strict Content-Security-Policy', () => {
  it('streams in a blob: worker and draws, needing nothing the README’s policy forbids', async () => {
    const host = await streamingPage('csp-strict.html');
    expect(evalIsBlocked(host), 'the policy forbids eval').to.equal(true);
    expect(host.overlay.streamMode, 'worker-src blob: lets the worker start').to.equal('worker');
    expect(statusText(host.overlay)).to.match(/decoding in a worker/);
    expect(handoffs(host).every((ms) => typeof ms === 'number'), 'worker-src blob: lets the job worker start its nested decode worker too').to.equal(true);
    expect(countNear(await pixelsOf(host.overlay), label1, 12), 'pixels in label 1’s color').to.be.greaterThan(50);
    // No eval anywhere (zod is jitless), no inline style attributes (the panel styles via the CSSOM).
    expect(bundleViolations(host), `policy violations by the bundle: ${JSON.stringify(bundleViolations(host))}`).to.deep.equal([]);
  });

  it('falls back to the main thread where workers are forbidden, says so, and still streams', async () => {
    const host = await streamingPage('csp-no-worker.html');
    expect(evalIsBlocked(host), 'the policy forbids eval').to.equal(true);
    expect(bundleViolations(host).map((violation) => violation.directive), 'the refused worker').to.deep.equal(['worker-src']);
    expect(host.overlay.streamMode).to.equal('main-thread');
    await host.overlay.updateComplete;
    expect(statusText(host.overlay)).to.match(/^degraded: no worker/);
    expect(handoffs(host).every((ms) => ms === undefined), 'decoded on the main thread, as before').to.equal(true);
    expect(countNear(await pixelsOf(host.overlay), label1, 12), 'pixels in label 1’s color').to.be.greaterThan(50);
  });
});
