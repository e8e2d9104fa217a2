// The whole preview pipeline as one pure async function: payload bytes (after base64 or a binary frame)
// → a LabelVolume ready to transfer. inflate → dtype → downsample → densify → changed region → surface.
import { changedRegion } from './changed-region.ts';
import { labelChanges, type LabelChanges, type PlacedLabels } from './label-changes.ts';
import { LabelCopies } from './label-copies.ts';
import { LabelDecodeError } from './decode-error.ts';
import { createLabelIndex, densify } from './dense-labels.ts';
import type { LabelIndex } from './dense-labels.ts';
import { downsampleLabels } from './downsample.ts';
import { labelIdsOf, payloadByteLength, type Dtype } from './dtype.ts';
import { inflate, InflateLimitError, type Compression } from './inflate.ts';
import type { DenseLabels, LabelVolume, Shape3, Vec3 } from './label-volume.ts';
import type { ScratchMemory } from './scratch-memory.ts';
import { buildSurfaceBricks, createBrickScratch, type SurfaceBudget, type SurfaceMemory } from './surface-bricks.ts';

/**
 * What the pipeline needs from a preview header, already validated by the protocol layer (so it is not
 * checked again here). The protocol's PreviewHeader is built on it: these fields have one definition.
 */
export interface PreviewHeaderLike {
  /** Voxels per axis of this preview, [z, y, x], C order (x fastest). */
  shape: Shape3;
  dtype: Dtype;
  /** World units per voxel, [x, y, z], in the frame of the original volume. */
  spacing: Vec3;
  /** Of the payload bytes (gzip/deflate: decompress before reading voxels). */
  compression: Compression;
}

/** Per-job memory of the pipeline. Start with createPreviewDecodeState(); keep the one decodePreview returns. */
export interface PreviewDecodeState {
  index: LabelIndex;
  /**
   * The previous preview's dense labels (a private copy: the volume's own arrays are transferred away),
   * with the original ids of its dense indices and its grid, to count what the next one changed.
   */
  previous: PlacedLabels | null;
  /** The previous preview's surface grid, to send only the bricks that changed. */
  surface: SurfaceMemory | null;
}

export interface PreviewDecodeOptions extends SurfaceBudget {
  /** Voxel budget after downsampling. */
  maxVoxels: number;
  /** Decompression-bomb guard: no payload may inflate beyond this many bytes. */
  maxInflatedBytes: number;
}

/** Milliseconds spent in each stage of the pipeline. */
export interface PreviewDecodeTimings {
  /** gzip/deflate (0 when uncompressed). */
  inflateMs: number;
  /** Bytes of the dtype → integer label ids. */
  convertMs: number;
  downsampleMs: number;
  /** Label ids → the job's dense indices, with their voxel counts. */
  densifyMs: number;
  /** The region that differs from the job's previous preview, the voxels added and removed, and this preview's labels kept for the next to compare against. */
  changedMs: number;
  /** The boundary surface. */
  surfaceMs: number;
}

export interface DecodedPreview {
  volume: LabelVolume;
  state: PreviewDecodeState;
  timings: PreviewDecodeTimings;
  /** Float values that were not whole numbers were rounded (half to even) to label ids. */
  rounded: boolean;
  /** Voxels added and removed against the job's previous preview (its first: all labelled voxels added). */
  changes: LabelChanges;
}

export function createPreviewDecodeState(): PreviewDecodeState {
  return { index: createLabelIndex(), previous: null, surface: null };
}

/**
 * Throws LabelDecodeError (with a sentence for the user) on any bad input; `state` is never mutated.
 * `input.bytes` is only read: nothing returned refers to it, so a caller may decode into one buffer
 * again and again. `scratch`: the job's working memory (scratch-memory.ts), reused instead of new
 * memory; the volume returned never refers to it, the state does: its previous labels are a copy in
 * one of two buffers the job keeps, the one `state`'s are not in (label-copies.ts), so with `scratch` a
 * state serves the next decode only.
 */
export async function decodePreview(
  input: { header: PreviewHeaderLike; bytes: Uint8Array },
  state: PreviewDecodeState,
  options: PreviewDecodeOptions,
  scratch?: ScratchMemory,
): Promise<DecodedPreview> {
  const { header } = input;
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
  const { ids, rounded } = labelIdsOf(bytes, header.dtype, header.shape);
  const convertMs = clock();
  const small = downsampleLabels(ids, header.shape, options.maxVoxels, scratch);
  const downsampleMs = clock();
  const { labels, index, counts, recycled } = densify(small.ids, state.index);
  const densifyMs = clock();
  // Recycled indices mean other labels than before: the previous dense labels cannot be compared.
  const changed = changedRegion(recycled ? null : (state.previous?.labels ?? null), labels, small.shape, state.previous?.grid.shape);
  const f = small.factor;
  const [sx, sy, sz] = header.spacing;
  const spacing: Vec3 = [sx * f, sy * f, sz * f];
  // A block of f source voxels is centred (f - 1) / 2 source voxels past its first one.
  const origin: Vec3 = [((f - 1) / 2) * sx, ((f - 1) / 2) * sy, ((f - 1) / 2) * sz];
  const labelIds = Float64Array.from(index.ids);
  const grid = { shape: small.shape, spacing, origin };
  const changes = labelChanges(state.previous, { labels, labelIds, grid });
  const changedMs = clock();

  const built = buildSurfaceBricks(labels, small.shape, spacing, origin, changed, state.surface, options, scratch?.keep('bricks', createBrickScratch));
  const surfaceMs = clock();

  const volume: LabelVolume = {
    shape: small.shape,
    spacing,
    origin,
    labels,
    labelIds,
    labelCounts: counts,
    downsampleFactor: f,
    sourceShape: [...header.shape],
    changed,
    surface: built.surface,
  };
  const previous = { labels: scratch ? scratch.keep('previous', () => new LabelCopies()).copy(labels, state.previous?.labels) : labels.slice(), labelIds: labelIds.slice(), grid };
  const timings: PreviewDecodeTimings = { inflateMs, convertMs, downsampleMs, densifyMs, changedMs: changedMs + clock(), surfaceMs };
  return { volume, state: { index, previous, surface: built.memory }, timings, rounded, changes };
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
