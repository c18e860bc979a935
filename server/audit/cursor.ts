import { badRequest } from '../errors.ts';

/**
 * Opaque pagination cursors: the position after the last row of a page, as base64url JSON
 * tagged with the list it belongs to. Clients pass them back unchanged; anything else
 * (edited, truncated, from another list) is refused with 400 `invalid_cursor`.
 */
export function encodeCursor(list: string, position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ l: list, ...position }), 'utf8').toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(list: string, text: string, check: (value: Record<string, unknown>) => value is T & Record<string, unknown>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || (value as { l?: unknown }).l !== list || !check(value as Record<string, unknown>)) {
    throw badRequest('invalid_cursor', 'the cursor is not one this list handed out; start again without it', { field: 'cursor' });
  }
  return value as T;
}
