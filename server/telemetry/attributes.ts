/**
 * Every span and metric attribute the server sets, in one list: ids, counts, sizes and
 * outcomes only. Never content, titles, tokens or e-mail addresses (nor user ids, which the
 * IdP may make from an e-mail address). Semantic-convention names where one exists, otherwise
 * `live_artifacts.` (the stable semantic-convention names are written out: application code
 * depends on `@opentelemetry/api` alone).
 */
export const ATTR = {
  /** The failure's stable code (AppError/OpError `code`) or error class; absent on success. */
  errorType: 'error.type',
  /** What `@hono/otel` sets and the server takes off again (it holds the query): path and scheme instead. */
  urlFull: 'url.full',
  urlPath: 'url.path',
  urlScheme: 'url.scheme',
  artifactId: 'live_artifacts.artifact.id',
  orgId: 'live_artifacts.org.id',
  /** `ok`, or the error's code. */
  outcome: 'live_artifacts.outcome',
  /** Ops in a batch. */
  ops: 'live_artifacts.op_batch.ops',
  /** Bytes of the Yjs update a change made (0: it changed nothing). */
  updateBytes: 'live_artifacts.update.size',
  /** Where an edit came from: `ops`, `socket` or `restore`. */
  editVia: 'live_artifacts.edit.via',
  readOnly: 'live_artifacts.socket.read_only',
  /** Updates in a document's log when it was loaded. */
  logUpdates: 'live_artifacts.document.log_updates',
  /** Bytes of a document's stored state and log. */
  documentBytes: 'live_artifacts.document.size',
  /** Log entries a compaction folded into the state row. */
  folded: 'live_artifacts.compaction.folded',
  /** Bytes a compaction saved (log entries and old state minus the new state). */
  freedBytes: 'live_artifacts.compaction.freed',
  version: 'live_artifacts.version.number',
  /** A publish that found the live document equal to the latest version. */
  unchanged: 'live_artifacts.version.unchanged',
  htmlBytes: 'live_artifacts.version.html.size',
  sections: 'live_artifacts.document.sections',
  refusalReason: 'live_artifacts.refusal.reason',
  /** `http` or `socket`. */
  refusalVia: 'live_artifacts.refusal.via',
  auditAction: 'live_artifacts.audit.action',
  /** `artifact` or `version`. */
  retentionTarget: 'live_artifacts.retention.target',
  retentionOrgs: 'live_artifacts.retention.orgs',
  retentionArtifacts: 'live_artifacts.retention.deleted_artifacts',
  retentionVersions: 'live_artifacts.retention.deleted_versions',
  /** A sweep that found another one running. */
  retentionBusy: 'live_artifacts.retention.busy',
  /** The membership check bypassed the cache (the socket sweep). */
  membershipFresh: 'live_artifacts.membership.fresh',
  /** `member`, `not-member`, or `unknown` (the IdP did not answer; the last answer stands). */
  membershipResult: 'live_artifacts.membership.result',
  /** Entries in one group commit of the update log. */
  commitEntries: 'live_artifacts.group_commit.entries',
} as const;

/** Span names: low-cardinality operation names, no ids in them. */
export const SPAN = {
  opBatch: 'op_batch',
  validate: 'validate',
  apply: 'apply',
  commit: 'commit',
  socketAuthenticate: 'socket.authenticate',
  documentLoad: 'document.load',
  documentCompact: 'document.compact',
  publish: 'version.publish',
  render: 'version.render',
  retentionSweep: 'retention.sweep',
  membershipCheck: 'membership.check',
} as const;

/** Metric names (OpenTelemetry semantic conventions where one exists; units in `unit`). */
export const METRIC = {
  opBatchCommitDuration: 'live_artifacts.op_batch.commit.duration',
  opBatchSize: 'live_artifacts.op_batch.size',
  groupCommitDuration: 'live_artifacts.group_commit.duration',
  groupCommitSize: 'live_artifacts.group_commit.size',
  editBroadcastDuration: 'live_artifacts.edit.broadcast.duration',
  deliveries: 'live_artifacts.broadcast.deliveries',
  openSockets: 'live_artifacts.sockets.open',
  loadedDocuments: 'live_artifacts.documents.loaded',
  refusals: 'live_artifacts.refusals',
  auditEvents: 'live_artifacts.audit.events',
  retentionDeletions: 'live_artifacts.retention.deletions',
} as const;
