// The zod schema of a preview's NumPy dtype name. The names and their byte sizes belong to the pure
// decode core (labels/dtype.ts); this file only validates against them.

import * as z from 'zod';
import './zod-setup.ts';
import { DTYPES } from '../labels/dtype.ts';

export { DTYPES, ITEMSIZE, type Dtype } from '../labels/dtype.ts';

export const dtypeSchema = z.enum(DTYPES);
