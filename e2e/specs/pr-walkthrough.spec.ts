import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { shoot } from '../support/shots.ts';
import { expect, expectNoPageErrors, openLive, section, test } from './fixtures.ts';

/*
 * A PR walkthrough as a reviewer reads it: `artifacts pr --publish` on a real repository, then
 * the live page (numbered diff lines, long lines scrolling inside their block, long diffs folded
 * and unfolding on click) and the history page linking the version to its commit on the forge.
 */

const BIN = path.resolve(import.meta.dirname, '../../client/cli/bin.mjs');
const GIT_ENV = { GIT_AUTHOR_NAME: 'Ada Author', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Author', GIT_COMMITTER_EMAIL: 'ada@example.com', GIT_CONFIG_NOSYSTEM: '1' };

let repo = '';
test.beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'la-pr-spec-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, ...GIT_ENV } });
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', 'git@github.com:acme/shop.git');
  writeFileSync(path.join(repo, 'server.ts'), Array.from({ length: 150 }, (_, i) => `export const setting${i} = ${i};`).join('\n') + '\n');
  git('add', '-A');
  git('commit', '-q', '-m', 'Initial');
  git('checkout', '-q', '-b', 'feature/checkout');
  writeFileSync(path.join(repo, 'server.ts'), Array.from({ length: 150 }, (_, i) => `export const setting${i} = ${i % 3 === 0 ? i * 2 : i};`).join('\n') + '\n');
  writeFileSync(path.join(repo, 'checkout.ts'), `export const banner = '${'A very long line that a phone cannot show at once. '.repeat(6)}';\nexport function pay(cents: number): string {\n  return (cents / 100).toFixed(2);\n}\n`);
  git('add', '-A');
  git('commit', '-q', '-m', 'Checkout: pay in cents\n\nAmounts travel as integer cents so rounding happens once, at display.');
});
test.afterAll(() => rmSync(repo, { recursive: true, force: true }));

test('artifacts pr --publish: numbered, foldable diffs live, and the history links the commit', async ({ page, server, api }) => {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'pr', '--publish', '--json'], {
    cwd: repo,
    env: { ...process.env, ARTIFACTS_URL: server.url, ARTIFACTS_TOKEN: await server.token('alice') },
  });
  const { id, version } = JSON.parse(stdout) as { id: string; version: number };
  expect(version).toBe(1);
  const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();

  await openLive(page, id);
  const json = (await api.get(id)) as { sections: { id: string; title?: string; collapsed?: boolean }[] };
  const small = json.sections.find((s) => s.title === 'checkout.ts');
  const large = json.sections.find((s) => s.title === 'server.ts');
  expect(small?.collapsed).toBe(false);
  expect(large?.collapsed).toBe(true);

  // The short diff is open, its lines numbered; the long one folded under its title.
  const open = section(page, small?.id ?? '');
  await expect(open.locator('details')).toHaveAttribute('open', '');
  await expect(open.locator('.la-diff__add .la-diff__n').nth(1)).toHaveAttribute('data-n', '1');
  const folded = section(page, large?.id ?? '');
  await expect(folded.locator('details')).not.toHaveAttribute('open', '');
  await expect(folded.locator('.la-code__stats')).toHaveText('+49 −49');
  await open.scrollIntoViewIfNeeded();
  await shoot(page, 'pr-live');
  await folded.locator('summary').click();
  await expect(folded.locator('details')).toHaveAttribute('open', '');
  await expect(folded.locator('.la-diff__line').first()).toBeVisible();

  // A long line scrolls inside its block; the page itself does not scroll sideways.
  const pre = open.locator('pre');
  expect(await pre.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });
  await folded.scrollIntoViewIfNeeded();
  await shoot(page, 'pr-live-unfolded');

  await page.goto(`/a/${id}/history`);
  const commit = page.locator('[data-testid=version-row][data-version="1"]').getByTestId('version-commit');
  await expect(commit).toHaveAttribute('href', `https://github.com/acme/shop/commit/${head}`);
  await expect(commit).toHaveText(head.slice(0, 7));
  await shoot(page, 'pr-history');
  expectNoPageErrors(page);
});
