/**
 * The whole pipeline in the real playground Strapi, against the local Scenario emulator: every way of publishing
 * ends with an AI image attached and alt text from its caption, and nothing is paid for twice.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { altTextFromCaption } from '../../server/src/domain/alt-text';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, GUIDE, JOB, SAMPLE_ARTICLES, blocks, finishedJob, jobsFor, readArticle } from '../helpers/articles';
import { PLAYGROUND_DIR, bootPlayground, waitFor, type Playground } from '../helpers/playground';
import { getService } from '../../server/src/utils/get-service';

let emulator: ScenarioEmulator;
let app: Playground;

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.5 });
  app = await bootPlayground({ env: pluginEnv(emulator) });
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

const documents = () => app.strapi.documents(ARTICLE);

async function createDraft(data: Record<string, unknown>, locale?: string) {
  return (await documents().create({ data, ...(locale ? { locale } : {}) } as never)) as unknown as { documentId: string };
}

/** Generated images are stored as JPEG by default (imageFormat: 'jpeg'): the file on disk must really be one. */
function expectRealImage(cover: { mime: string; url: string } | null) {
  expect(cover).not.toBeNull();
  expect(cover!.mime).toBe('image/jpeg');
  const bytes = readFileSync(path.join(PLAYGROUND_DIR, 'public', cover!.url));
  expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
}

