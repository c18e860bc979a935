import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, test } from 'vitest';
import { markdownToHtml, renderMarkdown } from './markdown.ts';

const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** SSR output without lit's hydration comments. */
function ssr(text: string): string {
  return collectResultSync(render(renderMarkdown(text))).replace(/<!--[\s\S]*?-->/g, '');
}

describe('markdown', () => {
  test('renders ordinary markdown', () => {
    const out = ssr('# Root cause\n\nThe **cache** was `cold`.\n\n- one\n- two');
    expect(out).toContain('<h1>Root cause</h1>');
    expect(out).toContain('<strong>cache</strong>');
    expect(out).toContain('<code>cold</code>');
    expect(out).toMatch(/<ul>\s*<li>one<\/li>/);
  });

  test('raw HTML comes out as text, never as tags', () => {
    const out = ssr('hello <script>alert(1)</script> and <img src=http://x onerror=alert(2)>\n\n<div onclick="x()">d</div>');
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toMatch(/<img/i);
    expect(out).not.toMatch(/<div onclick/i);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('&lt;img src=http://x onerror=alert(2)&gt;');
  });

  test('a remote image becomes its alt text and no src', () => {
    const out = ssr('see ![the graph](http://evil/x.png) and ![b](https://evil/y.png "t") and ![c](//evil/z.png)');
    expect(out).not.toContain('src=');
    expect(out).not.toContain('evil');
    expect(out).toContain('la-md__blocked-image');
    expect(out).toContain('the graph');
  });

  test('alt text of a blocked image is escaped', () => {
    const out = markdownToHtml('![<b>x</b> & "y"](http://evil/x.png)');
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
  });

  test('a data: image is kept', () => {
    const out = markdownToHtml(`![dot](${PIXEL})`);
    expect(out).toContain(`<img src="${PIXEL}" alt="dot">`);
  });

  test('links open in a new tab without referrer or opener', () => {
    const out = markdownToHtml('[runbook](https://wiki.example/runbook) and <https://example.org>');
    expect(out).toContain(
      '<a href="https://wiki.example/runbook" rel="noopener noreferrer" target="_blank">runbook</a>',
    );
    expect(out).toContain('<a href="https://example.org" rel="noopener noreferrer" target="_blank">');
  });

  test('dangerous link schemes are not turned into links', () => {
    const out = markdownToHtml(
      '[a](javascript:alert(1)) [b](vbscript:msgbox) [c](file:///etc/passwd) [d](data:text/html;base64,PHNjcmlwdD4=)',
    );
    expect(out).not.toContain('<a ');
    expect(out).not.toMatch(/href=/);
  });

  test('bare URLs are not linkified', () => {
    expect(markdownToHtml('go to https://example.org now')).not.toContain('<a ');
  });

  test('task lists become disabled checkboxes, their text still escaped', () => {
    const out = markdownToHtml('- [ ] roll back <b>db</b>\n- [x] page **on-call**\n- plain item');
    expect(out).toContain('<ul class="la-tasklist">');
    expect(out).toContain('<li class="la-task"><input type="checkbox" class="la-task__box" disabled aria-label="not done"> roll back &lt;b&gt;db&lt;/b&gt;</li>');
    expect(out).toContain('<input type="checkbox" class="la-task__box" disabled checked aria-label="done"> page <strong>on-call</strong>');
    expect(out).toContain('<li>plain item</li>');
    expect(markdownToHtml('- [y] not a task')).not.toContain('checkbox');
    expect(markdownToHtml('[ ] not in a list')).not.toContain('checkbox');
  });

  test('fenced code with a known language is highlighted and escaped', () => {
    const out = markdownToHtml('```ts\nconst a = "<script>";\n```\n\n```nosuchlang\n<b>x</b>\n```');
    expect(out).toContain('<code class="hljs language-ts">');
    expect(out).toContain('<span class="hljs-keyword">const</span>');
    expect(out).toContain('&lt;script&gt;');
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(out).not.toContain('<b>x</b>');
  });
});
