/**
 * House style from reference images in the real playground Strapi, against the local emulator: Media Library images
 * chosen in the settings are uploaded to Scenario once (POST /assets), re-used across jobs, uploaded again once the
 * image changes, sent as referenceImages to a model that declares the input and ignored with a note for one that
 * does not; a bad id is a 400 naming referenceImages.N. The prompt preview, the estimate and the side panel say so.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { getService } from '../../server/src/utils/get-service';
import { superAdminToken } from '../helpers/admin';
import { ARTICLE, JOB, blocks, finishedJob } from '../helpers/articles';
import { bootPlayground, type Playground } from '../helpers/playground';
import { MAX_ASSET_UPLOAD_BYTES } from '../../server/src/scenario/types';
import { FLUX_1_DEV, FLUX_2_DEV, pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';

let emulator: ScenarioEmulator;
let app: Playground;
let token = '';
let workDir = '';

interface ReferenceJob {
  id: number;
  state: string;
  scenarioJobId: string | null;
  referenceAssetIds: string[] | null;
  helperNotes: string[] | null;
  history: Array<{ note?: string }> | null;
}

const http = () => request(app.strapi.server.httpServer);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A PNG of one colour (different colours: different bytes). */
const png = (red: number) => sharp({ create: { width: 96, height: 64, channels: 3, background: { r: red, g: 120, b: 200 } } }).png().toBuffer();

/** Writes bytes to a temp file in the shape the upload service takes. */
async function tempFile(name: string, bytes: Buffer, mimetype: string) {
  const filepath = path.join(workDir, name);
  await writeFile(filepath, bytes);
  return { filepath, originalFilename: name, mimetype, size: bytes.length };
}

/** An image uploaded to the Media Library through Strapi's upload service, as an editor would. */
async function mediaImage(name: string, bytes: Buffer): Promise<number> {
  const [file] = (await app.strapi
    .plugin('upload')
    .service('upload')
    .upload({ data: { fileInfo: { name } }, files: await tempFile(name, bytes, 'image/png') })) as Array<{ id: number }>;
  return file.id;
}

async function publish(title: string): Promise<ReferenceJob & { documentId: string }> {
  const data = { title, description: `${title}: the harbour at dawn.`, body: blocks(`${title}. Fishing boats leave the harbour at dawn while gulls circle the old lighthouse.`) };
  const { documentId } = (await app.strapi.documents(ARTICLE).create({ data, status: 'published' } as never)) as unknown as { documentId: string };
  const finished = await finishedJob(app.strapi, documentId, { locale: 'en', timeoutMs: 60000 });
  return { ...((await app.strapi.db.query(JOB).findOne({ where: { id: finished.id } })) as ReferenceJob), documentId };
}

/** The bytes the Media Library keeps for a file (local provider: under the app's public folder). */
async function storedBytes(fileId: number): Promise<Buffer> {
  const file = (await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: fileId }, select: ['url'] })) as { url: string };
  return readFile(path.join(app.strapi.dirs.static.public, file.url));
}

/** What the emulator's job really ran with. */
async function sentInput(job: ReferenceJob): Promise<Record<string, unknown>> {
  const client = getService(app.strapi, 'scenario').client()!;
  return (await client.getJob(job.scenarioJobId!)).input ?? {};
}

const putSettings = (body: unknown) => http().put('/auto-illustration/settings').set('Authorization', `Bearer ${token}`).send(body as object);

