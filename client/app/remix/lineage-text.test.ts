import { describe, expect, it } from 'vitest';
import { afterSourceTitle, remixLine, sourceHref, sourceVersionText } from './lineage-text.ts';

describe('remix lineage words', () => {
  it('names the version copied, or the live page', () => {
    expect(sourceVersionText(3)).toBe('version 3');
    expect(sourceVersionText(null)).toBe('the live page');
    expect(afterSourceTitle(3)).toBe('version 3');
    expect(afterSourceTitle(null)).toBe('(live page)');
  });

  it('links the version copied, or the live page', () => {
    expect(sourceHref({ id: 'abc', version: 3, title: 'T' })).toBe('/a/abc/v/3');
    expect(sourceHref({ id: 'abc', version: null, title: null })).toBe('/a/abc');
  });

  it('says who remixed what, by name or else by id', () => {
    expect(remixLine({ id: 'x', title: 'Mine', owner: 'u-bob', ownerName: 'Bob Baker', version: 1, createdAt: '' })).toBe('by Bob Baker, from version 1');
    expect(remixLine({ id: 'x', title: 'Mine', owner: 'u-bob', ownerName: '', version: null, createdAt: '' })).toBe('by u-bob, from the live page');
  });
});
