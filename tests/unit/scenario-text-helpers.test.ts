/**
 * Scenario's text helpers: the emulator's three endpoints spoken to in raw HTTP (so a client mistake cannot hide an
 * emulator mistake), the client's methods against the emulator, and the pure parts the pipeline uses (joining and
 * splitting the one translate call, the instruction, alt text from a description, the per-locale estimate).
 */
import { setTimeout as wait } from 'node:timers/promises';
import { request } from 'undici';
import { createScenarioClient } from '../../server/src/scenario/client';
import { ScenarioError } from '../../server/src/scenario/errors';
import { describeForInstruction } from '../../emulator/text-helpers';
import { altTextFromDescription, MAX_DESCRIBED_ALT_LENGTH } from '../../server/src/domain/alt-text';
import { textHelperSettingsSchema } from '../../server/src/config/schema';
import {
  describeInstruction,
  estimateTextHelpers,
  helperDeadline,
  helpersFor,
  joinForTranslation,
  splitTranslation,
} from '../../server/src/services/pipeline/text-helpers';
import { DETECTED_LANGUAGES } from '../../server/src/shared/contracts';
import { FLUX_1_DEV, SCENARIO_LLM, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { TEXT_PREVIEW_LENGTH } from '../../emulator';
import { rawCall, type RawAnswer } from '../helpers/raw-http';

let emulator: ScenarioEmulator;
let auth: string;

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.3, textJobSeconds: 0.2 });
  auth = `Basic ${Buffer.from(`${emulator.apiKey}:${emulator.apiSecret}`).toString('base64')}`;
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(async () => {
  await emulator.reset();
});

function api(method: 'GET' | 'POST', path: string, body?: unknown, authorization = auth): Promise<RawAnswer> {
  return rawCall(`${emulator.apiUrl}${path}`, { method, body, headers: authorization ? { authorization } : {} });
}

/** An image asset made by a real (emulated) generation, for the text model to look at. */
async function imageAsset(prompt = 'Editorial photograph of the old lighthouse on the island, volunteers'): Promise<string> {
  const submitted = await api('POST', `/generate/custom/${FLUX_1_DEV}`, { prompt, numOutputs: 1, width: 512, height: 512 });
  expect(submitted.status).toBe(200);
  return (await finished(submitted.json.job.jobId)).metadata.assetIds[0];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function finished(jobId: string): Promise<any> {
  for (;;) {
    const { json } = await api('GET', `/jobs/${jobId}`);
    if (['success', 'failure', 'canceled'].includes(json.job.status)) return json.job;
    await wait(50);
  }
}

function makeClient() {
  return createScenarioClient({
    baseUrl: emulator.apiUrl,
    apiKey: emulator.apiKey,
    apiSecret: emulator.apiSecret,
    allowedDownloadHosts: [emulator.cdnHost],
    sleep: (ms) => wait(Math.min(ms, 10)),
    poll: { firstPollMs: 50, minIntervalMs: 20, maxIntervalMs: 100 },
  });
}

async function failure(promise: Promise<unknown>): Promise<ScenarioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected a failure');
}

