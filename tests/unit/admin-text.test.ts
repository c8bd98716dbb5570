import { pricedSize } from '../../admin/src/utils/api';
import { containsPhrase, disclosurePlaceholder, languageName, noJobSentence, offersGenerate, shownAltTextSource, shownJobReason, shownTranslation, shownTrigger, stateSentence, translationPairs } from '../../admin/src/utils/text';

describe('the side panel\'s words', () => {
  it('shows on the jobs page why a job was skipped, as why one failed (a developer trial: a deleted article\'s paid job showed "—")', () => {
    expect(shownJobReason({ state: 'skipped', reason: 'The article was deleted.' }, false)).toBe('The article was deleted.');
    expect(shownJobReason({ state: 'failed', reason: null, lastError: 'HTTP 500' }, false)).toBe('HTTP 500');
    expect(shownJobReason({ state: 'generating', reason: 'x', lastError: 'retrying after a 503' }, true)).toBe('retrying after a 503');
    expect(shownJobReason({ state: 'done', reason: null, lastError: 'old' }, false)).toBeNull();
  });

  it('labels an editor\'s Retry of a publish\'s job as a retry (a new user\'s trial read "after publishing")', () => {
    expect(shownTrigger({ trigger: 'publish', history: [{ state: 'queued', note: 'publish', by: 'Demo Editor' }] })).toBe('trigger.retry');
    expect(shownTrigger({ trigger: 'publish', history: [{ state: 'queued', note: 'publish' }] })).toBe('trigger.publish');
    // (A long history keeps its last entries; later ones name the worker.)
    expect(shownTrigger({ trigger: 'publish', history: [{ state: 'generating', note: 'claimed', by: 'worker-1' }] })).toBe('trigger.publish');
    expect(shownTrigger({ trigger: 'publish', history: null })).toBe('trigger.publish');
    expect(shownTrigger({ trigger: 'choose', history: [{ by: 'Demo Editor' }] })).toBe('trigger.choose');
  });

  it('shows the translation of an article without a title too: its keyphrases\' (an audit)', () => {
    const untitled = { translatedTitle: '', translatedKeyphrases: ['lighthouse', 'volunteers'] };
    expect(shownTranslation(untitled)).toBe(untitled);
    expect(shownTranslation({ translatedTitle: 'The old lighthouse', translatedKeyphrases: [] })).not.toBeNull();
    expect(shownTranslation({ translatedTitle: null, translatedKeyphrases: null })).toBeNull();
    expect(shownTranslation(null)).toBeNull();
  });

  it('marks a keyphrase used only where the prompt says it as whole words', () => {
    expect(containsPhrase('Editorial photograph of skogsbrand, with hem', 'skog')).toBe(false);
    expect(containsPhrase('Editorial photograph of skogsbrand, with hem', 'Skogsbrand')).toBe(true);
    expect(containsPhrase('A bridge (new) over the harbour', 'bridge (new)')).toBe(true);
    expect(containsPhrase('anything', ' ')).toBe(false);
  });

  it('says where the alt text came from only for the image on view that the job made (not a failed job\'s, a placeholder\'s, or one taken out of the draft)', () => {
    expect(shownAltTextSource({ id: 7, state: 'done', altTextSource: 'caption' }, [7, null])).toBe('caption');
    expect(shownAltTextSource({ id: 7, state: 'done', altTextSource: 'caption' }, [null, 7])).toBe('caption');
    expect(shownAltTextSource({ id: 7, state: 'failed', altTextSource: 'caption' }, [7])).toBeNull();
    expect(shownAltTextSource({ id: 7, state: 'fallback', altTextSource: 'title' }, [7])).toBeNull();
    // A new-user trial: after a rejected review the image was gone and "Alt text from Scenario's caption" stayed.
    expect(shownAltTextSource({ id: 7, state: 'done', altTextSource: 'caption' }, [undefined, undefined])).toBeNull();
    expect(shownAltTextSource({ id: 7, state: 'done', altTextSource: 'caption' }, [3, null])).toBeNull();
  });

  it('shows the translation line by line, or as one line when it came back as one text (its lines run together)', () => {
    expect(translationPairs({ title: 'Le phare', keyphrases: ['phare', 'île'], translatedTitle: 'The lighthouse', translatedKeyphrases: ['lighthouse', 'island'] }))
      .toEqual([['Le phare', 'The lighthouse'], ['phare', 'lighthouse'], ['île', 'island']]);
    expect(translationPairs({ title: '', keyphrases: ['phare'], translatedTitle: '', translatedKeyphrases: ['lighthouse'] })).toEqual([['phare', 'lighthouse']]);
    expect(translationPairs({ title: 'Le phare', keyphrases: ['phare', 'île'], translatedTitle: '', translatedKeyphrases: ['The lighthouse, lighthouse, island'] }))
      .toEqual([['Le phare · phare · île', 'The lighthouse, lighthouse, island']]);
    // (One keyphrase and a title, run together: still one line, the title in it; a review.)
    expect(translationPairs({ title: 'Les abeilles de Paris', keyphrases: ['abeilles'], translatedTitle: '', translatedKeyphrases: ['The bees of Paris, bees'] }))
      .toEqual([['Les abeilles de Paris · abeilles', 'The bees of Paris, bees']]);
  });

  it('with no job, says an image the plugin made is its own (a reinstall drops the jobs, not the file\'s mark)', () => {
    expect(noJobSentence(true, { source: 'generated' })).toBe('panel.noHistory');
    expect(noJobSentence(true, { source: 'placeholder' })).toBe('panel.noHistory');
    expect(noJobSentence(true, { source: 'other' })).toBe('panel.none');
    expect(noJobSentence(true, null)).toBe('panel.none');
    expect(noJobSentence(false, null)).toBe('panel.notPublished');
  });

  it('offers Generate where nothing else tries again: no image, our placeholder, or our image whose jobs a reinstall dropped', () => {
    const none = { running: false, review: false, retry: false, prompt: false };
    expect(offersGenerate(null, none)).toBe(true);
    expect(offersGenerate({ source: 'placeholder' }, none)).toBe(true);
    // (A trial after a reinstall: "its job is not in this locale's history", and no button at all.)
    expect(offersGenerate({ source: 'generated' }, none)).toBe(true);
    expect(offersGenerate({ source: 'other' }, none)).toBe(false);
    expect(offersGenerate({ source: 'generated' }, { ...none, prompt: true })).toBe(false);
    expect(offersGenerate(null, { ...none, retry: true })).toBe(false);
    expect(offersGenerate(null, { ...none, running: true })).toBe(false);
  });

  it('says what size the cost card priced: the one sent, the ratio asked when unpriced, the model\'s own only when it was read', () => {
    const basis = { aspectRatio: '16:9' };
    expect(pricedSize({ size: { width: 1344, height: 768 }, reason: null, basis })).toEqual({ text: '1344×768' });
    // (A trial with a wrong key: "it takes no size input" beside "What this model takes could not be read … 401".)
    expect(pricedSize({ size: null, reason: 'Scenario refused the key (401)', basis })).toEqual({ key: 'settings.cost.askedRatio', ratio: '16:9' });
    expect(pricedSize({ size: null, reason: null, basis })).toEqual({ key: 'settings.cost.modelSize' });
  });

  it('names a language in the admin\'s language, or gives its code back', () => {
    expect(languageName('pt', 'en')).toBe('Portuguese');
    expect(languageName('sv', 'fr')).toBe('suédois');
    expect(languageName('not a code!', 'en')).toBe('not a code!');
  });

  it('says what a queued job waits for: its turn, the budget, or its next try (Scenario away, a failed attempt)', () => {
    const now = Date.parse('2026-12-06T10:00:00Z');
    const later = '2026-12-06T10:00:30Z';
    expect(stateSentence({ state: 'queued' }, now)).toEqual({ key: 'state.queued.sentence', retryAt: null });
    expect(stateSentence({ state: 'queued', lastError: 'Scenario unreachable (HTTP 503)', nextRunAt: later }, now)).toEqual({ key: 'state.retry.sentence', retryAt: later });
    // Its next try is due: it tries again as soon as Scenario answers (an outage keeps it waiting; a new user's trial).
    expect(stateSentence({ state: 'queued', lastError: 'HTTP 503', nextRunAt: '2026-12-06T09:59:00Z' }, now).key).toBe('state.retry.due.sentence');
    expect(stateSentence({ state: 'queued', budgetReached: true, lastError: 'Budget reached: …', nextRunAt: '2027-01-01T00:00:00Z' }, now).key).toBe('state.queued.budget.sentence');
    expect(stateSentence({ state: 'generating', lastError: 'HTTP 503', nextRunAt: later }, now).key).toBe('state.retry.sentence');
    expect(stateSentence({ state: 'generating' }, now).key).toBe('state.generating.sentence');
    // A job at work keeps its last error until a step succeeds: its own sentence, not a wait (a review).
    expect(stateSentence({ state: 'generating', lastError: 'HTTP 500', nextRunAt: '2026-12-06T09:59:00Z' }, now).key).toBe('state.generating.sentence');
    expect(stateSentence({ state: 'attaching', lastError: 'captions gave up', nextRunAt: '2026-12-06T09:59:00Z' }, now).key).toBe('state.attaching.sentence');
    expect(stateSentence({ state: 'failed', lastError: 'HTTP 503', nextRunAt: later }, now).key).toBe('state.failed.sentence');
    expect(stateSentence({ state: 'done', awaitingReview: true }, now).key).toBe('panel.review.sentence');
    // Taken out of the draft by an editor (a rejection): no longer said to wait (a new user's trial).
    expect(stateSentence({ state: 'done', awaitingReview: true }, now, false).key).toBe('panel.review.takenOut.sentence');
    // A skip after the images were made (an editor's image came first): they are still there to use.
    expect(stateSentence({ state: 'skipped', candidateAssetIds: ['a', 'b'] }, now).key).toBe('state.skipped.kept.sentence');
    expect(stateSentence({ state: 'skipped', candidateAssetIds: null }, now).key).toBe('state.skipped.sentence');
  });

  it("shows an empty disclosure field the line its captions will carry: the site's own for the language, or its English one", () => {
    const lines = { pt: 'Imagem criada por IA.', en: 'Picture made with AI.' };
    expect(disclosurePlaceholder(lines, 'pt-BR')).toBe('Imagem criada por IA.');
    expect(disclosurePlaceholder(lines, 'pl')).toBe('Picture made with AI.');
    expect(disclosurePlaceholder({}, 'fr')).toBe('Illustration générée par IA.');
  });
});
