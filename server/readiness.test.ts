import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../e2e/support/server-process.ts';
import { freePort } from '../e2e/support/ports.ts';

/*
 * Healthy before it can serve: from the first millisecond the port is open, every answer is
 * either right or 503 `starting` — never an empty issuer, never a good token refused with 401.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const cleanup: (() => void | Promise<void>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});


describe('readiness', () => {
  it('answers 503 starting, never a wrong answer, until everything a request needs is up', async () => {
    const port = await freePort();
    // A first run makes the data directory and the IdP's keys, so a token from it stays good.
    const first = await startServerProcess({ env: { PORT: String(port) } });
    const dataDir = first.dataDir;
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const token = await first.token();
    await first.stop();

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), USERCONTENT_PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    cleanup.push(async () => {
      child.kill('SIGTERM');
      await exited;
    });

    const base = `http://127.0.0.1:${port}`;
    const seen = { config: new Map<string, number>(), me: new Map<number, number>(), health: new Map<number, number>() };
    const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      const answers = await Promise.allSettled([
        fetch(`${base}/api/config`).then(async (r) => ({ status: r.status, body: (await r.json()) as { oidc?: { issuer: string }; error?: { code: string } } })),
        fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } })),
        fetch(`${base}/healthz`).then((r) => r.status),
      ]);
      const [config, me, health] = answers;
      if (config.status === 'rejected') {
        await new Promise((resolve) => setTimeout(resolve, 2));
        continue; // not listening yet
      }
      const c = config.value;
      bump(seen.config, c.status === 200 ? `200 issuer ${c.body.oidc?.issuer ? 'set' : 'EMPTY'}` : `${c.status} ${c.body.error?.code}`);
      if (me.status === 'fulfilled') {
        bump(seen.me, me.value.status);
        if (me.value.status === 503) expect(me.value.body.error?.code).toBe('starting');
      }
      if (health.status === 'fulfilled') bump(seen.health, health.value);
      ready = c.status === 200 && me.status === 'fulfilled' && me.value.status === 200;
    }
    expect(ready).toBe(true);
    expect([...seen.config.keys()].filter((k) => k !== '200 issuer set' && k !== '503 starting')).toEqual([]);
    expect([...seen.me.keys()].filter((k) => k !== 200 && k !== 503)).toEqual([]);
    expect([...seen.health.keys()].filter((k) => k !== 200 && k !== 503)).toEqual([]);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  }, 120_000);
});