describe('emulator: POST /generate/translate', () => {
  it('translates French, German and Spanish word by word, keeping line breaks and unknown words', async () => {
    const fr = await api('POST', '/generate/translate', { prompt: 'Des bénévoles restaurent le vieux phare de l’île aux Macareux\nmaison du gardien' });
    expect(fr.status).toBe(200);
    expect(fr.json.detectedLanguage).toBe('fr');
    expect(fr.json.translation).toBe('volunteers restore the old lighthouse of the island of the Macareux\nhouse of the keeper');
    expect(fr.json.job).toMatchObject({ jobType: 'translate', status: 'success' });
    expect((await api('POST', '/generate/translate', { prompt: 'Freiwillige restaurieren den alten Leuchtturm' })).json.detectedLanguage).toBe('de');
    expect((await api('POST', '/generate/translate', { prompt: 'Los voluntarios restauran el viejo faro' })).json.translation).toBe(
      'The volunteers restore the old lighthouse',
    );
    const english = await api('POST', '/generate/translate', { prompt: 'Bees on city rooftops' });
    expect(english.json).toMatchObject({ translation: 'Bees on city rooftops', detectedLanguage: 'en' });
    expect(emulator.stats.translateCalls).toBe(4);
  });

  it('refuses a missing or empty prompt, moderated text, bad auth and a foreign project; dry run gives 269 and bills nothing', async () => {
    expect((await api('POST', '/generate/translate', {})).status).toBe(400);
    expect((await api('POST', '/generate/translate', { prompt: '   ' })).status).toBe(400);
    expect((await api('POST', '/generate/translate', { prompt: 42 })).status).toBe(400);
    expect((await api('POST', '/generate/translate', { prompt: 'phare' }, 'Basic bm9wZTpub3Bl')).status).toBe(401);
    expect((await api('POST', '/generate/translate?projectId=proj_other', { prompt: 'phare' })).status).toBe(403);
    await emulator.configure({ rejectPromptsMatching: /interdit/ });
    expect((await api('POST', '/generate/translate', { prompt: 'un mot interdit' })).json.reason).toMatch(/moderation/);
    const dry = await api('POST', '/generate/translate?dryRun=true', { prompt: 'phare' });
    expect(dry.status).toBe(269);
    expect(dry.json.creativeUnitsCost).toBeGreaterThan(0);
    expect(dry.json.translation).toBeUndefined();
  });

  it('takes the injected faults by route: 429 cooldown, 5xx, and they do not touch other routes', async () => {
    await emulator.configure({ failNext: { status: 503, route: 'translate' } });
    expect((await api('POST', `/generate/caption`, { images: ['asset_missing'] })).status).toBe(404);
    expect((await api('POST', '/generate/translate', { prompt: 'phare' })).status).toBe(503);
    expect((await api('POST', '/generate/translate', { prompt: 'phare' })).status).toBe(200);
    await emulator.configure({ failNext: { status: 429, route: 'translate', body: { reason: 'Too many requests', remainingSeconds: 1 } } });
    expect((await api('POST', '/generate/translate', { prompt: 'phare' })).status).toBe(429);
  });
});

describe('emulator: POST /generate/prompt', () => {
  it('writes a fuller scene in contextual mode, one per result, checking mode, numResults and modelId', async () => {
    const answer = await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'Editorial photograph of a lighthouse', modelId: FLUX_1_DEV, numResults: 2 });
    expect(answer.status).toBe(200);
    expect(answer.json.mode).toBe('contextual');
    expect(answer.json.prompts).toHaveLength(2);
    expect(answer.json.prompts[0]).toMatch(/^A fully realised scene: Editorial photograph of a lighthouse\. /);
    expect((await api('POST', '/generate/prompt', { mode: 'poetic', prompt: 'x' })).status).toBe(400);
    expect((await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'x', numResults: 6 })).status).toBe(400);
    expect((await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'x', numResults: 1.5 })).status).toBe(400);
    expect((await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'x', modelId: 'model_nope' })).status).toBe(400);
    expect((await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'x', modelId: SCENARIO_LLM })).status).toBe(400);
    expect((await api('POST', '/generate/prompt', { mode: 'contextual' })).status).toBe(400);
    expect(emulator.stats.promptCalls).toBe(7);
    expect(emulator.stats.promptInputs[0]).toBe('Editorial photograph of a lighthouse');
  });

  it('takes the faults: a cooldown 429 (with remainingSeconds), a 502 gateway page, a refusal', async () => {
    await emulator.configure({ cooldownNext: 1, cooldownSeconds: 2 });
    const limited = await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'x' });
    expect(limited.status).toBe(429);
    expect(limited.json.remainingSeconds).toBe(2);
    await emulator.configure({ failNext: { status: 502, route: 'prompt' } });
    const gateway = await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'x' });
    expect(gateway.status).toBe(502);
    expect(gateway.text).toMatch(/<title>502 Bad Gateway<\/title>/);
    await emulator.configure({ rejectPromptsMatching: /forbidden/ });
    expect((await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'a forbidden scene' })).json.reason).toMatch(/moderation/);
    expect((await api('POST', '/generate/prompt', { mode: 'contextual', prompt: 'a harbour' })).status).toBe(200);
  });

  it('prices each mode with ?dryRun=true (contextual dearer than structured)', async () => {
    const contextual = await api('POST', '/generate/prompt?dryRun=true', { mode: 'contextual', prompt: 'x' });
    const structured = await api('POST', '/generate/prompt?dryRun=true', { mode: 'structured', prompt: 'x' });
    expect([contextual.status, structured.status]).toEqual([269, 269]);
    expect(contextual.json.creativeUnitsCost).toBeGreaterThan(structured.json.creativeUnitsCost);
    expect(emulator.stats.promptCalls).toBe(0);
  });
});

