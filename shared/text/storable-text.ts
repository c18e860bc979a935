import { z } from 'zod';

/*
 * Text PostgreSQL can store. Probed against PGlite 0.5.16 (PostgreSQL 18.6 in WASM): `text`
 * refuses U+0000 ("invalid byte sequence for encoding UTF8: 0x00"), also as a query parameter,
 * and `jsonb` refuses `\u0000`; an unpaired UTF-16 surrogate is refused by `jsonb` and silently
 * becomes U+FFFD in `text`, so what is read back differs from what was written. Either way a
 * stored copy (an artifact's title mirrored from its document, say) can no longer be kept in
 * step, so such text is refused where it comes in, never half-stored.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The stable code of the refusal (an op error code; HTTP bodies say `invalid_request` with the field). */
export const INVALID_TEXT = 'invalid_text';

export const UNSTORABLE_TEXT_MESSAGE = 'must not contain U+0000 or an unpaired UTF-16 surrogate';

export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

/**
 * `z.string()` that refuses text PostgreSQL cannot store. Every string a caller sends (op fields,
 * request bodies, query parameters) starts from this; chain `.min()`, `.max()`, `.trim()` as usual.
 */
export function storableText(): z.ZodString {
  return z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, params: { code: INVALID_TEXT } });
}

/** Whether a zod issue is the refusal of {@link storableText}. */
export function isUnstorableTextIssue(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'custom' && (issue.params as { code?: unknown } | undefined)?.code === INVALID_TEXT;
}

/**
 * The issue to report: the first one about unstorable text, looking inside unions too (whose
 * options each report their own), else the first issue. Text that cannot be stored is named
 * whatever else is wrong, so the caller learns the one thing no retry with other fields fixes.
 */
export function reportedIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  return findUnstorable(issues) ?? issues[0];
}

function findUnstorable(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue | undefined {
  for (const issue of issues) {
    if (isUnstorableTextIssue(issue)) return issue;
    if (issue.code === 'invalid_union') {
      for (const option of issue.errors) {
        const nested = findUnstorable(option);
        // Union options report paths relative to the union.
        if (nested) return { ...nested, path: [...issue.path, ...nested.path] };
      }
    }
  }
  return undefined;
}
