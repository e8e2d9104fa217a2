// Crafted server messages for the bad-input suite: one valid small preview, and builders for the
// broken variants (text and binary frames) that the mock's `raw` fault sends verbatim.

/** The preview every crafted message starts from: [z, y, x] = [4, 6, 8], uint8, ids 0–2. */
export const SHAPE = [4, 6, 8] as const;
export const VOXELS = SHAPE[0] * SHAPE[1] * SHAPE[2];
export const LABELS = Uint8Array.from({ length: VOXELS }, (_, i) => i % 3);

export function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The `data` of a valid preview in the slot of preview 2 (the mock's `faultAt`), with `changes` applied. */
export function previewData(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { shape: [...SHAPE], dtype: 'uint8', scale: [1, 1, 1], preview_id: 2, payload: base64(LABELS), ...changes };
}

/** A preview message as JSON text; `envelope` adds top-level fields (e.g. another job_id). */
export function previewText(changes: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'preview', ...envelope, data: previewData(changes) });
}

/** A binary frame as base64 (for `rawFrame: 'binary'`): 4-byte LE header length, header, body. */
export function binaryFrame(header: string | Uint8Array, body: Uint8Array, declaredLength?: number): string {
  const headerBytes = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const frame = new Uint8Array(4 + headerBytes.length + body.length);
  new DataView(frame.buffer).setUint32(0, declaredLength ?? headerBytes.length, true);
  frame.set(headerBytes, 4);
  frame.set(body, 4 + headerBytes.length);
  return base64(frame);
}

/** The JSON header of a binary preview frame (no payload: the bytes follow it). */
export function binaryHeader(changes: Record<string, unknown> = {}): string {
  const data = previewData(changes);
  delete data.payload;
  return JSON.stringify({ type: 'preview', data });
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Markup that runs if any server string reaches innerHTML: sets window.__pwned. */
export const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b>bold</b>';
