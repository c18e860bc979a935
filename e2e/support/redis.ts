// TEMPORARY shim until the infra branch lands its helper (same API).
import { spawnSync } from 'node:child_process';
import { freePort } from './ports.ts';
export async function startRedis() {
  const port = await freePort();
  const pidfile = `/tmp/redis-shim-${port}.pid`;
  const start = async () => {
    spawnSync('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1', '--daemonize', 'yes', '--pidfile', pidfile, '--logfile', `/tmp/redis-shim-${port}.log`]);
    for (let i = 0; i < 100; i++) { if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().includes('PONG')) return; await new Promise((r) => setTimeout(r, 50)); }
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, async stop() { spawnSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave']); await new Promise((r) => setTimeout(r, 100)); } };
}
