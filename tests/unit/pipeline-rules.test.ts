/**
 * The pipeline's rules against an in-memory job repository and Scenario client (tests/unit/fakes/pipeline-world.ts):
 * what is paid for is never asked for twice, nothing paid for is dropped, and a job that has nothing to do ends
 * without spending. No Strapi is booted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ABORTED_AFTER_SENDING, ScenarioDeadlineError, ScenarioError } from '../../server/src/scenario/errors';
import { textHashOf } from '../../server/src/services/pipeline/preparation';
import { describe as describeError, endOfWait, lostAnswer, placeholderAltTextOf } from '../../server/src/services/pipeline/shared';
import { retryStart } from '../../server/src/services/illustrations';
import { describeInstruction } from '../../server/src/services/pipeline/text-helpers';
import { ARTICLE_UID, createWorld, jobRow, scenarioError, type World } from './fakes/pipeline-world';
import { periodKey } from '../../server/src/domain/budget';
import { HELD_UNTIL } from '../../server/src/services/jobs';

const ARTICLE = { title: 'Lighthouses of Brittany', text: 'Granite lighthouses guard the rocky coastline of Brittany against Atlantic storms.' };

function publish(world: World, fields: Parameters<typeof jobRow>[0] = { id: 1 }) {
  if (!world.articles.has('article-1')) world.articles.set('article-1', { ...ARTICLE, imageFileId: null });
  return jobRow(fields);
}

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

describe('what became of a paid call whose answer never came, in words that fit any call', () => {
  it('names the request, not "it" (a new user read "The captions failed (Scenario answered 503 after receiving it)")', () => {
    expect(lostAnswer(new ScenarioError('x', { kind: 'unknown-outcome', status: 503 }))).toBe('Scenario answered 503 after receiving the request');
    expect(lostAnswer(new ScenarioError('x', { kind: 'timeout', code: 'TIMEOUT' }))).toBe('no answer came in time after the request was sent');
    expect(lostAnswer(new ScenarioError('x', { kind: 'network' }))).toBe('the answer was lost after the request was sent');
  });
});

describe('a publish, start to end', () => {
  it('submits once, captions once and attaches the candidate whose caption matches the keyphrases', async () => {
    const world = createWorld();
    world.scenario.state.captions = (ids) => ids.map((id) => (id === 'asset-b' ? 'Granite lighthouses on the coastline of Brittany' : 'A cat on a sofa'));
    const done = await world.run(publish(world));

    expect(done.state).toBe('done');
    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(world.scenario.calls.caption).toEqual([['asset-a', 'asset-b']]);
    expect(done.chosenAssetId).toBe('asset-b');
    expect(done.altTextSource).toBe('caption');
    expect(done.captionRequestedAt).toBeNull();
    const fileId = world.articles.get('article-1')!.imageFileId!;
    expect(world.files.get(fileId)).toMatchObject({ mimeType: 'image/jpeg', provenance: { kind: 'image', assetId: 'asset-b', textHash: textHashOf(ARTICLE) } });
  });
});

describe('nothing to do: the job ends without spending', () => {
  // Our own earlier image is replaced on a publish only where the content type replaces images.
  const replacing = { contentTypes: { 'api::article.article': { imageField: 'cover', textFields: ['body'], replaceExisting: true } } };

  it('skips a publish of an article unchanged since its image went up (known from the job history)', async () => {
    const world = createWorld(replacing);
    world.articles.set('article-1', { ...ARTICLE, imageFileId: 7 });
    world.jobs.add(jobRow({ id: 1, state: 'done', textHash: textHashOf(ARTICLE), fileId: 7, lockedBy: null }));
    const job = await world.run(publish(world, { id: 2 }));

    expect(job).toMatchObject({ state: 'skipped', reason: 'The article has not changed since it was last illustrated.', textHash: textHashOf(ARTICLE) });
    expect(world.scenario.calls.generate).toHaveLength(0);
  });

  it('says why an article can no longer take its image: unpublished (its draft is left), or deleted', async () => {
    const world = createWorld();
    expect(await world.run(jobRow({ id: 1 }))).toMatchObject({ state: 'skipped', reason: 'The article is no longer published.' });
    world.deleted.add('article-1');
    expect(await world.run(jobRow({ id: 2 }))).toMatchObject({ state: 'skipped', reason: 'The article was deleted.' });
    world.deleted.clear();
    world.withoutDrafts.add('api::article.article');
    expect(await world.run(jobRow({ id: 3 }))).toMatchObject({ state: 'skipped', reason: 'The article was deleted.' });
    expect(world.scenario.calls.generate).toHaveLength(0);
  });

  it('skips it too when only the image itself says so (a reinstall with an empty job table)', async () => {
    const world = createWorld(replacing);
    world.files.set(7, {
      bytes: Buffer.alloc(1), mimeType: 'image/jpeg', extension: 'jpg', baseName: 'old', alternativeText: '', caption: '',
      provenance: { uid: 'api::article.article', documentId: 'article-1', locale: null, kind: 'image', textHash: textHashOf(ARTICLE), jobId: 99 },
    });
    world.articles.set('article-1', { ...ARTICLE, imageFileId: 7 });
    const job = await world.run(publish(world, { id: 1 }));

    expect(job).toMatchObject({ state: 'skipped', reason: 'The article has not changed since it was last illustrated.' });
    expect(world.scenario.calls.generate).toHaveLength(0);
  });

  it('an image that meets an editor\'s own at attaching leaves the article alone, and its placeholder the editor replaced goes', async () => {
    const world = createWorld();
    withEditorsImageOverOurPlaceholder(world);
    const job = await world.run(publish(world, {
      id: 1, state: 'attaching', title: ARTICLE.title, textHash: textHashOf(ARTICLE), candidateAssetIds: ['asset-a'], chosenAssetId: 'asset-a',
      alternativeText: 'A tower', caption: 'A tower', placeholderFileId: 5, placeholderCheckedAt: secondsAgo(60),
    }));

    expect(job).toMatchObject({ state: 'skipped', reason: 'An editor set the "cover" field meanwhile; this job\'s image was left out.' });
    expect(world.files.has(5)).toBe(false);
    expect(world.articles.get('article-1')!.imageFileId).toBe(9);
  });

  it('a job skipped after its placeholder went up (an editor set their own image meanwhile) removes that placeholder and says why', async () => {
    const world = createWorld();
    withEditorsImageOverOurPlaceholder(world);
    const job = await world.run(publish(world, { id: 1, placeholderFileId: 5, placeholderCheckedAt: secondsAgo(60), lastError: 'Scenario could not be reached.' }));

    expect(job).toMatchObject({ state: 'skipped', reason: 'The "cover" field already has an image.', lastError: null });
    expect(job.history!.at(-1)!.note).toBe('The "cover" field already has an image');
    // The article's title names the job's row on the jobs page (not its document id).
    expect(job.title).toBe(world.articles.get('article-1')!.title);
    expect(world.files.has(5)).toBe(false);
  });

  it('illustrates again once the text changed', async () => {
    const world = createWorld(replacing);
    world.articles.set('article-1', { ...ARTICLE, text: `${ARTICLE.text} New paragraph about fog horns.`, imageFileId: 7 });
    world.jobs.add(jobRow({ id: 1, state: 'done', textHash: textHashOf(ARTICLE), fileId: 7, lockedBy: null }));
    const job = await world.run(publish(world, { id: 2 }));

    expect(job.state).toBe('done');
    expect(world.scenario.calls.generate).toHaveLength(1);
    // The earlier image, no longer used, is tidied away.
    expect(world.articles.get('article-1')!.imageFileId).not.toBe(7);
  });

  it('without replaceExisting, leaves our own earlier image on a publish even when the text changed', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...ARTICLE, text: `${ARTICLE.text} New paragraph about fog horns.`, imageFileId: 7 });
    world.jobs.add(jobRow({ id: 1, state: 'done', textHash: textHashOf(ARTICLE), fileId: 7, lockedBy: null }));
    const job = await world.run(publish(world, { id: 2 }));

    // Said as it is: the image is ours, made for the text before (not "an image" an editor may have set).
    expect(job).toMatchObject({
      state: 'skipped',
      reason: 'Its image was made for the text before this change and stays, as replaceExisting is off for this type: regenerate for one made for the new text.',
    });
    expect(world.scenario.calls.generate).toHaveLength(0);
  });

  it('leaves an image an editor chose alone, and a job of the same article already at work', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...ARTICLE, imageFileId: 55 });
    expect(await world.run(publish(world, { id: 1 }))).toMatchObject({ state: 'skipped', reason: 'The "cover" field already has an image.' });

    const busy = createWorld();
    busy.jobs.add(jobRow({ id: 1, state: 'generating', lockedBy: 'other-worker' }));
    expect(await busy.run(publish(busy, { id: 2 }))).toMatchObject({ state: 'skipped', reason: 'Job 1 is already illustrating this article.' });
    expect([...world.scenario.calls.generate, ...busy.scenario.calls.generate]).toHaveLength(0);
  });

  it("a request from the side panel leaves an image an editor set meanwhile alone, its candidates kept for them", async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...ARTICLE, imageFileId: 55 });
    const job = await world.run(editorsChoiceOf('asset-b'));
    expect(job).toMatchObject({ state: 'skipped', candidateAssetIds: ['asset-a', 'asset-b'] });
    expect(world.articles.get('article-1')!.imageFileId).toBe(55);
  });
});

describe('a submission whose answer was lost', () => {
  it('is looked for in Scenario\'s job list, and not sent again before it could show there', async () => {
    const world = createWorld();
    world.scenario.state.generateError = scenarioError('unknown-outcome');
    const job = await world.run(publish(world));

    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(world.scenario.calls.listJobs).toBe(1);
    expect(job).toMatchObject({ state: 'generating', scenarioJobId: null, submissions: 1 });
    // Handed back to look again shortly, not re-submitted.
    expect(new Date(job.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
  });

  it('carries on with the submission when the job list shows it', async () => {
    const world = createWorld();
    const lost = publish(world, { id: 1, state: 'generating', prompt: 'a lighthouse', seed: 42, submittedAt: secondsAgo(3), submissions: 1, title: ARTICLE.title });
    world.scenario.state.listed = [
      { jobId: 'someone-else', status: 'success', progress: 1, assetIds: ['x'], input: { seed: 42, prompt: 'another prompt' } },
      { jobId: 'ours', status: 'success', progress: 1, assetIds: ['asset-a'], input: { seed: 42, prompt: 'a lighthouse' } },
    ];
    const job = await world.run(lost);

    expect(job).toMatchObject({ state: 'done', scenarioJobId: 'ours' });
    expect(world.scenario.calls.waitForJob).toEqual(['ours']);
    expect(world.scenario.calls.generate).toHaveLength(0);
  });

  it('is looked for from when its answer was lost, not from when it was sent: a timeout comes long after sending', async () => {
    // (A request Scenario carries out after the client gave up shows in the list only then.)
    const world = createWorld();
    world.articles.set('article-1', { ...ARTICLE, imageFileId: null });
    const timedOut = jobRow({ id: 1, state: 'generating', prompt: 'a lighthouse', seed: 42, textHash: textHashOf(ARTICLE), title: ARTICLE.title, submittedAt: secondsAgo(31), answerLostAt: secondsAgo(1), submissions: 1 });
    expect(await world.run(timedOut)).toMatchObject({ state: 'generating', scenarioJobId: null, submissions: 1 });
    expect(world.scenario.calls.generate).toHaveLength(0);
    // A process found gone mid-request: the lookups start when it is found.
    const crashed = createWorld();
    crashed.articles.set('article-1', { ...ARTICLE, imageFileId: null });
    const found = await crashed.run({ ...timedOut, answerLostAt: null, submittedAt: secondsAgo(120) });
    expect(found).toMatchObject({ state: 'generating', scenarioJobId: null });
    expect(Date.now() - new Date(found.answerLostAt!).getTime()).toBeLessThan(5_000);
    expect(crashed.scenario.calls.generate).toHaveLength(0);
  });

  it('is found by its prompt where the model dropped the seed, and never as an earlier failed job of the same prompt', async () => {
    const world = createWorld();
    const lost = publish(world, { id: 1, state: 'generating', prompt: 'a lighthouse', seed: 42, submittedAt: secondsAgo(3), answerLostAt: secondsAgo(1), submissions: 1, title: ARTICLE.title });
    world.scenario.state.listed = [
      { jobId: 'failed-retry', status: 'failure', progress: 1, assetIds: [], input: { seed: 42, prompt: 'a lighthouse' } },
      { jobId: 'ours', status: 'success', progress: 1, assetIds: ['asset-a'], input: { prompt: 'a lighthouse' } },
    ];
    expect(await world.run(lost)).toMatchObject({ state: 'done', scenarioJobId: 'ours' });
    expect(world.scenario.calls.generate).toHaveLength(0);
    // Without a seed, a job another of ours took minutes before (a regeneration of the same prompt) is not this one (review).
    const again = createWorld();
    again.jobs.add(jobRow({ id: 7, state: 'done', prompt: 'a lighthouse', scenarioJobId: 'previous-generation', lockedBy: null }));
    again.scenario.state.listed = [{ jobId: 'previous-generation', status: 'success', progress: 1, assetIds: ['asset-a'], createdAt: new Date(Date.now() - 90_000).toISOString(), input: { prompt: 'a lighthouse' } }];
    const looking = await again.run(publish(again, { id: 8, state: 'generating', prompt: 'a lighthouse', seed: 9, submittedAt: secondsAgo(3), answerLostAt: secondsAgo(1), submissions: 1, title: ARTICLE.title }));
    expect(looking).toMatchObject({ state: 'generating', scenarioJobId: null });
  });

  it('is sent again, once, when the list still lacks it well after sending; never a third time', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...ARTICLE, imageFileId: null });
    const lost = jobRow({ id: 1, state: 'generating', prompt: 'a lighthouse', seed: 42, textHash: textHashOf(ARTICLE), title: ARTICLE.title, submittedAt: secondsAgo(60), answerLostAt: secondsAgo(50), submissions: 1 });
    const job = await world.run(lost);

    expect(world.scenario.calls.generate).toEqual([expect.objectContaining({ prompt: 'a lighthouse', seed: 42 })]);
    expect(job).toMatchObject({ state: 'done', submissions: 2 });

    const exhausted = createWorld();
    exhausted.articles.set('article-1', { ...ARTICLE, imageFileId: null });
    const twice = await exhausted.run({ ...lost, submissions: 2 });
    expect(exhausted.scenario.calls.generate).toHaveLength(0);
    expect(twice).toMatchObject({ state: 'fallback', usePlaceholder: true, reason: 'Scenario did not take the job after two submissions.' });
  });
});

/** Our placeholder (file 5) was put up, then an editor replaced it with their own image (file 9, not ours). */
function withEditorsImageOverOurPlaceholder(world: World): void {
  world.files.set(5, {
    bytes: Buffer.alloc(1), mimeType: 'image/png', extension: 'png', baseName: 'placeholder', alternativeText: 'Lighthouses of Brittany', caption: '',
    provenance: { uid: 'api::article.article', documentId: 'article-1', locale: null, kind: 'placeholder', textHash: textHashOf(ARTICLE), jobId: 1 },
  });
  world.articles.set('article-1', { ...ARTICLE, imageFileId: 9 });
}

