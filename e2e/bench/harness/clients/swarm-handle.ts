import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pin } from '../proc.ts';
import type { LatencyStats, SwarmRequest, SwarmResponse } from './swarm-protocol.ts';

type Connect = Extract<SwarmRequest, { type: 'connect' }>;

/** The harness' side of the viewer swarm process: one request at a time, answered in order. */
export class Swarm {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly child: ChildProcess) {}

  static start(core?: string): Swarm {
    const child = fork(path.join(import.meta.dirname, 'swarm.ts'), [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    if (core !== undefined && child.pid !== undefined) pin(child.pid, core);
    return new Swarm(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private request<T extends SwarmResponse['type']>(request: SwarmRequest, expect: T): Promise<Extract<SwarmResponse, { type: T }>> {
    const next = this.queue.then(
      () =>
        new Promise<Extract<SwarmResponse, { type: T }>>((resolve, reject) => {
          const onExit = () => reject(new Error('the viewer swarm exited'));
          this.child.once('exit', onExit);
          this.child.once('message', (response: SwarmResponse) => {
            this.child.off('exit', onExit);
            if (response.type === expect) resolve(response as Extract<SwarmResponse, { type: T }>);
            else reject(new Error(response.type === 'error' ? response.message : `swarm answered ${response.type} to ${request.type}`));
          });
          this.child.send(request);
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  connect(options: Omit<Connect, 'type'>) {
    return this.request({ type: 'connect', ...options }, 'connected');
  }

  async window(fromMs: number, toMs: number): Promise<void> {
    await this.request({ type: 'window', fromMs, toMs }, 'ok');
  }

  async collect(expected: number, maxWaitMs: number, quietMs?: number): Promise<LatencyStats> {
    const { type: _, ...stats } = await this.request({ type: 'collect', expected, maxWaitMs, ...(quietMs === undefined ? {} : { quietMs }) }, 'stats');
    return stats;
  }

  async expectResync(): Promise<void> {
    await this.request({ type: 'expect-resync' }, 'ok');
  }

  awaitResync(maxWaitMs: number) {
    return this.request({ type: 'await-resync', maxWaitMs }, 'resynced');
  }

  async markers(): Promise<{ counts: number[]; dropped: string[] }> {
    const { counts, dropped } = await this.request({ type: 'markers' }, 'markers');
    return { counts, dropped };
  }

  async renewToken(token: string): Promise<void> {
    await this.request({ type: 'token', token }, 'ok');
  }

  async closeViewers(): Promise<void> {
    await this.request({ type: 'close' }, 'ok');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.disconnect();
    await exited;
  }
}