describe('emulator: model_scenario-llm', () => {
  it('is an async custom-model job whose output is a text asset in the requested language, whole in its preview', async () => {
    const image = await imageAsset();
    const submitted = await api('POST', `/generate/custom/${SCENARIO_LLM}`, {
      instruction: 'Write alt text for this image in French, one sentence.',
      images: [image],
      numOutputs: 1,
      notAnInput: true,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json.job.status).toBe('queued');
    expect(submitted.json.job.metadata.input).not.toHaveProperty('notAnInput');
    const job = await finished(submitted.json.job.jobId);
    expect(job.status).toBe('success');
    const { json } = await api('GET', `/assets/${job.metadata.assetIds[0]}`);
    expect(json.asset).toMatchObject({ kind: 'text', mimeType: 'text/plain', status: 'success' });
    expect(json.asset.metadata.hasFullPreview).toBe(true);
    expect(json.asset.metadata.preview).toMatch(/phare/);
    expect(json.asset.metadata.preview).not.toMatch(/\b(the|of|image)\b/i);
    // The signed URL serves the same text, without credentials.
    const download = await request(json.asset.url);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toMatch(/^text\/plain/);
    expect(await download.body.text()).toBe(json.asset.metadata.preview);
    expect(emulator.stats.llmCalls).toBe(1);
    expect(emulator.stats.generateCalls).toBe(1);
  });

  it('cuts a long answer’s preview near 1,024 characters (hasFullPreview false); the URL has it all', async () => {
    const long = `${'Un phare blanc sur une falaise battue par le vent. '.repeat(40)}Fin.`;
    await emulator.configure({ llmAnswer: long });
    const submitted = await api('POST', `/generate/custom/${SCENARIO_LLM}`, { instruction: 'Describe in French', images: [await imageAsset()] });
    const job = await finished(submitted.json.job.jobId);
    const { json } = await api('GET', `/assets/${job.metadata.assetIds[0]}`);
    expect(json.asset.metadata.hasFullPreview).toBe(false);
    expect(json.asset.metadata.preview).toHaveLength(TEXT_PREVIEW_LENGTH);
    expect(await (await request(json.asset.url)).body.text()).toBe(long);
  });

  it('drops wrongly shaped inputs silently (a string for images), refuses a missing instruction and unknown images', async () => {
    const image = await imageAsset();
    const noInstruction = await api('POST', `/generate/custom/${SCENARIO_LLM}`, { images: [image] });
    expect(noInstruction.status).toBe(400);
    expect(noInstruction.json.reason).toMatch(/instruction/);
    expect((await api('POST', `/generate/custom/${SCENARIO_LLM}`, { instruction: 'Describe', images: ['asset_nope'] })).status).toBe(404);
    const dropped = await api('POST', `/generate/custom/${SCENARIO_LLM}`, { instruction: 'Describe in French', images: image });
    expect(dropped.status).toBe(200);
    expect(dropped.json.job.metadata.input).not.toHaveProperty('images');
  });

  it('counts toward the concurrency ceiling (429 with actionLimit) and refuses moderated instructions at submission', async () => {
    const image = await imageAsset();
    await emulator.configure({ maxConcurrentJobs: 1, textJobSeconds: 5 });
    expect((await api('POST', `/generate/custom/${SCENARIO_LLM}`, { instruction: 'Describe in French', images: [image] })).status).toBe(200);
    const second = await api('POST', `/generate/custom/${SCENARIO_LLM}`, { instruction: 'Describe in French', images: [image] });
    expect(second.status).toBe(429);
    expect(second.json.details).toEqual({ actionName: 'generate', actionLimit: 1 });
    await emulator.configure({ maxConcurrentJobs: undefined, rejectPromptsMatching: /forbidden/ });
    expect((await api('POST', `/generate/custom/${SCENARIO_LLM}`, { instruction: 'Describe the forbidden', images: [image] })).status).toBe(400);
  });

  it('fails jobs whose instruction matches failJobsMatching; prices with dryRun; faults by route "llm"', async () => {
    const image = await imageAsset();
    await emulator.configure({ failJobsMatching: /alt text/ });
    const doomed = await api('POST', `/generate/custom/${SCENARIO_LLM}`, { instruction: 'Write alt text in German', images: [image] });
    const job = await finished(doomed.json.job.jobId);
    expect(job.status).toBe('failure');
    expect(job.metadata.error).toMatch(/moderation/);
    const dry = await api('POST', `/generate/custom/${SCENARIO_LLM}?dryRun=true`, { instruction: 'Describe', textInputs: ['x'] });
    expect(dry.status).toBe(269);
    expect(dry.json.creativeUnitsCost).toBe(0.5);
    await emulator.configure({ failNext: { status: 502, route: 'llm' } });
    expect((await api('POST', `/generate/custom/${FLUX_1_DEV}`, { prompt: 'a harbour', numOutputs: 1 })).status).toBe(200);
    expect((await api('POST', `/generate/custom/${SCENARIO_LLM}`, { instruction: 'Describe', images: [image] })).status).toBe(502);
  });
});

describe('client: translate, writePrompt, describeImage, estimateTextHelper', () => {
  it('translates and writes prompts; both are paid, so a 5xx after sending is an unknown outcome, never re-sent', async () => {
    const client = makeClient();
    await emulator.configure({ failNext: { status: 500, route: 'translate' } });
    const lost = await failure(client.translate('le vieux phare'));
    expect([lost.kind, lost.retryable, emulator.stats.translateCalls]).toEqual(['unknown-outcome', false, 1]);
    expect(lost.message).toMatch(/not sent again/);
    expect(await client.translate('le vieux phare')).toEqual({ translation: 'the old lighthouse', detectedLanguage: 'fr' });
    const promptCalls = () => emulator.stats.requests.filter((entry) => entry.path === '/v1/generate/prompt').length;
    await emulator.configure({ failNext: { status: 502, route: 'prompt' } });
    expect((await failure(client.writePrompt('Editorial photograph of a lighthouse', { mode: 'contextual' }))).kind).toBe('unknown-outcome');
    expect(promptCalls()).toBe(1);
    // A 429 was not accepted: it is retried.
    await emulator.configure({ cooldownNext: 1, cooldownSeconds: 0.05 });
    expect((await client.translate('le phare')).translation).toBeTruthy();
    const written = await client.writePrompt('Editorial photograph of a lighthouse', { mode: 'contextual', modelId: FLUX_1_DEV });
    expect(written).toMatch(/^A fully realised scene: Editorial photograph of a lighthouse/);
    expect(emulator.stats.requests.filter((entry) => entry.path === '/v1/generate/prompt').pop()?.bodyKeys).toEqual(['mode', 'prompt', 'numResults', 'modelId']);
  });

  it('a paid call its caller stops before the answer came (the helper\'s deadline) is an unknown outcome, never re-sent', async () => {
    const client = makeClient();
    const before = emulator.stats.translateCalls;
    await emulator.configure({ slowNext: { ms: 1500, route: 'translate' } });
    const stopped = await failure(client.translate('le vieux phare', { signal: AbortSignal.timeout(300) }));
    expect([stopped.kind, stopped.retryable]).toEqual(['unknown-outcome', false]);
    expect(stopped.message).toMatch(/not sent again/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(emulator.stats.translateCalls).toBe(before + 1); // Scenario carried it out (and was paid)
  });

  it('a refusal is final and names the reason', async () => {
    await emulator.configure({ rejectPromptsMatching: /phare/ });
    const error = await failure(makeClient().translate('le phare'));
    expect(error.kind).toBe('validation');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/moderation/);
  });

  it('describes an image: short answers from the preview, long ones through the download path', async () => {
    const client = makeClient();
    const image = await imageAsset();
    const short = await client.describeImage(image, describeInstruction('fr'), { deadline: Date.now() + 10_000 });
    expect(short.text).toMatch(/phare/);
    expect(short.jobId).toMatch(/^job_/);
    const downloadsBefore = emulator.stats.downloads;
    expect(emulator.stats.requests.find((entry) => entry.path === `/v1/generate/custom/${SCENARIO_LLM}`)?.bodyKeys).toEqual(['instruction', 'images', 'numOutputs']);

    const long = `${'Ein weißer Leuchtturm auf einer Klippe. '.repeat(40)}Ende.`;
    await emulator.configure({ llmAnswer: long });
    const full = await client.describeImage(image, describeInstruction('de'), { deadline: Date.now() + 10_000 });
    expect(full.text).toBe(long.trim());
    expect(emulator.stats.downloads).toBe(downloadsBefore + 1);
    expect(emulator.stats.cdnRequestsWithAuthorization).toBe(0);

    // A text asset not shown ready carries no text (an audit: the emulator gave a failed one's): it is looked at
    // again and read from its URL once ready; a failed one is a download error.
    await emulator.configure({ llmAnswer: 'Un phare blanc sur la falaise.', pendingAssetsNext: 1 });
    const pending = emulator.stats.downloads;
    expect((await client.describeImage(image, describeInstruction('fr'), { deadline: Date.now() + 10_000 })).text).toBe('Un phare blanc sur la falaise.');
    expect(emulator.stats.downloads).toBe(pending + 1);
    // A web page served in the text's place (a CDN error page with a 200) is no description: fetched again.
    await emulator.configure({ llmAnswer: long, corruptDownloadsNext: 1 });
    expect((await client.describeImage(image, describeInstruction('de'), { deadline: Date.now() + 10_000 })).text).toBe(long.trim());
    await emulator.configure({ llmAnswer: 'Un phare blanc sur la falaise.', errorAssetsNext: 2 });
    await expect(client.describeImage(image, describeInstruction('fr'), { deadline: Date.now() + 10_000 })).rejects.toMatchObject({ kind: 'download' });
    await emulator.configure({ llmAnswer: undefined });
  });

  it('a failed text job, a text asset from a host not allowed and a 5xx after sending are errors (never re-sent)', async () => {
    const image = await imageAsset();
    await emulator.configure({ failJobsMatching: /alt text/ });
    expect((await failure(makeClient().describeImage(image, describeInstruction('fr'), { deadline: Date.now() + 10_000 }))).message).toMatch(/failure.*moderation/);
    await emulator.configure({ failJobsMatching: undefined, llmAnswer: 'x'.repeat(2000), cdnPublicOrigin: 'http://127.0.0.1:1' });
    expect((await failure(makeClient().describeImage(image, 'Describe in French', { deadline: Date.now() + 10_000 }))).kind).toBe('download');
    await emulator.configure({ cdnPublicOrigin: undefined, failNext: { status: 500, route: 'llm', afterAccepting: true } });
    const before = emulator.stats.llmCalls;
    expect((await failure(makeClient().describeImage(image, 'Describe in French', { deadline: Date.now() + 10_000 }))).kind).toBe('unknown-outcome');
    expect(emulator.stats.llmCalls).toBe(before + 1);
    // Taken, then its answer unreadable (Scenario answering 503 to every look at the job): the error names the job,
    // which may still end and be billed; a job that failed at Scenario names none (nothing to wait for).
    await emulator.configure({ failNext: { status: 503, route: 'jobs', times: 50 } });
    const unread = await failure(makeClient().describeImage(image, 'Describe in French', { deadline: Date.now() + 3_000 }));
    expect(unread.jobId).toMatch(/^job_/);
    await emulator.configure({ failNext: undefined, failJobsMatching: /alt text/ });
    expect((await failure(makeClient().describeImage(image, describeInstruction('fr'), { deadline: Date.now() + 10_000 }))).jobId).toBeUndefined();
    await emulator.configure({ failJobsMatching: undefined });
  }, 30_000);

  it('prices each helper with a dry run, nothing billed', async () => {
    const client = makeClient();
    expect(await client.estimateTextHelper('translate')).toBe(0.25);
    expect(await client.estimateTextHelper('prompt', { mode: 'contextual', modelId: FLUX_1_DEV })).toBe(3.75);
    expect(await client.estimateTextHelper('describe')).toBe(0.5);
    expect(emulator.stats.dryRunCalls).toBe(3);
    expect(emulator.stats.translateCalls + emulator.stats.promptCalls + emulator.stats.llmCalls + emulator.stats.jobsCreated).toBe(0);
  });
});

describe('pipeline helpers (pure)', () => {
  it('one translate call for title and keyphrases: one per line, split back only when the lines still match', () => {
    const joined = joinForTranslation('Le vieux  phare', ['phare', 'maison du gardien']);
    expect(joined).toBe('Le vieux phare\nphare\nmaison du gardien');
    expect(splitTranslation('The old lighthouse\nlighthouse\nkeeper house\n', 2)).toEqual({ title: 'The old lighthouse', keyphrases: ['lighthouse', 'keeper house'] });
    expect(splitTranslation('The old lighthouse lighthouse keeper house', 2)).toBeNull();
    expect(splitTranslation('The old lighthouse\n\nkeeper house', 2)).toBeNull();
    // What a text model adds around the lines goes: a line announcing them, blank lines, list marks, quotes (review).
    expect(splitTranslation('Here is the translation:\n\n"The old lighthouse"\n- lighthouse\n- keeper house', 2)).toEqual({ title: 'The old lighthouse', keyphrases: ['lighthouse', 'keeper house'] });
    // Quotes of the line's own, and a name's number, stay (review); a numbered list loses its numbers.
    expect(splitTranslation('Merkel: "We can do it"\n1. FC Köln', 1)).toEqual({ title: 'Merkel: "We can do it"', keyphrases: ['1. FC Köln'] });
    expect(splitTranslation('1. The old lighthouse\n2. lighthouse', 1)).toEqual({ title: 'The old lighthouse', keyphrases: ['lighthouse'] });
    expect(splitTranslation('The old lighthouse\n1. lighthouse\n2. keeper house', 2)).toEqual({ title: 'The old lighthouse', keyphrases: ['lighthouse', 'keeper house'] });
    // No title: no line for it (a blank first line comes back trimmed away).
    expect(joinForTranslation(' ', ['port', 'vieille grue'])).toBe('port\nvieille grue');
    expect(splitTranslation('port\nold crane', 2, false)).toEqual({ title: '', keyphrases: ['port', 'old crane'] });
  });

  it('asks for one sentence in the language, by name, within 125 characters, without "image of"', () => {
    const instruction = describeInstruction('fr');
    expect(instruction).toMatch(/in French/);
    expect(instruction).toContain(String(MAX_DESCRIBED_ALT_LENGTH));
    expect(instruction).toMatch(/image of/);
  });

  it('gives a helper call at least 30 s and at most 60 s, else the time to the deadline', () => {
    const at = Date.parse('2026-01-01T00:00:00Z');
    expect(helperDeadline({ deadlineAt: new Date(at + 45_000).toISOString() }, at)).toBe(at + 45_000);
    expect(helperDeadline({ deadlineAt: new Date(at - 5_000).toISOString() }, at)).toBe(at + 30_000);
    expect(helperDeadline({ deadlineAt: new Date(at + 600_000).toISOString() }, at)).toBe(at + 60_000);
  });

  it('helpers per language: none for English by default; translation and alt text for the others', () => {
    const defaults = textHelperSettingsSchema.parse({});
    expect(defaults).toEqual({ translatePrompts: true, promptAssistant: false, describeInLanguage: true });
    expect(helpersFor('en', defaults)).toEqual({ translate: false, promptAssistant: false, describe: false });
    expect(helpersFor('fr-FR', defaults)).toEqual({ translate: true, promptAssistant: false, describe: true });
    expect(helpersFor('de', { ...defaults, translatePrompts: false, promptAssistant: true })).toEqual({ translate: false, promptAssistant: true, describe: true });
  });

  it('estimates per locale from one dry run per helper that is on', async () => {
    const asked: string[] = [];
    const client = { estimateTextHelper: async (helper: string) => (asked.push(helper), { translate: 0.25, prompt: 3.75, describe: 0.5 }[helper]!) };
    const locales = [{ code: 'en', name: 'English' }, { code: 'fr', name: 'French' }, { code: 'de', name: 'German' }];
    const defaults = textHelperSettingsSchema.parse({});
    const estimate = await estimateTextHelpers(client, { textHelpers: defaults, model: { id: FLUX_1_DEV } }, locales);
    expect(asked.sort()).toEqual(['describe', 'translate']);
    // Every site may have articles read in another language than their locale's (a Polish story under "en"): a row for them.
    const detected = { locale: DETECTED_LANGUAGES, name: 'Other languages (read from the text)', helpers: ['translate', 'describe'], credits: 0.75 };
    expect(estimate.locales).toEqual([
      { locale: 'en', name: 'English', helpers: [], credits: 0 },
      { locale: 'fr', name: 'French', helpers: ['translate', 'describe'], credits: 0.75 },
      { locale: 'de', name: 'German', helpers: ['translate', 'describe'], credits: 0.75 },
      detected,
    ]);
    const withAssistant = await estimateTextHelpers(client, { textHelpers: { ...defaults, promptAssistant: true, translatePrompts: false }, model: { id: FLUX_1_DEV } }, []);
    // The prompt assistant, called for every article whatever its language, is priced once, apart from the rows.
    expect(withAssistant.perCall.promptAssistant).toBe(3.75);
    expect(withAssistant.locales).toEqual([
      { locale: 'en', name: 'English', helpers: [], credits: 0 },
      { ...detected, helpers: ['describe'], credits: 0.5 },
    ]);
    // Content types without i18n, or an English-only site: English articles, and the row for those in another language.
    asked.length = 0;
    const englishOnly = await estimateTextHelpers(client, { textHelpers: defaults, model: { id: FLUX_1_DEV } }, [{ code: 'en', name: 'English' }]);
    expect(asked.sort()).toEqual(['describe', 'translate']);
    expect(englishOnly.locales).toEqual([{ locale: 'en', name: 'English', helpers: [], credits: 0 }, detected]);
  });
});

describe('alt text from a description', () => {
  it('keeps one clean sentence in the language, without "Image de…" openings, labels or quotes', () => {
    expect(altTextFromDescription({ text: '« Image d’un vieux phare blanc sur une falaise »', locale: 'fr' })?.alternativeText).toBe('Un vieux phare blanc sur une falaise.');
    expect(altTextFromDescription({ text: 'Alt text: Bild von einem Leuchtturm im Sturm.\nSecond line', locale: 'de' })?.alternativeText).toBe('Einem Leuchtturm im Sturm.');
    expect(altTextFromDescription({ text: 'Imagen de un faro antiguo', locale: 'es' })?.alternativeText).toBe('Un faro antiguo.');
    // A sentence already ended in its script's way gets no second full stop.
    expect(altTextFromDescription({ text: '岬の上の白い灯台。', locale: 'ja' })?.alternativeText).toBe('岬の上の白い灯台。');
    expect(altTextFromDescription({ text: 'هل هذه منارة قديمة؟', locale: 'ar' })?.alternativeText).toBe('هل هذه منارة قديمة؟');
  });

  it('cuts at a word boundary within 125 characters; the caption may run longer', () => {
    const text = 'Un phare blanc se dresse sur une falaise battue par les vagues, tandis que des bénévoles repeignent la lanterne sous un ciel gris et bas';
    const result = altTextFromDescription({ text, locale: 'fr' })!;
    expect(result.alternativeText.length).toBeLessThanOrEqual(MAX_DESCRIBED_ALT_LENGTH);
    expect(result.alternativeText).toMatch(/…$/);
    expect(text.startsWith(result.alternativeText.replace(/…$/, ''))).toBe(true);
    expect(result.caption).toBe(`${text}.`);
  });

  it('nothing usable is null: empty, a file name, a URL', () => {
    expect(altTextFromDescription({ text: '  ', locale: 'fr' })).toBeNull();
    expect(altTextFromDescription({ text: 'IMG_2041.png', locale: 'fr' })).toBeNull();
    expect(altTextFromDescription({ text: 'https://example.com/a.png', locale: 'fr' })).toBeNull();
    // A refusal or apology is no description (the review's answers).
    expect(altTextFromDescription({ text: 'Je suis désolé, je ne peux pas décrire cette image.', locale: 'fr' })).toBeNull();
    expect(altTextFromDescription({ text: "I'm sorry, I can't help with that.", locale: 'de' })).toBeNull();
  });

  it('skips a preamble that announces the answer, and Markdown around it', () => {
    const phare = 'Un vieux phare restauré par des bénévoles sur une île.';
    for (const text of [`Sure! Here is the alt text in French:\n\n${phare}`, `Voici le texte alternatif :\n« ${phare} »`, `**Texte alternatif :** ${phare}`, `- *${phare}*`]) {
      expect(altTextFromDescription({ text, locale: 'fr' })?.alternativeText).toBe(phare);
    }
    // A word joined by an underscore is no emphasis.
    expect(altTextFromDescription({ text: 'Le phare de Port_Blanc', locale: 'fr' })?.alternativeText).toBe('Le phare de Port_Blanc.');
    // A heading or a label on a line of its own, a preamble on the description's own line (a review's answers).
    for (const text of [`# Texte alternatif\n${phare}`, `**Alt text (French)**\n${phare}`, `Here is the alt text in French: ${phare}`, `Voici une description : ${phare}`]) {
      expect(altTextFromDescription({ text, locale: 'fr' })?.alternativeText).toBe(phare);
    }
    // Marks inside words, a numbered name and a colon inside the sentence stay; a lone line's colon ends it.
    expect(altTextFromDescription({ text: 'A terminal showing user_id fields and 2*3*4 = 24 on a chalkboard.', locale: 'de' })?.alternativeText).toBe('A terminal showing user_id fields and 2*3*4 = 24 on a chalkboard.');
    expect(altTextFromDescription({ text: '1. FC Köln Fans feiern im Stadion.', locale: 'de' })?.alternativeText).toBe('1. FC Köln Fans feiern im Stadion.');
    expect(altTextFromDescription({ text: 'Leider geschlossen: ein Schild an der Tür einer Bäckerei.', locale: 'de' })?.alternativeText).toBe('Leider geschlossen: ein Schild an der Tür einer Bäckerei.');
    expect(altTextFromDescription({ text: 'Deux alpinistes sur une crête sous le sommet :', locale: 'fr' })?.alternativeText).toBe('Deux alpinistes sur une crête sous le sommet.');
  });

  it('takes no refusal or apology as a description, in the languages asked for and others; a description that opens so stays', () => {
    const refusals: Array<[string, string]> = [
      ['en', 'I apologize, but I cannot describe this image.'], ['en', "I'm not able to describe people in images."],
      ['de', 'Ich kann leider keine Beschreibung für dieses Bild liefern.'], ['es', 'Lamentablemente, no puedo describir esta imagen.'],
      ['it', 'Purtroppo non posso descrivere questa immagine.'], ['fr', 'Je suis navré, mais je ne peux pas décrire cette image.'],
      ['ja', '申し訳ありませんが、この画像を説明することはできません。'], ['pl', 'Przepraszam, ale nie mogę opisać tego obrazu.'],
    ];
    // ...and a first-person "cannot" whatever it cannot do (the second review's answers).
    refusals.push(['en', 'I cannot identify the person in this image.'], ['en', 'I am unable to see the image you shared.'], ['en', "I can't help with that."],
      ['es', 'No puedo ver la imagen.'], ['fr', "Je ne peux pas voir l'image."], ['de', 'Leider kann ich das Bild nicht sehen.'], ['it', "Non posso vedere l'immagine."]);
    // ...and an answer saying no image came (a failed load), in any of these languages (the third review).
    refusals.push(['en', "I don't see an image in your message. Could you upload it again?"], ['en', 'The image could not be loaded.'],
      ['en', 'There is no image attached to describe.'], ['fr', "Je ne vois pas d'image jointe à votre message."], ['de', 'Ich sehe kein Bild in Ihrer Nachricht.'],
      ['es', 'No veo ninguna imagen adjunta.'], ['ja', '画像が添付されていないようです。'], ['zh', '我看不到图片。']);
    for (const [locale, text] of refusals) expect(altTextFromDescription({ text, locale })).toBeNull();
    // A sign's quoted words and a "cannot" that is about the scene are descriptions (the third review).
    for (const text of ['“I can’t breathe” placard held up by a protester outside a courthouse.', 'A volunteer at a help desk for people who cannot afford heating.', 'Hikers on a ridge with a view over a valley that roads cannot reach.']) {
      expect(altTextFromDescription({ text, locale: 'de' })).not.toBeNull();
    }
    expect(altTextFromDescription({ text: 'Photo desk at the Guardian newsroom.', locale: 'fr' })?.alternativeText).toBe('Photo desk at the Guardian newsroom.');
    // A preamble only when it names what follows: "Here's a lighthouse on a cliff: …" is the description.
    expect(altTextFromDescription({ text: "Here's a lighthouse on a cliff: waves crash below.", locale: 'de' })?.alternativeText).toBe("Here's a lighthouse on a cliff: waves crash below.");
    expect(altTextFromDescription({ text: '# Storm hits the coast', locale: 'de' })?.alternativeText).toBe('Storm hits the coast.');
    expect(altTextFromDescription({ text: 'Sorry Day marchers carry banners across the harbour bridge.', locale: 'de' })).not.toBeNull();
    expect(altTextFromDescription({ text: 'No puedo creerlo: un niño mira los fuegos artificiales.', locale: 'es' })).not.toBeNull();
  });
});

describe("the emulator's text model, in the languages it knows", () => {
  it('answers in the language the instruction names (twenty of them), and in English for one it does not know', () => {
    expect(describeForInstruction(describeInstruction('pl'), 'a lighthouse')).toBe('Scena redakcyjna w miękkim, naturalnym świetle.');
    expect(describeForInstruction(describeInstruction('nb'), 'a lighthouse')).toBe('Redaksjonell scene i mykt naturlig lys.');
    expect(describeForInstruction(describeInstruction('ja'), 'a lighthouse')).toBe('柔らかな自然光の中の報道写真の一場面。');
    expect(describeForInstruction(describeInstruction('cy'), 'a lighthouse')).toMatch(/^An editorial scene|^Scene with/);
  });
});
