import { describe, expect, it } from 'vitest';
import { boundDiff, withoutFileHeaders } from './changes.ts';
import { httpsRepositoryUrl } from './remote.ts';

describe('httpsRepositoryUrl', () => {
  it.each([
    ['git@github.com:org/repo.git', 'https://github.com/org/repo'],
    ['github.com:org/repo', 'https://github.com/org/repo'],
    ['ssh://git@gitlab.example.com:2222/group/sub/repo.git', 'https://gitlab.example.com/group/sub/repo'],
    ['https://github.com/org/repo.git', 'https://github.com/org/repo'],
    ['https://x-access-token:SECRET@github.com/org/repo.git', 'https://github.com/org/repo'],
    ['https://git.example.com:8443/team/app/', 'https://git.example.com:8443/team/app'],
  ])('%s → %s', (remote, url) => expect(httpsRepositoryUrl(remote)).toBe(url));

  it.each(['/srv/git/repo.git', 'file:///srv/repo', 'http://github.com/org/repo', '../repo', 'git@github.com:../../etc', 'ext::sh -c touch% /tmp/x'])('%s has no https address', (remote) =>
    expect(httpsRepositoryUrl(remote)).toBeNull(),
  );
});

describe('boundDiff', () => {
  const diff = ['@@ -1,4 +1,4 @@', '-a', '+b', ' c', ' d'].join('\n');
  it('keeps a diff within both bounds whole', () => expect(boundDiff(`${diff}\n`, 10, 1_000)).toEqual({ text: diff, shownLines: 5, omittedLines: 0 }));
  it('cuts past the line bound and says how much is left out, as a git remark line', () =>
    expect(boundDiff(diff, 3, 1_000)).toEqual({ text: '@@ -1,4 +1,4 @@\n-a\n+b\n\\ 2 more diff lines not shown here', shownLines: 3, omittedLines: 2 }));
  it('cuts past the character bound', () => expect(boundDiff(diff, 10, 20).shownLines).toBe(2));
});

describe('withoutFileHeaders', () => {
  it('drops the header lines the title repeats, keeps what says something, and leaves hunks alone', () => {
    const diff = ['diff --git a/x b/y', 'similarity index 90%', 'rename from x', 'rename to y', 'index 1..2 100644', '--- a/x', '+++ b/y', '@@ -1 +1 @@', '--- a removed sql comment', '+++ an added line'].join('\n');
    expect(withoutFileHeaders(diff)).toBe(['similarity index 90%', 'rename from x', 'rename to y', '@@ -1 +1 @@', '--- a removed sql comment', '+++ an added line'].join('\n'));
  });
});
