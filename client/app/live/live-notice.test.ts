import { describe, expect, it } from 'vitest';
import { parseLiveNotice, restoredText } from './live-notice.ts';

const restored = { type: 'restored', version: 1, actorName: 'Alice Anders', preservedVersion: 4 };

describe('parseLiveNotice', () => {
  it('reads a restore notice', () => {
    expect(parseLiveNotice(JSON.stringify(restored))).toEqual(restored);
    expect(parseLiveNotice(JSON.stringify({ ...restored, preservedVersion: null }))).toEqual({ ...restored, preservedVersion: null });
  });

  it.each([
    ['the keepalive', 'keepalive'],
    ['an empty payload', ''],
    ['broken JSON', '{"type":"restored",'],
    ['a JSON string', '"restored"'],
    ['a JSON array', '[{"type":"restored","version":1}]'],
    ['null', 'null'],
    ['an unknown type', JSON.stringify({ ...restored, type: 'deleted' })],
    ['no type', JSON.stringify({ version: 1 })],
    ['no version', JSON.stringify({ type: 'restored', actorName: 'A' })],
    ['a version as text', JSON.stringify({ ...restored, version: '1' })],
    ['version 0', JSON.stringify({ ...restored, version: 0 })],
    ['a fractional version', JSON.stringify({ ...restored, version: 1.5 })],
    ['a huge payload', JSON.stringify({ ...restored, actorName: 'x'.repeat(10_000) })],
  ])('ignores %s', (_name, payload) => {
    expect(parseLiveNotice(payload)).toBeUndefined();
  });

  it('ignores what is not a string at all', () => {
    expect(parseLiveNotice(undefined)).toBeUndefined();
    expect(parseLiveNotice(42)).toBeUndefined();
  });

  it('keeps what it can of odd optional fields', () => {
    expect(parseLiveNotice(JSON.stringify({ type: 'restored', version: 3 }))).toEqual({ type: 'restored', version: 3, actorName: '', preservedVersion: null });
    expect(parseLiveNotice(JSON.stringify({ ...restored, actorName: 7, preservedVersion: -2 }))).toEqual({ ...restored, actorName: '', preservedVersion: null });
    expect(parseLiveNotice(JSON.stringify({ ...restored, actorName: '  Alice \n Anders ' }))?.actorName).toBe('Alice Anders');
    expect(parseLiveNotice(` ${JSON.stringify(restored)}`)).toEqual(restored);
    const long = parseLiveNotice(JSON.stringify({ ...restored, actorName: 'A'.repeat(200) }))?.actorName ?? '';
    expect(Array.from(long)).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });

  it('never carries extra fields into the page', () => {
    expect(parseLiveNotice(JSON.stringify({ ...restored, html: '<img onerror=alert(1)>' }))).toEqual(restored);
  });
});

describe('restoredText', () => {
  it('says what happened and who did it', () => {
    expect(restoredText({ type: 'restored', version: 1, actorName: 'Alice', preservedVersion: null })).toBe('Restored to version 1 by Alice');
    expect(restoredText({ type: 'restored', version: 12, actorName: '', preservedVersion: 13 })).toBe('Restored to version 12');
  });
});
