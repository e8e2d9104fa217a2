// <preview-overlay> end to end: the element in real Chromium, streaming from the real mock stream,
// drawing with vtk.js into a real (software) WebGL2 context.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import type { JobPreviewDetail, JobStateDetail } from '../../src/overlay-events.ts';
import { countDominant, countNear, labelRgb, pixelsOf } from './pixels.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';
import { watchWebGLContexts, type ContextWatch } from './webgl-contexts.ts';

const BACKGROUND = '#000000';

async function overlay(jobs: string[], extra: Partial<PreviewOverlay> = {}): Promise<PreviewOverlay> {
  const { ws } = await mockStream();
  const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 300px; width: 400px" background=${BACKGROUND}></preview-overlay>`);
  Object.assign(element, extra);
  element.server = ws;
  element.jobs = jobs;
  return element;
}

function record<T>(element: HTMLElement, type: string): T[] {
  const details: T[] = [];
  element.addEventListener(type, (event) => details.push((event as CustomEvent<T>).detail));
  return details;
}

let watch: ContextWatch | undefined;

afterEach(async () => {
  watch?.stop();
  watch = undefined;
  await mockControl('reset');
});

describe('<preview-overlay>', () => {
  it('is defined, renders its shadow root and draws into a WebGL2 canvas', async () => {
    watch = watchWebGLContexts();
    const element = await overlay([]);
    expect(customElements.get('preview-overlay')).to.equal(element.constructor);
    expect(element.shadowRoot!.querySelector('[part="panel"]')).to.exist;
    const canvas = element.shadowRoot!.querySelector('canvas');
    expect(canvas, 'the vtk.js canvas').to.exist;
    element.background = '#ff0000';
    await element.updateComplete;
    const pixels = await pixelsOf(element);
    expect(pixels.at(5, 5).slice(0, 3), 'the cleared canvas shows the background color').to.deep.equal([255, 0, 0]);
    // The context the scene made for itself on its own canvas (not one this test asks for).
    const made = watch.contexts.filter((watched) => watched.canvas === canvas);
    expect(made.map((watched) => watched.type), 'contexts the scene made on its canvas').to.deep.equal(['webgl2']);
    const { context } = made[0]!;
    expect(context).to.be.instanceOf(WebGL2RenderingContext);
    expect(context.isContextLost()).to.equal(false);
    expect([context.drawingBufferWidth, context.drawingBufferHeight], 'drawing buffer').to.deep.equal([pixels.width, pixels.height]);
    expect(pixels.width * pixels.height).to.be.greaterThan(0);
    await until(() => element.streamMode, 'the stream to start');
    expect(element.streamMode).to.equal('worker');
  });

  it('fires job events with correct details and reports the layer', async () => {
    const jobId = await createJob({ shape: '20,32,48', original: '40,64,96', hz: 10, previews: 5, labels: 3, queueMs: 300 });
    const element = await fixture<PreviewOverlay>(html`<preview-overlay></preview-overlay>`);
    const states = record<JobStateDetail>(element, 'job-state');
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    const progress = record<{ progress: number }>(element, 'job-progress');
    const completed = record<{ jobId: string }>(element, 'job-completed');
    const lifecycle = record<{ state: string }>(element, 'job-lifecycle');
    element.server = (await mockStream()).ws;
    element.jobs = [jobId];
    await until(() => completed.length > 0, 'job-completed');
    expect(states.map((s) => s.state)).to.include.members(['connecting', 'open']);
    expect(states.every((s) => s.jobId === jobId)).to.equal(true);
    expect(lifecycle.map((l) => l.state), 'the server’s own states').to.include('running');
    expect(progress.length).to.be.greaterThan(0);
    progress.forEach((p) => expect(p.progress).to.be.within(0, 1));
    const last = previews.at(-1)!;
    expect(last).to.include({ jobId, downsampleFactor: 1 });
    expect(last.shape).to.deep.equal([20, 32, 48]);
    expect(last.spacing, 'spacing from original_shape / shape, [x, y, z]').to.deep.equal([2, 2, 2]);
    expect(last.decodeMs, 'decode time measured in the worker').to.be.greaterThan(0);
    expect(last.latencyMs, 'latency from the server’s timestamp').to.be.a('number').and.greaterThan(0);
    expect(Object.keys(last.labelCounts).map(Number).sort()).to.deep.equal([1, 2, 3]);
    const layer = element.layer(jobId)!;
    expect(layer.shape).to.deep.equal([20, 32, 48]);
    expect(layer.spacing).to.deep.equal([2, 2, 2]);
    expect(layer.previewId).to.equal(last.previewId);
    expect(layer.labelCounts).to.deep.equal(last.labelCounts);
    expect(layer.state).to.equal('completed');
    expect(layer.progress).to.equal(1);
  });

  it('draws a job’s label colors in the slice view, and hiding the layer removes them', async () => {
    const jobId = await createJob({ shape: '20,40,60', hz: 5, previews: 50, labels: 1, queueMs: 300 });
    const element = await overlay([jobId], { view: 'slice', opacity: 1 });
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    await until(() => previews.length >= 2, 'two previews');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const color = labelRgb(1);
    const shown = countNear(await pixelsOf(element), color, 12);
    expect(shown, 'pixels in label 1’s color').to.be.greaterThan(50);
    const corner = (await pixelsOf(element)).at(2, 2).slice(0, 3);
    expect(corner, 'no label color where there is no label').to.deep.equal([0, 0, 0]);
    element.setLayer(jobId, { visible: false });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(countNear(await pixelsOf(element), color, 12), 'hidden layer').to.equal(0);
  });

  it('takes setLayer() for a job set in the same task, before the element updated', async () => {
    const jobId = await createJob({ shape: '20,40,60', hz: 5, previews: 50, labels: 1, queueMs: 300 });
    const element = await overlay([], { view: 'slice', opacity: 1 });
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    element.jobs = [jobId];
    element.setLayer(jobId, { visible: false });
    await until(() => previews.length >= 2, 'two previews');
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(element.layer(jobId)?.visible, 'the layer as the element reports it').to.equal(false);
    expect(countNear(await pixelsOf(element), labelRgb(1), 12), 'pixels in label 1’s color').to.equal(0);
    element.setLayer(jobId, { visible: true });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    expect(countNear(await pixelsOf(element), labelRgb(1), 12), 'shown again').to.be.greaterThan(50);
  });

  it('outlines labels in the slice view when slice-style is "outline"', async () => {
    const jobId = await createJob({ shape: '20,40,60', hz: 5, previews: 50, labels: 1, queueMs: 300 });
    const element = await overlay([jobId], { view: 'slice', opacity: 1 });
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    await until(() => previews.length >= 1, 'a preview');
    element.setLayer(jobId, { colors: { 1: [1, 0, 0, 1] } });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const filled = countDominant(await pixelsOf(element), 0);
    element.setAttribute('slice-style', 'outline');
    await element.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const outlined = countDominant(await pixelsOf(element), 0);
    expect(filled, 'filled label pixels').to.be.greaterThan(100);
    expect(outlined, 'an outline still shows the label').to.be.greaterThan(10);
    expect(outlined, 'an outline is its border only').to.be.lessThan(filled * 0.7);
  });

  it('shows both jobs where their masks overlap in 3D and in the slice view', async () => {
    const a = await createJob({ shape: '20,40,60', hz: 5, previews: 50, labels: 1, queueMs: 300, seed: 1 });
    const b = await createJob({ shape: '10,20,30', original: '20,40,60', hz: 5, previews: 50, labels: 2, queueMs: 300, seed: 2 });
    const element = await overlay([a, b], { opacity: 1 });
    const previews = record<JobPreviewDetail>(element, 'job-preview');
    await until(() => previews.some((p) => p.jobId === a) && previews.some((p) => p.jobId === b), 'a preview of each job');
    element.setLayer(a, { colors: { 1: [1, 0, 0, 1] } });
    element.setLayer(b, { colors: { 1: [0, 0, 1, 1], 2: [0, 0, 1, 1] } });
    for (const view of ['3d', 'slice'] as const) {
      element.view = view;
      await element.updateComplete;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const pixels = await pixelsOf(element);
      expect(countDominant(pixels, 0), `${view}: red pixels of job A`).to.be.greaterThan(20);
      expect(countDominant(pixels, 2), `${view}: blue pixels of job B`).to.be.greaterThan(20);
    }
  });

  it('lists each job with its state, progress and a labelled, keyboard-operable control set', async function () {
    this.timeout(120_000); // axe and the key presses are slow on a busy machine
    const jobId = await createJob({ hz: 5, previews: 1000, queueMs: 300 });
    const element = await overlay([jobId]);
    await until(() => element.layer(jobId)?.progress !== undefined, 'progress');
    await element.updateComplete;
    const row = element.shadowRoot!.querySelector(`li[data-job="${jobId}"]`)!;
    expect(row.querySelector('.name')!.textContent).to.equal(jobId);
    expect(row.querySelector('[part="state"]')!.textContent).to.match(/running|open|queued/);
    const valueNow = row.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow');
    expect(valueNow, 'aria-valuenow is the layer’s progress in percent').to.equal(String(Math.round(element.layer(jobId)!.progress! * 100)));
    await expect(element).to.be.accessible();

    // Real key presses: Tab reaches each control, Space toggles the checkbox, Enter presses a button.
    const failed = record<{ code: string }>(element, 'job-failed');
    const focused = () => element.shadowRoot!.activeElement;
    // Buttons either side keep the focus in the page: Tab starts before the element and stops after it.
    const [before, after] = ['before', 'after'].map((text) => Object.assign(document.createElement('button'), { textContent: text }));
    element.before(before!);
    element.after(after!);
    const tabTo = async (control: Element, name: string) => {
      while (focused() !== control && document.activeElement !== after) await sendKeys({ press: 'Tab' });
      expect(focused(), `Tab reaches ${name}`).to.equal(control);
    };
    const toggle = row.querySelector<HTMLInputElement>('input.visible')!;
    before!.focus();
    await tabTo(toggle, 'the visibility checkbox');
    await sendKeys({ press: 'Space' });
    expect(element.layer(jobId)!.visible, 'Space hides the layer').to.equal(false);
    await sendKeys({ press: 'Space' });
    expect(element.layer(jobId)!.visible, 'Space shows it again').to.equal(true);
    await until(() => element.layer(jobId)?.state === 'running', 'running');
    await element.updateComplete;
    await tabTo(row.querySelector('button.cancel')!, 'the cancel button');
    await sendKeys({ press: 'Enter' });
    await until(() => failed.length > 0, 'the job cancelled from the keyboard');
    expect(failed[0]!.code).to.equal('cancelled');
    before!.remove();
    after!.remove();
  });

  it('cancels a job from its row', async () => {
    const jobId = await createJob({ hz: 5, previews: 100, queueMs: 300 });
    const element = await overlay([jobId]);
    const failed = record<{ code: string }>(element, 'job-failed');
    await until(() => element.layer(jobId)?.state === 'running', 'running');
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLButtonElement>(`li[data-job="${jobId}"] button.cancel`)!.click();
    await until(() => failed.length > 0, 'cancelled');
    expect(failed[0]!.code).to.equal('cancelled');
    expect(element.layer(jobId)!.state).to.equal('cancelled');
  });

  it('shows a bad message as a visible error on its job only, and the page never throws', async () => {
    // 3 Hz, slower than a decode: at 10 Hz a loaded worker may see the next preview first, and latest wins drops the bad one unparsed (never reported).
    const bad = await createJob({ hz: 3, previews: 40, fault: 'length', faultAt: 2, queueMs: 300 });
    const good = await createJob({ hz: 10, previews: 40, queueMs: 300 });
    const element = await overlay([bad, good]);
    const errors = record<{ jobId: string; code: string }>(element, 'job-error');
    await until(() => errors.length > 0, 'job-error');
    expect(errors[0]).to.include({ jobId: bad, code: 'length' });
    await element.updateComplete;
    const line = element.shadowRoot!.querySelector(`li[data-job="${bad}"] [part="error"]`);
    expect(line?.textContent).to.match(/bytes/);
    expect(element.shadowRoot!.querySelector(`li[data-job="${good}"] [part="error"]`)).to.equal(null);
  });

  it('survives 20 mounts and unmounts, each giving its WebGL context back, then a new element still renders', async function () {
    this.timeout(120_000);
    watch = watchWebGLContexts();
    const contexts = watch;
    for (let i = 0; i < 20; i++) { // more than the 16 live contexts Chromium allows a page
      const element = document.createElement('preview-overlay');
      element.style.cssText = 'display:block; width:120px; --preview-overlay-height:100px';
      document.body.append(element);
      await element.updateComplete;
      await until(() => contexts.contexts.length > i, `mount ${i + 1} to make its context`);
      element.remove();
      await until(() => contexts.live().length === 0, `unmount ${i + 1} to lose its context`);
    }
    expect(watch.contexts.length, 'one context per mount').to.equal(20);
    await until(() => contexts.contexts.every((watched) => watched.lostEvents === 1), 'a webglcontextlost event from every canvas');
    const element = await overlay([], { background: '#00ff00' });
    await element.updateComplete;
    const pixels = await pixelsOf(element);
    expect(pixels.at(10, 10).slice(0, 3)).to.deep.equal([0, 255, 0]);
    expect(watch.live().length, 'only the new element’s context is live').to.equal(1);
  });
});
