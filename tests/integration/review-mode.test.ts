/**
 * Review mode in the playground Strapi: with draft & publish the image goes to the draft only (the live article is
 * untouched and shows as modified) until an editor publishes; without draft & publish nothing is attached until
 * "Use this image". A 'live' type behaves as before.
 */
import request from 'supertest';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { superAdminToken } from '../helpers/admin';
import { ARTICLE, SAMPLE_ARTICLES, finishedJob, jobsFor, readArticle } from '../helpers/articles';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';

const NOTE = 'api::note.note';

let emulator: ScenarioEmulator;
let app: Playground;
let token = '';
const http = () => request(app.strapi.server.httpServer);
const service = (name: string) => app.strapi.plugin('auto-illustration').service(name);

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.2 });
  app = await bootPlayground({ env: pluginEnv(emulator) });
  const current = service('settings').current().contentTypes;
  await service('settings').update({
    contentTypes: {
      ...current,
      [ARTICLE]: { ...current[ARTICLE], publishMode: 'review' },
      [NOTE]: { imageField: 'picture', titleField: 'title', textFields: ['body'], publishMode: 'review' },
    },
  });
  token = await superAdminToken(app.strapi, 'reviewer@example.com', 'Rita', 'Reviewer');
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

describe('a type with draft & publish', () => {
  it('puts the image in the draft only; publishing makes it live and ends the review', async () => {
    const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.lighthouse, status: 'published' } as never)) as unknown as {
      documentId: string;
    };
    const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
    expect(job.state).toBe('done');
    expect(job.reason).toMatch(/Waiting for review/);
    const live = (await readArticle(app.strapi, documentId, 'published'))!;
    expect(live.cover).toBeNull();
    const draft = (await readArticle(app.strapi, documentId, 'draft'))!;
    expect(draft.cover?.id).toBe(job.fileId);
    // A draft newer than the live version: the admin shows the article as "Modified".
    expect(new Date(draft.updatedAt).getTime()).toBeGreaterThan(new Date(live.updatedAt).getTime());
    expect(draft.cover?.alternativeText).toBeTruthy();

    // The side panel says so, and the jobs page can list what waits.
    const panel = (await http().get('/auto-illustration/documents/status').query({ uid: ARTICLE, documentId, locale: 'en' }).set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(panel.review).toMatchObject({ jobId: job.id, inDraft: true, image: { fileId: job.fileId } });
    expect(panel.image).toBeNull();
    const waiting = (await http().get('/auto-illustration/jobs').query({ review: 'true' }).set('Authorization', `Bearer ${token}`).expect(200)).body.results;
    expect(waiting.map((row: { id: number }) => row.id)).toContain(job.id);
    await http().get('/auto-illustration/jobs').query({ review: 'maybe' }).set('Authorization', `Bearer ${token}`).expect(400);
    // "Use this image" is for types without drafts: here publishing is how it goes live.
    await http().post(`/auto-illustration/jobs/${job.id}/use`).set('Authorization', `Bearer ${token}`).expect(400);

    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    expect((await readArticle(app.strapi, documentId, 'published'))!.cover?.id).toBe(job.fileId);
    await waitFor(async () => {
      const rows = await jobsFor(app.strapi, documentId);
      const reviewed = rows.find((row) => row.id === job.id) as unknown as { awaitingReview: boolean };
      return !reviewed.awaitingReview && rows.length > 1 && rows[rows.length - 1].state === 'skipped';
    }, 30000);
    const after = (await http().get('/auto-illustration/documents/status').query({ uid: ARTICLE, documentId, locale: 'en' }).set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(after.review).toBeNull();
    expect(after.image.fileId).toBe(job.fileId);
  });

  it('publishing ends the review even while another job of the article is at work', async () => {
    const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.bees, status: 'published' } as never)) as unknown as {
      documentId: string;
    };
    const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
    expect(job).toMatchObject({ state: 'done', awaitingReview: true });
    await emulator.configure({ jobSeconds: 5 });
    try {
      await http().post('/auto-illustration/documents/generate').send({ uid: ARTICLE, documentId, locale: 'en' }).set('Authorization', `Bearer ${token}`).expect(201);
      await app.strapi.documents(ARTICLE).publish({ documentId } as never);
      expect((await readArticle(app.strapi, documentId, 'published'))!.cover?.id).toBe(job.fileId);
      const settled = await waitFor(async () => {
        const rows = await jobsFor(app.strapi, documentId);
        const first = rows.find((row) => row.id === job.id) as unknown as { awaitingReview: boolean };
        return !first.awaitingReview && rows.some((row) => !['done', 'skipped', 'fallback', 'failed'].includes(row.state)) ? rows : undefined;
      }, 15000);
      expect(settled.find((row) => row.id === job.id)!.history!.at(-1)).toMatchObject({ note: 'published with the article' });
    } finally {
      await emulator.configure({ jobSeconds: 0.2 });
      await finishedJob(app.strapi, documentId, { after: job.id, timeoutMs: 60000 });
    }
  });

  it('a publish made while the image was made does not buy another for the same text once it waits in the draft', async () => {
    await emulator.configure({ jobSeconds: 2 });
    try {
      const generateBefore = emulator.stats.generateCalls;
      const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.lighthouse, status: 'published' } as never)) as unknown as {
        documentId: string;
      };
      const first = await waitFor(async () => (await jobsFor(app.strapi, documentId)).find((row) => row.state === 'generating'), 20000, 20);
      await app.strapi.documents(ARTICLE).publish({ documentId } as never);
      const later = await finishedJob(app.strapi, documentId, { after: first.id, timeoutMs: 60000 });
      expect(later.state).toBe('skipped');
      expect(later.reason).toBe(`The image of job ${first.id} waits for review: use it, or regenerate.`);
      expect(emulator.stats.generateCalls - generateBefore).toBe(1);
      const made = (await jobsFor(app.strapi, documentId)).find((row) => row.id === first.id) as unknown as { awaitingReview: boolean; fileId: number };
      expect(made.awaitingReview).toBe(true);
      expect((await readArticle(app.strapi, documentId, 'draft'))!.cover?.id).toBe(made.fileId);

      // A changed text published while the image is made, replaceExisting off: the image waiting in the draft stays,
      // and nothing is bought only to be left out (a fresh-clone trial paid for one and blamed an editor).
      const before = emulator.stats.generateCalls;
      const changed = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.bees, status: 'published' } as never)) as unknown as { documentId: string };
      const making = await waitFor(async () => (await jobsFor(app.strapi, changed.documentId)).find((row) => row.state === 'generating'), 20000, 20);
      await app.strapi.documents(ARTICLE).update({ documentId: changed.documentId, data: { title: 'Rooftop meadows feed the city bees' } } as never);
      await app.strapi.documents(ARTICLE).publish({ documentId: changed.documentId } as never);
      const kept = await finishedJob(app.strapi, changed.documentId, { after: making.id, timeoutMs: 60000 });
      expect(kept).toMatchObject({ state: 'skipped', reason: expect.stringMatching(/^Its image was made for the text before this change and stays/) });
      expect(emulator.stats.generateCalls - before).toBe(1);
    } finally {
      await emulator.configure({ jobSeconds: 0.2 });
    }
  });

  it('a swapped candidate also goes to the draft only', async () => {
    const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.bees, status: 'published' } as never)) as unknown as {
      documentId: string;
    };
    const first = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
    const other = first.candidateAssetIds!.find((id) => id !== first.chosenAssetId)!;
    await http().post(`/auto-illustration/jobs/${first.id}/choose`).send({ assetId: other }).set('Authorization', `Bearer ${token}`).expect(201);
    const swapped = await finishedJob(app.strapi, documentId, { after: first.id, timeoutMs: 60000 });
    expect(swapped.chosenAssetId).toBe(other);
    // The job's provenance says who swapped, and when.
    expect(swapped.history![0]).toMatchObject({ by: 'Rita Reviewer', note: expect.stringContaining(`choose: ${other}`) });
    expect((await readArticle(app.strapi, documentId, 'published'))!.cover).toBeNull();
    expect((await readArticle(app.strapi, documentId, 'draft'))!.cover?.id).toBe(swapped.fileId);
    // The first candidate's file is tidied away: nothing uses it; nor does its job still wait for review.
    expect(await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: first.fileId } })).toBeNull();
    const replaced = (await jobsFor(app.strapi, documentId)).find((row) => row.id === first.id) as unknown as { awaitingReview: boolean };
    expect(replaced.awaitingReview).toBe(false);
  });
});

