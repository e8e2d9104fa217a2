// The built anywidget bundle (dist/jupyter.js) loaded the way anywidget loads a widget's `_esm`: the
// file's text as a module from a Blob URL, so it must need no file beside it. Its own test page: it
// defines <preview-overlay> from the bundle. Needs `npm run build` first (`npm test` runs it).
import { expect } from '@open-wc/testing';
import type { AnyModel, JobSummary } from '../../src/jupyter.ts';
import { FakeAnyModel } from '../fixtures/embedding/anywidget-model.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';

type Widget = { render(props: { model: AnyModel; el: HTMLElement }): () => void };

/** anywidget's `load_esm` for a widget whose `_esm` is a file's contents. */
async function loadEsm(source: string): Promise<Widget> {
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    return ((await import(/* @vite-ignore */ url)) as { default: Widget }).default;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Trait names a `traitlets.X(...).tag(sync=True)` line declares in the Python class. */
function syncedTraits(python: string): string[] {
  return [...python.matchAll(/^\s{4}(\w+) = traitlets\.\w+\([\s\S]*?\)\.tag\(sync=True\)/gm)].map((match) => match[1]!);
}

afterEach(async () => {
  await mockControl('reset');
});

describe('dist/jupyter.js as anywidget loads it', () => {
  it('imports from a Blob URL, defines the element, streams in a worker and reports to the model', async () => {
    const { http, ws } = await mockStream();
    const source = await (await fetch(`${http}/dist/jupyter.js`)).text();
    const widget = await loadEsm(source);
    expect(customElements.get('preview-overlay'), 'the tag, defined by the bundle').to.be.a('function');

    const jobId = await createJob({ shape: '10,16,24', hz: 10, previews: 4, queueMs: 300 });
    const model = new FakeAnyModel({ server: ws, jobs: [jobId], height: 200 });
    const el = document.createElement('div');
    document.body.append(el);
    const cleanup = widget.render({ model, el });
    const jobs = () => (model.get('jobs_state') ?? {}) as Record<string, JobSummary>;
    await until(() => jobs()[jobId]?.state === 'completed', 'jobs_state: completed');
    expect(jobs()[jobId]).to.include({ progress: 1, previews: 4 });
    const element = el.querySelector('preview-overlay')!;
    expect(element.streamMode, 'a Blob-URL module can still start the Blob-URL worker').to.equal('worker');
    cleanup();
    expect(el.children.length).to.equal(0);
    el.remove();
  });

  it('declares in demo/jupyter/preview_overlay/widget.py every trait the front end reads and writes', async () => {
    const python = await (await fetch('/demo/jupyter/preview_overlay/widget.py')).text();
    const source = await (await fetch('/src/jupyter.ts')).text();
    const traits = syncedTraits(python);
    const traitBlock = /const TRAITS = \{([\s\S]*?)\}/.exec(source)![1]!;
    const read = [...traitBlock.matchAll(/^\s+(\w+):/gm)].map((match) => match[1]!);
    const other = [...source.matchAll(/model\.(?:get|set)\(["'](\w+)["']/g)].map((match) => match[1]!);
    const used = [...new Set([...read, ...other])].sort();
    expect(used).to.include.members(['server', 'jobs', 'height', 'jobs_state', 'progress', 'last_error']);
    expect(traits.sort(), 'traits of the Python class').to.deep.equal(used);
  });
});
