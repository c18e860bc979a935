import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage, type SqlClient } from '../store/index.ts';
import { sqlStore, type IdpStoreLimits } from './store.ts';

/* The IdP's adapter over a real PGlite database, with its own clock. */
let dataDir: string;
let storage: Storage;
let db: SqlClient;
let clock: number;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'la-idp-store-'));
  storage = await openStorage({ dataDir });
  ({ db } = storage);
});
afterAll(async () => {
  await storage?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.query('delete from idp_entries');
  clock = Date.UTC(2026, 0, 1);
});

const store = (limits: Partial<IdpStoreLimits> = {}) => sqlStore(storage.idpEntries, { nowMs: () => clock, ...limits });
const count = async (where = 'true', params: unknown[] = []) => Number((await db.query<{ n: number }>(`select count(*)::int as n from idp_entries where ${where}`, params))[0]?.n);

describe('idp store', () => {
  it('finds entries by id, session uid and user code, per model', async () => {
    const { factory } = store();
    await factory('Session').upsert('s1', { uid: 'u1', accountId: 'alice' }, 60);
    await factory('DeviceCode').upsert('d1', { userCode: 'ABCD-EFGH', params: { state: 'x\u0000y' } }, 60);
    expect(await factory('Session').find('s1')).toEqual({ uid: 'u1', accountId: 'alice' });
    expect(await factory('Session').findByUid('u1')).toEqual({ uid: 'u1', accountId: 'alice' });
    // The NUL character jsonb would refuse round-trips.
    expect(await factory('DeviceCode').findByUserCode('ABCD-EFGH')).toEqual({ userCode: 'ABCD-EFGH', params: { state: 'x\u0000y' } });
    expect(await factory('Interaction').find('s1')).toBeUndefined();
    expect(await factory('Session').findByUid('nope')).toBeUndefined();
    await factory('Session').upsert('s1', { uid: 'u2', accountId: 'alice' }, 60);
    expect(await factory('Session').findByUid('u1')).toBeUndefined();
    expect(await factory('Session').findByUid('u2')).toMatchObject({ uid: 'u2' });
    await factory('Session').destroy('s1');
    expect(await factory('Session').find('s1')).toBeUndefined();
  });

  it('marks a consumed entry with the time in seconds, until it is saved again', async () => {
    const { factory } = store();
    const codes = factory('AuthorizationCode');
    await codes.upsert('c1', { grantId: 'g1', accountId: 'alice' }, 60);
    clock += 5_000;
    await codes.consume('c1');
    expect(await codes.find('c1')).toEqual({ grantId: 'g1', accountId: 'alice', consumed: Math.floor(clock / 1000) });
    await codes.upsert('c1', { grantId: 'g1', accountId: 'alice' }, 60);
    expect((await codes.find('c1'))?.consumed).toBeUndefined();
  });

  it("revokes a grant: that model's rows of the grant go, other grants and models stay", async () => {
    const { factory } = store();
    for (const model of ['AccessToken', 'RefreshToken', 'AuthorizationCode']) {
      await factory(model).upsert(`${model}-1`, { grantId: 'g1', accountId: 'alice' }, 60);
      await factory(model).upsert(`${model}-2`, { grantId: 'g2', accountId: 'alice' }, 60);
    }
    await factory('RefreshToken').revokeByGrantId('g1');
    expect(await factory('RefreshToken').find('RefreshToken-1')).toBeUndefined();
    expect(await factory('RefreshToken').find('RefreshToken-2')).toBeDefined();
    expect(await factory('AccessToken').find('AccessToken-1')).toBeDefined();
    expect(await count('grant_id = $1', ['g1'])).toBe(2);
    await factory('AccessToken').revokeByGrantId('g1');
    await factory('AuthorizationCode').revokeByGrantId('g1');
    expect(await count('grant_id = $1', ['g1'])).toBe(0);
    expect(await count('grant_id = $1', ['g2'])).toBe(3);
  });

  it('never returns an expired entry, and a sweep deletes it', async () => {
    const { factory, sweep } = store();
    await factory('Interaction').upsert('i1', { returnTo: '/a' }, 10);
    await factory('Grant').upsert('g1', { accountId: 'alice' }, 3600);
    clock += 9_999;
    expect(await factory('Interaction').find('i1')).toEqual({ returnTo: '/a' });
    clock += 1;
    expect(await factory('Interaction').find('i1')).toBeUndefined();
    expect(await count()).toBe(2); // found no more, not yet deleted
    await sweep();
    expect(await count()).toBe(1);
    expect(await factory('Grant').find('g1')).toEqual({ accountId: 'alice' });
  });

  it('sweeps on its own every few writes, a bounded batch at a time', async () => {
    const { factory } = store({ sweepEvery: 10, sweepBatch: 4 });
    for (let i = 0; i < 9; i++) await factory('Interaction').upsert(`old${i}`, {}, 1);
    clock += 2_000;
    expect(await count()).toBe(9);
    await factory('Interaction').upsert('new', {}, 60); // the 10th write sweeps
    expect(await count()).toBe(6);
  });

  it('keeps at most the cap of entries without an account per model, never touching signed-in ones', async () => {
    const cap = 5;
    const sweepEvery = 10;
    const { factory } = store({ maxAnonymousPerModel: cap, sweepEvery });
    await factory('Session').upsert('signed-in', { uid: 'u0', accountId: 'alice' }, 3600);
    await factory('RefreshToken').upsert('rt', { grantId: 'g', accountId: 'alice' }, 3600);
    await factory('Interaction').upsert('logged-in', { session: { accountId: 'alice', uid: 'u0' } }, 3600);
    for (let i = 0; i < 200; i++) {
      clock += 1;
      await factory(i % 2 ? 'Interaction' : 'DeviceCode').upsert(`flood${i}`, { userCode: `U${i}` }, 600);
      await factory('Session').upsert(`anon${i}`, { uid: `a${i}` }, 3600);
      for (const model of ['Interaction', 'DeviceCode', 'Session']) expect(await count('model = $1 and account_id is null', [model])).toBeLessThanOrEqual(cap + sweepEvery);
    }
    // The newest stay; every entry with an account is still there.
    expect(await factory('DeviceCode').findByUserCode('U198')).toBeDefined();
    expect(await factory('DeviceCode').findByUserCode('U0')).toBeUndefined();
    expect(await factory('Session').findByUid('u0')).toMatchObject({ accountId: 'alice' });
    expect(await factory('RefreshToken').find('rt')).toBeDefined();
    expect(await factory('Interaction').find('logged-in')).toBeDefined();
  });
});
