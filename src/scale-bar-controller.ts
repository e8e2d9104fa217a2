// The scale bar over the scene, as a Lit controller: told when the camera may have moved (the scene's
// onViewChange, which fires many times in a frame while the user zooms), it measures at most once a
// frame and asks the element to render only when the bar it draws changed. A `voxel-size` that is no
// length shows as a note under the bar (which then counts voxels), never as a throw or a console line.
import { html, svg, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { parseVoxelSize, scaleBar, type ScaleBar } from './scale-bar.ts';

export interface ScaleBarHost extends ReactiveControllerHost {
  voxelSize: string;
}

export class ScaleBarController implements ReactiveController {
  #frame = 0;
  #pixelsPerVoxel = Number.NaN;

  constructor(
    private readonly host: ScaleBarHost,
    /** CSS pixels per source voxel in the view shown now (NaN when there is none). */
    private readonly measure: () => number,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#pixelsPerVoxel = Number.NaN;
  }

  /** The camera or the viewport may have changed: measure again on the next frame. */
  readonly viewChanged = (): void => {
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      const next = this.measure();
      const [before, after] = [this.#bar(this.#pixelsPerVoxel), this.#bar(next)];
      this.#pixelsPerVoxel = next;
      if (before?.label !== after?.label || Math.abs((before?.widthPx ?? 0) - (after?.widthPx ?? 0)) >= 0.5) this.host.requestUpdate();
    });
  };

  render(): TemplateResult | string {
    const reading = parseVoxelSize(this.host.voxelSize);
    const bar = this.#bar(this.#pixelsPerVoxel);
    if (!bar && reading.kind !== 'invalid') return '';
    const width = Math.round(bar?.widthPx ?? 0);
    // SVG attributes, not an inline style: a strict style-src CSP would block the latter.
    return html`<div class="scale-bar" part="scale-bar">
      ${bar
        ? html`<svg width=${width + 2} height="8" aria-hidden="true">${svg`<path d=${`M1 1V7H${width + 1}V1`}></path>`}</svg><span class="scale-label">${bar.label}</span>`
        : ''}
      ${reading.kind === 'invalid' ? html`<div class="scale-note" role="status">${reading.message}</div>` : ''}
    </div>`;
  }

  #bar(pixelsPerVoxel: number): ScaleBar | null {
    const reading = parseVoxelSize(this.host.voxelSize);
    return scaleBar(pixelsPerVoxel, reading.kind === 'size' ? reading.size : null);
  }
}
