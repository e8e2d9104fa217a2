// The anywidget entry (src/jupyter.ts) with a model that keeps anywidget's contract, against the real
// mock stream: traits become element properties, job events become traits saved to the kernel, and the
// cleanup anywidget calls leaves nothing behind.
import { expect } from '@open-wc/testing';
import { sendKeys, sendMouse } from '@web/test-runner-commands';
import widget, { type JobSummary } from '../../src/jupyter.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { FakeAnyModel } from '../fixtures/embedding/anywidget-model.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';
import { pixelsOf } from './pixels.ts';

interface Rendered {
  model: FakeAnyModel;
  el: HTMLElement;
  element: PreviewOverlay;
  cleanup: () => void;
}

const cleanups: Array<() => void> = [];

function render(traits: Record<string, unknown>): Rendered {
  const model = new FakeAnyModel(traits);
  const el = document.createElement('div');
  document.body.append(el);
  const cleanup = widget.render({ model, el });
  cleanups.push(() => {
    cleanup();
    el.remove();
  });
  const element = el.querySelector('preview-overlay');
  if (!element) throw new Error('render() put no <preview-overlay> in el');
  return { model, el, element, cleanup };
}

/** Resolves once the mock has no open socket left. */
async function openSocketsDrop(timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await mockControl<{ openSockets: number }>('stats', 'GET')).openSockets > 0) {
    if (performance.now() > deadline) throw new Error('the mock still has open sockets');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const jobsState = (model: FakeAnyModel) => (model.get('jobs_state') ?? {}) as Record<string, JobSummary>;

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await mockControl('reset');
});

