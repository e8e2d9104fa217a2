// The `data` object of a preview message as the server sends it: what the volume is, how big, and
// where its bytes are. Normalization to the event model happens in normalize-preview.ts.

import * as z from 'zod';
import './zod-setup.ts';
import { type Dtype, dtypeSchema, ITEMSIZE } from './dtypes.ts';
import { DEFAULT_MAX_VOXELS } from './limits.ts';

// z.int() admits only safe integers, so a shape can never hold a rounded huge number.
const positiveInt = z.int().positive();
// Zod 4 numbers are finite: Infinity (JSON `1e999`) and NaN are refused here.
const positiveNumber = z.number().positive();

/** Voxel counts per axis, [z, y, x]. */
export const shapeSchema = z.tuple([positiveInt, positiveInt, positiveInt]);
export type ShapeZyx = z.output<typeof shapeSchema>;

/** A per-axis vector in world order, [x, y, z]. */
export const scaleSchema = z.tuple([positiveNumber, positiveNumber, positiveNumber]);
export type VectorXyz = z.output<typeof scaleSchema>;

export const compressionSchema = z.enum(['none', 'gzip', 'deflate']);
export type Compression = z.output<typeof compressionSchema>;

/** Number of voxels of a shape; may exceed 2⁵³ (then it is not a safe integer). */
export function voxelCount(shape: readonly number[]): number {
  return shape.reduce((count, axis) => count * axis, 1);
}

/** Exact decoded length of an uncompressed preview payload, in bytes. */
export function previewByteLength(header: { shape: readonly number[]; dtype: Dtype }): number {
  return voxelCount(header.shape) * ITEMSIZE[header.dtype];
}

function buildPreviewDataSchema(maxVoxels: number) {
  return z.looseObject({
    dtype: dtypeSchema,
    shape: shapeSchema.refine(
      (shape) => {
        const count = voxelCount(shape);
        return Number.isSafeInteger(count) && count <= maxVoxels;
      },
      { message: `more than ${maxVoxels} voxels`, params: { rule: 'voxel-limit' } },
    ),
    scale: scaleSchema.nullish().transform((scale): VectorXyz => scale ?? [1, 1, 1]),
    // Absent when the bytes travel in a binary frame; whether it must be present depends on the frame.
    payload: z.string().min(1).nullish(),
    // CryoMamba numbers its streaming previews and ends a job with `"preview_id": "final"`.
    preview_id: z.union([z.int().nonnegative(), z.string().min(1)]).nullish(),
    is_final: z.boolean().nullish(),
    timestamp: z.unknown().optional(),
    original_shape: shapeSchema.nullish(),
    downsampled_shape: shapeSchema.nullish(),
    method: z.string().nullish(),
    compression: compressionSchema.nullish().transform((c): Compression => c ?? 'none'),
  });
}

let cached: { maxVoxels: number; schema: ReturnType<typeof buildPreviewDataSchema> } | undefined;

/** Schema of a preview's `data`; `maxVoxels` caps what `shape` may declare. */
export function previewDataSchema(maxVoxels: number = DEFAULT_MAX_VOXELS) {
  if (cached?.maxVoxels !== maxVoxels) cached = { maxVoxels, schema: buildPreviewDataSchema(maxVoxels) };
  return cached.schema;
}

export type PreviewData = z.output<ReturnType<typeof previewDataSchema>>;