/** The article shows our image (file 7, made for `textHash`), and no candidate can be downloaded. */
function withOurImageUndownloadable(world: World, textHash: string): void {
  world.files.set(7, {
    bytes: Buffer.alloc(1), mimeType: 'image/jpeg', extension: 'jpg', baseName: 'old', alternativeText: '', caption: '',
    provenance: { uid: 'api::article.article', documentId: 'article-1', locale: null, kind: 'image', textHash, jobId: 1 },
  });
  world.articles.set('article-1', { ...ARTICLE, imageFileId: 7 });
  world.scenario.state.downloadErrors.set('asset-a', scenarioError('not-found'));
  world.scenario.state.downloadErrors.set('asset-b', scenarioError('not-found'));
}

/** An editor's choice of `assetId`, captioned, about to be attached. */
function editorsChoiceOf(assetId: string) {
  return jobRow({
    id: 2, trigger: 'choose', state: 'attaching', title: ARTICLE.title, textHash: textHashOf(ARTICLE), candidateAssetIds: ['asset-a', 'asset-b'],
    chosenAssetId: assetId, alternativeText: 'A tower', caption: 'A tower', placeholderCheckedAt: secondsAgo(1),
  });
}

describe('paid results are never dropped nor bought twice', () => {
  it('falls back to the next candidate when the chosen one cannot be downloaded', async () => {
    const world = createWorld();
    world.scenario.state.downloadErrors.set('asset-a', scenarioError('not-found'));
    const attaching = publish(world, {
      id: 1, state: 'attaching', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], candidateCaptions: ['A lighthouse', 'A granite tower by the sea'],
      chosenAssetId: 'asset-a', alternativeText: 'A lighthouse', caption: 'A lighthouse', placeholderCheckedAt: secondsAgo(1),
    });
    const job = await world.run(attaching);

    expect(world.scenario.calls.downloadAsset).toEqual(['asset-a', 'asset-b']);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-b', alternativeText: expect.stringMatching(/^A granite tower by the sea/) });
    expect(job.lastError).toBeNull();
    expect(world.files.get(world.articles.get('article-1')!.imageFileId!)!.provenance.assetId).toBe('asset-b');
  });

  it('retries later (not the next candidate) when a download fails for a passing reason', async () => {
    const world = createWorld();
    world.scenario.state.downloadErrors.set('asset-a', scenarioError('network', true));
    const job = await world.run(publish(world, {
      id: 1, state: 'attaching', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], chosenAssetId: 'asset-a', placeholderCheckedAt: secondsAgo(1),
    }));

    expect(world.scenario.calls.downloadAsset).toEqual(['asset-a']);
    expect(job).toMatchObject({ state: 'attaching', attempts: 1, chosenAssetId: 'asset-a' });
  });

  it('does not send a caption call again that a crash interrupted: the first candidate goes up with alt text from the title', async () => {
    const world = createWorld();
    const job = await world.run(publish(world, {
      id: 1, state: 'captioning', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], captionRequestedAt: secondsAgo(30), placeholderCheckedAt: secondsAgo(30),
    }));

    expect(world.scenario.calls.caption).toHaveLength(0);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'title' });
    expect(job.alternativeText).toContain('Lighthouses of Brittany');
  });

  it('an editor\'s choice that cannot be fetched fails, retryable, and the article keeps its image (no "an editor set the field")', async () => {
    const world = createWorld();
    withOurImageUndownloadable(world, textHashOf(ARTICLE));
    const job = await world.run(editorsChoiceOf('asset-b'));

    expect(job.state).toBe('failed');
    expect(job.reason).toMatch(/^The image could not be put up \(.+\); the article keeps the one it has\.$/);
    expect(world.articles.get('article-1')!.imageFileId).toBe(7);
  });

  it('an automatic publish that ends in the placeholder leaves our earlier image up and fails with the reason, retryable', async () => {
    const world = createWorld({ contentTypes: { 'api::article.article': { imageField: 'cover', textFields: ['body'], replaceExisting: true } } });
    withOurImageUndownloadable(world, 'an older text');
    const job = await world.run(publish(world, { id: 2 }));

    expect(job).toMatchObject({ state: 'failed', reason: expect.stringMatching(/the article keeps the one it has\.$/) });
    expect(job.candidateAssetIds).toEqual(['asset-a', 'asset-b']);
    expect(world.articles.get('article-1')!.imageFileId).toBe(7);
  });

  it('a placeholder job that meets an image an editor set meanwhile is skipped, not failed: nothing to retry', async () => {
    const world = createWorld();
    // File 9 is the editor's upload: no provenance of ours.
    world.articles.set('article-1', { ...ARTICLE, imageFileId: 9 });
    const job = await world.run(publish(world, { id: 2, state: 'attaching', title: ARTICLE.title, usePlaceholder: true, reason: 'Scenario is down.', placeholderCheckedAt: secondsAgo(1) }));

    expect(job).toMatchObject({ state: 'skipped', reason: 'An editor set the "cover" field meanwhile; this job\'s placeholder was left out.' });
    expect(world.articles.get('article-1')!.imageFileId).toBe(9);
  });

  it('in review mode without draft & publish, a placeholder is never offered for review over the image the article has', async () => {
    const world = createWorld({ contentTypes: { 'api::article.article': { imageField: 'cover', textFields: ['body'], publishMode: 'review' } } });
    world.withoutDrafts.add('api::article.article');
    withOurImageUndownloadable(world, textHashOf(ARTICLE));
    const job = await world.run(editorsChoiceOf('asset-b'));

    expect(job).toMatchObject({ state: 'failed', awaitingReview: false });
    expect(world.articles.get('article-1')!.imageFileId).toBe(7);
  });

  it('a retry starts where what was paid for ends: the chosen image stays chosen, its written alt text with it', () => {
    const base = { title: ARTICLE.title, scenarioJobId: 'earlier', candidateAssetIds: ['asset-a', 'asset-b'] };
    // Captioned, its alt text written from the chosen caption: attached with it.
    expect(retryStart(jobRow({ id: 1, ...base, candidateCaptions: ['A cat', 'A lighthouse'], chosenAssetId: 'asset-b', alternativeText: 'A lighthouse.', caption: 'A lighthouse.', altTextSource: 'caption' })))
      .toEqual({ trigger: 'retry', state: 'attaching', chosenAssetId: 'asset-b', text: { alternativeText: 'A lighthouse.', caption: 'A lighthouse.', altTextSource: 'caption' } });
    // The text model's description of a publish's image (a French article): attached with it, not described again.
    expect(retryStart(jobRow({ id: 2, ...base, targetLocale: 'fr', candidateCaptions: ['A cat', 'A lighthouse'], chosenAssetId: 'asset-b', alternativeText: 'Un phare.', caption: 'Un phare.', altTextSource: 'text-model' })))
      .toMatchObject({ state: 'attaching', chosenAssetId: 'asset-b', text: { alternativeText: 'Un phare.', altTextSource: 'text-model' } });
    // Captioned, alt text from the title (the description failed): captioning writes it again for that image.
    expect(retryStart(jobRow({ id: 3, ...base, targetLocale: 'fr', candidateCaptions: ['A cat', 'A lighthouse'], chosenAssetId: 'asset-b', alternativeText: 'Illustration', altTextSource: 'title' })))
      .toEqual({ trigger: 'retry', state: 'captioning', chosenAssetId: 'asset-b', captionRequestedAt: null, describeRequestedAt: null });
    // An editor's choice (or another locale's) without alt text yet: captioning that image, the lost caption's mark carried over.
    expect(retryStart(jobRow({ id: 4, ...base, trigger: 'choose', chosenAssetId: 'asset-b', captionRequestedAt: secondsAgo(9) })))
      .toMatchObject({ state: 'captioning', chosenAssetId: 'asset-b', captionRequestedAt: expect.any(String) });
    // Nothing chosen yet: the captions choose.
    expect(retryStart(jobRow({ id: 5, ...base, trigger: 'publish' }))).toEqual({ trigger: 'retry', state: 'captioning', captionRequestedAt: null });
  });

  it('a French image whose download failed after the text model described it: the retry attaches it, nothing described again', async () => {
    const world = createWorld();
    world.articles.set('article-1', { title: 'Les phares de Bretagne', text: 'Les phares de granite protègent la côte rocheuse de Bretagne contre les tempêtes.', imageFileId: null });
    world.scenario.state.downloadErrors.set('asset-a', scenarioError('not-found'));
    world.scenario.state.downloadErrors.set('asset-b', scenarioError('not-found'));
    const fallback = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(fallback).toMatchObject({ state: 'fallback', altTextSource: 'text-model', alternativeText: expect.stringMatching(/^Asset-/) });
    // The placeholder's alt text is its file's, not the job's.
    expect(world.files.get(world.articles.get('article-1')!.imageFileId!)!.alternativeText).toContain('Les phares de Bretagne');

    world.scenario.state.downloadErrors.clear();
    const start = retryStart(fallback);
    expect(start).toMatchObject({ state: 'attaching', chosenAssetId: fallback.chosenAssetId, text: { altTextSource: 'text-model' } });
    const retried = await world.run({ ...fallback, id: 2, documentId: 'job-2', ...start, ...start.text, usePlaceholder: false, fileId: null, finishedAt: null });
    expect(retried).toMatchObject({ state: 'done', chosenAssetId: fallback.chosenAssetId, alternativeText: fallback.alternativeText });
    expect(world.scenario.calls.describeImage).toHaveLength(1);
    expect(world.scenario.calls.caption).toHaveLength(1);
  });

  it('a chosen image in another language, with descriptions off, takes alt text from the title: no caption is bought for it', async () => {
    const world = createWorld({ textHelpers: { describeInLanguage: false } });
    world.articles.set('article-1', { title: 'Les phares de Bretagne', text: 'Les phares de granite protègent la côte rocheuse de Bretagne.', imageFileId: null });
    const job = await world.run(jobRow({
      id: 2, trigger: 'choose', state: 'captioning', targetLocale: 'fr', language: 'fr', title: 'Les phares de Bretagne', scenarioJobId: 'earlier', candidateAssetIds: ['asset-a', 'asset-b'],
      chosenAssetId: 'asset-b', placeholderCheckedAt: secondsAgo(1),
    }));
    expect(world.scenario.calls.caption).toHaveLength(0);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-b', altTextSource: 'title', alternativeText: expect.stringContaining('Les phares de Bretagne') });
  });

  it('a retry reuses the candidates paid for: captions them, never generates', async () => {
    const world = createWorld();
    const retry = publish(world, {
      id: 2, trigger: 'retry', state: 'captioning', title: ARTICLE.title, textHash: textHashOf(ARTICLE), prompt: 'a lighthouse', scenarioJobId: 'earlier',
      candidateAssetIds: ['asset-a', 'asset-b'], submissions: 1, placeholderCheckedAt: secondsAgo(1), progress: 1,
    });
    const job = await world.run(retry);

    expect(world.scenario.calls.generate).toHaveLength(0);
    expect(world.scenario.calls.caption).toEqual([['asset-a', 'asset-b']]);
    expect(job.state).toBe('done');
  });

  it('a retry of a generation that failed at Scenario generates afresh, once', async () => {
    const world = createWorld();
    world.scenario.state.waitForJob = async (jobId) =>
      jobId === 'failed-earlier' ? { jobId, status: 'failure', progress: 1, assetIds: [], error: 'GPU lost' } : { jobId, status: 'success', progress: 1, assetIds: ['asset-c'] };
    const retry = publish(world, {
      id: 2, trigger: 'retry', state: 'generating', title: ARTICLE.title, textHash: textHashOf(ARTICLE), prompt: 'a lighthouse', seed: 7,
      scenarioJobId: 'failed-earlier', submittedAt: secondsAgo(600), submissions: 1, placeholderCheckedAt: secondsAgo(1),
    });
    const job = await world.run(retry);

    expect(world.scenario.calls.waitForJob).toEqual(['failed-earlier', 'scenario-job-1']);
    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-c' });

    // Its own generation failing too (a moderated prompt fails every time): the placeholder, not another one and on.
    const failing = createWorld();
    failing.scenario.state.waitForJob = async (jobId) => ({ jobId, status: 'failure', progress: 1, assetIds: [], error: 'blocked by content moderation' });
    const again = await failing.run(publish(failing, { ...retry, id: 3 }));
    expect(failing.scenario.calls.generate).toHaveLength(1);
    expect(again).toMatchObject({ state: 'fallback', usePlaceholder: true, reason: 'Scenario job failure: blocked by content moderation' });
  });
});

