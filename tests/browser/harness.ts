/**
 * What the browser tests need around them: the plugin and the playground's admin panel built, the playground Strapi
 * listening on a free port (against the local Scenario emulator), admin users, and Debian's Chromium driven by
 * playwright-core. Screenshots go to test-artifacts/browser/ (gitignored).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureAdminBuilt, ensurePluginBuilt } from '../../playground/scripts/ensure-built';
import { freePort } from '../helpers/net';
import { bootPlayground, type Playground } from '../helpers/playground';

const ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts', 'browser');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The plugin (dist/) and the playground's admin panel, both current. */
export function ensureBuilt(): void {
  ensurePluginBuilt({ quiet: true });
  ensureAdminBuilt({ quiet: true });
}

export interface RunningPlayground extends Playground {
  url: string;
}

/** The playground Strapi, listening (admin panel included) on a free port of 127.0.0.1. */
export async function startPlayground(env: Record<string, string>): Promise<RunningPlayground> {
  const port = await freePort();
  const app = await bootPlayground({ env: { ...env, HOST: '127.0.0.1', PORT: String(port) } });
  await app.strapi.listen();
  return { ...app, url: `http://127.0.0.1:${port}` };
}

export interface AdminLogin {
  email: string;
  password: string;
}

/** An admin user with the given role code (strapi-super-admin, strapi-editor, strapi-author) or role id. */
export async function createAdmin(strapi: Core.Strapi, email: string, role: string | number): Promise<AdminLogin> {
  const password = 'Browser-test-1';
  const roleId =
    typeof role === 'number' ? role : ((await strapi.db.query('admin::role').findOne({ where: { code: role } })) as { id: number }).id;
  await strapi.service('admin::user').create({
    email,
    firstname: email.split('@')[0],
    lastname: 'Tester',
    password,
    isActive: true,
    registrationToken: null,
    roles: [roleId],
  });
  return { email, password };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Saves a screenshot under test-artifacts/browser/. Strapi's admin scrolls inside its own layout, not the document,
 * so for a whole screen (`whole`, the default) the window is made as tall as the longest scrolling area first.
 */
export async function screenshot(page: Page, name: string, options: { whole?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  const viewport = page.viewportSize();
  const hidden =
    options.whole === false || !viewport
      ? 0
      : await page.evaluate(() =>
          Math.max(0, ...Array.from(document.querySelectorAll<HTMLElement>('body *')).map((element) => element.scrollHeight - element.clientHeight)),
        );
  if (viewport && hidden > 0) {
    await page.setViewportSize({ width: viewport.width, height: Math.min(viewport.height + hidden, 6000) });
    await page.waitForTimeout(300);
  }
  try {
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    if (viewport && hidden > 0) await page.setViewportSize(viewport);
  }
  return file;
}

/** Strapi's "what's new" banner would sit on top of every screenshot: it is closed once (it remembers). */
export async function dismissAnnouncements(page: Page): Promise<void> {
  const banner = page.getByText(/Introducing the new/).first();
  if (await banner.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
    await page.getByRole('button', { name: /^Close the banner/ }).first().click();
    await banner.waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  }
}

/** Logs in through the admin's own login form. */
export async function logIn(page: Page, baseUrl: string, login: AdminLogin): Promise<void> {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(login.email);
  await page.getByLabel(/password/i).fill(login.password);
  await page.getByRole('button', { name: /log ?in/i }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'), { timeout: 30000 });
}
