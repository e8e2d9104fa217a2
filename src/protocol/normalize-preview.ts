// A validated preview `data` object to the normalized PreviewHeader: spacing in the original volume's
// frame, what orders it among the job's previews (id, final, time), and where the bytes are.

import type { Shape3, Vec3 } from '../labels/label-volume.ts';
import type { PreviewHeader } from './job-message.ts';
import { boundText } from './limits.ts';
import type { PreviewData } from './preview-header.ts';
import type { ProtocolError } from './protocol-error.ts';
import { timestampMs } from './timestamps.ts';

export type Frame = 'text' | 'binary';

/** A text `preview_id` is an opaque name; longer ones are cut (they only label the layer). */
const MAX_PREVIEW_ID_LENGTH = 200;

/**
 * World units per voxel, [x, y, z]. Precedence: `original_shape / shape` per axis when the server sent
 * the original shape (it cannot be misread); else `scale` as zoom factors when every factor is ≤ 1
 * (CryoMamba: preview size / original size, so spacing is its inverse); else `scale` as the spacing
 * itself (downsample factors > 1, or a voxel size).
 */
export function previewSpacing(shape: Shape3, scale: Vec3, original: Shape3 | undefined): Vec3 {
  const [z, y, x] = shape;
  // shape is [z, y, x] but spacing is [x, y, z].
  if (original) return [original[2] / x, original[1] / y, original[0] / z];
  if (scale.every((factor) => factor <= 1)) return [1 / scale[0], 1 / scale[1], 1 / scale[2]];
  return [scale[0], scale[1], scale[2]];
}

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
  const previewId = typeof data.preview_id === 'string' ? boundText(data.preview_id, MAX_PREVIEW_ID_LENGTH) : (data.preview_id ?? undefined);
  const header: PreviewHeader = {
    shape: [z, y, x],
    dtype: data.dtype,
    spacing: previewSpacing(data.shape, data.scale, original),
    final: data.is_final === true || (typeof previewId === 'string' && previewId.trim().toLowerCase() === 'final'),
    compression: data.compression,
    payload:
      frame === 'binary' || data.payload == null
        ? { encoding: 'binary' }
        : { encoding: 'base64', text: data.payload },
  };
  const previewSentAt = timestampMs(data.timestamp) ?? sentAt;
  if (previewSentAt !== undefined) header.sentAt = previewSentAt;
  if (original) header.originalShape = [original[0], original[1], original[2]];
  if (previewId !== undefined) header.previewId = previewId;
  return { ok: true, header };
}
