// The orientation marker over the scene (CSS part `axes-marker`), as a Lit controller: x, y and z as the
// shown camera sees them, redrawn at most once a frame while the camera turns, and only when a line
// moved by a visible amount (a pan or a zoom leaves it alone). In the slice view the axis along the view
// is seen end-on and left out: the marker shows the two in-plane axes.
import { html, svg, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { describeAxes, END_ON, markerAxes, type MarkerAxis } from './scene/axes-marker.ts';
import type { CameraPose } from './scene/scene-camera.ts';

/** Length of a face-on axis in the marker, CSS px; the SVG is a square of 2 × (this + room for the letter). */
const ARM_PX = 20;
const LETTER_PX = 27;

export class AxesMarkerController implements ReactiveController {
  #frame = 0;
  #axes: MarkerAxis[] | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** The shown camera, or null while there is nothing to orient by. */
    private readonly pose: () => CameraPose | null,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#axes = null;
  }

  /** The camera may have changed: look again on the next frame. */
  readonly viewChanged = (): void => {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      const pose = this.pose();
      const next = pose ? markerAxes(pose) : null;
      if (shape(next) === shape(this.#axes)) return;
      this.#axes = next;
      this.host.requestUpdate();
    });
  };

  render(): TemplateResult | string {
    const axes = this.#axes;
    if (!axes) return '';
    const size = 2 * (LETTER_PX + 5);
    const shown = axes.filter(({ dx, dy }) => Math.hypot(dx, dy) >= END_ON);
    return html`<svg class="axes-marker" part="axes-marker" width=${size} height=${size} viewBox=${`${-size / 2} ${-size / 2} ${size} ${size}`} role="img" aria-label=${`Axes: ${describeAxes(axes)}`}>
      ${shown.map(
        ({ name, dx, dy }) => svg`<g class=${`axis axis-${name}`}><line x1="0" y1="0" x2=${round(dx * ARM_PX)} y2=${round(dy * ARM_PX)}></line><text x=${round(dx * LETTER_PX)} y=${round(dy * LETTER_PX)}>${name}</text></g>`,
      )}
    </svg>`;
  }
}

/** What the marker draws, to the tenth of a pixel: equal shapes need no new render. */
function shape(axes: readonly MarkerAxis[] | null): string {
  return axes ? axes.map(({ name, dx, dy, depth }) => `${name}${round(dx * LETTER_PX)},${round(dy * LETTER_PX)},${depth > 0}`).join(' ') : '';
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
