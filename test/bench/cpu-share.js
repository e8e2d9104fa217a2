// @ts-check
// How much CPU other processes took while the bench ran (Linux /proc; null elsewhere). On a 2-core
// machine a concurrent test run changes every figure: the report shows this next to them.
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** @returns {{ at: number, total: number, ours: number } | null} busy CPU seconds: machine-wide, and of this process tree */
export function cpuSample() {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const total = (user + nice + system + irq + softirq + steal) / CLOCK_TICKS_PER_SECOND;
    void idle;
    void iowait;
    return { at: performance.now(), total, ours: treeBusySeconds(process.pid) };
  } catch {
    return null;
  }
}

/**
 * Cores' worth of CPU used by processes outside this tree between two samples (0 = a quiet machine).
 * @param {ReturnType<typeof cpuSample>} start @param {ReturnType<typeof cpuSample>} end
 */
export function otherProcessesCores(start, end) {
  if (!start || !end || end.at <= start.at) return null;
  const seconds = (end.at - start.at) / 1000;
  const others = end.total - start.total - (end.ours - start.ours);
  return Math.max(0, Math.round((others / seconds) * 100) / 100);
}

/**
 * CPU seconds of `root` and its descendants: each live one's utime + stime, plus cutime + cstime, the
 * time of children it has reaped — so a page's renderer that exits inside a window (each client run
 * closes its page) still counts as the bench's, not as another process's. @param {number} root
 */
function treeBusySeconds(root) {
  /** @type {Map<number, { ppid: number, busy: number }>} */
  const processes = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name (field 2) may hold spaces: the fields after it start past the last ')'.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.set(Number(name), { ppid: Number(rest[1]), busy: (Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) / CLOCK_TICKS_PER_SECOND });
    } catch {
      // The process ended while we looked.
    }
  }
  let busy = 0;
  for (const [pid, info] of processes) {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === root) {
        busy += info.busy;
        break;
      }
      p = processes.get(p)?.ppid ?? 0;
    }
  }
  return busy;
}
