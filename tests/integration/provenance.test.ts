/**
 * AI disclosure in the playground Strapi: the file Strapi serves (the original, re-encoded by its size optimization,
 * and every responsive format it makes) carries the IPTC digital source type in XMP, read back with a real parser;
 * generated images get a focal point; the public provenance route answers only with the permission.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import request from 'supertest';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, SAMPLE_ARTICLES, finishedJob, readArticle } from '../helpers/articles';
import { bootPlayground, type Playground } from '../helpers/playground';

const AI_GENERATED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
const ALGORITHMIC = 'http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia';

let emulator: ScenarioEmulator;
let app: Playground;
const http = () => request(app.strapi.server.httpServer);

interface StoredFile {
  id: number;
  url: string;
  mime: string;
  focalPoint: { x: number; y: number } | null;
  formats: Record<string, { url: string }> | null;
}

async function served(url: string): Promise<Buffer> {
  const response = await http().get(url).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  }).expect(200);
  return response.body as Buffer;
}

async function sourceType(url: string): Promise<unknown> {
  const xmp = (await exifr.parse(await served(url), { xmp: true, tiff: false, exif: false, mergeOutput: false })) as
    | { Iptc4xmpExt?: { DigitalSourceType?: string; AISystemUsed?: string } }
    | undefined;
  return xmp?.Iptc4xmpExt;
}

async function publishAndWait(data: Record<string, unknown>) {
  const { documentId } = (await app.strapi.documents(ARTICLE).create({ data, status: 'published' } as never)) as unknown as { documentId: string };
  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  const file = (await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: job.fileId } })) as StoredFile;
  return { documentId, job, file };
}

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.2 });
  app = await bootPlayground({ env: pluginEnv(emulator) });
  // Strapi's defaults, stated: the original re-encoded, responsive formats made (both drop metadata on their own).
  await app.strapi.plugin('upload').service('upload').setSettings({ sizeOptimization: true, responsiveDimensions: true, autoOrientation: false });
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

it('a generated image says it is AI-made in the served original and in every format Strapi made from it', async () => {
  const { job, file } = await publishAndWait(SAMPLE_ARTICLES.lighthouse);
  expect(job.state).toBe('done');
  const urls = [file.url, ...Object.values(file.formats ?? {}).map((format) => format.url)];
  expect(urls.length).toBeGreaterThanOrEqual(2);
  for (const url of urls) {
    const xmp = (await sourceType(url)) as { DigitalSourceType?: string; AISystemUsed?: string };
    expect({ url, type: xmp?.DigitalSourceType }).toEqual({ url, type: AI_GENERATED });
    expect(xmp?.AISystemUsed).toMatch(/^Scenario \S+/);
  }
  expect(file.focalPoint).toEqual({ x: expect.any(Number), y: expect.any(Number) });
});

it('with the disclosure on, the caption tells readers (in the article\'s language); the alt text does not change', async () => {
  const settings = app.strapi.plugin('auto-illustration').service('settings');
  await settings.update({ disclosure: { enabled: true, lines: { fr: 'Image créée par IA.', 'pt-BR': 'Imagem criada com IA (Brasil).' } } });
  try {
    const { job, file } = await publishAndWait({ ...SAMPLE_ARTICLES.bees, title: 'Rooftop hives spread across the city' });
    const stored = (await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: file.id } })) as { caption: string; alternativeText: string };
    expect(stored.caption).toMatch(/Illustration generated with AI\.$/);
    expect(stored.alternativeText).toBe(job.alternativeText);
    expect(stored.alternativeText).not.toMatch(/AI/);

    const { documentId } = (await app.strapi.documents(ARTICLE).create({
      data: { title: 'Les abeilles des toits de Paris', description: 'Des ruches sur les toits.', body: [] },
      locale: 'fr',
      status: 'published',
    } as never)) as unknown as { documentId: string };
    const french = await finishedJob(app.strapi, documentId, { locale: 'fr', timeoutMs: 60000 });
    const frenchFile = (await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: french.fileId } })) as { caption: string };
    expect(frenchFile.caption).toMatch(/Image créée par IA\.$/);

    // A site's line for a regional locale is its articles' line (the job also holds the language read, "pt").
    const locales = app.strapi.plugin('i18n').service('locales');
    if (!(await locales.findByCode('pt-BR'))) await locales.create({ code: 'pt-BR', name: 'Portuguese (Brazil) (pt-BR)' });
    const brazil = (await app.strapi.documents(ARTICLE).create({
      data: { title: 'As abelhas dos telhados de São Paulo', description: 'Colmeias nos telhados da cidade, cuidadas por apicultores urbanos.', body: [] },
      locale: 'pt-BR',
      status: 'published',
    } as never)) as unknown as { documentId: string };
    const portuguese = await finishedJob(app.strapi, brazil.documentId, { locale: 'pt-BR', timeoutMs: 60000 });
    expect(portuguese.language).toBe('pt');
    const portugueseFile = (await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: portuguese.fileId } })) as { caption: string };
    expect(portugueseFile.caption).toMatch(/Imagem criada com IA \(Brasil\)\.$/);
  } finally {
    await settings.update({ disclosure: { enabled: false, lines: {} } });
  }
});

it('a placeholder is marked as drawn by rule, not as an AI image', async () => {
  emulator.configure({ rejectPromptsMatching: /bee/i });
  try {
    const { job, file } = await publishAndWait(SAMPLE_ARTICLES.bees);
    expect(job.usePlaceholder).toBe(true);
    const xmp = (await sourceType(file.url)) as { DigitalSourceType?: string; AISystemUsed?: string };
    expect(xmp?.DigitalSourceType).toBe(ALGORITHMIC);
    expect(xmp?.AISystemUsed).toBeUndefined();
  } finally {
    emulator.configure({ rejectPromptsMatching: undefined });
  }
});

it("an editor's photo put over our placeholder with the Media Library's Replace media is theirs: kept, never deleted, not called ours", async () => {
  emulator.configure({ rejectPromptsMatching: /lighthouse/i });
  let first: Awaited<ReturnType<typeof publishAndWait>>;
  try {
    first = await publishAndWait({ ...SAMPLE_ARTICLES.lighthouse, title: 'The lighthouse keeper cottage reopens' });
    expect(first.job.usePlaceholder).toBe(true);
  } finally {
    emulator.configure({ rejectPromptsMatching: undefined });
  }
  const { documentId, job, file } = first;
  const media = app.strapi.plugin('auto-illustration').service('media');
  expect(await media.provenance(file.id)).not.toBeNull();

  // "Replace media" keeps the file's id (and the provider_metadata the plugin's mark lives in).
  const filepath = join(mkdtempSync(join(tmpdir(), 'editor-photo-')), 'editor-photo.png');
  const bytes = await sharp({ create: { width: 800, height: 450, channels: 3, background: '#336699' } }).png().toBuffer();
  writeFileSync(filepath, bytes);
  await app.strapi.plugin('upload').service('upload').replace(file.id, {
    data: { fileInfo: { name: 'editor-photo.png', alternativeText: 'The keeper at the door' } },
    file: { filepath, originalFilename: 'editor-photo.png', mimetype: 'image/png', size: bytes.length },
  });
  expect(await media.provenance(file.id)).toBeNull();

  // The editor fixes the title and publishes again: a new job runs, and the photo stays where it is.
  const documents = app.strapi.documents(ARTICLE);
  await documents.update({ documentId, data: { title: 'The lighthouse keeper cottage reopens to visitors' } } as never);
  await documents.publish({ documentId } as never);
  const second = await finishedJob(app.strapi, documentId, { after: job.id });
  expect(second.state).not.toBe('failed');
  const article = await readArticle(app.strapi, documentId, 'published');
  expect(article!.cover!.id).toBe(file.id);
  const stored = (await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: file.id } })) as { name: string } | null;
  expect(stored?.name).toBe('editor-photo.png');
  const status = await app.strapi.plugin('auto-illustration').service('illustrations').panel({ uid: ARTICLE, documentId, locale: job.targetLocale });
  expect(status.image).toMatchObject({ fileId: file.id, source: 'other' });
});

it("a job that made its images but found an editor's image at attaching keeps its candidates in the side panel", async () => {
  const { documentId, job } = await publishAndWait({ ...SAMPLE_ARTICLES.lighthouse, title: 'The keeper returns to the lighthouse' });
  // As the job ends when an editor's picture got there first (Replace media while it generated).
  await app.strapi.db.query('plugin::auto-illustration.job').update({ where: { id: job.id }, data: { state: 'skipped', reason: 'An editor set the cover field meanwhile.' } });
  const status = await app.strapi.plugin('auto-illustration').service('illustrations').panel({ uid: ARTICLE, documentId, locale: job.targetLocale });
  expect(status.latest).toMatchObject({ id: job.id, state: 'skipped' });
  expect(status.generation?.candidateAssetIds?.length).toBeGreaterThan(1);
  expect(status.skipped).toBeNull();
});

describe('the public provenance route', () => {
  it('is closed until a role or token is given its permission, then answers what a front-end labels', async () => {
    const { file } = await publishAndWait({ ...SAMPLE_ARTICLES.lighthouse, title: 'Lighthouse keepers return to Puffin Island' });
    const path = `/api/auto-illustration/files/${file.id}/provenance`;
    // Without U&P or a token: 401; with Users & Permissions, a role without the permission gets 403.
    expect([401, 403]).toContain((await http().get(path)).status);

    const tokens = app.strapi.service('admin::api-token');
    const allowed = await tokens.create({ name: 'front-end', type: 'custom', lifespan: null, permissions: ['plugin::auto-illustration.provenance.findOne'] });
    const other = await tokens.create({ name: 'other', type: 'custom', lifespan: null, permissions: ['api::article.article.find'] });
    await http().get(path).set('Authorization', `Bearer ${other.accessKey}`).expect(403);

    const { body } = await http().get(path).set('Authorization', `Bearer ${allowed.accessKey}`).expect(200);
    expect(body.data).toEqual({
      fileId: file.id,
      kind: 'ai-generated',
      digitalSourceType: AI_GENERATED,
      aiSystem: 'Scenario',
      model: expect.stringMatching(/\S/),
      generatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(JSON.stringify(body)).not.toMatch(/prompt/i);

    await http().get('/api/auto-illustration/files/abc/provenance').set('Authorization', `Bearer ${allowed.accessKey}`).expect(400);
    const foreign = await app.strapi.db.query('plugin::upload.file').create({
      data: { name: 'x.png', hash: 'x', ext: '.png', mime: 'image/png', size: 1, url: '/uploads/x.png', provider: 'local', folderPath: '/' },
    });
    await http().get(`/api/auto-illustration/files/${foreign.id}/provenance`).set('Authorization', `Bearer ${allowed.accessKey}`).expect(404);
  });
});
