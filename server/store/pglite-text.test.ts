import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorableText } from '#shared/text';

/*
 * The rule of `storableText()` (shared/text) checked against the real engine: a string is
 * storable exactly when PGlite keeps it intact in a `text` column and inside `jsonb`. When a
 * PGlite or PostgreSQL upgrade changes what it refuses or alters, this names the string.
 */
let db: PGlite;
beforeAll(async () => {
  db = new PGlite();
  await db.query('create table probe (s text, j jsonb)');
});
afterAll(async () => {
  await db?.close();
});

/** Whether the string comes back exactly as written, or undefined when PostgreSQL refused it. */
async function roundTrip(column: 's' | 'j', value: string): Promise<boolean | undefined> {
  try {
    await db.query('delete from probe');
    await db.query(`insert into probe (${column}) values ($1)`, [column === 's' ? value : JSON.stringify({ v: value })]);
    const rows = await db.query<{ v: string }>(`select ${column === 's' ? 's' : "j->>'v'"} as v from probe`);
    return rows.rows[0]?.v === value;
  } catch {
    return undefined;
  }
}

const samples: [string, string][] = [
  ['plain', 'Checkout latency'],
  ['a surrogate pair', 'p99 \ud83d\udd25'],
  ['U+FFFD, U+FFFF, a BOM inside, C0 and C1 controls', 'a\ufffd\uffff\ufeff\u0001\u001f\u0085b'],
  ['U+0000', 'a\u0000b'],
  ['a lone high surrogate', 'a\ud800b'],
  ['a lone low surrogate', 'a\udc00b'],
  ['a pair in the wrong order', '\udc00\ud800'],
];

describe('what PGlite stores intact', () => {
  it.each(samples)('%s', async (_what, value) => {
    const intact = (await roundTrip('s', value)) === true && (await roundTrip('j', value)) === true;
    expect(intact).toBe(isStorableText(value));
    // jsonb refuses outright what cannot be stored: it is never silently altered there.
    if (!intact) expect(await roundTrip('j', value)).toBeUndefined();
  });

  it('refuses U+0000 in text outright, and alters a lone surrogate there', async () => {
    expect(await roundTrip('s', '\u0000')).toBeUndefined();
    expect(await roundTrip('s', '\ud800')).toBe(false);
  });
});
