/**
 * Archive backfill in the real playground Strapi against the Scenario emulator: the quote counts what each selection
 * takes (missing image, our placeholder, all with replaceExisting respected, published-date range, locales); a backfill
 * illustrates them with low-priority jobs, a publish made meanwhile is claimed first, and pause, resume and cancel hold
 * across a restart. Bad input is a 400 naming the field; an admin without the `backfill` permission gets a 403.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { adminToken as tokenFor, logIn } from '../helpers/admin';
import { ARTICLE, GUIDE, JOB, SAMPLE_ARTICLES, blocks } from '../helpers/articles';
import { DETECTED_LANGUAGES } from '../../server/src/shared/contracts';
import { getService } from '../../server/src/utils/get-service';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';

const BASE = '/auto-illustration/backfills';
const BACKFILL = 'plugin::auto-illustration.backfill';

let emulator: ScenarioEmulator;
let app: Playground | undefined;
let env: Record<string, string>;
let adminToken = '';
let viewerToken = '';

const http = () => request(app!.strapi.server.httpServer);
const post = (path: string, body?: object, token = adminToken) => http().post(`${BASE}${path}`).set('Authorization', `Bearer ${token}`).send(body ?? {});
const get = (path: string, token = adminToken) => http().get(`${BASE}${path}`).set('Authorization', `Bearer ${token}`);

interface JobRecord {
  id: number;
  state: string;
  trigger: string;
  priority: number;
  backfillId: number | null;
  targetDocumentId: string;
  targetLocale: string | null;
  nextRunAt: string | null;
  reason: string | null;
  history: Array<{ state: string; at: string; note?: string }> | null;
}

const jobsOf = async (backfillId: number) =>
  (await app!.strapi.db.query(JOB).findMany({ where: { backfillId }, orderBy: { id: 'asc' } })) as JobRecord[];

async function users() {
  const { strapi } = app!;
  adminToken = await tokenFor(strapi, 'backfill-admin@example.com', (await strapi.service('admin::role').getSuperAdmin()).id);
  const role = await strapi.service('admin::role').create({ name: 'Illustration viewer', description: 'jobs only' });
  await strapi.service('admin::role').assignPermissions(role.id, [
    { action: 'plugin::auto-illustration.jobs.read', subject: null, properties: {}, conditions: [] },
    { action: 'plugin::auto-illustration.generate', subject: null, properties: {}, conditions: [] },
  ]);
  viewerToken = await tokenFor(strapi, 'backfill-viewer@example.com', role.id);
}

/** A published article written the way an import would: the plugin's publish trigger does not see it. */
async function existingArticle(title: string, options: { locale?: string; publishedAt?: string; cover?: number } = {}): Promise<string> {
  const { strapi } = app!;
  const created = (await strapi.documents(ARTICLE).create({
    data: { title, description: `${title}. An article from the archive.`, body: blocks(`${title} is told in full here, with the facts and the people involved.`) },
    ...(options.locale ? { locale: options.locale } : {}),
    status: 'published',
    autoIllustrationInternal: true,
  } as never)) as unknown as { documentId: string };
  if (options.cover) await setCover(created.documentId, options.cover);
  if (options.publishedAt) {
    await strapi.db.query(ARTICLE).updateMany({ where: { documentId: created.documentId, publishedAt: { $notNull: true } }, data: { publishedAt: options.publishedAt } });
  }
  return created.documentId;
}

/** Puts a file in both versions' cover, behind the plugin's back (as an editor or an earlier install did). */
async function setCover(documentId: string, fileId: number) {
  const rows = (await app!.strapi.db.query(ARTICLE).findMany({ where: { documentId }, select: ['id'] })) as Array<{ id: number }>;
  for (const row of rows) await app!.strapi.db.query(ARTICLE).update({ where: { id: row.id }, data: { cover: fileId } });
}

