import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, test } from 'vitest';
import type { ArtifactJSON } from '../schema/types.ts';
import { ARTIFACT_CSS, renderArtifactHeader, renderArtifactPage } from './index.ts';

function ssr(template: unknown): string {
  return collectResultSync(render(template)).replace(/<!--[\s\S]*?-->/g, '').replace(/<\?>/g, '');
}

const ARTIFACT: ArtifactJSON = {
  id: 'art_1',
  meta: { title: 'DB failover', kind: 'incident', emoji: '🔥', status: 'Investigating' },
  sections: [
    { id: 'sum', type: 'markdown', title: 'Summary', text: 'Primary lost. ![x](http://evil/x.png)' },
    { id: 'img', type: 'image', src: 'http://x/y.png', alt: 'remote' },
    { id: 'lat', type: 'chart', chart: 'line', series: [{ name: 'p99', points: [[1, 2], [2, 3]] }] },
    { id: 'todo', type: 'checklist', items: [{ id: 'a', text: 'Failover', done: true }] },
  ],
};

describe('renderArtifactHeader', () => {
  test('shows title, emoji, kind and a toned status badge', () => {
    const out = ssr(renderArtifactHeader(ARTIFACT.meta));
    expect(out).toContain('<div class="la-header__kind">incident</div>');
    expect(out).toContain('<span class="la-header__emoji" aria-hidden="true">🔥</span><span>DB failover</span>');
    expect(out).toContain('<span class="la-badge la-status la-status--warning">Investigating</span>');
  });

  test('an unknown status is neutral and a missing one is absent', () => {
    expect(ssr(renderArtifactHeader({ title: 't', kind: 'k', status: 'pondering' }))).toContain('la-status--neutral');
    expect(ssr(renderArtifactHeader({ title: 't', kind: 'k' }))).not.toContain('la-status');
  });
});

describe('renderArtifactPage', () => {
  test('renders the header and one <section> per section, in order, with id and type', () => {
    const out = ssr(renderArtifactPage(ARTIFACT));
    expect(out).toContain('<header class="la-header">');
    const ids = [...out.matchAll(/<section class="la-section" id="section-[^"]+" data-section-id="([^"]+)" data-type="([^"]+)">/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    expect(ids).toEqual(['sum:markdown', 'img:image', 'lat:chart', 'todo:checklist']);
    expect(out).toMatch(/<main class="la-main">[\s\S]*<\/main>/);
  });

  test('the frozen markup references nothing outside itself', () => {
    const out = ssr(renderArtifactPage(ARTIFACT));
    expect(out).not.toMatch(/\ssrc="(?!data:)/);
    expect(out).not.toMatch(/url\(/);
    expect(out).not.toContain('evil');
  });

  test('rendering is deterministic', () => {
    expect(ssr(renderArtifactPage(ARTIFACT))).toBe(ssr(renderArtifactPage(JSON.parse(JSON.stringify(ARTIFACT)) as ArtifactJSON)));
  });
});

describe('ARTIFACT_CSS', () => {
  test('loads nothing from anywhere', () => {
    expect(ARTIFACT_CSS).not.toMatch(/url\s*\(/i);
    expect(ARTIFACT_CSS).not.toMatch(/@import/i);
    expect(ARTIFACT_CSS).not.toMatch(/https?:|\/\//);
    expect(ARTIFACT_CSS).not.toMatch(/@font-face|image-set\(/i);
  });

  test('is balanced and styles every block the renderer emits', () => {
    expect(ARTIFACT_CSS.split('{').length).toBe(ARTIFACT_CSS.split('}').length);
    for (const selector of [
      '.la-section__title',
      '.la-diff__add',
      '.la-diff__del',
      '.la-diff__hunk',
      '.hljs-keyword',
      '.hljs-string',
      '.hljs-comment',
      '.la-chart__svg',
      '.la-sev--critical',
      '.la-callout--warning',
      '.la-delta--worse',
      '.la-sr-only',
      '.la-tasklist',
      '.la-table-wrap',
      '.la-image--blocked',
      'la-section',
    ]) {
      expect(ARTIFACT_CSS).toContain(selector);
    }
  });

  test('keeps wide content inside its box on a narrow screen', () => {
    expect(ARTIFACT_CSS).toMatch(/\.la-table-wrap \{[^}]*overflow-x: auto/);
    expect(ARTIFACT_CSS).toMatch(/\.la-code__pre \{[^}]*overflow-x: auto/);
    expect(ARTIFACT_CSS).toMatch(/\.la-chart__svg \{[^}]*width: 100%/);
  });
});
