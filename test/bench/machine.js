// @ts-check
// What the figures were measured on: CPUs, memory, OS, Node, and the commit of the repository (read
// from .git directly, so the bench needs no git executable).
import { readFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';

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

/** The commit HEAD points at, or null. @param {string} root */
export function gitCommit(root) {
  const git = join(root, '.git');
  try {
    const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    try {
      return readFileSync(join(git, ref), 'utf8').trim();
    } catch {
      const packed = readFileSync(join(git, 'packed-refs'), 'utf8');
      const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
      return line ? line.split(' ')[0] ?? null : null;
    }
  } catch {
    return null;
  }
}
