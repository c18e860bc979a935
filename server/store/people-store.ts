import type { SqlClient } from './sql.ts';

export interface Person {
  userId: string;
  orgId: string;
  name: string;
  groups: readonly string[];
  /** A service account (an agent): shown as an owner, never offered in the share dialog. */
  agent?: boolean;
}

export interface DirectoryQuery {
  /** Case-insensitive substring of the name or user id. */
  q?: string;
  limit?: number;
}

/**
 * The directory the share dialog picks from: who signed in (or was seeded by the embedded IdP),
 * per org, with their groups as of that sign-in. The IdP stays the source of identity; this
 * table only remembers names so people can be chosen and owners shown by name.
 */
export class PeopleStore {
  constructor(private readonly db: SqlClient) {}

  async upsert(people: readonly Person[]): Promise<void> {
    for (const person of people) {
      await this.db.query(
        `insert into people (org_id, user_id, name, groups, agent, seen_at) values ($1, $2, $3, $4, $5, now())
         on conflict (org_id, user_id) do update set name = excluded.name, groups = excluded.groups, agent = excluded.agent, seen_at = excluded.seen_at`,
        [person.orgId, person.userId, person.name, [...person.groups], person.agent ?? false],
      );
    }
  }

  /** The members of one org among `userIds` (compared without case), with their groups; agents excluded. */
  async members(orgId: string, userIds: readonly string[]): Promise<{ userId: string; name: string; groups: string[] }[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db.query<{ user_id: string; name: string; groups: string[] }>(
      'select user_id, name, groups from people where org_id = $1 and not agent and lower(user_id) = any($2)',
      [orgId, userIds.map((id) => id.toLowerCase())],
    );
    return rows.map((r) => ({ userId: r.user_id, name: r.name, groups: [...r.groups] }));
  }

  /** People of one org (by name) and every group any of them belongs to. */
  async directory(orgId: string, query: DirectoryQuery = {}): Promise<{ people: { userId: string; name: string }[]; groups: string[] }> {
    const q = query.q?.trim() ? `%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const people = await this.db.query<{ user_id: string; name: string }>(
      `select user_id, name from people
       where org_id = $1 and not agent and ($2::text is null or name ilike $2 or user_id ilike $2)
       order by lower(name), user_id limit $3`,
      [orgId, q, query.limit ?? 200],
    );
    const groups = await this.db.query<{ name: string }>(
      `select distinct g as name from people, unnest(groups) as g
       where org_id = $1 and not agent and ($2::text is null or g ilike $2) order by 1`,
      [orgId, q],
    );
    return { people: people.map((p) => ({ userId: p.user_id, name: p.name })), groups: groups.map((g) => g.name) };
  }
}
