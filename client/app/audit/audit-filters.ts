import { AUDIT_ACTIONS, type AuditAction } from '#shared/api';

/** The actions an auditor can filter by, in the order the menu lists them. */
export { AUDIT_ACTIONS };

/** What the /audit page's filter form holds. Dates are `YYYY-MM-DD` (local days), '' = unset. */
export interface AuditFilters {
  action: AuditAction | '';
  actor: string;
  artifact: string;
  fromDate: string;
  toDate: string;
}

export const NO_FILTERS: Readonly<AuditFilters> = Object.freeze({ action: '', actor: '', artifact: '', fromDate: '', toDate: '' });

/** Rows per page of the event table ("Load more" asks for the next). */
export const PAGE_SIZE = 50;

/**
 * The query of `GET /api/compliance/events` for the form's filters: newest first, the date
 * range as whole local days (`to` inclusive: the server's bound is exclusive, so the next
 * midnight), and the cursor of the page to continue after.
 */
export function eventsQuery(filters: AuditFilters, cursor?: string | null, limit = PAGE_SIZE): string {
  const query = new URLSearchParams({ order: 'desc', limit: String(limit) });
  if (filters.action) query.set('action', filters.action);
  if (filters.actor.trim()) query.set('actor', filters.actor.trim());
  if (filters.artifact.trim()) query.set('artifact', filters.artifact.trim());
  const from = startOfLocalDay(filters.fromDate, 0);
  const to = startOfLocalDay(filters.toDate, 1);
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (cursor) query.set('cursor', cursor);
  return query.toString();
}

/** `YYYY-MM-DD` plus `addDays`, at local midnight, as an ISO instant; undefined when not a date. */
function startOfLocalDay(date: string, addDays: number): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const day = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(day.getTime()) ? undefined : day.toISOString();
}

/** A short, human line for an event's metadata (`{ops: 3}` → "ops 3"). */
export function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key} ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}
