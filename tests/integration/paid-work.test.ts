/**
 * Every credit buys an image that ends up on the article: a late image replaces the placeholder, a lost answer is
 * found in Scenario's job list instead of being paid again, a candidate that cannot be downloaded makes way for
 * another paid one, Retry reuses what was paid for, and the plugin knows its own images without its job history.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, JOB, SAMPLE_ARTICLES, finishedJob, jobsFor, readArticle } from '../helpers/articles';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';
import { getService } from '../../server/src/utils/get-service';

const LEASE_SECONDS = 6;

let app: Playground;
let emulator: ScenarioEmulator;

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.5 });
  app = await bootPlayground({ env: { ...pluginEnv(emulator), AUTO_ILLUSTRATION_LEASE_SECONDS: String(LEASE_SECONDS) } });
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

afterEach(async () => {
  await emulator.configure({ jobSeconds: 0.5, cdnPublicOrigin: undefined, hangNext: undefined, failNext: undefined, resetNext: undefined });
  await getService(app.strapi, 'settings').update({ deadlineSeconds: 180 });
});

let counter = 0;
async function publish(data: Record<string, unknown> = SAMPLE_ARTICLES.lighthouse): Promise<string> {
  counter += 1;
  const created = (await app.strapi.documents(ARTICLE).create({
    data: { ...data, title: `${data.title as string} (${counter})` },
    status: 'published',
  } as never)) as unknown as { documentId: string };
  return created.documentId;
}

const paidJobs = () => emulator.stats.jobsCreated;

it('a generation that outlives the deadline: the placeholder goes up, then the image replaces it', async () => {
  await getService(app.strapi, 'settings').update({ deadlineSeconds: 10 });
  await emulator.configure({ jobSeconds: 16 });
  const before = paidJobs();
  const documentId = await publish();

  const placeholder = await waitFor(async () => {
    const cover = (await readArticle(app.strapi, documentId, 'published'))?.cover;
    return cover && /placeholder/.test(cover.name) ? cover : undefined;
  }, 30000, 200);
  expect(placeholder.alternativeText).toContain(SAMPLE_ARTICLES.lighthouse.title);
  const [running] = await jobsFor(app.strapi, documentId);
  expect(running.state).toBe('generating');

  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  expect(job.state).toBe('done');
  // The note about the placeholder shown meanwhile does not linger on the finished job.
  expect(job.reason).toBeNull();
  const cover = (await readArticle(app.strapi, documentId, 'published'))!.cover!;
  expect(cover.id).toBe(job.fileId);
  expect(cover.name).not.toMatch(/placeholder/);
  // The default model (FLUX.1 dev) takes width/height, not aspectRatio: the 16:9 setting must reach it as pixels.
  expect([cover.width, cover.height]).toEqual([1344, 768]);
  expect(await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: placeholder.id } })).toBeNull();
  expect(paidJobs() - before).toBe(1);
}, 90000);

it('an answer lost after Scenario accepted the job: found in its job list, never paid twice', async () => {
  for (const fault of [{ failNext: { status: 502, route: 'generate' as const, afterAccepting: true } }, { resetNext: { route: 'generate' as const, afterAccepting: true } }]) {
    await emulator.configure(fault);
    const before = { paid: paidJobs(), calls: emulator.stats.generateCalls };
    const documentId = await publish();
    const job = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
    expect(job.state).toBe('done');
    expect(job.history!.some((entry) => /found the submission at Scenario/.test(entry.note ?? ''))).toBe(true);
    expect(emulator.stats.generateCalls - before.calls).toBe(1);
    expect(paidJobs() - before.paid).toBe(1);
    expect(Number(job.creditsSpent)).toBeGreaterThan(0);
  }
}, 90000);

it('a submission that never reached Scenario is sent again only once its job list shows it missing', async () => {
  await emulator.configure({ resetNext: { route: 'generate', afterAccepting: false } });
  const before = { paid: paidJobs(), calls: emulator.stats.generateCalls };
  const documentId = await publish();
  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  expect(job.state).toBe('done');
  expect(job.history!.some((entry) => /never arrived/.test(entry.note ?? ''))).toBe(true);
  expect(emulator.stats.generateCalls - before.calls).toBe(2);
  expect(paidJobs() - before.paid).toBe(1);
}, 90000);

it('a chosen candidate that cannot be downloaded makes way for another paid candidate', async () => {
  await emulator.configure({ errorAssetsNext: 1 });
  const before = paidJobs();
  const documentId = await publish();
  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  expect(job.state).toBe('done');
  expect(job.candidateAssetIds!.length).toBe(2);
  expect(job.history!.some((entry) => /chose/.test(entry.note ?? ''))).toBe(true);
  expect((await readArticle(app.strapi, documentId, 'published'))!.cover!.id).toBe(job.fileId);
  expect(paidJobs() - before).toBe(1);
}, 60000);

it('the lease is renewed while a poll hangs longer than the lease', async () => {
  const documentId = await publish();
  await waitFor(async () => (await jobsFor(app.strapi, documentId))[0]?.scenarioJobId, 20000, 50);
  await emulator.configure({ hangNext: { route: 'jobs', ms: LEASE_SECONDS * 2500, times: 1 } });
  await sleep(LEASE_SECONDS * 2000);
  const row = (await app.strapi.db.query(JOB).findOne({ where: { targetDocumentId: documentId } })) as { state: string; lockedUntil: string | null };
  if (row.state !== 'done') expect(new Date(row.lockedUntil!).getTime()).toBeGreaterThan(Date.now());
  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  expect(job.state).toBe('done');
  expect(job.history!.filter((entry) => /submitting to Scenario/.test(entry.note ?? '')).length).toBe(1);
}, 90000);

it('Retry after a download refusal reuses the images already paid for', async () => {
  // Signed URLs on a host the allow-list does not name: the download is refused, the candidates stay on the job.
  await emulator.configure({ cdnPublicOrigin: 'http://localhost:9' });
  const before = paidJobs();
  const documentId = await publish();
  const failed = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  expect(failed.state).toBe('fallback');
  expect(failed.candidateAssetIds!.length).toBe(2);

  await emulator.configure({ cdnPublicOrigin: undefined });
  const captions = emulator.stats.captionCalls;
  const retried = await getService(app.strapi, 'illustrations').retry(failed.id);
  const job = await finishedJob(app.strapi, documentId, { after: failed.id, timeoutMs: 40000 });
  expect(job.id).toBe(retried.id);
  expect(job.state).toBe('done');
  expect(job.scenarioJobId).toBe(failed.scenarioJobId);
  expect(paidJobs() - before).toBe(1);
  expect(emulator.stats.captionCalls).toBe(captions);
  const cover = (await readArticle(app.strapi, documentId, 'published'))!.cover!;
  expect(cover.id).toBe(job.fileId);
  expect(cover.name).not.toMatch(/placeholder/);
}, 90000);

it('Retry after a caption answer was lost (and a download refusal) keeps the image and does not send the caption call again', async () => {
  await emulator.configure({ cdnPublicOrigin: 'http://localhost:9', resetNext: { route: 'caption', afterAccepting: true } });
  const documentId = await publish();
  const failed = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  expect(failed.state).toBe('fallback');
  expect((failed as { captionRequestedAt?: string | null }).captionRequestedAt).toBeTruthy();
  expect(failed.candidateCaptions ?? []).toHaveLength(0);

  await emulator.configure({ cdnPublicOrigin: undefined });
  const captions = emulator.stats.captionCalls;
  await getService(app.strapi, 'illustrations').retry(failed.id);
  const job = await finishedJob(app.strapi, documentId, { after: failed.id, timeoutMs: 40000 });
  expect(job).toMatchObject({ state: 'done', scenarioJobId: failed.scenarioJobId, chosenAssetId: failed.chosenAssetId, altTextSource: 'title' });
  expect(emulator.stats.captionCalls).toBe(captions);
}, 90000);

it('"Use this image" after a caption answer was lost does not send the caption call again: alt text from the title', async () => {
  await emulator.configure({ resetNext: { route: 'caption', afterAccepting: true } });
  const documentId = await publish();
  const done = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  expect(done).toMatchObject({ state: 'done', altTextSource: 'title' });
  const other = done.candidateAssetIds!.find((id) => id !== done.chosenAssetId)!;

  const captions = emulator.stats.captionCalls;
  await getService(app.strapi, 'illustrations').choose(done.id, other);
  const job = await finishedJob(app.strapi, documentId, { after: done.id, timeoutMs: 40000 });
  expect(job).toMatchObject({ state: 'done', trigger: 'choose', chosenAssetId: other, altTextSource: 'title' });
  expect((job as { helperNotes?: string[] }).helperNotes!.at(-1)).toMatch(/answer was lost; they are paid, so they are not asked for again: alt text from the title\.$/);
  expect(emulator.stats.captionCalls).toBe(captions);
}, 90000);

it('an article unpublished while its images were made, then published again unchanged, gets those images: not paid twice', async () => {
  await emulator.configure({ jobSeconds: 3 });
  const documentId = await publish(SAMPLE_ARTICLES.bees);
  const first = await waitFor(async () => (await jobsFor(app.strapi, documentId)).find((job) => job.scenarioJobId));
  const generations = emulator.stats.generateCalls;
  await app.strapi.documents(ARTICLE).unpublish({ documentId } as never);
  const skipped = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  expect(skipped).toMatchObject({ id: first.id, state: 'skipped', reason: 'The article is no longer published.' });
  expect(skipped.candidateAssetIds?.length).toBeGreaterThan(0);

  await app.strapi.documents(ARTICLE).publish({ documentId } as never);
  const again = await finishedJob(app.strapi, documentId, { after: first.id, timeoutMs: 60000 });
  expect(again).toMatchObject({ state: 'done', scenarioJobId: skipped.scenarioJobId });
  expect(Number(again.creditsSpent)).toBe(0);
  expect(again.candidateAssetIds).toEqual(skipped.candidateAssetIds);
  expect((again.history ?? []).map((entry) => entry.note)).toContain(`uses the images job ${first.id} made and never attached`);
  expect(emulator.stats.generateCalls).toBe(generations);
  expect((await readArticle(app.strapi, documentId, 'published'))!.cover?.id).toBe(again.fileId);
}, 90000);

it('an article deleted while its images were made: the job says so, and nothing goes to the Media Library', async () => {
  await emulator.configure({ jobSeconds: 3 });
  const documentId = await publish(SAMPLE_ARTICLES.bees);
  const first = await waitFor(async () => (await jobsFor(app.strapi, documentId)).find((job) => job.scenarioJobId));
  const files = await app.strapi.db.query('plugin::upload.file').count({});
  await app.strapi.documents(ARTICLE).delete({ documentId } as never);
  const skipped = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  expect(skipped).toMatchObject({ id: first.id, state: 'skipped', reason: 'The article was deleted.', fileId: null });
  expect(await app.strapi.db.query('plugin::upload.file').count({})).toBe(files);
}, 90000);

it('an unchanged article is recognised by its image even with an empty job table (after a reinstall)', async () => {
  const documentId = await publish(SAMPLE_ARTICLES.bees);
  const first = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  expect(first.state).toBe('done');
  await app.strapi.db.query(JOB).deleteMany({ where: {} });
  // The side panel still tells the plugin's image by its mark, with no job to show (the admin then says so).
  const panel = await getService(app.strapi, 'illustrations').panel({ uid: ARTICLE, documentId, locale: 'en' });
  expect(panel).toMatchObject({ latest: null, image: { fileId: first.fileId, source: 'generated', jobId: null } });
  const before = emulator.stats.generateCalls;
  // Replacing existing images (as stale saved settings did after a reinstall) must still not buy the same image.
  const settings = getService(app.strapi, 'settings');
  const types = settings.current().contentTypes;
  await settings.update({ contentTypes: { ...types, [ARTICLE]: { ...types[ARTICLE], replaceExisting: true } } });
  try {
    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    const again = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
    expect(again.state).toBe('skipped');
    expect(again.reason).toMatch(/not changed/);
    expect(emulator.stats.generateCalls).toBe(before);
  } finally {
    await settings.update({ contentTypes: types });
  }
}, 90000);

it('Retry takes over the mark of a description whose answer was lost (so it is looked for, not bought again)', async () => {
  const documentId = await publish();
  const done = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  const askedAt = new Date(Date.now() - 60000);
  await app.strapi.db.query(JOB).update({ where: { id: done.id }, data: { state: 'fallback', altTextSource: 'title', describeRequestedAt: askedAt } });
  const created = await getService(app.strapi, 'illustrations').retry(done.id);
  expect(created).toMatchObject({ state: 'captioning', chosenAssetId: done.chosenAssetId });
  expect(new Date(created.describeRequestedAt!).getTime()).toBe(askedAt.getTime());
  await finishedJob(app.strapi, documentId, { after: done.id, timeoutMs: 40000 });
}, 90000);

it('Retry of a job that crashed while attaching removes its upload that never reached the article', async () => {
  const documentId = await publish();
  const done = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  const media = getService(app.strapi, 'media');
  const orphan = await media.upload(
    { bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#345' } }).png().toBuffer(), mimeType: 'image/png', extension: 'png', baseName: `orphan-${done.id}`, alternativeText: 'A tower', caption: '' },
    'Auto illustrations',
    { uid: ARTICLE, documentId, locale: null, kind: 'image', textHash: 'crashed', jobId: done.id },
  );
  await app.strapi.db.query(JOB).update({ where: { id: done.id }, data: { state: 'failed', fileId: orphan.id } });
  await getService(app.strapi, 'illustrations').retry(done.id);
  expect(await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: orphan.id } })).toBeNull();
  const job = await finishedJob(app.strapi, documentId, { after: done.id, timeoutMs: 40000 });
  expect(job.state).toBe('done');
}, 90000);

it('a caption call interrupted by a crash is not sent again', async () => {
  const documentId = await publish();
  const done = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
  const captions = emulator.stats.captionCalls;
  // The row a crash between sending the caption call and saving its answer leaves behind.
  await app.strapi.db.query(JOB).create({
    data: {
      targetUid: ARTICLE,
      targetDocumentId: documentId,
      targetLocale: null,
      trigger: 'generate',
      state: 'captioning',
      attempts: 0,
      lockVersion: 0,
      progress: 1,
      nextRunAt: new Date(),
      deadlineAt: new Date(Date.now() + 60000),
      placeholderCheckedAt: new Date(),
      title: 'Volunteers restore the old lighthouse',
      scenarioJobId: done.scenarioJobId,
      candidateAssetIds: done.candidateAssetIds,
      captionRequestedAt: new Date(),
      history: [],
    },
  });
  getService(app.strapi, 'worker').wake();
  const job = await finishedJob(app.strapi, documentId, { after: done.id, timeoutMs: 40000 });
  expect(job.state).toBe('done');
  expect(emulator.stats.captionCalls).toBe(captions);
  expect(job.alternativeText).toContain('Volunteers restore the old lighthouse');
}, 90000);

it('attaching changes only the image on both versions, keeps the article "Published" and announces entry.publish', async () => {
  const events: Array<{ name: string; uid?: string; entry?: { documentId?: string; cover?: { id: number } | null } }> = [];
  const emit = app.strapi.eventHub.emit.bind(app.strapi.eventHub);
  const spy = jest.spyOn(app.strapi.eventHub, 'emit').mockImplementation(((name: string, payload: { uid?: string; entry?: never }) => {
    events.push({ name, uid: payload?.uid, entry: payload?.entry });
    return emit(name, payload);
  }) as never);
  try {
    const documentId = await publish(SAMPLE_ARTICLES.bees);
    const job = await finishedJob(app.strapi, documentId, { timeoutMs: 40000 });
    expect(job.state).toBe('done');
    const [draft, live] = await Promise.all([readArticle(app.strapi, documentId, 'draft'), readArticle(app.strapi, documentId, 'published')]);
    expect(draft!.cover!.id).toBe(job.fileId);
    expect(live!.cover!.id).toBe(job.fileId);
    expect(live!.title).toBe(draft!.title);
    // The admin shows "Modified" only when the draft is newer than the live version.
    expect(new Date(live!.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(draft!.updatedAt).getTime());
    const announced = events.filter((event) => event.name === 'entry.publish' && event.entry?.documentId === documentId);
    expect(announced.at(-1)?.entry?.cover?.id).toBe(job.fileId);
  } finally {
    spy.mockRestore();
  }
}, 60000);
