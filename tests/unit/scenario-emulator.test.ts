/**
 * The local Scenario emulator keeps Scenario's API contract: these tests speak raw HTTP to
 * it (no client code), so a mistake in the client cannot hide a mistake in the emulator.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { request } from 'undici';
import { renderPng } from '../../emulator/png';
import { EMULATOR_LORA_ID, FLUX_1_DEV, FLUX_2_DEV, GEMINI_FLASH, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { rawCall, type RawAnswer } from '../helpers/raw-http';

let emulator: ScenarioEmulator;
let auth: string;

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.4 });
  auth = `Basic ${Buffer.from(`${emulator.apiKey}:${emulator.apiSecret}`).toString('base64')}`;
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.reset();
});

function api(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: '' },
  signal?: AbortSignal,
): Promise<RawAnswer> {
  return rawCall(`${emulator.apiUrl}${path}`, { method, body, signal, headers: { authorization: auth, ...withoutEmpty(headers) } });
}
const withoutEmpty = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ''));

async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, { headers });
  return { status: response.statusCode, bytes: Buffer.from(await response.body.arrayBuffer()), headers: response.headers };
}

const PROMPT = 'Watercolour painting of a harbour at dawn, fishing boats, gulls';
const generate = (body: Record<string, unknown> = {}, query = '', signal?: AbortSignal) =>
  api('POST', `/generate/custom/${FLUX_1_DEV}${query}`, { prompt: PROMPT, numOutputs: 2, width: 1024, height: 576, ...body }, undefined, signal);
const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });

/** Generates one image, waits for it, and returns its asset JSON and the real size of its PNG from the CDN. */
async function renderedBy(modelId: string, body: Record<string, unknown>) {
  const answer = await api('POST', `/generate/custom/${modelId}`, { prompt: PROMPT, numOutputs: 1, ...body });
  expect(answer.status).toBe(200);
  const job = await finished(answer.json.job.jobId);
  const { asset } = (await api('GET', `/assets/${job.metadata.assetIds[0]}`)).json;
  const { bytes } = await fetchBytes(asset.url);
  return { job, asset, png: pngSize(bytes) };
}

async function finished(jobId: string) {
  for (;;) {
    const { json } = await api('GET', `/jobs/${jobId}`);
    if (['success', 'failure', 'canceled'].includes(json.job.status)) return json.job;
    await sleep(40);
  }
}

describe('auth and scoping', () => {
  it('answers 401 {reason} without valid Basic credentials', async () => {
    for (const authorization of ['', 'Basic d3Jvbmc6d3Jvbmc=', `Bearer ${emulator.apiSecret}`]) {
      const answer = await api('GET', '/models', undefined, { authorization: authorization || 'x' });
      expect(answer.status).toBe(401);
      expect(typeof answer.json.reason).toBe('string');
      expect(answer.text).not.toContain(emulator.apiSecret);
    }
    expect(emulator.stats.unauthorized).toBe(3);
  });

  it('accepts its own projectId and answers 403 for a foreign one', async () => {
    expect((await api('GET', `/models?projectId=${emulator.projectId}`)).status).toBe(200);
    const foreign = await api('GET', '/models?projectId=proj_other');
    expect(foreign.status).toBe(403);
    expect(foreign.json.reason).toBeTruthy();
  });
});

