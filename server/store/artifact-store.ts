import type { AuditEventInput } from './audit-chain.ts';
import { appendAuditEvent } from './audit-events.ts';
import { ARTIFACT_COLUMNS, toRecord, type ArtifactRecord, type ArtifactRow, type Visibility } from './artifact-rows.ts';
import type { SqlClient } from './sql.ts';
import { appendChunk, appendEntries, INSERT_CHUNK, readDocument, type LogEntry, type StoredDocument } from './update-rows.ts';

export interface ListFilter {
  /** Case-insensitive substring of the title. */
  q?: string;
  kind?: string;
  limit?: number;
}

/** Artifacts, their sharing and their update log, over one SQL schema, whichever driver runs it. */
export class ArtifactStore {
  /** The SQL client itself: the floor's, and tests' that look at rows; nothing above the floor queries it. */
  constructor(readonly db: SqlClient) {}

  /** Resolves when the database answers a trivial query (readiness). */
  async ping(): Promise<void> {
    await this.db.query('select 1');
  }

  /** Inserts the artifact row; with `audit`, its 'created' event is in the same transaction. */
  async createArtifact(
    input: { id: string; title: string; kind: string; ownerId: string; orgId: string; remixedFrom?: { id: string; version: number | null } },
    audit?: AuditEventInput | readonly AuditEventInput[],
  ): Promise<ArtifactRecord> {
    const rows = await this.inTransaction(audit, (tx) => tx.query<ArtifactRow>(
      `insert into artifacts (id, title, kind, owner_id, org_id, remixed_from, remixed_from_version) values ($1, $2, $3, $4, $5, $6, $7) returning *, coalesce((select p.name from people p where p.org_id = $5 and p.user_id = $4), '') as owner_name, '{}'::text[] as shared_users, '{}'::text[] as shared_groups, null as pinned_title, null as pinned_kind`,
      [input.id, input.title, input.kind, input.ownerId, input.orgId, input.remixedFrom?.id ?? null, input.remixedFrom?.version ?? null],
    ));
    return toRecord(rows[0] as ArtifactRow);
  }

