// The NumPy dtype names a preview may carry, and how many bytes one voxel of each takes.

import * as z from 'zod';
import './zod-setup.ts';

export const DTYPES = [
  'bool',
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'uint64',
  'int64',
  'float32',
  'float64',
] as const;

export const dtypeSchema = z.enum(DTYPES);

export type Dtype = z.output<typeof dtypeSchema>;

/** Bytes per voxel; a preview payload decodes to `voxels × ITEMSIZE[dtype]` bytes. */
export const ITEMSIZE: Readonly<Record<Dtype, number>> = {
  bool: 1,
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  uint64: 8,
  int64: 8,
  float32: 4,
  float64: 8,
};
