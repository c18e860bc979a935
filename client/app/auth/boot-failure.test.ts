import { describe, expect, it } from 'vitest';
import { ArtifactsError } from '../../sdk/index.ts';
import { failureMessage } from './boot-failure.ts';

describe('sign-in failure wording', () => {
  it.each<[unknown, string]>([
    [new ArtifactsError('could not reach', 0, 'network_error'), 'The server cannot be reached. Check your connection.'],
    [{ error: 'access_denied', error_description: 'User cancelled' }, 'The sign-in server said: User cancelled'],
    [{ error: 'login_required' }, 'The sign-in server said: login_required'],
    [new Error('bad issuer'), 'bad issuer'],
    ['???', 'Something went wrong while signing in.'],
  ])('%j', (error, text) => {
    expect(failureMessage(error)).toBe(text);
  });
});
