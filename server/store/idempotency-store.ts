import type { SqlClient } from './sql.ts';

/** How long a key answers its first outcome. */
export const IDEMPOTENCY_TTL_HOURS = 24;

/** The first outcome of a write under an idempotency key, stored with the write itself. */
export interface Receipt {
  userId: string;
  key: string;
  artifactId: string;
  /** sha256 of what the request asked (route, artifact, canonical body): a reused key with another request is refused. */
  requestHash: string;
  status: number;
  response: unknown;
}

/** A receipt as found later: what the key first asked and answered. */
export type StoredReceipt = Pick<Receipt, 'requestHash' | 'status' | 'response'>;

/** Idempotency keys: written only inside the transaction of the write they answer. */
export class IdempotencyStore {
  constructor(private readonly db: SqlClient) {}

  /** The unexpired receipt of a caller's key, if any. */
  async find(userId: string, key: string): Promise<StoredReceipt | null> {
    const rows = await this.db.query<{ request_hash: string; status: number; response: string }>(
      `select request_hash, status, response from idempotency_keys
       where user_id = $1 and key = $2 and created_at > now() - make_interval(hours => $3)`,
      [userId, key, IDEMPOTENCY_TTL_HOURS],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, status: Number(row.status), response: JSON.parse(row.response) as unknown } : null;
  }

  /** Forgets expired keys; returns how many. */
  async purgeExpired(): Promise<number> {
    const rows = await this.db.query<{ n: number | string }>(
      `with gone as (delete from idempotency_keys where created_at <= now() - make_interval(hours => $1) returning 1) select count(*) as n from gone`,
      [IDEMPOTENCY_TTL_HOURS],
    );
    return Number(rows[0]?.n ?? 0);
  }
}

/**
 * Stores receipts in the caller's transaction. An expired key may be reused (its row is
 * replaced); an unexpired one is kept as it is: the server never runs a key twice, so that
 * only happens when two instances race on one key.
 */
export async function insertReceipts(tx: SqlClient, receipts: readonly Receipt[]): Promise<void> {
  if (receipts.length === 0) return;
  const values = receipts.map((_, i) => `($${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6}::int, $${i * 6 + 7})`).join(', ');
  await tx.query(
    `insert into idempotency_keys (user_id, key, artifact_id, request_hash, status, response)
     values ${values}
     on conflict (user_id, key) do update set artifact_id = excluded.artifact_id, request_hash = excluded.request_hash,
       status = excluded.status, response = excluded.response, created_at = now()
     where idempotency_keys.created_at <= now() - make_interval(hours => $1)`,
    [IDEMPOTENCY_TTL_HOURS, ...receipts.flatMap((r) => [r.userId, r.key, r.artifactId, r.requestHash, r.status, JSON.stringify(r.response)])],
  );
}
