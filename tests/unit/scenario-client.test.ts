/**
 * The Scenario client against the local emulator (real HTTP on 127.0.0.1, nothing mocked), plus a tiny stub
 * server for response shapes the emulator never produces.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScenarioClient, type ScenarioClientOptions } from '../../server/src/scenario/client';
import { ScenarioDeadlineError, ScenarioError } from '../../server/src/scenario/errors';
import type { GenerateInput, ScenarioJob } from '../../server/src/scenario/types';
import { EMULATOR_LORA_ID, FLUX_1_DEV, FLUX_2_DEV, GEMINI_FLASH, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';

let emulator: ScenarioEmulator;
const seenErrors: ScenarioError[] = [];
const seenLogs: string[] = [];

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.3 });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.reset();
});

const PROMPT = 'Editorial photograph of a lighthouse on a cliff, storm clouds, the keeper with a lamp';
const input = (over: Partial<GenerateInput> = {}): GenerateInput => ({ prompt: PROMPT, numOutputs: 2, aspectRatio: '16:9', seed: 7, ...over });

/** A client on the emulator whose sleep records the delay asked for and waits at most 10 ms. */
function makeClient(over: Partial<ScenarioClientOptions> = {}) {
  const sleeps: number[] = [];
  const warnings: string[] = [];
  const client = createScenarioClient({
    baseUrl: emulator.apiUrl,
    apiKey: emulator.apiKey,
    apiSecret: emulator.apiSecret,
    allowedDownloadHosts: [emulator.cdnHost],
    sleep: async (ms) => {
      sleeps.push(ms);
      await wait(Math.min(ms, 10));
    },
    logger: {
      debug: (message) => seenLogs.push(message),
      warn: (message) => {
        warnings.push(message);
        seenLogs.push(message);
      },
    },
    ...over,
  });
  return { client, sleeps, warnings };
}

async function failure(promise: Promise<unknown>): Promise<ScenarioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    seenErrors.push(error as ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected the call to fail');
}

const pngSize = (bytes: Buffer) => ({ width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) });
const cdnRequests = () => emulator.stats.requests.filter((request) => request.origin === 'cdn');
const apiRequests = () => emulator.stats.requests.filter((request) => request.origin === 'api');

async function finishedJob(client: ReturnType<typeof makeClient>['client'], over: Partial<GenerateInput> = {}): Promise<ScenarioJob> {
  const { jobId } = await client.generate(FLUX_1_DEV, input(over));
  const job = await client.waitForJob(jobId, { deadline: Date.now() + 10_000 });
  expect(job.status).toBe('success');
  return job;
}

describe('happy path', () => {
  it('generates, waits, captions and downloads real images; the CDN never sees credentials', async () => {
    const { client } = makeClient({ sleep: undefined });
    const submitted = await client.generate(FLUX_1_DEV, input({ negativePrompt: 'blurry, text' }));
    expect(submitted.jobId).toMatch(/^job_/);
    expect(submitted.creditsCost).toBeCloseTo(21.5);
    // FLUX.1 dev sizes in pixels and has no negative prompt: 16:9 is sent as 1344×768, the negative prompt not at all.
    expect(submitted.size).toEqual({ width: 1344, height: 768 });
    expect(submitted.unsupported).toEqual(['negativePrompt']);

    const progress: number[] = [];
    const job = await client.waitForJob(submitted.jobId, { deadline: Date.now() + 10_000, onProgress: (j) => void progress.push(j.progress) });
    expect(job).toMatchObject({ jobId: submitted.jobId, status: 'success', progress: 1, creditsCost: 21.5 });
    expect(job.assetIds).toHaveLength(2);
    expect(progress[progress.length - 1]).toBe(1);

    const captions = await client.caption(job.assetIds);
    expect(captions).toHaveLength(2);
    expect(captions[0]).not.toBe(captions[1]);
    for (const caption of captions) expect(caption).toMatch(/^An? .*lighthouse.*\.$/);

    const images = await Promise.all(job.assetIds.map((id) => client.downloadAsset(id)));
    for (const image of images) {
      expect(image.mimeType).toBe('image/png');
      expect(image.extension).toBe('png');
      expect(pngSize(image.bytes)).toEqual({ width: 1344, height: 768 });
    }
    expect(images[0].bytes.equals(images[1].bytes)).toBe(false);

    expect(emulator.stats.generateCalls).toBe(1);
    expect(emulator.stats.prompts).toEqual([PROMPT]);
    expect(emulator.stats.captionCalls).toBe(1);
    expect(emulator.stats.downloadsServed).toBe(2);
    expect(emulator.stats.cdnRequestsWithAuthorization).toBe(0);
    expect(cdnRequests().every((request) => !request.hadAuthorization)).toBe(true);
    expect(apiRequests().every((request) => request.hadAuthorization)).toBe(true);
    // The flat body holds only inputs FLUX.1 dev declares, read once from GET /models/{id}.
    expect(apiRequests().find((request) => request.path.startsWith('/v1/generate/custom'))!.bodyKeys!.sort()).toEqual(
      ['height', 'numOutputs', 'prompt', 'seed', 'width'].sort(),
    );
    expect(apiRequests().filter((request) => request.path === `/v1/models/${FLUX_1_DEV}`)).toHaveLength(1);
  });

  it('a 16:9 FLUX.1 dev generation yields 1344×768 assets: in their properties and in the PNG from the CDN', async () => {
    const { client } = makeClient();
    const job = await finishedJob(client, { numOutputs: 1 });
    const asset = await client.getAsset(job.assetIds[0]);
    expect(asset).toMatchObject({ width: 1344, height: 768 });
    expect(pngSize((await client.downloadAsset(job.assetIds[0])).bytes)).toEqual({ width: 1344, height: 768 });
    expect((await client.getJob(job.jobId)).input).toMatchObject({ width: 1344, height: 768, seed: 7, prompt: PROMPT });
  });

  it('reads an asset, and lists the public catalog page by page and the account models', async () => {
    const { client } = makeClient();
    const job = await finishedJob(client, { numOutputs: 1, aspectRatio: undefined, width: 512, height: 768 });
    const asset = await client.getAsset(job.assetIds[0]);
    expect(asset).toMatchObject({ assetId: job.assetIds[0], status: 'success', mimeType: 'image/png', width: 512, height: 768 });
    expect(asset.url).toContain('Signature=');

    const first = await client.listModels({ privacy: 'public', pageSize: 2 });
    expect(first.models).toHaveLength(2);
    expect(first.nextPaginationToken).toBeTruthy();
    const ids = first.models.map((model) => model.id);
    let token = first.nextPaginationToken;
    while (token) {
      const page = await client.listModels({ privacy: 'public', pageSize: 2, paginationToken: token });
      ids.push(...page.models.map((model) => model.id));
      token = page.nextPaginationToken;
    }
    expect(ids).toEqual(expect.arrayContaining(['model_bfl-flux-1-dev', 'model_bfl-flux-2-dev']));
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.models[0].capabilities).toContain('txt2img');

    const own = await client.listModels({});
    expect(own.models).toEqual([expect.objectContaining({ id: EMULATOR_LORA_ID, status: 'trained' })]);
  });

  it('applies a trained style through loras/lorasScale on the base model', async () => {
    const { client } = makeClient();
    const job = await finishedJob(client, { numOutputs: 1, loraIds: [EMULATOR_LORA_ID], loraScales: [0.8] });
    const body = apiRequests().find((request) => request.path.startsWith('/v1/generate/custom'))!;
    expect(body.path).toBe(`/v1/generate/custom/${FLUX_1_DEV}`);
    expect(body.bodyKeys).toEqual(expect.arrayContaining(['loras', 'lorasScale']));
    const [caption] = await client.caption(job.assetIds);
    expect(caption).toMatch(/watercolor/i);
  });
});