describe('generate', () => {
  it('answers 200 with a queued job whose input holds only declared inputs, with defaults for the others', async () => {
    const answer = await generate({
      seed: 11,
      dryRun: true,
      notAnInput: 'x',
      guidance: 'wrong type',
      aspectRatio: '16:9',
      negativePrompt: 'blurry',
      referenceImages: ['asset_x'],
    });
    expect(answer.status).toBe(200);
    const { job } = answer.json;
    expect(job).toMatchObject({ jobType: 'custom', status: 'queued', progress: 0, metadata: { assetIds: [] } });
    expect(job.jobId).toMatch(/^job_/);
    expect(job.statusHistory.map((entry: { status: string }) => entry.status)).toEqual(['pending', 'queued']);
    // aspectRatio, negativePrompt and referenceImages are not FLUX.1 dev inputs; a string guidance is the wrong shape.
    expect(Object.keys(job.metadata.input).sort()).toEqual(['guidance', 'height', 'numInferenceSteps', 'numOutputs', 'prompt', 'seed', 'width']);
    expect(job.metadata.input).toMatchObject({ guidance: 3.5, numInferenceSteps: 28, seed: 11, width: 1024, height: 576 });
    expect(answer.json.creativeUnitsCost).toBeCloseTo(21.5);
    // A dryRun key in the body is ignored: that was a real, billed job.
    expect(emulator.stats.generateCalls).toBe(1);
    expect(emulator.stats.jobsCreated).toBe(1);
    expect(emulator.stats.dryRunCalls).toBe(0);
    expect(emulator.stats.prompts).toEqual([PROMPT]);
  });

  it('?dryRun=true answers 269 with the cost and creates nothing', async () => {
    const answer = await generate({ numOutputs: 4 }, '?dryRun=true');
    expect(answer.status).toBe(269);
    expect(answer.json.creativeUnitsCost).toBeCloseTo(43);
    expect(answer.json).toHaveProperty('creativeUnitsDiscount');
    expect(answer.json).toHaveProperty('costDetails');
    expect(answer.json.job).toBeUndefined();
    expect(emulator.stats).toMatchObject({ dryRunCalls: 1, generateCalls: 0, jobsCreated: 0 });
    // Validation errors come back exactly as for a real call.
    expect((await generate({ numOutputs: 9 }, '?dryRun=true')).status).toBe(400);
  });

  it('validates like the real API', async () => {
    const unknown = await api('POST', '/generate/custom/model_nope', { prompt: 'x' });
    expect(unknown.status).toBe(404);
    const lora = await api('POST', `/generate/custom/${EMULATOR_LORA_ID}`, { prompt: 'x' });
    expect(lora.status).toBe(400);
    expect(lora.json.reason).toBe('Custom models only are supported for this endpoint');
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ prompt: undefined }, /prompt/],
      [{ prompt: '   ' }, /prompt/],
      [{ prompt: 'x'.repeat(2049) }, /"prompt".*2048/],
      [{ numOutputs: 0 }, /"numOutputs" must be an integer between 1 and 4/],
      [{ numOutputs: 5 }, /numOutputs/],
      [{ numOutputs: 1.5 }, /numOutputs/],
      [{ seed: -1 }, /seed/],
      [{ width: 1000 }, /"width" must be a multiple of 16 between 128 and 2048/],
      [{ height: 112 }, /height/],
      [{ width: 2064 }, /width/],
      [{ guidance: 10.5 }, /"guidance".*0 and 10/],
      [{ numInferenceSteps: 51 }, /numInferenceSteps/],
      [{ strength: 2 }, /strength/],
      [{ loras: ['model_unknown'] }, /not found/],
    ];
    for (const [body, reason] of cases) {
      const answer = await generate(body);
      expect([answer.status, answer.json.reason]).toEqual([400, expect.stringMatching(reason)]);
    }
    const others: Array<[string, Record<string, unknown>, RegExp]> = [
      [GEMINI_FLASH, { aspectRatio: '7:3' }, /"aspectRatio" must be one of .*16:9.*auto/],
      [GEMINI_FLASH, { resolution: '8K' }, /"resolution" must be one of 512, 1K, 2K, 4K/],
      [GEMINI_FLASH, { referenceImages: Array.from({ length: 15 }, (_, i) => `asset_${i}`) }, /referenceImages.*14/],
      [GEMINI_FLASH, { prompt: 'x'.repeat(250_001) }, /250000/],
      [FLUX_2_DEV, { referenceImages: Array.from({ length: 6 }, (_, i) => `asset_${i}`) }, /referenceImages.*5/],
      [FLUX_2_DEV, { guidance: 0.5 }, /guidance/],
      [FLUX_2_DEV, { numInferenceSteps: 101 }, /numInferenceSteps/],
    ];
    for (const [modelId, body, reason] of others) {
      const answer = await api('POST', `/generate/custom/${modelId}`, { prompt: PROMPT, ...body });
      expect([modelId, answer.status, answer.json.reason]).toEqual([modelId, 400, expect.stringMatching(reason)]);
    }
    expect(emulator.stats.jobsCreated).toBe(0);
    expect((await generate({ prompt: 'x'.repeat(2048), numOutputs: 1, width: 128, height: 2048, numInferenceSteps: 50 })).status).toBe(200);
    expect((await api('POST', `/generate/custom/${GEMINI_FLASH}`, { prompt: 'x'.repeat(250_000), aspectRatio: 'auto' })).status).toBe(200);
    expect(emulator.stats.jobsCreated).toBe(2);
  });

  it('drops undeclared sizes: FLUX.1 dev renders its default 1104×832 whatever aspectRatio says', async () => {
    const { job, asset, png } = await renderedBy(FLUX_1_DEV, { aspectRatio: '16:9' });
    expect(job.metadata.input).not.toHaveProperty('aspectRatio');
    expect(job.metadata.input).toMatchObject({ width: 1104, height: 832 });
    expect(asset.properties).toMatchObject({ width: 1104, height: 832 });
    expect(png).toEqual({ width: 1104, height: 832 });
  });

  it('renders the width/height that were kept, and FLUX.2 dev defaults to 1024×1024', async () => {
    expect((await renderedBy(FLUX_1_DEV, { width: 1344, height: 768 })).png).toEqual({ width: 1344, height: 768 });
    const flux2 = await renderedBy(FLUX_2_DEV, { aspectRatio: '16:9', negativePrompt: 'x' });
    expect(flux2.png).toEqual({ width: 1024, height: 1024 });
    expect(Object.keys(flux2.job.metadata.input)).not.toEqual(expect.arrayContaining(['aspectRatio']));
    expect(flux2.job.metadata.input).not.toHaveProperty('negativePrompt');
  });

  it('sizes Gemini by aspectRatio and resolution, and drops width/height there', async () => {
    const wide = await renderedBy(GEMINI_FLASH, { aspectRatio: '16:9', width: 512, height: 512, seed: 4 });
    expect(wide.job.metadata.input).toEqual({ prompt: PROMPT, numOutputs: 1, aspectRatio: '16:9', resolution: '1K' });
    expect(wide.asset.properties).toMatchObject({ width: 1360, height: 768 });
    expect(wide.png).toEqual({ width: 1360, height: 768 });
    const small = await renderedBy(GEMINI_FLASH, { aspectRatio: '9:16', resolution: '512' });
    expect(small.png).toEqual({ width: 384, height: 688 });
    expect((await renderedBy(GEMINI_FLASH, {})).png).toEqual({ width: 1024, height: 1024 });
  });

  it('runs a trained style through its base model with loras / lorasScale or modelId', async () => {
    expect((await generate({ loras: [EMULATOR_LORA_ID], lorasScale: [0.7] })).status).toBe(200);
    expect((await generate({ modelId: EMULATOR_LORA_ID })).status).toBe(200);
    const wrongBase = await api('POST', `/generate/custom/${FLUX_2_DEV}`, { prompt: 'x', loras: [EMULATOR_LORA_ID] });
    expect(wrongBase.status).toBe(400);
    expect(wrongBase.json.reason).toMatch(/not compatible/);
    // Gemini declares no LoRA input: the key is dropped, the job runs without the style.
    const gemini = await api('POST', `/generate/custom/${GEMINI_FLASH}`, { prompt: 'x', loras: [EMULATOR_LORA_ID], modelId: EMULATOR_LORA_ID });
    expect(gemini.status).toBe(200);
    expect(gemini.json.job.metadata.input).not.toHaveProperty('loras');
    expect((await generate({ loras: [EMULATOR_LORA_ID], lorasScale: [3] })).json.reason).toMatch(/lorasScale/);
    expect((await generate({ loras: [EMULATOR_LORA_ID], lorasScale: [1, 1] })).json.reason).toMatch(/lorasScale/);
  });

  it('refuses matching prompts at submission, and fails matching jobs with metadata.error', async () => {
    await emulator.configure({ rejectPromptsMatching: /forbidden/ });
    expect((await generate({ prompt: 'something forbidden' })).status).toBe(400);
    await emulator.configure({ rejectPromptsMatching: undefined, failJobsMatching: /harbour/ });
    const { json } = await generate();
    const job = await finished(json.job.jobId);
    expect(job.status).toBe('failure');
    expect(job.metadata.error).toMatch(/moderation/);
    expect(job.metadata.assetIds).toEqual([]);
    expect(job.billing.cuCost).toBe(0);
  });
});

