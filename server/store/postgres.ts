import pg from 'pg';
import { AppError } from '../errors.ts';
import type { SqlClient } from './sql.ts';

/**
 * The PostgreSQL driver (`DATABASE_URL`): a `pg.Pool` behind the same `SqlClient` as PGlite,
 * returning the same JavaScript types PGlite does, so every store works unchanged on either.
 */

/** Type OIDs whose parsing differs between `pg` and PGlite. */
const OID = { INT8: 20, INT8_ARRAY: 1016, BYTEA: 17 } as const;
type TypeId = Parameters<typeof pg.types.getTypeParser>[0];

/** bytea arrives as `\x` + hex text; a plain Uint8Array view, like PGlite's, not a Buffer. */
function parseBytea(text: string): Uint8Array {
  const bytes = Buffer.from(text.slice(2), 'hex');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Parsers of this pool only (the process-wide `pg.types` stay untouched). int8 becomes a number,
 * as PGlite gives it: the bigints here are ids, sequence numbers and byte counts, all far below
 * 2^53. timestamptz (Date), jsonb (parsed), text[] and int[] (arrays) already match PGlite.
 */
const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (format === 'binary') return pg.types.getTypeParser(oid as TypeId, 'binary');
    if (oid === OID.INT8) return (text: string) => Number(text);
    if (oid === OID.INT8_ARRAY) {
      const parseArray = pg.types.getTypeParser(OID.INT8_ARRAY as TypeId, 'text') as (text: string) => (string | null)[];
      return (text: string) => parseArray(text).map((v) => (v === null ? null : Number(v)));
    }
    if (oid === OID.BYTEA) return parseBytea;
    return pg.types.getTypeParser(oid as TypeId, 'text');
  },
};

/** Uint8Array parameters go as bytea: `pg` sends Buffers as bytes, so each becomes a Buffer view (no copy). */
function prepare(params: unknown[] | undefined): unknown[] | undefined {
  return params?.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p));
}

/** Errors of statements whose connection broke under them (the database went away mid-statement). */
const lostConnections = new WeakSet<object>();

/**
 * Whether `error` is a statement failing because its PostgreSQL connection broke: the database
 * is unavailable, which the API answers 503, not 500. (A write's own outcome is decided by the
 * write path, which checks what was stored.)
 */
export function isConnectionLost(error: unknown): boolean {
  return typeof error === 'object' && error !== null && lostConnections.has(error);
}

/** Connection failures with no statement sent: whatever was asked was not done. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', '57P03']);

/**
 * A connection that could not be had (the database is down, restarting, or refusing): nothing
 * was sent, so nothing was stored. An AppError, so a change refused this way answers 503
 * `unavailable` with `stored: false` instead of "cannot tell".
 */
function notConnected(error: unknown): AppError {
  return new AppError('unavailable', 'the database cannot be reached; nothing was stored; retry in a moment', 503, { retryable: true, stored: false }, { cause: error });
}

async function connect(pool: pg.Pool): Promise<pg.PoolClient> {
  try {
    return await pool.connect();
  } catch (error) {
    // Connecting to a name with several addresses fails with an AggregateError of each attempt.
    const code = (error as { code?: string }).code ?? (error instanceof AggregateError ? (error.errors[0] as { code?: string } | undefined)?.code : undefined);
    const timedOut = error instanceof Error && /timeout exceeded when trying to connect/i.test(error.message);
    throw code && NOT_CONNECTED.has(code) || timedOut ? notConnected(error) : error;
  }
}

export interface PostgresOptions {
  /**
   * Connections in the pool (`DATABASE_POOL_SIZE`), at least 2: the retention sweeper holds one
   * for its advisory lock while its deletions run on another.
   */
  poolSize?: number;
  /** How long to wait for a connection before giving up (the database is down or every connection is busy). */
  connectTimeoutMs?: number;
}

/** The database of DATABASE_URL cannot be opened at startup (down, unknown, credentials refused). */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

