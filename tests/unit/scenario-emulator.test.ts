/**
 * The local Scenario emulator keeps the contract in the team's Scenario API notes: these tests speak raw HTTP to
 * it (no client code), so a mistake in the client cannot hide a mistake in the emulator.
 */
import { request } from 'undici';
import { EMULATOR_LORA_ID, FLUX_1_DEV, FLUX_2_DEV, startScenarioEmulator, type ScenarioEmulator } from '../scenario-emulator';

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

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function api(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = { authorization: '' }): Promise<Answer> {
  const response = await request(`${emulator.apiUrl}${path}`, {
    method,
    headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...withoutEmpty(headers) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}
const withoutEmpty = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ''));

async function fetchBytes(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, { headers });
  return { status: response.statusCode, bytes: Buffer.from(await response.body.arrayBuffer()), headers: response.headers };
}

const PROMPT = 'Watercolour painting of a harbour at dawn, fishing boats, gulls';
const generate = (body: Record<string, unknown> = {}, query = '') =>
  api('POST', `/generate/custom/${FLUX_1_DEV}${query}`, { prompt: PROMPT, numOutputs: 2, aspectRatio: '16:9', ...body });

async function finished(jobId: string) {
  for (;;) {
    const { json } = await api('GET', `/jobs/${jobId}`);
    if (['success', 'failure', 'canceled'].includes(json.job.status)) return json.job;
    await new Promise((resolve) => setTimeout(resolve, 40));
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
  it('answers 200 with a queued job whose input holds only the model inputs', async () => {
    const answer = await generate({ seed: 11, dryRun: true, notAnInput: 'x', guidance: 'wrong type' });
    expect(answer.status).toBe(200);
    const { job } = answer.json;
    expect(job).toMatchObject({ jobType: 'custom', status: 'queued', progress: 0, metadata: { assetIds: [] } });
    expect(job.jobId).toMatch(/^job_/);
    expect(job.statusHistory.map((entry: { status: string }) => entry.status)).toEqual(['pending', 'queued']);
    expect(Object.keys(job.metadata.input).sort()).toEqual(['aspectRatio', 'modelId', 'numOutputs', 'prompt', 'seed']);
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
      [{ prompt: 'x'.repeat(2049) }, /2048/],
      [{ numOutputs: 0 }, /numOutputs/],
      [{ numOutputs: 5 }, /numOutputs/],
      [{ seed: -1 }, /seed/],
      [{ aspectRatio: 'wide' }, /aspectRatio/],
      [{ aspectRatio: undefined, width: 1000 }, /width/],
      [{ loras: ['model_unknown'] }, /not found/],
    ];
    for (const [body, reason] of cases) {
      const answer = await generate(body);
      expect(answer.status).toBe(400);
      expect(answer.json.reason).toMatch(reason);
    }
    expect((await generate({ prompt: 'x'.repeat(2048), numOutputs: 1 })).status).toBe(200);
    expect(emulator.stats.jobsCreated).toBe(1);
  });

  it('runs a trained style through its base model with loras / lorasScale or modelId', async () => {
    expect((await generate({ loras: [EMULATOR_LORA_ID], lorasScale: [0.7] })).status).toBe(200);
    expect((await generate({ modelId: EMULATOR_LORA_ID })).status).toBe(200);
    const wrongBase = await api('POST', `/generate/custom/${FLUX_2_DEV}`, { prompt: 'x', loras: [EMULATOR_LORA_ID] });
    expect(wrongBase.status).toBe(200); // FLUX.2 dev takes no loras input: the key is dropped
    expect((await generate({ loras: [EMULATOR_LORA_ID], lorasScale: [3] })).status).toBe(400);
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
      await new Promise((resolve) => setTimeout(resolve, 15));
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

    const one = await api('GET', `/models/${FLUX_1_DEV}`);
    expect(one.json.model.inputs.map((input: { name: string }) => input.name)).toEqual(expect.arrayContaining(['prompt', 'numOutputs']));
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
