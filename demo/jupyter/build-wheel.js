// @ts-check
// `npm run build:python`: builds the front end, copies dist/jupyter.js into the Python package and builds
// the wheel into demo/jupyter/dist/. Arguments go on to `python -m build` (here, with no package index:
// `-- --no-isolation --skip-dependency-check`); PYTHON picks the interpreter (default `python3`).
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = dirname(fileURLToPath(import.meta.url));
const BUNDLE = join(PROJECT, '../../dist/jupyter.js');

/** Puts the built anywidget front end where the Python package loads it from. */
export function copyBundle() {
  copyFileSync(BUNDLE, join(PROJECT, 'preview_overlay/jupyter.js'));
}

/**
 * Builds the wheel of demo/jupyter/ into `outDir` (after `copyBundle`).
 * @param {{ python?: string, outDir?: string, args?: string[], quiet?: boolean }} [options]
 */
export function buildWheel({ python = process.env.PYTHON || 'python3', outDir = join(PROJECT, 'dist'), args = [], quiet = false } = {}) {
  execFileSync(python, ['-m', 'build', '--wheel', '--outdir', outDir, ...args, PROJECT], { stdio: quiet ? 'pipe' : 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', cwd: join(PROJECT, '../..') });
  copyBundle();
  buildWheel({ args: process.argv.slice(2) });
}