describe('model inputs', () => {
  it('reads a model with its declared inputs, once per model id until the cache ends or is forgotten', async () => {
    let clock = Date.now();
    const { client } = makeClient({ now: () => clock });
    const model = await client.getModel(FLUX_1_DEV);
    expect(model).toMatchObject({ id: FLUX_1_DEV, name: 'FLUX.1 [dev]', capabilities: expect.arrayContaining(['txt2img']) });
    expect(model.inputs.find((entry) => entry.name === 'width')).toEqual({
      name: 'width',
      type: 'number',
      min: 128,
      max: 2048,
      step: 16,
      default: 1104,
    });
    await Promise.all([client.getModel(FLUX_1_DEV), client.estimateGenerate(FLUX_1_DEV, input()), client.generate(FLUX_1_DEV, input())]);
    const modelReads = () => apiRequests().filter((request) => request.path.startsWith('/v1/models/')).length;
    expect(modelReads()).toBe(1);
    clock += 10 * 60_000 + 1;
    await client.getModel(FLUX_1_DEV);
    expect(modelReads()).toBe(2);
    client.forgetModels();
    await client.getModel(FLUX_1_DEV);
    expect(modelReads()).toBe(3);
    // A failed read is not kept.
    expect((await failure(client.getModel('model_nope'))).kind).toBe('not-found');
    expect((await failure(client.getModel('model_nope'))).kind).toBe('not-found');
    expect(apiRequests().filter((request) => request.path === '/v1/models/model_nope')).toHaveLength(2);
  });

  it('sends Gemini an allowed aspectRatio with the 1K tier, and no width/height, seed or negative prompt', async () => {
    const { client } = makeClient();
    const submitted = await client.generate(GEMINI_FLASH, input({ numOutputs: 1, negativePrompt: 'text' }));
    expect(submitted.size).toEqual({ aspectRatio: '16:9', resolution: '1K' });
    expect(submitted.unsupported.sort()).toEqual(['negativePrompt', 'seed']);
    const sent = apiRequests().find((request) => request.path.startsWith('/v1/generate/custom'))!;
    expect(sent.bodyKeys!.sort()).toEqual(['aspectRatio', 'numOutputs', 'prompt', 'resolution']);
    const job = await client.waitForJob(submitted.jobId, { deadline: Date.now() + 10_000 });
    expect(job.input).toEqual({ prompt: PROMPT, numOutputs: 1, aspectRatio: '16:9', resolution: '1K' });
    expect(await client.getAsset(job.assetIds[0])).toMatchObject({ width: 1360, height: 768 });
  });

  it('maps 16:9 to 1344×768 on FLUX.2 dev too, and the estimate reports the same body', async () => {
    const { client } = makeClient();
    const estimate = await client.estimateGenerate(FLUX_2_DEV, input({ negativePrompt: 'x' }));
    expect(estimate).toMatchObject({ creditsCost: 28, size: { width: 1344, height: 768 }, unsupported: ['negativePrompt'] });
    const submitted = await client.generate(FLUX_2_DEV, input({ numOutputs: 1, aspectRatio: '4:3' }));
    expect(submitted.size).toEqual({ width: 1152, height: 896 });
    expect((await client.getJob(submitted.jobId)).input).toMatchObject({ width: 1152, height: 896 });
  });

  it('a trained style on a model that takes none is a final validation error, and nothing is sent', async () => {
    const { client } = makeClient();
    const error = await failure(client.generate(GEMINI_FLASH, input({ loraIds: [EMULATOR_LORA_ID] })));
    expect(error).toMatchObject({ kind: 'validation', retryable: false });
    expect(error.message).toContain(GEMINI_FLASH);
    expect(error.message).toMatch(/trained style \(LoRA\)/);
    expect((await failure(client.estimateGenerate(GEMINI_FLASH, input({ loraIds: [EMULATOR_LORA_ID] })))).kind).toBe('validation');
    expect(emulator.stats.generateCalls + emulator.stats.dryRunCalls).toBe(0);
  });
});

