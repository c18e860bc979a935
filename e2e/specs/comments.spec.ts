import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEFAULT_POLICY } from '../support/org-policy.ts';
import { shoot } from '../support/shots.ts';
import { expect, expectNoPageErrors, openLive, section, test, upsertAll } from './fixtures.ts';

/*
 * Comments on sections in two browsers at once (alice, the owner, and bob, a reader through an
 * org share): both start threads and reply on the same section, each sees the other's at once;
 * a question to the agent is answered through the API with the agent's token and the answer
 * appears live; the phone width; the policy turning comments off hides them.
 */

const SECTIONS = [
  { id: 'impact', type: 'markdown', title: 'Impact', text: 'Checkout p99 rose from 180 ms to 900 ms after the 14:02 deploy.' },
  { id: 'timeline', type: 'timeline', title: 'Timeline', events: [{ id: 'e1', at: '2026-03-01T14:02:00Z', title: 'Deploy 481', severity: 'warning' }] },
];

const panel = (page: Page) => page.locator('la-comments .panel');
const button = (page: Page, id: string) => section(page, id).locator('la-comment-button button');
const thread = (page: Page, text: string) => panel(page).locator('.thread', { hasText: text });

async function comment(page: Page, text: string, options: { askAgent?: boolean } = {}): Promise<void> {
  const box = panel(page).locator('.new textarea');
  await box.fill(text);
  if (options.askAgent) await panel(page).getByLabel('Ask the agent').check();
  await panel(page).getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(box).toHaveValue('');
}

async function reply(page: Page, within: string, text: string): Promise<void> {
  const t = thread(page, within);
  await t.getByRole('combobox', { name: 'Reply' }).fill(text);
  await t.getByRole('button', { name: 'Reply', exact: true }).click();
}

