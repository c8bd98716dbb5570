/**
 * Scenario's text helpers in the pipeline, for articles that are not in English: the title and keyphrases translated
 * for the prompt (one call per job), the optional prompt writer, and alt text described by the text model in the
 * article's language. Each is a helper: when it fails, the job goes on with what works without it (the original
 * words, the local prompt, alt text from the title) and records why in plain words. Like the caption call, a paid
 * helper call is marked on the job before it is sent, so a job resumed after a crash never sends it again. Each call
 * is held against the credit budget first; one the budget refuses is a failed helper like any other (reason noted).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { altTextFromDescription, MAX_DESCRIBED_ALT_LENGTH } from '../../domain/alt-text';
import { languageOf } from '../../domain/language/locale';
import { cutAtWord, truncateAtWord } from '../../domain/truncate';
import { promptFromAssistant } from '../../domain/prompt';
import type { TextHelperSettings } from '../../config/schema';
import { ABORTED_AFTER_SENDING, ScenarioDeadlineError, ScenarioError, isConnectionFailure, isUnknownOutcome } from '../../scenario/errors';
import type { ScenarioClient, ScenarioJob } from '../../scenario/types';
import { DETECTED_LANGUAGES, type HelperEstimate } from '../../shared/contracts';
import { LostLeaseError, RECENT_JOBS_SCANNED, type JobPatch, type JobRow } from '../jobs';
import { BudgetReached } from '../budget';
import type { BudgetSteps } from './budget';
import { ALT_TEXT_SOURCE_WORDS, CEILING_RETRY_MS, LISTED_WITHIN_MS, LOOKUP_INTERVAL_MS, altTextOf, articleLanguage, describe, findListedJob, lostAnswer, now, type RunContext, type Save, type Shared, type StepOutcome } from './shared';
import { NOT_CONFIGURED } from '../scenario';

/**
 * A helper call the ceiling of jobs in flight refuses is asked again every 1–2 s for this long (a description: the job
 * holding its slot meanwhile, so it gets the next one free on the account); past it, the helper's fallback.
 */
const CEILING_WAIT_MS = 5 * 60_000;

/**
 * A helper call gets at least this long, even when the job's deadline is closer (the placeholder covers the wait):
 * the text model's description is an async job of its own, typically some seconds…
 */
const MIN_HELPER_MS = 30_000;
/** …and never longer than this. */
const MAX_HELPER_MS = 60_000;

/** The job's note when the description outlives its call: Scenario still makes (and bills) it, so it is used later. */
const STILL_DESCRIBING = "Scenario's text model had not finished describing the image in time";
const DESCRIPTION_ARRIVES = 'its description arrives';
const STILL_DESCRIBING_UNREAD = (why: string) => `Scenario's text model took the description, but its answer could not be read (${why})`;

/**
 * Title and keyphrases as one text, so one translate call does them all: one per line, the title first. No line for
 * an empty title: a text opening with a blank line comes back trimmed, a line short.
 */
export function joinForTranslation(title: string, keyphrases: string[]): string {
  return [...(title.trim() ? [title] : []), ...keyphrases].map((line) => line.replace(/\s+/g, ' ').trim()).join('\n');
}

/**
 * The translation split back into title (if one was sent) and keyphrases; null when its lines no longer match. What a
 * text model may add around the lines is left out: blank lines, a line announcing them ("Here is the translation:"),
 * list marks and quotes.
 */
export function splitTranslation(translation: string, keyphraseCount: number, withTitle = true): { title: string; keyphrases: string[] } | null {
  const titleLines = withTitle ? 1 : 0;
  const lines = translation.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (lines.length > keyphraseCount + titleLines && /[:：]$/u.test(lines[0])) lines.shift();
  if (lines.length !== keyphraseCount + titleLines) return null;
  // (Numbers only from a numbered list, the title's line perhaps left out: "1. FC Köln" is a name.)
  const numberedFrom = (from: number) => lines.slice(from).every((line, i) => line.startsWith(`${i + 1}.`) || line.startsWith(`${i + 1})`));
  const numbered = numberedFrom(0) ? 0 : titleLines && lines.length > 2 && numberedFrom(1) ? 1 : -1;
  const bare = lines.map((line, i) => unquoted(line.replace(numbered >= 0 && i >= numbered ? /^\d+[.)]\s+/u : /^[-*•]\s+/u, '')).trim());
  if (bare.some((line) => !line)) return null;
  return { title: withTitle ? bare[0] : '', keyphrases: bare.slice(titleLines) };
}