/** Opens a pool on `url` and checks that the database answers. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<SqlClient> {
  const pool = new pg.Pool({
    connectionString: url,
    max: Math.max(2, options.poolSize ?? 10),
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    types: TYPES,
    application_name: 'live-artifacts',
  });
  // An idle connection that breaks (the database restarted) is dropped by the pool and reported
  // here; without a listener the process would crash. The next checkout opens a new one.
  pool.on('error', () => {});
  try {
    await query(pool, 'select 1');
  } catch (error) {
    await pool.end();
    const reason = error instanceof AppError && error.cause instanceof Error ? error.cause : error;
    const detail = reason instanceof Error ? reason.message || (reason as { code?: string }).code || reason.name : String(reason);
    throw new DatabaseOpenError(`DATABASE_URL ${redactedUrl(url)}: PostgreSQL could not be opened (${detail})`, { cause: error });
  }
  return poolClient(pool);
}

/** One statement on a pooled connection. */
async function query<T>(pool: pg.Pool, sql: string, params?: unknown[]): Promise<T[]> {
  return checkedOut(pool, (conn) => conn.run<T>(sql, params));
}

/** A checked-out connection: its statements, and whether it broke under them. */
interface Connection {
  run<T>(sql: string, params?: unknown[]): Promise<T[]>;
  broken: Error | undefined;
}

/**
 * Runs `fn` on one connection of the pool and gives it back. A connection that broke (lost,
 * or a FATAL from the server) is released with its error, so the pool destroys it instead of
 * handing it to the next caller; an SQL error leaves the session usable.
 */
async function checkedOut<T>(pool: pg.Pool, fn: (conn: Connection) => Promise<T>): Promise<T> {
  const client = await connect(pool);
  const conn: Connection = {
    broken: undefined,
    async run<R>(sql: string, params?: unknown[]) {
      try {
        return (await client.query(sql, prepare(params))).rows as R[];
      } catch (error) {
        if (!(error instanceof pg.DatabaseError) || isConnectionFatal(error)) {
          conn.broken ??= error instanceof Error ? error : new Error(String(error));
          if (typeof error === 'object' && error !== null) lostConnections.add(error);
        }
        throw error;
      }
    },
  };
  // A connection that dies while checked out emits 'error' on its client (and fails its query).
  const onError = (error: Error) => (conn.broken ??= error);
  client.on('error', onError);
  try {
    return await fn(conn);
  } finally {
    client.off('error', onError);
    client.release(conn.broken);
  }
}

/** Server errors after which the session is gone: shutdown, crash, connection exceptions. */
function isConnectionFatal(error: pg.DatabaseError): boolean {
  return error.severity === 'FATAL' || error.severity === 'PANIC' || /^(57P|08)/.test(error.code ?? '');
}

function poolClient(pool: pg.Pool): SqlClient {
  return {
    query: (sql, params) => query(pool, sql, params),
    async exec(sql) {
      await query(pool, sql);
    },
    transaction: (fn) => checkedOut(pool, (conn) => inTransaction(conn, fn)),
    session: (fn) => checkedOut(pool, (conn) => fn(sessionClient(conn, false))),
    async close() {
      await pool.end();
    },
  };
}

async function inTransaction<T>(conn: Connection, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
  await conn.run('begin');
  let result: T;
  try {
    result = await fn(sessionClient(conn, true));
  } catch (error) {
    // A connection that broke has rolled back by itself; one whose rollback failed may still be
    // inside the transaction, so it is never handed out again. The original error is what matters.
    await conn.run('rollback').catch((rollbackError: unknown) => {
      conn.broken ??= rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  }
  await conn.run('commit');
  return result;
}

/** One checked-out connection as a SqlClient; inside a transaction, nested ones reuse it. */
function sessionClient(conn: Connection, transactional: boolean): SqlClient {
  const self: SqlClient = {
    query: (sql, params) => conn.run(sql, params),
    async exec(sql) {
      await conn.run(sql);
    },
    transaction: (fn) => (transactional ? fn(self) : inTransaction(conn, fn)),
    session: (fn) => fn(self),
    async close() {
      // The pool owns the connection; closing a borrowed one does nothing.
    },
  };
  return self;
}