/** A file in the Media Library: the plugin's placeholder for `documentId` when marked so, else an editor's own image. */
async function file(name: string, placeholderOf?: string): Promise<number> {
  const { strapi } = app!;
  const created = (await strapi.db.query('plugin::upload.file').create({
    data: {
      name,
      hash: name.replace(/\W/g, '_'),
      ext: '.png',
      mime: 'image/png',
      size: 1,
      url: `/uploads/${name}`,
      provider: 'local',
      provider_metadata: placeholderOf
        ? { autoIllustration: { uid: ARTICLE, documentId: placeholderOf, locale: null, kind: 'placeholder', textHash: null, jobId: 0 } }
        : null,
    },
  })) as { id: number };
  return created.id;
}

async function cover(documentId: string, locale = 'en'): Promise<number | null> {
  const entry = (await app!.strapi.documents(ARTICLE).findOne({ documentId, locale, status: 'published', populate: { cover: true } } as never)) as {
    cover?: { id: number } | null;
  } | null;
  return entry?.cover?.id ?? null;
}

const until = async (id: number, states: string[], timeoutMs = 60000) =>
  waitFor(async () => {
    const body = (await get(`/${id}`).expect(200)).body;
    return states.includes(body.state) ? body : undefined;
  }, timeoutMs, 200);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

