/**
 * A worker stopped in the middle of a job, and started again, finishes it exactly once: the Scenario job is polled
 * again from its stored id, never submitted twice. A job whose runs keep breaking (a bug) is given up, with the reason:
 * the article gets its placeholder, and a placeholder that keeps breaking ends the job as failed.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, SAMPLE_ARTICLES, finishedJob, jobsFor, readArticle } from '../helpers/articles';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';
import { endOfWait } from '../../server/src/services/pipeline/shared';

let emulator: ScenarioEmulator;
let app: Playground | undefined;

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

it('resumes a generating job after a restart without paying twice', async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 4 });
  const env = {
    ...pluginEnv(emulator),
  };
  app = await bootPlayground({ env });
  const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.bees, status: 'published' } as never)) as unknown as {
    documentId: string;
  };
  await waitFor(async () => (await jobsFor(app!.strapi, documentId))[0]?.scenarioJobId);
  const databaseFile = app.databaseFile;
  await app.close({ keepDatabase: true });
  app = undefined;

  expect(emulator.stats.generateCalls).toBe(1);
  // An upload's temp dir left by an instance killed mid-upload goes at the next start (an hour old); a fresh one stays.
  const [stale, fresh] = await Promise.all([mkdtemp(path.join(tmpdir(), 'auto-illustration-upload-')), mkdtemp(path.join(tmpdir(), 'auto-illustration-upload-'))]);
  // Not another program's folder of the same name's start (the browser tests unpack Chromium beside them).
  const other = await mkdtemp(path.join(tmpdir(), 'auto-illustration-chromium-test-'));
  await utimes(other, new Date(Date.now() - 2 * 3600 * 1000), new Date(Date.now() - 2 * 3600 * 1000));
  const hoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
  await utimes(stale, hoursAgo, hoursAgo);
  const [interrupted] = await (async () => {
    app = await bootPlayground({ env, databaseFile });
    return jobsFor(app.strapi, documentId);
  })();
  expect(['generating', 'captioning', 'attaching', 'done']).toContain(interrupted.state);
  await waitFor(async () => !existsSync(stale), 10000);
  expect(existsSync(fresh)).toBe(true);
  expect(existsSync(other)).toBe(true);
  await rm(fresh, { recursive: true, force: true });
  await rm(other, { recursive: true, force: true });

  const job = await finishedJob(app!.strapi, documentId);
  expect(job.state).toBe('done');
  expect(emulator.stats.generateCalls).toBe(1);
  expect(emulator.stats.captionCalls).toBe(1);
  expect((await jobsFor(app!.strapi, documentId)).length).toBe(1);
  expect((await readArticle(app!.strapi, documentId, 'published'))!.cover).not.toBeNull();
}, 120000);

it('a job whose runs keep breaking is tried again later, then given up with the reason on the job and the placeholder shown', async () => {
  const jobs = app!.strapi.plugin('auto-illustration').service('jobs');
  // The app's own worker stays out of it: the test plays the worker whose runs break.
  await app!.strapi.plugin('auto-illustration').service('worker').stop();
  const { documentId } = (await app!.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.lighthouse, status: 'published' } as never)) as unknown as { documentId: string };
  const row = await waitFor(async () => (await jobsFor(app!.strapi, documentId))[0]);
  // A job whose runs broke after it read its article (one that never got that far ends failed: no title for a placeholder).
  await app!.strapi.db.query('plugin::auto-illustration.job').update({ where: { id: row.id }, data: { title: SAMPLE_ARTICLES.lighthouse.title } });
  const take = () => app!.strapi.db.query('plugin::auto-illustration.job').update({ where: { id: row.id }, data: { lockedBy: 'test', lockedUntil: new Date(Date.now() + 60_000) } });
  const retryAt = new Date(Date.now() + 30_000);
  for (let crash = 1; crash < 3; crash++) {
    await take();
    expect(await jobs.crashed(row.id, 'test', 'boom', retryAt, 3, endOfWait)).toBe(false);
    expect(await jobs.findOne(row.id)).toMatchObject({ crashes: crash, lockedBy: null, state: 'queued', lastError: 'stopped unexpectedly: boom' });
  }
  expect(new Date((await jobs.findOne(row.id)).nextRunAt).getTime()).toBe(retryAt.getTime());
  // A lease left to run out (its instance killed mid-run): the worker taking it says so in its history (a trial saw
  // a minute's silence after a kill -9, then the job going on unexplained). A released one is claimed quietly.
  await app!.strapi.db.query('plugin::auto-illustration.job').update({ where: { id: row.id }, data: { lockedBy: 'killed', lockedUntil: new Date(Date.now() - 1000), nextRunAt: new Date() } });
  const [takenOver] = await jobs.claim('test', 1, 60);
  expect(takenOver.id).toBe(row.id);
  expect((await jobs.findOne(row.id)).history.at(-1)).toMatchObject({ state: 'queued', note: 'taken over: the instance working on it stopped before it finished' });
  await jobs.release(row.id, 'test', retryAt);
  const notes = (await jobs.findOne(row.id)).history.length;
  await app!.strapi.db.query('plugin::auto-illustration.job').update({ where: { id: row.id }, data: { nextRunAt: new Date() } });
  expect((await jobs.claim('test', 1, 60))[0].id).toBe(row.id);
  expect((await jobs.findOne(row.id)).history).toHaveLength(notes);
  await jobs.release(row.id, 'test', retryAt);
  // A run that moves the job on to another step starts the count again.
  await take();
  await jobs.save(await jobs.findOne(row.id), 'test', { state: 'generating' }, 60, 'moved on');
  expect((await jobs.findOne(row.id)).crashes).toBe(0);
  expect(await jobs.crashed(row.id, 'test', 'boom', retryAt, 3, endOfWait)).toBe(false);
  // A step back (a run that breaks before its submission requeues the job first) keeps the count.
  await take();
  await jobs.save(await jobs.findOne(row.id), 'test', { state: 'queued' }, 60, 'back');
  expect((await jobs.findOne(row.id)).crashes).toBe(1);
  expect(await jobs.crashed(row.id, 'test', 'boom', retryAt, 3, endOfWait)).toBe(false);
  // Not held by this worker (another took it over): nothing changes.
  expect(await jobs.crashed(row.id, 'test', 'boom', retryAt, 3, endOfWait)).toBe(false);
  await take();
  expect(await jobs.crashed(row.id, 'test', 'boom', retryAt, 3, endOfWait)).toBe(true);
  const reason = 'The plugin stopped unexpectedly on this job 3 times (boom), so it was given up. Retry it once the cause is fixed.';
  const givenUp = await jobs.findOne(row.id);
  expect(givenUp).toMatchObject({ state: 'attaching', usePlaceholder: true, crashes: 0, lockedBy: null, reason, lastError: 'stopped unexpectedly: boom' });
  expect(givenUp.history.at(-1)).toMatchObject({ state: 'attaching', note: 'given up after 3 runs that stopped unexpectedly: placeholder: gave up' });
  // The placeholder goes up (the worker is back), and the reason stays on the job.
  await app!.strapi.plugin('auto-illustration').service('worker').start();
  const shown = await finishedJob(app!.strapi, documentId);
  expect(shown).toMatchObject({ state: 'fallback', reason });
  expect((await readArticle(app!.strapi, documentId, 'published'))!.cover).not.toBeNull();
  expect(emulator.stats.generateCalls).toBe(1);
  // A placeholder that keeps breaking ends the job as failed.
  await app!.strapi.plugin('auto-illustration').service('worker').stop();
  await app!.strapi.db.query('plugin::auto-illustration.job').update({ where: { id: row.id }, data: { state: 'attaching', crashes: 2, finishedAt: null } });
  await take();
  expect(await jobs.crashed(row.id, 'test', 'boom', retryAt, 3, endOfWait)).toBe(true);
  const failed = await jobs.findOne(row.id);
  expect(failed).toMatchObject({ state: 'failed', crashes: 3, nextRunAt: null, lockedBy: null, reason });
  expect(failed.history.at(-1)).toMatchObject({ state: 'failed', note: 'given up after 3 runs that stopped unexpectedly: failed' });
});
