/**
 * "Test connection" also checks that the account's images could be downloaded: the newest finished job's first
 * asset URL is checked against the allow-list, and a refusal names the host:port to add (never the signed URL).
 */
import { checkDownloads } from '../../server/src/services/scenario';
import type { ScenarioAsset, ScenarioJob } from '../../server/src/scenario/types';

const SIGNED = '?Policy=secret-policy&Signature=secret-signature&Key-Pair-Id=K1';

function fakeClient(jobs: Array<Partial<ScenarioJob>>, url?: string) {
  const calls: string[] = [];
  return {
    calls,
    listJobs: async () => {
      calls.push('listJobs');
      return { jobs: jobs.map((job, index) => ({ jobId: `job_${index}`, status: 'success', progress: 1, assetIds: [], ...job }) as ScenarioJob) };
    },
    getAsset: async (assetId: string): Promise<ScenarioAsset> => {
      calls.push(`getAsset:${assetId}`);
      return { assetId, status: 'success', ...(url ? { url } : {}) };
    },
  };
}

describe('checkDownloads', () => {
  it('an allowed CDN host passes', async () => {
    const client = fakeClient([{ assetIds: ['asset_a'] }], `https://cdn.cloud.scenario.com/assets/a.png${SIGNED}`);
    expect(await checkDownloads(client, ['cdn.cloud.scenario.com'])).toEqual({ state: 'allowed', host: 'cdn.cloud.scenario.com' });
  });

  it('an entry without a port allows its host on any port', async () => {
    const client = fakeClient([{ assetIds: ['asset_a'] }], `https://cdn.example.com:8443/a.png${SIGNED}`);
    expect((await checkDownloads(client, ['cdn.example.com'])).state).toBe('allowed');
  });

  it('a refused host names the host:port to add, and never the signed URL', async () => {
    const client = fakeClient([{ assetIds: ['asset_a'] }], `https://cdn.example.com:8443/a.png${SIGNED}`);
    const result = await checkDownloads(client, ['cdn.example.com:443']);
    expect(result).toEqual({ state: 'refused', host: 'cdn.example.com:8443' });
    expect(JSON.stringify(result)).not.toMatch(/Signature|Policy|secret/);
  });

  it('a URL refused for another reason than its host says why, without the query string', async () => {
    const client = fakeClient([{ assetIds: ['asset_a'] }], `http://cdn.example.com/a.png${SIGNED}`);
    const result = await checkDownloads(client, ['cdn.example.com']);
    expect(result).toMatchObject({ state: 'refused', host: 'cdn.example.com', reason: expect.stringMatching(/https is required/) });
    expect(JSON.stringify(result)).not.toMatch(/Signature|Policy|secret/);
  });

  it('uses the newest finished job with an image; none yet is said so', async () => {
    const client = fakeClient(
      [{ status: 'in-progress', assetIds: ['asset_running'] }, { status: 'failure', assetIds: [] }, { assetIds: ['asset_done', 'asset_other'] }],
      `https://cdn.cloud.scenario.com/a.png${SIGNED}`,
    );
    await checkDownloads(client, ['cdn.cloud.scenario.com']);
    expect(client.calls).toEqual(['listJobs', 'getAsset:asset_done']);
    expect(await checkDownloads(fakeClient([{ status: 'failure' }]), ['x'])).toEqual({ state: 'no-asset' });
    expect(await checkDownloads(fakeClient([]), ['x'])).toEqual({ state: 'no-asset' });
  });

  it('a failure of the check itself is reported, not thrown', async () => {
    const client = { listJobs: async () => Promise.reject(new Error('boom')), getAsset: async () => ({}) as ScenarioAsset };
    expect(await checkDownloads(client, ['x'])).toEqual({ state: 'unknown', reason: 'boom' });
  });
});