describe('the deadline', () => {
  it('puts the placeholder up and the job goes on; the image replaces it', async () => {
    const world = createWorld();
    let shownWhileGenerating: string | undefined;
    world.scenario.state.waitForJob = async (jobId) => {
      const fileId = world.articles.get('article-1')!.imageFileId;
      shownWhileGenerating = fileId === null ? 'nothing' : world.files.get(fileId)?.provenance.kind;
      return { jobId, status: 'success', progress: 1, assetIds: ['asset-a'] };
    };
    const late = publish(world, { id: 1, deadlineAt: secondsAgo(1) });
    const job = await world.run(late);

    expect(shownWhileGenerating).toBe('placeholder');
    expect(job.state).toBe('done');
    expect(job.reason).toBeNull();
    expect(world.scenario.calls.generate).toHaveLength(1);
    const fileId = world.articles.get('article-1')!.imageFileId!;
    expect(world.files.get(fileId)!.provenance.kind).toBe('image');
    // The placeholder went away once nothing used it.
    expect([...world.files.values()].map((file) => file.provenance.kind)).toEqual(['image']);
  });

  it('a placeholder whose mark a crash cut off is found again, marked, and replaced by the image like any of ours', async () => {
    const world = createWorld();
    world.uploadDiesBeforeMark = true;
    const first = await world.run(publish(world, { id: 1, deadlineAt: secondsAgo(1) }));
    expect(first.state).not.toBe('done');
    expect([...world.files.values()].map((file) => file.unmarked)).toEqual([true]);
    // Run again (after the restart): the leftover is used, not uploaded twice, and goes when the image comes.
    const job = await world.pipeline.process(world.jobs.get(1), world.context());
    expect(job.state).toBe('done');
    expect(world.scenario.calls.generate).toHaveLength(1);
    expect([...world.files.values()].map((file) => file.provenance.kind)).toEqual(['image']);
  });

  it("an editor's picture put into our placeholder's file (Replace media) is theirs: the image leaves it alone, never deletes it", async () => {
    const world = createWorld();
    let placeholder = 0;
    world.scenario.state.waitForJob = async (jobId) => {
      placeholder = world.articles.get('article-1')!.imageFileId!;
      world.files.get(placeholder)!.replaced = true;
      return { jobId, status: 'success', progress: 1, assetIds: ['asset-a'] };
    };
    const job = await world.run(publish(world, { id: 1, deadlineAt: secondsAgo(1) }));
    expect(job.state).toBe('skipped');
    expect(world.articles.get('article-1')!.imageFileId).toBe(placeholder);
    expect(world.files.has(placeholder)).toBe(true);
  });

  it('the wait for the generation stops at the deadline to put the placeholder up, then goes on until the give-up limit', async () => {
    const world = createWorld();
    const deadlineAt = new Date(Date.now() + 1500);
    const waits: Array<{ deadline: number; shown: string }> = [];
    world.scenario.state.waitForJob = async (jobId, options) => {
      const fileId = world.articles.get('article-1')!.imageFileId;
      waits.push({ deadline: options.deadline, shown: fileId === null ? 'nothing' : world.files.get(fileId)!.provenance.kind });
      if (waits.length > 1) return { jobId, status: 'success', progress: 1, assetIds: ['asset-a'] };
      // Like the real client: the deadline error comes once the deadline has passed.
      await sleep(Math.max(0, options.deadline - Date.now()) + 5);
      throw scenarioError('deadline');
    };
    const job = await world.run(publish(world, { id: 1, deadlineAt: deadlineAt.toISOString() }));

    const giveUpAt = new Date(job.createdAt).getTime() + world.config.giveUpAfterSeconds * 1000;
    expect(waits).toEqual([
      { deadline: deadlineAt.getTime(), shown: 'nothing' },
      { deadline: giveUpAt, shown: 'placeholder' },
    ]);
    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(job.state).toBe('done');
  });
});