let first = 0;
let second = 0;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'reference-images-'));
  emulator = await startScenarioEmulator({ jobSeconds: 0.3 });
  app = await bootPlayground({ env: pluginEnv(emulator) });
  const { strapi } = app;
  token = await superAdminToken(strapi, 'references@example.com', 'Ref', 'Test');
  first = await mediaImage('house-style-harbour.png', await png(10));
  second = await mediaImage('house-style-boats.png', await png(200));
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('reference images on a model that takes them (FLUX.2 dev)', () => {
  let firstAssets: string[] = [];

  it('are uploaded once, recorded on the job and sent as referenceImages', async () => {
    await putSettings({ model: { id: FLUX_2_DEV, loraScale: 1, maxPromptLength: 2048 }, referenceImages: [first, second] }).expect(200);
    const job = await publish('Harbour festival');
    expect(job.state).toBe('done');
    expect(emulator.stats.uploads.map((upload) => upload.name)).toEqual(['house-style-harbour.png', 'house-style-boats.png']);
    firstAssets = emulator.stats.uploads.map((upload) => upload.assetId);
    expect(job.referenceAssetIds).toEqual(firstAssets);
    expect((await sentInput(job)).referenceImages).toEqual(firstAssets);
    // The side panel names the Media Library files behind them.
    const panel = await getService(app.strapi, 'illustrations').panel({ uid: ARTICLE, documentId: job.documentId, locale: 'en' });
    expect(panel.references.map((reference) => [reference.fileId, reference.assetId, reference.name])).toEqual([
      [first, firstAssets[0], 'house-style-harbour.png'],
      [second, firstAssets[1], 'house-style-boats.png'],
    ]);
  });

  it('are re-used by the next job without another upload', async () => {
    const job = await publish('Lighthouse keepers');
    expect(job.state).toBe('done');
    expect(emulator.stats.uploads).toHaveLength(2);
    expect(job.referenceAssetIds).toEqual(firstAssets);
    expect((await sentInput(job)).referenceImages).toEqual(firstAssets);
  });

  it('an image changed in the Media Library is uploaded again; the other is still re-used', async () => {
    const changed = await png(90);
    await app.strapi
      .plugin('upload')
      .service('upload')
      .replace(first, { data: { fileInfo: { name: 'house-style-harbour.png' } }, file: await tempFile('harbour-v2.png', changed, 'image/png') });
    const job = await publish('Ferry timetable');
    expect(job.state).toBe('done');
    expect(emulator.stats.uploads).toHaveLength(3);
    const reupload = emulator.stats.uploads[2];
    // What the Media Library now serves for that file (Strapi may have optimized what it was given).
    expect(reupload.sha256).toBe(sha256(await storedBytes(first)));
    expect(reupload.sha256).not.toBe(emulator.stats.uploads[0].sha256);
    expect(job.referenceAssetIds).toEqual([reupload.assetId, firstAssets[1]]);
    expect((await sentInput(job)).referenceImages).toEqual([reupload.assetId, firstAssets[1]]);
  });

  it('the prompt preview lists them as sent, and the estimate prices them', async () => {
    const preview = await http().post('/auto-illustration/settings/preview-prompt').set('Authorization', `Bearer ${token}`).send({ template: 'A photo of {subject}' }).expect(200);
    expect(preview.body.references).toMatchObject({ sent: true, limit: 5 });
    expect(preview.body.references.images.map((image: { name: string }) => image.name)).toEqual(['house-style-harbour.png', 'house-style-boats.png']);
    const dryRuns = emulator.stats.requests.filter((entry) => entry.query.dryRun === 'true').length;
    const estimate = await http().get('/auto-illustration/settings/estimate').set('Authorization', `Bearer ${token}`).expect(200);
    expect(estimate.body.credits).toEqual(expect.any(Number));
    expect(estimate.body.unsupported).not.toContain('referenceImages');
    const dryRun = emulator.stats.requests.filter((entry) => entry.query.dryRun === 'true' && entry.path === `/v1/generate/custom/${FLUX_2_DEV}`);
    expect(dryRun.length).toBeGreaterThan(0);
    expect(dryRun[dryRun.length - 1].bodyKeys).toContain('referenceImages');
    expect(emulator.stats.requests.filter((entry) => entry.query.dryRun === 'true').length).toBeGreaterThan(dryRuns);
    // A dry run uploads nothing.
    expect(emulator.stats.uploads).toHaveLength(3);
  });
});