  async getArtifact(id: string): Promise<ArtifactRecord | null> {
    const rows = await this.db.query<ArtifactRow>(`select ${ARTIFACT_COLUMNS} from artifacts a where a.id = $1`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * Artifacts of one org, most recently updated first, with their latest version number. `q`
   * and `kind` match the live title and kind or the pinned version's: the caller then keeps
   * each row by what that caller may see (see `matchesShown`).
   */
  async listArtifacts(orgId: string, filter: ListFilter = {}): Promise<(ArtifactRecord & { latestVersion: number | null })[]> {
    const q = filter.q?.trim() ? `%${filter.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
    const rows = await this.db.query<ArtifactRow & { latest_version: number | null }>(
      `select ${ARTIFACT_COLUMNS}, (select max(v.version) from versions v where v.artifact_id = a.id) as latest_version
       from artifacts a
       where a.org_id = $1
         and ($2::text is null or a.title ilike $2 or exists (select 1 from versions v where v.artifact_id = a.id and v.version = a.pinned_version and v.meta_title ilike $2))
         and ($3::text is null or a.kind = $3 or exists (select 1 from versions v where v.artifact_id = a.id and v.version = a.pinned_version and v.meta_kind = $3))
       order by a.updated_at desc, a.id limit $4`,
      [orgId, q, filter.kind ?? null, filter.limit ?? 500],
    );
    return rows.map((row) => ({ ...toRecord(row), latestVersion: row.latest_version === null ? null : Number(row.latest_version) }));
  }

  async latestVersion(id: string): Promise<number | null> {
    const rows = await this.db.query<{ v: number | null }>('select max(version) as v from versions where artifact_id = $1', [id]);
    return rows[0]?.v == null ? null : Number(rows[0].v);
  }

  /**
   * Replaces visibility and shares in one transaction (with its audit event, when given).
   * `users` / `groups` may view; `editors` may edit (disjoint from them: the route checks).
   */
  async setSharing(
    id: string,
    sharing: { visibility: Visibility; users: readonly string[]; groups: readonly string[]; editors?: { users: readonly string[]; groups: readonly string[] } },
    audit?: AuditEventInput,
  ): Promise<void> {
    await this.inTransaction(audit, async (tx) => {
      await tx.query('update artifacts set visibility = $2 where id = $1', [id, sharing.visibility]);
      await tx.query('delete from shares where artifact_id = $1', [id]);
      const entries = [
        ...sharing.users.map((u) => ['user', u, 'view']),
        ...sharing.groups.map((g) => ['group', g, 'view']),
        ...(sharing.editors?.users ?? []).map((u) => ['user', u, 'edit']),
        ...(sharing.editors?.groups ?? []).map((g) => ['group', g, 'edit']),
      ];
      if (entries.length) {
        const values = entries.map((_, i) => `($1, $${i * 3 + 2}, $${i * 3 + 3}, $${i * 3 + 4})`).join(', ');
        await tx.query(`insert into shares (artifact_id, kind, subject, role) values ${values}`, [id, ...entries.flat()]);
      }
    });
  }

  /** Artifacts remixed from `id` (any owner: the caller keeps those its reader may read), oldest first. */
  async listRemixes(id: string): Promise<ArtifactRecord[]> {
    const rows = await this.db.query<ArtifactRow>(`select ${ARTIFACT_COLUMNS} from artifacts a where a.remixed_from = $1 order by a.created_at, a.id limit 500`, [id]);
    return rows.map(toRecord);
  }

  /** Sets or releases legal hold; the 'legal-hold' audit event commits with it. */
  async setLegalHold(id: string, hold: boolean, audit?: AuditEventInput): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query('update artifacts set legal_hold = $2 where id = $1', [id, hold]);
      if (audit) await appendAuditEvent(tx, audit);
    });
  }

  async setPinnedVersion(id: string, version: number | null): Promise<void> {
    await this.db.query('update artifacts set pinned_version = $2 where id = $1', [id, version]);
  }

  /**
   * Hard delete: the row, its log, its state, its versions and its shares (cascade). With
   * `audit`, the 'deleted' event commits with the deletion, and only if there was something to
   * delete (a second delete of the same artifact records nothing).
   */
  async deleteArtifact(id: string, audit?: AuditEventInput): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>('delete from artifacts where id = $1 returning id', [id]);
      if (rows.length > 0 && audit) await appendAuditEvent(tx, audit);
      return rows.length > 0;
    });
  }

  /** Runs `fn` alone, or with `audit` (one event or several, in order) appended in the same transaction. */
  private inTransaction<T>(audit: AuditEventInput | readonly AuditEventInput[] | undefined, fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    if (!audit) return this.db.transaction(fn);
    const events: readonly AuditEventInput[] = Array.isArray(audit) ? audit : [audit as AuditEventInput];
    return this.db.transaction(async (tx) => {
      const result = await fn(tx);
      for (const event of events) await appendAuditEvent(tx, event);
      return result;
    });
  }

  /**
   * Appends log entries of any number of artifacts in one commit (group commit). Entries of
   * artifacts deleted meanwhile are left out and named in `gone`, so one deletion does not fail
   * everybody else's commit; the rows of the others are locked against deletion until it ends.
   * Plain entries (no title change, no audit event: keystrokes, most agent edits) of one chunk
   * take one statement, atomic on its own; the rest share a transaction.
   */
  async appendUpdates(all: readonly LogEntry[]): Promise<{ gone: string[] }> {
    if (all.length === 0) return { gone: [] };
    if (all.length <= INSERT_CHUNK && all.every((e) => !e.audit && !e.meta && !e.receipt)) return { gone: await appendChunk(this.db, all) };
    return this.db.transaction((tx) => appendEntries(tx, all));
  }

  async loadDocument(artifactId: string): Promise<StoredDocument> {
    return this.db.transaction(async (tx) => readDocument(tx, artifactId));
  }

  async countUpdates(artifactId: string): Promise<number> {
    const rows = await this.db.query<{ n: number | string }>('select count(*) as n from updates where artifact_id = $1', [artifactId]);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Folds the log into the state row. `fold` gets the stored state and updates and returns one
   * update equal to all of them. Only the log rows that were read are deleted, so an update
   * committed meanwhile (by another connection of a PostgreSQL pool) survives and is simply
   * applied again on load, which Yjs makes harmless.
   */
  async compact(artifactId: string, fold: (doc: StoredDocument) => Uint8Array): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query('select id from artifacts where id = $1 for update', [artifactId]);
      const stored = await readDocument(tx, artifactId);
      if (stored.updates.length === 0) return 0;
      const state = fold(stored);
      await tx.query(
        `insert into state (artifact_id, data, compacted_at) values ($1, $2, now())
         on conflict (artifact_id) do update set data = excluded.data, compacted_at = excluded.compacted_at`,
        [artifactId, state],
      );
      await tx.query('delete from updates where artifact_id = $1 and id = any($2::bigint[])', [artifactId, stored.ids]);
      return stored.updates.length;
    });
  }
}
