// A user's project in a temp folder that depends on the packed tarball, installed by `npm ci --offline`.
// Offline means npm can read no registry metadata, only tarballs already in its cache (the repository's
// own `npm ci` put them there): so the project gets a lockfile that pins the tarball by its integrity
// and the package's dependencies to the versions this repository's lockfile resolved.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}

export interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** What `npm pack --json` says about the tarball it wrote. */
export interface PackResult {
  name: string;
  version: string;
  filename: string;
  integrity: string;
  files: Array<{ path: string }>;
}

/** Where Node would find `name` from the package at lock path `from` ('' is the root): nearest node_modules up. */
function lockPath(lock: Lockfile, from: string, name: string): string | undefined {
  for (let base = from; ; ) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

/**
 * The lock entries of everything `dependencies` needs at install time: their dependencies, optional
 * ones and required peers, transitively, as this repository's lockfile placed them.
 */
export function dependencyClosure(lock: Lockfile, dependencies: Record<string, string>): Record<string, LockEntry> {
  const closure: Record<string, LockEntry> = {};
  const visit = (from: string, name: string) => {
    const path = lockPath(lock, from, name);
    if (!path) throw new Error(`${name} (needed by ${from || 'the package'}) is not in package-lock.json`);
    if (closure[path]) return;
    const { dev: _dev, devOptional: _devOptional, ...entry } = lock.packages[path]!;
    closure[path] = entry;
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((peer) => !optionalPeers[peer]?.optional);
    for (const next of [...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }), ...peers]) visit(path, next);
  };
  for (const name of Object.keys(dependencies)) visit('', name);
  return closure;
}

/** Writes package.json and package-lock.json of a project whose one dependency is the tarball `pack` in `dir`. */
export async function writeScratchProject(dir: string, pack: PackResult, repoLock: Lockfile, dependencies: Record<string, string>): Promise<void> {
  const spec = `file:${pack.filename}`;
  const manifest = { name: 'scratch-app', private: true, type: 'module', dependencies: { [pack.name]: spec } };
  const lock = {
    name: manifest.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: manifest.name, dependencies: manifest.dependencies },
      [`node_modules/${pack.name}`]: { version: pack.version, resolved: spec, integrity: pack.integrity, dependencies },
      ...dependencyClosure(repoLock, dependencies),
    },
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
}
