import { render } from '@lit-labs/ssr';
import { parseFragment, serialize } from 'parse5';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { ARTIFACT_CSS, renderArtifactPage } from '#shared/render';
import type { ArtifactJSON } from '#shared';

/** The largest frozen page we store and serve; a larger one is refused (413 `snapshot_too_large`). */
export const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;

/**
 * The policy of frozen pages: nothing but inline styles and data: images and fonts. Served as a
 * header by the user-content origin (with `sandbox` and `frame-ancestors`, which a <meta> tag
 * cannot carry) and repeated in a <meta> tag for copies opened from disk.
 */
export const FROZEN_CSP_META = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "font-src data:",
  "script-src 'none'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function frozenCspHeader(appOrigin: string): string {
  return `${FROZEN_CSP_META}; sandbox; frame-ancestors ${appOrigin}`;
}

/**
 * A frozen version as a download from the app's own origin (owner's download, compliance API):
 * an attachment, never rendered there, under the same strict policy as the user-content origin.
 */
export function frozenHtmlDownload(html: Uint8Array, filename: string, appOrigin: string, extra: Record<string, string> = {}): Response {
  return new Response(new Uint8Array(html), {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Content-Security-Policy': frozenCspHeader(appOrigin),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      ...extra,
    },
  });
}

/**
 * One self-contained HTML file: the same lit templates as the live view, rendered on the server
 * with @lit-labs/ssr, CSS inline, charts as inline SVG, images only as data: URIs, no script.
 */
export function renderFrozenHtml(artifact: ArtifactJSON, info: { version: number; publishedAt: string; gitCommit?: string | null; repositoryUrl?: string | null }): string {
  const rendered = collectResultSync(render(renderArtifactPage(artifact)))
    // lit's hydration markers: comments and `<?>` placeholders; the page is never hydrated.
    .replace(/<!--\/?lit-part[^>]*-->|<!--lit-node \d+-->|<!--\?-->|<\?>/g, '');
  const body = inertLinks(rendered);
  const title = escapeHtml(`${artifact.meta.title || 'Untitled'} · v${info.version}`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${FROZEN_CSP_META}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Live Artifacts">
<title>${title}</title>
<style>${ARTIFACT_CSS}
body{margin:0;padding:24px 16px;background:#fff}
.la-artifact{max-width:900px;margin:0 auto}
.la-link--frozen{text-decoration:underline dotted;cursor:help}
.la-frozen-footer{max-width:900px;margin:32px auto 0;color:#6b7280;font:12px/1.4 system-ui,sans-serif}
</style>
</head>
<body>
${body}
<footer class="la-frozen-footer">Version ${info.version} · published ${escapeHtml(info.publishedAt)}${commitText(info)}</footer>
</body>
</html>
`;
}

interface Element {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: Element[];
}

/**
 * A frozen page never points anywhere: links other than in-page #fragments lose their href
 * (the address stays readable in the title), so the file cannot reach the network even when
 * someone clicks.
 */
function inertLinks(html: string): string {
  // Parsing the whole page costs about a quarter of a large publish; most pages have no link.
  if (!/<a\s[^>]*href="(?!#)/i.test(html)) return html;
  const parsed = parseFragment(html);
  const fragment = parsed as unknown as Element;
  let changed = false;
  const walk = (node: Element) => {
    if (node.nodeName === 'a' && node.attrs) {
      const href = node.attrs.find((a) => a.name === 'href')?.value;
      if (href !== undefined && !href.startsWith('#')) {
        node.attrs = [...node.attrs.filter((a) => !['href', 'target', 'rel', 'title'].includes(a.name)), { name: 'title', value: href }, { name: 'class', value: 'la-link--frozen' }];
        changed = true;
      }
    }
    for (const child of node.childNodes ?? []) walk(child);
  };
  walk(fragment);
  return changed ? serialize(parsed) : html;
}

/**
 * The commit as text, never a link: a frozen page reaches nothing (links lose their href), and
 * a reader copies the address from here.
 */
function commitText(info: { gitCommit?: string | null; repositoryUrl?: string | null }): string {
  if (!info.gitCommit) return '';
  const where = info.repositoryUrl ? ` in ${escapeHtml(info.repositoryUrl)}` : '';
  return ` · commit <code title="${escapeHtml(info.gitCommit)}">${escapeHtml(info.gitCommit.slice(0, 12))}</code>${where}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
