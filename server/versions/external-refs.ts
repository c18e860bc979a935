import { parse } from 'parse5';

/*
 * Finds every way an HTML document could reach beyond itself: attributes that load or link
 * (src, href, srcset, action, poster, data, xlink:href, formaction, ping, background), <base>,
 * <meta http-equiv=refresh>, <link>, <script>, <iframe>/<object>/<embed>, and url()/@import in
 * CSS. data: URIs of images and in-page #fragments are fine. Used by tests and by publish checks.
 */

const URL_ATTRS = new Set(['src', 'href', 'srcset', 'action', 'poster', 'data', 'xlink:href', 'formaction', 'ping', 'background', 'cite', 'manifest']);
const FORBIDDEN_ELEMENTS = new Set(['base', 'link', 'script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'portal', 'applet']);

interface Node {
  nodeName: string;
  attrs?: { name: string; value: string; prefix?: string }[];
  childNodes?: Node[];
  content?: Node;
  value?: string;
}

export function findExternalReferences(html: string): string[] {
  const found: string[] = [];
  const walk = (node: Node, inStyle: boolean) => {
    if (node.nodeName === '#text' && inStyle) found.push(...cssReferences(node.value ?? ''));
    if (FORBIDDEN_ELEMENTS.has(node.nodeName)) found.push(`<${node.nodeName}>`);
    for (const attr of node.attrs ?? []) {
      const name = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
      if (URL_ATTRS.has(name) && !isSelfContained(name, attr.value)) found.push(`${node.nodeName}[${name}=${attr.value.slice(0, 80)}]`);
      if (name === 'style') found.push(...cssReferences(attr.value));
      if (name === 'http-equiv' && attr.value.toLowerCase() === 'refresh') found.push('<meta http-equiv=refresh>');
    }
    for (const child of node.childNodes ?? []) walk(child, node.nodeName === 'style');
    if (node.content) walk(node.content, false);
  };
  walk(parse(html) as unknown as Node, false);
  return found;
}

function isSelfContained(attr: string, value: string): boolean {
  const v = value.trim();
  if (attr === 'href' && v.startsWith('#')) return true;
  return /^data:image\//i.test(v) && attr !== 'href';
}

function cssReferences(css: string): string[] {
  const refs: string[] = [];
  for (const match of css.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\b[^;]*/gi)) {
    if (match[0].toLowerCase().startsWith('@import')) refs.push(match[0].slice(0, 80));
    else if (!/^data:/i.test(match[2] ?? '')) refs.push(`url(${(match[2] ?? '').slice(0, 80)})`);
  }
  return refs;
}
