/**
 * When generation cannot succeed, the article still gets a tidy placeholder with real alt text, and the job says why.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../scenario-emulator';
import { ARTICLE, SAMPLE_ARTICLES, finishedJob, readArticle } from '../helpers/articles';
import { PLAYGROUND_DIR, bootPlayground, type Playground } from '../helpers/playground';
import { getService } from '../../server/src/utils/get-service';

async function publishSample(app: Playground, data: Record<string, unknown> = SAMPLE_ARTICLES.lighthouse) {
  const created = (await app.strapi.documents(ARTICLE).create({ data, status: 'published' } as never)) as unknown as { documentId: string };
  return created.documentId;
}

async function expectPlaceholder(app: Playground, documentId: string) {
  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  expect(job.state).toBe('fallback');
  expect(job.usePlaceholder).toBe(true);
  expect(job.reason).toBeTruthy();
  const cover = (await readArticle(app.strapi, documentId, 'published'))!.cover!;
  expect(cover.mime).toBe('image/png');
  expect(readFileSync(path.join(PLAYGROUND_DIR, 'public', cover.url)).subarray(1, 4).toString('latin1')).toBe('PNG');
  expect(cover.alternativeText).toContain(SAMPLE_ARTICLES.lighthouse.title);
  expect(cover.alternativeText).not.toMatch(/\.(png|jpe?g|webp)\b/i);
  expect((await readArticle(app.strapi, documentId, 'draft'))!.cover?.id).toBe(cover.id);
  return job;
}

describe('without Scenario credentials', () => {
  let app: Playground;
  beforeAll(async () => {
    app = await bootPlayground({ env: { SCENARIO_API_KEY: undefined, SCENARIO_API_SECRET: undefined } });
  }, 120000);
  afterAll(() => app?.close());

  it('attaches the placeholder and says Scenario is not configured', async () => {
    const job = await expectPlaceholder(app, await publishSample(app));
    expect(job.reason).toMatch(/not configured/);
    expect(job.scenarioJobId).toBeNull();
    expect(job.keyphrases!.length).toBeGreaterThan(0);
  });
});

describe('with Scenario failing', () => {
  let app: Playground;
  let emulator: ScenarioEmulator;
  beforeAll(async () => {
    emulator = await startScenarioEmulator({ jobSeconds: 0.3 });
    app = await bootPlayground({
      env: {
        ...pluginEnv(emulator),
      },
    });
    // A short deadline keeps the "service down" case quick.
    await getService(app.strapi, 'settings').update({ deadlineSeconds: 10 });
  }, 120000);
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });
  afterEach(() => emulator.configure({ down: false, rejectPromptsMatching: undefined, failJobsMatching: undefined }));

  it('a refused prompt (400) gives the placeholder at once, nothing paid', async () => {
    emulator.configure({ rejectPromptsMatching: /lighthouse/i });
    const job = await expectPlaceholder(app, await publishSample(app));
    expect(job.reason).toMatch(/Scenario/);
    expect(Number(job.creditsSpent ?? 0)).toBe(0);
  });

  it('a failed generation job gives the placeholder with the reason', async () => {
    emulator.configure({ failJobsMatching: /lighthouse/i });
    const job = await expectPlaceholder(app, await publishSample(app));
    expect(job.reason).toMatch(/failure/);
  });

  it('a generation that misses the deadline gives the placeholder; its Scenario job id is kept', async () => {
    emulator.configure({ jobSeconds: 30 });
    try {
      const job = await expectPlaceholder(app, await publishSample(app));
      expect(job.reason).toMatch(/deadline/);
      expect(job.scenarioJobId).toMatch(/^job_/);
    } finally {
      emulator.configure({ jobSeconds: 0.3 });
    }
  }, 60000);

  it('a service that is down gives the placeholder before the deadline', async () => {
    emulator.configure({ down: true });
    const started = Date.now();
    await expectPlaceholder(app, await publishSample(app));
    expect(Date.now() - started).toBeLessThan(30000);
  }, 60000);

  it('publishing is never blocked or failed by the image work', async () => {
    emulator.configure({ down: true });
    const started = Date.now();
    const documentId = await publishSample(app);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await readArticle(app.strapi, documentId, 'published')).not.toBeNull();
    await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  }, 60000);
});
