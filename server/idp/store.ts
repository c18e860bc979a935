import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { FoundIdpEntry, IdpEntryStore } from '../store/index.ts';

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

/**
 * The embedded IdP's state (sessions, interactions, codes, grants, refresh tokens) in the
 * storage floor's `IdpEntryStore`, so a restart signs no one out. Expired entries are never
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
export function sqlStore(entries: IdpEntryStore, limits: Partial<IdpStoreLimits> = {}): IdpStore {
  const options = Object.freeze({ ...DEFAULT_IDP_STORE_LIMITS, ...limits });
  const now = () => new Date(options.nowMs());
  let writes = 0;
  const anonymousModels = new Set<string>();

  const sweep = async (): Promise<void> => {
    await entries.deleteExpired(now(), options.sweepBatch);
    const models = [...anonymousModels];
    anonymousModels.clear();
    for (const model of models) await entries.trimAnonymous(model, options.maxAnonymousPerModel);
  };

  const afterWrite = async (model: string, keys: Keys): Promise<void> => {
    if (keys.accountId === null) anonymousModels.add(model);
    writes += 1;
    if (writes % options.sweepEvery === 0) await sweep();
  };

  const factory: AdapterFactory = (model: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      const keys = keysOf(model, payload);
      const stored = options.nowMs();
      const expiresAt = expiresIn === undefined ? null : new Date(stored + expiresIn * 1000);
      await entries.upsert({ model, id, payload: JSON.stringify(payload), expiresAt, ...keys, storedAt: new Date(stored) });
      await afterWrite(model, keys);
    },
    find: async (id) => toPayload(await entries.find(model, { id }, now())),
    findByUid: async (uid) => toPayload(await entries.find(model, { uid }, now())),
    findByUserCode: async (userCode) => toPayload(await entries.find(model, { userCode }, now())),
    consume: (id) => entries.consume(model, id, now()),
    destroy: (id) => entries.destroy(model, id),
    revokeByGrantId: (grantId) => entries.revokeByGrantId(model, grantId),
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
function toPayload(entry: FoundIdpEntry | undefined): AdapterPayload | undefined {
  if (!entry) return undefined;
  const payload = JSON.parse(entry.payload) as AdapterPayload;
  if (entry.consumedAt) payload.consumed = Math.floor(entry.consumedAt.getTime() / 1000);
  return payload;
}
