// Hover and select in both views, as a Lit controller (the scene says what is under a point: slice-probe.ts
// in slice view, label-ray.ts in 3D). Pointer moves are coalesced to one probe per animation frame;
// `label-hover` fires when what is under the pointer changed (an empty detail when it leaves the layers
// or the scene). A click that was not a drag (a left-drag pans or rotates) fires `label-select` and
// selects the label under it, or clears the selection over background; Escape clears it too. The
// latest probe is kept for the readout line.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LabelSelection } from './layer-settings.ts';
import type { LabelPointerDetail } from './overlay-events.ts';
import type { SliceProbe } from './scene/slice-probe.ts';

/** A press that moved further than this (CSS px) before its release was a pan, not a click. */
const CLICK_SLOP_PX = 4;

export interface PointerHost extends ReactiveControllerHost, EventTarget {
  selectedLabel: LabelSelection | null;
}

export class PointerController implements ReactiveController {
  /** What is under the pointer now (the readout line); null off the layers (in 3D: off every label) or outside the scene. */
  readout: SliceProbe | null = null;
  #frame = 0;
  #at: { u: number; v: number } | null = null;
  #announced = '';
  #pressed: [number, number] | null = null;

  constructor(
    private readonly host: PointerHost,
    /** What the view shows under a viewport point (u, v: 0..1 from its left, top). */
    private readonly probe: (u: number, v: number) => SliceProbe | null,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#at = null;
    this.readout = null;
    this.#announced = '';
  }

  readonly move = (event: PointerEvent): void => {
    this.#at = viewportPoint(event);
    this.#frame ||= requestAnimationFrame(() => this.#hover());
  };

  readonly leave = (): void => {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#at = null;
    this.#show(null);
  };

  readonly down = (event: PointerEvent): void => {
    this.#pressed = [event.clientX, event.clientY];
  };

  readonly click = (event: MouseEvent): void => {
    const pressed = this.#pressed;
    this.#pressed = null;
    if (pressed && Math.hypot(event.clientX - pressed[0], event.clientY - pressed[1]) > CLICK_SLOP_PX) return;
    const { u, v } = viewportPoint(event);
    const probe = this.probe(u, v);
    this.host.selectedLabel = probe && probe.label !== 0 ? { jobId: probe.jobId, label: probe.label } : null;
    this.#fire('label-select', probe ?? {});
  };

  /** Escape clears the selection; true when the key was this controller's. */
  key(event: KeyboardEvent): boolean {
    if (event.key !== 'Escape' || this.host.selectedLabel === null) return false;
    this.host.selectedLabel = null;
    this.#fire('label-select', {});
    return true;
  }

  #hover(): void {
    this.#frame = 0;
    if (this.#at) this.#show(this.probe(this.#at.u, this.#at.v));
  }

  #show(probe: SliceProbe | null): void {
    const key = probe ? JSON.stringify(probe) : '';
    if (key === this.#announced) return;
    this.#announced = key;
    this.readout = probe;
    this.host.requestUpdate();
    this.#fire('label-hover', probe ?? {});
  }

  #fire(type: 'label-hover' | 'label-select', detail: LabelPointerDetail): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail: structuredClone(detail), bubbles: true, composed: true }));
  }
}

/** The event's point as fractions 0..1 of its current target's box, from the left and the top. */
function viewportPoint(event: MouseEvent): { u: number; v: number } {
  const box = (event.currentTarget as Element).getBoundingClientRect();
  return { u: (event.clientX - box.left) / Math.max(1, box.width), v: (event.clientY - box.top) / Math.max(1, box.height) };
}

/** The readout line's text: job, label, voxel, source voxel and intensity. */
export function readoutText(probe: SliceProbe): string {
  const parts = [probe.jobId, probe.label === 0 ? 'background' : `label ${probe.label}`, `voxel [${probe.voxel.join(', ')}]`, `source [${probe.sourceVoxel.join(', ')}]`];
  if (probe.intensity !== undefined) parts.push(`intensity ${Number.isInteger(probe.intensity) ? probe.intensity : probe.intensity.toPrecision(4)}`);
  return parts.join(' · ');
}
