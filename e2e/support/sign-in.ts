import type { Page } from '@playwright/test';

/**
 * Signs a demo user in through the IdP's real login page, as a person would: the app sends the
 * browser to the IdP (the embedded one or Keycloak), the user types name and password (password
 * = user name), and the IdP sends the browser back. Keycloak asks for the password on a second
 * page; the embedded IdP asks on the same one. Resolves once the app shows who is signed in.
 */
export async function signIn(page: Page, username: string, path = '/'): Promise<void> {
  await page.goto(path);
  await fillLogin(page, username);
  await page.getByTestId('user-name').waitFor();
}

/** Completes the login form the browser is on (or about to be on). */
export async function fillLogin(page: Page, username: string): Promise<void> {
  const user = page.locator('input[name="username"]');
  const password = page.locator('input[name="password"]');
  await user.waitFor();
  await user.fill(username);
  if (await password.isVisible()) {
    await password.fill(username);
  } else {
    await page.locator('[type="submit"]').first().click();
    await password.waitFor();
    await password.fill(username);
  }
  await page.locator('[type="submit"]').first().click();
}
