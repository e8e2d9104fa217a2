// A validated preview `data` object to the normalized PreviewHeader: spacing in the original volume's
// frame, what orders it among the job's previews (id, final, time), and where the bytes are (inline, by
// URL, or in chunks).

import type { Shape3, Vec3 } from '../labels/label-volume.ts';
import type { PreviewChunk, PreviewHeader, PreviewPayload } from './job-message.ts';
import { boundText } from './limits.ts';
import type { PreviewData } from './preview-header.ts';
import type { ProtocolError } from './protocol-error.ts';
import { resolvePreviewUrl } from './preview-url.ts';
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
  const where = payloadOf(data, frame);
  if (!where.ok) return where;
  const [z, y, x] = data.shape;
  const original = data.original_shape ?? undefined;
  const previewId = typeof data.preview_id === 'string' ? boundText(data.preview_id, MAX_PREVIEW_ID_LENGTH) : (data.preview_id ?? undefined);
  const header: PreviewHeader = {
    shape: [z, y, x],
    dtype: data.dtype,
    spacing: previewSpacing(data.shape, data.scale, original),
    final: data.is_final === true || (typeof previewId === 'string' && previewId.trim().toLowerCase() === 'final'),
    compression: data.compression,
    payload: where.payload,
  };
  if (where.chunk) header.chunk = where.chunk;
  const previewSentAt = timestampMs(data.timestamp) ?? sentAt;
  if (previewSentAt !== undefined) header.sentAt = previewSentAt;
  if (original) header.originalShape = [original[0], original[1], original[2]];
  if (previewId !== undefined) header.previewId = previewId;
  return { ok: true, header };
}

type PayloadPlace =
  | { ok: true; payload: PreviewPayload; chunk?: PreviewChunk }
  | { ok: false; error: ProtocolError };

/** Where the voxel bytes are. A chunk's bytes are one part of the payload, in the frame as usual. */
function payloadOf(data: PreviewData, frame: Frame): PayloadPlace {
  const chunked = data.chunk != null || data.chunks != null;
  if (chunked) {
    if (data.chunk == null || data.chunks == null) {
      return invalid(data.chunk == null ? 'data.chunk' : 'data.chunks', 'A chunked preview must carry both "chunk" (0-based) and "chunks" (the total).');
    }
    if (data.chunk >= data.chunks) {
      return invalid('data.chunk', `Preview chunk ${data.chunk} is out of range: the preview has ${data.chunks} chunks (0-based).`);
    }
    if (data.preview_id == null) {
      return invalid('data.preview_id', 'A chunked preview must carry a preview_id: its chunks are put together by it.');
    }
  }
  const chunk = chunked ? { index: data.chunk ?? 0, count: data.chunks ?? 1 } : undefined;
  // In a binary frame the bytes after the JSON header are the payload; a `payload` field there is ignored.
  if (frame === 'binary') return { ok: true, payload: { encoding: 'binary' }, chunk };
  if (data.payload != null) return { ok: true, payload: { encoding: 'base64', text: data.payload }, chunk };
  if (data.url != null && !chunked) {
    if (!isFetchableUrl(data.url)) {
      return invalid('data.url', `Preview url ${JSON.stringify(boundText(data.url, 80))} is not an http(s) URL or a path on the server.`);
    }
    return { ok: true, payload: { encoding: 'url', url: data.url } };
  }
  return invalid('data.payload', 'Preview payload is missing: a preview in a text frame must carry its voxels as base64, or a url to fetch them from.');
}

/** Stands for the server here: the real address is known only to the socket (preview-fetch.ts checks again). */
const SOME_SERVER = 'http://server.invalid';

/** http(s), absolute or a path on the server: never `javascript:`, `data:`, `file:`, another host in a path, or credentials. */
function isFetchableUrl(url: string): boolean {
  return resolvePreviewUrl(url, SOME_SERVER) !== undefined;
}

function invalid(field: string, message: string): PayloadPlace {
  return { ok: false, error: { rule: 'payload', field, message } };
}
