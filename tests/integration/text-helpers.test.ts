/**
 * Scenario's text helpers in the real playground Strapi, against the local emulator: a non-English article gets an
 * English prompt from one translate call and alt text in its own language from the text model; each helper that
 * fails falls back (original words, title-based alt text, local prompt) with the reason on the job; the prompt
 * assistant's prompt is used and both prompts are kept; the cost estimate prices the helpers that are on.
 */
import { altTextFromCaption } from '../../server/src/domain/alt-text';
import { getService } from '../../server/src/utils/get-service';
import { ARTICLE, GUIDE, JOB, blocks, finishedJob, jobsFor, readArticle } from '../helpers/articles';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';

let emulator: ScenarioEmulator;
let app: Playground;

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.4, textJobSeconds: 0.2 });
  app = await bootPlayground({ env: pluginEnv(emulator) });
}, 120000);

afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

afterEach(async () => {
  await emulator.configure({ failNext: undefined, failJobsMatching: undefined, rejectPromptsMatching: undefined });
  await getService(app.strapi, 'settings').reset(['textHelpers']);
});

const FRENCH = {
  title: 'Des bénévoles restaurent le vieux phare de l’île aux Macareux',
  description: 'Une équipe de bénévoles a réparé la lanterne du phare et la maison du gardien.',
  body: blocks('Les bénévoles ont restauré le vieux phare. La lanterne du phare brille de nouveau sur la mer, et la maison du gardien est réparée.'),
};

interface HelperJob {
  id: number;
  state: string;
  title: string | null;
  keyphrases: string[] | null;
  prompt: string | null;
  localPrompt: string | null;
  language: string | null;
  translatedTitle: string | null;
  translatedKeyphrases: string[] | null;
  translationRequestedAt: string | null;
  translationUnchanged: boolean | null;
  targetDocumentId: string;
  describeRequestedAt: string | null;
  altTextSource: string | null;
  helperNotes: string[] | null;
  alternativeText: string | null;
  history?: Array<{ note?: string }> | null;
  chosenAssetId: string | null;
}

async function publishIn(locale: string, data: Record<string, unknown>): Promise<{ documentId: string; job: HelperJob }> {
  const { documentId } = (await app.strapi.documents(ARTICLE).create({ data, locale } as never)) as unknown as { documentId: string };
  await app.strapi.documents(ARTICLE).publish({ documentId, locale } as never);
  const finished = await finishedJob(app.strapi, documentId, { locale, timeoutMs: 60000 });
  const job = (await app.strapi.db.query(JOB).findOne({ where: { id: finished.id } })) as HelperJob;
  return { documentId, job };
}

/** A published guide (a content type without i18n) and its finished job. */
async function publishGuide(data: Record<string, unknown>): Promise<HelperJob> {
  const guide = (await app.strapi.documents(GUIDE).create({ data, status: 'published' } as never)) as unknown as { documentId: string };
  const finished = await finishedJob(app.strapi, guide.documentId, { timeoutMs: 60000 });
  return (await app.strapi.db.query(JOB).findOne({ where: { id: finished.id } })) as HelperJob;
}

