/**
 * Several Strapi instances on one PostgreSQL database share the jobs: each job is claimed by exactly one worker,
 * and a job whose instance dies mid-generation is taken over by another one once its lease runs out, without a
 * second paid submission.
 */
import type { ChildProcess } from 'node:child_process';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { finishedJob, jobsFor, publishArticles } from '../helpers/articles';
import { bootPlayground, spawnPlaygroundInstance, waitFor, type Playground } from '../helpers/playground';
import { startPostgres, type PostgresServer } from '../helpers/postgres';

let postgres: PostgresServer;
let emulator: ScenarioEmulator;
let app: Playground;
let env: Record<string, string>;
const children: ChildProcess[] = [];

async function startInstance(): Promise<{ child: ChildProcess; workerId: string }> {
  const { child, ready } = spawnPlaygroundInstance(env);
  children.push(child);
  return { child, workerId: await ready };
}

beforeAll(async () => {
  postgres = await startPostgres();
  emulator = await startScenarioEmulator({ jobSeconds: 1 });
  env = {
    ...postgres.env,
    ...pluginEnv(emulator),
    AUTO_ILLUSTRATION_LEASE_SECONDS: '5',
    // The other instances are not woken by these publishes: they look for work often, to take their share.
    AUTO_ILLUSTRATION_POLL_INTERVAL_MS: '300',
    LOG_LEVEL: 'error',
  };
  app = await bootPlayground({ env });
}, 180000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await app?.close();
  await emulator?.close();
  postgres?.stop();
});

const publish = (count: number, label: string) =>
  publishArticles(app.strapi, count, label, { title: 'the night market reopens by the river', body: 'Food stalls and lanterns return to the river night market.' });

it('two instances share the work: every job is done once, by one worker', async () => {
  const second = await startInstance();
  const before = emulator.stats.generateCalls;
  const ids = await publish(12, 'Shared');
  const jobs = await Promise.all(ids.map((id) => finishedJob(app.strapi, id, { timeoutMs: 90000 })));

  expect(jobs.map((job) => job.state)).toEqual(ids.map(() => 'done'));
  expect(emulator.stats.generateCalls - before).toBe(12);
  const workersByJob = jobs.map((job) => new Set((job.history ?? []).filter((entry) => entry.state === 'generating').map((entry) => entry.by)));
  for (const workers of workersByJob) expect(workers.size).toBe(1);
  const allWorkers = new Set(workersByJob.flatMap((workers) => [...workers]));
  // Both instances took part (the publishing one is woken at once, the other polls often: both get some of 12 jobs).
  expect(allWorkers.has(second.workerId)).toBe(true);
  expect(allWorkers.size).toBe(2);
  second.child.kill('SIGTERM');
}, 180000);

it('a job whose instance crashed mid-generation is finished by another instance, without paying twice', async () => {
  // Only the second instance works: this one stops its worker, so the crashing instance surely holds the job.
  const worker = app.strapi.plugin('auto-illustration').service('worker');
  await worker.stop();
  emulator.configure({ jobSeconds: 4 });
  const second = await startInstance();
  const before = emulator.stats.generateCalls;
  const [documentId] = await publish(1, 'Crash');
  await waitFor(async () => (await jobsFor(app.strapi, documentId))[0]?.scenarioJobId, 60000);
  second.child.kill('SIGKILL');

  worker.start();
  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  expect(job.state).toBe('done');
  expect(emulator.stats.generateCalls - before).toBe(1);
  const by = (job.history ?? []).map((entry) => entry.by).filter(Boolean);
  expect(by[0]).toBe(second.workerId);
  expect(by[by.length - 1]).toBe(worker.id);
}, 180000);
