import { describe, expect, it } from 'vitest';
import { parseReadingPosition, READING_POSITION_MAX_AGE_MS, serializeReadingPosition } from './reading-position.ts';

const NOW = 1_800_000_000_000;

describe('reading position storage', () => {
  it('round-trips a section anchor and the end of the page', () => {
    const at = { kind: 'section', sectionId: 's20', offsetPx: -240 } as const;
    expect(parseReadingPosition(serializeReadingPosition(at, NOW), NOW + 1_000)).toEqual(at);
    expect(parseReadingPosition(serializeReadingPosition({ kind: 'end' }, NOW), NOW)).toEqual({ kind: 'end' });
  });

  it('forgets a position older than half an hour, or from the future', () => {
    const text = serializeReadingPosition({ kind: 'section', sectionId: 'a', offsetPx: 0 }, NOW);
    expect(parseReadingPosition(text, NOW + READING_POSITION_MAX_AGE_MS)).toBeDefined();
    expect(parseReadingPosition(text, NOW + READING_POSITION_MAX_AGE_MS + 1)).toBeUndefined();
    expect(parseReadingPosition(text, NOW - 1)).toBeUndefined();
  });

  it.each([
    ['nothing stored', null],
    ['not JSON', 'top'],
    ['JSON null', 'null'],
    ['no time', JSON.stringify({ kind: 'end' })],
    ['an unknown kind', JSON.stringify({ kind: 'pixel', y: 300, savedAtMs: NOW })],
    ['no section id', JSON.stringify({ kind: 'section', offsetPx: 3, savedAtMs: NOW })],
    ['an empty section id', JSON.stringify({ kind: 'section', sectionId: '', offsetPx: 3, savedAtMs: NOW })],
    ['an offset as text', JSON.stringify({ kind: 'section', sectionId: 'a', offsetPx: '3', savedAtMs: NOW })],
  ])('ignores %s', (_name, text) => {
    expect(parseReadingPosition(text, NOW)).toBeUndefined();
  });

  it('rounds the offset to whole pixels', () => {
    expect(parseReadingPosition(JSON.stringify({ kind: 'section', sectionId: 'a', offsetPx: 12.6, savedAtMs: NOW }), NOW)).toEqual({ kind: 'section', sectionId: 'a', offsetPx: 13 });
  });
});