describe('a French-only article', () => {
  it('gets an English prompt from one translation and French alt text from the text model', async () => {
    const before = { translate: emulator.stats.translateCalls, llm: emulator.stats.llmCalls, generate: emulator.stats.generateCalls };
    const { documentId, job } = await publishIn('fr', FRENCH);

    expect(job.state).toBe('done');
    expect(job.language).toBe('fr');
    // One translate call for the title and every keyphrase, one per line.
    expect(emulator.stats.translateCalls - before.translate).toBe(1);
    const sent = emulator.stats.translateInputs[emulator.stats.translateInputs.length - 1];
    expect(sent.split('\n')).toEqual([FRENCH.title, ...job.keyphrases!]);
    // Original and translation are both on the job; the prompt is built from the translation.
    expect(job.title).toBe(FRENCH.title);
    expect(job.translatedTitle).toMatch(/restore the old lighthouse/);
    expect(job.translatedKeyphrases).toHaveLength(job.keyphrases!.length);
    expect(job.prompt).toMatch(/lighthouse/);
    expect(job.prompt).not.toMatch(/phare|bénévoles|restaurent/);
    // Verbs are no keyphrases: "restaurent" comes before an article ("restaurent le vieux phare"), "a réparé" is a
    // participle after "have". (The prompt takes the noun phrases of what the translation returns: unit tests.)
    expect(job.keyphrases!.filter((phrase) => /restaurent|réparé$/.test(phrase))).toEqual([]);
    expect(job.keyphrases).toEqual(expect.arrayContaining(['bénévoles', 'vieux phare']));
    expect(job.prompt).not.toMatch(/restore|repaired/);
    expect(emulator.stats.prompts[emulator.stats.prompts.length - 1]).toBe(job.prompt);
    expect(emulator.stats.generateCalls - before.generate).toBe(1);

    // Alt text: the text model, asked in French about the chosen image, answered in French.
    expect(emulator.stats.llmCalls - before.llm).toBe(1);
    expect(emulator.stats.llmInstructions[emulator.stats.llmInstructions.length - 1]).toMatch(/in French/);
    expect(job.altTextSource).toBe('text-model');
    expect(job.alternativeText).toMatch(/phare/);
    expect(job.alternativeText).not.toMatch(/\b(the|of|with|image)\b/i);
    expect(job.alternativeText!.length).toBeLessThanOrEqual(125);
    expect(job.helperNotes).toBeNull();
    const cover = (await readArticle(app.strapi, documentId, 'published', 'fr'))!.cover!;
    expect(cover.alternativeText).toBe(job.alternativeText);
  });

  it('written in French under the default "en" locale: read as French, and the job says so', async () => {
    const { job } = await publishIn('en', {
      ...FRENCH,
      title: 'Le vieux phare de la pointe rouvre ses portes',
      body: blocks('Les bénévoles ont restauré le vieux phare de la pointe. La lanterne du phare brille de nouveau sur la mer, et la maison du gardien est réparée. Les habitants du village sont fiers de leur phare.'),
    });
    expect(job).toMatchObject({ state: 'done', language: 'fr', altTextSource: 'text-model' });
    expect(job.translatedTitle).toMatch(/lighthouse/);
    expect(emulator.stats.llmInstructions[emulator.stats.llmInstructions.length - 1]).toMatch(/in French/);
    const history = ((await app.strapi.db.query(JOB).findOne({ where: { id: job.id } })) as { history: Array<{ note?: string }> }).history;
    expect(history.map((entry) => entry.note)).toContain("its text is in French, not in its locale's English: read as French");
  });

  it('with an empty title: its keyphrases alone are translated (a blank first line came back trimmed, a line short)', async () => {
    const { job } = await publishIn('fr', { ...FRENCH, title: '' });
    const sent = emulator.stats.translateInputs[emulator.stats.translateInputs.length - 1];
    expect(sent.split('\n')).toEqual(job.keyphrases);
    expect(job.translatedKeyphrases).toHaveLength(job.keyphrases!.length);
    expect(job.prompt).toMatch(/lighthouse/);
    expect(job.prompt).not.toMatch(/phare/);
  });

  it('another candidate chosen in the side panel: the text model describes it in French, no new generation', async () => {
    const { documentId, job } = await publishIn('fr', { ...FRENCH, title: 'Le musée de la gare' });
    const full = (await app.strapi.db.query(JOB).findOne({ where: { id: job.id } })) as HelperJob & { candidateAssetIds: string[] };
    const other = full.candidateAssetIds.find((assetId) => assetId !== full.chosenAssetId)!;
    const before = { llm: emulator.stats.llmCalls, generate: emulator.stats.generateCalls, caption: emulator.stats.captionCalls };
    await getService(app.strapi, 'illustrations').choose(job.id, other);
    const swapped = await finishedJob(app.strapi, documentId, { locale: 'fr', after: job.id });
    const row = (await app.strapi.db.query(JOB).findOne({ where: { id: swapped.id } })) as HelperJob;
    expect(row).toMatchObject({ state: 'done', chosenAssetId: other, altTextSource: 'text-model' });
    expect(emulator.stats.llmInstructions[emulator.stats.llmInstructions.length - 1]).toMatch(/in French/);
    expect(row.alternativeText).toMatch(/\p{L}/u);
    expect(row.alternativeText).not.toBe(altTextFromCaption({ caption: '', title: 'Le musée de la gare', locale: 'fr' }).alternativeText);
    expect([emulator.stats.llmCalls, emulator.stats.generateCalls, emulator.stats.captionCalls]).toEqual([before.llm + 1, before.generate, before.caption]);
    const cover = (await readArticle(app.strapi, documentId, 'published', 'fr'))!.cover!;
    expect(cover.alternativeText).toBe(row.alternativeText);
  });

  it('regenerated unchanged from the side panel: a new image from the translation already bought (a trial paid for it twice)', async () => {
    const { documentId, job } = await publishIn('fr', { ...FRENCH, title: 'Le phare de la jetée' });
    const first = (await app.strapi.db.query(JOB).findOne({ where: { id: job.id } })) as HelperJob;
    const before = { translate: emulator.stats.translateCalls, generate: emulator.stats.generateCalls };
    await getService(app.strapi, 'illustrations').generate({ uid: ARTICLE, documentId, locale: 'fr' });
    const again = (await app.strapi.db.query(JOB).findOne({ where: { id: (await finishedJob(app.strapi, documentId, { locale: 'fr', after: job.id })).id } })) as HelperJob;
    expect(again).toMatchObject({ state: 'done', translatedTitle: first.translatedTitle, translatedKeyphrases: first.translatedKeyphrases });
    expect([emulator.stats.translateCalls, emulator.stats.generateCalls]).toEqual([before.translate, before.generate + 1]);
    // Behind many unchanged republishes (a skipped job each: a review found the eleventh bought it again).
    const skipped = { targetUid: ARTICLE, targetDocumentId: documentId, targetLocale: 'fr', trigger: 'publish', state: 'skipped', reason: 'unchanged', history: [] };
    for (let i = 0; i < 12; i++) await app.strapi.db.query(JOB).create({ data: skipped });
    const latest = (await app.strapi.db.query(JOB).findMany({ where: { targetDocumentId: documentId }, orderBy: { id: 'desc' }, limit: 1 }))[0] as HelperJob;
    await getService(app.strapi, 'illustrations').generate({ uid: ARTICLE, documentId, locale: 'fr' });
    const third = (await app.strapi.db.query(JOB).findOne({ where: { id: (await finishedJob(app.strapi, documentId, { locale: 'fr', after: latest.id })).id } })) as HelperJob;
    expect(third).toMatchObject({ state: 'done', translatedTitle: first.translatedTitle });
    expect(emulator.stats.translateCalls).toBe(before.translate);
    // A title changed past the 250 characters a job keeps of it is another text: translated anew (a review).
    const head = `Le phare de la jetée ${'et la maison du gardien du port, '.repeat(7)}`.slice(0, 246);
    let last = third.id;
    const publishedAs = async (title: string) => {
      await app.strapi.documents(ARTICLE).update({ documentId, locale: 'fr', data: { title } } as never);
      await app.strapi.documents(ARTICLE).publish({ documentId, locale: 'fr' } as never);
      last = (await finishedJob(app.strapi, documentId, { locale: 'fr', after: last })).id;
      await getService(app.strapi, 'illustrations').generate({ uid: ARTICLE, documentId, locale: 'fr' });
      last = (await finishedJob(app.strapi, documentId, { locale: 'fr', after: last })).id;
      return (await app.strapi.db.query(JOB).findOne({ where: { id: last } })) as HelperJob;
    };
    await publishedAs(`${head} en mai`);
    const june = await publishedAs(`${head} en juin`);
    expect(june.translatedTitle).toMatch(/June|juin/);
    expect(emulator.stats.translateCalls).toBe(before.translate + 2);
  }, 120000);

  it('another candidate chosen with the text model switched off: alt text from the title, no paid call', async () => {
    await getService(app.strapi, 'settings').update({ textHelpers: { translatePrompts: true, promptAssistant: false, describeInLanguage: false } });
    const { documentId, job } = await publishIn('fr', { ...FRENCH, title: 'La gare du port' });
    const full = (await app.strapi.db.query(JOB).findOne({ where: { id: job.id } })) as HelperJob & { candidateAssetIds: string[] };
    const other = full.candidateAssetIds.find((assetId) => assetId !== full.chosenAssetId)!;
    const before = { llm: emulator.stats.llmCalls, generate: emulator.stats.generateCalls };
    await getService(app.strapi, 'illustrations').choose(job.id, other);
    const swapped = await finishedJob(app.strapi, documentId, { locale: 'fr', after: job.id });
    const row = (await app.strapi.db.query(JOB).findOne({ where: { id: swapped.id } })) as HelperJob;
    expect(row).toMatchObject({ state: 'done', chosenAssetId: other, altTextSource: 'title' });
    expect(row.alternativeText).toBe(altTextFromCaption({ caption: '', title: 'La gare du port', locale: 'fr' }).alternativeText);
    expect([emulator.stats.llmCalls, emulator.stats.generateCalls]).toEqual([before.llm, before.generate]);

    // French text under the default "en" locale: the candidates' English captions are not its alt text, and the job
    // says the title wrote it (it was labelled a caption, from the locale).
    const french = await publishIn('en', {
      ...FRENCH,
      title: 'Le quai de la gare maritime',
      body: blocks('Les bénévoles ont restauré le vieux quai de la gare maritime. La lanterne du phare brille de nouveau sur la mer, et la maison du gardien est réparée. Les habitants du village sont fiers de leur quai.'),
    });
    expect(french.job.language).toBe('fr');
    const frenchRow = (await app.strapi.db.query(JOB).findOne({ where: { id: french.job.id } })) as HelperJob & { candidateAssetIds: string[] };
    const another = frenchRow.candidateAssetIds.find((assetId) => assetId !== frenchRow.chosenAssetId)!;
    await getService(app.strapi, 'illustrations').choose(french.job.id, another);
    const swappedId = (await finishedJob(app.strapi, french.documentId, { locale: 'en', after: french.job.id })).id;
    const frenchSwap = (await app.strapi.db.query(JOB).findOne({ where: { id: swappedId } })) as HelperJob;
    expect(frenchSwap).toMatchObject({ state: 'done', chosenAssetId: another, altTextSource: 'title' });
    expect(frenchSwap.alternativeText).toBe(altTextFromCaption({ caption: '', title: 'Le quai de la gare maritime', locale: 'fr' }).alternativeText);
  });

  it('unpublished while its images were made, then published again unchanged: its images and its translation are used again, nothing paid twice', async () => {
    await emulator.configure({ jobSeconds: 3 });
    try {
      const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: FRENCH, locale: 'fr' } as never)) as unknown as { documentId: string };
      await app.strapi.documents(ARTICLE).publish({ documentId, locale: 'fr' } as never);
      const first = await waitFor(async () => (await jobsFor(app.strapi, documentId, 'fr')).find((job) => job.scenarioJobId));
      await app.strapi.documents(ARTICLE).unpublish({ documentId, locale: 'fr' } as never);
      const skipped = (await finishedJob(app.strapi, documentId, { locale: 'fr', timeoutMs: 60000 })) as unknown as HelperJob;
      expect(skipped).toMatchObject({ id: first.id, state: 'skipped' });
      const before = { translate: emulator.stats.translateCalls, generate: emulator.stats.generateCalls };

      await app.strapi.documents(ARTICLE).publish({ documentId, locale: 'fr' } as never);
      const finished = await finishedJob(app.strapi, documentId, { locale: 'fr', after: first.id, timeoutMs: 60000 });
      const again = (await app.strapi.db.query(JOB).findOne({ where: { id: finished.id } })) as HelperJob;
      expect(again.state).toBe('done');
      const firstJob = (await app.strapi.db.query(JOB).findOne({ where: { id: first.id } })) as HelperJob;
      expect(again).toMatchObject({ prompt: firstJob.prompt, translatedTitle: firstJob.translatedTitle, translatedKeyphrases: firstJob.translatedKeyphrases });
      expect([emulator.stats.translateCalls, emulator.stats.generateCalls]).toEqual([before.translate, before.generate]);
      expect((again.history ?? []).map((entry) => entry.note)).toContain(`takes the prompt job ${first.id} made its images from`);
    } finally {
      await emulator.configure({ jobSeconds: 0.4 });
    }
  }, 120000);

  it('translation failing: the prompt uses the original words and the job says why', async () => {
    await emulator.configure({ failNext: { status: 400, route: 'translate', body: { reason: 'Translation is not available for this project' } } });
    const { job } = await publishIn('fr', { ...FRENCH, title: 'Le vieux phare rouvre ses portes' });
    expect(job.state).toBe('done');
    expect(job.translatedTitle).toBeNull();
    expect(job.prompt).toMatch(/phare/);
    expect(job.helperNotes).toEqual([expect.stringMatching(/translation to English failed \(.*not available.*\): the prompt uses the original words/)]);
    // Nothing paid is left marked as in flight.
    expect(job.translationRequestedAt).toBeNull();
  });

  it('a translation whose lines come back run together is still used: the prompt is built from its English noun phrases (an audit)', async () => {
    await emulator.configure({ translationJoinsLines: true });
    try {
      const { job } = await publishIn('fr', { ...FRENCH, title: 'Le vieux phare du cap brille de nouveau' });
      expect(job.state).toBe('done');
      expect(job.translatedKeyphrases).toHaveLength(1);
      expect(job.translatedKeyphrases![0]).toMatch(/lighthouse/);
      expect(job.prompt).toMatch(/lighthouse/);
      expect(job.prompt).not.toMatch(/phare|bénévoles|story about/);
      expect(job.helperNotes).toEqual([expect.stringMatching(/lines run together\): the prompt is built from its noun phrases/)]);
    } finally {
      await emulator.configure({ translationJoinsLines: undefined });
    }
  });

  it('translate answering 503 while Scenario works: sent once (paid, its outcome unknown), the job goes on with the original words', async () => {
    await emulator.configure({ failNext: { status: 503, times: 100, route: 'translate', body: { reason: 'Service Unavailable' } } });
    const started = Date.now();
    const calls = emulator.stats.translateCalls;
    const { job } = await publishIn('fr', { ...FRENCH, title: 'Le phare du cap rouvre ses portes' });
    await emulator.configure({ failNext: undefined });
    expect(job.state).toBe('done');
    expect(job.translatedTitle).toBeNull();
    expect(job.helperNotes).toEqual([expect.stringMatching(/translation to English failed \(.*503.*not sent again.*\): the prompt uses the original words/)]);
    // Perhaps billed: never sent again.
    expect(emulator.stats.translateCalls - calls).toBe(1);
    // Not held as if Scenario were down: no outage, and the job did not wait for the translate endpoint to recover.
    expect(getService(app.strapi, 'scenario').outage()).toBeNull();
    expect(Date.now() - started).toBeLessThan(40000);
  }, 60000);

  it('Scenario unreachable while translating (nothing sent): the job waits, then translates when Scenario is back', async () => {
    await emulator.configure({ down: true });
    const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: { ...FRENCH, title: 'Le phare de la pointe rouvre' }, locale: 'fr' } as never)) as unknown as { documentId: string };
    await app.strapi.documents(ARTICLE).publish({ documentId, locale: 'fr' } as never);
    const waiting = async () => (await app.strapi.db.query(JOB).findOne({ where: { targetDocumentId: documentId, targetLocale: 'fr' } })) as HelperJob & { reason: string | null };
    const deadline = Date.now() + 30000;
    while (!getService(app.strapi, 'scenario').outage() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(getService(app.strapi, 'scenario').outage()).not.toBeNull();
    expect((await waiting()).state).toBe('queued');
    expect((await waiting()).translatedTitle).toBeNull();
    await emulator.configure({ down: false });
    const finished = await finishedJob(app.strapi, documentId, { locale: 'fr', timeoutMs: 90000 });
    const job = (await app.strapi.db.query(JOB).findOne({ where: { id: finished.id } })) as HelperJob;
    expect(job.state).toBe('done');
    expect(job.translatedTitle).toBeTruthy();
    expect(job.helperNotes ?? []).toEqual([]);
  }, 120000);

  it('each helper Scenario keeps refusing with a 429 (a cooldown) falls back, with the reason, and no outage is taken', async () => {
    await getService(app.strapi, 'settings').update({ textHelpers: { translatePrompts: true, promptAssistant: true, describeInLanguage: true } });
    const cooldown = { reason: 'Too many requests', remainingSeconds: 1 };
    const outcomes: Record<string, HelperJob> = {};
    for (const [route, title] of [['translate', 'Le phare du nord rouvre ses portes'], ['prompt', 'Le port fête ses bateaux'], ['llm', 'Les falaises du cap']] as const) {
      await emulator.configure({ failNext: { status: 429, times: 100, route, body: cooldown } });
      outcomes[route] = (await publishIn('fr', { ...FRENCH, title })).job;
      await emulator.configure({ failNext: undefined });
      expect(outcomes[route].state).toBe('done');
      expect(getService(app.strapi, 'scenario').outage()).toBeNull();
    }
    expect(outcomes.translate.translatedTitle).toBeNull();
    expect(outcomes.translate.prompt).toMatch(/phare/);
    expect(outcomes.translate.helperNotes).toContainEqual(expect.stringMatching(/translation to English failed \(.*429.*\): the prompt uses the original words/));
    expect(outcomes.prompt.localPrompt).toBeNull();
    expect(outcomes.prompt.helperNotes).toContainEqual(expect.stringMatching(/prompt assistant failed \(.*429.*\): the local prompt is used/));
    expect(outcomes.llm.altTextSource).toBe('title');
    expect(outcomes.llm.helperNotes).toContainEqual(expect.stringMatching(/text model could not describe the image .*429.*alt text from the title/));
  }, 120000);

  it('a translation or prompt writer the ceiling of jobs in flight refuses is asked again, not given up (an audit: a paid image from French words)', async () => {
    await getService(app.strapi, 'settings').update({ textHelpers: { translatePrompts: true, promptAssistant: true, describeInLanguage: true } });
    const ceiling = { reason: 'You have reached the maximum number of concurrent jobs for your plan', details: { actionName: 'generate', actionLimit: 2 } };
    for (const [route, title] of [['translate', 'Le phare du sud rouvre ses portes'], ['prompt', 'Le port fête ses voiliers']] as const) {
      await emulator.configure({ failNext: { status: 429, times: 2, route, body: ceiling } });
      const { job } = await publishIn('fr', { ...FRENCH, title });
      await emulator.configure({ failNext: undefined });
      expect(job.state).toBe('done');
      expect(job.helperNotes ?? []).toEqual([]);
      expect(job.translatedTitle).toBeTruthy();
      if (route === 'prompt') expect(job.localPrompt).toBeTruthy();
      const what = route === 'translate' ? 'translation' : 'prompt assistant';
      expect((job.history ?? []).map((entry) => entry.note)).toContainEqual(`Scenario allows 2 job(s) at once: the ${what} is asked again shortly`);
    }
  }, 120000);

  it('text model failing: alt text from the title, with the reason', async () => {
    await emulator.configure({ failJobsMatching: /alt text/ });
    const title = 'Les abeilles des toits de la ville';
    const { job } = await publishIn('fr', { ...FRENCH, title });
    expect(job.state).toBe('done');
    expect(job.altTextSource).toBe('title');
    expect(job.alternativeText).toBe(altTextFromCaption({ caption: '', title, locale: 'fr' }).alternativeText);
    expect(job.helperNotes).toEqual([expect.stringMatching(/text model could not describe the image .*moderation.*alt text from the title/)]);
  });

  it('the text model switched off: no call, alt text from the title', async () => {
    await getService(app.strapi, 'settings').update({ textHelpers: { translatePrompts: true, promptAssistant: false, describeInLanguage: false } });
    const before = emulator.stats.llmCalls;
    const { job } = await publishIn('fr', { ...FRENCH, title: 'Le marché du village' });
    expect(job.state).toBe('done');
    expect(emulator.stats.llmCalls).toBe(before);
    expect(job.altTextSource).toBe('title');
    expect(job.helperNotes).toBeNull();
  });

  describe('with too little budget left for the image', () => {
    const PERIOD = 'plugin::auto-illustration.budget-period';
    const committed = async () => (await getService(app.strapi, 'budget').status()).month.committed;
    beforeEach(() => app.strapi.db.query(PERIOD).deleteMany({}));
    afterEach(() => getService(app.strapi, 'settings').reset(['budget']));
    /** A French article published, once its job waits for the budget. */
    const waitingForBudget = async (title: string) => {
      const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: { ...FRENCH, title }, locale: 'fr' } as never)) as unknown as { documentId: string };
      await app.strapi.documents(ARTICLE).publish({ documentId, locale: 'fr' } as never);
      const waiting = await waitFor(async () => {
        const [job] = await jobsFor(app.strapi, documentId, 'fr');
        return job?.state === 'queued' && (job as { reason?: string | null }).reason?.startsWith('Budget reached') ? job : undefined;
      }, 60000);
      return { documentId, waiting };
    };
    /** An article in English and French, both published at once; its documentId. */
    const publishInBoth = async (title: string, frenchTitle: string) => {
      const data = { title, body: blocks(`${title}: the story in English.`) };
      const { documentId } = (await app.strapi.documents(ARTICLE).create({ data, locale: 'en' } as never)) as unknown as { documentId: string };
      await app.strapi.documents(ARTICLE).update({ documentId, locale: 'fr', data: { ...FRENCH, title: frenchTitle } } as never);
      await app.strapi.documents(ARTICLE).publish({ documentId, locale: '*' } as never);
      return documentId;
    };

    it('placeholder mode: no translation is bought for an image that cannot be made', async () => {
      // 5 credits cover a translation (0.25) but no generation (over 10).
      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: 5, dailyCap: null, whenReached: 'placeholder' } });
      const before = { translate: emulator.stats.translateCalls, generate: emulator.stats.generateCalls };
      const { job } = await publishIn('fr', { ...FRENCH, title: 'Le phare du cap' });
      expect(job.state).toBe('fallback');
      expect([emulator.stats.translateCalls, emulator.stats.generateCalls]).toEqual([before.translate, before.generate]);
      expect(await committed()).toBe(0);
      // (A cap that could never pay both: the translation is left out, and the image then refused.)
      expect((job as HelperJob & { reason: string }).reason).toMatch(/^Budget reached: the monthly cap of 5 credits/);
    });

    it('wait mode, room for the image but not for its translation too: the job waits, no image from untranslated words', async () => {
      const { generation } = (await getService(app.strapi, 'illustrations').estimate()).breakdown!;
      // A cap that pays both in a month, with only enough left for the image this month.
      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: generation + 5, dailyCap: null, whenReached: 'wait' } });
      await getService(app.strapi, 'budget').reserve(4.9);
      const before = { translate: emulator.stats.translateCalls, generate: emulator.stats.generateCalls };
      const { documentId, waiting } = await waitingForBudget('La digue du cap');
      // (The review: the image was bought at once from "Editorial photograph of bénévoles, with vieux phare…".)
      expect([emulator.stats.translateCalls, emulator.stats.generateCalls]).toEqual([before.translate, before.generate]);
      expect((waiting as { reason?: string }).reason).toMatch(/this step and the image after it cost/);
      expect(await committed()).toBeCloseTo(4.9, 2);
      // (Skipped, so that the next test's raised cap does not release it.)
      await getService(app.strapi, 'jobs').skipUnsent({ uid: ARTICLE, documentId, locale: 'fr' }, 'test over');
    });

    it('a cap that could never pay the image and its translation together: the image from the original words', async () => {
      const { generation } = (await getService(app.strapi, 'illustrations').estimate()).breakdown!;
      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: generation + 0.1, dailyCap: null, whenReached: 'wait' } });
      const before = { translate: emulator.stats.translateCalls, generate: emulator.stats.generateCalls };
      const { job } = await publishIn('fr', { ...FRENCH, title: 'Le môle du cap' });
      // (It waited for ever: every period refused the translation the image needed, review.)
      expect(job.state).toBe('done');
      expect([emulator.stats.translateCalls, emulator.stats.generateCalls]).toEqual([before.translate, before.generate + 1]);
      expect(job.helperNotes?.join(' ')).toMatch(/translation to English failed \(Budget reached: .* this step and the image after it cost/);
    });

    it('wait mode: the translation waits with the image, and is made with it once the cap allows', async () => {
      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: 5, dailyCap: null, whenReached: 'wait' } });
      const before = emulator.stats.translateCalls;
      const { documentId, waiting } = await waitingForBudget('Le port du cap');
      expect(emulator.stats.translateCalls).toBe(before);
      expect(await committed()).toBe(0);

      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: 1000, dailyCap: null, whenReached: 'wait' } });
      const finished = await finishedJob(app.strapi, documentId, { locale: 'fr', after: waiting.id - 1, timeoutMs: 60000 });
      const row = (await app.strapi.db.query(JOB).findOne({ where: { id: finished.id } })) as HelperJob;
      expect(row.state).toBe('done');
      expect(row.translatedTitle).toBeTruthy();
      expect(row.helperNotes).toBeNull();
      expect(emulator.stats.translateCalls).toBe(before + 1);
    });

    it("Retry on locales' budget placeholders makes one generation, which the other locale shares", async () => {
      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: 5, dailyCap: null, whenReached: 'placeholder' } });
      const documentId = await publishInBoth('The village bakery', 'La boulangerie du village');
      const en = await finishedJob(app.strapi, documentId, { locale: 'en', timeoutMs: 60000 });
      const fr = await finishedJob(app.strapi, documentId, { locale: 'fr', timeoutMs: 60000 });
      expect([en.state, fr.state]).toEqual(['fallback', 'fallback']);

      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: 1000, dailyCap: null, whenReached: 'placeholder' } });
      const generateBefore = emulator.stats.generateCalls;
      const illustrations = getService(app.strapi, 'illustrations');
      const enAgain = await finishedJob(app.strapi, documentId, { locale: 'en', after: (await illustrations.retry(en.id)).id - 1, timeoutMs: 60000 });
      const frAgain = await finishedJob(app.strapi, documentId, { locale: 'fr', after: (await illustrations.retry(fr.id)).id - 1, timeoutMs: 60000 });
      expect([enAgain.state, frAgain.state]).toEqual(['done', 'done']);
      // (Each locale's retry bought a generation of its own, and they showed different images: an app trial.)
      expect(emulator.stats.generateCalls - generateBefore).toBe(1);
      expect(frAgain.chosenAssetId).toBe(enAgain.chosenAssetId);
    });

    it("a locale waiting for another locale's image, which waits for the budget, says so and goes with it when the cap is raised", async () => {
      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: 5, dailyCap: null, whenReached: 'wait' } });
      const documentId = await publishInBoth('The harbour lighthouse', 'Le phare du port');
      const waiting = (locale: string, reason: string) =>
        waitFor(async () => {
          const [job] = await jobsFor(app.strapi, documentId, locale);
          return job?.state === 'queued' && (job as { reason?: string | null }).reason?.startsWith(reason) ? job : undefined;
        }, 60000);
      const en = await waiting('en', 'Budget reached');
      const fr = await waiting('fr', 'Shares the image of another locale, which waits for the budget (en). Budget reached');
      // (It waited, with no reason, until the first of next month: a raised cap never released it, scale-out trial.)
      expect(new Date((fr as { nextRunAt?: string }).nextRunAt!).getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 1000);

      const generateBefore = emulator.stats.generateCalls;
      await getService(app.strapi, 'settings').update({ budget: { monthlyCap: 1000, dailyCap: null, whenReached: 'wait' } });
      const [enDone, frDone] = [await finishedJob(app.strapi, documentId, { locale: 'en', after: en.id - 1, timeoutMs: 60000 }), await finishedJob(app.strapi, documentId, { locale: 'fr', after: fr.id - 1, timeoutMs: 60000 })];
      expect([enDone.state, frDone.state]).toEqual(['done', 'done']);
      expect(frDone.chosenAssetId).toBe(enDone.chosenAssetId);
      expect(emulator.stats.generateCalls - generateBefore).toBe(1);
      expect((await app.strapi.db.query(JOB).findOne({ where: { id: frDone.id } })).reason).toBeNull();
    });
  });
});

