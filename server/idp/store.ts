import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/** At most this many live entries (sessions, codes, grants, refresh tokens); the oldest go first. */
const MAX_ENTRIES = 20_000;

interface Entry {
  payload: AdapterPayload;
  expiresAtMs: number;
}

/**
 * The embedded IdP's state (sessions, interactions, codes, grants, refresh tokens): in memory,
 * per IdP instance, by design — a restart signs everyone out of the IdP, while access tokens
 * (JWTs verified with the persisted keys) stay valid until they expire. Unlike oidc-provider's
 * quick-start adapter it is not shared by every provider in the process and does not evict
 * live grants after 1,000 entries.
 */
export function memoryStore(): { factory: AdapterFactory; clear(): void } {
  const entries = new Map<string, Entry>();
  const index = new Map<string, string>(); // `uid:…`, `userCode:…` → entry key
  const grants = new Map<string, Set<string>>(); // grantId → entry keys

  const live = (key: string | undefined): AdapterPayload | undefined => {
    const entry = key === undefined ? undefined : entries.get(key);
    if (!entry || !key) return undefined;
    if (entry.expiresAtMs <= Date.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  const evict = (): void => {
    const now = Date.now();
    for (const [key, entry] of entries) if (entry.expiresAtMs <= now) entries.delete(key);
    for (const key of entries.keys()) {
      if (entries.size < MAX_ENTRIES) break;
      entries.delete(key);
    }
    for (const [key, target] of index) if (!entries.has(target)) index.delete(key);
    for (const [grantId, keys] of grants) {
      for (const k of keys) if (!entries.has(k)) keys.delete(k);
      if (!keys.size) grants.delete(grantId);
    }
  };

  const factory: AdapterFactory = (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        if (entries.size >= MAX_ENTRIES) evict();
        const key = keyOf(id);
        entries.delete(key); // re-insert: Map order is the eviction order
        entries.set(key, { payload, expiresAtMs: Date.now() + (expiresIn ?? 0) * 1000 });
        if (model === 'Session' && payload.uid !== undefined) index.set(`uid:${String(payload.uid)}`, key);
        if (payload.userCode) index.set(`userCode:${payload.userCode}`, key);
        if (payload.grantId && model !== 'Grant') {
          const keys = grants.get(payload.grantId) ?? new Set<string>();
          grants.set(payload.grantId, keys.add(key));
        }
      },
      async find(id) {
        return live(keyOf(id));
      },
      async findByUid(uid) {
        return live(index.get(`uid:${uid}`));
      },
      async findByUserCode(userCode) {
        return live(index.get(`userCode:${userCode}`));
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        entries.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grants.get(grantId) ?? []) entries.delete(key);
        grants.delete(grantId);
      },
    };
  };

  return {
    factory,
    clear() {
      entries.clear();
      index.clear();
      grants.clear();
    },
  };
}
