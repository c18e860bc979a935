import type { Logger } from '../log.ts';
import type { PeopleStore } from '../store/index.ts';
import type { Authenticator } from './index.ts';

/**
 * Remembers who signs in, so the share dialog can offer the people and groups of an org and
 * pages can show owners by name. Written once per process per change of name or groups, not
 * on every request. Service accounts (agents) are recorded as agents: shown as owners, not
 * offered as people to share with.
 */
export function recordingPeople(inner: Authenticator, people: PeopleStore, logger: Logger): Authenticator {
  const seen = new Map<string, string>();
  /** Writes under way, by person: a thousand sockets reconnecting at once share one. */
  const writing = new Map<string, { signature: string; done: Promise<void> }>();
  return {
    async authenticate(token) {
      const session = await inner.authenticate(token);
      if (!session.orgId) return session;
      const key = `${session.orgId}\u0000${session.userId}`;
      const signature = JSON.stringify([session.name, session.groups]);
      if (seen.get(key) === signature) return session;
      let write = writing.get(key);
      if (write?.signature !== signature) {
        const done = people
          .upsert([{ userId: session.userId, orgId: session.orgId, name: session.name, groups: session.groups, agent: session.name.startsWith('service-account-') }])
          .then(
            () => void seen.set(key, signature),
            // The directory is a convenience; a failed write must not refuse a valid sign-in.
            (error: unknown) => logger.warn({ err: error }, 'could not record the signed-in user in the directory'),
          )
          .finally(() => {
            if (writing.get(key)?.done === done) writing.delete(key);
          });
        write = { signature, done };
        writing.set(key, write);
      }
      await write.done;
      return session;
    },
  };
}
