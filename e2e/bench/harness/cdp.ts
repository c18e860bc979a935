import path from 'node:path';
import WebSocket from 'ws';

const ROOT_URL = `file://${path.resolve(import.meta.dirname, '../../..')}/`;

/** The part of a V8 CPU profile (Profiler.stop) the summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/**
 * A minimal Chrome DevTools Protocol client for a server started with `--inspect`: forced GC
 * and heap size (to measure a loaded document from inside the server) and CPU profiles of
 * one row, without changing the server's code.
 */
export class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      const waiter = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id as number);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result);
    });
  }

  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new Inspector(ws);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** V8 heap in use after two full collections (the second frees what finalizers released). */
  async heapUsedBytes(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    await this.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.send<{ usedSize: number }>('Runtime.getHeapUsage');
    return usedSize;
  }

  async startProfile(samplingIntervalUs = 200): Promise<void> {
    await this.send('Profiler.enable');
    await this.send('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await this.send('Profiler.start');
  }

  async stopProfile(): Promise<CpuProfile> {
    const { profile } = await this.send<{ profile: CpuProfile }>('Profiler.stop');
    await this.send('Profiler.disable');
    return profile;
  }

  close(): void {
    this.ws.close();
  }
}

export interface ProfileLine {
  name: string;
  selfPct: number;
}

/**
 * Self time by function and by package, as percent of all samples (idle included, so the
 * numbers also say how busy the process was).
 */
export function summarizeProfile(profile: CpuProfile, top = 15): { functions: ProfileLine[]; packages: ProfileLine[] } {
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const { callFrame, hitCount = 0 } of profile.nodes) {
    if (hitCount === 0) continue;
    const where = shortUrl(callFrame.url);
    const name = `${callFrame.functionName || '(anonymous)'}${where ? ` ${where}:${callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hitCount);
    const pkg = packageOf(callFrame.url, callFrame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hitCount);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, hits]) => ({ name, selfPct: Math.round((hits / total) * 1_000) / 10 }));
  return { functions: lines(byFunction), packages: lines(byPackage) };
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) return url.slice(nm + 'node_modules/'.length);
  return url.startsWith(ROOT_URL) ? url.slice(ROOT_URL.length) : url;
}

function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1] as string;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const repo = /\/(server|shared|policies)\//.exec(url);
  return repo ? `repo ${repo[1]}/` : shortUrl(url);
}
