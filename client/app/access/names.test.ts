import { describe, expect, it } from 'vitest';
import { initials, orgName } from './names.ts';

describe('names', () => {
  it.each([
    ['acme', 'Acme'],
    ['globex-eng', 'Globex-eng'],
    ['Acme Corp', 'Acme Corp'],
    ['3f2a9c1e-0000-4000-8000-000000000000', '3f2a9c1e-0000-4000-8000-000000000000'],
    ['', ''],
  ])('org %j reads %j', (id, name) => {
    expect(orgName(id)).toBe(name);
  });

  it.each([
    ['Alice Anders', 'AA'],
    ['alice', 'A'],
    ['  Jean  Claude van Damme ', 'JD'],
    ['Émile Zola', 'ÉZ'],
    ['', '?'],
  ])('initials of %j are %j', (name, letters) => {
    expect(initials(name)).toBe(letters);
  });
});
