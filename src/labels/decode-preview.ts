// The whole preview pipeline as one pure async function: payload bytes (after base64 or a binary frame)
// → a LabelVolume ready to transfer. inflate → dtype → downsample → densify → changed region → surface.
import type { Dtype } from '../protocol/dtypes.ts';
import { changedRegion } from './changed-region.ts';
import { LabelDecodeError } from './decode-error.ts';
import { createLabelIndex, densify } from './dense-labels.ts';
import type { LabelIndex } from './dense-labels.ts';
import { downsampleLabels } from './downsample.ts';
import { isDtype, payloadByteLength, toLabelIds } from './dtype.ts';
import { inflate, InflateLimitError } from './inflate.ts';
import type { DenseLabels, LabelVolume, Shape3, Vec3 } from './label-volume.ts';
import { buildSurfaceBricks, type SurfaceBudget, type SurfaceMemory } from './surface-bricks.ts';

/** What the pipeline needs from a (normalized) preview header. shape [z, y, x]; spacing [x, y, z]. */
export interface PreviewHeaderLike {
  shape: Shape3;
  dtype: Dtype;
  spacing: Vec3;
  compression: 'none' | 'gzip' | 'deflate';
}

/** Per-job memory of the pipeline. Start with createPreviewDecodeState(); keep the one decodePreview returns. */
export interface PreviewDecodeState {
  index: LabelIndex;
  /** The previous preview's dense labels: a private copy, because the volume's own arrays are transferred away. */
  previous: { labels: DenseLabels; shape: Shape3 } | null;
  /** The previous preview's surface grid, to send only the bricks that changed. */
  surface: SurfaceMemory | null;
}

export interface PreviewDecodeOptions extends SurfaceBudget {
  /** Voxel budget after downsampling. */
  maxVoxels: number;
  /** Decompression-bomb guard: no payload may inflate beyond this many bytes. */
  maxInflatedBytes: number;
}

/** Milliseconds spent in each stage. */
export interface PreviewDecodeTimings {
  inflate: number;
  convert: number;
  downsample: number;
  densify: number;
  changed: number;
  surface: number;
  total: number;
}

export interface DecodedPreview {
  volume: LabelVolume;
  state: PreviewDecodeState;
  timings: PreviewDecodeTimings;
}

export function createPreviewDecodeState(): PreviewDecodeState {
  return { index: createLabelIndex(), previous: null, surface: null };
}

/** Throws LabelDecodeError (with a sentence for the user) on any bad input; `state` is never mutated. */
export async function decodePreview(
  input: { header: PreviewHeaderLike; bytes: Uint8Array },
  state: PreviewDecodeState,
  options: PreviewDecodeOptions,
): Promise<DecodedPreview> {
  const { header } = input;
  checkHeader(header);
  const clock = stopwatch();

  let bytes = input.bytes;
  if (header.compression !== 'none') {
    const expected = payloadByteLength(header.shape, header.dtype);
    const limit = Math.min(options.maxInflatedBytes, expected);
    try {
      bytes = await inflate(bytes, header.compression, limit);
    } catch (error) {
      // Past the expected size it is a length mismatch, whatever the real size would have been.
      if (error instanceof InflateLimitError && limit === expected) {
        throw new LabelDecodeError('length', `Preview payload inflates to more than ${expected} bytes but shape [${header.shape.join(',')}] × ${header.dtype} needs ${expected}.`);
      }
      throw error;
    }
  }
  const inflateMs = clock();
  const ids = toLabelIds(bytes, header.dtype, header.shape);
  const convertMs = clock();
  const small = downsampleLabels(ids, header.shape, options.maxVoxels);
  const downsampleMs = clock();
  const { labels, index, counts } = densify(small.ids, state.index);
  const densifyMs = clock();
  const changed = changedRegion(state.previous?.labels ?? null, labels, small.shape, state.previous?.shape);
  const changedMs = clock();

  const f = small.factor;
  const [sx, sy, sz] = header.spacing;
  const spacing: Vec3 = [sx * f, sy * f, sz * f];
  // A block of f source voxels is centred (f - 1) / 2 source voxels past its first one.
  const origin: Vec3 = [((f - 1) / 2) * sx, ((f - 1) / 2) * sy, ((f - 1) / 2) * sz];
  const built = buildSurfaceBricks(labels, small.shape, spacing, origin, changed, state.surface, options);
  const surfaceMs = clock();

  const volume: LabelVolume = {
    shape: small.shape,
    spacing,
    origin,
    labels,
    labelIds: Float64Array.from(index.ids),
    labelCounts: counts,
    downsampleFactor: f,
    sourceShape: [...header.shape],
    changed,
    surface: built.surface,
  };
  const timings: PreviewDecodeTimings = {
    inflate: inflateMs,
    convert: convertMs,
    downsample: downsampleMs,
    densify: densifyMs,
    changed: changedMs,
    surface: surfaceMs,
    total: inflateMs + convertMs + downsampleMs + densifyMs + changedMs + surfaceMs,
  };
  return { volume, state: { index, previous: { labels: labels.slice(), shape: small.shape }, surface: built.memory }, timings };
}

function checkHeader({ shape, dtype, spacing, compression }: PreviewHeaderLike): void {
  if (shape.length !== 3 || !shape.every((n) => Number.isSafeInteger(n) && n > 0)) {
    throw new LabelDecodeError('payload', `Preview shape [${shape.join(',')}] is not three positive integers [z, y, x].`);
  }
  if (!isDtype(dtype)) {
    throw new LabelDecodeError('dtype', `Preview dtype ${JSON.stringify(dtype)} is not a supported label dtype.`);
  }
  if (spacing.length !== 3 || !spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new LabelDecodeError('payload', `Preview spacing [${spacing.join(',')}] is not three positive numbers [x, y, z].`);
  }
  if (compression !== 'none' && compression !== 'gzip' && compression !== 'deflate') {
    throw new LabelDecodeError('compression', `Preview compression ${JSON.stringify(compression)} is not one of none, gzip, deflate.`);
  }
}

/** Each call returns the milliseconds since the previous call. */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    return elapsed;
  };
}
