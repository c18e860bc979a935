import { describe, expect, it } from 'vitest';
import { InputError } from './errors.ts';
import { resolveShareTargets } from './share-targets.ts';

const DIRECTORY = {
  people: [
    { userId: 'u-alice', name: 'Alice Anders' },
    { userId: 'u-bob', name: 'Bob Baker' },
    { userId: 'u-bo', name: 'Bo Baker' },
    { userId: 'u-sre', name: 'Sre Person' },
  ],
  groups: ['acme-sre', 'sre'],
};

function failure(names: string[]): InputError {
  try {
    resolveShareTargets(names, DIRECTORY);
  } catch (error: unknown) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('resolveShareTargets', () => {
  it('finds people by id, whole display name or one word of it, and groups by name', () => {
    expect(resolveShareTargets(['u-alice', 'bob baker', 'Bob', 'acme-sre', 'group:sre'], DIRECTORY)).toEqual({ users: ['u-alice', 'u-bob'], groups: ['acme-sre', 'sre'] });
  });

  it('refuses a name that means several people or a person and a group, saying how to choose', () => {
    expect(failure(['baker'])).toMatchObject({ code: 'ambiguous_name', message: expect.stringContaining('Bob Baker (u-bob), Bo Baker (u-bo)') });
    expect(failure(['sre'])).toMatchObject({ code: 'ambiguous_name', message: expect.stringContaining('write user:sre or group:sre') });
    expect(resolveShareTargets(['user:sre'], DIRECTORY)).toEqual({ users: ['u-sre'], groups: [] });
  });

  it('refuses an unknown name, listing close matches', () => {
    expect(failure(['bobb'])).toMatchObject({ code: 'unknown_name', message: expect.stringMatching(/nobody in your org is called 'bobb'; did you mean Bob Baker \(u-bob\)/) });
    expect(failure(['zzzzzzzz']).message).not.toContain('did you mean');
    expect(failure(['group:acme'])).toMatchObject({ message: expect.stringContaining('did you mean group acme-sre') });
  });
});
