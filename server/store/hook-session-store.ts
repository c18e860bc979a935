import type { SqlClient } from './sql.ts';

/** Which agent session is which; the key of a hook event's session artifact. */
export interface HookSessionKey {
  userId: string;
  source: string;
  sessionId: string;
}

/**
 * The session artifacts of agent hooks: one per (user, source, session id). The row goes with
 * its artifact (foreign key, on delete cascade), so a deleted session artifact is simply
 * created anew by the session's next event.
 */
export class HookSessionStore {
  constructor(private readonly db: SqlClient) {}

  /** The artifact of a session, if it has one. */
  async find(key: HookSessionKey): Promise<string | null> {
    const rows = await this.db.query<{ artifact_id: string }>(
      'select artifact_id from hook_sessions where user_id = $1 and source = $2 and session_id = $3',
      [key.userId, key.source, key.sessionId],
    );
    return rows[0]?.artifact_id ?? null;
  }

  /**
   * Records `artifactId` as the session's artifact unless another one got there first (two
   * instances racing on a session's first event); resolves with the artifact that holds it.
   */
  async claim(key: HookSessionKey, artifactId: string): Promise<string> {
    const rows = await this.db.query<{ artifact_id: string }>(
      `with mine as (
         insert into hook_sessions (user_id, source, session_id, artifact_id) values ($1, $2, $3, $4)
         on conflict (user_id, source, session_id) do nothing returning artifact_id
       )
       select artifact_id from mine
       union all
       select artifact_id from hook_sessions where user_id = $1 and source = $2 and session_id = $3 and not exists (select 1 from mine)`,
      [key.userId, key.source, key.sessionId, artifactId],
    );
    return rows[0]?.artifact_id ?? artifactId;
  }
}
