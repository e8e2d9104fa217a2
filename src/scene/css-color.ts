// CSS colour strings → RGBA floats for the renderer background.

import type { Rgba } from '../labels/colormap.ts';

let probe: CanvasRenderingContext2D | null = null;

/**
 * Parses any CSS colour the browser knows ('transparent', names, #hex, rgb(), hsl(), …) into RGBA floats
 * 0..1. Returns null for strings that are not colours. A 2D context's `fillStyle` does the normalising
 * (to `#rrggbb` or `rgba(r, g, b, a)`), so there is no colour grammar to maintain here.
 */
export function parseCssColor(color: string): Rgba | null {
  const text = color.trim();
  if (!text || !CSS.supports('color', text)) return null;
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return null;
  probe.fillStyle = '#000000';
  probe.fillStyle = text;
  const normal = String(probe.fillStyle);
  if (normal.startsWith('#')) {
    const n = Number.parseInt(normal.slice(1, 7), 16);
    return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255, 1];
  }
  const parts = /rgba?\(([^)]*)\)/.exec(normal)?.[1]?.split(',').map((p) => Number.parseFloat(p));
  if (!parts || parts.length < 3 || parts.some((p) => Number.isNaN(p))) return null;
  const [r = 0, g = 0, b = 0, a = 1] = parts;
  return [r / 255, g / 255, b / 255, a];
}
