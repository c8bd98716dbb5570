import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

export const PLAYGROUND_DIR = path.resolve(__dirname, '..', '..', 'playground');

export interface PlaygroundOptions {
  /** Environment the app boots with (Scenario connection, database). Restored on close. */
  env?: Record<string, string | undefined>;
  /** Reuse a database file to boot the same app again (restart tests). */
  databaseFile?: string;
}

export interface Playground {
  strapi: Core.Strapi;
  databaseFile: string;
  /** Shuts Strapi down (plugin destroy hooks run: the worker stops) and restores the environment. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/**
 * Boots the real playground Strapi app (JavaScript, so no compile step) on its own SQLite file. The plugin is
 * loaded from the repository's built dist/, as a user's app would load it from node_modules.
 */
export async function bootPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const databaseFile = options.databaseFile ?? path.join('.tmp', `test-${process.pid}-${randomUUID().slice(0, 8)}.db`);
  mkdirSync(path.join(PLAYGROUND_DIR, '.tmp'), { recursive: true });
  const env: Record<string, string | undefined> = {
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: databaseFile,
    STRAPI_TELEMETRY_DISABLED: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    BROWSER: 'none',
    ...options.env,
  };
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  applyEnv(env);

  const { createStrapi } = await import('@strapi/strapi');
  const strapi = await createStrapi({ appDir: PLAYGROUND_DIR, distDir: PLAYGROUND_DIR }).load();
  await strapi.server.mount();

  return {
    strapi,
    databaseFile,
    async close({ keepDatabase = false } = {}) {
      await strapi.destroy();
      applyEnv(saved);
      if (!keepDatabase) rmSync(path.join(PLAYGROUND_DIR, databaseFile), { force: true });
    },
  };
}

function applyEnv(env: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/** Polls until `check` returns a truthy value (or throws the last failure after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20000, intervalMs = 50): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

/**
 * Another instance of the playground in a process of its own (tests/helpers/worker-instance.ts), on the database `env`
 * names: `ready` gives its worker id once it runs. One process (no tsx wrapper in between), so a SIGKILL really kills
 * the instance, as a crash would.
 */
export function spawnPlaygroundInstance(env: Record<string, string>): { child: ChildProcess; ready: Promise<string> } {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, 'worker-instance.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ready = new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /READY (\S+)/.exec(output);
      if (match) resolve(match[1]);
    });
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`instance exited with ${code}: ${output.slice(-2000)}`)));
  });
  return { child, ready };
}