describe('publishing an article', () => {
  it('documents().publish(): attaches a generated image with alt text from its caption, to draft and live versions', async () => {
    const generateBefore = emulator.stats.generateCalls;
    const captionBefore = emulator.stats.captionCalls;
    const { documentId } = await createDraft(SAMPLE_ARTICLES.lighthouse);
    await documents().publish({ documentId } as never);

    const job = await finishedJob(app.strapi, documentId);
    expect(job.state).toBe('done');
    expect(job.scenarioJobId).toMatch(/^job_/);
    expect(job.candidateAssetIds).toHaveLength(2);
    expect(job.candidateAssetIds).toContain(job.chosenAssetId);
    expect(job.keyphrases!.join(' ')).toMatch(/lighthouse/i);
    expect(job.prompt).toMatch(/lighthouse/i);
    expect(emulator.stats.generateCalls - generateBefore).toBe(1);
    expect(emulator.stats.captionCalls - captionBefore).toBe(1);
    // The plugin's own update and publish of the article started no second job.
    expect(await jobsFor(app.strapi, documentId)).toHaveLength(1);
    const file = await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: job.fileId }, populate: { folder: true } });
    expect(file.folder?.name).toBe('Auto illustrations');

    const published = await readArticle(app.strapi, documentId, 'published');
    const draft = await readArticle(app.strapi, documentId, 'draft');
    expectRealImage(published!.cover);
    expect(draft!.cover?.id).toBe(published!.cover!.id);
    expect(published!.cover!.alternativeText).toBe(job.alternativeText);
    expect(published!.cover!.alternativeText).not.toMatch(/\.(png|jpe?g|webp)$/i);
    expect(published!.cover!.alternativeText!.length).toBeGreaterThan(10);
    expect(published!.cover!.caption).toBeTruthy();
    // The alt text is the chosen candidate's caption (cleaned), not the title or a file name.
    const caption = job.candidateCaptions![job.candidateAssetIds!.indexOf(job.chosenAssetId!)];
    expect(published!.cover!.alternativeText).toBe(altTextFromCaption({ caption, title: SAMPLE_ARTICLES.lighthouse.title, locale: 'en' }).alternativeText);
    // Draft and live version agree, so the admin shows the article as published, not modified.
    expect(new Date(draft!.updatedAt).getTime()).toBeLessThanOrEqual(new Date(published!.updatedAt).getTime());
  });

  it('create({ status: "published" }) and update({ status: "published" }) both trigger', async () => {
    const created = (await documents().create({ data: SAMPLE_ARTICLES.bees, status: 'published' } as never)) as unknown as { documentId: string };
    expect((await finishedJob(app.strapi, created.documentId)).state).toBe('done');

    const { documentId } = await createDraft({ title: 'Tidal power station opens in the estuary', body: blocks('The tidal power station turns estuary tides into electricity.') });
    await documents().update({ documentId, data: { description: 'Turbines under the estuary bridge.' }, status: 'published' } as never);
    expect((await finishedJob(app.strapi, documentId)).state).toBe('done');
    expect((await readArticle(app.strapi, documentId, 'published'))!.cover).not.toBeNull();
  });

  it('REST POST /api/articles?status=published triggers', async () => {
    const token = await app.strapi.service('admin::api-token').create({
      name: `rest-${Date.now()}`,
      type: 'full-access',
      lifespan: null,
    });
    const response = await request(app.strapi.server.httpServer)
      .post('/api/articles?status=published')
      .set('Authorization', `Bearer ${token.accessKey}`)
      .send({ data: { title: 'Night trains return to the Alps', description: 'Sleeper trains link Zurich and Vienna again.' } })
      .expect(201);
    const documentId = response.body.data.documentId as string;
    const job = await finishedJob(app.strapi, documentId);
    expect(job.state).toBe('done');
    expectRealImage((await readArticle(app.strapi, documentId, 'published'))!.cover);
  });

  it('publish with locale "*": one generation for the article, each locale its own file with alt text in its language', async () => {
    const { documentId } = await createDraft(SAMPLE_ARTICLES.lighthouse, 'en');
    await documents().update({
      documentId,
      locale: 'fr',
      data: {
        title: 'Des bénévoles restaurent le vieux phare de l’île aux Macareux',
        description: 'Une équipe de bénévoles a réparé la lanterne du phare et la maison du gardien.',
      },
    } as never);
    const generateBefore = emulator.stats.generateCalls;
    await documents().publish({ documentId, locale: '*' } as never);

    const en = await finishedJob(app.strapi, documentId, { locale: 'en' });
    const fr = await finishedJob(app.strapi, documentId, { locale: 'fr' });
    expect([en.state, fr.state]).toEqual(['done', 'done']);
    const frCover = (await readArticle(app.strapi, documentId, 'published', 'fr'))!.cover!;
    const enCover = (await readArticle(app.strapi, documentId, 'published', 'en'))!.cover!;
    expect(frCover.id).not.toBe(enCover.id);
    expect(frCover.alternativeText).toContain('phare');
    // The translation reused the English generation: same Scenario image, nothing paid twice.
    expect(emulator.stats.generateCalls - generateBefore).toBe(1);
    expect(fr.chosenAssetId).toBe(en.chosenAssetId);
    const [leader, follower] = en.id < fr.id ? [en, fr] : [fr, en];
    expect(Number(leader.creditsSpent)).toBeGreaterThan(0);
    expect(Number(follower.creditsSpent)).toBe(0);
    expect(frCover.alternativeText).not.toMatch(/\b(the|of|with|an)\b/i);
  });

  it('republishing an unchanged article spends nothing', async () => {
    const { documentId } = await createDraft(SAMPLE_ARTICLES.bees);
    await documents().publish({ documentId } as never);
    const first = await finishedJob(app.strapi, documentId);
    expect(first.state).toBe('done');

    const generateBefore = emulator.stats.generateCalls;
    await documents().publish({ documentId } as never);
    await documents().publish({ documentId } as never);
    const last = await finishedJob(app.strapi, documentId, { after: first.id });
    expect(last.state).toBe('skipped');
    expect(emulator.stats.generateCalls).toBe(generateBefore);
    expect((await readArticle(app.strapi, documentId, 'published'))!.cover!.id).toBe(first.fileId);
  });

  it('an article whose image field is already filled is left alone', async () => {
    const { documentId } = await createDraft(SAMPLE_ARTICLES.lighthouse);
    await documents().publish({ documentId } as never);
    const first = await finishedJob(app.strapi, documentId);
    const other = await createDraft({ title: 'Second story with a hand-picked cover', cover: first.fileId });
    const generateBefore = emulator.stats.generateCalls;
    await documents().publish({ documentId: other.documentId } as never);
    const job = await finishedJob(app.strapi, other.documentId);
    expect(job.state).toBe('skipped');
    expect(job.reason).toMatch(/already has an image/);
    expect(emulator.stats.generateCalls).toBe(generateBefore);
  });

  it('with replaceExisting: an unchanged republish is free, a changed one replaces the image and tidies the old file', async () => {
    const settings = getService(app.strapi, 'settings');
    const original = settings.current().contentTypes;
    await settings.update({ contentTypes: { ...original, [ARTICLE]: { ...original[ARTICLE], replaceExisting: true } } });
    try {
      const { documentId } = await createDraft(SAMPLE_ARTICLES.bees);
      await documents().publish({ documentId } as never);
      const first = await finishedJob(app.strapi, documentId);
      expect(first.state).toBe('done');

      const generateBefore = emulator.stats.generateCalls;
      await documents().publish({ documentId } as never);
      const unchanged = await finishedJob(app.strapi, documentId, { after: first.id });
      expect(unchanged.state).toBe('skipped');
      expect(unchanged.reason).toMatch(/not changed/);
      expect(emulator.stats.generateCalls).toBe(generateBefore);

      await documents().update({ documentId, data: { title: 'Urban beekeepers add wildflower meadows to rooftops' } } as never);
      await documents().publish({ documentId } as never);
      const changed = await finishedJob(app.strapi, documentId, { after: unchanged.id });
      expect(changed.state).toBe('done');
      expect(emulator.stats.generateCalls).toBe(generateBefore + 1);
      expect((await readArticle(app.strapi, documentId, 'published'))!.cover!.id).toBe(changed.fileId);
      // The replaced image was ours and nothing uses it any more: it is gone from the Media Library.
      expect(await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: first.fileId } })).toBeNull();
    } finally {
      await settings.update({ contentTypes: original });
    }
  });

  it('a publish made while the image is made from the text before is looked at once it is done: unchanged is free, changed is illustrated', async () => {
    const settings = getService(app.strapi, 'settings');
    const original = settings.current().contentTypes;
    await settings.update({ contentTypes: { ...original, [ARTICLE]: { ...original[ARTICLE], replaceExisting: true } } });
    await emulator.configure({ jobSeconds: 2 });
    const generating = (documentId: string) =>
      waitFor(async () => (await jobsFor(app.strapi, documentId)).find((job) => job.state === 'generating'), 20000, 20);
    try {
      // Published again unchanged while generating: one generation, and the later publish ends as a quiet skip.
      const same = await createDraft(SAMPLE_ARTICLES.lighthouse);
      const generateBefore = emulator.stats.generateCalls;
      await documents().publish({ documentId: same.documentId } as never);
      const first = await generating(same.documentId);
      await documents().publish({ documentId: same.documentId } as never);
      await waitFor(async () => (await app.strapi.db.query(JOB).findOne({ where: { id: first.id } }))?.republishedAt, 5000, 20);
      const unchanged = await finishedJob(app.strapi, same.documentId, { after: first.id });
      expect(unchanged.state).toBe('skipped');
      expect(unchanged.reason).toMatch(/not changed/);
      expect(emulator.stats.generateCalls - generateBefore).toBe(1);
      expect((await app.strapi.db.query(JOB).findOne({ where: { id: first.id } })).republishedAt).toBeNull();

      // Published with a new title while generating: that text is illustrated once the first image is up.
      const changed = await createDraft(SAMPLE_ARTICLES.bees);
      await documents().publish({ documentId: changed.documentId } as never);
      const before = await generating(changed.documentId);
      const title = 'Rooftop wildflower meadows feed the city bees';
      await documents().update({ documentId: changed.documentId, data: { title } } as never);
      await documents().publish({ documentId: changed.documentId } as never);
      const after = await finishedJob(app.strapi, changed.documentId, { after: before.id });
      expect(after.state).toBe('done');
      expect(after.title).toBe(title);
      expect(after.prompt).toMatch(/wildflower/i);
      const all = await jobsFor(app.strapi, changed.documentId);
      expect(all.map((job) => job.state)).toEqual(['done', 'done']);
      expect((await readArticle(app.strapi, changed.documentId, 'published'))!.cover!.id).toBe(after.fileId);
    } finally {
      await emulator.configure({ jobSeconds: 0.5 });
      await settings.update({ contentTypes: original });
    }
  });

  it('a publish while a worker holds a job still queued (reading the text, waiting for a slot) is noted on it too', async () => {
    const jobs = getService(app.strapi, 'jobs');
    const target = { uid: ARTICLE, documentId: 'held-queued-document', locale: 'en' };
    const held = await app.strapi.db.query(JOB).create({
      data: {
        targetUid: target.uid, targetDocumentId: target.documentId, targetLocale: target.locale, trigger: 'publish', priority: 10, state: 'queued',
        attempts: 0, lockVersion: 1, progress: 0, lockedBy: 'another-worker', lockedUntil: new Date(Date.now() + 60_000), nextRunAt: new Date(), history: [],
      },
    });
    try {
      expect(await jobs.enqueue([target], { deadlineSeconds: 60 })).toEqual([]);
      expect((await app.strapi.db.query(JOB).findOne({ where: { id: held.id } })).republishedAt).not.toBeNull();
      expect(await jobsFor(app.strapi, target.documentId)).toHaveLength(1);
    } finally {
      await app.strapi.db.query(JOB).delete({ where: { id: held.id } });
    }
  });

  it("a publish while a worker holds a backfill's job is noted, not a takeover the worker never sees; a run that leaves the job waiting hands it over", async () => {
    const jobs = getService(app.strapi, 'jobs');
    const target = { uid: ARTICLE, documentId: 'held-backfill-document', locale: 'en' };
    const held = await app.strapi.db.query(JOB).create({
      data: {
        targetUid: target.uid, targetDocumentId: target.documentId, targetLocale: target.locale, trigger: 'backfill', priority: 0, backfillId: 999999,
        state: 'queued', attempts: 0, lockVersion: 1, progress: 0, lockedBy: 'another-worker', lockedUntil: new Date(Date.now() + 60_000),
        nextRunAt: new Date(), placeholderCheckedAt: new Date(), history: [],
      },
    });
    try {
      // (A takeover would have left the worker's copy at the backfill's priority: a pause then parked it for good, review.)
      expect(await jobs.enqueue([target], { deadlineSeconds: 60 })).toEqual([]);
      const noted = await app.strapi.db.query(JOB).findOne({ where: { id: held.id } });
      expect(noted).toMatchObject({ priority: 0, trigger: 'backfill' });
      expect(noted.republishedAt).not.toBeNull();
      // Its run left it waiting (the backfill paused) and let it go: the publish takes it over now, at its priority.
      await jobs.save(noted, 'another-worker', { nextRunAt: new Date('9999-01-01').toISOString() }, 60, 'held: the backfill is paused');
      await jobs.release(held.id, 'another-worker');
      const promoted = await jobs.promoteRepublished(held.id, 60);
      expect(promoted).toMatchObject({ id: held.id, priority: 10, trigger: 'publish', republishedAt: null });
      expect(new Date(promoted!.nextRunAt!).getTime()).toBeLessThanOrEqual(Date.now());
      // Taken over, it is the editor's: a raised cap releases it though its backfill is paused (an app trial).
      await app.strapi.db.query(JOB).update({ where: { id: held.id }, data: { reason: 'Budget reached: the monthly cap of 1 credits is used up until 2099-01-01 00:00 UTC.', nextRunAt: new Date('2099-01-01') } });
      expect(await jobs.releaseBudgetWaits({ editor: true, backfillIds: [] })).toBe(1);
    } finally {
      await app.strapi.db.query(JOB).delete({ where: { id: held.id } });
    }
  });

  it("keeps an editor's pending draft edits unpublished", async () => {
    emulator.configure({ jobSeconds: 2 });
    try {
      const { documentId } = await createDraft(SAMPLE_ARTICLES.lighthouse);
      await documents().publish({ documentId } as never);
      await waitFor(async () => (await jobsFor(app.strapi, documentId))[0]?.state === 'generating');
      // While the image is being made, the editor keeps working on the draft.
      await documents().update({ documentId, data: { title: 'Work in progress: a new headline' } } as never);

      expect((await finishedJob(app.strapi, documentId)).state).toBe('done');
      const published = await readArticle(app.strapi, documentId, 'published');
      const draft = await readArticle(app.strapi, documentId, 'draft');
      expect(published!.title).toBe(SAMPLE_ARTICLES.lighthouse.title);
      expect(draft!.title).toBe('Work in progress: a new headline');
      expect(published!.cover).not.toBeNull();
      expect(draft!.cover?.id).toBe(published!.cover!.id);
      // Still "modified" in the admin: the draft is newer than the live version.
      expect(new Date(draft!.updatedAt).getTime()).toBeGreaterThan(new Date(published!.updatedAt).getTime());
    } finally {
      emulator.configure({ jobSeconds: 0.5 });
    }
  });

  it('reads Markdown, components and dynamic zones (Guide type)', async () => {
    const guide = (await app.strapi.documents(GUIDE).create({
      data: {
        title: 'Getting started',
        summary: 'Learn **sourdough baking** at home. See [our shop](https://example.com/shop).\n\n```js\nconst x = 1;\n```',
        intro: { text: 'A patient sourdough starter is the heart of every loaf.', kicker: 'Baking' },
        sections: [
          { __component: 'content.text-section', heading: 'Feeding the starter', body: 'Feed the **sourdough starter** with rye flour every morning.' },
          { __component: 'content.quote', quote: 'Good bread needs time and a hot Dutch oven.', author: 'A baker' },
          { __component: 'content.code-sample', language: 'javascript', code: 'function knead() { return dough; }' },
        ],
      },
      status: 'published',
    } as never)) as unknown as { documentId: string };
    const job = await finishedJob(app.strapi, guide.documentId);
    expect(job.state).toBe('done');
    const phrases = job.keyphrases!.join(' | ').toLowerCase();
    expect(phrases).toMatch(/sourdough/);
    expect(job.prompt).not.toMatch(/https?:|example\.com|knead\(|const x/);
    const published = (await app.strapi.documents(GUIDE).findOne({
      documentId: guide.documentId,
      status: 'published',
      populate: { heroImage: true },
    } as never)) as unknown as { heroImage: { alternativeText: string } | null };
    expect(published.heroImage?.alternativeText).toBeTruthy();
  });
});
