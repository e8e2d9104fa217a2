// A validated preview `data` object to the normalized PreviewHeader: spacing in the original volume's
// frame, an order to drop stale previews by, and where the bytes are.

import type { Vec3 } from '../labels/label-volume.ts';
import type { PreviewHeader } from './job-message.ts';
import type { PreviewData } from './preview-header.ts';
import type { ProtocolError } from './protocol-error.ts';
import { timestampMs } from './timestamps.ts';

export type Frame = 'text' | 'binary';

export function normalizePreviewHeader(
  data: PreviewData,
  frame: Frame,
  sentAt: number | undefined,
): { ok: true; header: PreviewHeader } | { ok: false; error: ProtocolError } {
  // In a binary frame the bytes after the JSON header are the payload; a `payload` field there is ignored.
  if (frame === 'text' && (data.payload === undefined || data.payload === null)) {
    return {
      ok: false,
      error: {
        rule: 'payload',
        field: 'data.payload',
        message: 'Preview payload is missing: a preview in a text frame must carry its voxels as base64.',
      },
    };
  }
  const [z, y, x] = data.shape;
  const original = data.original_shape ?? undefined;
  // shape is [z, y, x] but spacing is [x, y, z].
  const spacing: Vec3 = original
    ? [original[2] / x, original[1] / y, original[0] / z]
    : [data.scale[0], data.scale[1], data.scale[2]];
  const previewId = data.preview_id ?? undefined;
  const header: PreviewHeader = {
    shape: [z, y, x],
    dtype: data.dtype,
    spacing,
    order: previewId ?? timestampMs(data.timestamp) ?? sentAt ?? 0,
    compression: data.compression,
    payload:
      frame === 'binary' || data.payload == null
        ? { encoding: 'binary' }
        : { encoding: 'base64', text: data.payload },
  };
  if (original) header.originalShape = [original[0], original[1], original[2]];
  if (previewId !== undefined) header.previewId = previewId;
  return { ok: true, header };
}