describe('<preview-overlay> as an anywidget', () => {
  it('copies the traits into element properties at render and on every change:', async () => {
    const { ws, http } = await mockStream();
    const [a, b] = [await createJob({ queueMs: 300 }), await createJob({ queueMs: 300 })];
    const { model, element } = render({
      server: ws,
      jobs: [a],
      token: 't1',
      url_template: '{server}/ws/jobs/{job}',
      binary_format: 'msgpack',
      client_message_key: 'action',
      view: 'slice',
      slice_axis: 'y',
      slice: 3,
      color_mode: 'job',
      opacity: 0.5,
      max_voxels: 1000,
      background: '#123456',
      height: 250,
    });
    expect(element).to.include({ server: ws, token: 't1', urlTemplate: '{server}/ws/jobs/{job}', binaryFormat: 'msgpack', clientMessageKey: 'action', view: 'slice', sliceAxis: 'y', slice: 3, colorMode: 'job', opacity: 0.5, maxVoxels: 1000, background: '#123456' });
    expect(element.jobs).to.deep.equal([a]);
    await element.updateComplete;
    expect(element.getBoundingClientRect().height, '`height` in pixels').to.equal(250);

    model.set('server', http);
    model.set('jobs', [a, b]);
    model.set('token', 't2');
    model.set('url_template', '{server}/ws/jobs/{job}?style=flat');
    model.set('binary_format', 'auto');
    model.set('client_message_key', 'type');
    model.set('view', '3d');
    model.set('slice_axis', 'x');
    model.set('slice', null);
    model.set('color_mode', 'label');
    model.set('opacity', 1);
    model.set('max_voxels', 2000);
    model.set('background', '#000000');
    model.set('height', 300);
    expect(element).to.include({ server: http, token: 't2', urlTemplate: '{server}/ws/jobs/{job}?style=flat', binaryFormat: 'auto', clientMessageKey: 'type', view: '3d', sliceAxis: 'x', slice: undefined, colorMode: 'label', opacity: 1, maxVoxels: 2000, background: '#000000' });
    expect(element.jobs).to.deep.equal([a, b]);
    model.set('jobs', b);
    expect(element.jobs, 'a space-separated string works too').to.deep.equal([b]);
    await element.updateComplete;
    expect(element.getBoundingClientRect().height).to.equal(300);
  });

  it('reports job events as jobs_state, progress and last_error, and saves them to the kernel', async () => {
    const good = await createJob({ shape: '10,16,24', hz: 10, previews: 5, queueMs: 300 });
    // 3 Hz, slower than a decode: at 10 Hz a loaded worker may see the next preview first, and latest wins drops the bad one unparsed (never reported).
    const bad = await createJob({ shape: '10,16,24', hz: 3, previews: 40, fault: 'length', faultAt: 2, queueMs: 300 });
    const { model, element } = render({ server: (await mockStream()).ws, jobs: [good, bad] });
    await until(() => jobsState(model)[good]?.state === 'completed' && model.get('last_error'), 'the good job completed and the bad one’s error');

    const saved = model.saved.at(-1)!;
    expect(saved, 'what save_changes sent').to.deep.include({ jobs_state: model.get('jobs_state'), progress: model.get('progress') });
    const done = jobsState(model)[good]!;
    // As many as the element showed: latest wins may skip one of the five on a loaded machine.
    expect(done).to.include({ state: 'completed', progress: 1, previews: element.layer(good)!.previews, error: null });
    expect(done.previews).to.be.within(1, 5);
    expect(done.preview_id).to.be.a('number');
    expect((model.get('progress') as Record<string, number>)[good]).to.equal(1);
    expect(model.get('last_error')).to.match(new RegExp(`^${bad}: .*bytes`));
    expect(jobsState(model)[bad]!.error).to.match(/bytes/);
    expect(model.saved.length, 'updates are batched, not one save per event').to.be.lessThan(40);
  });

  it('syncs selected_label with the element’s selectedLabel both ways: set from the kernel, a click and Escape back to it', async function () {
    this.timeout(120_000);
    const { ws } = await mockStream();
    // Label 1 is a blob centred on voxel [10, 12, 15], in the middle z plane.
    const jobId = await createJob({ shape: '20,40,60', hz: 20, previews: 3, labels: 1, seed: 1 });
    const { model, el, element } = render({ server: ws, jobs: [jobId], view: 'slice', background: '#000000', opacity: 1, height: 300, selected_label: { job_id: 'other', label: 4 } });
    expect(element.selectedLabel, 'at render').to.deep.equal({ jobId: 'other', label: 4 });
    model.set('selected_label', null);
    expect(element.selectedLabel, 'None').to.equal(null);
    model.set('selected_label', { job_id: jobId, label: 2 });
    expect(element.selectedLabel, 'on change:selected_label').to.deep.equal({ jobId, label: 2 });
    model.set('selected_label', null);

    el.style.width = '800px';
    await until(() => element.layer(jobId)?.state === 'completed', 'the job to complete');
    element.setLayer(jobId, { colors: { 1: [1, 0, 0, 1] } });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const pixels = await pixelsOf(element);
    let [sx, sy, n] = [0, 0, 0];
    for (let y = 0; y < pixels.height; y++) for (let x = 0; x < pixels.width; x++) if (pixels.at(x, y)[0] > 150) [sx, sy, n] = [sx + x, sy + y, n + 1];
    expect(n, 'label 1 drawn red').to.be.greaterThan(30);
    const box = element.getBoundingClientRect();
    const scale = box.width / pixels.width;
    const at: [number, number] = [Math.round(box.left + (sx / n + 0.5) * scale), Math.round(box.top + (sy / n + 0.5) * scale)];
    await sendMouse({ type: 'click', position: at });
    await until(() => model.get('selected_label') !== null, 'the click to reach the trait');
    expect(model.get('selected_label')).to.deep.equal({ job_id: jobId, label: 1 });
    expect(model.saved.at(-1)!.selected_label, 'saved to the kernel').to.deep.equal({ job_id: jobId, label: 1 });

    await sendKeys({ press: 'Escape' });
    await until(() => model.get('selected_label') === null, 'Escape to clear the trait');
    expect(model.saved.at(-1)!.selected_label).to.equal(null);
  });

  it('writes the panel’s 3D/slice choice back into the view trait', async () => {
    const { model, element } = render({ view: '3d' });
    await element.updateComplete;
    element.shadowRoot!.querySelectorAll<HTMLButtonElement>('.toolbar button')[1]!.click();
    await until(() => model.get('view') === 'slice', 'view = slice');
    expect(model.saved.at(-1)!.view).to.equal('slice');
  });

  it('cleans up: removes the element, closes its streams and unsubscribes from the model', async () => {
    const jobId = await createJob({ hz: 10, previews: 100, queueMs: 300 });
    const { model, el, element, cleanup } = render({ server: (await mockStream()).ws, jobs: [jobId] });
    await until(() => jobsState(model)[jobId]?.previews, 'a preview');
    expect(model.listenerCount).to.be.greaterThan(0);

    // Right after a job event, so the widget has a publish scheduled when it goes away: that one must
    // not happen either.
    await new Promise((resolve) => element.addEventListener('job-progress', resolve, { once: true }));
    cleanup();
    const saves = model.saved.length;
    expect(el.querySelector('preview-overlay'), 'the element').to.equal(null);
    expect(model.listenerCount, 'model subscriptions').to.equal(0);
    model.set('background', '#ff0000');
    expect(element.background, 'a trait change after cleanup').to.not.equal('#ff0000');
    await openSocketsDrop();
    // A later widget's previews go through the same page, streams and worker: once it has saved two,
    // anything the cleaned-up widget still had in flight would have been saved too.
    const later = await createJob({ shape: '4,6,8', hz: 10, previews: 2 });
    const next = render({ server: (await mockStream()).ws, jobs: [later] });
    await until(() => jobsState(next.model)[later]?.state === 'completed', 'the later widget’s job to complete');
    expect(model.saved.length, 'saves after cleanup').to.equal(saves);
  });
});
