// A walk over msgpack headers that allocates nothing, run before the decoder sees a message. The
// decoder trusts each array and map header and allocates `new Array(count)` up front, with no depth
// limit: a few kilobytes of `dc ff ff` (array16 of 65 535) headers, or a 68-byte gzip of them, would
// otherwise grow the heap by gigabytes. Here every container must fit its declared items in the bytes
// left (each item takes at least one byte), nesting is bounded, and the only extension type let
// through is msgpack's Timestamp (-1). Pure.

/** Deeper than any job message (a preview's `data.shape` sits at depth 3); deep enough for `results`. */
export const MAX_MSGPACK_DEPTH = 32;

/** msgpack's Timestamp extension type, the only one a server message may carry. */
export const MSGPACK_TIMESTAMP_EXT = -1;

/** Why `bytes` cannot be a safe msgpack value, or undefined when the decoder may have it. */
export function msgpackScanProblem(bytes: Uint8Array, maxDepth: number = MAX_MSGPACK_DEPTH): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength;
  /** Items still to read in each open container, innermost last; the top level holds one value. */
  const open: number[] = [1];
  let pos = 0;
  const uint = (size: 1 | 2 | 4): number | undefined => {
    if (pos + size > end) return undefined;
    const value = size === 1 ? view.getUint8(pos) : size === 2 ? view.getUint16(pos) : view.getUint32(pos);
    pos += size;
    return value;
  };
  while (open.length > 0) {
    if (open[open.length - 1] === 0) {
      open.pop();
      continue;
    }
    open[open.length - 1]! -= 1;
    if (pos >= end) return 'it ends in the middle of a value';
    const at = pos;
    const marker = bytes[pos++]!;
    const fixed = FIXED_SIZE.get(marker);
    let items: number | undefined;
    let skip: number | undefined;
    let ext: 'data' | 'fixed' | undefined;
    if (marker <= 0x7f || marker >= 0xe0 || marker === 0xc0 || marker === 0xc2 || marker === 0xc3) skip = 0;
    else if (marker <= 0x8f) items = 2 * (marker & 0x0f);
    else if (marker <= 0x9f) items = marker & 0x0f;
    else if (marker <= 0xbf) skip = marker & 0x1f;
    else if (fixed !== undefined) skip = fixed;
    else if (marker === 0xc4 || marker === 0xd9) skip = uint(1);
    else if (marker === 0xc5 || marker === 0xda) skip = uint(2);
    else if (marker === 0xc6 || marker === 0xdb) skip = uint(4);
    else if (marker === 0xdc) items = uint(2);
    else if (marker === 0xdd) items = uint(4);
    else if (marker === 0xde) items = doubled(uint(2));
    else if (marker === 0xdf) items = doubled(uint(4));
    else if (marker >= 0xc7 && marker <= 0xc9) [skip, ext] = [uint(marker === 0xc7 ? 1 : marker === 0xc8 ? 2 : 4), 'data'];
    else if (marker >= 0xd4 && marker <= 0xd8) [skip, ext] = [2 ** (marker - 0xd4), 'fixed'];
    else return `byte ${at} (0x${marker.toString(16)}) is no msgpack type`;
    if (ext) {
      if (pos >= end) return 'it ends in the middle of a value';
      const type = view.getInt8(pos++);
      if (type !== MSGPACK_TIMESTAMP_EXT) return `it holds an extension of type ${type}; only Timestamp (-1) is read`;
    }
    if (items === undefined && skip === undefined) return 'it ends in the middle of a header';
    if (skip !== undefined) {
      if (skip > end - pos) return `a value at byte ${at} declares ${skip} bytes, more than the ${end - pos} left`;
      pos += skip;
      continue;
    }
    if (items! > end - pos) return `a container at byte ${at} declares ${items} items, more than the ${end - pos} bytes left could hold`;
    if (open.length > maxDepth) return `it nests deeper than ${maxDepth} levels`;
    open.push(items!);
  }
  return undefined;
}

function doubled(count: number | undefined): number | undefined {
  return count === undefined ? undefined : count * 2;
}

/** Markers of fixed-size scalars (floats, ints) and how many bytes follow them. */
const FIXED_SIZE: ReadonlyMap<number, number> = new Map([
  [0xca, 4], [0xcb, 8],
  [0xcc, 1], [0xcd, 2], [0xce, 4], [0xcf, 8],
  [0xd0, 1], [0xd1, 2], [0xd2, 4], [0xd3, 8],
]);
