import { expect, type Page } from '@playwright/test';

/** Top of a section (px) relative to the bottom edge of the sticky top bar: where the reader sees it. */
export function topBelowBar(page: Page, id: string): Promise<number> {
  return page.evaluate((sid) => {
    const bar = document.querySelector('.app-bar')?.getBoundingClientRect().height ?? 0;
    return Math.round(document.querySelector(`la-section[data-section-id="${sid}"]`)!.getBoundingClientRect().top - bar);
  }, id);
}

/** Scrolls so that section `id` starts `offsetPx` below the top bar (negative: its top is hidden), and waits until it does. */
export async function scrollSectionTo(page: Page, id: string, offsetPx: number): Promise<void> {
  await page.evaluate(
    ([sid, offset]) => {
      const el = document.querySelector(`la-section[data-section-id="${sid}"]`)!;
      const bar = document.querySelector('.app-bar')?.getBoundingClientRect().height ?? 0;
      window.scrollTo({ top: window.scrollY + el.getBoundingClientRect().top - bar - Number(offset), behavior: 'instant' });
    },
    [id, offsetPx] as const,
  );
  await expect.poll(() => topBelowBar(page, id)).toBe(offsetPx);
}
