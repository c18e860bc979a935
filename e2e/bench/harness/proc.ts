import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (almost always 100). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The fields of /proc/<pid>/stat after the command name (index 0 = state), or undefined. */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; the fields we need come after its closing paren.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds a process (all its threads) has used, from /proc. */
export function cpuSecondsOf(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS : Number.NaN;
}

/** `root` and every live process below it (a PostgreSQL postmaster and its backends). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(statFields(Number(entry))?.[1]);
    if (!Number.isFinite(ppid)) continue;
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  if (statFields(root)) visit(root);
  return tree;
}

/**
 * CPU seconds of a whole process tree, including its children that have exited (a process
 * that reaps a child adds the child's time to its own cutime/cstime): PostgreSQL starts and
 * ends backends, and each pool connection is one.
 */
export function treeCpuSeconds(root: number): number {
  const tree = processTree(root);
  if (tree.length === 0) return Number.NaN;
  let ticks = 0;
  for (const pid of tree) {
    const f = statFields(pid);
    if (f) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return ticks / CLOCK_TICKS;
}

/**
 * Proportional set size of a process tree in bytes (smaps_rollup): shared memory (PostgreSQL's
 * shared buffers) counted once across the processes that map it, not once per process as RSS.
 */
export function treePssBytes(root: number): number {
  let total = 0;
  for (const pid of processTree(root)) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // Exited in between, or not readable (not our user): counted as nothing.
    }
  }
  return total;
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytesOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export interface CpuShare {
  /** Percent of one core over the measured wall time. */
  serverPct: number;
  /** Load generator: the viewer swarm process plus this (agent) process. */
  clientPct: number;
  /** A database server of its own (PostgreSQL, all its processes), when the server has one. */
  databasePct?: number;
}

/**
 * CPU used by the server, by the clients and (given `databaseCpu`, CPU seconds so far) by the
 * server's database between start() and stop().
 */
export function cpuMeter(serverPid: () => number, swarmPid: () => number | undefined, databaseCpu?: () => number): { stop(): CpuShare } {
  const t0 = performance.now();
  const database0 = databaseCpu?.();
  const server0 = cpuSecondsOf(serverPid());
  const swarmPid0 = swarmPid();
  const swarm0 = swarmPid0 === undefined ? 0 : cpuSecondsOf(swarmPid0);
  const own0 = ownCpuSeconds();
  return {
    stop() {
      const wallS = (performance.now() - t0) / 1_000;
      const swarmPid1 = swarmPid();
      const swarm = swarmPid1 === undefined ? 0 : cpuSecondsOf(swarmPid1) - swarm0;
      const pct = (s: number) => Math.round((s / wallS) * 100);
      const share: CpuShare = { serverPct: pct(cpuSecondsOf(serverPid()) - server0), clientPct: pct(swarm + ownCpuSeconds() - own0) };
      if (databaseCpu && database0 !== undefined) share.databasePct = pct(databaseCpu() - database0);
      return share;
    },
  };
}

/** Pins a running process and all its threads to `cores` (e.g. "0"); a no-op without taskset. */
export function pin(pid: number, cores: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