/** A line without quotes around it, when they are a pair ('Merkel: "We can do it"' keeps its own). */
function unquoted(line: string): string {
  const pair = /^(["“«„'‘])(.*)(["”»“'’])$/u.exec(line.trim());
  return pair && !/["“”«»„]/u.test(pair[2]) ? pair[2].trim() : line;
}

/** The instruction for one sentence of alt text in the article's language. */
export function describeInstruction(language: string): string {
  const name = languageName(language);
  return (
    `Write alt text for this image in ${name}, one sentence, no more than ${MAX_DESCRIBED_ALT_LENGTH} characters. ` +
    `Describe what it shows; do not start with "image of", "picture of" or their ${name} equivalents. Answer with the sentence only.`
  );
}

/** A language's English name ("Polish"), for instructions and the job's notes. */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** A deadline for one helper call: the job's deadline, but at least MIN_HELPER_MS and at most MAX_HELPER_MS away. */
export function helperDeadline(job: Pick<JobRow, 'deadlineAt'>, at = Date.now()): number {
  const untilDeadline = job.deadlineAt ? new Date(job.deadlineAt).getTime() - at : MAX_HELPER_MS;
  return at + Math.min(MAX_HELPER_MS, Math.max(MIN_HELPER_MS, untilDeadline));
}

/** What the prompt is built from, and what the job records about it. */
export interface PromptWords {
  title: string;
  keyphrases: string[];
  patch: JobPatch;
  notes: string[];
}

export function createTextHelperSteps(shared: Shared, budget: BudgetSteps) {
  const { settings, scenario } = shared;

  /** The smallest cap the budget has (its month's or its day's). */
  function smallestCap(): number {
    const { monthlyCap, dailyCap } = settings().current().budget;
    return Math.min(monthlyCap ?? Infinity, dailyCap ?? Infinity);
  }

  /** The call's signal: the worker's (lease lost) or the helper's own deadline, whichever comes first. */
  function helperSignal(job: JobRow, context: RunContext): AbortSignal {
    return AbortSignal.any([context.signal, AbortSignal.timeout(Math.max(1, helperDeadline(job) - Date.now()))]);
  }

  /** A helper call that failed: the lease lost stops the job; anything else is a reason in plain words. */
  function helperFailure(error: unknown, context: RunContext, job: JobRow): string {
    if (context.signal.aborted || error instanceof LostLeaseError) throw new LostLeaseError(job.id);
    // Our own deadline for the call (the worker's signal is still live).
    if (error instanceof ScenarioError && (error.kind === 'aborted' || error.kind === 'deadline')) return 'no answer in time';
    // Refused by the credit budget before anything was sent.
    if (error instanceof BudgetReached) return error.message.replace(/\.$/, '');
    // Sent, its answer lost: said in an editor's words (the client's message speaks of jobs).
    if (isUnknownOutcome(error) && error.code === ABORTED_AFTER_SENDING) {
      return 'no answer in time; it is paid and may have been carried out, so it is not sent again';
    }
    if (isUnknownOutcome(error)) {
      return `${lostAnswer(error)}; it is paid, so it is not sent again`;
    }
    return describe(error);
  }

  /**
   * Scenario's ceiling of jobs in flight refused a helper call (a 429 with its limit: not accepted, not paid): every
   * instance keeps under it from now on, `unmark` clears the call's mark, and after 1–2 s it may be asked again
   * (undefined) until CEILING_WAIT_MS passed since `since`, never past the article's deadline while no placeholder
   * stands in; then why not, for the helper's fallback. Any other error: false.
   */
  async function waitOutCeiling(
    error: unknown, job: JobRow, save: Save, context: RunContext, { what, unmark, since, refusals }: { what: string; unmark: JobPatch; since: number; refusals: number },
  ): Promise<string | false | undefined> {
    if (!(error instanceof ScenarioError && error.actionLimit !== undefined) || context.signal.aborted) return false;
    await shared.slots().rateLimited(error.actionLimit);
    // (Noted once: a note a second for minutes would push the job's story out of its history.)
    await save({ ...unmark, state: job.state }, refusals ? undefined : `Scenario allows ${error.actionLimit} job(s) at once: the ${what} is asked again shortly`);
    const deadline = job.deadlineAt && !job.placeholderCheckedAt ? new Date(job.deadlineAt).getTime() : Infinity;
    if (Date.now() >= Math.min(since + CEILING_WAIT_MS, deadline)) {
      return deadline <= Date.now() ? "Scenario's ceiling of jobs in flight was still full at the article's deadline" : "Scenario's ceiling of jobs in flight stayed full";
    }
    await sleep(CEILING_RETRY_MS * (1 + Math.random()), undefined, { signal: context.signal }).catch(() => undefined);
    if (context.signal.aborted) throw new LostLeaseError(job.id);
    return undefined;
  }

  /** A synchronous helper's call (translation, prompt writer), marked while sent and asked again past the ceiling. */
  async function askPastCeiling<T>(
    job: JobRow, save: Save, context: RunContext, what: string, mark: 'translationRequestedAt' | 'promptAssistRequestedAt', call: () => Promise<T>,
  ): Promise<{ value: T } | { error: unknown; why: string }> {
    const since = Date.now();
    for (let refusals = 0; ; refusals++) {
      await save({ [mark]: now(), state: job.state });
      try {
        return { value: await call() };
      } catch (error) {
        const full = await waitOutCeiling(error, job, save, context, { what, unmark: { [mark]: null }, since, refusals });
        if (full !== undefined) return { error, why: full || helperFailure(error, context, job) };
      }
    }
  }

  /**
   * Title and keyphrases in English for the prompt, for an article in another language: one translate call for all
   * of them, recorded on the job (the originals stay in `title` and `keyphrases`). On failure, the original words.
   */
  async function wordsForPrompt(
    holder: { job: JobRow },
    save: Save,
    context: RunContext | undefined,
    original: { title: string; keyphrases: string[] },
  ): Promise<PromptWords> {
    const job = holder.job;
    const language = articleLanguage(job);
    // (No translation of these words: none left on the job from words it read before, which a later job would take.)
    const unchanged: PromptWords = { ...original, patch: { language, translatedTitle: null, translatedKeyphrases: null, translationUnchanged: false }, notes: [] };
    const cameBackUnchanged = (note: string): PromptWords => ({ ...unchanged, patch: { ...unchanged.patch, translationUnchanged: true }, notes: [note] });
    const client = scenario().client();
    if (!helpersFor(language, settings().current().textHelpers).translate || !context || !client) return unchanged;
    if (!original.title.trim() && original.keyphrases.length === 0) return unchanged;
    // Translated before for these very words, by this job (it waited for the budget since) or an earlier one of the
    // article (Regenerate, a republish): not bought twice.
    // (The whole title: a job keeps its first 250 characters, and a title changed after them is another text.)
    // (One that came back unchanged too: its answer is these words, and it was paid.)
    const translated = (other: JobRow) => (other.translationUnchanged || (other.translatedKeyphrases && other.translatedTitle !== null)) &&
      other.title === original.title && articleLanguage(other) === language && JSON.stringify(other.keyphrases) === JSON.stringify(original.keyphrases);
    const target = { uid: job.targetUid, documentId: job.targetDocumentId, locale: job.targetLocale };
    // (As far back as the side panel reads: unchanged republishes add a job each.)
    const before = translated(job) ? job : (await shared.jobs().forTarget(target, RECENT_JOBS_SCANNED)).find((other) => other.id !== job.id && translated(other));
    if (before?.translationUnchanged) return cameBackUnchanged('The translation to English of these words came back unchanged before: not asked (nor paid) again; the prompt uses the original words.');
    if (before) {
      const patch = { language, translatedTitle: before.translatedTitle, translatedKeyphrases: before.translatedKeyphrases, translationUnchanged: false };
      return { title: before.translatedTitle ?? '', keyphrases: before.translatedKeyphrases ?? [], patch, notes: [] };
    }
    if (job.translationRequestedAt) {
      return { ...unchanged, notes: ['The translation was sent before and its answer lost (interrupted by a restart, or a 5xx or timeout after it was sent); it is paid, so it is not sent again: the prompt uses the original words.'] };
    }
    const text = joinForTranslation(original.title, original.keyphrases);
    const asked = await askPastCeiling(job, save, context, 'translation', 'translationRequestedAt', () =>
      budget.helperBeforeGeneration(client, 'translate', job, () => client.translate(text, { signal: helperSignal(job, context) }), budget.chargeTo(save)));
    if ('error' in asked) {
      const { error, why } = asked;
      // Failed with an answer, or never left: it may be made again, e.g. when Scenario is back. Its outcome unknown
      // (a 5xx or a timeout after it was sent, so perhaps billed): it stays marked and is never sent again.
      if (!isUnknownOutcome(error)) await save({ translationRequestedAt: null, state: holder.job.state });
      // Too little budget for the image after it: the job waits for the budget, or takes the placeholder, as a
      // generation the cap refuses does (an image from untranslated words is no answer to a short budget). Unless a
      // whole period could not pay both: then the original words, or it would wait every period.
      if (error instanceof BudgetReached && error.forNextStep && (error.needed ?? 0) <= smallestCap()) throw error;
      // Scenario down (the circuit open, or a free question unanswered too): the job waits and translates when it
      // is back, as its image must wait anyway. Only the translation failing: the original words, now.
      if (scenario().isUnreachable(error) || (isConnectionFailure(error) && !(await scenario().reachable()))) throw error;
      return { ...unchanged, notes: [`The translation to English failed (${why}): the prompt uses the original words.`] };
    }
    const split = splitTranslation(asked.value.translation, original.keyphrases.length, Boolean(original.title.trim()));
    if (!split) {
      // Its lines run together (or others added): still English, and paid for: the prompt is built from its noun
      // phrases, without the title's "story about".
      const whole = asked.value.translation.replace(/\s+/g, ' ').trim();
      if (!whole) return { ...unchanged, notes: ['The translation came back empty: the prompt uses the original words.'] };
      return {
        title: '',
        keyphrases: [whole],
        patch: { language, translatedTitle: '', translatedKeyphrases: [truncateAtWord(whole, 1000)] },
        notes: ['The translation came back in another shape than it was sent (its lines run together): the prompt is built from its noun phrases.'],
      };
    }
    // Nothing translated (names only, or a language the service does not translate): said so, not shown as a translation.
    if (joinForTranslation(split.title, split.keyphrases) === joinForTranslation(original.title, original.keyphrases)) {
      return cameBackUnchanged('The translation to English came back unchanged: the prompt uses the original words.');
    }
    return {
      title: split.title,
      keyphrases: split.keyphrases,
      patch: { language, translatedTitle: truncateAtWord(split.title, 1000), translatedKeyphrases: split.keyphrases },
      notes: [],
    };
  }

  /**
   * With the prompt assistant on, the local prompt is rewritten by Scenario's prompt writer (contextual mode) for the
   * configured model; both are kept on the job. On failure the local prompt is used.
   */
  async function assistedPrompt(
    holder: { job: JobRow },
    save: Save,
    context: RunContext | undefined,
    localPrompt: string,
  ): Promise<{ prompt: string; localPrompt: string | null; notes: string[] }> {
    const job = holder.job;
    const config = settings().current();
    const client = scenario().client();
    const local = { prompt: localPrompt, localPrompt: null, notes: [] as string[] };
    if (!context || !client || !config.textHelpers.promptAssistant || !localPrompt) return local;
    if (job.promptAssistRequestedAt) {
      return { ...local, notes: ["The prompt assistant's call was sent before and its answer lost (interrupted by a restart, or a 5xx or timeout after it was sent); it is paid, so it is not sent again: the local prompt is used."] };
    }
    const asked = await askPastCeiling(job, save, context, 'prompt assistant', 'promptAssistRequestedAt', () =>
      budget.helperBeforeGeneration(client, 'promptAssistant', job, () => client.writePrompt(localPrompt, { mode: 'contextual', modelId: config.model.id, signal: helperSignal(job, context) }), budget.chargeTo(save)));
    if ('error' in asked) {
      const { error, why } = asked;
      // Not thrown even when Scenario is unreachable: the translation made just before must not be lost.
      if (!isUnknownOutcome(error)) await save({ promptAssistRequestedAt: null, state: holder.job.state });
      return { ...local, notes: [`The prompt assistant failed (${why}): the local prompt is used.`] };
    }
    const prompt = cutAtWord(promptFromAssistant(asked.value), config.model.maxPromptLength, 'en');
    if (!prompt) return { ...local, notes: ['The prompt assistant answered with no usable prompt: the local prompt is used.'] };
    return { prompt, localPrompt, notes: [] };
  }

  /** Whether the chosen image's alt text is asked of the text model (an article not in English, the helper on). */
  function wantsDescription(job: JobRow): boolean {
    return helpersFor(articleLanguage(job), settings().current().textHelpers).describe && Boolean(scenario().client());
  }

  /**
   * Alt text for the chosen image in the article's language, by the text model; the title-based text is the fallback.
   * Ends the captioning step: the job moves on to attaching either way.
   */
  async function describeChosen(job: JobRow, save: Save, context: RunContext): Promise<StepOutcome> {
    const client = scenario().client();
    // Alt text in the article's language (its locale, or the one its text is read in).
    const language = articleLanguage(job);
    const notes = job.helperNotes ?? [];
    /**
     * The image goes up with alt text from the title (the keyphrases, with no title), and the note says why (`cause`)
     * and, while a description Scenario still makes will replace it later, until when (`until`).
     */
    const fallback = async (cause: string, { describeJobId = null, answered = false, until }: { describeJobId?: string | null; answered?: boolean; until?: string } = {}) => {
      const text = altTextOf(job, '');
      const why = `${cause}: alt text from ${ALT_TEXT_SOURCE_WORDS[text.altTextSource]}${until ? ` until ${until}` : ''}.`;
      await save(
        {
          state: 'attaching',
          // A call that failed with an answer (or never left) may be made again by a retry; else its mark stays.
          ...(answered ? { describeRequestedAt: null } : {}),
          ...text,
          describeJobId,
          helperNotes: [...notes, why],
          attempts: 0,
          lastError: null,
        },
        why.replace(/\.$/, ''),
      );
      return 'next' as const;
    };
    if (!client || !job.chosenAssetId) return fallback(NOT_CONFIGURED);
    const chosen = job.chosenAssetId;
    const instruction = describeInstruction(language);
    let text: string | undefined;
    if (job.describeRequestedAt) {
      // Interrupted by a restart: never asked again blindly; one Scenario made (and billed) is found and used.
      const lost = await lostDescription(client, job, save, instruction, new Date(job.describeRequestedAt).getTime(), context);
      if (lost.describeJobId) return fallback(STILL_DESCRIBING, { describeJobId: lost.describeJobId, until: DESCRIPTION_ARRIVES });
      if (lost.text === undefined) {
        return fallback(`The description was asked for earlier (before a restart, or by the job this one retries) and is not asked again (it is paid, and ${lost.why})`);
      }
      text = lost.text;
    }
    // While the ceiling is full the description is waited for (waitOutCeiling); then alt text from the title.
    const since = Date.now();
    let refusals = 0;
    while (text === undefined) {
      const askedAt = Date.now();
      await save({ describeRequestedAt: now(), describeJobId: null, state: job.state });
      try {
        const described = await budget.helper(
          client,
          'describe',
          () => client.describeImage(chosen, instruction, { deadline: helperDeadline(job), signal: context.signal }),
          budget.chargeTo(save),
          (result) => result.creditsCost,
        );
        text = described.text;
        break;
      } catch (error) {
        // Taken by Scenario, its answer not read (still running past the call's deadline, Scenario out of reach while
        // it was awaited): it will be billed, so the image goes up now with alt text from the title, and the
        // description replaces it when it is read (late-descriptions).
        if (error instanceof ScenarioError && error.jobId !== undefined && !context.signal.aborted) {
          return error instanceof ScenarioDeadlineError
            ? fallback(STILL_DESCRIBING, { describeJobId: error.jobId, until: DESCRIPTION_ARRIVES })
            : fallback(STILL_DESCRIBING_UNREAD(helperFailure(error, context, job)), { describeJobId: error.jobId, until: 'it is' });
        }
        // Sent, its answer lost: the description may exist at Scenario (paid): then it is used.
        if (isUnknownOutcome(error) && !context.signal.aborted) {
          const lost = await lostDescription(client, job, save, instruction, askedAt, context, Date.now());
          if (lost.describeJobId) return fallback(STILL_DESCRIBING, { describeJobId: lost.describeJobId, until: DESCRIPTION_ARRIVES });
          text = lost.text;
          if (text !== undefined) break;
        }
        // The ceiling's refusal: the job keeps its lease meanwhile, so it stays counted in flight
        // (jobs.scenarioJobsInFlight) and no waiting generation takes the slot it is waiting for.
        const full = await waitOutCeiling(error, job, save, context, { what: 'description', unmark: { describeRequestedAt: null }, since, refusals: refusals++ });
        if (full === false) {
          return fallback(`Scenario's text model could not describe the image (${helperFailure(error, context, job)})`, { answered: !isUnknownOutcome(error) });
        }
        if (full !== undefined) return fallback(full);
      }
    }
    const described = altTextFromDescription({ text, locale: language });
    // (Answered: a retry may ask again.)
    if (!described) return fallback("The text model's answer was not usable as alt text", { answered: true });
    // Readers of the article's language get alt text in it, never in English ("wrong language" is no alt text).
    // (The words kept: a preamble before them may be English, "Here is the alt text in French:".)
    if (await answeredInEnglish(described.alternativeText, language)) {
      return fallback(`The text model answered in English, not in ${languageName(language)}`, { answered: true });
    }
    await save({ state: 'attaching', ...described, altTextSource: 'text-model', attempts: 0, lastError: null }, 'alt text from the text model');
    return 'next';
  }

  /**
   * The text of a description whose answer was lost, from Scenario's job list: the job that ran `instruction` on the
   * chosen image since `sentAt` (not failed), looked for until LISTED_WITHIN_MS after the answer was lost (a job just
   * made may not be listed yet; a timeout comes long after sending; after a restart, `lostAt` is `sentAt`). Else why
   * not, in words for the job's note.
   */
  async function lostDescription(
    client: ScenarioClient, job: JobRow, save: Save, instruction: string, sentAt: number, context: RunContext, lostAt = sentAt,
  ): Promise<{ text?: string; why: string; describeJobId?: string }> {
    const isIt = (remote: ScenarioJob) => {
      const images = remote.input?.images;
      return remote.input?.instruction === instruction && Array.isArray(images) && images[0] === job.chosenAssetId && remote.status !== 'failure' && remote.status !== 'canceled';
    };
    for (;;) {
      let found: ScenarioJob | undefined;
      try {
        found = await findListedJob(client, sentAt, isIt);
        if (found) {
          const { text } = await client.describeResult(found.jobId, { deadline: helperDeadline(job), signal: context.signal });
          await save({ state: job.state }, `found the description at Scenario: ${found.jobId}`);
          return { text, why: '' };
        }
      } catch (error) {
        if (context.signal.aborted) throw new LostLeaseError(job.id);
        // Found, its answer not read (still running, Scenario out of reach): read later, like any description that
        // outlived its call.
        if (found && error instanceof ScenarioError && error.jobId !== undefined) return { why: describe(error), describeJobId: found.jobId };
        return { why: found ? `its description could not be read (${describe(error)})` : `Scenario's job list could not be read (${describe(error)})` };
      }
      if (Date.now() >= lostAt + LISTED_WITHIN_MS) return { why: "Scenario's job list does not show it" };
      await sleep(LOOKUP_INTERVAL_MS, undefined, { signal: context.signal }).catch(() => undefined);
      if (context.signal.aborted) throw new LostLeaseError(job.id);
    }
  }

  /** Whether a text (a description, an editor's prompt) is in English; false when the text analysis cannot tell (or answer). */
  async function answeredInEnglish(text: string, language: string): Promise<boolean> {
    try {
      return await shared.textAnalysis().answeredInEnglish(text, language);
    } catch {
      return false;
    }
  }

  return { wordsForPrompt, assistedPrompt, wantsDescription, describeChosen, answeredInEnglish };
}

export type TextHelperSteps = ReturnType<typeof createTextHelperSteps>;

type HelperSwitches = { translatePrompts: boolean; promptAssistant: boolean; describeInLanguage: boolean };

/** For tests and the estimate: which helpers a job in `language` would call with these settings. */
export function helpersFor(language: string, textHelpers: HelperSwitches) {
  return helpersOf(languageOf(language) !== 'en', textHelpers);
}

function helpersOf(foreign: boolean, textHelpers: HelperSwitches) {
  return {
    translate: foreign && textHelpers.translatePrompts,
    promptAssistant: textHelpers.promptAssistant,
    describe: foreign && textHelpers.describeInLanguage,
  };
}

/**
 * Prices the helpers that are on, one dry run each. The prompt assistant, which every article calls whatever its
 * language, is priced once (`perCall`; the estimate adds it to the price per article). The helpers that depend on the
 * language are priced per locale, plus a row DETECTED_LANGUAGES for articles whose language is read from their text, in
 * a language other than English: those of content types without i18n, and those whose text is clearly not in their
 * locale's language (a Polish story under the default "en" locale), which any site may have (with an English row when
 * no locale gives one). The generation itself is priced apart (translations share one generation, so it is paid once
 * per article, whatever the locales).
 */
export async function estimateTextHelpers(
  client: Pick<ScenarioClient, 'estimateTextHelper'>,
  config: { textHelpers: TextHelperSettings; model: { id: string } },
  locales: Array<{ code: string; name: string }>,
): Promise<HelperEstimate> {
  const rows = [
    ...(locales.length ? locales : [{ code: 'en', name: 'English' }]).map((locale) => ({ ...locale, uses: helpersFor(locale.code, config.textHelpers) })),
    { code: DETECTED_LANGUAGES, name: 'Other languages (read from the text)', uses: helpersOf(true, config.textHelpers) },
  ];
  const needed = (key: 'translate' | 'describe') => rows.some((row) => row.uses[key]);
  const [translate, promptAssistant, describe] = await Promise.all([
    needed('translate') ? client.estimateTextHelper('translate') : undefined,
    config.textHelpers.promptAssistant ? client.estimateTextHelper('prompt', { mode: 'contextual', modelId: config.model.id }) : undefined,
    needed('describe') ? client.estimateTextHelper('describe') : undefined,
  ]);
  const perCall = {
    ...(translate !== undefined ? { translate } : {}),
    ...(promptAssistant !== undefined ? { promptAssistant } : {}),
    ...(describe !== undefined ? { describe } : {}),
  };
  return {
    perCall,
    locales: rows.map((row) => {
      const helpers = (['translate', 'describe'] as const).filter((key) => row.uses[key]);
      const credits = helpers.reduce((sum, key) => sum + (perCall[key] ?? 0), 0);
      return { locale: row.code, name: row.name, helpers, credits: Math.round(credits * 100) / 100 };
    }),
  };
}
