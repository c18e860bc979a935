import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, test } from 'vitest';
import type { Section } from '../schema/types.ts';
import { formatUtc } from './timeline.ts';
import { renderSection } from './index.ts';

const PIXEL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** SSR output without lit's hydration comments, so assertions read like the HTML a browser sees. */
function ssr(section: Section): string {
  return collectResultSync(render(renderSection(section)))
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?>/g, '');
}

describe('renderSection', () => {
  test('wraps the title and body in .la-section__body with a type class, and adds no id', () => {
    const out = ssr({ id: 'intro', type: 'markdown', title: 'Summary', text: 'All **green**.' });
    expect(out).toMatch(/^<div class="la-section__body la-section--markdown"><h2 class="la-section__title">Summary<\/h2>/);
    expect(out).toContain('<strong>green</strong>');
    expect(out).not.toContain('intro');
  });

  test('a section without a title has no heading', () => {
    expect(ssr({ id: 'm', type: 'markdown', text: 'x' })).not.toContain('<h2');
  });

  test('the title is escaped', () => {
    const out = ssr({ id: 'm', type: 'markdown', title: '<img src=x onerror=alert(1)>', text: '' });
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('code is highlighted by language', () => {
    const out = ssr({ id: 'c', type: 'code', language: 'typescript', code: 'const n: number = 42; // answer' });
    expect(out).toContain('<span class="hljs-keyword">const</span>');
    expect(out).toContain('<span class="hljs-number">42</span>');
    expect(out).toContain('<span class="hljs-comment">// answer</span>');
    expect(out).toContain('<div class="la-code__lang">typescript</div>');
  });

  test('code in an unknown language is escaped plain text', () => {
    const out = ssr({ id: 'c', type: 'code', language: 'brainfudge', code: '<script>alert(1)</script>' });
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('highlighted code escapes markup in the source', () => {
    const out = ssr({ id: 'c', type: 'code', language: 'html', code: '<script>alert(1)</script>' });
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;');
  });

  test('a diff replaces the code and colours each line by kind', () => {
    const diff = [
      'diff --git a/app.ts b/app.ts',
      '--- a/app.ts',
      '+++ b/app.ts',
      '@@ -1,3 +1,3 @@',
      ' const a = 1;',
      '-const b = 2;',
      '+const b = 3;',
      '+const c = <T>(x: T) => x;',
      '',
    ].join('\n');
    const out = ssr({ id: 'c', type: 'code', language: 'typescript', code: 'NOT SHOWN', diff });
    expect(out).not.toContain('NOT SHOWN');
    const line = (kind: string, oldN: string, newN: string, text: string) =>
      `<span class="la-diff__line la-diff__${kind}"><span class="la-diff__gutter" aria-hidden="true"><span class="la-diff__n" data-n="${oldN}"></span><span class="la-diff__n" data-n="${newN}"></span></span><span class="la-diff__text">${text}</span></span>`;
    expect(out).toContain(line('hunk', '', '', '@@ -1,3 +1,3 @@'));
    expect(out).toContain(line('del', '2', '', '-const b = 2;'));
    expect(out).toContain(line('add', '', '2', '+const b = 3;'));
    expect(out).toContain(line('add', '', '3', '+const c = &lt;T&gt;(x: T) =&gt; x;'));
    expect(out).toContain(line('file', '', '', '--- a/app.ts'));
    expect(out).toContain(line('ctx', '1', '1', ' const a = 1;'));
    expect(out.match(/la-diff__line /g)).toHaveLength(8);
  });

  test('inside a hunk its counts decide: a removed "-- x" line is a removal, not a file header', () => {
    const diff = ['@@ -10,2 +10,3 @@', '--- a comment', ' kept', '+++ added', '+b', 'diff --git a/next b/next'].join('\n');
    const out = ssr({ id: 'c', type: 'code', language: 'sql', code: '', diff });
    expect(out).toMatch(/la-diff__del"><span[^>]*><span class="la-diff__n" data-n="10">/);
    expect(out).toMatch(/la-diff__ctx"><span[^>]*><span class="la-diff__n" data-n="11"><\/span><span class="la-diff__n" data-n="10">/);
    expect(out).toMatch(/la-diff__add"><span[^>]*><span class="la-diff__n" data-n=""><\/span><span class="la-diff__n" data-n="12"><\/span><\/span><span class="la-diff__text">\+b</);
    expect(out).toContain('la-diff__meta"><span');
  });

  test('a section with "collapsed" folds under its title in a <details>, open unless collapsed', () => {
    const diff = '@@ -1 +1,2 @@\n-a\n+b\n+c\n';
    const folded = ssr({ id: 'f', type: 'code', title: 'src/app.ts', language: 'typescript', code: '', diff, collapsed: true });
    expect(folded).toMatch(/^<div class="la-section__body la-section--code"><details class="la-code la-code--foldable"\s*>/);
    expect(folded).toMatch(/<summary class="la-code__summary"><h2 class="la-section__title la-code__title">src\/app.ts<\/h2>/);
    expect(folded).toContain('<span class="la-code__added">+2</span> <span class="la-code__removed">−1</span>');
    expect(folded.match(/<h2/g)).toHaveLength(1);
    const open = ssr({ id: 'f', type: 'code', title: 'src/app.ts', language: 'typescript', code: '', diff, collapsed: false });
    expect(open).toMatch(/<details class="la-code la-code--foldable"\s+open/);
    const plain = ssr({ id: 'f', type: 'code', title: 'src/app.ts', language: 'typescript', code: '', diff });
    expect(plain).not.toContain('<details');
    expect(plain).toContain('<h2 class="la-section__title">src/app.ts</h2>');
  });

  test('a chart renders inline SVG', () => {
    const out = ssr({ id: 'ch', type: 'chart', chart: 'bar', series: [{ name: 'errors', points: [['a', 1]] }] });
    expect(out).toContain('<svg class="la-chart__svg"');
    expect(out).toContain('<rect class="la-chart__bar"');
  });

  test('a timeline lists events with UTC time, severity, actor and markdown body', () => {
    const out = ssr({
      id: 't',
      type: 'timeline',
      events: [
        { id: 'e1', at: '2024-03-05T09:07:30+02:00', title: 'Pager fired', severity: 'critical', actor: 'pagerduty' },
        { id: 'e2', at: '2024-03-05T08:30:00Z', title: 'Rolled back', body: 'Used `v1.2`.', severity: 'resolved' },
        { id: 'e3', at: 'soon', title: 'Postmortem <draft>' },
      ],
    });
    expect(out).toContain('<ol class="la-timeline">');
    expect(out).toContain('<time class="la-timeline__time" datetime="2024-03-05T09:07:30+02:00" title="2024-03-05 07:07:30 UTC">2024-03-05 07:07:30 UTC</time>');
    expect(out).toContain('<span class="la-badge la-sev-badge--critical">critical</span>');
    expect(out).toContain('la-timeline__event la-sev--resolved');
    expect(out).toContain('<span class="la-timeline__actor">pagerduty</span>');
    expect(out).toContain('<code>v1.2</code>');
    expect(out).toContain('>soon</time>');
    expect(out).toContain('Postmortem &lt;draft&gt;');
  });

  test('formatUtc is deterministic and locale-free', () => {
    expect(formatUtc('2024-12-31T23:59:59.999Z')).toBe('2024-12-31 23:59:59 UTC');
    expect(formatUtc('2025-01-01T00:30:00-01:00')).toBe('2025-01-01 01:30:00 UTC');
    expect(formatUtc('not a date')).toBe('not a date');
  });

  test('a checklist shows done items struck, owners and a summary', () => {
    const out = ssr({
      id: 'k',
      type: 'checklist',
      items: [
        { id: 'a', text: 'Page the DBA', done: true, owner: 'alice' },
        { id: 'b', text: 'Write postmortem', done: false },
        { id: 'c', text: 'Close incident', done: false },
      ],
    });
    expect(out).toContain('<span>1 of 3 done</span>');
    expect(out).toMatch(/<li class="la-checklist__item is-done">\s*<label class="la-checklist__label">\s*<input class="la-checklist__box" type="checkbox" disabled checked/);
    expect(out.match(/ checked/g)).toHaveLength(1);
    expect(out).toContain('<span class="la-badge la-badge--owner">alice</span>');
    expect(out).toContain('Write postmortem');
  });

  test('a table has a header row, and numbers are right-aligned', () => {
    const out = ssr({
      id: 'tb',
      type: 'table',
      columns: ['host', 'errors'],
      rows: [
        ['db-1', 12],
        ['db-2', 0],
        ['<b>x</b>', 3],
      ],
    });
    expect(out).toContain('<div class="la-table-wrap" tabindex="0">');
    expect(out).toContain('<th scope="col" class="">host</th>');
    expect(out).toContain('<th scope="col" class="la-num">errors</th>');
    expect(out).toContain('<td class="la-num">12</td>');
    expect(out).toContain('<td class="">db-1</td>');
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt;');
  });

  test('long text cells wrap, short ones do not', () => {
    const prose = 'Cache was cold because the warmer job was skipped during the deploy window';
    const out = ssr({ id: 'tb', type: 'table', columns: ['k', 'note'], rows: [['db-1', prose]] });
    expect(out).toContain(`<td class="la-wrap">${prose}</td>`);
    expect(out).toContain('<td class="">db-1</td>');
  });

  test('a short table row is padded to the column count', () => {
    const out = ssr({ id: 'tb', type: 'table', columns: ['a', 'b', 'c'], rows: [['only']] });
    expect(out.match(/<td/g)).toHaveLength(3);
  });

  test('a callout carries its tone and renders markdown', () => {
    const out = ssr({ id: 'co', type: 'callout', tone: 'danger', text: 'Do **not** restart db-1.' });
    expect(out).toContain('la-callout la-callout--danger');
    expect(out).toContain('<strong>not</strong>');
  });

  test('metrics show value, unit and a coloured delta', () => {
    const out = ssr({
      id: 'me',
      type: 'metrics',
      items: [
        { label: 'Error rate', value: 2.5, unit: '%', delta: '+0.4%' },
        { label: 'p99', value: '310', unit: 'ms', delta: -40 },
        { label: 'Hosts', value: 12 },
        { label: 'Queue', value: 7, delta: 3 },
      ],
    });
    expect(out).toContain('<div class="la-metric__label">Error rate</div>');
    expect(out).toMatch(/<div class="la-metric__value">2.5<span class="la-metric__unit">%<\/span><\/div>/);
    expect(out).toMatch(/la-delta--up la-delta--better"[^>]*>\s*<span aria-hidden="true">▲ \+0.4%/);
    expect(out).toMatch(/la-delta--down la-delta--worse"[^>]*>\s*<span aria-hidden="true">▼ -40/);
    expect(out).toMatch(/la-delta--up la-delta--better"[^>]*>\s*<span aria-hidden="true">▲ \+3/);
    expect(out.match(/la-metric__delta /g)).toHaveLength(3);
  });

  test('a metric where lower is better: a rise is worse, in colour and in words', () => {
    const out = ssr({
      id: 'me',
      type: 'metrics',
      items: [
        { label: 'p99', value: 480, unit: 'ms', delta: '+120', better: 'lower' },
        { label: 'errors', value: '0.1%', delta: -0.3, better: 'lower' },
        { label: 'flat', value: 1, delta: 0, better: 'lower' },
      ],
    });
    expect(out).toMatch(/la-delta--up la-delta--worse" title="lower is better"/);
    expect(out).toContain('<span class="la-delta__verdict">worse</span>');
    expect(out).toContain('<span class="la-sr-only">up +120, worse (lower is better)</span>');
    expect(out).toMatch(/la-delta--down la-delta--better"/);
    expect(out).toContain('<span class="la-sr-only">down -0.3, better (lower is better)</span>');
    expect(out).toMatch(/la-delta--flat la-delta--unchanged"/);
    expect(out).toContain('<span class="la-sr-only">unchanged 0</span>');
  });

  test('an image with a data: URI is shown', () => {
    const out = ssr({ id: 'i', type: 'image', src: PIXEL, alt: 'one pixel' });
    expect(out).toContain(`<img src="${PIXEL}" alt="one pixel">`);
  });

  test('an image with any other source is replaced by a visible placeholder', () => {
    for (const src of ['http://x/y.png', 'https://x/y.png', '//x/y.png', 'javascript:alert(1)', 'data:text/html,hi']) {
      const out = ssr({ id: 'i', type: 'image', src, alt: 'graph' });
      expect(out).not.toContain('<img');
      expect(out).not.toContain(src);
      expect(out).toContain('image blocked: only data: URIs are allowed');
    }
  });

  test('an unknown section type renders a notice instead of failing', () => {
    const out = ssr({ id: 'x', type: 'hologram' } as unknown as Section);
    expect(out).toContain('la-section--unknown');
    expect(out).toContain('not supported');
  });
});

describe('log sections', () => {
  test('a code section of language log is a bounded, keyboard-scrollable monospace box with a line count, no script', () => {
    const out = ssr({ id: 'b', type: 'code', language: 'log', code: '$ make\n<b>ok</b>\n' });
    expect(out).toContain('<div class="la-code la-code--log">');
    expect(out).toContain('log · 2 lines');
    expect(out).toContain('<pre class="la-code__pre la-code__scroll" tabindex="0"><code><span class="la-log__line">$ make</span><span class="la-log__line">&lt;b&gt;ok&lt;/b&gt;</span></code></pre>');
    expect(out).not.toContain('<script');
    expect(ssr({ id: 'b', type: 'code', language: 'log', code: '' })).toContain('log · 0 lines');
  });
});
