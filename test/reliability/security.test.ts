// <preview-overlay> and what a server or a page could abuse: the token never leaks, server strings are
// text and never markup, and the size limit holds before anything is parsed.
import { expect } from '@open-wc/testing';
import { HOSTILE, previewText } from './crafted-messages.ts';
import { chipText, createJob, JOB_EVENT_NAMES, errorText, previewsAfter, readyOverlay, rowOf, uncaughtErrors, until, watchJobs } from './harness.ts';

/** Everything written to the console while `run` runs, as text. */
async function captureConsole(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((name) => console[name]);
  methods.forEach((name, i) => {
    console[name] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === 'string' ? arg : safeJson(arg))).join(' '));
      originals[i]!.apply(console, args);
    };
  });
  try {
    await run();
  } finally {
    methods.forEach((name, i) => (console[name] = originals[i]!));
  }
  return lines;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

describe('<preview-overlay> security', () => {
  it('never shows the token: not in events, the DOM, attributes, the console or error messages', async function () {
    this.timeout(30_000);
    const token = `tok-${crypto.randomUUID()}`;
    const common = { shape: '8,12,16', hz: 10, previews: 8, queueMs: 300 };
    const eventsJson: string[] = [];
    let dom = '';
    let attributes = '';
    const consoleLines = await captureConsole(async () => {
      const { element, events } = await readyOverlay({ token });
      const streams = await createJob({ ...common, requireToken: token });
      const refused = await createJob({ ...common, requireToken: 'another-token' });
      const bad = await createJob({ ...common, requireToken: token, fault: 'raw', raw: '{"type":"preview","data":{"shape":[0,1,1]}}', previews: 40 });
      const failing = await createJob({ ...common, requireToken: token, fault: 'fail' });
      const compared = await createJob({ ...common, requireToken: token, seed: 7 });
      element.jobs = [streams, refused, bad, failing, compared];
      element.compare = [streams, compared];
      await until(() => events.of('job-completed', streams).length > 0 || undefined, 'the job with the right token to complete');
      // Its previews are drawn over the next frames (job-drawn), not necessarily before it completes.
      await until(() => events.of('job-drawn', streams).length > 0 || undefined, 'the protected job’s preview drawn');
      await until(() => events.of('job-compare').length > 0 || undefined, 'the two protected jobs compared');
      await until(() => events.of('job-failed', refused).length > 0 || undefined, 'the refused job to fail');
      await until(() => events.of('job-error', bad).length > 0 || undefined, 'the bad message');
      await until(() => events.of('job-failed', failing).length > 0 || undefined, 'the failing job');
      // Also a socket that cannot open at all, and a change of token (every socket reopens).
      element.server = 'ws://127.0.0.1:9';
      await until(() => events.of('job-state', bad).filter((s) => s.state === 'reconnecting').length >= 2 || undefined, 'failed attempts');
      await element.updateComplete;
      expect(events.of('job-preview', streams).length, 'the token was sent: the protected job streamed').to.be.greaterThan(0);
      eventsJson.push(...events.all.map((entry) => safeJson(entry)));
      dom = element.shadowRoot!.innerHTML + element.outerHTML;
      attributes = element.getAttributeNames().map((name) => `${name}=${element.getAttribute(name)}`).join(' ');
      expect(element.hasAttribute('token'), 'the token property is not reflected').to.equal(false);
      expect(events.of('job-failed', refused)[0]!.message).to.equal('unauthorized');
    });
    const haystacks = { events: eventsJson.join('\n'), dom, attributes, console: consoleLines.join('\n'), errors: uncaughtErrors().join('\n') };
    for (const [where, text] of Object.entries(haystacks)) expect(text.includes(token), `the token in ${where}`).to.equal(false);
    expect(eventsJson.length).to.be.greaterThan(10);
    for (const name of JOB_EVENT_NAMES) expect(eventsJson.some((json) => json.includes(`"type":"${name}"`)), `${name} events searched`).to.equal(true);
  });

  it('renders server strings as text: markup in every field shows literally and never runs', async function () {
    // A safety net only: every wait inside is for a condition (six jobs take ~30 s on a loaded 2-core machine).
    this.timeout(90_000);
    const win = window as { __pwned?: unknown; __mockPwned?: unknown };
    win.__pwned = undefined;
    win.__mockPwned = undefined;
    const pageElements = () => document.querySelectorAll('img, script').length;
    const pageBefore = pageElements();
    const { element, events } = await readyOverlay();
    const common = { shape: '8,12,16', hz: 10, previews: 40, faultAt: 2, queueMs: 300 };
    const raw = (message: unknown) => ({ ...common, fault: 'raw', raw: typeof message === 'string' ? message : JSON.stringify(message) });
    const jobs = {
      lifecycle: await createJob(raw({ type: 'job_started', data: { state: HOSTILE } })),
      progress: await createJob(raw({ type: 'progress_update', progress: 42, stage: HOSTILE, message: HOSTILE, estimated_seconds_remaining: 5 })),
      error: await createJob(raw({ type: 'error', data: { message: HOSTILE, code: HOSTILE } })),
      failed: await createJob(raw({ type: 'job_failed', data: { error: { code: HOSTILE, message: HOSTILE, retryable: false } } })),
      invalid: await createJob(raw(previewText({ dtype: HOSTILE, method: HOSTILE }))),
      mockHostile: await createJob({ ...common, fault: 'hostile' }),
    };
    await watchJobs(element, events, Object.values(jobs));
    await until(() => events.of('job-error', jobs.error).length > 0 || undefined, 'the error');
    await until(() => events.of('job-failed', jobs.failed).length > 0 || undefined, 'the failure');
    await until(() => events.of('job-error', jobs.invalid).length > 0 || undefined, 'the invalid preview');
    await until(() => events.of('job-error', jobs.mockHostile).length > 0 || undefined, 'the mock’s hostile messages');
    await until(() => events.of('job-progress', jobs.progress).some((p) => p.stage === HOSTILE) || undefined, 'the hostile progress');
    await until(() => events.of('job-state', jobs.lifecycle).length > 0 && element.layer(jobs.lifecycle)?.state === HOSTILE || undefined, 'the hostile lifecycle state');
    await element.updateComplete;
    expect(await chipText(element, jobs.lifecycle), 'state chip').to.equal(HOSTILE);
    expect(rowOf(element, jobs.lifecycle)!.querySelector('[part="state"]')!.getAttribute('data-state'), 'data-state').to.equal(HOSTILE);
    expect(rowOf(element, jobs.progress)!.textContent, 'stage and message').to.contain(`${HOSTILE} · ${HOSTILE}`);
    expect(await errorText(element, jobs.error)).to.contain(HOSTILE);
    expect(await errorText(element, jobs.failed)).to.contain(HOSTILE);
    expect(await errorText(element, jobs.invalid)).to.contain('<img src=x');
    expect(await errorText(element, jobs.mockHostile)).to.contain('<script>');
    // A canary with the same broken src: once its onerror has fired, a hostile one made earlier would have too.
    const canary = document.createElement('img');
    const canaryFailed = new Promise((resolve) => canary.addEventListener('error', resolve, { once: true }));
    canary.src = 'x';
    document.body.append(canary);
    await canaryFailed;
    canary.remove();
    expect(win.__pwned, 'window.__pwned').to.equal(undefined);
    expect(win.__mockPwned, 'window.__mockPwned').to.equal(undefined);
    expect(element.shadowRoot!.querySelectorAll('img, script, b'), 'elements made from server strings').to.have.length(0);
    expect(pageElements(), 'img and script elements in the page, after vs before').to.equal(pageBefore);
  });

  it('enforces the size limit before parsing: an oversized message is a "size" error, never a "json" one, and is never parsed', async function () {
    // Longer than the waits inside, so that a slow step names itself.
    this.timeout(60_000);
    // The streams on the main thread (no worker), so this page's JSON.parse sees every message they parse.
    const limit = 4000;
    const notJson = `{"type":"progress","data":${'['.repeat(limit)}`;
    const common = { shape: '4,6,8', hz: 10, previews: 40, faultAt: 2, queueMs: 300 };
    let longest = 0;
    const parse = JSON.parse;
    JSON.parse = function (text: string, reviver?: Parameters<typeof JSON.parse>[1]) {
      longest = Math.max(longest, String(text).length);
      return parse(text, reviver);
    } as typeof JSON.parse;
    try {
      const { element, events } = await readyOverlay({ noWorker: true, maxMessageBytes: limit });
      const oversized = await createJob({ ...common, fault: 'raw', raw: notJson });
      const small = await createJob({ ...common, fault: 'raw', raw: '{"type":"progress",' });
      await watchJobs(element, events, [oversized, small]);
      await until(() => events.of('job-error', oversized).length > 0 || undefined, 'the oversized message');
      await until(() => events.of('job-error', small).length > 0 || undefined, 'the small malformed one');
      await previewsAfter(events, oversized, 2);
      expect(element.streamMode).to.equal('main-thread');
      expect(events.of('job-error', oversized).map((e) => e.code)).to.deep.equal(['size']);
      expect(events.of('job-error', small).map((e) => e.code), 'the same fault under the limit is parsed').to.deep.equal(['json']);
      expect(await errorText(element, oversized)).to.match(/exceeds the limit of 4000 bytes/);
      expect(longest, 'longest text parsed').to.be.at.most(limit).and.greaterThan(100);
    } finally {
      JSON.parse = parse;
    }
  });
});
