// demo/dashboard.html, used as a person uses it: start a job, pick the view. The page drives the built
// element through attributes only and fills its job table from the element's events only, the way
// dashboard frameworks embed custom elements. Needs `npm run build` first (`npm test` runs it).
import { expect } from '@open-wc/testing';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { mockControl, mockStream, until } from './mock-stream.ts';

let frame: HTMLIFrameElement | undefined;

afterEach(async () => {
  frame?.remove();
  frame = undefined;
  await mockControl('reset');
});

describe('demo/dashboard.html', () => {
  it('starts a job, shows it through attributes and tracks it from events', async () => {
    const { http } = await mockStream();
    frame = document.createElement('iframe');
    frame.style.cssText = 'width: 1000px; height: 760px; border: 0';
    frame.src = `/demo/dashboard.html?server=${encodeURIComponent(http)}`;
    document.body.append(frame);
    const page = await until(() => (frame!.contentDocument?.querySelector('#start') ? frame!.contentDocument : undefined), 'the dashboard');
    const overlay = page.querySelector('preview-overlay') as PreviewOverlay;
    await until(() => overlay.shadowRoot ?? undefined, 'the element to be defined');

    page.querySelector<HTMLSelectElement>('#preset')!.value = 'coarse';
    page.querySelector<HTMLButtonElement>('#start')!.click();
    const jobId = await until(() => page.querySelector<HTMLInputElement>('#jobs input')?.value, 'the new job in the list');
    expect(overlay.getAttribute('jobs'), 'the `jobs` attribute').to.equal(jobId);
    const row = await until(() => page.querySelector(`tr[data-job="${jobId}"]`) ?? undefined, 'a status row for the job');
    await until(() => Number(row.querySelector('.previews')!.textContent) >= 1, 'a preview counted from job-preview');
    expect(row.querySelector('.state')!.textContent).to.match(/open|running/);

    page.querySelector<HTMLInputElement>('input[name="view"][value="slice"]')!.click();
    expect(overlay.getAttribute('view')).to.equal('slice');
    expect(overlay.view, 'the attribute reached the property').to.equal('slice');
    overlay.shadowRoot!.querySelector<HTMLButtonElement>('.toolbar button')!.click();
    await overlay.updateComplete;
    expect(page.querySelector<HTMLInputElement>('input[name="view"][value="3d"]')!.checked, 'the element’s own 3D button, seen through the reflected attribute').to.equal(true);

    page.querySelector<HTMLInputElement>(`#jobs input[value="${jobId}"]`)!.click();
    expect(overlay.getAttribute('jobs'), 'unchecked: no jobs').to.equal('');
    await overlay.updateComplete;
    expect(overlay.layer(jobId), 'the layer is gone').to.equal(undefined);
  });
});
