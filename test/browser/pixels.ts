// Test helpers that read what the element actually drew: its snapshot PNG, decoded into RGBA pixels.
import type { PreviewOverlay } from '../../src/preview-overlay.ts';

export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  at(x: number, y: number): [number, number, number, number];
}

export async function pixelsOf(element: PreviewOverlay): Promise<Pixels> {
  const blob = await element.snapshot();
  const bitmap = await createImageBitmap(blob);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data, width, height } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  return {
    width,
    height,
    data,
    at: (x, y) => {
      const i = (y * width + x) * 4;
      return [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
    },
  };
}

/** Pixels whose color is within `tolerance` (per channel, 0..255) of `rgb`. */
export function countNear(pixels: Pixels, rgb: [number, number, number], tolerance = 40): number {
  let count = 0;
  const { data } = pixels;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i]! - rgb[0]) <= tolerance && Math.abs(data[i + 1]! - rgb[1]) <= tolerance && Math.abs(data[i + 2]! - rgb[2]) <= tolerance) count += 1;
  }
  return count;
}

/** Pixels whose hue is dominated by one channel: red, green or blue clearly above the other two. */
export function countDominant(pixels: Pixels, channel: 0 | 1 | 2, margin = 60): number {
  let count = 0;
  const { data } = pixels;
  for (let i = 0; i < data.length; i += 4) {
    const value = data[i + channel]!;
    const others = [0, 1, 2].filter((c) => c !== channel).map((c) => data[i + c]!);
    if (others.every((other) => value - other >= margin)) count += 1;
  }
  return count;
}

/**
 * The drawn colors of the label ids the tests use, as 0..255 RGB where a label is drawn opaque and
 * unlit: written out, not asked of the colormap, so a change of palette fails here.
 */
const LABEL_RGB: Readonly<Record<number, [number, number, number]>> = {
  1: [218, 171, 55],
  2: [81, 9, 181],
  3: [56, 221, 77],
};

/** Label `id`'s color as 0..255 RGB, the way it appears where the label is drawn opaque and unlit. */
export function labelRgb(id: number): [number, number, number] {
  const rgb = LABEL_RGB[id];
  if (!rgb) throw new Error(`No expected color written down for label ${id}.`);
  return rgb;
}
