// Public entry: defines <preview-overlay> and exports its types.
import { PreviewOverlay } from './preview-overlay.ts';

export { PreviewOverlay } from './preview-overlay.ts';
export type { LayerSettings } from './layer-settings.ts';
export { jobEventNames, labelEventNames, overlayEventNames } from './overlay-events.ts';
export type * from './overlay-events.ts';
export type { JobState, LayerInfo, RGBA } from './job-view.ts';
export type { StreamOptions, ConnectionState, PreviewTimings, StreamErrorCode } from './stream/stream-types.ts';
export type { JobProgress } from './protocol/job-message.ts';
export { labelColor } from './labels/colormap.ts';

if (!customElements.get('preview-overlay')) customElements.define('preview-overlay', PreviewOverlay);

declare global {
  interface HTMLElementTagNameMap {
    'preview-overlay': PreviewOverlay;
  }
}