describe('an upload Scenario refuses', () => {
  it('leaves that reference out with a note, and the article is illustrated anyway; the next job uploads it', async () => {
    const third = await mediaImage('house-style-nets.png', await png(150));
    await putSettings({ referenceImages: [third] }).expect(200);
    const uploads = emulator.stats.uploads.length;
    await emulator.configure({ failNext: { status: 400, route: 'assets', body: { reason: 'The image could not be processed' } } });
    const job = await publish('Net menders');
    expect(job.state).toBe('done');
    expect(job.referenceAssetIds).toBeNull();
    expect(job.helperNotes).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^The reference image ${third} \\(house-style-nets\\.png\\) could not be used: .*The image could not be processed`))]),
    );
    expect(emulator.stats.uploads).toHaveLength(uploads);
    expect(await sentInput(job)).not.toHaveProperty('referenceImages');

    const next = await publish('Net menders, part two');
    expect(emulator.stats.uploads).toHaveLength(uploads + 1);
    expect(next.referenceAssetIds).toEqual([emulator.stats.uploads[uploads].assetId]);
    await putSettings({ referenceImages: [first, second] }).expect(200);
  });
});

describe('a model without the input (FLUX.1 dev)', () => {
  it('ignores the setting with a clear note: nothing uploaded, nothing sent', async () => {
    await putSettings({ model: { id: FLUX_1_DEV, loraScale: 1, maxPromptLength: 2048 } }).expect(200);
    const uploads = emulator.stats.uploads.length;
    const job = await publish('Winter storms');
    expect(job.state).toBe('done');
    expect(job.referenceAssetIds).toBeNull();
    expect(job.helperNotes).toContain(`The model ${FLUX_1_DEV} takes no reference images: the house-style references (2) were not sent.`);
    expect(emulator.stats.uploads).toHaveLength(uploads);
    expect(await sentInput(job)).not.toHaveProperty('referenceImages');

    const preview = await http().post('/auto-illustration/settings/preview-prompt').set('Authorization', `Bearer ${token}`).send({ template: 'A photo of {subject}' }).expect(200);
    expect(preview.body.references).toMatchObject({ sent: false, limit: 0 });
    const estimate = await http().get('/auto-illustration/settings/estimate').set('Authorization', `Bearer ${token}`).expect(200);
    expect(estimate.body.unsupported).toContain('referenceImages');
  });
});

describe('validation', () => {
  function expect400(response: request.Response, path: string, message: RegExp) {
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('ValidationError');
    const issue = (response.body.error.details.errors as Array<{ path: string; message: string }>).find((entry) => entry.path === path);
    expect(issue?.message).toMatch(message);
  }

  it('a 400 names the reference that is not an image of the Media Library, and nothing is saved', async () => {
    const pdf = (await app.strapi.db.query('plugin::upload.file').create({
      data: { name: 'brochure.pdf', hash: 'brochure_pdf', ext: '.pdf', mime: 'application/pdf', size: 1, url: '/uploads/brochure.pdf', provider: 'local' },
    })) as { id: number };
    expect400(await putSettings({ referenceImages: [first, 987654] }), 'referenceImages.1', /no Media Library file 987654/);
    expect400(await putSettings({ referenceImages: [pdf.id] }), 'referenceImages.0', /not an image/);
    expect400(await putSettings({ referenceImages: [first, second, first, second, first, second] }), 'referenceImages', /5/);
    expect400(await putSettings({ referenceImages: ['one'] }), 'referenceImages.0', /number/);
    expect(getService(app.strapi, 'settings').current().referenceImages).toEqual([first, second]);
  });
});

describe('a reference over the upload limit', () => {
  it('is re-encoded to fit (at most 2048 px, under 4 MB) before it is uploaded', async () => {
    // Noise does not compress: a PNG far over the limit.
    const big = await sharp({ create: { width: 2600, height: 2000, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
    // Strapi's own sizes of a 5-megapixel noise image take half a minute and are not what is tested here.
    const uploadService = app.strapi.plugin('upload').service('upload');
    const uploadSettings = await uploadService.getSettings();
    await uploadService.setSettings({ ...uploadSettings, responsiveDimensions: false, sizeOptimization: false });
    const fileId = await mediaImage('house-style-grain.png', big).finally(() => uploadService.setSettings(uploadSettings));
    expect((await storedBytes(fileId)).length).toBeGreaterThan(MAX_ASSET_UPLOAD_BYTES);
    await putSettings({ model: { id: FLUX_2_DEV, loraScale: 1, maxPromptLength: 2048 }, referenceImages: [fileId] }).expect(200);
    const uploads = emulator.stats.uploads.length;
    const job = await publish('Grain silos');
    expect(job.state).toBe('done');
    expect(emulator.stats.uploads).toHaveLength(uploads + 1);
    const upload = emulator.stats.uploads[uploads];
    expect(upload.bytes).toBeLessThanOrEqual(MAX_ASSET_UPLOAD_BYTES);
    expect(job.referenceAssetIds).toEqual([upload.assetId]);
    const sent = await getService(app.strapi, 'scenario').client()!.downloadAsset(upload.assetId);
    const { width, height } = await sharp(sent.bytes).metadata();
    expect(sent.mimeType).toBe('image/jpeg');
    expect(Math.max(width!, height!)).toBeLessThanOrEqual(2048);
    expect(width! / height!).toBeCloseTo(2600 / 2000, 2);
  }, 60000);
});
