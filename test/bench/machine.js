// @ts-check
// What the figures were measured on: CPUs, memory, OS, Node, and the commit of the repository (read
// from .git directly, so the bench needs no git executable).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join, resolve } from 'node:path';

/** @param {string} root */
export function machineInfo(root) {
  const cpuList = cpus();
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    commit: gitCommit(root),
  };
}

/** The commit HEAD points at, or null. Also in a git worktree, whose `.git` is a file naming its git dir. @param {string} root */
export function gitCommit(root) {
  try {
    let git = join(root, '.git');
    if (statSync(git).isFile()) git = resolve(root, readFileSync(git, 'utf8').replace(/^gitdir:\s*/, '').trim());
    // A worktree keeps HEAD in its own git dir and the refs in the common one.
    const common = existsSync(join(git, 'commondir')) ? resolve(git, readFileSync(join(git, 'commondir'), 'utf8').trim()) : git;
    const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    for (const dir of [git, common]) {
      if (existsSync(join(dir, ref))) return readFileSync(join(dir, ref), 'utf8').trim();
    }
    const packed = readFileSync(join(common, 'packed-refs'), 'utf8');
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.split(' ')[0] ?? null : null;
  } catch {
    return null;
  }
}
