/**
 * Scenario's concurrency ceiling with two Strapi instances on one PostgreSQL: the limit one instance learned is kept
 * by both, and their submissions never race past it (slots are taken under an advisory lock), so once the limit is
 * known no 429 comes back however the two instances' work interleaves.
 */
import type { ChildProcess } from 'node:child_process';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { finishedJob, publishArticles } from '../helpers/articles';
import { bootPlayground, spawnPlaygroundInstance, type Playground } from '../helpers/playground';
import { startPostgres, type PostgresServer } from '../helpers/postgres';

let postgres: PostgresServer;
let emulator: ScenarioEmulator;
let app: Playground;
let child: ChildProcess | undefined;

beforeAll(async () => {
  postgres = await startPostgres();
  emulator = await startScenarioEmulator({ jobSeconds: 1, maxConcurrentJobs: 2 });
  // The other instance is not woken by these publishes: it looks for work often, to take its share.
  const env = { ...postgres.env, ...pluginEnv(emulator), LOG_LEVEL: 'error', AUTO_ILLUSTRATION_POLL_INTERVAL_MS: '300' };
  app = await bootPlayground({ env });
  // Four jobs at once on each instance: together four times what Scenario takes.
  await app.strapi.plugin('auto-illustration').service('settings').update({ concurrency: 4 });
  const instance = spawnPlaygroundInstance(env);
  child = instance.child;
  await instance.ready;
}, 180000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await app?.close();
  await emulator?.close();
  postgres?.stop();
});

const publish = (count: number, label: string) =>
  publishArticles(app.strapi, count, label, { title: 'the cable car climbs again', body: 'The cable car to the summit runs again after its cables were replaced.' });

it('both instances keep under the learned limit: every article illustrated, no 429 once it is known', async () => {
  const first = await publish(6, 'Learning');
  const learned = await Promise.all(first.map((id) => finishedJob(app.strapi, id, { timeoutMs: 90000 })));
  expect(learned.map((job) => job.state)).toEqual(first.map(() => 'done'));
  expect(emulator.stats.concurrencyRejections).toBeGreaterThanOrEqual(1);
  expect((await app.strapi.plugin('auto-illustration').service('generation-slots').status()).limit).toBe(2);

  const before = emulator.stats.concurrencyRejections;
  const ids = await publish(16, 'Cluster');
  const jobs = await Promise.all(ids.map((id) => finishedJob(app.strapi, id, { timeoutMs: 120000 })));
  expect(jobs.map((job) => job.state)).toEqual(ids.map(() => 'done'));
  expect(emulator.stats.concurrencyRejections).toBe(before);
  expect(emulator.stats.maxJobsInFlight).toBeLessThanOrEqual(2);
  // Both instances submitted some of them.
  const submitters = new Set(jobs.map((job) => job.history?.find((entry) => entry.note === 'submitting to Scenario')?.by?.split(':')[1]));
  expect(submitters.size).toBe(2);
}, 240000);
