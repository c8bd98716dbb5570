/**
 * What the browser tests need around them: the plugin and the playground's admin panel built, the playground Strapi
 * listening on a free port (against the local Scenario emulator), admin users, and a Chromium (see findChromium)
 * driven by playwright-core. Screenshots go to test-artifacts/browser/ (gitignored).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { Core } from '@strapi/strapi';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureAdminBuilt, ensurePluginBuilt } from '../../playground/scripts/ensure-built';
import { systemBinariesAllowed } from '../helpers/binaries';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { freePort } from '../../emulator/net';
import { bootPlayground, type Playground } from '../helpers/playground';

const ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts', 'browser');

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

export interface ChromiumBinary {
  executablePath: string;
  /** Extra environment the browser process needs. */
  env: Record<string, string>;
}

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/google-chrome'];

/**
 * The Chromium the tests drive, first found of: CHROMIUM_PATH; the system's (/usr/bin/chromium, Debian's package);
 * the build @sparticuz/chromium ships inside its npm package (a devDependency), unpacked once into the temp folder
 * with the libraries (NSS, expat) and fonts that come with it, so it needs nothing from the system but glibc.
 * The system's is skipped when ../helpers/binaries says so.
 */
export function findChromium(): ChromiumBinary {
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH, env: {} };
  const system = systemBinariesAllowed() ? SYSTEM_CHROMIUM.find((file) => existsSync(file)) : undefined;
  return system ? { executablePath: system, env: {} } : npmChromium();
}

/** The npm package's root: the folder above its entry that holds its own package.json. */
function packageRoot(name: string): string {
  let dir = path.dirname(require.resolve(name));
  while (!existsSync(path.join(dir, 'package.json')) || JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name !== name) {
    dir = path.dirname(dir);
  }
  return dir;
}

/**
 * @sparticuz/chromium's bin/ holds brotli files: chromium.br (the browser), al2023.tar.br (its shared libraries) and
 * fonts.tar.br. They are unpacked into a folder named after the package version (about 5 s, once per machine),
 * written beside it first and renamed into place, so two test files unpacking at once cannot see half a browser.
 */
function npmChromium(): ChromiumBinary {
  const root = packageRoot('@sparticuz/chromium');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(tmpdir(), `auto-illustration-chromium-${version}`);
  if (!existsSync(dir)) {
    const partial = mkdtempSync(`${dir}-partial-`);
    chmodSync(partial, 0o755);
    const unpack = (file: string) => brotliDecompressSync(readFileSync(path.join(root, 'bin', file)));
    writeFileSync(path.join(partial, 'chromium'), unpack('chromium.br'), { mode: 0o755 });
    for (const archive of ['al2023.tar.br', 'fonts.tar.br']) {
      const result = spawnSync('tar', ['-x', '--no-same-owner', '-C', partial], { input: unpack(archive) });
      if (result.status !== 0) throw new Error(`unpacking ${archive} of @sparticuz/chromium failed: ${result.stderr}`);
    }
    // The package's fonts.conf names Lambda's folders: this one adds the system's fonts, if any, to its own.
    writeFileSync(
      path.join(partial, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${path.join(dir, 'fonts')}</dir>\n  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(partial, dir);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(dir)) throw error;
    }
  }
  return {
    executablePath: path.join(dir, 'chromium'),
    env: {
      LD_LIBRARY_PATH: [path.join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
      FONTCONFIG_FILE: path.join(dir, 'fonts.conf'),
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  const { executablePath, env } = findChromium();
  return chromium.launch({
    executablePath,
    env: { ...(process.env as Record<string, string>), ...env },
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

export interface AdminSession {
  emulator: ScenarioEmulator;
  app: RunningPlayground;
  browser: Browser;
  /** A 1440×1000 page logged in as the session's Super Admin. */
  page: Page;
  close(): Promise<void>;
}

/**
 * What most browser tests start from: the plugin and admin built, the emulator (generations taking `jobSeconds`), the
 * playground listening against it, `prepare` run (data, settings), then a browser logged in as a new Super Admin.
 */
export async function startAdminSession(options: { jobSeconds: number; email: string; prepare?: (app: RunningPlayground) => Promise<void> }): Promise<AdminSession> {
  ensureBuilt();
  const emulator = await startScenarioEmulator({ jobSeconds: options.jobSeconds });
  const app = await startPlayground(pluginEnv(emulator));
  await options.prepare?.(app);
  const admin = await createAdmin(app.strapi, options.email, 'strapi-super-admin');
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await logIn(page, app.url, admin);
  await dismissAnnouncements(page);
  return {
    emulator,
    app,
    browser,
    page,
    async close() {
      await browser.close();
      await app.close();
      await emulator.close();
    },
  };
}
