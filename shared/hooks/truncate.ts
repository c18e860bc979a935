/** `12345` → `12,345`, the same in every locale (no Intl: the page must not depend on the server's). */
export function groupDigits(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * At most `maxChars` characters and `maxLines` lines of `text`, cut at a code point (never
 * inside a surrogate pair), saying how much was left out: "… 12,345 more characters".
 */
export function truncate(text: string, maxChars: number, maxLines = Number.POSITIVE_INFINITY): string {
  let limit = maxChars;
  if (Number.isFinite(maxLines)) {
    let at = -1;
    for (let line = 0; line < maxLines && at < text.length; line++) {
      at = text.indexOf('\n', at + 1);
      if (at < 0) break;
    }
    if (at >= 0 && at < limit) limit = at;
  }
  if (text.length <= limit) return text;
  let end = limit;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}\n… ${groupDigits(text.length - end)} more characters`;
}

/** One line of at most `maxChars`, for titles: newlines become spaces, the cut ends in "…". */
export function oneLine(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  let end = maxChars - 1;
  const last = flat.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${flat.slice(0, end)}…`;
}

/**
 * Text PostgreSQL can store: U+0000 and unpaired surrogates (which a tool's binary output may
 * hold) become U+FFFD, so one odd byte does not make the whole event refused.
 */
export function storable(text: string): string {
  return text.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