describe('archive backfill', () => {
  const ids: Record<string, string> = {};
  let ownImage = 0;

  beforeAll(async () => {
    emulator = await startScenarioEmulator({ jobSeconds: 0.3 });
    env = { ...pluginEnv(emulator) };
    app = await bootPlayground({ env });
    await users();
    ids.bare = await existingArticle('Harbour ferry timetable changes for winter');
    ids.bareOld = await existingArticle('The town library reopens after its renovation', { publishedAt: '2020-05-10T10:00:00.000Z' });
    ids.bareFr = await existingArticle('Le marché de Noël revient sur la place', { locale: 'fr' });
    ids.placeholder = await existingArticle('Cyclists get a new lane along the river');
    await setCover(ids.placeholder, await file('placeholder.png', ids.placeholder));
    ownImage = await file('editors-photo.png');
    ids.own = await existingArticle('The school choir wins the regional contest', { cover: ownImage });
    // A placeholder mark made for another article does not make this one "placeholder only".
    ids.foreign = await existingArticle('Farmers market moves indoors', { cover: await file('someone-elses.png', 'another-document') });
  }, 120000);

  it('quotes each selection before anything is spent', async () => {
    const quote = async (body: object) => (await post('/quote', { contentType: ARTICLE, ...body }).expect(200)).body;
    const missing = await quote({ select: 'missing' });
    expect(missing.matched).toBe(3);
    expect(missing.creditsPerArticle).toBeGreaterThan(0);
    expect(missing.quotedCredits).toBeCloseTo(missing.creditsPerArticle * 3, 1);
    expect((await quote({ select: 'placeholder' })).matched).toBe(1);
    // replaceExisting is off in the playground: "all" leaves editors' own images (and foreign files) alone.
    expect((await quote({ select: 'all' })).matched).toBe(4);
    const french = await quote({ select: 'missing', locales: ['fr'] });
    expect(french.matched).toBe(1);
    // A French article pays for its translation and description too; English ones do not.
    const estimate = await getService(app!.strapi, 'illustrations').estimate();
    const frenchHelpers = estimate.helpers!.locales.find((row) => row.locale === 'fr')!.credits;
    expect(frenchHelpers).toBeGreaterThan(0);
    expect(french.creditsPerArticle).toBeCloseTo(estimate.credits! + frenchHelpers, 2);
    expect((await quote({ select: 'missing', locales: ['en'] })).creditsPerArticle).toBeCloseTo(estimate.credits!, 2);
    // A type without i18n: its articles' languages are read from their text, so one may need the helpers (never under).
    const detected = estimate.helpers!.locales.find((row) => row.locale === DETECTED_LANGUAGES)!.credits;
    expect(detected).toBeGreaterThan(0);
    expect((await quote({ contentType: GUIDE, select: 'all' })).creditsPerArticle).toBeCloseTo(estimate.credits! + detected, 2);
    expect((await quote({ select: 'missing', publishedTo: '2020-12-31' })).matched).toBe(1);
    expect((await quote({ select: 'missing', publishedFrom: '2021-01-01' })).matched).toBe(2);
    expect(emulator.stats.generateCalls).toBe(0);
  });

  it('answers 400 naming the field, and 403 without the backfill permission', async () => {
    const expect400 = async (body: object, field: string) => {
      const response = await post('/quote', body);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain(field);
      const start = await post('', body);
      expect(start.status).toBe(400);
    };
    await expect400({ contentType: 'api::nothing.nothing', select: 'missing' }, 'contentType');
    await expect400({ contentType: 'plugin::upload.file', select: 'missing' }, 'contentType');
    await expect400({ contentType: ARTICLE, select: 'some' }, 'select');
    await expect400({ contentType: ARTICLE }, 'select: is required: missing, placeholder, all');
    await expect400({ contentType: ARTICLE, select: 'missing', publishedFrom: 'yesterday' }, 'publishedFrom');
    await expect400({ contentType: ARTICLE, select: 'missing', publishedFrom: '2024-02-01', publishedTo: '2024-01-01' }, 'publishedTo');
    await expect400({ contentType: ARTICLE, select: 'missing', locales: ['de'] }, 'locales');
    await expect400({ contentType: 'api::guide.guide', select: 'missing', locales: ['en'] }, 'locales');
    expect((await get('/abc')).status).toBe(400);

    expect((await post('/quote', { contentType: ARTICLE, select: 'missing' }, viewerToken)).status).toBe(403);
    expect((await post('', { contentType: ARTICLE, select: 'missing' }, viewerToken)).status).toBe(403);
    expect((await get('', viewerToken)).status).toBe(403);
    expect((await http().get(BASE)).status).toBe(401);
    expect(await app!.strapi.db.query(BACKFILL).count({})).toBe(0);
  });

  it('illustrates the selected articles with low-priority backfill jobs, touching nothing else', async () => {
    const started = (await post('', { contentType: ARTICLE, select: 'all' }).expect(201)).body;
    expect(started).toMatchObject({ state: 'running', matched: 4, select: 'all' });
    const done = await until(started.id, ['done']);
    expect(done).toMatchObject({ matched: 4, queued: 4, done: 4, placeholder: 0, failed: 0, waiting: 0 });
    expect(done.creditsSpent).toBeGreaterThan(0);

    const jobs = await jobsOf(started.id);
    expect(jobs.map((job) => job.targetDocumentId).sort()).toEqual([ids.bare, ids.bareOld, ids.bareFr, ids.placeholder].sort());
    expect(jobs.every((job) => job.trigger === 'backfill' && job.priority < 10)).toBe(true);
    expect(await cover(ids.bare)).not.toBeNull();
    expect(await cover(ids.bareFr, 'fr')).not.toBeNull();
    expect(await cover(ids.own)).toBe(ownImage);
    const list = (await get('').expect(200)).body;
    expect(list.results[0]).toMatchObject({ id: started.id, state: 'done' });
    expect((await get(`/${started.id}`).expect(200)).body.jobs).toHaveLength(4);

    // A user who could not have started it (English only) neither sees nor stops it: it shows French entries.
    const { strapi } = app!;
    const role = await strapi.service('admin::role').create({ name: 'English archivist', description: 'en only' });
    await strapi.service('admin::role').assignPermissions(role.id, [
      { action: 'plugin::auto-illustration.backfill', subject: null, properties: {}, conditions: [] },
      ...['read', 'update', 'publish'].map((action) => ({ action: `plugin::content-manager.explorer.${action}`, subject: ARTICLE, properties: { locales: ['en'] }, conditions: [] })),
    ]);
    const english = await tokenFor(strapi, 'backfill-english@example.com', role.id);
    const englishList = (await get('', english).expect(200)).body;
    expect(englishList.results.map((view: { id: number }) => view.id)).not.toContain(started.id);
    // The form offers only the types they may illustrate (Article, not Guide).
    expect(englishList.contentTypes.map((type: { uid: string }) => type.uid)).toEqual([ARTICLE]);
    expect((await get(`/${started.id}`, english)).status).toBe(403);
    expect((await post(`/${started.id}/cancel`, {}, english)).status).toBe(403);
    // Following it shows its entries' titles and prompts: it takes their read permission too.
    const blind = await strapi.service('admin::role').create({ name: 'Blind archivist', description: 'no read' });
    await strapi.service('admin::role').assignPermissions(blind.id, [
      { action: 'plugin::auto-illustration.backfill', subject: null, properties: {}, conditions: [] },
      ...['update', 'publish'].map((action) => ({ action: `plugin::content-manager.explorer.${action}`, subject: ARTICLE, properties: { locales: null }, conditions: [] })),
    ]);
    const archivist = await tokenFor(strapi, 'backfill-blind@example.com', blind.id);
    expect((await get(`/${started.id}`, archivist)).status).toBe(403);
    expect((await get('', archivist).expect(200)).body.results).toEqual([]);
  }, 90000);

  it('pauses itself when the budget has less left than an article costs, and goes on when resumed with budget', async () => {
    const settings = app!.strapi.plugin('auto-illustration').service('settings');
    const more = [await existingArticle('Night trains return to the valley'), await existingArticle('A new bakery opens by the station')];
    // This month's spending (the backfill above) is already past a cap of 1 credit.
    await settings.update({ budget: { monthlyCap: 1, dailyCap: null, whenReached: 'wait' } });
    const calls = emulator.stats.generateCalls;
    const started = (await post('', { contentType: ARTICLE, select: 'missing' }).expect(201)).body;
    expect(started).toMatchObject({ state: 'paused', matched: 2, queued: 0 });
    expect(started.pausedReason).toContain('Budget reached');
    await sleep(2500);
    expect((await get(`/${started.id}`).expect(200)).body).toMatchObject({ state: 'paused', queued: 0 });
    expect(emulator.stats.generateCalls).toBe(calls);

    // Resumed with room for its two articles and less than a third: it ends done once they are, not paused for good.
    const { month } = await app!.strapi.plugin('auto-illustration').service('budget').status();
    const cap = Number(month.committed) + 2.5 * Number(started.creditsPerArticle);
    await settings.update({ budget: { monthlyCap: cap, dailyCap: null, whenReached: 'wait' } });
    expect((await post(`/${started.id}/resume`).expect(200)).body).toMatchObject({ state: 'running', pausedReason: null });
    // An article published meanwhile that it does not select (it has an image) is no article left to illustrate.
    await existingArticle('The ferry gets a new captain', { cover: ownImage });
    expect(await until(started.id, ['done', 'paused'])).toMatchObject({ state: 'done', done: 2, pausedReason: null });
    for (const documentId of more) expect(await cover(documentId)).not.toBeNull();
    await settings.update({ budget: { monthlyCap: null, dailyCap: null, whenReached: 'wait' } });
  }, 90000);

  it('quotes an article in two languages sharing one image as one generation and the other locale\'s helpers', async () => {
    const documentId = await existingArticle('The lighthouse keeper retires after forty years');
    await app!.strapi.documents(ARTICLE).update({
      documentId, locale: 'fr', status: 'published', autoIllustrationInternal: true,
      data: { title: 'Le gardien du phare prend sa retraite', body: blocks('Le gardien du phare prend sa retraite après quarante ans.') },
    } as never);
    const estimate = await app!.strapi.plugin('auto-illustration').service('illustrations').estimate();
    const quote = (await post('/quote', { contentType: ARTICLE, select: 'missing' }).expect(200)).body;
    expect(quote).toMatchObject({ matched: 2, documents: 1 });
    const french = estimate.helpers.locales.find((row: { locale: string }) => row.locale === 'fr').credits;
    // One generation (at the costliest locale's price per article) and the French locale's text helpers, not two generations.
    expect(quote.quotedCredits).toBeCloseTo(quote.creditsPerArticle + french, 2);
    expect(quote.quotedCredits).toBeLessThan(2 * quote.creditsPerArticle);

    // Run with room for that and a little more: once the generation is reserved, less than an article is left, yet
    // the French locale waiting for the English image is no reason to pause: it ends done (an admin trial's pause).
    const settings = app!.strapi.plugin('auto-illustration').service('settings');
    const { month } = await app!.strapi.plugin('auto-illustration').service('budget').status();
    await settings.update({ budget: { monthlyCap: Number(month.committed) + quote.quotedCredits + 2, dailyCap: null, whenReached: 'wait' } });
    await emulator.configure({ jobSeconds: 3 });
    try {
      const started = (await post('', { contentType: ARTICLE, select: 'missing' }).expect(201)).body;
      expect(await until(started.id, ['done', 'paused'])).toMatchObject({ state: 'done', done: 2, pausedReason: null });
    } finally {
      await emulator.configure({ jobSeconds: 0.3 });
      await settings.update({ budget: { monthlyCap: null, dailyCap: null, whenReached: 'wait' } });
    }
  });
});

