/**
 * Times as readers see them. Pure: the time zone is passed in (frozen pages use UTC), and
 * `Intl` is part of the language, not of a host. Frozen pages render the same bytes everywhere.
 */

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * `YYYY-MM-DD HH:MM:SS UTC` from an ISO 8601 string, the same on every machine and in every
 * locale; an unparseable value is shown as given.
 */
export function formatUtc(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const d = new Date(ms);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`;
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat | undefined {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      });
    } catch {
      return undefined; // an unknown zone: the caller falls back to UTC
    }
    zoneFormats.set(timeZone, format);
  }
  return format;
}

/** `YYYY-MM-DD HH:MM:SS <zone>` in `timeZone` (e.g. `2026-11-21 11:00:05 GMT+1`); UTC as formatUtc. */
export function formatInZone(iso: string, timeZone: string): string {
  if (timeZone === 'UTC') return formatUtc(iso);
  const ms = Date.parse(iso);
  const format = zoneFormat(timeZone);
  if (!Number.isFinite(ms) || !format) return formatUtc(iso);
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']} ${parts['timeZoneName']}`;
}

/** "just now", "45 s ago", "3 min ago", "2 h ago", "5 d ago"; "in 3 min" for the future. */
export function formatRelative(atMs: number, nowMs: number): string {
  const seconds = Math.round((nowMs - atMs) / 1000);
  const abs = Math.abs(seconds);
  const text =
    abs < 10 ? '' : abs < 60 ? `${abs} s` : abs < 3600 ? `${Math.floor(abs / 60)} min` : abs < 86400 ? `${Math.floor(abs / 3600)} h` : `${Math.floor(abs / 86400)} d`;
  if (!text) return 'just now';
  return seconds >= 0 ? `${text} ago` : `in ${text}`;
}
