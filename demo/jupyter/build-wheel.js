// @ts-check
// `npm run build:python`: builds the front end, puts what the Python package takes from the repository
// into it (dist/jupyter.js, package.json's version as _version.py) and builds the sdist and, from the
// sdist, the wheel into demo/jupyter/dist/. Arguments go on to `python -m build` (here, with no package
// index: `-- --no-isolation --skip-dependency-check`); PYTHON picks the interpreter (default `python3`).
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = dirname(fileURLToPath(import.meta.url));
const ROOT = join(PROJECT, '../..');

/** Puts the built anywidget front end and package.json's version where the Python package reads them. */
function preparePackage() {
  copyFileSync(join(ROOT, 'dist/jupyter.js'), join(PROJECT, 'preview_overlay/jupyter.js'));
  const { version } = /** @type {{ version: string }} */ (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')));
  writeFileSync(join(PROJECT, 'preview_overlay/_version.py'), `# Written by \`npm run build:python\` from package.json.\n__version__ = ${JSON.stringify(version)}\n`);
}

/**
 * `npm run build:python` after the front end's build (dist/ must be built): prepares the package, then
 * builds the sdist and the wheel from it into `outDir`.
 * @param {{ python?: string, outDir?: string, args?: string[], quiet?: boolean }} [options]
 */
export function buildPython({ python = process.env.PYTHON || 'python3', outDir = join(PROJECT, 'dist'), args = [], quiet = false } = {}) {
  preparePackage();
  execFileSync(python, ['-m', 'build', '--outdir', outDir, ...args, PROJECT], { stdio: quiet ? 'pipe' : 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', cwd: ROOT });
  buildPython({ args: process.argv.slice(2) });
}