describe('an editor taking the image out, or replacing a live one', () => {
  it('an image taken out of the draft ends its review: its file goes, and a publish buys none again for that text', async () => {
    const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.lighthouse, status: 'published' } as never)) as unknown as {
      documentId: string;
    };
    const made = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
    expect((await readArticle(app.strapi, documentId, 'draft'))!.cover?.id).toBe(made.fileId);
    const generateBefore = emulator.stats.generateCalls;
    // The editor removes it from the draft, saves (the panel no longer shows it waiting) and publishes: a rejection.
    await app.strapi.documents(ARTICLE).update({ documentId, data: { cover: null } } as never);
    const saved = (await http().get('/auto-illustration/documents/status').query({ uid: ARTICLE, documentId, locale: 'en' }).set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(saved.review).toBeNull();
    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    const after = await finishedJob(app.strapi, documentId, { after: made.id, timeoutMs: 60000 });
    expect(after).toMatchObject({ state: 'skipped', reason: `The image of job ${made.id} waiting for review is no longer in the draft (an editor took it out): choose one of its candidates, or regenerate.` });
    const settled = (await jobsFor(app.strapi, documentId)).find((row) => row.id === made.id) as unknown as { awaitingReview: boolean };
    expect(settled.awaitingReview).toBe(false);
    expect(await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: made.fileId } })).toBeNull();
    const panel = (await http().get('/auto-illustration/documents/status').query({ uid: ARTICLE, documentId, locale: 'en' }).set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(panel.review).toBeNull();
    // The panel says the review ended so, not only "nothing to do" under "the article has its illustration" (a new user).
    expect(panel.skipped).toMatchObject({ rejected: true, reason: after.reason });
    // Published again, unchanged: still nothing bought unasked.
    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    const again = await finishedJob(app.strapi, documentId, { after: after.id, timeoutMs: 60000 });
    expect(again.reason).toMatch(new RegExp(`^The image of job ${made.id} waiting for review is no longer in the draft`));
    expect(emulator.stats.generateCalls).toBe(generateBefore);
    // An image of the editor's own put in the draft is their answer too: the refusal is not said again (the third review).
    const own = (await app.strapi.db.query('plugin::upload.file').create({
      data: { name: 'editors-photo.png', hash: 'editors_photo_review', ext: '.png', mime: 'image/png', size: 1, url: '/uploads/editors-photo.png', provider: 'local' },
    })) as { id: number };
    await app.strapi.documents(ARTICLE).update({ documentId, data: { cover: own.id } } as never);
    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    const answered = await finishedJob(app.strapi, documentId, { after: again.id, timeoutMs: 60000 });
    expect(answered.reason ?? '').not.toMatch(/no longer in the draft/);
    expect((await readArticle(app.strapi, documentId, 'published'))!.cover?.id).toBe(own.id);
    await app.strapi.documents(ARTICLE).update({ documentId, data: { cover: null } } as never);
    expect(emulator.stats.generateCalls).toBe(generateBefore);
    // The editor answers by choosing one of its candidates (free), and publishes: that refusal is behind them now.
    await http().post(`/auto-illustration/jobs/${made.id}/choose`).send({ assetId: made.candidateAssetIds![1] }).set('Authorization', `Bearer ${token}`).expect(201);
    const chosen = await finishedJob(app.strapi, documentId, { after: answered.id, timeoutMs: 60000 });
    expect(chosen.state).toBe('done');
    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    const afterChoice = await finishedJob(app.strapi, documentId, { after: chosen.id, timeoutMs: 60000 });
    expect(afterChoice.reason ?? '').not.toMatch(/no longer in the draft/);
    expect(emulator.stats.generateCalls).toBe(generateBefore);
  });

  it('a placeholder taken out of the draft is no image refused: the publish tries again', async () => {
    await emulator.configure({ failJobsMatching: /volcano/i });
    let placeholder;
    let documentId = '';
    try {
      ({ documentId } = (await app.strapi.documents(ARTICLE).create({ data: { title: 'Volcano erupts near the fishing town', description: 'Lava reached the harbour road.' }, status: 'published' } as never)) as unknown as { documentId: string });
      placeholder = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
      expect(placeholder).toMatchObject({ state: 'fallback', usePlaceholder: true, awaitingReview: true });
    } finally {
      await emulator.configure({ failJobsMatching: undefined });
    }
    await app.strapi.documents(ARTICLE).update({ documentId, data: { cover: null } } as never);
    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    const again = await finishedJob(app.strapi, documentId, { after: placeholder.id, timeoutMs: 60000 });
    expect(again).toMatchObject({ state: 'done', awaitingReview: true });
  });

  it('a regenerated image published replaces the live one, whose file goes when nothing uses it', async () => {
    const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.bees, status: 'published' } as never)) as unknown as {
      documentId: string;
    };
    const first = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    await waitFor(async () => (await readArticle(app.strapi, documentId, 'published'))!.cover?.id === first.fileId, 30000);
    const settledFirst = await finishedJob(app.strapi, documentId, { after: first.id, timeoutMs: 60000 });
    await http().post('/auto-illustration/documents/generate').send({ uid: ARTICLE, documentId, locale: 'en' }).set('Authorization', `Bearer ${token}`).expect(201);
    const second = await finishedJob(app.strapi, documentId, { after: settledFirst.id, timeoutMs: 60000 });
    expect(second.state).toBe('done');
    expect((await readArticle(app.strapi, documentId, 'published'))!.cover?.id).toBe(first.fileId);
    await app.strapi.documents(ARTICLE).publish({ documentId } as never);
    expect((await readArticle(app.strapi, documentId, 'published'))!.cover?.id).toBe(second.fileId);
    await waitFor(async () => (await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: first.fileId } })) === null, 30000);
  });
});

