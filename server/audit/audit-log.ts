/**
 * The audit trail's vocabulary, as every audited layer names it. Storing events (the hash
 * chain, its SQL, group commit) is the storage floor's (server/store); which events are
 * written, by whom and how often is this folder's.
 */
export { AUDIT_ACTIONS, type AuditAction, type AuditEvent, type AuditEventInput } from '../store/index.ts';
