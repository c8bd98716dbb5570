/**
 * The plugin's admin API in the real playground Strapi, against the local Scenario emulator: every route answers a
 * Super Admin, refuses an Editor or Author without the plugin's permissions with 403 (and a visitor without a session
 * with 401), and turns bad input into a 400 that names the field.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { ARTICLE, GUIDE, SAMPLE_ARTICLES, blocks, finishedJob, readArticle } from '../helpers/articles';
import { bootPlayground, type Playground } from '../helpers/playground';
import { EMULATOR_LORA_ID, FLUX_2_DEV, GEMINI_FLASH, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';

const BASE = '/auto-illustration';
const PASSWORD = 'Api-test-password-1';

let emulator: ScenarioEmulator;
let app: Playground;
/** Admin tokens by user. */
const tokens: Record<'superAdmin' | 'editor' | 'author' | 'viewer' | 'generator', string> = {
  superAdmin: '',
  editor: '',
  author: '',
  viewer: '',
  generator: '',
};

const http = () => request(app.strapi.server.httpServer);

async function createUser(strapi: Core.Strapi, email: string, roleId: number): Promise<string> {
  await strapi.service('admin::user').create({
    email,
    firstname: email.split('@')[0],
    lastname: 'Test',
    password: PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [roleId],
  });
  const response = await http().post('/admin/login').send({ email, password: PASSWORD }).expect(200);
  return response.body.data.token as string;
}

/** The content manager's permission to `action` entries of `subject` (in `locales` only; null: every locale). */
type EntryPermission = { action: 'read' | 'update' | 'publish'; subject: string; locales?: string[] | null; fields?: string[]; conditions?: string[] };
/** Read, update and publish on the playground's two types, every locale. */
const ALL_ENTRIES: EntryPermission[] = [ARTICLE, GUIDE].flatMap((subject) => (['read', 'update', 'publish'] as const).map((action) => ({ action, subject })));

/** A role holding only some of the plugin's actions, and the content manager's permissions on some entries. */
async function roleWith(strapi: Core.Strapi, name: string, actions: string[], entries: EntryPermission[] = ALL_ENTRIES): Promise<number> {
  const role = await strapi.service('admin::role').create({ name, description: name });
  await strapi.service('admin::role').assignPermissions(role.id, [
    ...actions.map((action) => ({ action: `plugin::auto-illustration.${action}`, subject: null, properties: {}, conditions: [] })),
    ...entries.map(({ action, subject, locales = null, fields, conditions = [] }) => ({
      action: `plugin::content-manager.explorer.${action}`, subject, properties: { locales, ...(fields ? { fields } : {}) }, conditions,
    })),
  ]);
  return role.id;
}

const roleId = async (code: string) => ((await app.strapi.db.query('admin::role').findOne({ where: { code } })) as { id: number }).id;

type Method = 'get' | 'post' | 'put';
const call = (method: Method, path: string, token?: string, body?: unknown) => {
  const req = http()[method](`${BASE}${path}`);
  if (token) req.set('Authorization', `Bearer ${token}`);
  return body === undefined ? req : req.send(body as object);
};

function expect400(response: request.Response, field: string) {
  expect(response.status).toBe(400);
  expect(response.body.error.name).toBe('ValidationError');
  expect(response.body.error.message).toContain(field);
}

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.3 });
  app = await bootPlayground({
    env: {
      SCENARIO_BASE_URL: emulator.apiUrl,
      SCENARIO_API_KEY: emulator.apiKey,
      SCENARIO_API_SECRET: emulator.apiSecret,
      SCENARIO_DOWNLOAD_HOSTS: emulator.cdnHost,
    },
  });
  const { strapi } = app;
  tokens.superAdmin = await createUser(strapi, 'super@example.com', (await strapi.service('admin::role').getSuperAdmin()).id);
  tokens.editor = await createUser(strapi, 'editor@example.com', await roleId('strapi-editor'));
  tokens.author = await createUser(strapi, 'author@example.com', await roleId('strapi-author'));
  tokens.viewer = await createUser(strapi, 'viewer@example.com', await roleWith(strapi, 'Illustration viewer', ['jobs.read', 'settings.read']));
  tokens.generator = await createUser(strapi, 'generator@example.com', await roleWith(strapi, 'Illustration generator', ['jobs.read', 'generate']));
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

/** An article published and illustrated (two candidates), for the job routes. */
async function illustratedArticle(data: Record<string, unknown> = SAMPLE_ARTICLES.lighthouse) {
  const created = (await app.strapi.documents(ARTICLE).create({ data, status: 'published' } as never)) as unknown as { documentId: string };
  const job = await finishedJob(app.strapi, created.documentId, { locale: 'en' });
  return { documentId: created.documentId, job };
}

