import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

/** Phone width the app is checked at (an iPhone 12–15 in portrait). */
const PHONE = { width: 390, height: 844 };

/**
 * With `E2E_SHOTS_DIR` set, saves what the page shows now at its own size and at 390 px wide
 * (`<name>-desktop.png`, `<name>-390.png`), for people to look at the states a spec walks
 * through. Does nothing otherwise, so specs can call it freely.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env['E2E_SHOTS_DIR'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize();
  const settle = () => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  await settle();
  await page.screenshot({ path: path.join(dir, `${name}-desktop.png`) });
  await page.setViewportSize(PHONE);
  await settle();
  await page.screenshot({ path: path.join(dir, `${name}-390.png`) });
  if (size) await page.setViewportSize(size);
  await settle();
}
