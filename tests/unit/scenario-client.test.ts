/**
 * The Scenario client against the local emulator (real HTTP on 127.0.0.1, nothing mocked), plus a tiny stub
 * server for response shapes the emulator never produces.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createScenarioClient, type ScenarioClientOptions } from '../../server/src/scenario/client';
import { ScenarioDeadlineError, ScenarioError } from '../../server/src/scenario/errors';
import { defaultSleep } from '../../server/src/scenario/http';
import type { GenerateInput, ScenarioJob } from '../../server/src/scenario/types';
import { EMULATOR_LORA_ID, FLUX_1_DEV, startScenarioEmulator, type ScenarioEmulator } from '../scenario-emulator';

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
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10)));
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
    const submitted = await client.generate(FLUX_1_DEV, input());
    expect(submitted.jobId).toMatch(/^job_/);
    expect(submitted.creditsCost).toBeCloseTo(21.5);

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
      expect(pngSize(image.bytes)).toEqual({ width: 1024, height: 576 });
    }
    expect(images[0].bytes.equals(images[1].bytes)).toBe(false);

    expect(emulator.stats.generateCalls).toBe(1);
    expect(emulator.stats.prompts).toEqual([PROMPT]);
    expect(emulator.stats.captionCalls).toBe(1);
    expect(emulator.stats.downloadsServed).toBe(2);
    expect(emulator.stats.cdnRequestsWithAuthorization).toBe(0);
    expect(cdnRequests().every((request) => !request.hadAuthorization)).toBe(true);
    expect(apiRequests().every((request) => request.hadAuthorization)).toBe(true);
    // The flat body holds only model inputs.
    expect(apiRequests().find((request) => request.path.startsWith('/v1/generate/custom'))!.bodyKeys!.sort()).toEqual(
      ['aspectRatio', 'numOutputs', 'prompt', 'seed'].sort(),
    );
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

  it('polls once when the deadline has already passed, and returns a finished job', async () => {
    const { client } = makeClient({ sleep: undefined });
    const { jobId } = await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    await new Promise((resolve) => setTimeout(resolve, 350));
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
    const [request] = apiRequests();
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
    expect(error.message).not.toContain('a-wrong-secret-value');
    expect(sleeps).toEqual([]);
  });
});

describe('retries', () => {
  it('waits out a cooldown 429 (remainingSeconds) and then submits once', async () => {
    await emulator.configure({ cooldownNext: 2, cooldownSeconds: 0.25 });
    const { client, sleeps, warnings } = makeClient();
    const { jobId } = await client.generate(FLUX_1_DEV, input());
    expect(jobId).toMatch(/^job_/);
    expect(sleeps).toEqual([250, 250]);
    expect(warnings).toHaveLength(2);
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

  it('retries a concurrency 429 with backoff until a slot frees up', async () => {
    await emulator.configure({ maxConcurrentJobs: 1, jobSeconds: 0.3 });
    const { client } = makeClient({ sleep: defaultSleep, retry: { baseDelayMs: 150 } });
    const sleeps: number[] = [];
    const warned: string[] = [];
    const watched = makeClient({
      sleep: (ms, signal) => {
        sleeps.push(ms);
        return defaultSleep(ms, signal);
      },
      retry: { baseDelayMs: 150 },
      logger: { debug: () => undefined, warn: (message) => void warned.push(message) },
    });
    await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    const second = await watched.client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    expect(second.jobId).toMatch(/^job_/);
    expect(sleeps.length).toBeGreaterThanOrEqual(1);
    expect(sleeps.slice(0, 2)).toEqual([150, 300].slice(0, sleeps.length));
    expect(warned[0]).toMatch(/429/);
    expect(emulator.stats.jobsCreated).toBe(2);
  });

  it('gives up on a concurrency 429 after 3 retries with a retryable rate-limited error', async () => {
    await emulator.configure({ maxConcurrentJobs: 1, jobSeconds: 30 });
    const { client, sleeps } = makeClient();
    await client.generate(FLUX_1_DEV, input({ numOutputs: 1 }));
    const error = await failure(client.generate(FLUX_1_DEV, input({ numOutputs: 1 })));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryable: true });
    expect(error.reason).toMatch(/concurrent/);
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(emulator.stats.generateCalls).toBe(5);
    expect(emulator.stats.jobsCreated).toBe(1);
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
    await new Promise((resolve) => setTimeout(resolve, 450));
  });

  it('re-sends a paid generate when the connection was refused (it never reached Scenario)', async () => {
    await emulator.configure({ down: true });
    const sleeps: number[] = [];
    const { client } = makeClient({
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 2) await emulator.configure({ down: false });
      },
    });
    const { jobId } = await client.generate(FLUX_1_DEV, input());
    expect(jobId).toMatch(/^job_/);
    expect(sleeps).toEqual([1000, 2000]);
    expect(emulator.stats.generateCalls).toBe(1);
  });

  it('a service that stays down ends in a retryable network error after 1 s, 2 s, 4 s', async () => {
    await emulator.configure({ down: true });
    const { client, sleeps } = makeClient();
    const error = await failure(client.getJob('job_any'));
    expect(error).toMatchObject({ kind: 'network', retryable: true, code: 'ECONNREFUSED' });
    expect(sleeps).toEqual([1000, 2000, 4000]);
    await emulator.configure({ down: false });
  });

  it('a connection reset on a paid generate is an unknown outcome', async () => {
    await emulator.configure({ down: 'reset' });
    const { client, sleeps } = makeClient();
    const error = await failure(client.generate(FLUX_1_DEV, input()));
    expect(error.kind).toBe('unknown-outcome');
    expect(sleeps).toEqual([]);
    await emulator.configure({ down: false });
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

  it('retries caption and dry runs on 5xx', async () => {
    const { client, sleeps } = makeClient();
    const job = await finishedJob(client, { numOutputs: 1 });
    sleeps.length = 0;
    await emulator.configure({ failNext: { status: 503, route: 'caption' } });
    expect(await client.caption(job.assetIds)).toHaveLength(1);
    await emulator.configure({ failNext: { status: 500, route: 'dry-run' } });
    expect((await client.estimateGenerate(FLUX_1_DEV, input())).creditsCost).toBeGreaterThan(0);
    expect(sleeps).toEqual([1000, 1000]);
    expect(emulator.stats.captionCalls).toBe(2);
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
    expect(emulator.stats.generateCalls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('calling a trained style directly is a final 400', async () => {
    const { client } = makeClient();
    const error = await failure(client.generate(EMULATOR_LORA_ID, input()));
    expect(error).toMatchObject({ kind: 'validation', status: 400, reason: 'Custom models only are supported for this endpoint' });
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

  it('refuses a host allowed without its port (a bare host means the default port)', async () => {
    const { client } = makeClient({ allowedDownloadHosts: ['127.0.0.1'] });
    const job = await finishedJob(client, SMALL);
    expect((await failure(client.downloadAsset(job.assetIds[0]))).kind).toBe('download');
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

  it('accepts job.id for job.jobId, and asset.assetId for asset.id', async () => {
    next = { status: 200, body: JSON.stringify({ job: { id: 'job_alias', status: 'queued' }, creativeUnitsCost: 3 }) };
    expect(await stubClient().generate(FLUX_1_DEV, input())).toEqual({ jobId: 'job_alias', creditsCost: 3 });
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
    next = { status: 200, body: JSON.stringify({ job: {} }) };
    expect((await failure(stubClient().generate(FLUX_1_DEV, input()))).kind).toBe('invalid-response');
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
