// The orientation marker (CSS part `axes-marker`) with real pointer input: in 3D it shows x, y and z as
// the fitted camera sees them, a real rotation (left-drag) turns it; in slice view it shows the two
// in-plane axes of the slice axis, pointing where the slice view draws them.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import '../../src/index.ts';
import type { PreviewOverlay } from '../../src/preview-overlay.ts';
import { createJob, mockControl, mockStream, until } from './mock-stream.ts';

afterEach(() => mockControl('reset'));

/** The marker's drawn axes by name: the end of each line (CSS px from the marker's centre, y down). */
function drawnAxes(element: PreviewOverlay): Record<string, [number, number]> {
  const lines = [...element.shadowRoot!.querySelectorAll('[part="axes-marker"] g')];
  return Object.fromEntries(lines.map((g) => [g.textContent!.trim(), [Number(g.querySelector('line')!.getAttribute('x2')), Number(g.querySelector('line')!.getAttribute('y2'))]]));
}

const label = (element: PreviewOverlay) => element.shadowRoot!.querySelector('[part="axes-marker"]')?.getAttribute('aria-label');

describe('<preview-overlay> axes marker', () => {
  it('shows the 3D camera’s axes, turns with a rotation, and shows the in-plane axes of a slice', async function () {
    this.timeout(120_000);
    const { ws } = await mockStream();
    const job = await createJob({ shape: '20,40,60', hz: 20, previews: 2, labels: 2 });
    const element = await fixture<PreviewOverlay>(html`<preview-overlay style="--preview-overlay-height: 320px; width: 800px" background="#000000"></preview-overlay>`);
    element.server = ws;
    element.jobs = [job];
    await until(() => element.layer(job)?.state === 'completed', 'the job to complete');
    await until(() => label(element) !== undefined, 'the axes marker');
    // The fitted oblique view: x runs right and y down, as in the slice view, and z goes into the screen.
    expect(label(element)).to.equal('Axes: x right, y down, z into the screen');
    const fitted = drawnAxes(element);
    expect(Object.keys(fitted).sort()).to.deep.equal(['x', 'y', 'z']);
    expect(fitted.x![0], 'x points right').to.be.greaterThan(15);
    expect(fitted.y![1], 'y points down').to.be.greaterThan(15);

    // A real rotation: a long left-drag to the right turns the volume about the view's vertical.
    const box = element.getBoundingClientRect();
    const [x, y] = [Math.round(box.left + 150), Math.round(box.top + 160)];
    await sendMouse({ type: 'move', position: [x, y] });
    await sendMouse({ type: 'down', button: 'left' });
    for (let step = 1; step <= 8; step++) await sendMouse({ type: 'move', position: [x + 40 * step, y] });
    await sendMouse({ type: 'up', button: 'left' });
    await until(() => label(element) !== 'Axes: x right, y down, z into the screen', 'the marker to turn');
    const turned = drawnAxes(element);
    expect(turned.x![0], 'x no longer points straight right').to.be.lessThan(fitted.x![0] - 5);
    expect(turned.y![1], 'y still points down (a turn about the vertical)').to.be.greaterThan(10);

    element.view = 'slice';
    element.sliceAxis = 'x';
    await until(() => label(element) === 'Axes: x into the screen, y right, z down', 'the x slice’s axes');
    const slice = drawnAxes(element);
    expect(Object.keys(slice).sort(), 'x is seen end-on: not drawn').to.deep.equal(['y', 'z']);
    expect(slice.y, 'y points right').to.deep.equal([20, 0]);
    expect(slice.z, 'z points down').to.deep.equal([0, 20]);
    await expect(element).to.be.accessible();
  });
});
