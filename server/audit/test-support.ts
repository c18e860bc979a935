import type { Principal } from '#policies';
import type { Authenticator } from '../auth/index.ts';
import { AccessDenied, unauthorized } from '../errors.ts';
import type { SqlClient } from '../store/sql.ts';

/**
 * Tests only. Tokens are user names mapped to principals (the OIDC authenticator is tested on
 * its own); `leaver` is a verified token of someone who left acme (refused as AccessDenied).
 */
export const PEOPLE: Record<string, Principal> = {
  alice: { userId: 'alice', name: 'Alice Author', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  bob: { userId: 'bob', name: 'Bob', orgId: 'acme', roles: ['artifact-author'], groups: [] },
  vic: { userId: 'vic', name: 'Vic', orgId: 'acme', roles: ['artifact-viewer'], groups: [] },
  audrey: { userId: 'audrey', name: 'Audrey Auditor', orgId: 'acme', roles: ['auditor'], groups: [] },
  carol: { userId: 'carol', name: 'Carol', orgId: 'globex', roles: ['artifact-author'], groups: [] },
  gail: { userId: 'gail', name: 'Gail', orgId: 'globex', roles: ['auditor'], groups: [] },
  ines: { userId: 'ines', name: 'Ines', orgId: 'initech', roles: ['artifact-author'], groups: [] },
};

export const testAuthenticator: Authenticator = {
  async authenticate(token) {
    if (token === 'leaver') throw new AccessDenied({ userId: 'leo', name: 'Leo', orgId: 'acme' }, 'not-a-member', 'you are no longer a member of acme');
    const principal = token ? PEOPLE[token] : undefined;
    if (!principal) throw unauthorized();
    return principal;
  },
};

export interface AuditRow {
  seq: number;
  action: string;
  actor_id: string;
  actor_name: string;
  artifact_id: string | null;
  version: number | null;
  client_address: string | null;
  details: Record<string, unknown>;
}

export async function auditRows(db: SqlClient, orgId: string): Promise<AuditRow[]> {
  const rows = await db.query<AuditRow>('select seq, action, actor_id, actor_name, artifact_id, version, client_address, details from audit_events where org_id = $1 order by seq', [orgId]);
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/**
 * Every place in the database where `marker` occurs: each text, jsonb, array and bytea column
 * of every table, searched as stored (bytea as raw bytes: Yjs updates and frozen HTML keep text
 * as UTF-8).
 */
export async function findMarker(db: SqlClient, marker: string): Promise<string[]> {
  const columns = await db.query<{ table_name: string; column_name: string; data_type: string }>(
    `select c.table_name, c.column_name, c.data_type from information_schema.columns c
     join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       and c.data_type in ('text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY')`,
  );
  const hits: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    const test = type === 'bytea' ? `position(convert_to($1, 'UTF8') in "${column}") > 0` : `position($1 in "${column}"::text) > 0`;
    const rows = await db.query<{ n: number | string }>(`select count(*) as n from "${table}" where ${test}`, [marker]);
    if (Number(rows[0]?.n ?? 0) > 0) hits.push(`${table}.${column}`);
  }
  return hits;
}
