import type { ShareRole, Visibility } from '#policies';
import type { ArtifactSummary } from '#shared/api';

/* An artifact row as every query selects it, and the records and summaries built from it. */

export type { Visibility };

export interface ArtifactRecord {
  id: string;
  title: string;
  kind: string;
  ownerId: string;
  /** The owner's name as of their last sign-in ('' when the directory does not know them). */
  ownerName: string;
  orgId: string;
  visibility: Visibility;
  createdAt: string;
  updatedAt: string;
  /** What viewers see: null = the live document, n = pinned to version n. */
  pinnedVersion: number | null;
  /** With visibility `restricted`: who may read besides the owner. */
  sharedUsers: string[];
  sharedGroups: string[];
  /** The subset of `sharedUsers` / `sharedGroups` shared with the role `edit`. */
  editorUsers: string[];
  editorGroups: string[];
  /** Remix lineage: the artifact this one was copied from (null when it was not, or that one is gone) and its version (null = its live document). */
  remixedFrom: { id: string; version: number | null } | null;
  /** Legal hold: retention never deletes it (or any of its versions) while set. */
  legalHold: boolean;
  /** The pinned version's title and kind: what readers who may not see the live document are shown. */
  pinnedMeta: { title: string; kind: string } | null;
}

/** The artifact row plus its shares, as every query that builds an ArtifactRecord selects it. */
export const ARTIFACT_COLUMNS = `a.*,
  coalesce((select p.name from people p where p.org_id = a.org_id and p.user_id = a.owner_id), '') as owner_name,
  coalesce((select array_agg(s.subject order by s.subject) from shares s where s.artifact_id = a.id and s.kind = 'user'), '{}') as shared_users,
  coalesce((select array_agg(s.subject order by s.subject) from shares s where s.artifact_id = a.id and s.kind = 'group'), '{}') as shared_groups,
  coalesce((select array_agg(s.subject order by s.subject) from shares s where s.artifact_id = a.id and s.kind = 'user' and s.role = 'edit'), '{}') as editor_users,
  coalesce((select array_agg(s.subject order by s.subject) from shares s where s.artifact_id = a.id and s.kind = 'group' and s.role = 'edit'), '{}') as editor_groups,
  (select v.meta_title from versions v where v.artifact_id = a.id and v.version = a.pinned_version) as pinned_title,
  (select v.meta_kind from versions v where v.artifact_id = a.id and v.version = a.pinned_version) as pinned_kind`;

/** A row selected with ARTIFACT_COLUMNS. */
export interface ArtifactRow {
  id: string;
  title: string;
  kind: string;
  owner_id: string;
  owner_name: string;
  org_id: string;
  visibility: Visibility;
  created_at: Date | string;
  updated_at: Date | string;
  pinned_version: number | null;
  shared_users: string[];
  shared_groups: string[];
  editor_users?: string[];
  editor_groups?: string[];
  remixed_from?: string | null;
  remixed_from_version?: number | null;
  legal_hold?: boolean;
  pinned_title?: string | null;
  pinned_kind?: string | null;
}

export function toRecord(row: ArtifactRow): ArtifactRecord {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    ownerId: row.owner_id,
    ownerName: row.owner_name ?? '',
    orgId: row.org_id,
    visibility: row.visibility,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    pinnedVersion: row.pinned_version === null || row.pinned_version === undefined ? null : Number(row.pinned_version),
    sharedUsers: row.shared_users ?? [],
    sharedGroups: row.shared_groups ?? [],
    editorUsers: row.editor_users ?? [],
    editorGroups: row.editor_groups ?? [],
    remixedFrom: row.remixed_from ? { id: row.remixed_from, version: row.remixed_from_version == null ? null : Number(row.remixed_from_version) } : null,
    legalHold: row.legal_hold === true,
    // A version whose frozen title could not be read shows none, never the live one.
    pinnedMeta: row.pinned_version == null ? null : { title: row.pinned_title ?? '', kind: row.pinned_kind ?? 'document' },
  };
}

/**
 * An artifact as the API lists it (`GET /api/artifacts`, its summary, the compliance rows).
 * The title and kind mirror the live document; a caller who may not read it (a reader of a
 * pinned artifact) gets the pinned version's instead (`readsLive` false). `yourShare`: the
 * role the caller's share gives them (policies' `shareRoleOf`), never anyone else's.
 */
export function artifactSummary(a: ArtifactRecord, latestVersion: number | null, readsLive = true, yourShare: ShareRole | null = null): ArtifactSummary {
  const shown = readsLive || !a.pinnedMeta ? a : a.pinnedMeta;
  return {
    id: a.id,
    title: shown.title,
    kind: shown.kind,
    owner: a.ownerId,
    ownerName: a.ownerName,
    orgId: a.orgId,
    visibility: a.visibility,
    pinnedVersion: a.pinnedVersion,
    updatedAt: a.updatedAt,
    createdAt: a.createdAt,
    latestVersion,
    remixedFrom: a.remixedFrom,
    yourShare,
  };
}