describe('the lease', () => {
  it('a worker that lost the job stops before paying for anything', async () => {
    const world = createWorld();
    const job = publish(world, { id: 1 });
    world.jobs.add({ ...job, lockedBy: 'another-worker' });
    await expect(world.pipeline.process(job, world.context())).rejects.toThrow('no longer held');
    expect(world.scenario.calls.generate).toHaveLength(0);
  });
});

describe('failures', () => {
  it('Scenario unreachable: the placeholder goes up at once and the job waits without spending an attempt', async () => {
    const world = createWorld();
    world.scenario.state.unreachable = true;
    world.scenario.state.generateError = scenarioError('network', true);
    const job = await world.run(publish(world));

    expect(job).toMatchObject({ state: 'queued', attempts: 0, lastError: 'Scenario: network', submissions: 0 });
    expect(job.reason).toMatch(/A placeholder is shown; the image follows when Scenario is back/);
    expect(world.files.get(world.articles.get('article-1')!.imageFileId!)!.provenance.kind).toBe('placeholder');
  });

  it('a caption call that failed with an answer is tried again later, and may be sent again', async () => {
    const world = createWorld();
    world.scenario.state.captionError = scenarioError('rate-limited', true);
    const job = await world.run(publish(world, { id: 1, state: 'captioning', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], placeholderCheckedAt: secondsAgo(1) }));

    expect(job).toMatchObject({ state: 'captioning', attempts: 1, captionRequestedAt: null });
    expect(new Date(job.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
  });

  it('a caption call whose answer was lost is never sent again: the first candidate goes up, the reason on the job, the quote kept', async () => {
    const world = createWorld({ budget: { monthlyCap: 100 } });
    world.scenario.state.captionError = scenarioError('unknown-outcome');
    const job = await world.run(publish(world, { id: 1, state: 'captioning', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], placeholderCheckedAt: secondsAgo(1) }));

    expect(world.scenario.calls.caption).toHaveLength(1);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'title' });
    expect(job.captionRequestedAt).not.toBeNull();
    expect(job.alternativeText).toContain('Lighthouses of Brittany');
    expect(job.helperNotes!.at(-1)).toMatch(/^The captions failed \(.*\); they are paid, so they are not asked for again: alt text from the title\.$/);
    // Perhaps billed: the two images' caption quote stays counted.
    expect(world.budget.spent()).toBeCloseTo(2, 5);
  });

  it('a worker stopping during the caption call leaves the job marked for whoever runs it next, who does not send it again', async () => {
    const world = createWorld();
    const stopping = new AbortController();
    world.scenario.state.captions = () => {
      stopping.abort();
      throw new ScenarioError('Scenario: stopped after sending', { kind: 'unknown-outcome', code: ABORTED_AFTER_SENDING });
    };
    const job = world.jobs.add(publish(world, { id: 1, state: 'captioning', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], placeholderCheckedAt: secondsAgo(1) }));
    await expect(world.pipeline.process(job, { ...world.context(), signal: stopping.signal })).rejects.toThrow('no longer held');
    // The call itself is stopped by the worker's signal (a hung call does not hold up a shutdown).
    expect(world.scenario.calls.captionSignals[0]).toBe(stopping.signal);
    const left = world.jobs.get(1)!;
    expect(left).toMatchObject({ state: 'captioning', chosenAssetId: null });
    expect(left.captionRequestedAt).not.toBeNull();

    const next = await world.run(left);
    expect(world.scenario.calls.caption).toHaveLength(1);
    expect(next).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'title' });
  });

  it('an editor\'s choice among candidates without captions is kept: only it is captioned, or it goes up with alt text from the title', async () => {
    const choice = () => jobRow({
      id: 2, trigger: 'choose', state: 'captioning', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], chosenAssetId: 'asset-b', placeholderCheckedAt: secondsAgo(1),
    });
    const world = createWorld();
    const job = await world.run(publish(world, choice()));
    expect(world.scenario.calls.caption).toEqual([['asset-b']]);
    // Answered: its mark goes, so a retry of this job does not take the caption for lost.
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-b', alternativeText: 'A photo for asset-b.', captionRequestedAt: null });

    const lost = createWorld();
    lost.scenario.state.captionError = scenarioError('unknown-outcome');
    expect(await lost.run(publish(lost, choice()))).toMatchObject({ state: 'done', chosenAssetId: 'asset-b', altTextSource: 'title' });
  });

  it('the last attempt at a caption does not throw the paid image away: it goes up with alt text from the title', async () => {
    const world = createWorld();
    world.scenario.state.captionError = scenarioError('rate-limited', true);
    const job = await world.run(publish(world, {
      id: 1, state: 'captioning', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], attempts: world.config.worker.maxAttempts - 1, placeholderCheckedAt: secondsAgo(1),
    }));

    expect(world.scenario.calls.caption).toHaveLength(1);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'title', usePlaceholder: false });
    // Said on the job, where the side panel shows it.
    expect(job.helperNotes!.at(-1)).toMatch(/^The captions failed \(.+\): alt text from the title\.$/);
  });

  it('a job given up while it described its captioned image goes up with alt text from its caption, and says why', () => {
    const job = jobRow({ id: 1, state: 'captioning', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], candidateCaptions: ['A lighthouse at dusk', 'A tower'], chosenAssetId: 'asset-b' });
    const { patch } = endOfWait(job, 'Scenario: boom.');
    expect(patch).toMatchObject({ state: 'attaching', chosenAssetId: 'asset-b', altTextSource: 'caption' });
    expect(patch.alternativeText).toMatch(/tower/i);
    expect(patch.helperNotes!.at(-1)).toBe('The alt text could not be written (Scenario: boom): alt text from its caption.');
  });

  it('a generation that failed at Scenario (refunded) ends in the placeholder, with nothing spent', async () => {
    const world = createWorld();
    world.scenario.state.waitForJob = async (jobId) => ({ jobId, status: 'failure', progress: 1, assetIds: [], error: 'NSFW filter' });
    const job = await world.run(publish(world));

    expect(job).toMatchObject({ state: 'fallback', usePlaceholder: true, reason: 'Scenario job failure: NSFW filter', creditsSpent: 0 });
    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(world.files.get(world.articles.get('article-1')!.imageFileId!)!.provenance.kind).toBe('placeholder');
  });
});