describe('jobs', () => {
  it('walks pending → queued → warming-up → in-progress → finalizing → success with rising progress', async () => {
    const { json } = await generate();
    const seen: Array<{ status: string; progress: number }> = [];
    let job;
    do {
      job = (await api('GET', `/jobs/${json.job.jobId}`)).json.job;
      seen.push({ status: job.status, progress: job.progress });
      await sleep(15);
    } while (job.status !== 'success');
    const order = ['pending', 'queued', 'warming-up', 'in-progress', 'finalizing', 'success'];
    const ranks = seen.map((entry) => order.indexOf(entry.status));
    expect(ranks.every((rank) => rank >= 1)).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(new Set(seen.map((entry) => entry.status)).size).toBeGreaterThanOrEqual(4);
    const progress = seen.map((entry) => entry.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.every((value) => value >= 0 && value <= 1)).toBe(true);
    expect(job.statusHistory.map((entry: { status: string }) => entry.status)).toEqual(order);
    expect(job.progress).toBe(1);
    expect(job.metadata.assetIds).toHaveLength(2);
    expect(job.billing.cuCost).toBeCloseTo(21.5);
    expect(Date.parse(job.statusHistory[5].date) - Date.parse(job.createdAt)).toBe(400);
    expect(emulator.stats.jobPolls).toBe(seen.length);
  });

  it('GET /jobs lists jobs newest first with their input, page by page, captions included', async () => {
    const submitted: string[] = [];
    for (const seed of [1, 2, 3]) submitted.push((await generate({ seed, numOutputs: 1 })).json.job.jobId);
    await finished(submitted[0]);
    const caption = await api('POST', '/generate/caption', { images: (await finished(submitted[0])).metadata.assetIds });
    const all = (await api('GET', '/jobs')).json;
    expect(all.jobs.map((job: { jobId: string }) => job.jobId)).toEqual([caption.json.job.jobId, ...[...submitted].reverse()]);
    expect(all.nextPaginationToken).toBeUndefined();
    expect(all.jobs[0]).toMatchObject({ jobType: 'caption', status: 'success' });
    expect((await api('GET', `/jobs/${caption.json.job.jobId}`)).json.job.jobType).toBe('caption');
    // Each item is the same JSON as GET /jobs/{id}.
    const single = (await api('GET', `/jobs/${submitted[2]}`)).json.job;
    expect({ ...all.jobs[1], progress: 0, status: '', statusHistory: [], updatedAt: '' }).toEqual({
      ...single,
      progress: 0,
      status: '',
      statusHistory: [],
      updatedAt: '',
    });
    expect(all.jobs[1].metadata.input).toMatchObject({ prompt: PROMPT, seed: 3 });

    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = (await api('GET', `/jobs?pageSize=2${token ? `&paginationToken=${token}` : ''}`)).json;
      expect(page.jobs.length).toBeLessThanOrEqual(2);
      seen.push(...page.jobs.map((job: { jobId: string }) => job.jobId));
      token = page.nextPaginationToken;
      // A job created between pages does not shift the next page.
      if (seen.length === 2) await generate({ seed: 4, numOutputs: 1 });
    } while (token);
    expect(seen).toEqual(all.jobs.map((job: { jobId: string }) => job.jobId));
    for (const bad of ['?paginationToken=%%%', '?paginationToken=b2Zmc2V0OjI', '?pageSize=0', '?pageSize=101', '?pageSize=x']) {
      expect([bad, (await api('GET', `/jobs${bad}`)).status]).toEqual([bad, 400]);
    }
  });

  it('ends a job whose prompt matches cancelJobsMatching as canceled, without assets or cost', async () => {
    await emulator.configure({ cancelJobsMatching: /harbour/ });
    const { json } = await generate({ numOutputs: 1 });
    const job = await finished(json.job.jobId);
    expect(job.status).toBe('canceled');
    expect(job.statusHistory.at(-1).status).toBe('canceled');
    expect(job.metadata.assetIds).toEqual([]);
    expect(job.billing.cuCost).toBe(0);
    expect(job.metadata.error).toBeUndefined();
  });

  it('answers 404 for an unknown job and refuses to cancel a generation', async () => {
    expect((await api('GET', '/jobs/job_nope')).status).toBe(404);
    const { json } = await generate();
    expect((await api('POST', `/jobs/${json.job.jobId}/action`, { action: 'cancel' })).status).toBe(400);
  });
});

