/**
 * A worker stopped in the middle of a job, and started again, finishes it exactly once: the Scenario job is polled
 * again from its stored id, never submitted twice.
 */
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, SAMPLE_ARTICLES, finishedJob, jobsFor, readArticle } from '../helpers/articles';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';

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
  const [interrupted] = await (async () => {
    app = await bootPlayground({ env, databaseFile });
    return jobsFor(app.strapi, documentId);
  })();
  expect(['generating', 'captioning', 'attaching', 'done']).toContain(interrupted.state);

  const job = await finishedJob(app!.strapi, documentId);
  expect(job.state).toBe('done');
  expect(emulator.stats.generateCalls).toBe(1);
  expect(emulator.stats.captionCalls).toBe(1);
  expect((await jobsFor(app!.strapi, documentId)).length).toBe(1);
  expect((await readArticle(app!.strapi, documentId, 'published'))!.cover).not.toBeNull();
}, 120000);
