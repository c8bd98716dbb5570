/**
 * When generation cannot succeed, the article still gets a tidy placeholder with real alt text, and the job says why.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, SAMPLE_ARTICLES, blocks, finishedJob, jobsFor, readArticle } from '../helpers/articles';
import { PLAYGROUND_DIR, bootPlayground, waitFor, type Playground } from '../helpers/playground';
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
  }, 120000);
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });
  afterEach(() => emulator.configure({ down: false, rejectPromptsMatching: undefined, failJobsMatching: undefined }));

  it('a refused prompt (400) gives the placeholder at once, nothing paid', async () => {
    emulator.configure({ rejectPromptsMatching: /lighthouse/i });
    const job = await expectPlaceholder(app, await publishSample(app));
    // In an editor's words: what was refused and why, not the API's method and path.
    expect(job.reason).toMatch(/^Scenario refused the image generation \(400\): \S/);
    expect(job.reason).not.toMatch(/POST|\/generate|model_/);
    expect(job.history?.map((entry) => entry.note)).toContain('placeholder: Scenario refused it');
    expect(Number(job.creditsSpent ?? 0)).toBe(0);
  });

  it('an article whose title and text name nothing to draw ("Weekly roundup") gets the placeholder, nothing paid', async () => {
    const generated = emulator.stats.generateCalls;
    const documentId = await publishSample(app, { title: 'Weekly roundup', body: blocks('Here is what happened this week.') });
    const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
    expect([job.state, job.usePlaceholder]).toEqual(['fallback', true]);
    expect(job.reason).toMatch(/^Nothing in the article can be drawn: .*Write a prompt in the side panel/);
    expect(emulator.stats.generateCalls).toBe(generated);
    expect((await readArticle(app.strapi, documentId, 'published'))!.cover!.alternativeText).toContain('Weekly roundup');
  });

  it('a failed generation job gives the placeholder with the reason', async () => {
    emulator.configure({ failJobsMatching: /lighthouse/i });
    const job = await expectPlaceholder(app, await publishSample(app));
    expect(job.reason).toMatch(/failure/);
  });

  it('a service that is down: the placeholder within seconds, one warning, and the image once it is back', async () => {
    const warnings: string[] = [];
    const warn = app.strapi.log.warn.bind(app.strapi.log);
    const spy = jest.spyOn(app.strapi.log, 'warn').mockImplementation(((message: string) => {
      warnings.push(String(message));
      return warn(message);
    }) as never);
    try {
      await emulator.configure({ down: true });
      const started = Date.now();
      const documentIds = [await publishSample(app), await publishSample(app, SAMPLE_ARTICLES.bees)];
      // Publishing itself never waits for the image work.
      expect(Date.now() - started).toBeLessThan(3000);
      for (const documentId of documentIds) {
        const cover = await waitFor(async () => (await readArticle(app.strapi, documentId, 'published'))?.cover, 30000, 200);
        expect(cover.name).toMatch(/placeholder/);
        const [job] = await jobsFor(app.strapi, documentId);
        expect(['queued', 'generating']).toContain(job.state);
        expect(job.reason).toMatch(/could not be reached.*the image follows when Scenario is back/);
        expect(job.reason).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
        // The side panel knows the placeholder for the plugin's own, though no finished job attached it yet.
        const panel = await getService(app.strapi, 'illustrations').panel({ uid: ARTICLE, documentId, locale: 'en' });
        expect(panel.image).toMatchObject({ fileId: cover.id, source: 'placeholder' });
      }
      expect(Date.now() - started).toBeLessThan(30000);

      await emulator.configure({ down: false });
      for (const documentId of documentIds) {
        const job = await finishedJob(app.strapi, documentId, { timeoutMs: 90000 });
        expect(job.state).toBe('done');
        const cover = (await readArticle(app.strapi, documentId, 'published'))!.cover!;
        expect(cover.id).toBe(job.fileId);
      }
      // One line when the outage starts (and an info line when it ends): not one per article or per retry.
      expect(warnings.filter((line) => line.includes('[auto-illustration]')).length).toBe(1);
    } finally {
      spy.mockRestore();
    }
  }, 150000);
});
