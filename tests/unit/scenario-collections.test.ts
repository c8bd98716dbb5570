/**
 * Collections and the concurrency ceiling, client against the emulator (real HTTP on 127.0.0.1): a collection is made
 * with `POST /collections`, assets go in with `PUT /collections/{id}/assets` in calls of at most 49 ids, an unknown
 * collection answers 404; the ceiling's 429 names the limit and is handed back without being retried.
 */
import { request } from 'undici';
import { createScenarioClient } from '../../server/src/scenario/client';
import { ScenarioError } from '../../server/src/scenario/errors';
import { MAX_ASSETS_PER_COLLECTION_CALL } from '../../server/src/scenario/types';
import { FLUX_1_DEV, MAX_COLLECTION_ASSETS_PER_CALL, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';

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

function makeClient() {
  const sleeps: number[] = [];
  const client = createScenarioClient({
    baseUrl: emulator.apiUrl,
    apiKey: emulator.apiKey,
    apiSecret: emulator.apiSecret,
    allowedDownloadHosts: [emulator.cdnHost],
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { client, sleeps };
}

async function generatedAssets(count: number): Promise<string[]> {
  const { client } = makeClient();
  const ids: string[] = [];
  while (ids.length < count) {
    const { jobId } = await client.generate(FLUX_1_DEV, { prompt: `a lighthouse ${ids.length}`, numOutputs: 4, seed: ids.length });
    const job = await client.waitForJob(jobId, { deadline: Date.now() + 10_000 });
    ids.push(...job.assetIds);
  }
  return ids.slice(0, count);
}

async function rejection(promise: Promise<unknown>): Promise<ScenarioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected the call to fail');
}

it('makes a collection and adds assets in calls of at most 49 ids', async () => {
  expect(MAX_ASSETS_PER_COLLECTION_CALL).toBe(MAX_COLLECTION_ASSETS_PER_CALL);
  const { client } = makeClient();
  const assets = await generatedAssets(60);
  const id = await client.createCollection('Daily Planet · Article');
  expect(id).toMatch(/^collection_/);

  await client.addToCollection(id, assets);
  expect(emulator.stats.collectionAdds).toBe(2);
  const puts = emulator.stats.requests.filter((entry) => entry.method === 'PUT');
  expect(puts.map((entry) => [entry.path, entry.status])).toEqual([
    [`/v1/collections/${id}/assets`, 200],
    [`/v1/collections/${id}/assets`, 200],
  ]);
  expect(emulator.collections.get(id)).toEqual({ name: 'Daily Planet · Article', assetIds: assets, createdAt: expect.any(String) });

  // Scenario's asset now names the collection.
  const asset = await request(`${emulator.apiUrl}/assets/${assets[0]}`, {
    headers: { authorization: `Basic ${Buffer.from(`${emulator.apiKey}:${emulator.apiSecret}`).toString('base64')}` },
  });
  expect(((await asset.body.json()) as { asset: { collectionIds: string[] } }).asset.collectionIds).toEqual([id]);
});

it('the emulator refuses 50 ids in one call, an unknown collection (404) and an unknown asset, as Scenario does', async () => {
  const { client } = makeClient();
  const assets = await generatedAssets(50);
  const id = await client.createCollection('Site · Guide');
  const auth = { authorization: `Basic ${Buffer.from(`${emulator.apiKey}:${emulator.apiSecret}`).toString('base64')}`, 'content-type': 'application/json' };
  const tooMany = await request(`${emulator.apiUrl}/collections/${id}/assets`, { method: 'PUT', headers: auth, body: JSON.stringify({ assetIds: assets }) });
  expect(tooMany.statusCode).toBe(400);
  await tooMany.body.dump();

  emulator.deleteCollection(id);
  const gone = await rejection(client.addToCollection(id, assets.slice(0, 2)));
  expect(gone).toMatchObject({ kind: 'not-found', status: 404 });

  const other = await client.createCollection('Site · Guide');
  expect(await rejection(client.addToCollection(other, ['asset_unknown']))).toMatchObject({ kind: 'not-found' });
  expect(await rejection(client.createCollection('  '))).toMatchObject({ kind: 'validation', status: 400 });
});

it('the concurrency ceiling: the 429 names the limit, is not retried, and creates no job', async () => {
  await emulator.configure({ maxConcurrentJobs: 2, jobSeconds: 5 });
  const { client, sleeps } = makeClient();
  await client.generate(FLUX_1_DEV, { prompt: 'one', numOutputs: 1 });
  await client.generate(FLUX_1_DEV, { prompt: 'two', numOutputs: 1 });
  const refused = await rejection(client.generate(FLUX_1_DEV, { prompt: 'three', numOutputs: 1 }));
  expect(refused).toMatchObject({ kind: 'rate-limited', status: 429, retryable: true, actionLimit: 2, actionName: 'generate' });
  expect(sleeps).toEqual([]);
  expect(emulator.stats).toMatchObject({ generateCalls: 3, jobsCreated: 2, concurrencyRejections: 1, maxJobsInFlight: 2 });
});
