/**
 * A backfill on PostgreSQL shared by two Strapi instances: both queue its articles from the same row (one at a time)
 * and both run its jobs; every article is illustrated exactly once, and a pause made on one instance holds the other.
 */
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, JOB, blocks } from '../helpers/articles';
import { bootPlayground, spawnPlaygroundInstance, waitFor, type Playground } from '../helpers/playground';
import { startPostgres, type PostgresServer } from '../helpers/postgres';

const ARTICLES = 16;

let postgres: PostgresServer;
let emulator: ScenarioEmulator;
let app: Playground;
let second: ChildProcess | undefined;

beforeAll(async () => {
  postgres = await startPostgres();
  emulator = await startScenarioEmulator({ jobSeconds: 1 });
  // The other instance is not woken by this one: it looks for work often, to take its share.
  const env = { ...postgres.env, ...pluginEnv(emulator), LOG_LEVEL: 'error', AUTO_ILLUSTRATION_POLL_INTERVAL_MS: '300' };
  app = await bootPlayground({ env });
  const instance = spawnPlaygroundInstance(env);
  second = instance.child;
  await instance.ready;
}, 180000);

afterAll(async () => {
  second?.kill('SIGKILL');
  await app?.close();
  await emulator?.close();
  postgres?.stop();
});

interface JobRecord {
  id: number;
  state: string;
  targetDocumentId: string;
  history: Array<{ state: string; by?: string }> | null;
}

it('two instances share one backfill: every article illustrated once, a pause holds both', async () => {
  const ids: string[] = [];
  for (let i = 0; i < ARTICLES; i += 1) {
    const created = (await app.strapi.documents(ARTICLE).create({
      data: { title: `Archive story ${i}: the harbour in the old days`, body: blocks(`Story ${i} of the harbour and the boats that worked from it.`) },
      status: 'published',
      autoIllustrationInternal: true,
    } as never)) as unknown as { documentId: string };
    ids.push(created.documentId);
  }
  const backfill = app.strapi.plugin('auto-illustration').service('backfill');
  const started = await backfill.start({ contentType: ARTICLE, select: 'missing' });
  expect(started).toMatchObject({ state: 'running', matched: ARTICLES });

  // Paused here, held there too: no new generation starts on either instance.
  await waitFor(async () => (await backfill.findOne(started.id)).done >= 2, 60000, 200);
  await backfill.pause(started.id);
  await sleep(1500);
  const calls = emulator.stats.generateCalls;
  // Some articles were still waiting at the pause (else there would be nothing to hold).
  expect(calls).toBeLessThan(ARTICLES);
  await sleep(3000);
  expect(emulator.stats.generateCalls).toBe(calls);
  await backfill.resume(started.id);

  const done = await waitFor(async () => {
    const view = await backfill.findOne(started.id);
    return view.state === 'done' ? view : undefined;
  }, 120000, 250);
  expect(done).toMatchObject({ matched: ARTICLES, done: ARTICLES, failed: 0, placeholder: 0 });
  expect(emulator.stats.generateCalls).toBe(ARTICLES);

  const jobs = (await app.strapi.db.query(JOB).findMany({ where: { backfillId: started.id } })) as JobRecord[];
  const finished = jobs.filter((job) => job.state === 'done');
  expect(finished.map((job) => job.targetDocumentId).sort()).toEqual([...ids].sort());
  // Both instances ran some of its jobs.
  const workers = new Set(finished.flatMap((job) => (job.history ?? []).filter((entry) => entry.state === 'generating').map((entry) => entry.by)));
  expect(workers.size).toBe(2);
}, 240000);
