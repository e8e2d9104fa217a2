// Previews as the decoder receives them (parsed on arrival, or a big text frame still unparsed), for
// the decoder and triage tests: a 1×2×2 uint8 volume whose last voxel is the preview id.
import type { ArrivedPreview, ReadPreview, UnparsedPreview } from '../../src/stream/preview-decoder.ts';

/** A reader for decoders that are never given an unparsed preview. */
export const refuseUnparsed: ReadPreview = () => undefined;

const voxels = (previewId: number) => Buffer.from([0, 1, 1, previewId % 256]).toString('base64');

export function parsedPreview(previewId: number, final = false): ArrivedPreview {
  return {
    header: {
      shape: [1, 2, 2],
      dtype: 'uint8',
      spacing: [1, 1, 1],
      compression: 'none',
      payload: { encoding: 'base64', text: voxels(previewId) },
      previewId: final ? 'final' : previewId,
      final,
    },
    body: undefined,
    sentAt: undefined,
    receivedAt: 0,
    messageBytes: 100,
    parseMs: 0,
  };
}

/** The wire text of a preview for `jobId`, padded past the triage's small-frame size with a `method` string. */
export function previewText(jobId: string, previewId: number, padTo = 20_000): string {
  const data = { shape: [1, 2, 2], dtype: 'uint8', preview_id: previewId, payload: voxels(previewId), method: '' };
  const bare = JSON.stringify({ type: 'preview', job_id: jobId, data });
  data.method = 'x'.repeat(Math.max(0, padTo - bare.length));
  return JSON.stringify({ type: 'preview', job_id: jobId, data });
}

export function textPreview(jobId: string, previewId: number): UnparsedPreview {
  const text = previewText(jobId, previewId);
  return { wire: text, receivedAt: 0, messageBytes: text.length };
}
