// A msgpack message's envelope without decoding it (worker side, pure): walks the top-level map and its
// `data` map, stepping over every string and bin by its declared length, so a 22 MB payload costs the
// same as an empty one. It reads only what frame triage needs to decide whether the message may wait
// unparsed in its job's slot; anything it does not expect makes it give up (undefined), and the message
// is then parsed at once like any other.

export interface MsgpackEnvelope {
  type: string | undefined;
  jobId: string | undefined;
  /** What `data.payload` is: text (base64, expensive to decode) or bin (a view, cheap). */
  payload: 'str' | 'bin' | 'other' | undefined;
  /** `data.is_final` is true, or `data.preview_id` is the text "final". */
  final: boolean;
  /** `data.chunk` or `data.chunks` is present: a part of a preview. */
  chunked: boolean;
}

/** Nesting deeper than this (a shape is an array in a map in a map) is not an envelope worth reading. */
const MAX_DEPTH = 6;
const text = new TextDecoder();

export function peekMsgpackEnvelope(bytes: Uint8Array): MsgpackEnvelope | undefined {
  const reader = new Reader(bytes);
  const found: MsgpackEnvelope = { type: undefined, jobId: undefined, payload: undefined, final: false, chunked: false };
  const ok = reader.eachPair((key) => {
    if (key === 'type' || key === 'job_id') {
      const value = reader.string();
      if (value === undefined) return false;
      if (key === 'type') found.type = value;
      else found.jobId = value;
      return true;
    }
    if (key === 'data' && reader.isMap()) return reader.eachPair((field) => readDataField(reader, field, found));
    return reader.skip(0);
  });
  return ok ? found : undefined;
}

function readDataField(reader: Reader, field: string, found: MsgpackEnvelope): boolean {
  switch (field) {
    case 'payload':
      found.payload = reader.kind();
      return reader.skip(0);
    case 'is_final':
      if (reader.peekByte() === 0xc3) found.final = true;
      return reader.skip(0);
    case 'preview_id': {
      if (reader.kind() !== 'str') return reader.skip(0);
      const id = reader.string();
      if (id?.trim().toLowerCase() === 'final') found.final = true;
      return id !== undefined;
    }
    case 'chunk':
    case 'chunks':
      if (reader.peekByte() !== 0xc0) found.chunked = true;
      return reader.skip(0);
    default:
      return reader.skip(0);
  }
}

/** A cursor over msgpack bytes; every step checks bounds and says false (or undefined) when out of them. */
class Reader {
  #at = 0;
  readonly #bytes: Uint8Array;
  readonly #view: DataView;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  peekByte(): number | undefined {
    return this.#bytes[this.#at];
  }

  isMap(): boolean {
    const b = this.peekByte();
    return b !== undefined && ((b >= 0x80 && b <= 0x8f) || b === 0xde || b === 0xdf);
  }

  kind(): MsgpackEnvelope['payload'] {
    const b = this.peekByte();
    if (b === undefined) return undefined;
    if ((b >= 0xa0 && b <= 0xbf) || (b >= 0xd9 && b <= 0xdb)) return 'str';
    if (b >= 0xc4 && b <= 0xc6) return 'bin';
    return 'other';
  }

  /** Calls `each` with every key of the map here (string keys only), which must step over its value. */
  eachPair(each: (key: string) => boolean): boolean {
    const pairs = this.#count(0x80, 0xde);
    if (pairs === undefined) return false;
    for (let i = 0; i < pairs; i++) {
      const key = this.string();
      if (key === undefined || !each(key)) return false;
    }
    return true;
  }

  string(): string | undefined {
    const length = this.#strLength();
    if (length === undefined || this.#at + length > this.#bytes.length) return undefined;
    const value = text.decode(this.#bytes.subarray(this.#at, this.#at + length));
    this.#at += length;
    return value;
  }

  /** Steps over one value of any kind. */
  skip(depth: number): boolean {
    const b = this.peekByte();
    if (b === undefined || depth > MAX_DEPTH) return false;
    if (b <= 0x7f || b >= 0xe0 || b === 0xc0 || b === 0xc2 || b === 0xc3) return this.#advance(1);
    if ((b >= 0xa0 && b <= 0xbf) || (b >= 0xd9 && b <= 0xdb)) return this.#over(this.#strLength());
    if (b >= 0xc4 && b <= 0xc6) return this.#over(this.#lengthAfter(1 << (b - 0xc4)));
    if (this.isMap()) return this.#items((this.#count(0x80, 0xde) ?? -1) * 2, depth);
    if ((b >= 0x90 && b <= 0x9f) || b === 0xdc || b === 0xdd) return this.#items(this.#count(0x90, 0xdc), depth);
    const fixed = FIXED_SIZES.get(b);
    if (fixed !== undefined) return this.#advance(fixed);
    // ext 8/16/32: a length, a type byte, the data.
    if (b >= 0xc7 && b <= 0xc9) return this.#over(this.#lengthAfter(1 << (b - 0xc7)), 1);
    return false;
  }

  #items(count: number | undefined, depth: number): boolean {
    if (count === undefined || count < 0) return false;
    for (let i = 0; i < count; i++) if (!this.skip(depth + 1)) return false;
    return true;
  }

  /** Entries of the map (`fix` 0x80) or array (`fix` 0x90) here, whose 16-bit form is `wide` (32-bit: wide + 1). */
  #count(fix: number, wide: number): number | undefined {
    const b = this.peekByte();
    if (b === undefined) return undefined;
    if (b >= fix && b <= fix + 0x0f) {
      this.#at += 1;
      return b - fix;
    }
    if (b === wide) return this.#lengthAfter(2);
    if (b === wide + 1) return this.#lengthAfter(4);
    return undefined;
  }

  #strLength(): number | undefined {
    const b = this.peekByte();
    if (b === undefined) return undefined;
    if (b >= 0xa0 && b <= 0xbf) {
      this.#at += 1;
      return b - 0xa0;
    }
    if (b >= 0xd9 && b <= 0xdb) return this.#lengthAfter(1 << (b - 0xd9));
    return undefined;
  }

  /** Reads the big-endian length of `size` bytes after the type byte. */
  #lengthAfter(size: number): number | undefined {
    if (this.#at + 1 + size > this.#bytes.length) return undefined;
    const at = this.#at + 1;
    const length = size === 1 ? this.#view.getUint8(at) : size === 2 ? this.#view.getUint16(at) : this.#view.getUint32(at);
    this.#at += 1 + size;
    return length;
  }

  #over(length: number | undefined, extra = 0): boolean {
    return length !== undefined && this.#advance(length + extra);
  }

  #advance(count: number): boolean {
    if (this.#at + count > this.#bytes.length) return false;
    this.#at += count;
    return true;
  }
}

/** Type byte → whole size of the value, for the fixed-size kinds (floats, ints, fixext). */
const FIXED_SIZES = new Map<number, number>([
  [0xca, 5], [0xcb, 9], [0xcc, 2], [0xcd, 3], [0xce, 5], [0xcf, 9],
  [0xd0, 2], [0xd1, 3], [0xd2, 5], [0xd3, 9],
  [0xd4, 3], [0xd5, 4], [0xd6, 6], [0xd7, 10], [0xd8, 18],
]);
