// The `data` object of a preview message as the server sends it: what the volume is, how big, and
// where its bytes are. Normalization to the event model happens in normalize-preview.ts.

import * as z from 'zod';
import './zod-setup.ts';
import { voxelCount } from '../labels/dtype.ts';
import { COMPRESSIONS, type Compression } from '../labels/inflate.ts';
import type { Shape3, Vec3 } from '../labels/label-volume.ts';
import { dtypeSchema } from './dtypes.ts';
import { DEFAULT_MAX_DECLARED_VOXELS } from './limits.ts';

// z.int() admits only safe integers, so a shape can never hold a rounded huge number.
const positiveInt = z.int().positive();
// Zod 4 numbers are finite: Infinity (JSON `1e999`) and NaN are refused here.
const positiveNumber = z.number().positive();

/** Voxel counts per axis, [z, y, x]. */
export const shapeSchema = z.tuple([positiveInt, positiveInt, positiveInt]) satisfies z.ZodType<Shape3>;

/** A per-axis vector in world order, [x, y, z]. */
export const scaleSchema = z.tuple([positiveNumber, positiveNumber, positiveNumber]) satisfies z.ZodType<Vec3>;

/** A chunked preview may be split into at most this many messages (4096 × 128 KB = 512 MB). */
export const MAX_PREVIEW_CHUNKS = 4096;

/** An absolute http(s) URL, or one relative to the server, of at most 8 KB (pre-signed URLs are long). */
const previewUrlSchema = z.string().min(1).max(8192);

export const compressionSchema = z.enum(COMPRESSIONS);

function buildPreviewDataSchema(maxDeclaredVoxels: number) {
  return z.looseObject({
    dtype: dtypeSchema,
    shape: shapeSchema.refine(
      (shape) => {
        const count = voxelCount(shape);
        return Number.isSafeInteger(count) && count <= maxDeclaredVoxels;
      },
      { message: `more than ${maxDeclaredVoxels} voxels`, params: { rule: 'voxel-limit' } },
    ),
    scale: scaleSchema.nullish().transform((scale): Vec3 => scale ?? [1, 1, 1]),
    // Absent when the bytes travel in a binary frame; whether it must be present depends on the frame.
    payload: z.string().min(1).nullish(),
    // CryoMamba numbers its streaming previews and ends a job with `"preview_id": "final"`.
    preview_id: z.union([z.int().nonnegative(), z.string().min(1)]).nullish(),
    is_final: z.boolean().nullish(),
    timestamp: z.unknown().optional(),
    original_shape: shapeSchema.nullish(),
    downsampled_shape: shapeSchema.nullish(),
    compression: compressionSchema.nullish().transform((c): Compression => c ?? 'none'),
    // By reference: where to fetch the bytes (API-Gateway servers cannot send a large message).
    url: previewUrlSchema.nullish(),
    // In chunks: this message holds part `chunk` (0-based) of `chunks` of the payload.
    chunk: z.int().nonnegative().nullish(),
    chunks: z.int().positive().max(MAX_PREVIEW_CHUNKS).nullish(),
  });
}

let cached: { maxDeclaredVoxels: number; schema: ReturnType<typeof buildPreviewDataSchema> } | undefined;

/** Schema of a preview's `data`; `maxDeclaredVoxels` caps what `shape` may declare. */
export function previewDataSchema(maxDeclaredVoxels: number = DEFAULT_MAX_DECLARED_VOXELS) {
  if (cached?.maxDeclaredVoxels !== maxDeclaredVoxels) cached = { maxDeclaredVoxels, schema: buildPreviewDataSchema(maxDeclaredVoxels) };
  return cached.schema;
}

export type PreviewData = z.output<ReturnType<typeof previewDataSchema>>;
