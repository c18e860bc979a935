import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import { describe, expect, it } from 'vitest';
import { diffArtifacts } from '#shared/diff';
import type { ArtifactJSON, Section } from '#shared/schema';
import { renderArtifactDiff } from './render-diff.ts';

const artifact = (sections: Section[], title = 'Incident'): ArtifactJSON => ({ id: 'aaaaaaaaaaaaaaaa', meta: { title, kind: 'incident' }, sections });

/** SSR output without lit's markers, so assertions read like the HTML a browser sees. */
function ssr(from: ArtifactJSON, to: ArtifactJSON): string {
  return collectResultSync(render(renderArtifactDiff(diffArtifacts(from, to))))
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?>/g, '');
}

describe('renderArtifactDiff', () => {
  it('says there is no difference between equal artifacts', () => {
    const same = artifact([{ id: 'a', type: 'markdown', text: 'x' }]);
    const out = ssr(same, same);
    expect(out).toContain('data-testid="diff-empty"');
    expect(out).toContain('0 added');
  });

  it('draws added sections with the page renderer in a green box and removed ones in a red box', () => {
    const out = ssr(
      artifact([{ id: 'old', type: 'markdown', text: 'Gone **now**' }]),
      artifact([{ id: 'new', type: 'markdown', title: 'Fresh', text: 'Hello **there**' }]),
    );
    expect(out).toMatch(/<div class="diff-box diff-box--added" data-section-id="new">[\s\S]*<strong>there<\/strong>/);
    expect(out).toMatch(/<div class="diff-box diff-box--removed" data-section-id="old">[\s\S]*<strong>now<\/strong>/);
    expect(out).toContain('<h2 class="la-section__title">Fresh</h2>');
    expect(out).toContain('1 added');
    expect(out).toContain('1 removed');
  });

  it('colours text lines and counts skipped ones', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
    const changed = lines.map((l) => (l === 'line 10' ? 'line ten <b>' : l));
    const out = ssr(artifact([{ id: 'md', type: 'markdown', text: lines.join('\n') }]), artifact([{ id: 'md', type: 'markdown', text: changed.join('\n') }]));
    expect(out).toContain('⋯ 6 unchanged lines');
    expect(out).toContain('<span class="diff-line diff-line--remove"><span class="diff-line__sign">−</span>line 10</span>');
    expect(out).toContain('<span class="diff-line diff-line--add"><span class="diff-line__sign">+</span>line ten &lt;b&gt;</span>');
  });

  it('lists structured changes: events, rows, points, moves and page details', () => {
    const before = artifact([
      { id: 'tl', type: 'timeline', events: [{ id: 'e1', at: '2025-01-01T00:00:00Z', title: 'Paged' }] },
      { id: 't', type: 'table', columns: ['host'], rows: [['a'], ['b']] },
      { id: 'c', type: 'chart', chart: 'line', series: [{ name: 'p99', points: [[1, 10]] }] },
    ]);
    const after = artifact(
      [
        { id: 'c', type: 'chart', chart: 'line', series: [{ name: 'p99', points: [[1, 10], [2, 11]] }] },
        { id: 'tl', type: 'timeline', events: [{ id: 'e1', at: '2025-01-01T00:00:00Z', title: 'Paged', severity: 'critical' }] },
        { id: 't', type: 'table', columns: ['host'], rows: [['b'], ['c']] },
      ],
      'Incident 42',
    );
    const out = ssr(before, after);
    expect(out).toContain('severity: <del class="diff-del">none</del> → <ins class="diff-ins">critical</ins>');
    expect(out).toMatch(/<tr class="diff-row diff-row--add">[\s\S]*?<td>c<\/td>/);
    expect(out).toMatch(/<tr class="diff-row diff-row--remove">[\s\S]*?<td>a<\/td>/);
    expect(out).toContain('“p99”: 1 point added (2, 11)');
    expect(out).toMatch(/<code>c<\/code>\s*moved from position 3 to 1/);
    expect(out).toMatch(/title[\s\S]*<del class="diff-del">Incident<\/del>[\s\S]*<ins class="diff-ins">Incident 42<\/ins>/);
  });

  it('shows an added image as its description, never as image data', () => {
    const src = `data:image/png;base64,${'A'.repeat(2000)}`;
    const out = ssr(artifact([]), artifact([{ id: 'img', type: 'image', src, alt: 'Dashboard' }]));
    expect(out).toContain('data:image/png (1.5 kB)');
    expect(out).not.toContain('AAAA');
    expect(out).not.toContain('<img');
  });
});
