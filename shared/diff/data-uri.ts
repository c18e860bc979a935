/** Media types longer than this are cut: the description must stay a short label. */
const MAX_MEDIA_TYPE_CHARS = 40;

/**
 * A short label for an image source, e.g. `data:image/png (12.3 kB)`: its media type and decoded
 * size, never the data. Two different images of the same type and size get the same label, which
 * is the price of keeping megabytes (and anything derived from them) out of a diff.
 */
export function describeDataUri(src: string): string {
  if (!src.startsWith('data:')) return src.length > MAX_MEDIA_TYPE_CHARS ? `${src.slice(0, MAX_MEDIA_TYPE_CHARS)}…` : src;
  const comma = src.indexOf(',');
  const header = comma < 0 ? src.slice(5) : src.slice(5, comma);
  const mediaType = (header.split(';')[0] ?? '').replace(/[^\w.+/-]/g, '').slice(0, MAX_MEDIA_TYPE_CHARS) || 'unknown';
  const payloadChars = comma < 0 ? 0 : src.length - comma - 1;
  const isBase64 = /;base64$/i.test(header);
  const padding = isBase64 ? (src.endsWith('==') ? 2 : src.endsWith('=') ? 1 : 0) : 0;
  const bytes = isBase64 ? Math.max(0, Math.floor((payloadChars * 3) / 4) - padding) : payloadChars;
  return `data:${mediaType} (${formatBytes(bytes)})`;
}

/** `850 B`, `12.3 kB`, `4.2 MB` (powers of 1000, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
