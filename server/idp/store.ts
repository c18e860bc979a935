import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { SqlClient } from '../store/sql.ts';

export interface IdpStoreLimits {
  /**
   * Entries not tied to a signed-in account, kept at most per model (the newest stay). See
   * `sqlStore` for why these and only these are capped.
   */
  maxAnonymousPerModel: number;
  /** Every this many writes, expired entries are deleted and the caps enforced. */
  sweepEvery: number;
  /** Expired entries deleted at most per sweep, so no write waits on a long delete. */
  sweepBatch: number;
  /** The clock (tests pass their own). */
  nowMs: () => number;
}

export const DEFAULT_IDP_STORE_LIMITS: Readonly<IdpStoreLimits> = Object.freeze({
  maxAnonymousPerModel: 10_000,
  sweepEvery: 100,
  sweepBatch: 1_000,
  nowMs: () => Date.now(),
});

export interface IdpStore {
  factory: AdapterFactory;
  /** Deletes expired entries (at most `sweepBatch`) and trims anonymous ones to the cap. */
  sweep(): Promise<void>;
}

/** The columns an entry is found by, taken from its payload. */
interface Keys {
  uid: string | null;
  userCode: string | null;
  grantId: string | null;
  accountId: string | null;
}

interface Row {
  payload: string;
  consumed_at: Date | null;
}

/**
 * The embedded IdP's state (sessions, interactions, codes, grants, refresh tokens) in the
 * database (table `idp_entries`), so a restart signs no one out. Expired entries are never
 * returned; every `sweepEvery` writes, up to `sweepBatch` of them are deleted.
 *
 * The bound: entries without an account (interactions, device codes before approval, sessions
 * before sign-in, pushed requests) can be created by anyone, without credentials, so each model
 * keeps at most `maxAnonymousPerModel` of them, the oldest deleted first (at most `sweepEvery`
 * more between sweeps). A flood then costs pending sign-ins at worst, never a signed-in session.
 * Entries with an account (signed-in sessions, grants, codes, refresh tokens) are not capped:
 * they need a correct password (throttled, see LoginThrottle) or a client secret, and evicting
 * one would sign a person out; their TTLs (at most 10 hours) and the sweep bound them.
 */
export function sqlStore(db: SqlClient, limits: Partial<IdpStoreLimits> = {}): IdpStore {
  const options = Object.freeze({ ...DEFAULT_IDP_STORE_LIMITS, ...limits });
  const now = () => new Date(options.nowMs());
  let writes = 0;
  const anonymousModels = new Set<string>();

  const sweep = async (): Promise<void> => {
    await db.query(
      `delete from idp_entries where (model, id) in (
         select model, id from idp_entries where expires_at <= $1 limit $2)`,
      [now(), options.sweepBatch],
    );
    const models = [...anonymousModels];
    anonymousModels.clear();
    for (const model of models) {
      await db.query(
        `delete from idp_entries where (model, id) in (
           select model, id from idp_entries where model = $1 and account_id is null
           order by stored_at desc, id offset $2)`,
        [model, options.maxAnonymousPerModel],
      );
    }
  };

  const afterWrite = async (model: string, keys: Keys): Promise<void> => {
    if (keys.accountId === null) anonymousModels.add(model);
    writes += 1;
    if (writes % options.sweepEvery === 0) await sweep();
  };

  const findWhere = async (where: string, params: unknown[]): Promise<AdapterPayload | undefined> => {
    const rows = await db.query<Row>(`select payload, consumed_at from idp_entries where ${where} and (expires_at is null or expires_at > $${params.length + 1}) limit 1`, [...params, now()]);
    return rows[0] ? toPayload(rows[0]) : undefined;
  };

  const factory: AdapterFactory = (model: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      const keys = keysOf(model, payload);
      const stored = options.nowMs();
      await db.query(
        `insert into idp_entries (model, id, payload, expires_at, uid, user_code, grant_id, account_id, consumed_at, stored_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, null, $9)
         on conflict (model, id) do update set payload = excluded.payload, expires_at = excluded.expires_at, uid = excluded.uid,
           user_code = excluded.user_code, grant_id = excluded.grant_id, account_id = excluded.account_id, consumed_at = null, stored_at = excluded.stored_at`,
        [model, id, JSON.stringify(payload), expiresIn === undefined ? null : new Date(stored + expiresIn * 1000), keys.uid, keys.userCode, keys.grantId, keys.accountId, new Date(stored)],
      );
      await afterWrite(model, keys);
    },
    find: (id) => findWhere('model = $1 and id = $2', [model, id]),
    findByUid: (uid) => findWhere('model = $1 and uid = $2', [model, uid]),
    findByUserCode: (userCode) => findWhere('model = $1 and user_code = $2', [model, userCode]),
    async consume(id) {
      await db.query('update idp_entries set consumed_at = $3 where model = $1 and id = $2', [model, id, now()]);
    },
    async destroy(id) {
      await db.query('delete from idp_entries where model = $1 and id = $2', [model, id]);
    },
    async revokeByGrantId(grantId) {
      await db.query('delete from idp_entries where model = $1 and grant_id = $2', [model, grantId]);
    },
  });

  return { factory, sweep };
}

/** The lookup columns. Only sessions are found by `uid` (as in oidc-provider's own adapter). */
function keysOf(model: string, payload: AdapterPayload): Keys {
  const accountId = payload.accountId ?? payload.session?.accountId;
  return {
    uid: model === 'Session' && typeof payload.uid === 'string' ? payload.uid : null,
    userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
    grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
    accountId: typeof accountId === 'string' ? accountId : null,
  };
}

/** The stored payload, with `consumed` (seconds, as oidc-provider sets it) once consumed. */
function toPayload(row: Row): AdapterPayload {
  const payload = JSON.parse(row.payload) as AdapterPayload;
  if (row.consumed_at) payload.consumed = Math.floor(row.consumed_at.getTime() / 1000);
  return payload;
}