describe("Scenario's ceiling of jobs in flight (the text model's jobs count too)", () => {
  afterEach(async () => {
    await emulator.configure({ maxConcurrentJobs: undefined, jobSeconds: 0.4 });
    // The ceiling learned from a 429 is kept in the plugin's store: the other tests run without it.
    await app.strapi.store({ type: 'plugin', name: 'auto-illustration', key: 'generation-slots' }).delete({});
    await new Promise((resolve) => setTimeout(resolve, 2100));
  });

  it('a description keeps its slot from the next generation, and one refused by the ceiling is asked again', async () => {
    const earlier = await publishIn('fr', { ...FRENCH, title: 'La criée du port de pêche' });
    await emulator.configure({ maxConcurrentJobs: 1, jobSeconds: 1.5 });
    // Room for one job: the second article's generation waits for the first one's description, not the reverse. One
    // refusal at most: the second submission's, which teaches the plugin the ceiling (a description is never refused).
    const refusedFirst = emulator.stats.concurrencyRejections;
    const both = await Promise.all([publishIn('fr', { ...FRENCH, title: 'Le phare rouge' }), publishIn('fr', { ...FRENCH, title: 'Le phare vert' })]);
    expect(both.map(({ job }) => [job.state, job.altTextSource])).toEqual([['done', 'text-model'], ['done', 'text-model']]);
    expect(emulator.stats.concurrencyRejections - refusedFirst).toBeLessThanOrEqual(1);

    // An editor's choice while another article's generation holds the only slot: refused (not paid), asked again
    // when the slot frees, described by the text model.
    const { documentId: busy } = (await app.strapi.documents(ARTICLE).create({ data: { ...FRENCH, title: 'Le phare blanc' }, locale: 'fr' } as never)) as unknown as { documentId: string };
    await app.strapi.documents(ARTICLE).publish({ documentId: busy, locale: 'fr' } as never);
    const generating = async () => (await app.strapi.db.query(JOB).findOne({ where: { targetDocumentId: busy, targetLocale: 'fr', scenarioJobId: { $notNull: true } } })) as HelperJob | null;
    for (const until = Date.now() + 30000; !(await generating()) && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 50));
    const full = (await app.strapi.db.query(JOB).findOne({ where: { id: earlier.job.id } })) as HelperJob & { candidateAssetIds: string[] };
    const other = full.candidateAssetIds.find((assetId) => assetId !== full.chosenAssetId)!;
    const refusedBefore = emulator.stats.concurrencyRejections;
    await getService(app.strapi, 'illustrations').choose(earlier.job.id, other);
    const swapped = await finishedJob(app.strapi, earlier.documentId, { locale: 'fr', after: earlier.job.id, timeoutMs: 60000 });
    const chosen = (await app.strapi.db.query(JOB).findOne({ where: { id: swapped.id } })) as HelperJob;
    expect(emulator.stats.concurrencyRejections).toBeGreaterThan(refusedBefore);
    expect(chosen).toMatchObject({ state: 'done', chosenAssetId: other, altTextSource: 'text-model', helperNotes: null });
    expect((await finishedJob(app.strapi, busy, { locale: 'fr', timeoutMs: 60000 })).state).toBe('done');
  }, 120000);
});