describe('articles in other languages', () => {
  const FRENCH = { title: 'Les phares de Bretagne', text: 'Les phares de granite protègent la côte rocheuse de Bretagne contre les tempêtes.' };

  it('translates title and keyphrases for the prompt in one call, and has the text model describe the image', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));

    expect(world.scenario.calls.translate).toHaveLength(1);
    expect(world.scenario.calls.translate[0].split('\n')[0]).toBe(FRENCH.title);
    expect(world.scenario.calls.describeImage).toHaveLength(1);
    expect(job).toMatchObject({ state: 'done', language: 'fr', translatedTitle: `en: ${FRENCH.title}`, altTextSource: 'text-model' });
    // What it cost beside its generation, as the budget counted it: the translation, a caption a candidate, the description.
    const { quotes } = world.scenario.state;
    expect(Number(job.helperCredits)).toBe(quotes.translate + quotes.caption * world.config.numOutputs + quotes.describe);
    expect(Number(job.creditsSpent)).toBe(world.scenario.state.generationCost);
  });

  it('a paid helper is on the job before its call goes: a crash during the call leaves it counted, as the budget counts it', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    let countedWhileSent: number | undefined;
    world.scenario.state.translation = (text) => {
      countedWhileSent = Number(world.jobs.get(1).helperCredits ?? 0);
      return text.split('\n').map((line) => `en: ${line}`).join('\n');
    };
    await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(countedWhileSent).toBe(world.scenario.state.quotes.translate);
  });

  it('an editor\'s own prompt goes as written: nothing is translated (nor paid) for it, and the job says so', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    const job = await world.run(jobRow({ id: 1, trigger: 'generate', targetLocale: 'fr', requestedPrompt: 'Photographie du vieux phare au crépuscule' }));
    expect(world.scenario.calls.translate).toHaveLength(0);
    expect(job).toMatchObject({ state: 'done', prompt: 'Photographie du vieux phare au crépuscule', translatedTitle: null });
    expect(job.helperNotes).toEqual(['Your own prompt is sent as you wrote it, untranslated: image models follow English prompts best.']);
    // One written in English needs no such word (a trial).
    const english = await world.run(jobRow({ id: 2, trigger: 'generate', targetLocale: 'fr', requestedPrompt: 'Photograph of the old granite lighthouse at dusk, waves on the rocks' }));
    expect(english).toMatchObject({ state: 'done', prompt: 'Photograph of the old granite lighthouse at dusk, waves on the rocks' });
    expect(english.helperNotes).toBeNull();
    expect(world.scenario.calls.translate).toHaveLength(0);
  });

  it('a translation that came back unchanged is said so, not shown as a translation', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.translation = (text) => text;
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(world.scenario.calls.translate).toHaveLength(1);
    expect(job).toMatchObject({ state: 'done', translatedTitle: null, translatedKeyphrases: null, translationUnchanged: true });
    expect(job.helperNotes).toEqual(['The translation to English came back unchanged: the prompt uses the original words.']);
    // Paid: a Regenerate (or a Retry after a refusal) of the same words does not buy it again (a new user's trial).
    const again = await world.run(jobRow({ id: 2, trigger: 'generate', targetLocale: 'fr' }));
    expect(world.scenario.calls.translate).toHaveLength(1);
    expect(again).toMatchObject({ state: 'done', translatedTitle: null, translationUnchanged: true, prompt: job.prompt });
    expect(again.helperNotes).toEqual([expect.stringMatching(/came back unchanged before: not asked \(nor paid\) again/)]);
    // Other words are another text: translated.
    world.articles.set('article-1', { ...FRENCH, title: 'Les phares du Finistère', imageFileId: null });
    await world.run(jobRow({ id: 3, trigger: 'generate', targetLocale: 'fr' }));
    expect(world.scenario.calls.translate).toHaveLength(2);
  });

  it('builds the prompt from the noun phrases of the translated keyphrases (a verb an untagged run kept stays out)', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    const english = ['The lighthouses of Brittany', 'granite lighthouses protect', 'rocky coast', 'Brittany', 'storms', 'counted'];
    world.scenario.state.translation = (text) => english.slice(0, text.split('\n').length).join('\n');
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));

    // The translation as returned is kept; the prompt has its noun phrases only.
    expect(job.translatedKeyphrases).toContain('granite lighthouses protect');
    expect(job.prompt).toMatch(/granite lighthouses/);
    expect(job.prompt).not.toMatch(/protect|counted/);
  });

  it("takes the description after an English preamble, and no apology: the language of the words kept is what counts", async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.description = () => 'Sure! Here is the alt text in French:\n\n**Un vieux phare restauré par des bénévoles sur une île rocheuse.**';
    expect(await world.run(jobRow({ id: 1, targetLocale: 'fr' }))).toMatchObject({
      state: 'done', altTextSource: 'text-model', alternativeText: 'Un vieux phare restauré par des bénévoles sur une île rocheuse.',
    });
    const sorry = createWorld();
    sorry.articles.set('article-1', { ...FRENCH, imageFileId: null });
    sorry.scenario.state.description = () => 'Je suis désolé, je ne peux pas décrire cette image.';
    const refused = await sorry.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(refused).toMatchObject({ state: 'done', altTextSource: 'title' });
    expect(refused.helperNotes).toEqual([expect.stringMatching(/not usable as alt text/)]);
  });

  it('never takes a description that came back in English for a French article: alt text from the title, and why', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.description = () => 'An editorial scene in soft natural light.';
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(job).toMatchObject({ state: 'done', altTextSource: 'title' });
    expect(job.alternativeText).not.toMatch(/editorial scene/);
    expect(job.helperNotes).toEqual(['The text model answered in English, not in French: alt text from the title.']);
    // It answered: a retry may ask again.
    expect(job.describeRequestedAt).toBeNull();
  });

  it('a description Scenario took whose answer could not be read (Scenario out of reach meanwhile): kept for later, not lost', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.describeError = new ScenarioError('Scenario could not be reached (connection refused)', { kind: 'network', jobId: 'text-job-cut' });
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(job).toMatchObject({ state: 'done', altTextSource: 'title', describeJobId: 'text-job-cut' });
    expect(job.helperNotes).toEqual([expect.stringMatching(/took the description, but its answer could not be read \(Scenario could not be reached.*\): alt text from the title until it is/)]);
    expect(world.scenario.calls.describeImage).toHaveLength(1);
  });

  it('a description kept for later is billed, and dropped when another image, or the placeholder, is shown instead', async () => {
    const billed = createWorld();
    billed.articles.set('article-1', { ...FRENCH, imageFileId: null });
    billed.scenario.state.describeError = new ScenarioError('Scenario answered 503', { kind: 'server', status: 503, jobId: 'text-job-503' });
    const kept = await billed.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(kept.describeJobId).toBe('text-job-503');
    // Scenario made the job: its reservation (2) is settled, not released (only the room the translation held is).
    expect(billed.budget.log.filter((entry) => entry.op === 'release' && entry.amount === 2)).toEqual([]);

    const swapped = createWorld();
    swapped.articles.set('article-1', { ...FRENCH, imageFileId: null });
    swapped.scenario.state.describeError = new ScenarioDeadlineError('text-job-slow', 'in-progress');
    swapped.scenario.state.downloadErrors.set('asset-a', scenarioError('not-found'));
    const other = await swapped.run(jobRow({ id: 1, targetLocale: 'fr' }));
    // Its alt text is the title's, and says so (the description awaited was of the image that could not be had).
    expect(other).toMatchObject({ state: 'done', chosenAssetId: 'asset-b', describeJobId: null, altTextSource: 'title', describeRequestedAt: null });

    const placeholder = createWorld();
    placeholder.articles.set('article-1', { ...FRENCH, imageFileId: null });
    placeholder.scenario.state.describeError = new ScenarioDeadlineError('text-job-slow', 'in-progress');
    placeholder.scenario.state.downloadErrors.set('asset-a', scenarioError('not-found'));
    placeholder.scenario.state.downloadErrors.set('asset-b', scenarioError('not-found'));
    const fallback = await placeholder.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(fallback).toMatchObject({ state: 'fallback', usePlaceholder: true, describeJobId: null });
  });

  it('a description still running past its call: the image goes up with alt text from the title, and the job keeps its Scenario job to use it later', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.describeError = new ScenarioDeadlineError('text-job-slow', 'in-progress');
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(job).toMatchObject({ state: 'done', altTextSource: 'title', describeJobId: 'text-job-slow' });
    expect(job.helperNotes).toEqual([expect.stringMatching(/had not finished describing the image in time: alt text from the title until its description arrives/)]);
    expect(world.scenario.calls.describeImage).toHaveLength(1);
    expect(world.scenario.calls.listJobs).toBe(0);
  });

  it('a description whose answer was lost is looked for in Scenario\'s job list: used when found, never asked again', async () => {
    const lost = new ScenarioError('lost', { kind: 'unknown-outcome', retryable: false });
    const listedDescription = (assetId: string, jobId = 'text-job-lost', createdAt = new Date().toISOString()) => ({
      jobId, status: 'success' as const, progress: 1, assetIds: ['text-asset'], createdAt,
      input: { instruction: describeInstruction('fr'), images: [assetId], numOutputs: 1 },
    });
    const daysAgo = new Date(Date.now() - 3 * 86_400_000).toISOString();
    // Found: its text is the alt text, and nothing is sent again.
    const found = createWorld();
    found.articles.set('article-1', { ...FRENCH, imageFileId: null });
    found.scenario.state.describeError = lost;
    found.scenario.state.describeErrorTimes = 1;
    found.scenario.state.listed = [listedDescription('asset-a'), listedDescription('asset-b')];
    const job = await found.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(found.scenario.calls.describeImage).toHaveLength(1);
    expect(found.scenario.calls.describeResult).toEqual(['text-job-lost']);
    // ("Une photo de asset-b." as alt text: the description's opening is left off.)
    expect(job).toMatchObject({ state: 'done', altTextSource: 'text-model', alternativeText: `A${job.chosenAssetId!.slice(1)}.` });
    // Not listed at first (a job just made may not be yet): looked for again, a few seconds apart. An older
    // description of the same image (another job's, days ago) is not this call's.
    const late = createWorld();
    late.articles.set('article-1', { ...FRENCH, imageFileId: null });
    late.scenario.state.describeError = lost;
    late.scenario.state.listed = [listedDescription('asset-a', 'old-a', daysAgo), listedDescription('asset-b', 'old-b', daysAgo)];
    setTimeout(() => late.scenario.state.listed.unshift(listedDescription('asset-a', 'new-a'), listedDescription('asset-b', 'new-b')), 1_000);
    const listedLate = await late.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(late.scenario.calls.describeImage).toHaveLength(1);
    expect(late.scenario.calls.listJobs).toBeGreaterThanOrEqual(2);
    expect(late.scenario.calls.describeResult).toEqual([`new-${listedLate.chosenAssetId!.slice(-1)}`]);
    expect(listedLate).toMatchObject({ state: 'done', altTextSource: 'text-model' });
    // A restart mid-description: the same lookup, once; nothing of this call's listed: alt text from the title, why.
    const resumedJob = () => jobRow({
      id: 1, targetLocale: 'fr', language: 'fr', state: 'captioning', title: FRENCH.title, candidateAssetIds: ['asset-a', 'asset-b'], chosenAssetId: 'asset-a',
      candidateCaptions: ['A lighthouse', 'A tower'], describeRequestedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const restarted = createWorld();
    restarted.articles.set('article-1', { ...FRENCH, imageFileId: null });
    restarted.scenario.state.listed = [listedDescription('asset-a')];
    const resumed = await restarted.run(resumedJob());
    expect(restarted.scenario.calls.describeImage).toHaveLength(0);
    expect(resumed).toMatchObject({ state: 'done', altTextSource: 'text-model', alternativeText: 'Asset-a.' });
    // Found, but its answer cannot be read now: kept to be read later, not thrown away.
    const unread = createWorld();
    unread.articles.set('article-1', { ...FRENCH, imageFileId: null });
    unread.scenario.state.listed = [listedDescription('asset-a')];
    unread.scenario.state.describeResultError = new ScenarioError('Scenario could not be reached', { kind: 'network', jobId: 'text-job-lost' });
    expect(await unread.run(resumedJob())).toMatchObject({ state: 'done', altTextSource: 'title', describeJobId: 'text-job-lost' });
    const none = createWorld();
    none.articles.set('article-1', { ...FRENCH, imageFileId: null });
    none.scenario.state.listed = [listedDescription('asset-a', 'old-a', daysAgo)];
    const titled = await none.run(resumedJob());
    expect([none.scenario.calls.describeImage.length, none.scenario.calls.listJobs, none.scenario.calls.describeResult]).toEqual([0, 1, []]);
    expect(titled).toMatchObject({ state: 'done', altTextSource: 'title' });
    expect(titled.helperNotes).toEqual([expect.stringMatching(/asked for earlier \(before a restart, or by the job this one retries\) and is not asked again .*Scenario's job list does not show it/)]);
  }, 30_000);

  it('a retry looks for a description whose answer was lost instead of asking again; one refused with an answer may be asked again', async () => {
    const earlier = jobRow({
      id: 1, targetLocale: 'fr', language: 'fr', state: 'fallback', title: FRENCH.title, scenarioJobId: 'earlier', candidateAssetIds: ['asset-a', 'asset-b'],
      chosenAssetId: 'asset-a', candidateCaptions: ['A lighthouse', 'A tower'], altTextSource: 'title', describeRequestedAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const start = retryStart(earlier);
    expect(start).toMatchObject({ state: 'captioning', chosenAssetId: 'asset-a', describeRequestedAt: earlier.describeRequestedAt });
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.listed = [{
      jobId: 'text-job-lost', status: 'success', progress: 1, assetIds: ['text-asset'], createdAt: new Date(Date.now() - 50_000).toISOString(),
      input: { instruction: describeInstruction('fr'), images: ['asset-a'], numOutputs: 1 },
    }];
    const retried = await world.run({ ...earlier, id: 2, documentId: 'job-2', ...start, placeholderCheckedAt: secondsAgo(1) });
    expect(retried).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'text-model' });
    expect(world.scenario.calls.describeImage).toHaveLength(0);

    // Refused with an answer: nothing was billed, so its mark goes and a retry may ask again.
    const refused = createWorld();
    refused.articles.set('article-1', { ...FRENCH, imageFileId: null });
    refused.scenario.state.describeError = new ScenarioError('Scenario answered 400', { kind: 'validation', status: 400 });
    const job = await refused.run(jobRow({ id: 1, targetLocale: 'fr' }));
    expect(job).toMatchObject({ state: 'done', altTextSource: 'title', describeRequestedAt: null });
    expect(retryStart(job)).toMatchObject({ state: 'captioning', describeRequestedAt: null });
  });

  it('asks a description the ceiling of jobs in flight refuses again in the same run, and notes it once', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.describeError = new ScenarioError('Too many jobs in flight', { kind: 'rate-limited', status: 429, retryable: true, actionLimit: 2, actionName: 'generate' });
    world.scenario.state.describeErrorTimes = 2;
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    // Not paid, not a reason for title alt text: asked again until accepted, and the ceiling is learned.
    expect(world.scenario.calls.describeImage).toHaveLength(3);
    expect(world.learnedLimits).toEqual([2, 2]);
    expect(job).toMatchObject({ state: 'done', altTextSource: 'text-model', helperNotes: null });
    expect(job.history?.filter((entry) => /description is asked again shortly/.test(entry.note ?? ''))).toHaveLength(1);
  });

  it('stops waiting for the ceiling at the article\'s deadline when no placeholder stands in: the image goes up now', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.describeError = new ScenarioError('Too many jobs in flight', { kind: 'rate-limited', status: 429, retryable: true, actionLimit: 2, actionName: 'generate' });
    world.scenario.state.describeErrorTimes = 1_000;
    const started = Date.now();
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr', deadlineAt: new Date(Date.now() + 2_500).toISOString() }));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(job).toMatchObject({ state: 'done', altTextSource: 'title', usePlaceholder: false });
    expect(job.helperNotes).toEqual(["Scenario's ceiling of jobs in flight was still full at the article's deadline: alt text from the title."]);
    expect(job.history?.filter((entry) => /description is asked again shortly/.test(entry.note ?? ''))).toHaveLength(1);
  }, 20_000);

  it('does not send a translation again that a restart interrupted: the prompt uses the original words, and says so', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr', language: 'fr', translationRequestedAt: secondsAgo(20) }));

    expect(world.scenario.calls.translate).toHaveLength(0);
    expect(job.translatedTitle).toBeNull();
    expect(job.helperNotes).toEqual([expect.stringMatching(/sent before and its answer lost \(interrupted by a restart.*it is not sent again/)]);
    expect(job.state).toBe('done');
  });

  it('a locale published after another one shares its image: no second generation, its own alt text', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.jobs.add(jobRow({
      id: 1, targetLocale: 'en', state: 'done', lockedBy: null, scenarioJobId: 'shared', candidateAssetIds: ['asset-a', 'asset-b'], candidateCaptions: ['A lighthouse', 'A tower'], chosenAssetId: 'asset-b',
    }));
    const job = await world.run(jobRow({ id: 2, targetLocale: 'fr' }));

    expect(world.scenario.calls.generate).toHaveLength(0);
    expect(world.scenario.calls.translate).toHaveLength(0);
    expect(world.scenario.calls.describeImage).toEqual(['asset-b']);
    expect(job).toMatchObject({ state: 'done', scenarioJobId: 'shared', chosenAssetId: 'asset-b', creditsSpent: 0, altTextSource: 'text-model' });
  });

  it('a locale republished unchanged uses its own images made while it was unpublished before another locale\'s: both were paid for', async () => {
    const world = createWorld();
    const article = { ...FRENCH, imageFileId: null };
    world.articles.set('article-1', article);
    const config = world.config;
    world.jobs.add(jobRow({
      id: 1, targetLocale: 'fr', state: 'skipped', reason: 'The article is no longer published.', lockedBy: null, scenarioJobId: 'french', candidateAssetIds: ['asset-f'],
      candidateCaptions: ['A lighthouse at dusk'], textHash: textHashOf(article), prompt: 'Editorial photograph of lighthouses', model: config.model.id, style: 'editorial-photo',
    }));
    world.jobs.add(jobRow({
      id: 2, targetLocale: 'en', state: 'done', lockedBy: null, scenarioJobId: 'english', candidateAssetIds: ['asset-e'], candidateCaptions: ['A lighthouse'], chosenAssetId: 'asset-e',
    }));
    const job = await world.run(jobRow({ id: 3, targetLocale: 'fr' }));
    expect(world.scenario.calls.generate).toHaveLength(0);
    expect(job).toMatchObject({ state: 'done', scenarioJobId: 'french', chosenAssetId: 'asset-f' });
  });

  it("another locale's images, paid for and never attached (that locale unpublished or deleted meanwhile), are used: not paid twice", async () => {
    for (const reason of ['The article is no longer published.', 'The article was deleted.']) {
      const world = createWorld();
      world.articles.set('article-1', { ...FRENCH, imageFileId: null });
      // Ended before it chose or captioned: the translation does both, with its own captions.
      const made = { model: world.config.model.id, style: 'editorial-photo' };
      world.jobs.add(jobRow({ id: 1, targetLocale: 'en', state: 'skipped', reason, lockedBy: null, scenarioJobId: 'english', candidateAssetIds: ['asset-a', 'asset-b'], ...made }));
      const job = await world.run(jobRow({ id: 2, targetLocale: 'fr' }));
      expect(world.scenario.calls.generate).toHaveLength(0);
      expect(job).toMatchObject({ state: 'done', scenarioJobId: 'english', creditsSpent: 0 });
      expect(['asset-a', 'asset-b']).toContain(job.chosenAssetId);
    }
    // Not with another model or style (the settings changed since), nor when a later job of that locale followed.
    for (const older of [{ model: 'model_other', style: 'editorial-photo' }, { model: createWorld().config.model.id, style: 'watercolor' }]) {
      const world = createWorld();
      world.articles.set('article-1', { ...FRENCH, imageFileId: null });
      world.jobs.add(jobRow({ id: 1, targetLocale: 'en', state: 'skipped', reason: 'The article is no longer published.', lockedBy: null, scenarioJobId: 'english', candidateAssetIds: ['asset-a'], ...older }));
      expect(await world.run(jobRow({ id: 2, targetLocale: 'fr' }))).toMatchObject({ state: 'done' });
      expect(world.scenario.calls.generate).toHaveLength(1);
    }
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    const made = { model: world.config.model.id, style: 'editorial-photo' };
    world.jobs.add(jobRow({ id: 1, targetLocale: 'en', state: 'skipped', reason: 'The article is no longer published.', lockedBy: null, scenarioJobId: 'english', candidateAssetIds: ['asset-a'], ...made }));
    world.jobs.add(jobRow({ id: 2, targetLocale: 'en', state: 'failed', reason: 'The image could not be downloaded.', lockedBy: null, ...made }));
    await world.run(jobRow({ id: 3, targetLocale: 'fr' }));
    expect(world.scenario.calls.generate).toHaveLength(1);
  });

  it("a caption call another locale's job lost the answer of is not paid again for its images", async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...ARTICLE, imageFileId: null });
    world.jobs.add(jobRow({
      id: 1, targetLocale: 'fr', state: 'skipped', reason: 'The article is no longer published.', lockedBy: null, scenarioJobId: 'french',
      candidateAssetIds: ['asset-a'], chosenAssetId: 'asset-a', captionRequestedAt: new Date().toISOString(), model: world.config.model.id, style: 'editorial-photo',
    }));
    const job = await world.run(jobRow({ id: 2, targetLocale: 'en' }));
    expect(world.scenario.calls.generate).toHaveLength(0);
    expect(world.scenario.calls.caption).toHaveLength(0);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'title' });
  });

  it('an article deleted while its images were made: no caption or description is bought for it, and its placeholder goes', async () => {
    const world = createWorld();
    world.files.set(5, {
      bytes: Buffer.alloc(1), mimeType: 'image/png', extension: 'png', baseName: 'placeholder', alternativeText: 'Lighthouses of Brittany', caption: '',
      provenance: { uid: 'api::article.article', documentId: 'article-1', locale: null, kind: 'placeholder', textHash: textHashOf(ARTICLE), jobId: 1 },
    });
    world.articles.delete('article-1');
    world.deleted.add('article-1');
    const job = await world.run(jobRow({ id: 1, state: 'captioning', scenarioJobId: 'made', candidateAssetIds: ['asset-a', 'asset-b'], placeholderFileId: 5 }));
    expect(job).toMatchObject({ state: 'skipped', reason: 'The article was deleted.', candidateAssetIds: ['asset-a', 'asset-b'] });
    expect(world.scenario.calls.caption).toHaveLength(0);
    expect(world.files.has(5)).toBe(false);
  });

  it('a type whose locales tell different stories (localesShareImage off) generates each locale, unless its image field is shared', async () => {
    const separate = { contentTypes: { [ARTICLE_UID]: { imageField: 'cover', textFields: ['body'], localesShareImage: false } } };
    const done = () => jobRow({
      id: 1, targetLocale: 'en', state: 'done', lockedBy: null, scenarioJobId: 'english', candidateAssetIds: ['asset-a'], candidateCaptions: ['A lighthouse'], chosenAssetId: 'asset-a',
    });
    const world = createWorld(separate);
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.jobs.add(done());
    const own = await world.run(jobRow({ id: 2, targetLocale: 'fr' }));
    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(own.scenarioJobId).not.toBe('english');

    // One field for every locale holds one image: they share it whatever the setting says (else paid twice, crossed).
    const shared = createWorld(separate);
    shared.sharedFields.add(`${ARTICLE_UID} cover`);
    shared.articles.set('article-1', { ...FRENCH, imageFileId: null });
    shared.jobs.add(done());
    const reused = await shared.run(jobRow({ id: 2, targetLocale: 'fr' }));
    expect(shared.scenario.calls.generate).toHaveLength(0);
    expect(reused).toMatchObject({ state: 'done', scenarioJobId: 'english', chosenAssetId: 'asset-a' });
  });

  it('an article whose captions were lost has its first candidate described by the text model, in its language', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.state.captionError = scenarioError('unknown-outcome');
    const job = await world.run(jobRow({
      id: 1, targetLocale: 'fr', language: 'fr', state: 'captioning', title: FRENCH.title, candidateAssetIds: ['asset-a', 'asset-b'], placeholderCheckedAt: secondsAgo(1),
    }));

    expect(world.scenario.calls.caption).toHaveLength(1);
    expect(world.scenario.calls.describeImage).toEqual(['asset-a']);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'text-model' });
    expect(job.helperNotes!.at(-1)).toMatch(/^The captions failed \(.*\); they are paid, so they are not asked for again\.$/);
  });

  it('a locale sharing an image whose captions were lost describes that image: no caption call, the same image', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.jobs.add(jobRow({
      id: 1, targetLocale: 'en', state: 'done', lockedBy: null, scenarioJobId: 'shared', candidateAssetIds: ['asset-a', 'asset-b'], candidateCaptions: null,
      chosenAssetId: 'asset-a', captionRequestedAt: secondsAgo(30), altTextSource: 'title',
    }));
    const job = await world.run(jobRow({ id: 2, targetLocale: 'fr' }));

    expect(world.scenario.calls.caption).toHaveLength(0);
    expect(world.scenario.calls.describeImage).toEqual(['asset-a']);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'text-model' });
  });

  it('waits for a locale published first that is still at work', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.jobs.add(jobRow({ id: 1, targetLocale: 'en', state: 'generating', lockedBy: 'other-worker' }));
    const job = await world.run(jobRow({ id: 2, targetLocale: 'fr' }));

    expect(job.state).toBe('queued');
    expect(new Date(job.nextRunAt!).getTime()).toBeGreaterThan(Date.now());
    expect(world.scenario.calls.generate).toHaveLength(0);
  });

  it("waits for a retry fetching another locale's paid images, not for a job a paused backfill holds (reviews)", async () => {
    const retrying = createWorld();
    retrying.articles.set('article-1', { ...FRENCH, imageFileId: null });
    retrying.jobs.add(jobRow({ id: 1, targetLocale: 'en', state: 'captioning', trigger: 'retry', scenarioJobId: 'english', lockedBy: 'other-worker' }));
    expect((await retrying.run(jobRow({ id: 2, targetLocale: 'fr' }))).state).toBe('queued');
    expect(retrying.scenario.calls.generate).toHaveLength(0);

    const paused = createWorld();
    paused.articles.set('article-1', { ...FRENCH, imageFileId: null });
    paused.jobs.add(jobRow({ id: 1, targetLocale: 'en', state: 'queued', trigger: 'backfill', priority: 0, backfillId: 7, nextRunAt: HELD_UNTIL.toISOString(), lockedBy: null }));
    expect((await paused.run(jobRow({ id: 2, targetLocale: 'fr' }))).state).toBe('done');
    expect(paused.scenario.calls.generate).toHaveLength(1);
  });
});

