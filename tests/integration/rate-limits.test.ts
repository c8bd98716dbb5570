/**
 * Scenario's limits against the emulator, on the real playground Strapi: the concurrency ceiling is learned from its
 * 429 and kept to (never bounced off), and every generated image lands in its content type's Scenario collection,
 * without a collection failure ever failing the job.
 */
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, finishedJob, jobsFor, publishArticles, readArticle } from '../helpers/articles';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';

let emulator: ScenarioEmulator;
let app: Playground;
const plugin = () => app.strapi.plugin('auto-illustration');

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 1, maxConcurrentJobs: 2 });
  app = await bootPlayground({ env: pluginEnv(emulator) });
  // More jobs at once than Scenario takes: without adapting, the worker would keep bouncing off the ceiling.
  await plugin().service('settings').update({ concurrency: 5 });
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

const publish = (count: number, label: string) =>
  publishArticles(app.strapi, count, label, { title: 'the harbour ferry sails again', body: 'The old harbour ferry returns to service after a winter of repairs to its hull and engine.' });

it('learns the ceiling from the first 429s and keeps every generation under it: all illustrated, no retry loop', async () => {
  const ids = await publish(12, 'Ceiling');
  const jobs = await Promise.all(ids.map((id) => finishedJob(app.strapi, id, { timeoutMs: 90000 })));

  expect(jobs.map((job) => job.state)).toEqual(ids.map(() => 'done'));
  for (const id of ids) expect((await readArticle(app.strapi, id, 'published'))?.cover).not.toBeNull();
  // Only the submissions sent before the limit was known (at most one per job the worker ran at once) met the 429.
  expect(emulator.stats.maxJobsInFlight).toBeLessThanOrEqual(2);
  expect(emulator.stats.concurrencyRejections).toBeGreaterThanOrEqual(1);
  expect(emulator.stats.concurrencyRejections).toBeLessThanOrEqual(4);
  expect(emulator.stats.jobsCreated).toBe(12);
  expect(emulator.stats.generateCalls).toBe(12 + emulator.stats.concurrencyRejections);
  const status = await plugin().service('generation-slots').status();
  expect(status.limit).toBe(2);
  // A refused submission is no attempt and no paid submission.
  for (const job of jobs) expect(job.history?.some((entry) => /attempt \d+ failed/.test(entry.note ?? ''))).toBe(false);

  // Once learned, a second wave meets no 429 at all.
  const before = emulator.stats.concurrencyRejections;
  const more = await publish(8, 'Learned');
  const second = await Promise.all(more.map((id) => finishedJob(app.strapi, id, { timeoutMs: 90000 })));
  expect(second.map((job) => job.state)).toEqual(more.map(() => 'done'));
  expect(emulator.stats.concurrencyRejections).toBe(before);
  expect(emulator.stats.maxJobsInFlight).toBeLessThanOrEqual(2);
}, 180000);

it('adds every generated image to the content type collection, made once and made again when Scenario lost it', async () => {
  const [first, second] = await publish(2, 'Collected');
  const firstJob = await finishedJob(app.strapi, first, { timeoutMs: 60000 });
  const secondJob = await finishedJob(app.strapi, second, { timeoutMs: 60000 });
  const name = 'auto-illustration-playground · Article';
  const named = () => [...emulator.collections.entries()].filter(([, collection]) => collection.name === name);
  const expected = [firstJob, secondJob].flatMap((job) => job.candidateAssetIds ?? []);
  expect(expected.length).toBeGreaterThanOrEqual(2);
  // Added just after each job is done (the collection also holds the earlier tests' images).
  await waitFor(async () => expected.every((assetId) => named()[0]?.[1].assetIds.includes(assetId)), 20000);
  const collections = named();
  expect(collections).toHaveLength(1);
  const [id, collection] = collections[0];
  expect(collection.assetIds).toEqual(expect.arrayContaining(expected));
  expect(new Set(collection.assetIds).size).toBe(collection.assetIds.length);
  // Each image was sent once (the emulator keeps one of a repeat; Scenario's notes do not say it does).
  for (const assetId of expected) expect(emulator.stats.collectionAddedIds.filter((sent) => sent === assetId)).toHaveLength(1);
  expect(plugin().service('collections').collectionName(ARTICLE)).toBe(name);

  // Deleted in Scenario's web app: the next image makes it again.
  emulator.deleteCollection(id);
  const [third] = await publish(1, 'Recollected');
  const thirdJob = await finishedJob(app.strapi, third, { timeoutMs: 60000 });
  await waitFor(async () => named().length === 1 && named()[0][1].assetIds.length > 0, 20000);
  const remade = named();
  expect(remade).toHaveLength(1);
  expect(remade[0][0]).not.toBe(id);
  expect(remade[0][1].assetIds).toEqual(expect.arrayContaining(thirdJob.candidateAssetIds ?? []));
}, 120000);

it('a collection that cannot be written leaves the job done, with the reason in its history', async () => {
  await emulator.configure({ failNext: { status: 500, times: 20, route: 'collections' } });
  const [id] = await publish(1, 'Uncollected');
  const job = await finishedJob(app.strapi, id, { timeoutMs: 60000 });
  expect(job.state).toBe('done');
  expect((await readArticle(app.strapi, id, 'published'))?.cover).not.toBeNull();
  // Noted after the job is done (the client's retries of the 500 come first).
  const noted = await waitFor(async () => {
    const [latest] = await jobsFor(app.strapi, id);
    return latest.history?.find((entry) => /not added to the Scenario collection/.test(entry.note ?? ''));
  }, 30000);
  await emulator.configure({ failNext: undefined });
  expect(noted.note).toMatch(/500/);
  expect((await jobsFor(app.strapi, id))[0].state).toBe('done');
}, 120000);
