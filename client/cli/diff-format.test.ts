import { describe, expect, it } from 'vitest';
import { diffArtifacts } from '#shared/diff';
import type { ArtifactJSON, Section } from '#shared';
import { formatDiff } from './diff-format.ts';

const artifact = (sections: Section[], title = 'Deploy'): ArtifactJSON => ({ id: 'a', meta: { title, kind: 'report' }, sections });

describe('formatDiff', () => {
  it('says so when nothing changed', () => {
    const same = artifact([{ id: 'm', type: 'markdown', text: 'x' }]);
    expect(formatDiff(diffArtifacts(same, same), 'v1', 'live')).toBe('no changes between v1 and live');
  });

  it('lists added, removed and changed sections with titles and what changed', () => {
    const before = artifact([
      { id: 'notes', type: 'markdown', title: 'Notes', text: 'one\ntwo' },
      { id: 'old', type: 'callout', tone: 'info', text: 'gone' },
      { id: 'todo', type: 'checklist', items: [{ id: 'a', text: 'ship', done: false }] },
    ]);
    const after = artifact(
      [
        { id: 'notes', type: 'markdown', title: 'Notes', text: 'one\nthree\nfour' },
        { id: 'todo', type: 'checklist', items: [{ id: 'a', text: 'ship', done: true }] },
        { id: 'build', type: 'code', title: 'Build', language: 'log', code: 'ok\n' },
      ],
      'Deploy 2',
    );
    const lines = formatDiff(diffArtifacts(before, after), 'v1', 'v2').split('\n');
    expect(lines).toEqual([
      'v1 → v2: 1 added, 1 removed, 2 changed, 0 moved (sections)',
      '  meta title: "Deploy" → "Deploy 2"',
      '+ code build "Build"  log, 1 line',
      '- callout old',
      '~ markdown notes "Notes"  +2 −1 lines',
      '    - two',
      '    + three',
      '    + four',
      '~ checklist todo  items +0 −0 1 changed, 1 checked off',
    ]);
  });

  it('shows at most eight changed lines of a body and counts the rest', () => {
    const before = artifact([{ id: 'log', type: 'code', language: 'log', code: '' }]);
    const after = artifact([{ id: 'log', type: 'code', language: 'log', code: Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') }]);
    const out = formatDiff(diffArtifacts(before, after), 'v3', 'live');
    expect(out).toContain('~ code log  +20 −0 lines');
    expect(out).toContain('    + line 7\n    … 12 more changed lines');
    expect(out).not.toContain('line 8');
  });
});
