import type { SqlClient } from './sql.ts';

/** One oidc-provider model entry as stored (table `idp_entries`). */
export interface IdpEntry {
  model: string;
  id: string;
  /** JSON text: jsonb would refuse the NUL character request parameters may hold. */
  payload: string;
  expiresAt: Date | null;
  /** The lookups, taken from the payload by the adapter. */
  uid: string | null;
  userCode: string | null;
  grantId: string | null;
  /** Null for entries anyone can create without signing in. */
  accountId: string | null;
  storedAt: Date;
}

/** How an entry is found: by id, by session uid, or by device user code. */
export type IdpLookup = { id: string } | { uid: string } | { userCode: string };

/** A found entry: its payload, and when it was consumed (null while not). */
export interface FoundIdpEntry {
  payload: string;
  consumedAt: Date | null;
}

/**
 * The embedded IdP's state in the database, so a restart signs no one out. The adapter
 * (server/idp/store.ts) decides what to keep and for how long; this stores and finds it.
 */
export class IdpEntryStore {
  constructor(private readonly db: SqlClient) {}

  /** Inserts or replaces an entry, unconsumed. */
  async upsert(entry: IdpEntry): Promise<void> {
    await this.db.query(
      `insert into idp_entries (model, id, payload, expires_at, uid, user_code, grant_id, account_id, consumed_at, stored_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, null, $9)
       on conflict (model, id) do update set payload = excluded.payload, expires_at = excluded.expires_at, uid = excluded.uid,
         user_code = excluded.user_code, grant_id = excluded.grant_id, account_id = excluded.account_id, consumed_at = null, stored_at = excluded.stored_at`,
      [entry.model, entry.id, entry.payload, entry.expiresAt, entry.uid, entry.userCode, entry.grantId, entry.accountId, entry.storedAt],
    );
  }

  /** The entry of `model` found by `lookup`, unless it expired by `now`. */
  async find(model: string, lookup: IdpLookup, now: Date): Promise<FoundIdpEntry | undefined> {
    const [column, value] = 'id' in lookup ? ['id', lookup.id] : 'uid' in lookup ? ['uid', lookup.uid] : ['user_code', lookup.userCode];
    const rows = await this.db.query<{ payload: string; consumed_at: Date | null }>(
      `select payload, consumed_at from idp_entries where model = $1 and ${column} = $2 and (expires_at is null or expires_at > $3) limit 1`,
      [model, value, now],
    );
    const row = rows[0];
    return row ? { payload: row.payload, consumedAt: row.consumed_at } : undefined;
  }

  async consume(model: string, id: string, now: Date): Promise<void> {
    await this.db.query('update idp_entries set consumed_at = $3 where model = $1 and id = $2', [model, id, now]);
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.db.query('delete from idp_entries where model = $1 and id = $2', [model, id]);
  }

  async revokeByGrantId(model: string, grantId: string): Promise<void> {
    await this.db.query('delete from idp_entries where model = $1 and grant_id = $2', [model, grantId]);
  }

  /** Deletes at most `limit` entries expired by `now`, so no write waits on a long delete. */
  async deleteExpired(now: Date, limit: number): Promise<void> {
    await this.db.query(
      `delete from idp_entries where (model, id) in (
         select model, id from idp_entries where expires_at <= $1 limit $2)`,
      [now, limit],
    );
  }

  /** Keeps the newest `keep` entries of `model` without an account, deleting the others. */
  async trimAnonymous(model: string, keep: number): Promise<void> {
    await this.db.query(
      `delete from idp_entries where (model, id) in (
         select model, id from idp_entries where model = $1 and account_id is null
         order by stored_at desc, id offset $2)`,
      [model, keep],
    );
  }
}