test('two people comment and reply on one section at once; the agent answers live; phone width', async ({ page, api, signedInPage, server }) => {
  // A long walk through two browsers on a shared, loaded machine (no step is timed).
  test.setTimeout(180_000);
  const id = await api.artifact('Checkout incident', upsertAll(SECTIONS));
  await api.share(id, { visibility: 'org' });
  const bob = await signedInPage('bob');
  await openLive(page, id);
  await openLive(bob, id);

  // Empty state, reached by keyboard: the button is labelled and opens the panel.
  await expect(button(page, 'impact')).toHaveAccessibleName('Comment on “Impact”');
  // Two browsers: focus is only real in the one in front.
  await page.bringToFront();
  await button(page, 'impact').focus();
  await page.keyboard.press('Enter');
  await expect(panel(page)).toBeVisible();
  await expect(panel(page)).toContainText('No comments on this section yet');
  await expect(panel(page).locator('.new textarea')).toBeFocused();
  await shoot(page, 'comments-empty');
  await button(bob, 'impact').click();

  // Both start a thread at the same moment; each sees both without a reload.
  await Promise.all([comment(page, 'Is the p99 back to normal?'), comment(bob, 'Which deploy was it, @alice?')]);
  for (const p of [page, bob]) {
    await expect(thread(p, 'Is the p99 back to normal?')).toBeVisible();
    await expect(thread(p, 'Which deploy was it')).toBeVisible();
  }
  await expect(button(bob, 'impact')).toHaveAccessibleName(/2 comments on “Impact”, 2 open/);
  // The mention resolved against the org directory is marked.
  await expect(thread(page, 'Which deploy was it').locator('.mention')).toHaveText('@alice');

  // Replies on the same thread from both at once.
  await Promise.all([reply(page, 'Which deploy was it', 'Deploy 481, at 14:02.'), reply(bob, 'Is the p99 back to normal?', 'Not yet, still 700 ms.')]);
  for (const p of [page, bob]) {
    await expect(thread(p, 'Which deploy was it')).toContainText('Deploy 481, at 14:02.');
    await expect(thread(p, 'Is the p99 back to normal?')).toContainText('Not yet, still 700 ms.');
  }

  // Bob may edit his own comment, not alice's; alice (the owner) may delete any.
  const bobsThread = await thread(bob, 'Which deploy was it').getAttribute('data-thread-id');
  // By id: while it is edited, the comment's text is in a text box, not in the thread's text.
  const bobsComment = panel(bob).locator(`.thread[data-thread-id="${bobsThread}"] .comment`).first();
  await expect(thread(bob, 'Is the p99 back to normal?').locator('.comment').first().getByRole('button', { name: /^Edit/ })).toHaveCount(0);
  await bobsComment.getByRole('button', { name: /^Edit/ }).click();
  await bobsComment.locator('textarea').fill('Which deploy was it, @alice? (the checkout one)');
  await bobsComment.getByRole('button', { name: 'Save' }).click();
  await expect(thread(page, 'the checkout one')).toContainText('(edited)');

  // Asking the agent: the thread is queued, the agent (alice's token, as her agent holds it) answers and resolves.
  await comment(bob, 'Why did the p99 rise?', { askAgent: true });
  await expect(thread(page, 'Why did the p99 rise?').locator('.badge.agent')).toHaveText('Asked the agent');
  const token = await server.token('alice');
  const queue = (await (await fetch(`${server.url}/api/comments/agent`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { thread: { id: string; comments: { text: string }[] } }[] };
  const asked = queue.items.find((i) => i.thread.comments[0]?.text === 'Why did the p99 rise?');
  expect(asked, 'the question is in the agent queue').toBeDefined();
  const answer = await fetch(`${server.url}/api/artifacts/${id}/comments/${asked!.thread.id}/replies`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Deploy 481 doubled the retry budget; rolled back at 14:20.', viaAgent: true, resolve: true }),
  });
  expect(answer.status).toBe(201);
  for (const p of [page, bob]) {
    const answered = thread(p, 'Why did the p99 rise?');
    await expect(answered).toContainText('Deploy 481 doubled the retry budget');
    await expect(answered.locator('.badge.done')).toHaveText('Resolved');
    await expect(answered.locator('.badge.agent', { hasText: 'via agent' })).toBeVisible();
  }
  await shoot(bob, 'comments-threads');

  // Axe: the panel adds no serious or critical violation.
  const axe = await new AxeBuilder({ page: bob }).include('la-comments').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // Escape closes the panel and gives focus back to the section's button.
  await bob.bringToFront();
  await bob.locator('la-comments .new textarea').focus();
  await bob.keyboard.press('Escape');
  await expect(panel(bob)).toHaveCount(0);
  await expect(button(bob, 'impact')).toBeFocused();

  // Phone width: the panel is a full-width sheet.
  await bob.setViewportSize({ width: 390, height: 844 });
  await button(bob, 'impact').click();
  const box = await panel(bob).boundingBox();
  expect(box?.width).toBe(390);
  await expect(thread(bob, 'Why did the p99 rise?')).toBeVisible();
  await bob.screenshot({ path: testInfoPath('comments-sheet-390.png') });

  expectNoPageErrors(page);
  expectNoPageErrors(bob);
});

test('an error is said in the panel and the policy turning comments off hides them', async ({ page, api, server }) => {
  const id = await api.artifact('Quiet incident', upsertAll(SECTIONS));
  await openLive(page, id);
  await button(page, 'timeline').click();
  // The section goes away while the panel is open: the server refuses, the panel says so.
  await api.ops(id, [{ op: 'section.remove', id: 'timeline' }]);
  await panel(page).locator('.new textarea').fill('What happened at 14:02?');
  await panel(page).getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(panel(page).getByRole('alert')).toHaveText('This section no longer exists.');
  await shoot(page, 'comments-error');

  const adminToken = await server.token('adam');
  const policy = (comments: boolean) =>
    fetch(`${server.url}/api/admin/policy`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...DEFAULT_POLICY, comments }),
    });
  expect((await policy(false)).status).toBe(200);
  try {
    await page.reload();
    await expect(page.locator('la-live-view[data-synced]')).toBeAttached();
    await expect(section(page, 'impact')).toBeVisible();
    await expect(page.locator('la-comment-button button')).toHaveCount(0);
  } finally {
    expect((await policy(true)).status).toBe(200);
  }
});

function testInfoPath(name: string): string {
  const dir = process.env['E2E_SHOTS_DIR'] ?? 'test-results';
  return `${dir}/${name}`;
}