describe('job list', () => {
  it('lists recent jobs newest first with their input, page by page', async () => {
    const { client } = makeClient();
    const ids: string[] = [];
    for (const seed of [21, 22, 23]) ids.push((await client.generate(FLUX_1_DEV, input({ numOutputs: 1, seed }))).jobId);
    const first = await client.listJobs({ pageSize: 2 });
    expect(first.jobs.map((job) => job.jobId)).toEqual([ids[2], ids[1]]);
    expect(first.jobs[0]).toMatchObject({ jobType: 'custom', input: { seed: 23, prompt: PROMPT, width: 1344, height: 768 } });
    const second = await client.listJobs({ pageSize: 2, paginationToken: first.nextPaginationToken });
    expect(second.jobs.map((job) => job.jobId)).toEqual([ids[0]]);
    expect(second.nextPaginationToken).toBeUndefined();
    expect((await client.listJobs()).jobs).toHaveLength(3);
    expect(await failure(client.listJobs({ paginationToken: 'not-a-token' }))).toMatchObject({ kind: 'validation', status: 400 });
  });
});

describe('polling', () => {
  it('needs at most 4 polls for a 2-second job and notices the end within 150 ms', async () => {
    await emulator.configure({ jobSeconds: 2 });
    const { client } = makeClient({ sleep: undefined });
    const { jobId } = await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    const seen: ScenarioJob[] = [];
    const job = await client.waitForJob(jobId, { deadline: Date.now() + 15_000, onProgress: (j) => void seen.push(j) });
    const noticedAt = Date.now();
    expect(job.status).toBe('success');
    const endedAt = Date.parse(job.createdAt!) + 2000;
    expect(noticedAt - endedAt).toBeGreaterThanOrEqual(0);
    expect(noticedAt - endedAt).toBeLessThanOrEqual(150);
    expect(emulator.stats.jobPolls).toBeLessThanOrEqual(4);
    expect(seen).toHaveLength(emulator.stats.jobPolls);
    const progress = seen.map((j) => j.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('stops at the deadline with a deadline error, keeping the job id', async () => {
    await emulator.configure({ jobSeconds: 5 });
    const { client } = makeClient({ sleep: undefined, poll: { firstPollMs: 100 } });
    const { jobId } = await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    const started = Date.now();
    const error = await failure(client.waitForJob(jobId, { deadline: Date.now() + 400 }));
    expect(error).toBeInstanceOf(ScenarioDeadlineError);
    expect(error.kind).toBe('deadline');
    expect((error as ScenarioDeadlineError).jobId).toBe(jobId);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('drops a status look that hangs past the deadline, not waiting for the request timeout (the placeholder is due)', async () => {
    await emulator.configure({ jobSeconds: 5 });
    const { client } = makeClient({ sleep: undefined, poll: { firstPollMs: 100 } });
    const { jobId } = await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    await emulator.configure({ hangNext: { route: 'jobs' } });
    const started = Date.now();
    const error = await failure(client.waitForJob(jobId, { deadline: Date.now() + 600 }));
    expect(error).toBeInstanceOf(ScenarioDeadlineError);
    // (The client's request timeout here is 30 s.)
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('polls once when the deadline has already passed, and returns a finished job', async () => {
    const { client } = makeClient({ sleep: undefined });
    const { jobId } = await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    await wait(350);
    const started = Date.now();
    const job = await client.waitForJob(jobId, { deadline: Date.now() - 1000 });
    expect(job.status).toBe('success');
    expect(Date.now() - started).toBeLessThan(200);
    expect(emulator.stats.jobPolls).toBe(1);
  });

  it('honours an AbortSignal', async () => {
    await emulator.configure({ jobSeconds: 5 });
    const { client } = makeClient({ sleep: undefined });
    const { jobId } = await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await failure(client.waitForJob(jobId, { deadline: Date.now() + 10_000, signal: controller.signal }));
    expect(error.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(600);
  });

  it('returns a failed job with its error, billed nothing', async () => {
    await emulator.configure({ failJobsMatching: /lighthouse/ });
    const { client } = makeClient({ sleep: undefined, poll: { firstPollMs: 200 } });
    const { jobId } = await client.generate(FLUX_1_DEV, input());
    const job = await client.waitForJob(jobId, { deadline: Date.now() + 10_000 });
    expect(job.status).toBe('failure');
    expect(job.error).toMatch(/moderation/);
    expect(job.assetIds).toEqual([]);
    expect(job.creditsCost).toBe(0);
  });
});

describe('dry run', () => {
  it('is the same call with ?dryRun=true as a query parameter, and creates nothing', async () => {
    const { client } = makeClient();
    const estimate = await client.estimateGenerate(FLUX_1_DEV, input());
    expect(estimate.creditsCost).toBeCloseTo(2 * 10.75);
    expect(emulator.stats.dryRunCalls).toBe(1);
    expect(emulator.stats.generateCalls).toBe(0);
    expect(emulator.stats.jobsCreated).toBe(0);
    const request = apiRequests().find((entry) => entry.path.startsWith('/v1/generate/'))!;
    expect(request.query.dryRun).toBe('true');
    expect(request.bodyKeys).not.toContain('dryRun');
    expect(request.status).toBe(269);
  });

  it('reports validation errors exactly like the real call', async () => {
    const { client } = makeClient();
    const error = await failure(client.estimateGenerate(FLUX_1_DEV, input({ numOutputs: 5 })));
    expect(error).toMatchObject({ kind: 'validation', status: 400, retryable: false });
    expect(error.reason).toMatch(/numOutputs/);
  });
});

describe('scoping', () => {
  it('sends ?projectId= on every API call when set', async () => {
    const { client } = makeClient({ projectId: emulator.projectId });
    const job = await finishedJob(client, { numOutputs: 1 });
    await client.caption(job.assetIds);
    await client.downloadAsset(job.assetIds[0]);
    await client.listModels({ privacy: 'public' });
    const api = apiRequests();
    expect(api.length).toBeGreaterThanOrEqual(5);
    expect(api.every((request) => request.query.projectId === emulator.projectId)).toBe(true);
  });

  it('a foreign project is a final 403', async () => {
    const { client, sleeps } = makeClient({ projectId: 'proj_someone_else' });
    const error = await failure(client.getJob('job_x'));
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, retryable: false });
    expect(sleeps).toEqual([]);
    expect(emulator.stats.apiRequests).toBe(1);
  });

  it('wrong credentials are a final 401 whose message holds no secret', async () => {
    const { client, sleeps } = makeClient({ apiSecret: 'a-wrong-secret-value' });
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    // In plain words, whatever Scenario's body says (the job's reason an editor reads).
    expect(error.message).toMatch(/\(401: the API key or secret is wrong\)/);
    expect(error.message).not.toContain('a-wrong-secret-value');
    expect(sleeps).toEqual([]);
  });
});

describe('retries', () => {
  it('waits out a cooldown 429 (remainingSeconds) and then submits once, logging the retries at debug level', async () => {
    const { client, sleeps, warnings } = makeClient();
    await client.getModel(FLUX_1_DEV);
    await emulator.configure({ cooldownNext: 2, cooldownSeconds: 0.25 });
    const logged = seenLogs.length;
    const { jobId } = await client.generate(FLUX_1_DEV, input());
    expect(jobId).toMatch(/^job_/);
    expect(sleeps).toEqual([250, 250]);
    expect(warnings).toEqual([]);
    expect(seenLogs.slice(logged).filter((line) => /retry \d\/3/.test(line))).toHaveLength(2);
    expect(emulator.stats.generateCalls).toBe(3);
    expect(emulator.stats.jobsCreated).toBe(1);
  });

  it('honours Retry-After and caps any wait at 30 s', async () => {
    await emulator.configure({ cooldownNext: 1, cooldownSeconds: 1, retryAfterSeconds: 3 });
    const first = makeClient();
    await first.client.getJob((await first.client.generate(FLUX_1_DEV, input())).jobId);
    expect(first.sleeps[0]).toBe(3000);

    await emulator.configure({ cooldownNext: 1, cooldownSeconds: 600, retryAfterSeconds: undefined });
    const second = makeClient();
    await second.client.listModels({ privacy: 'public' });
    expect(second.sleeps).toEqual([30_000]);
  });

  it('hands a concurrency 429 back at once with the account limit: no retry bouncing off the ceiling', async () => {
    await emulator.configure({ maxConcurrentJobs: 1, jobSeconds: 30 });
    const { client, sleeps } = makeClient();
    await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    sleeps.length = 0;
    const error = await failure(client.generate(FLUX_1_DEV, input({ numOutputs: 1 })));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryable: true, actionLimit: 1, actionName: 'generate' });
    expect(error.reason).toMatch(/concurrent/);
    expect(sleeps).toEqual([]);
    expect(emulator.stats.generateCalls).toBe(2);
    expect(emulator.stats.jobsCreated).toBe(1);
  });

  it('reads no limit from a cooldown 429 (it is waited out and retried as before)', async () => {
    await emulator.configure({ cooldownNext: 4, cooldownSeconds: 2 });
    const { client, sleeps } = makeClient();
    const error = await failure(client.listModels({ privacy: 'public' }));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryable: true, retryAfterMs: 2000 });
    expect(error.actionLimit).toBeUndefined();
    expect(sleeps).toEqual([2000, 2000, 2000]);
  });

  it.each([502, 500, 503, 504])('never re-sends a paid generate after a %i: unknown outcome', async (status) => {
    await emulator.configure({ failNext: { status, route: 'generate' } });
    const { client, sleeps } = makeClient();
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error).toMatchObject({ kind: 'unknown-outcome', status, retryable: false });
    expect(error.message).not.toMatch(/<html|<title/i);
    expect(emulator.stats.generateCalls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('a 5xx after Scenario accepted the job is why: the job exists, and still only one was submitted', async () => {
    await emulator.configure({ failNext: { status: 504, route: 'generate', afterAccepting: true } });
    const { client } = makeClient();
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error.kind).toBe('unknown-outcome');
    expect(emulator.stats.jobsCreated).toBe(1);
    expect(emulator.stats.generateCalls).toBe(1);
  });

  it('never re-sends a paid generate after a timeout', async () => {
    await emulator.configure({ slowNext: { ms: 600, route: 'generate' } });
    const { client, sleeps } = makeClient({ requestTimeoutMs: 200 });
    const started = Date.now();
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error).toMatchObject({ kind: 'unknown-outcome', retryable: false });
    expect(error.status).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(550);
    expect(emulator.stats.generateCalls).toBe(1);
    expect(emulator.stats.jobsCreated).toBe(1);
    expect(sleeps).toEqual([]);
    await wait(450);
  });

  it('re-sends a paid generate when the connection was refused (it never reached Scenario)', async () => {
    const sleeps: number[] = [];
    const { client } = makeClient({
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 2) await emulator.configure({ down: false });
      },
    });
    await client.getModel(FLUX_1_DEV);
    await emulator.configure({ down: true });
    const { jobId } = await client.generate(FLUX_1_DEV, input());
    expect(jobId).toMatch(/^job_/);
    expect(sleeps).toEqual([1000, 2000]);
    expect(emulator.stats.generateCalls).toBe(1);
  });

  it('a service that stays down ends in a retryable network error after 1 s, 2 s, 4 s, in plain words, warning nothing', async () => {
    await emulator.configure({ down: true });
    const { client, sleeps, warnings } = makeClient();
    const error = await failure(client.getJob('job_any'));
    expect(error).toMatchObject({ kind: 'network', retryable: true, code: 'ECONNREFUSED' });
    expect(error.message).toBe('Scenario could not be reached (connection refused)');
    expect(error.reason).toBe(error.message);
    expect(`${error.message} ${error.reason}`).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|connect /);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(warnings).toEqual([]);
    await emulator.configure({ down: false });
  });

  it('a connection reset on a paid generate is an unknown outcome', async () => {
    const { client, sleeps } = makeClient();
    await client.getModel(FLUX_1_DEV);
    await emulator.configure({ down: 'reset' });
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error.kind).toBe('unknown-outcome');
    expect(error.message).not.toMatch(/UND_ERR|ECONNRESET|127\.0\.0\.1/);
    expect(sleeps).toEqual([]);
    await emulator.configure({ down: false });
  });

  it('a reset after Scenario accepted the job is an unknown outcome, and the job is found in GET /jobs by seed and prompt', async () => {
    await emulator.configure({ resetNext: { route: 'generate', afterAccepting: true } });
    const { client, sleeps } = makeClient();
    const error = await failure(client.generate(FLUX_1_DEV, input({ seed: 4242 })));
    expect(error).toMatchObject({ kind: 'unknown-outcome', retryable: false });
    expect(sleeps).toEqual([]);
    expect(emulator.stats).toMatchObject({ generateCalls: 1, jobsCreated: 1 });
    const { jobs } = await client.listJobs();
    const found = jobs.filter((job) => job.input?.seed === 4242 && job.input?.prompt === PROMPT);
    expect(found).toHaveLength(1);
  });

  it('a generate answered 200 with a body that is not JSON is an unknown outcome, never re-sent', async () => {
    const { client, sleeps } = makeClient();
    await client.getModel(FLUX_1_DEV);
    await emulator.configure({ malformedJsonNext: { route: 'generate' } });
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error).toMatchObject({ kind: 'unknown-outcome', status: 200, retryable: false });
    expect(sleeps).toEqual([]);
    expect(emulator.stats).toMatchObject({ generateCalls: 1, jobsCreated: 1 });
  });

  it('a GET answered 200 with a body that is not JSON is asked again', async () => {
    const { client, sleeps } = makeClient();
    const { jobId } = await client.generate(FLUX_1_DEV, input());
    await emulator.configure({ malformedJsonNext: { route: 'jobs' } });
    expect((await client.getJob(jobId)).jobId).toBe(jobId);
    expect(sleeps).toEqual([1000]);
    expect(emulator.stats.jobPolls).toBe(2);
  });

  it('a poll that hangs is ended by the client\'s own request timeout, then retried', async () => {
    const { client, sleeps } = makeClient({ requestTimeoutMs: 200 });
    const { jobId } = await client.generate(FLUX_1_DEV, input());
    await emulator.configure({ hangNext: { route: 'jobs', times: 2 } });
    const started = Date.now();
    expect((await client.getJob(jobId)).jobId).toBe(jobId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(sleeps).toEqual([1000, 2000]);
    expect(emulator.stats.jobPolls).toBe(3);
  });

  it('a generate that hangs before acceptance times out as an unknown outcome, and nothing was created', async () => {
    const { client } = makeClient({ requestTimeoutMs: 200 });
    await client.getModel(FLUX_1_DEV);
    await emulator.configure({ hangNext: { route: 'generate' } });
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error).toMatchObject({ kind: 'unknown-outcome', retryable: false, code: 'TIMEOUT' });
    await wait(50);
    expect(emulator.stats).toMatchObject({ generateCalls: 1, jobsCreated: 0 });
    expect((await client.listJobs()).jobs).toEqual([]);
  });

  it('retries GETs on 502/503 (HTML or JSON bodies) and succeeds', async () => {
    const { client, sleeps } = makeClient();
    const { jobId } = await client.generate(FLUX_1_DEV, input());
    await emulator.configure({ failNext: { status: 502, times: 2, route: 'jobs' } });
    const job = await client.getJob(jobId);
    expect(job.jobId).toBe(jobId);
    expect(sleeps).toEqual([1000, 2000]);
    expect(emulator.stats.jobPolls).toBe(3);
  });

  it('retries dry runs on 5xx, never a caption call (paid): its outcome is unknown', async () => {
    const { client, sleeps } = makeClient();
    const job = await finishedJob(client, { numOutputs: 1 });
    sleeps.length = 0;
    await emulator.configure({ failNext: { status: 503, route: 'caption' } });
    expect(await failure(client.caption(job.assetIds))).toMatchObject({ kind: 'unknown-outcome', status: 503, retryable: false });
    await emulator.configure({ failNext: { status: 500, route: 'dry-run' } });
    expect((await client.estimateGenerate(FLUX_1_DEV, input())).creditsCost).toBeGreaterThan(0);
    expect(sleeps).toEqual([1000]);
    expect(emulator.stats.captionCalls).toBe(1);
    expect(emulator.stats.dryRunCalls).toBe(2);
  });

  it('exhausted GET retries end in a retryable server error with the reason from the HTML page', async () => {
    await emulator.configure({ failNext: { status: 502, times: 10, route: 'models' } });
    const { client, sleeps } = makeClient();
    const error = await failure(client.listModels({ privacy: 'public' }));
    expect(error).toMatchObject({ kind: 'server', status: 502, retryable: true, reason: '502 Bad Gateway' });
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(emulator.stats.modelCalls).toBe(4);
  });

  it('a plan-gate 403 is final', async () => {
    await emulator.configure({
      failNext: { status: 403, route: 'generate', body: { reason: 'ModelAccessRestrictedError: this model is not included in your plan' } },
    });
    const { client, sleeps } = makeClient();
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error).toMatchObject({ kind: 'forbidden', status: 403, retryable: false });
    expect(error.reason).toMatch(/ModelAccessRestrictedError/);
    expect(sleeps).toEqual([]);
    expect(emulator.stats.generateCalls).toBe(1);
  });
});

