// @ts-check
// Makes sure dist/preview-overlay.js is there and newer than everything it is built from; otherwise
// runs `npm run build`. A build whose bundle step succeeded but whose type declarations failed still
// leaves a fresh bundle: the bench goes on with a warning, since it measures the bundle.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** @param {string} path */
function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time of any file under `dir`. @param {string} dir @returns {number} */
function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : mtime(path));
  }
  return newest;
}

/**
 * @param {string} root the repository
 * @param {(line: string) => void} log
 * @returns {{ built: boolean, warning?: string }}
 */
export function ensureBuilt(root, log) {
  const bundle = resolve(root, 'dist/preview-overlay.js');
  const sources = Math.max(
    newestUnder(resolve(root, 'src')),
    mtime(resolve(root, 'rollup.config.mjs')),
    mtime(resolve(root, 'rollup.config.mjs')),
    mtime(resolve(root, 'package-lock.json')),
  );
  const before = mtime(bundle);
  if (before > sources) return { built: false };
  log(before ? 'dist/preview-overlay.js is older than src/: npm run build' : 'dist/preview-overlay.js is missing: npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], timeout: 180_000 });
  const after = mtime(bundle);
  if (result.status === 0) return { built: true };
  if (after > before && after >= sources) {
    return { built: true, warning: `npm run build exited with ${result.status ?? result.signal}, but the bundle was rebuilt (the type declarations step failed); benchmarking the fresh bundle.` };
  }
  throw new Error(`npm run build failed (${result.status ?? result.signal}) and left no fresh dist/preview-overlay.js`);
}