describe('a content type without i18n', () => {
  it('reads the language from the text: a French guide gets French keyphrases, an English prompt and French alt text', async () => {
    const before = { translate: emulator.stats.translateCalls, llm: emulator.stats.llmCalls };
    const job = await publishGuide({
        title: 'Le vieux phare de l’île aux Macareux',
        summary: 'Les bénévoles ont restauré le vieux phare de l’île. La lanterne du phare brille de nouveau sur la mer.',
        intro: { text: 'Le gardien du phare vivait dans la maison au pied de la tour.', kicker: 'Patrimoine' },
      });
    expect(job.state).toBe('done');
    expect(job.language).toBe('fr');
    expect(job.keyphrases!.join(' | ')).toMatch(/phare/);
    // French rules: no English stopword treatment, elision cut ("l’île" → "île").
    expect(job.keyphrases!.some((phrase) => /^l[’']/.test(phrase))).toBe(false);
    expect(emulator.stats.translateCalls - before.translate).toBe(1);
    expect(job.prompt).toMatch(/lighthouse/);
    expect(emulator.stats.llmCalls - before.llm).toBe(1);
    expect(job.altTextSource).toBe('text-model');
  });

  it('a Polish guide whose description comes back in English gets alt text from its title, and says why', async () => {
    const before = { llm: emulator.stats.llmCalls };
    const title = 'Sadownicy z Grójca kończą zbiory jabłek';
    // The text model answers in English, as a model now and then does.
    await emulator.configure({ llmAnswer: 'A row of apple trees in an orchard at harvest time.' });
    const job = await publishGuide({
        title,
        summary: 'Sadownicy z Grójca kończą w tym tygodniu zbiory jabłek. Ceny skupu są najniższe od dekady, a wielu z nich nie wie, czy przetrwa zimę.',
      }).finally(() => emulator.configure({ llmAnswer: undefined }));
    expect(job.language).toBe('pl');
    // The text model was asked in Polish.
    expect(emulator.stats.llmCalls - before.llm).toBe(1);
    expect(emulator.stats.llmInstructions[emulator.stats.llmInstructions.length - 1]).toMatch(/in Polish/);
    expect(job).toMatchObject({ state: 'done', altTextSource: 'title' });
    expect(job.alternativeText).toBe(altTextFromCaption({ caption: '', title, locale: 'pl' }).alternativeText);
    expect(job.helperNotes).toEqual(expect.arrayContaining(['The text model answered in English, not in Polish: alt text from the title.']));
  });

  it('a translation that came back unchanged is paid once: the Retry after a refused prompt does not ask for it again', async () => {
    // The emulator translates no Polish: the words come back as they were sent. The image's prompt is refused.
    await emulator.configure({ rejectPromptsMatching: /Editorial photograph/ });
    const refused = await publishGuide({ title: 'Sadownicy z Grójca kończą zbiory jabłek', summary: 'Sadownicy z Grójca kończą w tym tygodniu zbiory jabłek.' });
    expect(refused).toMatchObject({ state: 'fallback', language: 'pl', translatedTitle: null, translationUnchanged: true });
    const translations = emulator.stats.translateCalls;
    await emulator.configure({ rejectPromptsMatching: undefined });
    await getService(app.strapi, 'illustrations').retry(refused.id);
    const retried = (await app.strapi.db.query(JOB).findOne({ where: { id: (await finishedJob(app.strapi, refused.targetDocumentId, { after: refused.id })).id } })) as HelperJob;
    expect(retried).toMatchObject({ state: 'done', translationUnchanged: true, prompt: refused.prompt });
    expect(emulator.stats.translateCalls).toBe(translations);
    expect(retried.helperNotes).toEqual(expect.arrayContaining([expect.stringMatching(/came back unchanged before: not asked \(nor paid\) again/)]));
  });

  it('an English guide stays English: no translation, alt text from the caption', async () => {
    const before = { translate: emulator.stats.translateCalls, llm: emulator.stats.llmCalls };
    const job = await publishGuide({ title: 'Feeding a sourdough starter', summary: 'Feed the sourdough starter with rye flour every morning, and keep the jar warm.' });
    expect(job.language).toBe('en');
    expect(emulator.stats.translateCalls - before.translate).toBe(0);
    expect(emulator.stats.llmCalls - before.llm).toBe(0);
    expect(job.altTextSource).toBe('caption');
  });
});

describe('translations sharing one generation', () => {
  it('each locale gets its own language: English from the caption, French from the text model', async () => {
    const { documentId } = (await app.strapi.documents(ARTICLE).create({
      data: { title: 'Volunteers restore the old lighthouse', body: blocks('The old lighthouse shines again over the sea.') },
      locale: 'en',
    } as never)) as unknown as { documentId: string };
    await app.strapi.documents(ARTICLE).update({ documentId, locale: 'fr', data: FRENCH } as never);
    const before = { generate: emulator.stats.generateCalls, llm: emulator.stats.llmCalls, translate: emulator.stats.translateCalls };
    await app.strapi.documents(ARTICLE).publish({ documentId, locale: '*' } as never);
    const en = await finishedJob(app.strapi, documentId, { locale: 'en', timeoutMs: 60000 });
    const fr = await finishedJob(app.strapi, documentId, { locale: 'fr', timeoutMs: 60000 });
    expect([en.state, fr.state]).toEqual(['done', 'done']);
    expect(emulator.stats.generateCalls - before.generate).toBe(1);
    expect(fr.chosenAssetId).toBe(en.chosenAssetId);
    const jobs = (await app.strapi.db.query(JOB).findMany({ where: { id: { $in: [en.id, fr.id] } } })) as Array<HelperJob & { targetLocale: string }>;
    const sources = Object.fromEntries(jobs.map((job) => [job.targetLocale, job.altTextSource]));
    expect(sources).toEqual({ en: 'caption', fr: 'text-model' });
    expect(emulator.stats.llmCalls - before.llm).toBe(1);
    // The French locale reuses the English image: its prompt is never needed, so it is not translated.
    expect(emulator.stats.translateCalls).toBe(before.translate);
    expect((await readArticle(app.strapi, documentId, 'published', 'fr'))!.cover!.alternativeText).toMatch(/phare/);
  });

  it("a locale unpublished while the shared images were made: the other locale uses them, one generation in all", async () => {
    await emulator.configure({ jobSeconds: 3 });
    try {
      const { documentId } = (await app.strapi.documents(ARTICLE).create({
        data: { title: 'Volunteers repaint the harbour crane', body: blocks('The old harbour crane is painted red again.') },
        locale: 'en',
      } as never)) as unknown as { documentId: string };
      await app.strapi.documents(ARTICLE).update({ documentId, locale: 'fr', data: FRENCH } as never);
      const before = emulator.stats.generateCalls;
      await app.strapi.documents(ARTICLE).publish({ documentId, locale: '*' } as never);
      const leader = await waitFor(async () => (await jobsFor(app.strapi, documentId, 'en')).find((job) => job.scenarioJobId));
      await app.strapi.documents(ARTICLE).unpublish({ documentId, locale: 'en' } as never);
      const en = await finishedJob(app.strapi, documentId, { locale: 'en', timeoutMs: 60000 });
      const fr = await finishedJob(app.strapi, documentId, { locale: 'fr', timeoutMs: 60000 });
      expect(en).toMatchObject({ id: leader.id, state: 'skipped' });
      expect(fr).toMatchObject({ state: 'done', scenarioJobId: leader.scenarioJobId });
      // It shows the prompt the images were made from, not one of its own that was never sent.
      expect(fr.prompt).toBe(en.prompt);
      expect(emulator.stats.generateCalls - before).toBe(1);
      expect((await readArticle(app.strapi, documentId, 'published', 'fr'))!.cover?.id).toBe(fr.fileId);
    } finally {
      await emulator.configure({ jobSeconds: 0.4 });
    }
  }, 120000);

  it('switched off for a type whose locales tell different stories: each locale gets its own image from its own prompt', async () => {
    const settings = getService(app.strapi, 'settings');
    const contentTypes = settings.current().contentTypes;
    await settings.update({ contentTypes: { ...contentTypes, [ARTICLE]: { ...contentTypes[ARTICLE], localesShareImage: false } } });
    try {
      const { documentId } = (await app.strapi.documents(ARTICLE).create({
        data: { title: 'Olive harvest begins in Jaén', body: blocks('Farmers in Jaén began the olive harvest this week. The olive harvest will last until January.') },
        locale: 'en',
      } as never)) as unknown as { documentId: string };
      await app.strapi.documents(ARTICLE).update({ documentId, locale: 'fr', data: FRENCH } as never);
      const before = { generate: emulator.stats.generateCalls, translate: emulator.stats.translateCalls };
      await app.strapi.documents(ARTICLE).publish({ documentId, locale: '*' } as never);
      const en = await finishedJob(app.strapi, documentId, { locale: 'en', timeoutMs: 60000 });
      const fr = await finishedJob(app.strapi, documentId, { locale: 'fr', timeoutMs: 60000 });
      expect([en.state, fr.state]).toEqual(['done', 'done']);
      expect(emulator.stats.generateCalls - before.generate).toBe(2);
      expect(fr.chosenAssetId).not.toBe(en.chosenAssetId);
      expect(emulator.stats.translateCalls - before.translate).toBe(1);
      const jobs = (await app.strapi.db.query(JOB).findMany({ where: { id: { $in: [en.id, fr.id] } } })) as Array<HelperJob & { targetLocale: string }>;
      const prompts = Object.fromEntries(jobs.map((job) => [job.targetLocale, job.prompt]));
      expect(prompts.en).toMatch(/olive/i);
      expect(prompts.fr).toMatch(/lighthouse/i);
    } finally {
      await settings.update({ contentTypes });
    }
  });
});

describe('the prompt assistant', () => {
  it('on: its prompt is used and the local one kept; off (default): no call', async () => {
    const before = emulator.stats.promptCalls;
    const plain = await publishIn('en', { title: 'Urban beekeepers on city rooftops', body: blocks('Honey bees thrive on rooftop gardens in the city.') });
    expect(emulator.stats.promptCalls).toBe(before);
    expect(plain.job.localPrompt).toBeNull();

    await getService(app.strapi, 'settings').update({ textHelpers: { translatePrompts: true, promptAssistant: true, describeInLanguage: true } });
    const { job } = await publishIn('en', { title: 'Fishermen mend their nets in the harbour', body: blocks('In the harbour, fishermen mend nets beside their boats at dawn.') });
    expect(job.state).toBe('done');
    expect(emulator.stats.promptCalls).toBe(before + 1);
    expect(job.localPrompt).toBeTruthy();
    expect(emulator.stats.promptInputs[emulator.stats.promptInputs.length - 1]).toBe(job.localPrompt);
    expect(job.prompt).toBe(`A fully realised scene: ${job.localPrompt!.replace(/[.\s]+$/, '')}. Clear focal point, layered foreground and background, balanced natural light.`);
    expect(emulator.stats.prompts[emulator.stats.prompts.length - 1]).toBe(job.prompt);
    // An English article needs neither translation nor the text model.
    expect(job.translatedTitle).toBeNull();
    expect(job.altTextSource).toBe('caption');
  });

  it('failing: the local prompt is used, with the reason', async () => {
    await getService(app.strapi, 'settings').update({ textHelpers: { translatePrompts: true, promptAssistant: true, describeInLanguage: true } });
    await emulator.configure({ failNext: { status: 400, route: 'prompt', body: { reason: 'Prompt writing is not part of your plan' } } });
    const { job } = await publishIn('en', { title: 'A new bridge over the river', body: blocks('The new bridge over the river opens to cyclists.') });
    expect(job.state).toBe('done');
    expect(job.localPrompt).toBeNull();
    expect(emulator.stats.prompts[emulator.stats.prompts.length - 1]).toBe(job.prompt);
    expect(job.prompt).not.toMatch(/^A fully realised scene/);
    expect(job.helperNotes).toEqual([expect.stringMatching(/prompt assistant failed \(.*not part of your plan.*\): the local prompt is used/)]);
  });
});

describe('after a crash in the middle of a paid helper call', () => {
  /** A job as the worker would find it after a crash, for an article already illustrated once. */
  async function resumedJob(documentId: string, from: HelperJob, patch: Record<string, unknown>): Promise<HelperJob> {
    const now = new Date();
    const created = (await app.strapi.db.query(JOB).create({
      data: {
        targetUid: ARTICLE,
        targetDocumentId: documentId,
        targetLocale: 'fr',
        trigger: 'generate',
        attempts: 0,
        lockVersion: 0,
        progress: 0,
        nextRunAt: now,
        deadlineAt: new Date(now.getTime() + 180_000),
        placeholderCheckedAt: now,
        history: [],
        ...patch,
      },
    })) as HelperJob;
    getService(app.strapi, 'worker').wake();
    const finished = await finishedJob(app.strapi, documentId, { locale: 'fr', after: from.id, timeoutMs: 60000 });
    expect(finished.id).toBe(created.id);
    return (await app.strapi.db.query(JOB).findOne({ where: { id: created.id } })) as HelperJob;
  }

  it('a translation is not sent again: the prompt uses the original words, and the job says so', async () => {
    const { documentId, job: first } = await publishIn('fr', { ...FRENCH, title: 'Les pêcheurs du port' });
    // (No earlier translation of these words to take instead: the first job's is forgotten.)
    await app.strapi.db.query(JOB).update({ where: { id: first.id }, data: { translatedTitle: null, translatedKeyphrases: null } });
    const before = emulator.stats.translateCalls;
    const job = await resumedJob(documentId, first, { state: 'queued', translationRequestedAt: new Date() });
    expect(job.state).toBe('done');
    expect(emulator.stats.translateCalls).toBe(before);
    expect(job.translatedTitle).toBeNull();
    expect(job.prompt).toMatch(/pêcheurs|port/);
    expect(job.helperNotes).toEqual([expect.stringMatching(/sent before and its answer lost \(interrupted by a restart.*it is not sent again/)]);
  });

  it('a description a restart interrupted is not asked again: one Scenario made of the image since is found and used', async () => {
    const { documentId, job: first } = await publishIn('fr', { ...FRENCH, title: 'Le pont sur la rivière' });
    const full = (await app.strapi.db.query(JOB).findOne({ where: { id: first.id } })) as HelperJob & { candidateAssetIds: string[]; candidateCaptions: string[] };
    const before = emulator.stats.llmCalls;
    const job = await resumedJob(documentId, first, {
      state: 'captioning',
      title: full.title,
      keyphrases: full.keyphrases,
      prompt: full.prompt,
      candidateAssetIds: full.candidateAssetIds,
      candidateCaptions: full.candidateCaptions,
      chosenAssetId: full.chosenAssetId,
      describeRequestedAt: new Date(),
    });
    expect(job.state).toBe('done');
    // (Here the first run's, made moments before of the same image with the same instruction: as good as the one a
    // restart would have lost. One made long before the call is not taken: tests/unit/pipeline-rules.test.ts.)
    expect(emulator.stats.llmCalls).toBe(before);
    expect(job.altTextSource).toBe('text-model');
    expect(job.alternativeText).toBe(first.alternativeText);
    expect(job.history?.map((entry) => entry.note)).toContainEqual(expect.stringMatching(/^found the description at Scenario: job_/));
  });

  it('a description whose answer was lost after Scenario took it is found in its job list and used, not paid twice', async () => {
    await emulator.configure({ resetNext: { route: 'llm', afterAccepting: true } });
    const before = emulator.stats.llmCalls;
    const { job } = await publishIn('fr', { ...FRENCH, title: 'Le marché du port rouvre' });
    expect(job.state).toBe('done');
    expect(emulator.stats.llmCalls - before).toBe(1);
    expect(job.altTextSource).toBe('text-model');
    expect(job.helperNotes ?? []).toEqual([]);
    expect(job.history?.map((entry) => entry.note)).toContainEqual(expect.stringMatching(/^found the description at Scenario: job_/));
  });
});

describe('the cost estimate', () => {
  it('prices the helpers that are on, per locale, from dry runs', async () => {
    const illustrations = getService(app.strapi, 'illustrations');
    const before = { dry: emulator.stats.dryRunCalls, paid: emulator.stats.translateCalls + emulator.stats.llmCalls + emulator.stats.promptCalls };
    const defaults = await illustrations.estimate();
    expect(defaults.credits).toBeGreaterThan(0);
    const rows = Object.fromEntries(defaults.helpers!.locales.map((row) => [row.locale, row]));
    expect(rows.en).toMatchObject({ helpers: [], credits: 0 });
    expect(rows.fr).toMatchObject({ helpers: ['translate', 'describe'], credits: 0.75 });
    // Articles whose language is read from their text (the guides have no i18n; any text may overrule its locale).
    expect(rows.detected).toMatchObject({ helpers: ['translate', 'describe'], credits: 0.75 });
    // The generation, a caption and the two helpers: dry runs only.
    expect(emulator.stats.dryRunCalls - before.dry).toBe(4);

    await getService(app.strapi, 'settings').update({ textHelpers: { translatePrompts: false, promptAssistant: true, describeInLanguage: true } });
    const withAssistant = await illustrations.estimate();
    const after = Object.fromEntries(withAssistant.helpers!.locales.map((row) => [row.locale, row]));
    // Every article calls the prompt assistant: it is in the price per article, and the rows add what a language adds.
    expect(withAssistant.breakdown).toEqual({ ...defaults.breakdown, promptAssistant: 3.75 });
    expect(withAssistant.credits).toBeCloseTo(defaults.credits! + 3.75, 2);
    expect(after.en).toMatchObject({ helpers: [], credits: 0 });
    expect(after.fr).toMatchObject({ helpers: ['describe'], credits: 0.5 });
    expect(after.detected).toMatchObject({ helpers: ['describe'], credits: 0.5 });
    expect(emulator.stats.translateCalls + emulator.stats.llmCalls + emulator.stats.promptCalls).toBe(before.paid);
  });
});
