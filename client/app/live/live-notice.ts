import type { LiveNotice } from '#shared/api';

/** Longer payloads are not notices (the server's are well under 1 kB); they are not even parsed. */
const MAX_NOTICE_CHARS = 4_096;
/** A name longer than this is cut, so a notice stays one short line. */
const MAX_NAME_CHARS = 80;

/**
 * The notice in a Hocuspocus stateless payload, or undefined for anything else: the server's
 * plain `keepalive`, other JSON, or a payload that does not fit the shape. Parsed defensively,
 * field by field, since it arrives from the network and ends up in the page.
 */
export function parseLiveNotice(payload: unknown): LiveNotice | undefined {
  if (typeof payload !== 'string' || payload.length > MAX_NOTICE_CHARS || !payload.trimStart().startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || value['type'] !== 'restored') return undefined;
  const version = value['version'];
  if (!isVersion(version)) return undefined;
  const actor = value['actorName'];
  const preserved = value['preservedVersion'];
  return {
    type: 'restored',
    version,
    actorName: typeof actor === 'string' ? shorten(actor.replace(/\s+/g, ' ').trim(), MAX_NAME_CHARS) : '',
    preservedVersion: isVersion(preserved) ? preserved : null,
  };
}

/** "Restored to version 1 by Alice Anders" (without a name when the server had none). */
export function restoredText(notice: LiveNotice): string {
  return `Restored to version ${notice.version}${notice.actorName ? ` by ${notice.actorName}` : ''}`;
}

function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