describe('assets and the CDN', () => {
  it('serves real, different PNGs through signed URLs that the CDN checks', async () => {
    const { json } = await generate();
    const job = await finished(json.job.jobId);
    const assets = await Promise.all(job.metadata.assetIds.map(async (id: string) => (await api('GET', `/assets/${id}`)).json.asset));
    const images = [];
    for (const asset of assets) {
      expect(asset).toMatchObject({ status: 'success', mimeType: 'image/png', properties: { width: 1024, height: 576 } });
      expect(asset.metadata).toMatchObject({ prompt: PROMPT, modelId: FLUX_1_DEV });
      const url = new URL(asset.url);
      expect(url.host).toBe(emulator.cdnHost);
      expect([...url.searchParams.keys()].sort()).toEqual(['Key-Pair-Id', 'Policy', 'Signature']);
      const { status, bytes, headers } = await fetchBytes(asset.url);
      expect(status).toBe(200);
      expect(headers['content-type']).toBe('image/png');
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(bytes.readUInt32BE(16)).toBe(1024);
      expect(bytes.readUInt32BE(20)).toBe(576);
      expect(bytes.length).toBe(asset.properties.size);
      expect(bytes.length).toBeLessThan(100_000);
      images.push(bytes);
    }
    expect(images[0].equals(images[1])).toBe(false);
    expect(assets.map((asset) => asset.metadata.outputIndex)).toEqual([0, 1]);
    // Each GET /assets issues a fresh URL.
    const again = (await api('GET', `/assets/${assets[0].id}`)).json.asset;
    expect(again.url).not.toBe(assets[0].url);
    expect(emulator.stats.downloadsServed).toBe(2);
  });

  it('refuses tampered and expired URLs (403) and requests carrying Authorization (400, counted)', async () => {
    const { json } = await generate({ numOutputs: 1 });
    const [assetId] = (await finished(json.job.jobId)).metadata.assetIds;
    const { url } = (await api('GET', `/assets/${assetId}`)).json.asset;
    const parsed = new URL(url);
    const tampered = new URL(url);
    tampered.searchParams.set('Signature', `${parsed.searchParams.get('Signature')!.slice(0, -2)}AA`);
    expect((await fetchBytes(tampered.toString())).status).toBe(403);
    const otherPath = url.replace(assetId, 'asset_other');
    expect((await fetchBytes(otherPath)).status).toBe(403);
    expect((await fetchBytes(`${parsed.origin}${parsed.pathname}`)).status).toBe(403);
    expect(emulator.stats.cdnSignatureRejections).toBe(3);

    const withAuth = await fetchBytes(url, { authorization: auth });
    expect(withAuth.status).toBe(400);
    expect(emulator.stats.cdnRequestsWithAuthorization).toBe(1);

    await emulator.configure({ signedUrlTtlSeconds: -1 });
    const expired = (await api('GET', `/assets/${assetId}`)).json.asset.url;
    expect((await fetchBytes(expired)).status).toBe(403);
    expect((await fetchBytes(url)).status).toBe(200);
  });

  it('drops, corrupts or fails downloads on request, and can serve without Content-Length', async () => {
    const { json } = await generate({ numOutputs: 1 });
    const [assetId] = (await finished(json.job.jobId)).metadata.assetIds;
    const freshUrl = async () => (await api('GET', `/assets/${assetId}`)).json.asset.url as string;

    await emulator.configure({ dropDownloadsNext: 1 });
    await expect(fetchBytes(await freshUrl())).rejects.toThrow();
    await emulator.configure({ corruptDownloadsNext: 1 });
    const corrupt = await fetchBytes(await freshUrl());
    expect(corrupt.status).toBe(200);
    expect(corrupt.bytes.subarray(0, 4).toString()).not.toBe('\x89PNG');
    await emulator.configure({ failDownloadsNext: { status: 503 } });
    expect((await fetchBytes(await freshUrl())).status).toBe(503);
    await emulator.configure({ chunkedDownloads: true });
    const chunked = await fetchBytes(await freshUrl());
    expect(chunked.status).toBe(200);
    expect(chunked.headers['content-length']).toBeUndefined();
    expect(chunked.bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('answers the next assets as pending or error (pendingAssetsNext, errorAssetsNext), without a URL', async () => {
    const { json } = await generate({ numOutputs: 1 });
    const [assetId] = (await finished(json.job.jobId)).metadata.assetIds;
    await emulator.configure({ pendingAssetsNext: 2, errorAssetsNext: 1 });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      const { asset } = (await api('GET', `/assets/${assetId}`)).json;
      statuses.push(asset.status);
      if (asset.status !== 'success') expect(asset.url).toBeUndefined();
    }
    expect(statuses).toEqual(['error', 'pending', 'pending', 'success']);
  });

  it('serves a real image under a wrong Content-Type, and oversized bodies with or without Content-Length', async () => {
    const { json } = await generate({ numOutputs: 1 });
    const [assetId] = (await finished(json.job.jobId)).metadata.assetIds;
    const freshUrl = async () => (await api('GET', `/assets/${assetId}`)).json.asset.url as string;
    const real = await fetchBytes(await freshUrl());

    await emulator.configure({ wrongContentTypeDownloadsNext: 1 });
    const mislabelled = await fetchBytes(await freshUrl());
    expect(mislabelled.headers['content-type']).toMatch(/^text\/html/);
    expect(mislabelled.bytes.equals(real.bytes)).toBe(true);
    expect((await fetchBytes(await freshUrl())).headers['content-type']).toBe('image/png');

    const limit = real.bytes.length + 300_000;
    await emulator.configure({ oversizeDownloadsNext: { bytes: limit, times: 2 } });
    const declared = await fetchBytes(await freshUrl());
    expect(Number(declared.headers['content-length'])).toBe(limit + 1);
    expect(declared.bytes.length).toBe(limit + 1);
    expect(declared.bytes.subarray(0, real.bytes.length).equals(real.bytes)).toBe(true);
    expect((await fetchBytes(await freshUrl())).bytes.length).toBe(limit + 1);
    await emulator.configure({ oversizeDownloadsNext: { bytes: limit, chunked: true } });
    const chunked = await fetchBytes(await freshUrl());
    expect(chunked.headers['content-length']).toBeUndefined();
    expect(chunked.bytes.length).toBe(limit + 1);
    expect((await fetchBytes(await freshUrl())).bytes.equals(real.bytes)).toBe(true);
  });

  it('answers 404 for an unknown asset', async () => {
    expect((await api('GET', '/assets/asset_nope')).status).toBe(404);
  });
});

describe('caption', () => {
  it('returns one plausible caption per image, in order, synchronously; dryRun gives the cost', async () => {
    const { json } = await generate({ numOutputs: 3 });
    const ids = (await finished(json.job.jobId)).metadata.assetIds;
    const reversed = [...ids].reverse();
    const answer = await api('POST', '/generate/caption', { images: ids, detailsLevel: 'action' });
    expect(answer.status).toBe(200);
    expect(answer.json.detailsLevel).toBe('action');
    expect(answer.json.job).toMatchObject({ jobType: 'caption', status: 'success' });
    const captions: string[] = answer.json.captions;
    expect(captions).toHaveLength(3);
    expect(new Set(captions).size).toBe(3);
    for (const caption of captions) expect(caption).toMatch(/^[A-Z].*harbour at dawn.*\.$/);
    const again = (await api('POST', '/generate/caption', { images: reversed })).json.captions;
    expect(again).toEqual([...captions].reverse());
    expect(emulator.stats.captionCalls).toBe(2);

    const dry = await api('POST', '/generate/caption?dryRun=true', { images: ids });
    expect(dry.status).toBe(269);
    expect(dry.json.creativeUnitsCost).toBeGreaterThan(0);
    expect(dry.json.captions).toBeUndefined();
    expect(emulator.stats.captionCalls).toBe(2);
    expect(emulator.stats.dryRunCalls).toBe(1);

    expect((await api('POST', '/generate/caption', { images: [] })).status).toBe(400);
    expect((await api('POST', '/generate/caption', { images: ['asset_nope'] })).status).toBe(404);
  });
});

describe('models', () => {
  it('pages through the public catalog and lists the account style apart', async () => {
    const ids: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { json } = await api('GET', `/models?privacy=public&pageSize=2${token ? `&paginationToken=${token}` : ''}`);
      expect(json.models.length).toBeLessThanOrEqual(2);
      ids.push(...json.models.map((model: { id: string }) => model.id));
      for (const model of json.models) expect(model).toMatchObject({ privacy: 'public', status: 'trained' });
      token = json.nextPaginationToken;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(ids).toEqual(expect.arrayContaining([FLUX_1_DEV, FLUX_2_DEV]));
    const txt2img = (await api('GET', '/models?privacy=public')).json.models.filter((model: { capabilities: string[] }) =>
      model.capabilities.includes('txt2img'),
    );
    expect(txt2img.length).toBeGreaterThanOrEqual(3);

    const own = (await api('GET', '/models')).json;
    expect(own.models).toHaveLength(1);
    expect(own.models[0]).toMatchObject({ id: EMULATOR_LORA_ID, status: 'trained', parentModelId: FLUX_1_DEV });
    expect(own.nextPaginationToken).toBeUndefined();

    // List rows carry no inputs; GET /models/{id} declares them with Scenario's fields.
    expect((await api('GET', '/models?privacy=public')).json.models.every((model: object) => !('inputs' in model))).toBe(true);
    const one = await api('GET', `/models/${FLUX_1_DEV}`);
    const inputs = Object.fromEntries(one.json.model.inputs.map((input: { name: string }) => [input.name, input]));
    expect(Object.keys(inputs)).not.toEqual(expect.arrayContaining(['aspectRatio']));
    expect(inputs).not.toHaveProperty('negativePrompt');
    expect(inputs).not.toHaveProperty('referenceImages');
    expect(inputs.width).toEqual({ name: 'width', type: 'number', min: 128, max: 2048, step: 16, default: 1104 });
    expect(inputs.height).toMatchObject({ default: 832, step: 16 });
    expect(inputs.prompt).toMatchObject({ type: 'string', required: true, maxLength: 2048 });
    expect(inputs.numOutputs).toMatchObject({ min: 1, max: 4, step: 1 });
    expect(inputs.guidance).toMatchObject({ min: 0, max: 10, default: 3.5 });
    expect(inputs.loras).toMatchObject({ type: 'model_array' });
    expect(inputs.modelId).toMatchObject({ type: 'model' });
    const gemini = Object.fromEntries(
      (await api('GET', `/models/${GEMINI_FLASH}`)).json.model.inputs.map((input: { name: string }) => [input.name, input]),
    );
    expect(gemini.aspectRatio.allowedValues).toEqual(['21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3', '9:16', 'auto']);
    expect(gemini.resolution.allowedValues).toEqual(['512', '1K', '2K', '4K']);
    expect(gemini.referenceImages).toMatchObject({ type: 'file_array', maxLength: 14 });
    expect(gemini).not.toHaveProperty('width');
    expect(gemini).not.toHaveProperty('negativePrompt');
    expect((await api('GET', '/models/model_nope')).status).toBe(404);
    expect((await api('GET', '/models?paginationToken=%%%')).status).toBe(400);
  });
});

describe('injected faults', () => {
  it('answers the concurrency 429 beyond maxConcurrentJobs, and frees the slot when a job ends', async () => {
    await emulator.configure({ maxConcurrentJobs: 1 });
    const first = await generate({ numOutputs: 1 });
    const second = await generate({ numOutputs: 1 });
    expect(second.status).toBe(429);
    expect(second.json).toMatchObject({ details: { actionName: 'generate', actionLimit: 1 } });
    expect(typeof second.json.reason).toBe('string');
    expect(second.headers['retry-after']).toBeUndefined();
    await finished(first.json.job.jobId);
    expect((await generate({ numOutputs: 1 })).status).toBe(200);
  });

  it('answers cooldown 429s with remainingSeconds (and Retry-After when asked)', async () => {
    await emulator.configure({ cooldownNext: 2, cooldownSeconds: 3, retryAfterSeconds: 4 });
    const a = await api('GET', '/models');
    expect(a.status).toBe(429);
    expect(a.json).toMatchObject({ remainingSeconds: 3 });
    expect(a.headers['retry-after']).toBe('4');
    expect((await api('GET', '/models')).status).toBe(429);
    expect((await api('GET', '/models')).status).toBe(200);
  });

  it('fails the next requests of a route with 5xx (HTML for 502/504, JSON otherwise)', async () => {
    await emulator.configure({ failNext: { status: 502, times: 2, route: 'models' } });
    expect((await api('GET', '/jobs/job_nope')).status).toBe(404);
    const html = await api('GET', '/models');
    expect(html.status).toBe(502);
    expect(html.text).toMatch(/<title>502 Bad Gateway<\/title>/);
    expect((await api('GET', '/models')).status).toBe(502);
    expect((await api('GET', '/models')).status).toBe(200);
    await emulator.configure({ failNext: { status: 503 } });
    const json = await api('GET', '/models');
    expect(json.status).toBe(503);
    expect(json.json).toEqual({ message: 'Service Unavailable' });
  });

  it('fails after accepting: a paid generate creates its billed job, then answers 5xx', async () => {
    await emulator.configure({ failNext: { status: 502, route: 'generate', afterAccepting: true } });
    expect((await generate({ numOutputs: 1 })).status).toBe(502);
    expect(emulator.stats).toMatchObject({ generateCalls: 1, jobsCreated: 1 });
  });

  it('resets connections before (nothing done) or after (billed job) carrying out the request', async () => {
    await emulator.configure({ resetNext: { route: 'generate' } });
    await expect(generate({ numOutputs: 1 })).rejects.toMatchObject({ code: expect.stringMatching(/UND_ERR_SOCKET|ECONNRESET/) });
    expect(emulator.stats).toMatchObject({ generateCalls: 1, jobsCreated: 0 });
    expect((await api('GET', '/models')).status).toBe(200);

    await emulator.configure({ resetNext: { route: 'generate', afterAccepting: true, times: 2 } });
    await expect(generate({ numOutputs: 1, seed: 5 })).rejects.toThrow();
    await expect(generate({ numOutputs: 1, seed: 6 })).rejects.toThrow();
    expect(emulator.stats).toMatchObject({ generateCalls: 3, jobsCreated: 2 });
    // The jobs exist: GET /jobs shows them with their input.
    const listed = (await api('GET', '/jobs')).json.jobs.map((job: { metadata: { input: { seed: number } } }) => job.metadata.input.seed);
    expect(listed).toEqual([6, 5]);
    expect((await generate({ numOutputs: 1 })).status).toBe(200);
  });

  it('carries out a request hung for ms after its client gave up, as Scenario does: paid, its answer lost', async () => {
    await emulator.configure({ hangNext: { route: 'generate', ms: 400 } });
    const before = emulator.stats.jobsCreated;
    await expect(generate({ numOutputs: 1 }, '', AbortSignal.timeout(100))).rejects.toThrow();
    expect(emulator.stats.jobsCreated).toBe(before);
    await sleep(500);
    expect(emulator.stats.jobsCreated).toBe(before + 1);
  });

  it('hangs the next requests of a route: for ms then answers, or until the client gives up (never carried out)', async () => {
    const { json } = await generate({ numOutputs: 1 });
    await emulator.configure({ hangNext: { route: 'jobs', ms: 300 } });
    const started = Date.now();
    expect((await api('GET', `/jobs/${json.job.jobId}`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect((await api('GET', '/models')).status).toBe(200);

    await emulator.configure({ hangNext: { route: 'generate' } });
    const before = Date.now();
    await expect(generate({ numOutputs: 1 }, '', AbortSignal.timeout(400))).rejects.toThrow();
    expect(Date.now() - before).toBeGreaterThanOrEqual(380);
    await sleep(50);
    expect(emulator.stats).toMatchObject({ generateCalls: 2, jobsCreated: 1 });

    // A request hanging without end is let go by reset().
    await emulator.configure({ hangNext: { route: 'models' } });
    const hanging = api('GET', '/models');
    await sleep(50);
    await emulator.reset();
    await expect(hanging).rejects.toThrow();
  });

  it('answers 200 with a body that is not JSON (malformedJsonNext), after carrying out the request', async () => {
    await emulator.configure({ malformedJsonNext: { route: 'generate' } });
    const cut = await generate({ numOutputs: 1 });
    expect(cut.status).toBe(200);
    expect(cut.headers['content-type']).toBe('application/json');
    expect(cut.json).toBeUndefined();
    expect(cut.text).toMatch(/^\{"job":\{"jobId":"job_/);
    expect(emulator.stats.jobsCreated).toBe(1);
    await emulator.configure({ malformedJsonNext: { route: 'jobs', times: 2 } });
    // An error answer does not use the fault up.
    expect((await api('GET', '/jobs/job_nope')).status).toBe(404);
    expect((await api('GET', '/jobs')).json).toBeUndefined();
    expect((await api('GET', '/jobs')).json).toBeUndefined();
    expect((await api('GET', '/jobs')).json.jobs).toHaveLength(1);
  });

  it('goes down (connections refused) and comes back on the same URL', async () => {
    await emulator.configure({ down: true });
    await expect(api('GET', '/models')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await emulator.configure({ down: false });
    expect((await api('GET', '/models')).status).toBe(200);
    await emulator.configure({ down: 'reset' });
    await expect(api('GET', '/models')).rejects.toThrow();
    await emulator.configure({ down: false });
    expect((await api('GET', '/models')).status).toBe(200);
  });

  it('reset() zeroes the stats and forgets jobs', async () => {
    const { json } = await generate({ numOutputs: 1 });
    expect(emulator.stats.generateCalls).toBe(1);
    await emulator.reset();
    expect(emulator.stats.generateCalls).toBe(0);
    expect(emulator.stats.requests).toEqual([]);
    expect((await api('GET', `/jobs/${json.job.jobId}`)).status).toBe(404);
  });
});

describe('pictures', () => {
  it('renders a real PNG of the asked size, the same bytes for the same seed and output, another picture otherwise', async () => {
    const input = { width: 640, height: 360, seed: 42, outputIndex: 0, prompt: 'a lighthouse' };
    const [first, again, otherSeed, otherOutput] = await Promise.all([
      renderPng(input),
      renderPng(input),
      renderPng({ ...input, seed: 43 }),
      renderPng({ ...input, outputIndex: 1 }),
    ]);
    expect(first.equals(again)).toBe(true);
    const decoded = await sharp(first).raw().toBuffer({ resolveWithObject: true });
    expect(decoded.info).toMatchObject({ format: 'raw', width: 640, height: 360, channels: 3 });
    // Two colours at least (a pattern, not a flat fill), and other inputs give other pixels.
    const colours = new Set<number>();
    for (let i = 0; i < decoded.data.length; i += 3) colours.add(decoded.data.readUIntBE(i, 3));
    expect(colours.size).toBeGreaterThan(1);
    for (const other of [otherSeed, otherOutput]) {
      expect((await sharp(other).raw().toBuffer()).equals(decoded.data)).toBe(false);
    }
  });
});

describe('the emulator on its own (npm run emulator)', () => {
  it('reads its fault commands', async () => {
    const { parseCommand } = await import('../../emulator/cli');
    expect(parseCommand('lose')).toEqual({ resetNext: { route: 'generate', afterAccepting: true } });
    expect(parseCommand('fail 503 llm 2')).toEqual({ failNext: { status: 503, times: 2, route: 'llm' } });
    expect(parseCommand('ceiling off')).toEqual({ maxConcurrentJobs: undefined });
    expect(parseCommand('fail 200')).toMatch(/status from 400 to 599/);
    // A misspelt route is said, not left waiting for a request that never comes.
    expect(parseCommand('fail 500 captions')).toMatch(/no route "captions": .*caption/);
    expect(parseCommand('hang text')).toMatch(/no route "text"/);
    expect(parseCommand('hang caption')).toEqual({ hangNext: { route: 'caption' } });
  });

  it('prints the environment that points the plugin at it, and takes fault commands from its input', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'emulator/cli.ts', '--port', '0', '--cdn-port', '0'], { cwd: `${__dirname}/../..` });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const until = async (pattern: RegExp) => {
      for (let waited = 0; !pattern.test(out); waited += 50) {
        if (waited > 20_000) throw new Error(`no ${pattern} in: ${out}`);
        await sleep(50);
      }
    };
    try {
      await until(/SCENARIO_DOWNLOAD_HOSTS=\S+/);
      const env = Object.fromEntries([...out.matchAll(/^export (SCENARIO_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      expect(Object.keys(env).sort()).toEqual(['SCENARIO_API_KEY', 'SCENARIO_API_SECRET', 'SCENARIO_BASE_URL', 'SCENARIO_DOWNLOAD_HOSTS']);
      // The same at every start: an app's .env written once stays right (a trial's went stale, every job a 401).
      expect([env.SCENARIO_API_KEY, env.SCENARIO_API_SECRET]).toEqual(['emu_key_local', 'emu_secret_local']);
      const models = () =>
        request(`${env.SCENARIO_BASE_URL}/models`, { headers: { authorization: `Basic ${Buffer.from(`${env.SCENARIO_API_KEY}:${env.SCENARIO_API_SECRET}`).toString('base64')}` } })
          .then(async (answer) => (await answer.body.dump(), answer.statusCode))
          .catch((error: Error & { code?: string }) => error.code ?? error.message);
      expect(await models()).toBe(200);
      child.stdin.write('fail 503 models\n');
      await until(/^ok$/m);
      expect(await models()).toBe(503);
      child.stdin.write('down\n');
      await until(/^ok\nok$/m);
      expect(await models()).toBe('ECONNREFUSED');
      child.stdin.write('refuse (\n');
      await until(/not a pattern/);
      child.stdin.write('bogus\n');
      await until(/Commands \(one per line\)/);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
