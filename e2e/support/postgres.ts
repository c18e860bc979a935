import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { inject } from 'vitest';
import type { TestDriver } from '../../server/store/test-drivers.ts';

/*
 * Real PostgreSQL for tests (the postgres project, `*.postgres.test.ts`): the project's one
 * server (started by e2e/support/postgres-setup.ts) with a fresh database per test, or a
 * server of a test's own when it stops and restarts it.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The project's PostgreSQL (its `artifacts` database), from the global setup. */
    postgresUrl: string;
  }
}

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPTS = path.join(ROOT, 'infra/postgres');

/** PostgreSQL's programs (newest installed version), as the scripts find them. */
function binDir(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL in /usr/lib/postgresql (install it, or set POSTGRES_BIN)');
  return path.join('/usr/lib/postgresql', versions[0], 'bin');
}

/** Runs a PostgreSQL program as the cluster's owner (`postgres` when we are root). */
function asOwner(program: string, args: string[]) {
  const file = path.join(binDir(), program);
  return process.getuid?.() === 0 ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
}

export interface PostgresServer {
  /** `DATABASE_URL` of its `artifacts` database. */
  url: string;
  dir: string;
  port: number;
  /** Stops it (`pg_ctl -m fast`: sessions are cut off); `start` brings it back on the same port and files. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  dispose(): Promise<void>;
}

/** A PostgreSQL of its own (infra/postgres/start.sh) on a free port; fsync off unless `fast: false` (benchmarks). */
export async function startPostgres(options: { fast?: boolean } = {}): Promise<PostgresServer> {
  const { stdout } = await run('bash', [path.join(SCRIPTS, 'start.sh')], { env: { ...process.env, POSTGRES_FAST: options.fast === false ? '0' : '1' }, timeout: 120_000 });
  const line = (key: string) => {
    const value = stdout.match(new RegExp(`^${key}=(.*)$`, 'm'))?.[1];
    if (!value) throw new Error(`infra/postgres/start.sh printed no ${key}: ${stdout}`);
    return value;
  };
  const url = line('DATABASE_URL');
  const dir = line('POSTGRES_DIR');
  const data = path.join(dir, 'data');
  return {
    url,
    dir,
    port: Number(new URL(url).port),
    async stop() {
      await asOwner('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
    async start() {
      await asOwner('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', 'start']);
    },
    async dispose() {
      await run('bash', [path.join(SCRIPTS, 'stop.sh'), dir], { timeout: 120_000 });
    },
  };
}

/** `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on the server's maintenance database. */
async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface FreshDatabase {
  url: string;
  /** Drops it (closing whatever sessions are still on it). */
  drop(): Promise<void>;
}

/** A new empty database `t_<random>` on `serverUrl` (default: the project's PostgreSQL). */
export async function freshDatabase(serverUrl: string = inject('postgresUrl')): Promise<FreshDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  return {
    url: withDatabase(serverUrl, name),
    drop: () => admin(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

/** PostgreSQL as a test driver (server/store/test-drivers.ts): a fresh database per `fresh()`. */
export const postgresDriver: TestDriver = {
  name: 'postgres',
  async fresh() {
    const db = await freshDatabase();
    // The data directory is PGlite's: with a URL nothing is kept there.
    return { config: { dataDir: path.join(tmpdir(), 'la-unused-data-dir'), databaseUrl: db.url }, dispose: db.drop };
  },
};
