// gzip / zlib ("deflate") payloads → bytes through the platform's DecompressionStream (browsers and Node ≥ 18),
// stopping as soon as the output passes a byte limit so a tiny hostile payload cannot fill memory.
import { LabelDecodeError } from './decode-error.ts';

/**
 * How a preview's payload bytes are compressed (the protocol's zod schema is built from this list).
 * 'deflate' is the zlib format (RFC 1950) that Python's zlib.compress and Node's deflateSync produce.
 */
export const COMPRESSIONS = ['none', 'gzip', 'deflate'] as const;

export type Compression = (typeof COMPRESSIONS)[number];

type Compressed = Exclude<Compression, 'none'>;

/** Thrown when the output would exceed `maxBytes`; `limit` lets a caller tell a size mismatch from a bomb. */
export class InflateLimitError extends LabelDecodeError {
  readonly limit: number;

  constructor(compression: Compressed, limit: number, subject = 'preview payload') {
    super('compression', `The ${compression} ${subject} inflates to more than ${limit} bytes, the most allowed; decoding stopped.`);
    this.name = 'InflateLimitError';
    this.limit = limit;
  }
}

/** `subject` names what is inflated in an error: the preview payload, or a whole message. */
export async function inflate(bytes: Uint8Array, compression: Compressed, maxBytes = Number.POSITIVE_INFINITY, subject = 'preview payload'): Promise<Uint8Array> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  const reader = source.pipeThrough(new DecompressionStream(compression) as TransformStream<Uint8Array, Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        throw new InflateLimitError(compression, maxBytes, subject);
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof LabelDecodeError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new LabelDecodeError('compression', `The ${subject} is not valid ${compression} data (${reason}).`, { cause });
  }
  return concatenate(chunks, total);
}

/** One tight buffer of its own (transferable without dragging a pooled or larger buffer along). */
function concatenate(chunks: Uint8Array[], total: number): Uint8Array {
  const only = chunks[0];
  if (chunks.length === 1 && only && only.byteOffset === 0 && only.buffer.byteLength === total && only.buffer instanceof ArrayBuffer) {
    return new Uint8Array(only.buffer);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
