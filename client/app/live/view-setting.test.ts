import { describe, expect, it } from 'vitest';
import type { VersionInfo } from '../api/index.ts';
import { parseViewValue, viewOptions, viewValue } from './view-setting.ts';

const version = (n: number, message: string | null = null): VersionInfo => ({
  version: n,
  sha256: 'x'.repeat(64),
  author: 'alice',
  authorName: 'Alice',
  createdAt: '2025-01-01T00:00:00Z',
  message,
  gitCommit: null,
  repositoryUrl: null,
  sizeBytes: 1000,
  kind: 'published',
});

describe('viewOptions', () => {
  it('offers live first, then versions newest first, with short messages', () => {
    const options = viewOptions([version(3, 'Root cause found'), version(2, '  '), version(1, 'x'.repeat(80))], { mode: 'live' });
    expect(options.map((o) => o.value)).toEqual(['live', '3', '2', '1']);
    expect(options[1]?.label).toBe('Version 3 · Root cause found');
    expect(options[2]?.label).toBe('Version 2');
    expect(options[3]?.label).toHaveLength('Version 1 · '.length + 48);
    expect(options[3]?.label.endsWith('…')).toBe(true);
  });

  it('keeps a pinned version that is no longer listed', () => {
    expect(viewOptions([version(5)], { mode: 'pinned', version: 2 }).map((o) => o.value)).toEqual(['live', '5', '2']);
    expect(viewOptions([], undefined).map((o) => o.value)).toEqual(['live']);
  });
});

describe('viewValue / parseViewValue', () => {
  it.each([
    [{ mode: 'live' as const }, 'live'],
    [{ mode: 'pinned' as const, version: 4 }, '4'],
  ])('round-trips %j', (setting, value) => {
    expect(viewValue(setting)).toBe(value);
    expect(parseViewValue(value)).toEqual(setting);
  });

  it.each(['', '0', '-1', '2.5', 'latest'])('rejects %j', (value) => {
    expect(parseViewValue(value)).toBeUndefined();
  });
});
