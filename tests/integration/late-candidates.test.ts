/**
 * Candidates Scenario delivers after their job ended with the placeholder: fetched, offered in the side panel,
 * attached only when an editor chooses one. The job is left as the pipeline leaves a job that gave up after
 * submitting (placeholder attached, Scenario job id kept); Scenario's job then finishes in the emulator.
 */
import request from 'supertest';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { superAdminToken } from '../helpers/admin';
import { ARTICLE, JOB, blocks, finishedJob, readArticle } from '../helpers/articles';
import { bootPlayground, type Playground } from '../helpers/playground';

let emulator: ScenarioEmulator;
let app: Playground;
let token = '';
const http = () => request(app.strapi.server.httpServer);
const service = (name: string) => app.strapi.plugin('auto-illustration').service(name);

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.2 });
  app = await bootPlayground({ env: pluginEnv(emulator) });
  token = await superAdminToken(app.strapi, 'late@example.com', 'Lee', 'Late');
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

/** An article that ended with the placeholder while its Scenario job (prompt `prompt`) was still running. */
async function gaveUpWhileScenarioWorked(title: string, prompt: string) {
  emulator.configure({ rejectPromptsMatching: /.*/ });
  const { documentId } = (await app.strapi.documents(ARTICLE).create({
    data: { title, description: title, body: blocks(`${title}.`) },
    status: 'published',
  } as never)) as unknown as { documentId: string };
  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  emulator.configure({ rejectPromptsMatching: undefined });
  expect(job.state).toBe('fallback');
  const client = service('scenario').client();
  const submitted = await client.generate(service('settings').current().model.id, { prompt, numOutputs: 2 });
  await app.strapi.db.query(JOB).update({ where: { id: job.id }, data: { scenarioJobId: submitted.jobId, candidateAssetIds: null } });
  await client.waitForJob(submitted.jobId, { deadline: Date.now() + 30000 }).catch(() => undefined);
  return { documentId, job };
}

it('offers late candidates without touching the article, and attaches the one an editor chooses', async () => {
  const { documentId, job } = await gaveUpWhileScenarioWorked('Harbour seals return to the estuary', 'Harbour seals resting on a sandbank');
  const placeholder = (await readArticle(app.strapi, documentId, 'published'))!.cover!;
  expect(placeholder.id).toBe(job.fileId);

  await service('late-candidates').sweep();
  const row = (await app.strapi.db.query(JOB).findOne({ where: { id: job.id } })) as { candidateAssetIds: string[]; history: Array<{ note?: string }> };
  expect(row.candidateAssetIds).toHaveLength(2);
  expect(row.history.at(-1)?.note).toMatch(/arrived after the job ended/);
  // Offered, not applied.
  expect((await readArticle(app.strapi, documentId, 'published'))!.cover!.id).toBe(placeholder.id);
  const panel = (await http().get('/auto-illustration/documents/status').query({ uid: ARTICLE, documentId, locale: 'en' }).set('Authorization', `Bearer ${token}`).expect(200)).body;
  expect(panel.generation).toMatchObject({ id: job.id, state: 'fallback', candidateAssetIds: row.candidateAssetIds });

  // A second sweep asks Scenario nothing more about it.
  const jobReads = () => emulator.stats.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/jobs/${panel.generation.scenarioJobId}`)).length;
  const before = jobReads();
  expect(before).toBeGreaterThan(0);
  await service('late-candidates').sweep();
  expect(jobReads()).toBe(before);

  await http().post(`/auto-illustration/jobs/${job.id}/choose`).send({ assetId: row.candidateAssetIds[1] }).set('Authorization', `Bearer ${token}`).expect(201);
  const chosen = await finishedJob(app.strapi, documentId, { after: job.id, timeoutMs: 60000 });
  expect(chosen.state).toBe('done');
  const cover = (await readArticle(app.strapi, documentId, 'published'))!.cover!;
  expect(cover.id).toBe(chosen.fileId);
  expect(cover.alternativeText).toBeTruthy();
  // The placeholder went away with nothing using it.
  expect(await app.strapi.db.query('plugin::upload.file').findOne({ where: { id: placeholder.id } })).toBeNull();
});

it('a Scenario job that failed is not asked about again', async () => {
  emulator.configure({ failJobsMatching: /lanterns/i });
  try {
    const { job } = await gaveUpWhileScenarioWorked('Paper lanterns over the river', 'Paper lanterns floating');
    await service('late-candidates').sweep();
    const row = (await app.strapi.db.query(JOB).findOne({ where: { id: job.id } })) as { candidateAssetIds: string[] | null };
    expect(row.candidateAssetIds).toEqual([]);
  } finally {
    emulator.configure({ failJobsMatching: undefined });
  }
});
