import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../e2e/support/ports.ts';
import { startServerProcess } from '../../e2e/support/server-process.ts';
import { api, eventually } from '../test-server.ts';
import { withPrometheus } from './config.ts';

/*
 * METRICS_PORT: the server's metrics scraped by a real Prometheus (Debian's `prometheus`
 * package) and read back through Prometheus' own HTTP API, on a port of its own.
 */
const PROMETHEUS = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus';
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'la-prom-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real Prometheus scraping `target` every second; resolves with its HTTP API's base URL once ready. */
async function startPrometheus(target: string): Promise<string> {
  const probe = spawnSync(PROMETHEUS, ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`Prometheus is needed at ${PROMETHEUS} (apt-get install prometheus; .ci/run installs it)`);
  const dir = scratchDir();
  const port = await freePort();
  writeFileSync(path.join(dir, 'prometheus.yml'), `global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n  - job_name: live-artifacts\n    static_configs:\n      - targets: ['${target}']\n`);
  const child = spawn(PROMETHEUS, [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanup.push(async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  });
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}\n${stderr}`);
    expect((await fetch(`${url}/-/ready`).catch(() => undefined))?.status).toBe(200);
  }, 30_000);
  return url;
}

/** A PromQL query through Prometheus' HTTP API: its first sample's value, or undefined. */
async function query(prometheus: string, promql: string): Promise<number | undefined> {
  const response = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as { status: string; data?: { result: { value: [number, string] }[] } };
  const value = body.data?.result[0]?.value[1];
  return value === undefined ? undefined : Number(value);
}

describe('METRICS_PORT', () => {
  it('serves the metrics on their own port, scraped by a real Prometheus', async () => {
    const metricsPort = await freePort();
    const server = await startServerProcess({ env: { METRICS_PORT: String(metricsPort) } });
    cleanup.push(() => server.dispose());
    const prometheus = await startPrometheus(`127.0.0.1:${metricsPort}`);

    const token = await server.token('alice');
    const { body } = await api<{ id: string }>(server.url, 'POST', '/api/artifacts', { title: 'Scraped' }, token);
    // The create is a batch of its own; what Prometheus holds after it is the baseline.
    const batches = 'sum(live_artifacts_op_batch_size_count)';
    let before = 0;
    await eventually(async () => {
      expect(await query(prometheus, 'up{job="live-artifacts"}')).toBe(1);
      before = (await query(prometheus, batches)) ?? Number.NaN;
      expect(before).toBeGreaterThanOrEqual(1);
    }, 30_000);
    for (let i = 0; i < 3; i++) {
      const ops = await api(server.url, 'POST', `/api/artifacts/${body.id}/ops`, { ops: [{ op: 'section.upsert', section: { id: `s${i}`, type: 'markdown', text: 'x' } }] }, token);
      expect(ops.status).toBe(200);
    }
    await eventually(async () => {
      expect(await query(prometheus, batches)).toBe(before + 3);
      expect(await query(prometheus, 'sum(live_artifacts_audit_events_total{live_artifacts_audit_action="edited"})')).toBe(3);
    }, 30_000);
    // Served on METRICS_PORT only: the public port answers /metrics with the web app, no metric in it.
    const scraped = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(scraped).toContain('live_artifacts_op_batch_size_count');
    expect(await (await fetch(`${server.url}/metrics`)).text()).not.toMatch(/live_artifacts_|# HELP/);
    expect(server.logs.find((line) => line.includes('live artifacts listening'))).toContain('"telemetry":"on"');
  }, 90_000);

  it('stops the server with one clear line when its port is taken', async () => {
    const holder = createServer();
    const port = await new Promise<number>((resolve) => holder.listen(0, '127.0.0.1', () => resolve((holder.address() as { port: number }).port)));
    cleanup.push(() => new Promise<void>((resolve) => holder.close(() => resolve())));
    await expect(startServerProcess({ env: { METRICS_PORT: String(port) } })).rejects.toThrow(new RegExp(`exited with 2\\nMETRICS_PORT=${port}: 127\\.0\\.0\\.1:${port} is already in use`));
  }, 60_000);

  it('adds Prometheus to what OTEL_* asks for, and turns traces off when nothing else is asked', () => {
    const at = { host: '127.0.0.1', port: 9464 };
    const endpoint = { OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1', OTEL_EXPORTER_PROMETHEUS_PORT: '9464' };
    expect(withPrometheus({}, at)).toEqual({ OTEL_METRICS_EXPORTER: 'prometheus', OTEL_TRACES_EXPORTER: 'none', ...endpoint });
    expect(withPrometheus({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, at)).toEqual({ OTEL_METRICS_EXPORTER: 'otlp,prometheus', ...endpoint });
    expect(withPrometheus({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_METRICS_EXPORTER: 'none' }, at)).toEqual({ OTEL_METRICS_EXPORTER: 'prometheus', ...endpoint });
    expect(withPrometheus({ OTEL_METRICS_EXPORTER: 'console,prometheus' }, at)).toEqual({ OTEL_METRICS_EXPORTER: 'console,prometheus', ...endpoint });
    expect(withPrometheus({ OTEL_TRACES_EXPORTER: 'otlp' }, at)).toEqual({ OTEL_METRICS_EXPORTER: 'otlp,prometheus', ...endpoint });
  });
});