describe('the credit budget', () => {
  const FRENCH = { title: 'Les phares de Bretagne', text: 'Les phares de granite protègent la côte rocheuse de Bretagne contre les tempêtes.' };
  const withBudget = (budget: Record<string, unknown>) => createWorld({ budget });
  const nextMonth = () => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  };

  it('reserves the generation\'s quote before sending it, and settles the real cost from the answer', async () => {
    const world = withBudget({ monthlyCap: 100 });
    world.scenario.state.generationCost = 3.5;
    const heldAtSend: number[] = [];
    const generate = world.scenario.client.generate;
    world.scenario.client.generate = (modelId, input) => {
      heldAtSend.push(world.budget.spent());
      return generate(modelId, input);
    };
    const job = await world.run(publish(world));

    expect(job.state).toBe('done');
    // The quote (4) was held when the request left; the answer said 3.5. Two captions at 1 each follow.
    expect(heldAtSend).toEqual([4]);
    expect(Number(job.budgetCredits)).toBe(3.5);
    expect(world.budget.spent()).toBeCloseTo(5.5, 5);
    expect(world.budget.log.map((entry) => entry.op)).toEqual(['reserve', 'settle', 'reserve', 'settle']);
  });

  it('keeps the quote as the cost when Scenario\'s answer carries none (the cost is optional in its answers)', async () => {
    const world = withBudget({ monthlyCap: 100 });
    world.scenario.state.generationCost = undefined;
    const job = await world.run(publish(world));
    expect(job.state).toBe('done');
    expect(job.creditsSpent).toBeNull();
    // Nothing said otherwise: the quote (4) stays counted, and the two captions follow.
    expect(Number(job.budgetCredits)).toBe(4);
    expect(world.budget.spent()).toBeCloseTo(6, 5);
  });

  it('releases the quote of a submission Scenario refused with an answer, keeps it while the outcome is unknown', async () => {
    const refused = createWorld();
    refused.scenario.state.generateError = new ScenarioError('Scenario: the prompt is too long', { kind: 'validation', status: 400 });
    const placeholder = await refused.run(publish(refused));
    expect(placeholder).toMatchObject({ state: 'fallback', budgetCredits: null });
    expect(refused.budget.spent()).toBe(0);

    // Refused before it left (the connection refused, before the breaker opens): not billed either, nor held while it waits.
    const down = createWorld();
    down.scenario.state.generateError = new ScenarioError('Scenario could not be reached (connection refused)', { kind: 'network', retryable: true, code: 'ECONNREFUSED' });
    const waiting = await down.run(publish(down));
    expect(waiting).toMatchObject({ state: 'queued', budgetCredits: null });
    expect(down.budget.spent()).toBe(0);

    // A caption call refused before it left: not billed either (the client never re-sends one that may have left).
    const captionDown = withBudget({ monthlyCap: 100 });
    captionDown.scenario.state.captionError = new ScenarioError('Scenario could not be reached (connection refused)', { kind: 'network', retryable: true, code: 'ECONNREFUSED' });
    expect(await captionDown.run(publish(captionDown, { id: 1, state: 'captioning', title: ARTICLE.title, candidateAssetIds: ['asset-a', 'asset-b'], placeholderCheckedAt: secondsAgo(1) })))
      .toMatchObject({ state: 'captioning', captionRequestedAt: null });
    expect(captionDown.budget.spent()).toBe(0);

    const unknown = createWorld();
    unknown.scenario.state.generateError = scenarioError('unknown-outcome');
    const looking = await unknown.run(publish(unknown));
    expect(looking).toMatchObject({ state: 'generating' });
    expect(Number(looking.budgetCredits)).toBe(4);
    expect(unknown.budget.spent()).toBe(4);
  });

  it('gives back the quote of a submission Scenario\'s list shows never arrived, and of a generation that failed (refunded)', async () => {
    const lost = createWorld();
    lost.articles.set('article-1', { ...ARTICLE, imageFileId: null });
    // Reserved at its submission a minute ago, never seen by Scenario: sent again, and held again, once.
    await lost.budget.reserve(4, {}, new Date(Date.now() - 60_000));
    await lost.run(jobRow({
      id: 1, state: 'generating', prompt: 'a lighthouse', seed: 42, textHash: textHashOf(ARTICLE), title: ARTICLE.title,
      submittedAt: secondsAgo(60), answerLostAt: secondsAgo(55), submissions: 1, budgetCredits: 4,
    }));
    expect(lost.scenario.calls.generate).toHaveLength(1);
    expect(lost.budget.spent()).toBeCloseTo(4 + 2, 5);

    const failed = createWorld();
    failed.scenario.state.waitForJob = async (jobId) => ({ jobId, status: 'failure', progress: 1, assetIds: [], error: 'NSFW filter' });
    const job = await failed.run(publish(failed));
    expect(job).toMatchObject({ state: 'fallback', budgetCredits: 0 });
    expect(failed.budget.spent()).toBe(0);
  });

  it('at the cap, by default the job waits for the next UTC month, queued, with the reason; nothing is sent', async () => {
    const world = withBudget({ monthlyCap: 3 });
    const job = await world.run(publish(world));

    expect(world.scenario.calls.generate).toHaveLength(0);
    expect(job).toMatchObject({ state: 'queued', nextRunAt: nextMonth(), attempts: 0, submissions: 0 });
    expect(job.reason).toMatch(/^Budget reached: the monthly cap of 3 credits has 3 credits left, less than the 4 this step costs, until/);
    expect(job.lastError).toBe(job.reason);
    expect(world.budget.spent()).toBe(0);
  });

  it('a job waiting for the budget gets the placeholder at its deadline and is not given up', async () => {
    const world = withBudget({ monthlyCap: 3 });
    const waiting = await world.run(publish(world));
    expect(waiting.reason).toMatch(/^Budget reached: /);
    // Two hours later (past its deadline and the give-up limit), still over the cap.
    const job = await world.run({ ...world.jobs.get(1), createdAt: secondsAgo(7200), deadlineAt: secondsAgo(7000), nextRunAt: secondsAgo(1) });

    expect(job.state).toBe('queued');
    expect(job.reason).toMatch(/^Budget reached: .* A placeholder is shown meanwhile\.$/);
    expect(world.files.get(world.articles.get('article-1')!.imageFileId!)!.provenance.kind).toBe('placeholder');
    expect(world.scenario.calls.generate).toHaveLength(0);
  });

  it('at the cap, with "placeholder", the article gets the placeholder with the reason', async () => {
    const world = withBudget({ monthlyCap: 100, dailyCap: 3, whenReached: 'placeholder' });
    const job = await world.run(publish(world));

    expect(world.scenario.calls.generate).toHaveLength(0);
    expect(job).toMatchObject({ state: 'fallback', usePlaceholder: true });
    expect(job.reason).toMatch(/^Budget reached: the daily cap of 3 credits has 3 credits left, less than the 4 this step costs, until \d{4}-\d\d-\d\d 00:00 UTC\.$/);
    expect(world.files.get(world.articles.get('article-1')!.imageFileId!)!.provenance.kind).toBe('placeholder');
  });

  it('a caption the budget refuses does not hold the paid image: the first candidate goes up, alt text from the title', async () => {
    const world = withBudget({ monthlyCap: 4 });
    const job = await world.run(publish(world));

    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(world.scenario.calls.caption).toHaveLength(0);
    expect(job).toMatchObject({ state: 'done', chosenAssetId: 'asset-a', altTextSource: 'title' });
    expect(job.helperNotes).toEqual([expect.stringMatching(/^The captions were not asked for \(Budget reached: the monthly cap of 4 credits/)]);
    expect(world.budget.spent()).toBe(4);
  });

  it('text helpers the budget refuses fall back like failed helpers (reasons noted); the image is still made', async () => {
    const world = withBudget({ monthlyCap: 6 });
    world.scenario.state.quotes.translate = 10;
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));

    // Translation (10) refused; generation (4) and captions (2) fit; the description (2) no longer does.
    expect(world.scenario.calls.translate).toHaveLength(0);
    expect(world.scenario.calls.describeImage).toHaveLength(0);
    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(job).toMatchObject({ state: 'done', altTextSource: 'title', translatedTitle: null, translationRequestedAt: null });
    expect(job.helperNotes).toEqual([
      expect.stringMatching(/^The translation to English failed \(Budget reached: the monthly cap of 6 credits .*\): the prompt uses the original words\.$/),
      expect.stringMatching(/could not describe the image \(Budget reached: .*\): alt text from the title\.$/),
    ]);
    expect(world.budget.spent()).toBe(6);
  });

  it('a day that could never pay an image and its translation: the original words, though the month refused first (review)', async () => {
    const world = withBudget({ monthlyCap: 100, dailyCap: 4.2 });
    world.budget.committed.set(periodKey('month', new Date()), 95.7);
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    const job = await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    // Translation 0.5 and image 4 pass the month's 4.3 left and could never fit the day's 4.2: the image alone does.
    expect(world.scenario.calls.translate).toHaveLength(0);
    expect(world.scenario.calls.generate).toHaveLength(1);
    expect(job.state).toBe('done');
  });

  it('releases a helper\'s quote when Scenario refused the call with an answer', async () => {
    const world = createWorld();
    world.articles.set('article-1', { ...FRENCH, imageFileId: null });
    world.scenario.client.translate = async () => {
      throw new ScenarioError('Scenario: bad request', { kind: 'validation', status: 400 });
    };
    await world.run(jobRow({ id: 1, targetLocale: 'fr' }));
    // Generation 4, captions 2, description 2: the refused translation counts nothing.
    expect(world.budget.spent()).toBe(8);
    expect(world.budget.log).toContainEqual({ op: 'release', amount: 0.5 });
  });
});