describe('final validation errors', () => {
  it('a prompt over 2048 characters is a final 400, sent once', async () => {
    const { client, sleeps } = makeClient();
    const error = await failure(client.generate(FLUX_1_DEV, input({ prompt: 'x'.repeat(2049) })));
    expect(error).toMatchObject({ kind: 'validation', status: 400, retryable: false });
    expect(error.reason).toMatch(/2048/);
    // Editors read it on the job: what was refused, in words, not the API's path.
    expect(error.message).toMatch(/^Scenario refused the image generation \(400\): .*2048/);
    expect(emulator.stats.generateCalls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('calling a trained style directly is a final validation error (it declares no prompt), and nothing is sent', async () => {
    const { client } = makeClient();
    const error = await failure(client.generate(EMULATOR_LORA_ID, input()));
    expect(error).toMatchObject({ kind: 'validation', retryable: false });
    expect(error.message).toMatch(/takes no prompt/);
    expect(emulator.stats.generateCalls).toBe(0);
  });

  it('an unknown model is a final 404; a refused prompt a final 400', async () => {
    const { client } = makeClient();
    expect(await failure(client.generate('model_does-not-exist', input()))).toMatchObject({ kind: 'not-found', status: 404, retryable: false });
    await emulator.configure({ rejectPromptsMatching: /lighthouse/ });
    const refused = await failure(client.generate(FLUX_1_DEV, input()));
    expect(refused).toMatchObject({ kind: 'validation', status: 400 });
    expect(refused.reason).toMatch(/moderation/);
    expect(emulator.stats.jobsCreated).toBe(0);
  });
});

describe('downloads', () => {
  /** Small images keep these tests quick. */
  const SMALL: Partial<GenerateInput> = { numOutputs: 1, aspectRatio: undefined, width: 256, height: 256 };

  it('refuses a host that is not allowed, without contacting it', async () => {
    const { client } = makeClient();
    const job = await finishedJob(client, SMALL);
    const strict = makeClient({ allowedDownloadHosts: ['cdn.cloud.scenario.com'] });
    const error = await failure(strict.client.downloadAsset(job.assetIds[0]));
    expect(error).toMatchObject({ kind: 'download', retryable: false });
    expect(error.message).toContain(emulator.cdnHost);
    expect(emulator.stats.downloads).toBe(0);
  });

  it('a host allowed without a port is allowed on any port; with a port, on that port only', async () => {
    const bare = makeClient({ allowedDownloadHosts: ['127.0.0.1'] });
    const job = await finishedJob(bare.client, SMALL);
    expect((await bare.client.downloadAsset(job.assetIds[0])).mimeType).toBe('image/png');
    const otherPort = makeClient({ allowedDownloadHosts: ['127.0.0.1:1'] });
    expect((await failure(otherPort.client.downloadAsset(job.assetIds[0]))).kind).toBe('download');
    expect(emulator.stats.downloads).toBe(1);
  });

  it('refuses an asset URL on a host that is not allowed (a private address from cdnPublicOrigin)', async () => {
    await emulator.configure({ cdnPublicOrigin: 'https://10.0.0.7' });
    const { client } = makeClient();
    const job = await finishedJob(client, SMALL);
    const error = await failure(client.downloadAsset(job.assetIds[0]));
    expect(error).toMatchObject({ kind: 'download', retryable: false });
    expect(error.message).toContain('10.0.0.7');
    expect(emulator.stats.downloads).toBe(0);
  });

  it('takes a real image served under a wrong Content-Type (the bytes decide)', async () => {
    const { client } = makeClient();
    const job = await finishedJob(client, SMALL);
    await emulator.configure({ wrongContentTypeDownloadsNext: 1 });
    expect((await client.downloadAsset(job.assetIds[0])).mimeType).toBe('image/png');
  });

  it('refuses oversized downloads, with and without Content-Length, before reading them whole', async () => {
    const { client } = makeClient({ maxDownloadBytes: 200_000 });
    const job = await finishedJob(client, SMALL);
    await emulator.configure({ oversizeDownloadsNext: { bytes: 5_000_000, times: 1 } });
    expect(await failure(client.downloadAsset(job.assetIds[0]))).toMatchObject({ kind: 'download', retryable: false });
    await emulator.configure({ oversizeDownloadsNext: { bytes: 5_000_000, chunked: true } });
    const streamed = await failure(client.downloadAsset(job.assetIds[0]));
    expect(streamed).toMatchObject({ kind: 'download', retryable: false });
    expect(streamed.message).toMatch(/limit/);
    expect(emulator.stats.downloadsServed).toBe(0);
  });

  it('an asset still pending is a retryable download error, one in error a final one', async () => {
    const { client } = makeClient();
    const job = await finishedJob(client, SMALL);
    await emulator.configure({ pendingAssetsNext: 1 });
    expect(await failure(client.downloadAsset(job.assetIds[0]))).toMatchObject({ kind: 'download', retryable: true });
    await emulator.configure({ errorAssetsNext: 1 });
    expect(await failure(client.downloadAsset(job.assetIds[0]))).toMatchObject({ kind: 'download', retryable: false });
    expect(emulator.stats.downloads).toBe(0);
  });

  it('refuses an image over maxDownloadBytes (declared size, and while streaming)', async () => {
    const { client } = makeClient({ maxDownloadBytes: 2000 });
    const job = await finishedJob(client, SMALL);
    const declared = await failure(client.downloadAsset(job.assetIds[0]));
    expect(declared).toMatchObject({ kind: 'download', retryable: false });
    expect(declared.message).toMatch(/limit/);
    await emulator.configure({ chunkedDownloads: true });
    const streamed = await failure(client.downloadAsset(job.assetIds[0]));
    expect(streamed).toMatchObject({ kind: 'download', retryable: false });
    expect(emulator.stats.downloads).toBe(2);
  });

  it('refuses bytes that are not a PNG, JPEG or WebP image', async () => {
    const { client } = makeClient();
    const job = await finishedJob(client, SMALL);
    await emulator.configure({ corruptDownloadsNext: 1 });
    const error = await failure(client.downloadAsset(job.assetIds[0]));
    expect(error).toMatchObject({ kind: 'download', retryable: false });
    expect(error.message).toMatch(/not a PNG, JPEG or WebP/);
  });

  it('retries a dropped download with a fresh signed URL', async () => {
    const { client, sleeps } = makeClient();
    const job = await finishedJob(client, SMALL);
    const assetGetsBefore = emulator.stats.assetGets;
    sleeps.length = 0;
    await emulator.configure({ dropDownloadsNext: 2 });
    const image = await client.downloadAsset(job.assetIds[0]);
    expect(image.mimeType).toBe('image/png');
    expect(emulator.stats.assetGets - assetGetsBefore).toBe(3);
    const signatures = cdnRequests().map((request) => request.query.Signature);
    expect(signatures).toHaveLength(3);
    expect(new Set(signatures).size).toBe(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('gives up after 3 attempts on expired URLs, naming the URL without its signature', async () => {
    await emulator.configure({ signedUrlTtlSeconds: -60 });
    const { client } = makeClient();
    const job = await finishedJob(client, SMALL);
    const error = await failure(client.downloadAsset(job.assetIds[0]));
    expect(error).toMatchObject({ kind: 'download', status: 403, retryable: true });
    expect(error.message).toContain(`/assets/${emulator.projectId}/${job.assetIds[0]}.png`);
    expect(emulator.stats.cdnSignatureRejections).toBe(3);
  });

  it('an unknown asset is a final 404', async () => {
    const { client } = makeClient();
    const error = await failure(client.downloadAsset('asset_unknown'));
    expect(error).toMatchObject({ kind: 'not-found', status: 404, retryable: false });
    expect(emulator.stats.downloads).toBe(0);
  });
});

describe('response shapes', () => {
  let stub: Server;
  let stubUrl: string;
  let next: { status: number; body: string } = { status: 200, body: '{}' };
  beforeAll(async () => {
    stub = createServer((req, res) => {
      req.resume();
      if (req.url?.startsWith('/cdn/')) {
        // A CDN answer that sends the download elsewhere: it must not be followed.
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      }
      if (req.url?.startsWith('/v1/models/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ model: STUB_MODEL }));
      }
      res.writeHead(next.status, { 'content-type': 'application/json' });
      res.end(next.body);
    });
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
    stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    stub.closeAllConnections();
    await new Promise((resolve) => stub.close(resolve));
  });
  const stubClient = () => makeClient({ baseUrl: stubUrl, apiKey: 'k', apiSecret: 'stub-secret-123456' }).client;
  /** A model as another deployment might describe it: extra fields, nulls, and an input type the plugin does not know. */
  const STUB_MODEL = {
    id: FLUX_1_DEV,
    name: null,
    capabilities: ['txt2img'],
    somethingNew: { nested: true },
    inputs: [
      { name: 'prompt', type: 'string', required: true, maxLength: 2048, label: 'Prompt', group: 'main' },
      { name: 'numOutputs', type: 'number', min: 1, max: 4, step: 1, default: null },
      { name: 'aspectRatio', type: 'string', allowedValues: ['1:1', '3:2', '2:3'], description: 'shape' },
      { name: 'mask', type: 'inpaint_mask' },
    ],
  };

  it('reads model inputs tolerantly: extra fields ignored, nulls dropped, unknown types kept', async () => {
    const model = await stubClient().getModel(FLUX_1_DEV);
    expect(model).toEqual({
      id: FLUX_1_DEV,
      name: FLUX_1_DEV,
      capabilities: ['txt2img'],
      inputs: [
        { name: 'prompt', type: 'string', required: true, maxLength: 2048 },
        { name: 'numOutputs', type: 'number', min: 1, max: 4, step: 1 },
        { name: 'aspectRatio', type: 'string', allowedValues: ['1:1', '3:2', '2:3'] },
        { name: 'mask', type: 'inpaint_mask' },
      ],
    });
  });

  it('accepts job.id for job.jobId, and asset.assetId for asset.id', async () => {
    next = { status: 200, body: JSON.stringify({ job: { id: 'job_alias', status: 'queued' }, creativeUnitsCost: 3 }) };
    // The stub model sizes by a short list of aspect ratios: 16:9 becomes the nearest one, 3:2.
    expect(await stubClient().generate(FLUX_1_DEV, input())).toEqual({
      jobId: 'job_alias',
      creditsCost: 3,
      size: { aspectRatio: '3:2' },
      unsupported: ['seed'],
    });
    next = { status: 200, body: JSON.stringify({ job: { id: 'job_alias', status: 'success', progress: 1, metadata: { assetIds: ['asset_1'] } } }) };
    expect(await stubClient().getJob('job_alias')).toMatchObject({ jobId: 'job_alias', status: 'success', assetIds: ['asset_1'] });
    next = { status: 200, body: JSON.stringify({ asset: { assetId: 'asset_1', status: 'pending' } }) };
    expect(await stubClient().getAsset('asset_1')).toEqual({ assetId: 'asset_1', status: 'pending' });
  });

  it('a body that does not match becomes an invalid-response error', async () => {
    next = { status: 200, body: JSON.stringify({ job: { jobId: 'job_1', status: 'succeeded', assets: [] } }) };
    const wrongStatus = await failure(stubClient().getJob('job_1'));
    expect(wrongStatus).toMatchObject({ kind: 'invalid-response', retryable: false });
    expect(wrongStatus.message).toMatch(/job\.status/);
    next = { status: 200, body: '<html>hello</html>' };
    expect((await failure(stubClient().getJob('job_1'))).kind).toBe('invalid-response');
    // A 2xx to a paid call whose job id cannot be read: the job was probably made, so it is an unknown outcome.
    next = { status: 200, body: JSON.stringify({ job: {} }) };
    expect(await failure(stubClient().generate(FLUX_1_DEV, input()))).toMatchObject({ kind: 'unknown-outcome', retryable: false });
  });

  it('a caption count that does not match the images is an error', async () => {
    next = { status: 200, body: JSON.stringify({ captions: ['only one'], detailsLevel: 'action' }) };
    const error = await failure(stubClient().caption(['asset_1', 'asset_2']));
    expect(error).toMatchObject({ kind: 'invalid-response' });
  });

  it('reads the reason from reason, message, error or raw text; a body echoing secrets is redacted', async () => {
    const cases: Array<[string, string]> = [
      [JSON.stringify({ reason: 'from reason', message: 'no' }), 'from reason'],
      [JSON.stringify({ message: 'from message' }), 'from message'],
      [JSON.stringify({ error: 'from error' }), 'from error'],
      ['plain words', 'plain words'],
    ];
    for (const [body, expected] of cases) {
      next = { status: 422, body };
      expect((await failure(stubClient().getJob('job_1'))).reason).toBe(expected);
    }
    next = {
      status: 400,
      body: JSON.stringify({ reason: 'bad key stub-secret-123456 for https://cdn.example.com/a.png?Policy=p&Signature=s&Key-Pair-Id=k' }),
    };
    const echoed = await failure(stubClient().getJob('job_1'));
    expect(echoed.message).not.toContain('stub-secret-123456');
    expect(echoed.message).not.toMatch(/Signature|Policy=/);
    expect(echoed.message).toContain('https://cdn.example.com/a.png');
  });

  it('does not download an asset that is not ready yet (retryable) or failed (final)', async () => {
    next = { status: 200, body: JSON.stringify({ asset: { id: 'asset_1', status: 'pending' } }) };
    expect(await failure(stubClient().downloadAsset('asset_1'))).toMatchObject({ kind: 'download', retryable: true });
    next = { status: 200, body: JSON.stringify({ asset: { id: 'asset_1', status: 'error' } }) };
    expect(await failure(stubClient().downloadAsset('asset_1'))).toMatchObject({ kind: 'download', retryable: false });
  });

  it('does not follow a redirect from the CDN', async () => {
    const cdn = new URL(stubUrl).host;
    next = { status: 200, body: JSON.stringify({ asset: { id: 'asset_1', status: 'success', url: `http://${cdn}/cdn/a.png?Signature=s` } }) };
    const client = makeClient({ baseUrl: stubUrl, apiKey: 'k', apiSecret: 'stub-secret-123456', allowedDownloadHosts: ['127.0.0.1'] }).client;
    const error = await failure(client.downloadAsset('asset_1'));
    expect(error).toMatchObject({ kind: 'download', status: 302, retryable: false });
  });

  it('a dry run answered with a real job is reported, not mistaken for a free estimate', async () => {
    next = { status: 200, body: JSON.stringify({ job: { jobId: 'job_1', status: 'queued' }, creativeUnitsCost: 10 }) };
    expect((await failure(stubClient().estimateGenerate(FLUX_1_DEV, input()))).kind).toBe('invalid-response');
  });
});

describe('secrets', () => {
  it('no error message, reason or log line seen in this file holds a secret or a signed query string', () => {
    expect(seenErrors.length).toBeGreaterThan(20);
    const texts = [...seenErrors.flatMap((error) => [error.message, error.reason, String(error)]), ...seenLogs];
    const forbidden = [
      emulator.apiSecret,
      emulator.apiKey,
      Buffer.from(`${emulator.apiKey}:${emulator.apiSecret}`).toString('base64'),
      'Signature=',
      'Policy=',
      'Key-Pair-Id=',
      'Authorization',
    ];
    const leaks = texts.filter((text) => forbidden.some((secret) => text.includes(secret)));
    expect(leaks).toEqual([]);
    expect(texts.length).toBeGreaterThan(50);
  });
});
