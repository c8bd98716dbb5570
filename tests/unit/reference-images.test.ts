/**
 * House style from reference images, Scenario side: `POST /assets` as the client sends it and the emulator takes it
 * (strictly, as the notes describe), and `referenceImages` mapped onto the models that declare the input.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { createScenarioClient } from '../../server/src/scenario/client';
import { ScenarioError } from '../../server/src/scenario/errors';
import { planGenerateBody, referenceLimit } from '../../server/src/scenario/model-inputs';
import { MAX_ASSET_UPLOAD_BYTES, type ScenarioModel } from '../../server/src/scenario/types';
import { FLUX_1_DEV, FLUX_2_DEV, GEMINI_FLASH, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { MAX_UPLOAD_BODY_BYTES } from '../../emulator/index';
import { rawCall } from '../helpers/raw-http';

let emulator: ScenarioEmulator;
beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.2 });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.reset();
});

const client = () =>
  createScenarioClient({
    baseUrl: emulator.apiUrl,
    apiKey: emulator.apiKey,
    apiSecret: emulator.apiSecret,
    allowedDownloadHosts: [emulator.cdnHost],
    retry: { maxRetries: 0 },
  });

const png = (seed = 1) => sharp({ create: { width: 64, height: 48, channels: 3, background: { r: seed * 40, g: 90, b: 160 } } }).png().toBuffer();
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A raw JSON POST to the emulator's API with the right credentials. */
function post(path: string, body: unknown) {
  return rawCall(`${emulator.apiUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${emulator.apiKey}:${emulator.apiSecret}`).toString('base64')}` },
    body,
  });
}

describe('client.uploadAsset', () => {
  it('sends JSON { image: data URL, name } to POST /assets and returns the asset id', async () => {
    let seen: { method?: string; url?: string; contentType?: string; body?: Record<string, unknown> } = {};
    const stub: Server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen = { method: req.method, url: req.url, contentType: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ asset: { id: 'asset_stub1', status: 'success' } }));
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    try {
      const bytes = await png();
      const stubClient = createScenarioClient({
        baseUrl: `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`,
        apiKey: 'k',
        apiSecret: 's',
        projectId: 'proj_x',
      });
      const assetId = await stubClient.uploadAsset({ bytes, mimeType: 'image/png', name: 'harbour.png' });
      expect(assetId).toBe('asset_stub1');
      expect(seen.method).toBe('POST');
      expect(seen.url).toBe('/v1/assets?projectId=proj_x');
      expect(seen.contentType).toMatch(/^application\/json/);
      expect(seen.body).toEqual({ image: `data:image/png;base64,${bytes.toString('base64')}`, name: 'harbour.png' });
    } finally {
      await new Promise((resolve) => stub.close(resolve));
    }
  });

  it('uploads to the emulator, which keeps the bytes it got; the asset is ready at once', async () => {
    const bytes = await png(2);
    const assetId = await client().uploadAsset({ bytes, mimeType: 'image/png', name: 'style.png' });
    expect(assetId).toMatch(/^asset_/);
    expect(emulator.stats.uploads).toEqual([{ assetId, name: 'style.png', sha256: sha256(bytes), bytes: bytes.length }]);
    const asset = await client().getAsset(assetId);
    expect(asset).toMatchObject({ assetId, status: 'success', mimeType: 'image/png' });
  });

  it('refuses an image over the upload limit before sending anything', async () => {
    const error = await client()
      .uploadAsset({ bytes: Buffer.alloc(MAX_ASSET_UPLOAD_BYTES + 1), mimeType: 'image/jpeg', name: 'big.jpg' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).kind).toBe('validation');
    expect(emulator.stats.requests.filter((request) => request.path === '/v1/assets')).toHaveLength(0);
  });
});

describe('the emulator\'s POST /assets is strict', () => {
  it.each([
    ['not a data URL nor base64', { image: 'hello world!', name: 'x' }, /base64/],
    ['a data URL that is not base64', { image: 'data:image/png,abc', name: 'x' }, /data URL/],
    ['base64 of something that is not an image', { image: `data:image/png;base64,${Buffer.from('<html></html>').toString('base64')}` }, /not a PNG/],
    ['no image', { name: 'x' }, /"image"/],
  ])('400 for %s', async (_what, body, message) => {
    const answer = await post('/assets', body);
    expect(answer.status).toBe(400);
    expect(answer.json.reason).toMatch(message);
    expect(emulator.stats.uploads).toHaveLength(0);
  });

  it('400 when the data URL names another type than its bytes hold', async () => {
    const answer = await post('/assets', { image: `data:image/jpeg;base64,${(await png()).toString('base64')}` });
    expect(answer.status).toBe(400);
  });

  it('takes bare base64, and refuses a body over the upload limit with 413', async () => {
    const ok = await post('/assets', { image: (await png()).toString('base64'), name: 'bare' });
    expect(ok.status).toBe(200);
    const tooBig = await post('/assets', { image: 'A'.repeat(MAX_UPLOAD_BODY_BYTES), name: 'big' });
    expect(tooBig.status).toBe(413);
    expect(emulator.stats.uploads).toHaveLength(1);
  });

  it('refuses a generation whose referenceImages name unknown assets', async () => {
    const error = await client()
      .generate(FLUX_2_DEV, { prompt: 'a harbour', numOutputs: 1, aspectRatio: '16:9', referenceImages: ['asset_nope'] })
      .catch((caught: unknown) => caught);
    expect((error as ScenarioError).status).toBe(404);
    expect(emulator.stats.jobsCreated).toBe(0);
  });
});

describe('referenceImages on the models that declare it', () => {
  it('sends uploaded references to FLUX.2 dev and Gemini, and none to FLUX.1 dev (reported as unsupported)', async () => {
    const scenario = client();
    const refs = [await scenario.uploadAsset({ bytes: await png(3), mimeType: 'image/png', name: 'a' })];
    const onFlux2 = await scenario.generate(FLUX_2_DEV, { prompt: 'a harbour', numOutputs: 1, aspectRatio: '16:9', referenceImages: refs });
    const onGemini = await scenario.generate(GEMINI_FLASH, { prompt: 'a harbour', numOutputs: 1, aspectRatio: '16:9', referenceImages: refs });
    const onFlux1 = await scenario.generate(FLUX_1_DEV, { prompt: 'a harbour', numOutputs: 1, aspectRatio: '16:9', referenceImages: refs });
    expect(onFlux2.unsupported).not.toContain('referenceImages');
    expect(onGemini.unsupported).not.toContain('referenceImages');
    expect(onFlux1.unsupported).toContain('referenceImages');
    const inputs = await Promise.all([onFlux2, onGemini, onFlux1].map(async (result) => (await scenario.getJob(result.jobId)).input));
    expect(inputs[0]?.referenceImages).toEqual(refs);
    expect(inputs[1]?.referenceImages).toEqual(refs);
    expect(inputs[2]).not.toHaveProperty('referenceImages');
  });

  const model = (inputs: ScenarioModel['inputs']): ScenarioModel => ({
    id: 'model_x',
    name: 'x',
    capabilities: ['txt2img'],
    inputs: [{ name: 'prompt', type: 'string' }, ...inputs],
  });

  it('maps the wish to the body only for a declared input, never past its declared length', () => {
    const ids = ['asset_1', 'asset_2', 'asset_3'];
    const two = model([{ name: 'referenceImages', type: 'file_array', maxLength: 2 }]);
    expect(planGenerateBody(two, { prompt: 'p', numOutputs: 1, referenceImages: ids }).body.referenceImages).toEqual(['asset_1', 'asset_2']);
    const none = planGenerateBody(model([]), { prompt: 'p', numOutputs: 1, referenceImages: ids });
    expect(none.body).not.toHaveProperty('referenceImages');
    expect(none.unsupported).toContain('referenceImages');
    // No references wished: nothing sent, nothing reported.
    const empty = planGenerateBody(two, { prompt: 'p', numOutputs: 1, referenceImages: [] });
    expect(empty.body).not.toHaveProperty('referenceImages');
    expect(empty.unsupported).not.toContain('referenceImages');
    expect(referenceLimit(two)).toBe(2);
    expect(referenceLimit(model([]))).toBe(0);
  });
});
