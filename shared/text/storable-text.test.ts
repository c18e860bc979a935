import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStorableText, reportedIssue, storableText, UNSTORABLE_TEXT_MESSAGE } from './storable-text.ts';

describe('storable text', () => {
  const table: [string, string, boolean][] = [
    ['empty', '', true],
    ['plain', 'Incident 42', true],
    ['a surrogate pair (emoji)', 'ok \ud83d\ude00', true],
    ['U+FFFD, U+FFFF, a BOM, C1 controls', '\ufffd\uffff\ufeff\u0085\u0001', true],
    ['U+0000', 'a\u0000b', false],
    ['U+0000 alone', '\u0000', false],
    ['a lone high surrogate at the end', 'abc\ud83d', false],
    ['a lone high surrogate before a letter', '\ud83dx', false],
    ['a lone low surrogate at the start', '\ude00abc', false],
    ['a pair in the wrong order', '\ude00\ud83d', false],
    ['two high surrogates then a low one', '\ud83d\ud83d\ude00', false],
  ];
  it.each(table)('%s → storable %s', (_what, text, storable) => {
    expect(isStorableText(text)).toBe(storable);
    expect(storableText().safeParse(text).success).toBe(storable);
  });

  it('is reported before other problems, inside unions too, with its path', () => {
    const schema = z.strictObject({ rows: z.array(z.array(z.union([storableText(), z.number()]))), title: z.string().max(1) });
    const result = schema.safeParse({ title: 'too long', rows: [[1, 'a\u0000']] });
    expect(result.success).toBe(false);
    expect(reportedIssue(result.error?.issues ?? [])).toMatchObject({ path: ['rows', 0, 1], message: UNSTORABLE_TEXT_MESSAGE });
    const items = z.array(z.union([z.strictObject({ id: z.string(), text: storableText() }), z.strictObject({ label: storableText(), n: z.number() })]));
    const nested = items.safeParse([{ label: 'x\ud800', extra: 1 }]);
    expect(reportedIssue(nested.error?.issues ?? [])).toMatchObject({ path: [0, 'label'], message: UNSTORABLE_TEXT_MESSAGE });
    expect(reportedIssue(z.string().max(1).safeParse('ab').error?.issues ?? [])).toMatchObject({ code: 'too_big' });
  });
});
