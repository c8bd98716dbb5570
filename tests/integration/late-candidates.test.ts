/**
 * What Scenario delivers (and bills) after its job ended. Candidates of a job that ended with the placeholder:
 * fetched, offered in the side panel, attached only when an editor chooses one. The job is left as the pipeline leaves
 * a job that gave up after submitting (placeholder attached, Scenario job id kept); Scenario's job then finishes in
 * the emulator. A description that outlived its call: its text becomes the alt text when it arrives.
 */
import request from 'supertest';
import { altTextFromCaption } from '../../server/src/domain/alt-text';
import { describeInstruction } from '../../server/src/services/pipeline/text-helpers';
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

/** GET /jobs/{id} requests Scenario received about one of its jobs. */
const jobReads = (scenarioJobId: string) => emulator.stats.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/jobs/${scenarioJobId}`)).length;

/**
 * An article that ended with the placeholder while its Scenario job (prompt `prompt`) was still running; by default
 * that job has finished when this returns.
 */
async function gaveUpWhileScenarioWorked(title: string, prompt: string, { waitForScenario = true } = {}) {
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
  if (waitForScenario) await client.waitForJob(submitted.jobId, { deadline: Date.now() + 30000 }).catch(() => undefined);
  return { documentId, job, scenarioJobId: submitted.jobId as string };
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
  const before = jobReads(panel.generation.scenarioJobId);
  expect(before).toBeGreaterThan(0);
  await service('late-candidates').sweep();
  expect(jobReads(panel.generation.scenarioJobId)).toBe(before);

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
    const { job, scenarioJobId } = await gaveUpWhileScenarioWorked('Paper lanterns over the river', 'Paper lanterns floating');
    await service('late-candidates').sweep();
    const row = (await app.strapi.db.query(JOB).findOne({ where: { id: job.id } })) as { candidateAssetIds: string[] | null };
    expect(row.candidateAssetIds).toEqual([]);
    // Even a minute later.
    await app.strapi.db.query(JOB).update({ where: { id: job.id }, data: { lateCheckedAt: new Date(Date.now() - 61_000) } });
    const before = jobReads(scenarioJobId);
    await service('late-candidates').sweep();
    expect(jobReads(scenarioJobId)).toBe(before);
  } finally {
    emulator.configure({ failJobsMatching: undefined });
  }
});

it('a Scenario job still at work is asked about again only a minute later, and its candidates offered then', async () => {
  await emulator.configure({ jobSeconds: 3 });
  try {
    const { job, scenarioJobId } = await gaveUpWhileScenarioWorked('Otters in the mill pond', 'Otters swimming in a mill pond', { waitForScenario: false });
    const row = async () => (await app.strapi.db.query(JOB).findOne({ where: { id: job.id } })) as { candidateAssetIds: string[] | null; lateCheckedAt: string | null };
    await service('late-candidates').sweep();
    expect(await row()).toMatchObject({ candidateAssetIds: null, lateCheckedAt: expect.any(String) });
    await service('scenario').client().waitForJob(scenarioJobId, { deadline: Date.now() + 30000 });
    const finishedReads = jobReads(scenarioJobId);
    // Within the minute: not asked again, though Scenario has finished meanwhile.
    await service('late-candidates').sweep();
    expect(jobReads(scenarioJobId)).toBe(finishedReads);
    expect((await row()).candidateAssetIds).toBeNull();
    // A minute on (the clock moved back rather than waited for), the candidates are fetched and offered.
    await app.strapi.db.query(JOB).update({ where: { id: job.id }, data: { lateCheckedAt: new Date(Date.now() - 61_000) } });
    await service('late-candidates').sweep();
    expect((await row()).candidateAssetIds).toHaveLength(2);
  } finally {
    await emulator.configure({ jobSeconds: 0.2 });
  }
}, 60000);

describe('a description that outlived its call', () => {
  const FILE = 'plugin::upload.file';
  type Row = { id: number; state: string; fileId: number; chosenAssetId: string; alternativeText: string; altTextSource: string; describeJobId: string | null; history: Array<{ note?: string }> };
  const row = async (id: number) => (await app.strapi.db.query(JOB).findOne({ where: { id } })) as Row;
  const fileAlt = async (id: number) => ((await app.strapi.db.query(FILE).findOne({ where: { id } })) as { alternativeText: string }).alternativeText;

  /**
   * A French article illustrated, then left as the pipeline leaves it when the text model's description outlives its
   * call (tests/unit/pipeline-rules.test.ts): alt text from the title, the description still running at Scenario.
   */
  async function describedLate(title: string) {
    const { documentId } = (await app.strapi.documents(ARTICLE).create({
      data: { title, description: title, body: blocks(`${title}. Les habitants du village sont venus nombreux.`) },
      locale: 'fr',
      status: 'published',
    } as never)) as unknown as { documentId: string };
    const { id } = await finishedJob(app.strapi, documentId, { locale: 'fr', timeoutMs: 60000 });
    const job = await row(id);
    expect(job.state).toBe('done');
    const titleAlt = altTextFromCaption({ caption: '', title, locale: 'fr' }).alternativeText;
    await emulator.configure({ textJobSeconds: 1.5 });
    const outlived = await service('scenario')
      .client()
      .describeImage(job.chosenAssetId, describeInstruction('fr'), { deadline: Date.now() + 200 })
      .then(
        () => undefined,
        (error: { jobId?: string }) => error.jobId,
      );
    await emulator.configure({ textJobSeconds: undefined });
    expect(outlived).toBeTruthy();
    await app.strapi.db.query(JOB).update({ where: { id }, data: { describeJobId: outlived, altTextSource: 'title', alternativeText: titleAlt } });
    await app.strapi.db.query(FILE).update({ where: { id: job.fileId }, data: { alternativeText: titleAlt } });
    return { documentId, job, titleAlt, describeJobId: outlived as string };
  }

  const minuteLater = (id: number) => app.strapi.db.query(JOB).update({ where: { id }, data: { lateCheckedAt: new Date(Date.now() - 61_000) } });

  it("replaces the title's alt text with the description in the article's language when it arrives", async () => {
    const { documentId, job, titleAlt, describeJobId } = await describedLate('Le moulin du village tourne de nouveau');
    // Still at work: nothing changes yet.
    await service('late-descriptions').sweep();
    expect(await fileAlt(job.fileId)).toBe(titleAlt);
    expect((await row(job.id)).describeJobId).toBe(describeJobId);

    await service('scenario').client().waitForJob(describeJobId, { deadline: Date.now() + 30000 });
    await minuteLater(job.id);
    await service('late-descriptions').sweep();
    const after = await row(job.id);
    expect(after).toMatchObject({ altTextSource: 'text-model', describeJobId: null });
    expect(after.alternativeText).not.toBe(titleAlt);
    expect(after.history.at(-1)?.note).toMatch(/description arrived after the image went up/);
    // The file the article shows carries it; the emulator's text model answers in the language asked for.
    const cover = (await readArticle(app.strapi, documentId, 'published', 'fr'))!.cover!;
    expect(cover.id).toBe(job.fileId);
    expect(cover.alternativeText).toBe(after.alternativeText);
    expect(cover.alternativeText).toMatch(/^(Une|Un|Des|Le|La|Les|Scène)\b/);
  }, 60000);

  it('never overwrites alt text an editor wrote meanwhile', async () => {
    const { job, describeJobId } = await describedLate('La foire aux fromages du canton');
    await app.strapi.db.query(FILE).update({ where: { id: job.fileId }, data: { alternativeText: 'Étals de fromages sur la place du marché' } });
    await service('scenario').client().waitForJob(describeJobId, { deadline: Date.now() + 30000 });
    await service('late-descriptions').sweep();
    expect(await fileAlt(job.fileId)).toBe('Étals de fromages sur la place du marché');
    const after = await row(job.id);
    expect(after).toMatchObject({ altTextSource: 'title', describeJobId: null });
    expect(after.history.at(-1)?.note).toMatch(/after the alt text was changed/);
  }, 60000);
});