describe('permissions', () => {
  let jobId: number;
  let assetId: string;
  let documentId: string;

  beforeAll(async () => {
    const article = await illustratedArticle();
    expect(article.job.state).toBe('done');
    jobId = article.job.id;
    assetId = article.job.candidateAssetIds![0];
    documentId = article.documentId;
  });

  /** Every admin route with a valid request, and the permission it needs. */
  const routes = (): Array<{ method: Method; path: string; body?: unknown; action: string }> => [
    { method: 'get', path: '/settings', action: 'settings.read' },
    { method: 'put', path: '/settings', body: { numOutputs: 2 }, action: 'settings.update' },
    { method: 'post', path: '/settings/reset', body: { keys: ['concurrency'] }, action: 'settings.update' },
    { method: 'post', path: '/settings/test-connection', action: 'settings.read' },
    { method: 'post', path: '/settings/preview-prompt', body: { template: 'A photo of {subject}' }, action: 'settings.read' },
    { method: 'get', path: '/settings/estimate', action: 'settings.read' },
    { method: 'get', path: '/models', action: 'settings.read' },
    { method: 'get', path: '/models/support?id=model_bfl-flux-1-dev', action: 'settings.read' },
    { method: 'get', path: '/jobs', action: 'jobs.read' },
    { method: 'get', path: `/jobs/${jobId}`, action: 'jobs.read' },
    { method: 'get', path: `/jobs/${jobId}/candidates/${assetId}/thumbnail`, action: 'jobs.read' },
    { method: 'post', path: `/jobs/${jobId}/retry`, action: 'generate' },
    { method: 'post', path: `/jobs/${jobId}/choose`, body: { assetId }, action: 'generate' },
    { method: 'get', path: `/documents/status?uid=${ARTICLE}&documentId=${documentId}&locale=en`, action: 'jobs.read' },
    { method: 'post', path: '/documents/generate', body: { uid: ARTICLE, documentId, locale: 'en' }, action: 'generate' },
  ];

  it('every route refuses a visitor without a session (401) and an Editor or Author (403)', async () => {
    for (const route of routes()) {
      const anonymous = await call(route.method, route.path, undefined, route.body);
      expect([route.path, anonymous.status]).toEqual([route.path, 401]);
      for (const user of ['editor', 'author'] as const) {
        const refused = await call(route.method, route.path, tokens[user], route.body);
        expect([route.path, user, refused.status]).toEqual([route.path, user, 403]);
      }
    }
  });

  it('a role gets exactly the routes of the actions it holds', async () => {
    const held: Record<'viewer' | 'generator', string[]> = { viewer: ['jobs.read', 'settings.read'], generator: ['jobs.read', 'generate'] };
    // Routes that would change something are only checked for refusal here (they are exercised below).
    const safe = new Set(['get', 'post:/settings/test-connection', 'post:/settings/preview-prompt']);
    for (const user of ['viewer', 'generator'] as const) {
      for (const route of routes()) {
        const allowed = held[user].includes(route.action);
        if (allowed && !(safe.has(route.method) || safe.has(`${route.method}:${route.path}`))) continue;
        const response = await call(route.method, route.path, tokens[user], route.body);
        if (allowed) expect([user, route.path, response.status < 300]).toEqual([user, route.path, true]);
        else expect([user, route.path, response.status]).toEqual([user, route.path, 403]);
      }
    }
  });

  it('acts only on the entries the content manager lets the user see (read) or change (update, publish): types and locales', async () => {
    const { strapi } = app;
    const englishOnly = (['read', 'update', 'publish'] as const).map((action) => ({ action, subject: ARTICLE, locales: ['en'] }));
    const token = await createUser(strapi, 'english-editor@example.com', await roleWith(strapi, 'English editor', ['jobs.read', 'generate', 'backfill'], englishOnly));
    const readOnly = await createUser(strapi, 'reader@example.com', await roleWith(strapi, 'Reader', ['jobs.read', 'generate'], [{ action: 'read', subject: ARTICLE }]));
    const french = (await strapi.documents(ARTICLE).update({ documentId, locale: 'fr', data: { title: 'Le phare restauré', description: 'Des bénévoles restaurent le phare.' }, status: 'published' } as never)) as unknown as { documentId: string };
    const frenchJob = await finishedJob(strapi, french.documentId, { locale: 'fr' });
    const guide = (await strapi.documents(GUIDE).create({ data: { title: 'Pruning roses', summary: 'How to prune roses in winter.' } } as never)) as unknown as { documentId: string };

    // English: as before. Another locale, another type: 403, saying which permission it takes; nothing queued.
    // The side panel says whether the user may change the image (it hides Regenerate and Choose otherwise).
    expect((await call('get', `/documents/status?uid=${ARTICLE}&documentId=${documentId}&locale=en`, token).expect(200)).body.canChange).toBe(true);
    expect((await call('get', `/documents/status?uid=${ARTICLE}&documentId=${documentId}&locale=en`, readOnly).expect(200)).body).toMatchObject({
      canChange: false, whyNotChange: expect.stringMatching(/it takes the content manager's update and publish permission on Article \(api::article\.article\) in en$/),
    });
    const jobsBefore = await strapi.db.query('plugin::auto-illustration.job').count();
    for (const [method, path, body] of [
      ['get', `/documents/status?uid=${ARTICLE}&documentId=${documentId}&locale=fr`],
      ['post', '/documents/generate', { uid: ARTICLE, documentId, locale: 'fr', prompt: 'a clown' }],
      ['post', '/documents/generate', { uid: GUIDE, documentId: guide.documentId }],
      ['get', `/jobs/${frenchJob.id}`],
      ['get', `/jobs/${frenchJob.id}/candidates/${frenchJob.candidateAssetIds![0]}/thumbnail`],
      ['post', `/jobs/${frenchJob.id}/choose`, { assetId: frenchJob.candidateAssetIds![1] }],
      ['post', `/jobs/${frenchJob.id}/retry`],
      ['post', '/backfills/quote', { contentType: ARTICLE, select: 'missing', locales: ['fr'] }],
      ['post', '/backfills/quote', { contentType: ARTICLE, select: 'missing' }],
    ] as Array<[Method, string, unknown?]>) {
      const refused = await call(method, path, token, body);
      // (A job's id tells nothing of its entry: its type and locale are named only where the request named them.)
      const message = String(refused.body.error.message);
      expect([path, refused.status]).toEqual([path, 403]);
      if (path.startsWith('/jobs/')) expect([path, message]).toEqual([path, expect.stringMatching(/^You may not (?:see the illustration|change the image) of this entry: your content manager's (?:read|update and publish) permission does not cover it/)]);
      else if (path.startsWith('/backfills')) expect(message).toMatch(/^You may not illustrate or follow every entry of Article \(api::article\.article\) in /);
      else if (path.includes(GUIDE) || JSON.stringify(body ?? {}).includes(GUIDE)) expect(message).toMatch(/it takes the content manager's update and publish permission on Guide \(api::guide\.guide\)$/);
      else expect([path, message]).toEqual([path, expect.stringMatching(/your content manager's (?:read|update and publish) permission on Article \(api::article\.article\) in fr does not cover it \(only some locales, or the entries you created\)$/)]);
    }
    expect(await strapi.db.query('plugin::auto-illustration.job').count()).toBe(jobsBefore);
    await call('post', '/backfills/quote', token, { contentType: ARTICLE, select: 'missing', locales: ['en'] }).expect(200);
    // The jobs list shows only English articles' jobs.
    const listed = (await call('get', '/jobs?limit=100', token).expect(200)).body.results as Array<{ id: number; targetUid: string; targetLocale: string }>;
    expect(listed.map((job) => job.id)).toContain(jobId);
    expect(listed.filter((job) => job.targetUid !== ARTICLE || job.targetLocale !== 'en')).toEqual([]);
    // Pages are of the jobs the user may see: full, though the newest job is French.
    const onePerPage = (await call('get', '/jobs?limit=1', token).expect(200)).body;
    expect(onePerPage.results).toHaveLength(1);
    expect(onePerPage.results[0]).toMatchObject({ targetUid: ARTICLE, targetLocale: 'en' });
    const second = (await call('get', '/jobs?limit=1&offset=1', token).expect(200)).body;
    expect(second.results.map((job: { id: number }) => job.id)).not.toEqual(onePerPage.results.map((job: { id: number }) => job.id));
    // A French entry deleted: its job stays out of reach, as the list already keeps it.
    await strapi.documents(ARTICLE).delete({ documentId, locale: 'fr' } as never);
    expect((await call('get', `/jobs/${frenchJob.id}`, token)).status).toBe(403);
    expect((await call('post', `/jobs/${frenchJob.id}/choose`, token, { assetId: frenchJob.candidateAssetIds![1] })).status).toBe(403);
    // A role that may update the article's text but not its image field may not change the image.
    const textOnly = await createUser(strapi, 'copy-editor@example.com', await roleWith(strapi, 'Copy editor', ['jobs.read', 'generate'], [
      { action: 'read', subject: ARTICLE },
      { action: 'update', subject: ARTICLE, fields: ['title', 'description', 'body'] },
      { action: 'publish', subject: ARTICLE },
    ]));
    const textOnlyStatus = (await call('get', `/documents/status?uid=${ARTICLE}&documentId=${documentId}&locale=en`, textOnly).expect(200)).body;
    expect(textOnlyStatus).toMatchObject({ canChange: false, whyNotChange: expect.stringMatching(/it takes the content manager's update of the "cover" field permission on Article/) });
    expect((await call('post', '/documents/generate', textOnly, { uid: ARTICLE, documentId, locale: 'en' })).status).toBe(403);
    // Reading is not changing: a reader sees the job and may not regenerate, choose or retry (the jobs page hides Retry).
    await call('get', `/jobs/${jobId}`, readOnly).expect(200);
    const readerList = (await call('get', '/jobs?limit=100', readOnly).expect(200)).body.results as Array<{ id: number; canChange: boolean }>;
    expect(readerList.find((job) => job.id === jobId)).toMatchObject({ canChange: false });
    expect((await call('get', '/jobs?limit=100', token).expect(200)).body.results.find((job: { id: number }) => job.id === jobId)).toMatchObject({ canChange: true });
    for (const [method, path, body] of [
      ['post', '/documents/generate', { uid: ARTICLE, documentId, locale: 'en' }],
      ['post', `/jobs/${jobId}/choose`, { assetId }],
    ] as Array<[Method, string, unknown?]>) {
      expect([path, (await call(method, path, readOnly, body)).status]).toEqual([path, 403]);
    }
  });

  it('a user limited to the entries they created ("is creator") sees and changes only theirs, on full pages', async () => {
    const { strapi } = app;
    const own = (['read', 'update', 'publish'] as const).map((action) => ({ action, subject: ARTICLE, conditions: ['admin::is-creator'] }));
    const token = await createUser(strapi, 'creator@example.com', await roleWith(strapi, 'Own articles', ['jobs.read', 'generate'], own));
    const creator = (await strapi.db.query('admin::user').findOne({ where: { email: 'creator@example.com' } })) as { id: number };
    const mine = await illustratedArticle(SAMPLE_ARTICLES.bees);
    await strapi.db.query(ARTICLE).updateMany({ where: { documentId: mine.documentId }, data: { createdBy: creator.id } });
    await illustratedArticle(SAMPLE_ARTICLES.lighthouse);
    const listed = (await call('get', '/jobs?limit=1', token).expect(200)).body;
    expect(listed.results.map((job: { id: number }) => job.id)).toEqual([mine.job.id]);
    expect(listed.results[0].canChange).toBe(true);
    expect((await call('get', `/jobs/${jobId}`, token)).status).toBe(403);
  });

  it('a job whose entry was deleted is still listed for a user whose permissions have no conditions', async () => {
    const deleted = await illustratedArticle(SAMPLE_ARTICLES.bees);
    await app.strapi.documents(ARTICLE).delete({ documentId: deleted.documentId, locale: '*' } as never);
    await call('get', `/jobs/${deleted.job.id}`, tokens.generator).expect(200);
    const listed = (await call('get', '/jobs?limit=100', tokens.superAdmin).expect(200)).body.results as Array<{ id: number }>;
    expect(listed.map((job) => job.id)).toContain(deleted.job.id);
  });

  it('a localized type\'s entry without its locale is a 400 naming it, no job of no locale', async () => {
    const response = await call('post', '/documents/generate', tokens.superAdmin, { uid: ARTICLE, documentId });
    expect400(response, 'locale');
    expect400(await call('get', `/documents/status?uid=${ARTICLE}&documentId=${documentId}`, tokens.superAdmin), 'locale');
  });

  it('Super Admins hold the five actions', async () => {
    const superAdmin = await app.strapi.service('admin::role').getSuperAdmin();
    const permissions = (await app.strapi.db.query('admin::permission').findMany({ where: { role: { id: superAdmin.id } } })) as Array<{ action: string }>;
    const actions = permissions.map((permission) => permission.action).filter((action) => action.startsWith('plugin::auto-illustration.'));
    expect(actions.sort()).toEqual(
      ['backfill', 'generate', 'jobs.read', 'settings.read', 'settings.update'].map((action) => `plugin::auto-illustration.${action}`).sort(),
    );
  });
});

describe('settings routes', () => {
  it('GET /settings: the editable settings, the connection without secrets, and the choices', async () => {
    const response = await call('get', '/settings', tokens.superAdmin).expect(200);
    const body = response.body;
    expect(JSON.stringify(body)).not.toContain(emulator.apiKey);
    expect(JSON.stringify(body)).not.toContain(emulator.apiSecret);
    expect(body.connection).toEqual({ hasApiKey: true, hasApiSecret: true, baseUrl: emulator.apiUrl, projectId: null });
    expect(body.settings.contentTypes[ARTICLE]).toMatchObject({ enabled: true, imageField: 'cover', textFields: ['description', 'body'] });
    expect(body.settings).not.toHaveProperty('scenario');
    // Where each value comes from: nothing saved yet, so config/plugins or the default.
    expect(body.sources).toMatchObject({ contentTypes: 'file', numOutputs: 'default', style: 'default' });
    expect(Object.values(body.sources)).not.toContain('saved');
    expect(body.fileSettings.contentTypes[ARTICLE]).toMatchObject({ imageField: 'cover' });
    expect(body.ignoredSaved).toEqual([]);
    expect(body.options.placeholders).toEqual(['{title}', '{keyphrases}', '{subject}']);
    expect(body.options.builtInStylePresets.map((preset: { id: string }) => preset.id)).toContain('watercolor');
    const article = body.options.contentTypes.find((option: { uid: string }) => option.uid === ARTICLE);
    expect(article).toMatchObject({ displayName: 'Article', localized: true, imageFields: ['cover'] });
    expect(article.textFields.map((field: { name: string }) => field.name)).toEqual(['title', 'description', 'body']);
    const guide = body.options.contentTypes.find((option: { uid: string }) => option.uid === GUIDE);
    expect(guide.textFields).toEqual(
      expect.arrayContaining([
        { name: 'summary', type: 'richtext' },
        { name: 'intro', type: 'component' },
        { name: 'sections', type: 'dynamiczone' },
      ]),
    );
  });

  it('PUT /settings saves valid values, and the pipeline uses them', async () => {
    const patch = {
      model: { id: FLUX_2_DEV, loraScale: 1, maxPromptLength: 2048 },
      style: 'site-ink',
      stylePresets: [{ id: 'site-ink', name: 'Site ink', template: 'Ink drawing of {subject}, about {title}', negativePrompt: 'colour' }],
      numOutputs: 3,
      aspectRatio: '4:3',
    };
    const response = await call('put', '/settings', tokens.superAdmin, patch).expect(200);
    expect(response.body.settings).toMatchObject(patch);
    expect(response.body.sources).toMatchObject({ model: 'saved', style: 'saved', numOutputs: 'saved', contentTypes: 'file', deadlineSeconds: 'default' });
    expect((await call('get', '/settings/estimate', tokens.superAdmin).expect(200)).body).toMatchObject({
      credits: 45, // FLUX.2 [dev] at 14 credits an image in the emulator, 3 images, and their captions at 1 each
      basis: { model: FLUX_2_DEV, numOutputs: 3, aspectRatio: '4:3' },
    });
    const { job } = await illustratedArticle(SAMPLE_ARTICLES.bees);
    expect(job.prompt).toMatch(/^Ink drawing of /);
    expect(job.candidateAssetIds).toHaveLength(3);
  });

  it('PUT /settings: a bad value is a 400 that names the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ numOutputs: 9 }, 'numOutputs'],
      [{ numOutputs: 'two' }, 'numOutputs'],
      [{ aspectRatio: '5:4' }, 'aspectRatio'],
      [{ deadlineSeconds: 1 }, 'deadlineSeconds'],
      [{ concurrency: 0 }, 'concurrency'],
      [{ model: { id: '' } }, 'model.id'],
      [{ model: { id: FLUX_2_DEV, loraScale: 5 } }, 'model.loraScale'],
      [{ model: { id: EMULATOR_LORA_ID, loraId: EMULATOR_LORA_ID } }, 'model.loraId'],
      // An id Scenario has no model for (a typo taken as a typed-in id) would fail every generation.
      [{ model: { id: 'model_fl' } }, 'model.id'],
      [{ model: { id: FLUX_2_DEV, loraId: 'model_no-such-lora' } }, 'model.loraId'],
      [{ style: 'no-such-style' }, 'style'],
      [{ stylePresets: [{ id: 'Bad Id', name: 'x', template: 'y' }] }, 'stylePresets.0.id'],
      [{ stylePresets: [{ id: 'a', name: 'A', template: 'Photo of {place}' }] }, 'stylePresets.0.template'],
      [{ stylePresets: [{ id: 'a', name: 'A', template: 'x' }, { id: 'a', name: 'B', template: 'y' }] }, 'stylePresets.1.id'],
      [{ contentTypes: { [ARTICLE]: { imageField: 'title' } } }, `contentTypes.${ARTICLE}.imageField`],
      [{ contentTypes: { [ARTICLE]: { imageField: 'cover', textFields: ['cover'] } } }, `contentTypes.${ARTICLE}.textFields.0`],
      [{ contentTypes: { [ARTICLE]: { imageField: 'cover', titleField: 'body' } } }, `contentTypes.${ARTICLE}.titleField`],
      [{ contentTypes: { 'api::nothing.nothing': { imageField: 'cover' } } }, 'contentTypes.api::nothing.nothing'],
      [{ contentTypes: { 'not a uid': { imageField: 'cover' } } }, 'contentTypes'],
      [{ scenario: { apiKey: 'stolen' } }, 'scenario'],
      [{ unknownSetting: true }, 'unknownSetting'],
      [['not', 'an', 'object'], '(root)'],
    ];
    for (const [body, field] of cases) {
      const response = await call('put', '/settings', tokens.superAdmin, body);
      expect([field, response.status]).toEqual([field, 400]);
      expect400(response, field);
      const issues: Array<{ path: string; message: string }> = response.body.error.details.errors;
      expect([field, issues.some((issue) => issue.path.startsWith(field) || issue.message.includes(field))]).toEqual([field, true]);
    }
    const typo = await call('put', '/settings', tokens.superAdmin, { model: { id: 'model_fl' } });
    expect(typo.body.error.message).toBe('model.id: Scenario has no model model_fl: choose one from the list, or check the id');
    // Nothing of it was saved.
    expect((await call('get', '/settings', tokens.superAdmin)).body.settings.numOutputs).toBe(3);
  });

  it('PUT /settings: fields and styles are checked against the app, with what would fit', async () => {
    const misspelt = await call('put', '/settings', tokens.superAdmin, { contentTypes: { [ARTICLE]: { imageField: 'coverr' } } });
    expect400(misspelt, `contentTypes.${ARTICLE}.imageField`);
    expect(misspelt.body.error.message).toBe(`contentTypes.${ARTICLE}.imageField: "coverr" is no field of ${ARTICLE} (single media fields of the type itself: cover; a field inside a component or dynamic zone cannot take the image)`);
    const style = await call('put', '/settings', tokens.superAdmin, { style: 'watercolour' });
    expect(style.body.error.message).toMatch(/^style: there is no style preset "watercolour" \(presets: editorial-photo, .*watercolor/);
  });

  it('POST /settings/test-connection reports success, or the exact error', async () => {
    const ok = await call('post', '/settings/test-connection', tokens.superAdmin).expect(200);
    // Articles were illustrated above: the account's newest image is on the emulator's CDN, which is allowed.
    expect(ok.body).toMatchObject({ ok: true, download: { state: 'allowed', host: emulator.cdnHost } });
    expect(JSON.stringify(ok.body)).not.toMatch(/Signature|Policy|Key-Pair-Id/);
    await emulator.configure({ failNext: { status: 401, route: 'models', body: { reason: 'Invalid API key' } } });
    const failed = await call('post', '/settings/test-connection', tokens.superAdmin).expect(200);
    expect(failed.body).toMatchObject({ ok: false, kind: 'auth', status: 401 });
    expect(failed.body.error).toMatch(/401|Invalid API key|Request failed/);
    expect(JSON.stringify(failed.body)).not.toContain(emulator.apiSecret);
  });

  it('POST /settings/preview-prompt fills a template for the sample article, or says which field is wrong', async () => {
    const response = await call('post', '/settings/preview-prompt', tokens.superAdmin, {
      template: 'Watercolour of {subject}, for a story about {title}. With {keyphrases}. {mood}',
      negativePrompt: 'text, letters',
    }).expect(200);
    expect(response.body.prompt).toMatch(/^Watercolour of .*lighthouse/i);
    expect(response.body.prompt).not.toContain('{');
    expect(response.body.negativePrompt).toBe('text, letters');
    expect(response.body.unknownPlaceholders).toEqual(['{mood}']);
    expect(response.body.usedKeyphrases.length).toBeGreaterThan(0);

    const own = await call('post', '/settings/preview-prompt', tokens.superAdmin, {
      template: 'Photo of {subject}',
      title: 'Honey from the rooftops',
      text: 'Urban beekeepers keep honey bees on city rooftops.',
    }).expect(200);
    expect(own.body.sample.title).toBe('Honey from the rooftops');

    expect400(await call('post', '/settings/preview-prompt', tokens.superAdmin, { template: '' }), 'template');
    expect400(await call('post', '/settings/preview-prompt', tokens.superAdmin, {}), 'template');
    expect400(await call('post', '/settings/preview-prompt', tokens.superAdmin, { template: 'x', extra: 1 }), 'extra');
    // Text without its title was ignored (the built-in sample shown instead): a 400 naming the title.
    expect400(await call('post', '/settings/preview-prompt', tokens.superAdmin, { template: 'x', text: 'Bees in the city.' }), 'title: is required with text');
    // Queries are strict too, and one failure is said once.
    expect400(await call('get', `/documents/status?uid=${ARTICLE}&documentId=abc&locale=en&status=draft`, tokens.superAdmin), 'status: is not a known field');
    expect400(await call('get', '/models/support?id=model_x&size=2', tokens.superAdmin), 'size: is not a known field');
    const huge = await call('get', '/jobs/9007199254740993', tokens.superAdmin);
    expect(huge.body.error.message).toBe('id: must be a whole number from 1');
  });

  it('GET /models/support: what a model takes, from its declared inputs', async () => {
    const flux = (await call('get', '/models/support?id=model_bfl-flux-1-dev&aspectRatio=16:9', tokens.superAdmin).expect(200)).body;
    expect(flux.support).toMatchObject({ size: 'width-height', negativePrompt: false, loras: true, referenceImages: 0 });
    expect(flux.size).toEqual({ width: 1344, height: 768 });
    const gemini = (await call('get', `/models/support?id=${GEMINI_FLASH}&aspectRatio=3:2`, tokens.superAdmin).expect(200)).body;
    expect(gemini.support).toMatchObject({ size: 'aspect-ratio', negativePrompt: false, loras: false });
    expect(gemini.size).toMatchObject({ aspectRatio: '3:2' });
    // (In an editor's words under the model box: no field path.)
    const unknown = await call('get', '/models/support?id=model_nothing', tokens.superAdmin);
    expect([unknown.status, unknown.body.error.message]).toEqual([404, 'Scenario has no model model_nothing']);
    expect400(await call('get', '/models/support', tokens.superAdmin), 'id');
    expect400(await call('get', '/models/support?id=model_bfl-flux-1-dev&aspectRatio=5:1', tokens.superAdmin), 'aspectRatio');
  });

  it('GET /settings/estimate: a dry run of the saved settings, nothing billed', async () => {
    const before = { ...emulator.stats };
    const response = await call('get', '/settings/estimate', tokens.superAdmin).expect(200);
    expect(response.body.credits).toBeGreaterThan(0);
    // FLUX.2 [dev] at 4:3 (saved above): the size really sent, and the preset's negative prompt is not claimed.
    expect(response.body.size).toEqual({ width: expect.any(Number), height: expect.any(Number) });
    expect(response.body.size.width / response.body.size.height).toBeCloseTo(4 / 3, 1);
    expect(response.body.unsupported).toContain('negativePrompt');
    // One dry run for the generation, one for a caption (every candidate is captioned), one per text helper the
    // locales call (translation, alt text in French).
    expect(emulator.stats.dryRunCalls).toBe(before.dryRunCalls + 2 + Object.keys(response.body.helpers.perCall).length);
    expect(response.body.credits).toBeCloseTo(response.body.breakdown.generation + response.body.breakdown.captions, 2);
    expect(response.body.breakdown.captions).toBeGreaterThan(0);
    expect(emulator.stats.generateCalls).toBe(before.generateCalls);

    // A model of the catalog without numOutputs makes one image: one caption is priced, not numOutputs.
    const scenario = app.strapi.plugin('auto-illustration').service('scenario') as { client(): Record<string, (...args: unknown[]) => Promise<Record<string, unknown>>> };
    const client = scenario.client();
    const oneImage = Object.create(client, {
      estimateGenerate: { value: async (...args: unknown[]) => ({ ...(await client.estimateGenerate(...args)), unsupported: ['numOutputs'] }) },
    });
    const spy = jest.spyOn(scenario, 'client').mockReturnValue(oneImage);
    try {
      const single = (await call('get', '/settings/estimate', tokens.superAdmin).expect(200)).body;
      const { numOutputs } = (await call('get', '/settings', tokens.superAdmin).expect(200)).body.settings;
      expect(numOutputs).toBeGreaterThan(1);
      expect(single.breakdown.captions).toBeCloseTo(response.body.breakdown.captions / numOutputs, 2);
    } finally {
      spy.mockRestore();
    }
  });

  it('GET /models pages through the public catalog and lists the account’s trained styles', async () => {
    const first = await call('get', '/models?privacy=public&pageSize=2', tokens.superAdmin).expect(200);
    expect(first.body.models.length).toBeGreaterThan(0);
    expect(first.body.nextPaginationToken).toBeTruthy();
    const ids: string[] = first.body.models.map((model: { id: string }) => model.id);
    let token = first.body.nextPaginationToken as string | null;
    while (token) {
      const next = await call('get', `/models?privacy=public&pageSize=2&paginationToken=${encodeURIComponent(token)}`, tokens.superAdmin).expect(200);
      ids.push(...next.body.models.map((model: { id: string }) => model.id));
      token = next.body.nextPaginationToken;
    }
    expect(ids).toEqual(expect.arrayContaining(['model_bfl-flux-1-dev', FLUX_2_DEV]));
    // Only text-to-image models are offered (no upscaler, no background removal).
    expect(ids).not.toContain('model_scenario-upscale-v3');

    const own = await call('get', '/models?privacy=private', tokens.superAdmin).expect(200);
    expect(own.body.models).toEqual([expect.objectContaining({ id: EMULATOR_LORA_ID, kind: 'lora' })]);

    expect400(await call('get', '/models?pageSize=0', tokens.superAdmin), 'pageSize');
    // A token Scenario did not issue is the caller's mistake (400 naming it), not a gateway failure (502).
    expect400(await call('get', '/models?privacy=public&paginationToken=not-a-token', tokens.superAdmin), 'paginationToken');
    expect400(await call('get', '/models?privacy=everyone', tokens.superAdmin), 'privacy');
  });
});

describe('job routes', () => {
  let documentId: string;
  let job: Awaited<ReturnType<typeof finishedJob>>;

  beforeAll(async () => {
    await call('put', '/settings', tokens.superAdmin, { numOutputs: 2 }).expect(200);
    ({ documentId, job } = await illustratedArticle());
    expect(job.state).toBe('done');
  });

  it('GET /jobs lists recent jobs, filtered by state and paged', async () => {
    const all = await call('get', '/jobs', tokens.superAdmin).expect(200);
    expect(all.body.results[0]).toMatchObject({ id: job.id, state: 'done', contentType: { uid: ARTICLE, displayName: 'Article' } });
    expect(all.body.results[0]).not.toHaveProperty('lockedBy');
    const done = await call('get', '/jobs?state=done,skipped&limit=1', tokens.superAdmin).expect(200);
    expect(done.body.results).toHaveLength(1);
    expect(done.body.pagination).toEqual({ limit: 1, offset: 0, hasMore: true });
    const none = await call('get', '/jobs?state=failed', tokens.superAdmin).expect(200);
    expect(none.body.results).toEqual([]);

    expect400(await call('get', '/jobs?state=nope', tokens.superAdmin), 'state');
    expect400(await call('get', '/jobs?limit=1000', tokens.superAdmin), 'limit');
    expect400(await call('get', '/jobs?offset=-1', tokens.superAdmin), 'offset');
    // A parameter it does not know is named, not ignored (a client paging with "pageSize" got 20 jobs, silently).
    const unknown = await call('get', '/jobs?pageSize=5', tokens.superAdmin);
    expect400(unknown, 'pageSize');
    expect(unknown.body.error.message).toBe('pageSize: is not a known field');
  });

  it('GET /jobs/:id', async () => {
    const response = await call('get', `/jobs/${job.id}`, tokens.superAdmin).expect(200);
    expect(response.body.job).toMatchObject({ id: job.id, targetDocumentId: documentId, keyphrases: job.keyphrases, prompt: job.prompt });
    // What it cost in one figure, its generation and its caption call together (no second figure a client could add).
    const row = await app.strapi.db.query('plugin::auto-illustration.job').findOne({ where: { id: job.id } });
    expect(Number(row.helperCredits)).toBeGreaterThan(0);
    expect(response.body.job.creditsSpent).toBe(Number(row.creditsSpent) + Number(row.helperCredits));
    expect(response.body.job).not.toHaveProperty('helperCredits');
    const notAnId = await call('get', '/jobs/abc', tokens.superAdmin);
    expect400(notAnId, 'id');
    expect(notAnId.body.error.message).toBe('id: must be a whole number from 1');
    expect((await call('get', '/jobs/999999', tokens.superAdmin)).status).toBe(404);
  });

  it('GET /documents/status: what the side panel shows', async () => {
    const response = await call('get', `/documents/status?uid=${ARTICLE}&documentId=${documentId}&locale=en`, tokens.superAdmin).expect(200);
    expect(response.body).toMatchObject({
      participating: true,
      imageField: 'cover',
      published: true,
      skipped: null,
      latest: { id: job.id, state: 'done' },
      generation: { id: job.id, candidateAssetIds: job.candidateAssetIds },
      image: { fileId: job.fileId, source: 'generated', assetId: job.chosenAssetId, alternativeText: job.alternativeText },
    });
    const draftOnly = (await app.strapi.documents(ARTICLE).create({ data: { title: 'Not yet' } } as never)) as unknown as { documentId: string };
    const draft = await call('get', `/documents/status?uid=${ARTICLE}&documentId=${draftOnly.documentId}&locale=en`, tokens.superAdmin).expect(200);
    expect(draft.body).toMatchObject({ participating: true, published: false, latest: null });
    const other = await call('get', `/documents/status?uid=api::nothing.nothing&documentId=${documentId}`, tokens.superAdmin).expect(200);
    expect(other.body.participating).toBe(false);

    expect400(await call('get', `/documents/status?documentId=${documentId}`, tokens.superAdmin), 'uid');
    expect400(await call('get', `/documents/status?uid=${ARTICLE}&documentId=${documentId}&locale=<script>`, tokens.superAdmin), 'locale');
    expect400(await call('get', `/documents/status?uid=${ARTICLE}`, tokens.superAdmin), 'documentId');
  });

  it('GET /jobs/:id/candidates/:assetId/thumbnail proxies a small image, never a Scenario URL', async () => {
    const before = emulator.stats.assetGets;
    const response = await call('get', `/jobs/${job.id}/candidates/${job.candidateAssetIds![1]}/thumbnail`, tokens.superAdmin)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('image/webp');
    const bytes = response.body as Buffer;
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');
    expect(response.headers.location).toBeUndefined();
    expect(emulator.stats.assetGets).toBe(before + 1); // a fresh signed URL, fetched on the server

    // Cached: the side panel's refreshes do not download it again.
    await call('get', `/jobs/${job.id}/candidates/${job.candidateAssetIds![1]}/thumbnail`, tokens.superAdmin).expect(200);
    expect(emulator.stats.assetGets).toBe(before + 1);

    expect((await call('get', `/jobs/${job.id}/candidates/asset_not_a_candidate/thumbnail`, tokens.superAdmin)).status).toBe(404);
    expect400(await call('get', `/jobs/${job.id}/candidates/${encodeURIComponent('bad id!')}/thumbnail`, tokens.superAdmin), 'assetId');
  });

  it('POST /jobs/:id/choose swaps the image and its alt text without a new generation', async () => {
    const other = job.candidateAssetIds!.find((assetId) => assetId !== job.chosenAssetId)!;
    const generateBefore = emulator.stats.generateCalls;
    const response = await call('post', `/jobs/${job.id}/choose`, tokens.generator, { assetId: other }).expect(201);
    expect(response.body.job).toMatchObject({ trigger: 'choose', chosenAssetId: other });
    const swapped = await finishedJob(app.strapi, documentId, { locale: 'en', after: job.id });
    expect(swapped.state).toBe('done');
    const cover = (await readArticle(app.strapi, documentId, 'published', 'en'))!.cover!;
    expect(cover.id).toBe(swapped.fileId);
    expect(cover.alternativeText).toBe(swapped.alternativeText);
    expect(cover.alternativeText).not.toBe(job.alternativeText);
    expect(emulator.stats.generateCalls).toBe(generateBefore);
    // What Regenerate would buy is what the illustration cost, not the swap's caption (a new user's trial read 0.5
    // credits): its images and their captions, as the jobs page counts it (a trial read 21.5 there and 24 on that page).
    const status = (await call('get', `/documents/status?uid=${ARTICLE}&documentId=${documentId}&locale=en`, tokens.generator).expect(200)).body;
    const row = await app.strapi.plugin('auto-illustration').service('jobs').findOne(job.id);
    expect(Number(row.helperCredits)).toBeGreaterThan(0);
    expect(status.lastIllustrationCost).toBe(Number(row.creditsSpent) + Number(row.helperCredits));
    const listed = (await call('get', '/jobs?limit=100', tokens.generator).expect(200)).body.results as Array<{ id: number; creditsSpent: number }>;
    expect(listed.find((other) => other.id === job.id)?.creditsSpent).toBe(status.lastIllustrationCost);

    expect400(await call('post', `/jobs/${job.id}/choose`, tokens.superAdmin, {}), 'assetId');
    expect400(await call('post', `/jobs/${job.id}/choose`, tokens.superAdmin, { assetId: 'asset_unknown' }), 'assetId');
    expect400(await call('post', `/jobs/${job.id}/choose`, tokens.superAdmin, { assetId: other, extra: true }), 'extra');
    expect((await call('post', '/jobs/999999/choose', tokens.superAdmin, { assetId: other })).status).toBe(404);
  });

  it('POST /documents/generate makes a new generation, with the editor’s own prompt', async () => {
    const latest = await finishedJob(app.strapi, documentId, { locale: 'en' });
    const response = await call('post', '/documents/generate', tokens.generator, {
      uid: ARTICLE,
      documentId,
      locale: 'en',
      prompt: 'A lighthouse keeper polishing the lantern at dusk',
    }).expect(201);
    expect(response.body.job).toMatchObject({ trigger: 'generate', state: 'queued' });
    const generated = await finishedJob(app.strapi, documentId, { locale: 'en', after: latest.id });
    expect(generated.state).toBe('done');
    expect(generated.prompt).toBe('A lighthouse keeper polishing the lantern at dusk');

    expect400(await call('post', '/documents/generate', tokens.superAdmin, { documentId, locale: 'en' }), 'uid');
    expect400(await call('post', '/documents/generate', tokens.superAdmin, { uid: ARTICLE, locale: 'en' }), 'documentId');
    expect400(await call('post', '/documents/generate', tokens.superAdmin, { uid: ARTICLE, documentId, prompt: 'x'.repeat(5000) }), 'prompt');
    // A content type that does not take part.
    expect400(await call('post', '/documents/generate', tokens.superAdmin, { uid: 'api::nothing.nothing', documentId }), 'uid');
  });

  it('POST /documents/generate for a document that does not exist is a 404 and records no job', async () => {
    const before = await app.strapi.db.query('plugin::auto-illustration.job').count();
    const missing = await call('post', '/documents/generate', tokens.generator, { uid: ARTICLE, documentId: 'nosuchdocument123', locale: 'en' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/^documentId: there is no api::article\.article document nosuchdocument123 in locale en/);
    // An existing article in a locale it does not have.
    const elsewhere = await call('post', '/documents/generate', tokens.generator, { uid: ARTICLE, documentId, locale: 'de' });
    expect(elsewhere.status).toBe(404);
    expect(await app.strapi.db.query('plugin::auto-illustration.job').count()).toBe(before);
  });

  it('GET /documents/status: unchanged republishes do not hide the last real result, they show as one quiet line', async () => {
    const article = await illustratedArticle(SAMPLE_ARTICLES.bees);
    expect(article.job.state).toBe('done');
    let after = article.job.id;
    for (let i = 0; i < 2; i++) {
      await app.strapi.documents(ARTICLE).publish({ documentId: article.documentId, locale: 'en' } as never);
      const skip = await finishedJob(app.strapi, article.documentId, { locale: 'en', after });
      expect(skip.state).toBe('skipped');
      after = skip.id;
    }
    const status = (await call('get', `/documents/status?uid=${ARTICLE}&documentId=${article.documentId}&locale=en`, tokens.superAdmin).expect(200)).body;
    expect(status.latest).toMatchObject({ id: article.job.id, state: 'done' });
    expect(status.generation).toMatchObject({ id: article.job.id, candidateAssetIds: article.job.candidateAssetIds });
    expect(status.image).toMatchObject({ source: 'generated', fileId: article.job.fileId });
    expect(status.skipped).toMatchObject({ count: 2, reason: expect.any(String), textChanged: false });
    expect(status.recent.map((job: { state: string }) => job.state)).not.toContain('skipped');

    // A republish with a changed text left as it is (replaceExisting off) is no "nothing to do": the panel says why.
    await app.strapi.documents(ARTICLE).update({ documentId: article.documentId, locale: 'en', data: { title: 'Bees return to the rooftop gardens' } } as never);
    await app.strapi.documents(ARTICLE).publish({ documentId: article.documentId, locale: 'en' } as never);
    await finishedJob(app.strapi, article.documentId, { locale: 'en', after });
    const changed = (await call('get', `/documents/status?uid=${ARTICLE}&documentId=${article.documentId}&locale=en`, tokens.superAdmin).expect(200)).body;
    expect(changed.skipped).toMatchObject({ count: 3, textChanged: true, reason: expect.stringMatching(/^Its image was made for the text before this change/) });
  });

  it('POST /jobs/:id/retry tries a placeholder job again, and refuses a finished one', async () => {
    await emulator.configure({ failJobsMatching: /tidal/i });
    const created = (await app.strapi.documents(ARTICLE).create({
      data: { title: 'Tidal power station opens in the estuary', body: blocks('The tidal power station turns estuary tides into electricity.') },
      status: 'published',
    } as never)) as unknown as { documentId: string };
    const placeholder = await finishedJob(app.strapi, created.documentId, { locale: 'en' });
    expect(placeholder.state).toBe('fallback');
    await emulator.configure({ failJobsMatching: undefined });

    const response = await call('post', `/jobs/${placeholder.id}/retry`, tokens.generator).expect(201);
    expect(response.body.job.trigger).toBe('retry');
    expect((await finishedJob(app.strapi, created.documentId, { locale: 'en', after: placeholder.id })).state).toBe('done');

    expect400(await call('post', `/jobs/${job.id}/retry`, tokens.superAdmin), 'id');
    expect400(await call('post', '/jobs/0/retry', tokens.superAdmin), 'id');
    expect((await call('post', '/jobs/999999/retry', tokens.superAdmin)).status).toBe(404);
  });
});

describe('settings persistence', () => {
  it('saved settings survive a restart and override the file config', async () => {
    const { contentTypes } = (await call('get', '/settings', tokens.superAdmin).expect(200)).body.settings;
    await call('put', '/settings', tokens.superAdmin, {
      numOutputs: 4,
      contentTypes: { ...contentTypes, [GUIDE]: { ...contentTypes[GUIDE], enabled: false } },
    }).expect(200);
    const { databaseFile } = app;
    await app.close({ keepDatabase: true });
    app = await bootPlayground({
      databaseFile,
      env: {
        SCENARIO_BASE_URL: emulator.apiUrl,
        SCENARIO_API_KEY: emulator.apiKey,
        SCENARIO_API_SECRET: emulator.apiSecret,
        SCENARIO_DOWNLOAD_HOSTS: emulator.cdnHost,
      },
    });
    const login = await http().post('/admin/login').send({ email: 'super@example.com', password: PASSWORD }).expect(200);
    const settings = (await call('get', '/settings', login.body.data.token).expect(200)).body.settings;
    expect(settings.numOutputs).toBe(4);
    expect(settings.model.id).toBe(FLUX_2_DEV);
    // The file config (playground/config/plugins.js) turns the Guide on; the saved value wins.
    expect(settings.contentTypes[GUIDE].enabled).toBe(false);
    expect(settings.contentTypes[ARTICLE].enabled).toBe(true);
    // And the pipeline follows it: a published Guide is left alone.
    const guide = (await app.strapi.documents(GUIDE).create({ data: { title: 'Proofing dough' }, status: 'published' } as never)) as unknown as { documentId: string };
    await sleep(500);
    const jobs = await app.strapi.db.query('plugin::auto-illustration.job').findMany({ where: { targetDocumentId: guide.documentId } });
    expect(jobs).toEqual([]);
  });
});

describe('where values come from', () => {
  let token: string;

  beforeAll(async () => {
    token = (await http().post('/admin/login').send({ email: 'super@example.com', password: PASSWORD }).expect(200)).body.data.token;
  });

  it('POST /settings/reset goes back to the file’s value, per setting or for all', async () => {
    const { contentTypes } = (await call('get', '/settings', token).expect(200)).body.settings;
    const saved = await call('put', '/settings', token, {
      contentTypes: { ...contentTypes, [ARTICLE]: { ...contentTypes[ARTICLE], replaceExisting: true } },
      concurrency: 3,
    }).expect(200);
    expect(saved.body.sources).toMatchObject({ contentTypes: 'saved', concurrency: 'saved' });
    expect(saved.body.fileSettings.contentTypes[ARTICLE].replaceExisting).toBe(false);

    // One setting: the saved replaceExisting (which would otherwise survive a reinstall) is gone.
    const one = await call('post', '/settings/reset', token, { keys: ['contentTypes'] }).expect(200);
    expect(one.body.sources).toMatchObject({ contentTypes: 'file', concurrency: 'saved' });
    expect(one.body.settings.contentTypes[ARTICLE].replaceExisting).toBe(false);
    expect(one.body.settings.contentTypes[GUIDE].enabled).toBe(true);
    expect(one.body.settings.concurrency).toBe(3);
    // The pipeline reads the same service.
    expect(app.strapi.plugin('auto-illustration').service('settings').contentType(ARTICLE).replaceExisting).toBe(false);

    // All of them.
    const all = await call('post', '/settings/reset', token, {}).expect(200);
    expect(Object.values(all.body.sources)).not.toContain('saved');
    expect(all.body.settings).toMatchObject({ numOutputs: 2, concurrency: 2, model: { id: 'model_bfl-flux-1-dev' } });

    expect400(await call('post', '/settings/reset', token, { keys: ['apiKey'] }), 'keys.0');
    expect400(await call('post', '/settings/reset', token, { keys: [] }), 'keys');
    expect400(await call('post', '/settings/reset', token, { everything: true }), 'everything');
  });
});