describe('reasons editors read', () => {
  it('cut the server\'s file paths to the file name, not a URL or a ratio', () => {
    expect(describeError(new Error("ENOTDIR: not a directory, open '/srv/app/public/uploads/x_1.jpg'"))).toBe("ENOTDIR: not a directory, open '…/x_1.jpg'");
    expect(describeError(new Error("EACCES: permission denied, mkdir 'C:\\srv\\app\\uploads'"))).toBe("EACCES: permission denied, mkdir '…/uploads'");
    expect(describeError(new Error('Scenario answered 503 at https://api.cloud.scenario.com/v1/jobs/abc'))).toContain('https://api.cloud.scenario.com/v1/jobs/abc');
    expect(describeError(new Error('a 16:9 image, TCP/IP failed'))).toBe('a 16:9 image, TCP/IP failed');
  });
});

describe("the placeholder's alt text", () => {
  it('names the keyphrases its card draws, or all of them when it draws none (a new user\'s trial, a review)', () => {
    const recipe = { title: 'Easy One-Pan Lemon Garlic Salmon With Asparagus', keyphrases: ['easy one-pan lemon garlic salmon', 'asparagus', 'salmon fillets'], targetLocale: 'en', language: 'en' };
    expect(placeholderAltTextOf(recipe)).not.toMatch(/salmon fillets/);
    expect(placeholderAltTextOf(recipe)).toMatch(/asparagus/);
    const chinese = { title: '', keyphrases: ['上海地铁', '十四号线', '乘客'], targetLocale: 'zh', language: 'zh' };
    expect(placeholderAltTextOf(chinese)).toMatch(/上海地铁/);
  });
});
