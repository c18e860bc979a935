import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (almost always 100). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process (all its threads) has used, from /proc. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces; the fields we need come after its closing paren.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
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
}

/** CPU used by the server and by the clients between start() and stop(). */
export function cpuMeter(serverPid: () => number, swarmPid: () => number | undefined): { stop(): CpuShare } {
  const t0 = performance.now();
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
      return { serverPct: pct(cpuSecondsOf(serverPid()) - server0), clientPct: pct(swarm + ownCpuSeconds() - own0) };
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