describe('a type without draft & publish', () => {
  it('attaches nothing until an editor chooses "Use this image"', async () => {
    const { documentId } = (await app.strapi.documents(NOTE).create({ data: { title: 'Harbour seals return to the estuary', body: 'Seals rest on the sandbanks at low tide.' } } as never)) as unknown as {
      documentId: string;
    };
    const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
    expect(job.state).toBe('done');
    expect(job.fileId).toBeTruthy();
    const read = async () => (await app.strapi.documents(NOTE).findOne({ documentId, populate: { picture: true } } as never)) as unknown as { picture: { id: number } | null };
    expect((await read()).picture).toBeNull();
    const panel = (await http().get('/auto-illustration/documents/status').query({ uid: NOTE, documentId }).set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(panel.review).toMatchObject({ jobId: job.id, inDraft: false });

    // Every save triggers here: while the image waits, saves (unchanged, or a typo fixed) buy no other image.
    const generations = emulator.stats.generateCalls;
    const settled = (count: number) =>
      waitFor(async () => {
        const rows = await jobsFor(app.strapi, documentId);
        return rows.length === count && rows.every((row) => row.state === 'done' || row.state === 'skipped') ? rows.slice(1) : undefined;
      }, 30000);
    await app.strapi.documents(NOTE).update({ documentId, data: { title: 'Harbour seals return to the estuary' } } as never);
    await settled(2);
    await app.strapi.documents(NOTE).update({ documentId, data: { body: 'Seals rest on the sand banks at low tide.' } } as never);
    const saves = await settled(3);
    for (const save of saves) expect(save).toMatchObject({ state: 'skipped', reason: `The image of job ${job.id} waits for review: use it, or regenerate.` });
    expect(emulator.stats.generateCalls).toBe(generations);

    // Regenerate does buy another; using it ends the review of the first.
    await http().post('/auto-illustration/documents/generate').send({ uid: NOTE, documentId }).set('Authorization', `Bearer ${token}`).expect(201);
    const second = await finishedJob(app.strapi, documentId, { after: saves[1].id, timeoutMs: 60000 });
    expect(second).toMatchObject({ state: 'done', awaitingReview: true });
    const used = (await http().post(`/auto-illustration/jobs/${second.id}/use`).set('Authorization', `Bearer ${token}`).expect(200)).body.job;
    expect(used.awaitingReview).toBe(false);
    expect(used.history.at(-1)).toMatchObject({ note: 'used by Rita Reviewer' });
    expect((await read()).picture?.id).toBe(second.fileId);
    const first = (await jobsFor(app.strapi, documentId))[0] as unknown as { awaitingReview: boolean; history: Array<{ note?: string }> };
    expect(first.awaitingReview).toBe(false);
    expect(first.history.at(-1)).toMatchObject({ note: `job ${second.id}'s image was used instead` });
    await http().post(`/auto-illustration/jobs/${second.id}/use`).set('Authorization', `Bearer ${token}`).expect(400);
    await http().post(`/auto-illustration/jobs/${job.id}/use`).set('Authorization', `Bearer ${token}`).expect(400);
    // No file is left behind that nothing uses: the image not chosen, then the one a later choice replaced.
    const fileExists = async (id: number | null) => Boolean(await app.strapi.db.query('plugin::upload.file').findOne({ where: { id } }));
    expect(await fileExists(job.fileId)).toBe(false);
    await http().post('/auto-illustration/documents/generate').send({ uid: NOTE, documentId }).set('Authorization', `Bearer ${token}`).expect(201);
    const third = await finishedJob(app.strapi, documentId, { after: second.id, timeoutMs: 60000 });
    await http().post(`/auto-illustration/jobs/${third.id}/use`).set('Authorization', `Bearer ${token}`).expect(200);
    expect((await read()).picture?.id).toBe(third.fileId);
    expect(await fileExists(second.fileId)).toBe(false);
  });

  it('a placeholder waiting for review still says why no image could be made', async () => {
    await emulator.configure({ failJobsMatching: /volcano/i });
    try {
      const { documentId } = (await app.strapi.documents(NOTE).create({ data: { title: 'Volcano erupts near the fishing town', body: 'Lava reached the harbour road.' } } as never)) as unknown as {
        documentId: string;
      };
      const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
      expect(job).toMatchObject({ state: 'fallback', usePlaceholder: true, awaitingReview: true });
      expect(job.reason).toMatch(/^Scenario job failure.*\. Waiting for review: nothing is attached until an editor chooses "Use this image"\.$/);
    } finally {
      await emulator.configure({ failJobsMatching: undefined });
    }
  });

  it('using an image drops a regeneration held for the budget, which would pay for an image nobody wants', async () => {
    const { documentId } = (await app.strapi.documents(NOTE).create({ data: { title: 'Kayakers paddle the flooded meadow', body: 'The river rose overnight.' } } as never)) as unknown as {
      documentId: string;
    };
    const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
    expect(job).toMatchObject({ state: 'done', awaitingReview: true });
    await service('settings').update({ budget: { monthlyCap: 1, dailyCap: null, whenReached: 'wait' } });
    try {
      await http().post('/auto-illustration/documents/generate').send({ uid: NOTE, documentId }).set('Authorization', `Bearer ${token}`).expect(201);
      const held = await waitFor(async () => (await jobsFor(app.strapi, documentId)).find((row) => row.id > job.id && row.reason?.startsWith('Budget reached')), 30000);
      expect(held.state).toBe('queued');
      const generations = emulator.stats.generateCalls;
      await http().post(`/auto-illustration/jobs/${job.id}/use`).set('Authorization', `Bearer ${token}`).expect(200);
      const dropped = (await jobsFor(app.strapi, documentId)).find((row) => row.id === held.id)!;
      expect(dropped).toMatchObject({ state: 'skipped', reason: `An editor used the image of job ${job.id} meanwhile.` });
      expect(emulator.stats.generateCalls).toBe(generations);
    } finally {
      await service('settings').update({ budget: { monthlyCap: null, dailyCap: null, whenReached: 'wait' } });
    }
  });
});