describe('priority, pause, resume and cancel across a restart', () => {
  beforeAll(async () => {
    await app?.close();
    await emulator?.close();
    // Slow generations: the backfill is still at work when it is paused, and a publish arrives mid-way.
    emulator = await startScenarioEmulator({ jobSeconds: 2 });
    env = { ...pluginEnv(emulator) };
    app = await bootPlayground({ env });
    await users();
  }, 120000);

  it('claims a publish before every queued backfill job', async () => {
    const jobs = app!.strapi.plugin('auto-illustration').service('jobs');
    const targets = Array.from({ length: 30 }, (_, index) => ({ uid: ARTICLE, documentId: `backlog-${index}`, locale: 'en' }));
    await jobs.enqueue(targets, { deadlineSeconds: 180, trigger: 'backfill', backfillId: 999 });
    await sleep(20);
    const [publish] = await jobs.enqueue([{ uid: ARTICLE, documentId: 'fresh-publish', locale: 'en' }], { deadlineSeconds: 180, trigger: 'publish' });
    const knex = app!.strapi.db.connection;
    const queries: Array<{ sql: string; bindings: unknown[] }> = [];
    const record = (query: { sql: string; bindings: unknown[] }) => queries.push(query);
    knex.on('query', record);
    const claimed = await jobs.claim('test-claimer', 1, 60, []);
    knex.removeListener('query', record);
    expect(claimed.map((job: JobRecord) => job.id)).toEqual([publish.id]);
    // However many jobs wait, a claim walks the (priority, next_run_at, id) index of one level in the order it asks for
    // (Strapi adds id to the order: equal next runs, as a bulk enqueue makes, need no sort) and stops at its limit.
    const select = queries.find((query) => query.sql.startsWith('select') && query.sql.includes('`priority` = ?'))!;
    const plan = (await knex.raw(`explain query plan ${select.sql}`, select.bindings)) as Array<{ detail: string }>;
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX auto_illustration_jobs_claim_order \(priority=\? AND next_run_at<\?\)/);
    expect(plan.map((step) => step.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
    await app!.strapi.db.query(JOB).deleteMany({ where: { targetDocumentId: { $startsWith: 'backlog-' } } });
    await app!.strapi.db.query(JOB).deleteMany({ where: { targetDocumentId: 'fresh-publish' } });
  });

  it('pauses (holding its queued jobs), stays paused through a restart, resumes, and a publish mid-way goes first', async () => {
    const titles = ['Tides', 'Orchards', 'Railways', 'Bridges', 'Lanterns', 'Meadows', 'Glaciers', 'Harbours'];
    const articles = [];
    for (const title of titles) articles.push(await existingArticle(`${title} of the northern coast, a history`));
    const started = (await post('', { contentType: ARTICLE, select: 'missing', locales: ['en'] }).expect(201)).body;
    expect(started.matched).toBe(8);
    await waitFor(async () => (await jobsOf(started.id)).some((job) => job.state === 'generating'), 20000);

    // A publish while 8 backfill jobs wait: it is taken before the backfill's queued ones.
    const fresh = (await app!.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.bees, status: 'published' } as never)) as unknown as { documentId: string };
    const publishJob = await waitFor(async () => {
      const [job] = (await app!.strapi.db.query(JOB).findMany({ where: { targetDocumentId: fresh.documentId } })) as JobRecord[];
      return job && job.state !== 'queued' ? job : undefined;
    }, 20000);
    const startedAt = new Date(publishJob.history!.find((entry) => entry.state !== 'queued')?.at ?? Date.now()).getTime();
    const backfillStarts = (await jobsOf(started.id)).map((job) => job.history?.find((entry) => entry.state !== 'queued')?.at);
    // Backfill jobs still queued when the publish started: it did not wait for the backlog.
    expect(backfillStarts.filter((at) => !at || new Date(at).getTime() > startedAt).length).toBeGreaterThan(0);

    const paused = (await post(`/${started.id}/pause`).expect(200)).body;
    expect(paused.state).toBe('paused');
    // Those no worker holds are held at once; one a worker is preparing is held before it sends anything.
    const held = await waitFor(async () => {
      const queued = (await jobsOf(started.id)).filter((job) => job.state === 'queued');
      return queued.every((job) => new Date(job.nextRunAt!).getFullYear() > 9000) ? queued : undefined;
    }, 10000);
    expect(held.length).toBeGreaterThan(0);

    const databaseFile = app!.databaseFile;
    await app!.close({ keepDatabase: true });
    app = await bootPlayground({ env, databaseFile });
    adminToken = await logIn(app.strapi, 'backfill-admin@example.com');

    const generateCalls = emulator.stats.generateCalls;
    await sleep(5000);
    expect(emulator.stats.generateCalls).toBe(generateCalls);
    const stillPaused = (await get(`/${started.id}`).expect(200)).body;
    expect(stillPaused.state).toBe('paused');
    expect(stillPaused.queued).toBeLessThan(9);

    // An editor publishes one of the held articles: its job goes now, at a publish's priority, while the backfill waits.
    const [heldJob] = (await jobsOf(started.id)).filter((job) => job.state === 'queued');
    await app!.strapi.documents(ARTICLE).publish({ documentId: heldJob.targetDocumentId, locale: 'en' } as never);
    const promoted = await waitFor(async () => {
      const job = (await jobsOf(started.id)).find((candidate) => candidate.id === heldJob.id);
      return job && job.state === 'done' ? job : undefined;
    }, 30000);
    expect(promoted).toMatchObject({ trigger: 'publish', priority: 10, backfillId: started.id });
    expect(emulator.stats.generateCalls).toBe(generateCalls + 1);
    expect((await get(`/${started.id}`).expect(200)).body.state).toBe('paused');

    expect((await post(`/${started.id}/resume`).expect(200)).body.state).toBe('running');
    const done = await until(started.id, ['done'], 90000);
    expect(done).toMatchObject({ matched: 8, done: 8, failed: 0 });
    for (const documentId of articles) expect(await cover(documentId)).not.toBeNull();
    // Held jobs were queued again, not run twice: one generation per article (and one for the publish).
    expect((await jobsOf(started.id)).filter((job) => job.state === 'done')).toHaveLength(8);
    expect(emulator.stats.generateCalls).toBe(9);
  }, 180000);

  it('a job claimed before its backfill paused (or was cancelled) sends nothing: held, or skipped', async () => {
    const paused = await existingArticle('Ropeworks of the old harbour, a history');
    const cancelled = await existingArticle('Saltpans of the southern coast, a history');
    const backfill = (state: string) =>
      app!.strapi.db.query(BACKFILL).create({ data: { contentType: ARTICLE, selection: 'missing', state, startedAt: new Date(), cursor: 2147483647 } }) as Promise<{ id: number }>;
    const [pausedBackfill, cancelledBackfill] = [await backfill('paused'), await backfill('cancelled')];
    const generateCalls = emulator.stats.generateCalls;
    // (Past every article: these backfills queue nothing more themselves.) Queued as a worker would have found them just before the pause or cancel reached the rows: due now, not held.
    const jobs = app!.strapi.plugin('auto-illustration').service('jobs');
    await jobs.enqueue([{ uid: ARTICLE, documentId: paused, locale: 'en' }], { deadlineSeconds: 180, trigger: 'backfill', backfillId: pausedBackfill.id });
    await jobs.enqueue([{ uid: ARTICLE, documentId: cancelled, locale: 'en' }], { deadlineSeconds: 180, trigger: 'backfill', backfillId: cancelledBackfill.id });
    const [heldJob] = await waitFor(async () => {
      const found = await jobsOf(pausedBackfill.id);
      return found.some((job) => job.history?.some((entry) => entry.note === 'held: the backfill is paused')) ? found : undefined;
    }, 20000);
    expect(heldJob.state).toBe('queued');
    expect(new Date(heldJob.nextRunAt!).getFullYear()).toBeGreaterThan(9000);
    const [skippedJob] = await waitFor(async () => {
      const found = await jobsOf(cancelledBackfill.id);
      return found[0]?.state === 'skipped' ? found : undefined;
    }, 20000);
    expect(skippedJob.reason).toContain('cancelled');
    expect(emulator.stats.generateCalls).toBe(generateCalls);
    expect(await cover(paused)).toBeNull();

    // Resumed, the held job goes with what it prepared and fresh clocks.
    const resumed = (await post(`/${pausedBackfill.id}/resume`).expect(200)).body;
    expect(resumed.state).toBe('running');
    await waitFor(async () => ((await jobsOf(pausedBackfill.id))[0].state === 'done' ? true : undefined), 30000);
    expect(emulator.stats.generateCalls).toBe(generateCalls + 1);
    expect(await cover(paused)).not.toBeNull();
    await until(pausedBackfill.id, ['done']);
    // The skipped article leaves the archive the next test selects from.
    await app!.strapi.documents(ARTICLE).delete({ documentId: cancelled } as never);
  }, 90000);

  it('a publish takes over a held job that is waiting out a retry', async () => {
    const documentId = await existingArticle('Boatyards of the western shore, a history');
    const paused = (await app!.strapi.db.query(BACKFILL).create({
      data: { contentType: ARTICLE, selection: 'missing', state: 'paused', startedAt: new Date(), cursor: 2147483647 },
    })) as { id: number };
    const [job] = await app!.strapi.plugin('auto-illustration').service('jobs').enqueue([{ uid: ARTICLE, documentId, locale: 'en' }], {
      deadlineSeconds: 180,
      trigger: 'backfill',
      backfillId: paused.id,
    });
    // As pause leaves a job whose first attempt failed: held, one attempt spent.
    await app!.strapi.db.query(JOB).update({ where: { id: job.id }, data: { attempts: 1, nextRunAt: new Date('9999-01-01T00:00:00.000Z') } });
    await app!.strapi.documents(ARTICLE).publish({ documentId, locale: 'en' } as never);
    const promoted = await waitFor(async () => {
      const [found] = await jobsOf(paused.id);
      return found?.state === 'done' ? found : undefined;
    }, 30000);
    expect(promoted).toMatchObject({ id: job.id, trigger: 'publish', priority: 10 });
    expect(await cover(documentId)).not.toBeNull();
    await app!.strapi.db.query(BACKFILL).update({ where: { id: paused.id }, data: { state: 'cancelled' } });
  }, 60000);

  it('cancel skips the jobs that have not started; a cancelled backfill queues nothing more after a restart', async () => {
    for (const title of ['Canals', 'Lighthouses', 'Windmills', 'Quarries', 'Ferries', 'Markets']) await existingArticle(`${title} and the people who kept them`);
    const started = (await post('', { contentType: ARTICLE, select: 'missing' }).expect(201)).body;
    expect(started.matched).toBe(6);
    const cancelled = (await post(`/${started.id}/cancel`).expect(200)).body;
    expect(cancelled.state).toBe('cancelled');
    const jobs = await jobsOf(started.id);
    const skipped = jobs.filter((job) => job.state === 'skipped');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((job) => job.reason?.includes('cancelled'))).toBe(true);
    expect((await post(`/${started.id}/resume`)).status).toBe(400);

    const databaseFile = app!.databaseFile;
    await app!.close({ keepDatabase: true });
    app = await bootPlayground({ env, databaseFile });
    adminToken = await logIn(app.strapi, 'backfill-admin@example.com');
    await sleep(4000);
    expect((await jobsOf(started.id)).length).toBe(jobs.length);
    expect((await get(`/${started.id}`).expect(200)).body.state).toBe('cancelled');
  }, 120000);
});
