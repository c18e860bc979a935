import { api, type Me } from '../api/index.ts';

let pending: Promise<Me> | undefined;

/**
 * The signed-in user as the server sees them (`GET /api/me`), fetched once and shared by the
 * header and every page that hides what the user may not do. A failure is not kept, so the
 * next caller asks again.
 */
export function currentUser(): Promise<Me> {
  pending ??= api.me().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

/**
 * Drops the shared answer, so the next caller asks the server again: for when something it
 * carries changed (the org policy switched the feature back on).
 */
export function forgetCurrentUser(): void {
  pending = undefined;
}
