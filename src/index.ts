// Public entry: defines <preview-overlay> and exports its types.
import { PreviewOverlay } from './preview-overlay.ts';

export { PreviewOverlay } from './preview-overlay.ts';
export type { LayerInfo, LayerSettings } from './preview-overlay.ts';
export type * from './overlay-events.ts';
export type { JobState, RGBA } from './job-view.ts';
export type { StreamOptions, ConnectionState, StreamErrorCode } from './stream/stream-types.ts';
export { labelColor } from './labels/colormap.ts';

if (!customElements.get('preview-overlay')) customElements.define('preview-overlay', PreviewOverlay);

declare global {
  interface HTMLElementTagNameMap {
    'preview-overlay': PreviewOverlay;
  }
}
