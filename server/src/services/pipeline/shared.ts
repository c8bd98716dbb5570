/**
 * What the pipeline's steps share: the services they use, saving under the lease, ownership of the file in an
 * article's image field, and the placeholder's parts. The pure rules (who may replace what, which candidate, file
 * names) sit at the bottom, free of Strapi.
 */
import { strings } from '@strapi/utils';
import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../../config/schema';
import { altTextFromCaption, captionAltTextSource, placeholderAltText } from '../../domain/alt-text';
import { languageOf } from '../../domain/language/locale';
import { truncateAtWord } from '../../domain/truncate';
import { placeholderSvg, renderPlaceholder } from '../../domain/placeholder';
import { ScenarioError } from '../../scenario/errors';
import type { GenerateInput, ScenarioClient, ScenarioJob } from '../../scenario/types';
import { getService } from '../../utils/get-service';
import { isAutomaticTrigger, LostLeaseError, type AltTextSource, type IllustrationTarget, type JobPatch, type JobRow } from '../jobs';
import type { FileProvenance } from '../media';

export interface RunContext {
  workerId: string;
  signal: AbortSignal;
}

/** A job refused by the concurrency ceiling is looked at again after 1–2 s (by then it waits for a slot, not Scenario). */
export const CEILING_RETRY_MS = 1000;

/** A step that cannot finish now but may later: the job keeps its state and is tried again after a delay. */
export class RetryLater extends Error {}

/** What a step did: `next` carries on with the job at once, `wait` hands it back until its `nextRunAt`. */
export type StepOutcome = 'next' | 'wait';
/** Saves a patch, or one made from the job as it stands (a count added to: `helperCredits`). */
export type Save = (patch: JobPatch | ((job: JobRow) => JobPatch), note?: string) => Promise<JobRow>;
export type Holder = { job: JobRow };

const MAX_ERROR_LENGTH = 500;

/**
 * The article's language: the one saved on the job (read from its text when the content type has no i18n, or when
 * the text is clearly not in its locale's language), else the job's locale, else English. Helpers are called and alt
 * text is written in it.
 */
export function articleLanguage(job: Pick<JobRow, 'targetLocale' | 'language'>): string {
  return job.language ?? languageOf(job.targetLocale);
}

/**
 * The article's language as specific as it is known: its locale when the text is in that locale's language (a
 * site's own disclosure line may be keyed "pt-BR"), else the language its text was read in.
 */
export function articleLocale(job: Pick<JobRow, 'targetLocale' | 'language'>): string {
  return job.targetLocale && languageOf(job.targetLocale) === articleLanguage(job) ? job.targetLocale : articleLanguage(job);
}

/**
 * How a job's wait for an image ends (a limit reached, a step that cannot pass, runs that keep breaking). A real image
 * that cannot be fetched or attached falls back to the placeholder; a placeholder that cannot be attached is a
 * failure, with the reason on the job.
 */
export function endOfWait(job: JobRow, why: string, refused = false): { patch: JobPatch; note: string } {
  if (job.state === 'attaching' && job.usePlaceholder) return { patch: { state: 'failed', lastError: why, finishedAt: now() }, note: 'failed' };
  // An image that was paid for is not thrown away because its alt text could not be written: it goes up with alt
  // text from its caption, if it has one, else from the title.
  if (job.state === 'captioning' && job.candidateAssetIds?.length) {
    const caption = job.candidateCaptions?.[job.candidateAssetIds.indexOf(job.chosenAssetId ?? job.candidateAssetIds[0])] ?? '';
    const from = `from ${ALT_TEXT_SOURCE_WORDS[altTextOf(job, caption).altTextSource]}`;
    const note = `${caption ? 'The alt text could not be written' : 'The captions failed'} (${why.replace(/\.$/, '')}): alt text ${from}.`;
    return { patch: { ...chosenWithAltText(job, caption, note), lastError: why, nextRunAt: now() }, note: `alt text failed: ${from}` };
  }
  return { patch: { ...placeholderPlan(why), attempts: 0 }, note: refused ? 'placeholder: Scenario refused it' : 'placeholder: gave up' };
}

/**
 * The chosen image (else the first candidate) goes up with alt text from `caption` (from the title where it has none,
 * or the article is not in English), and `note` on the job.
 */
export function chosenWithAltText(job: JobRow, caption: string, note: string): JobPatch {
  return {
    state: 'attaching',
    chosenAssetId: job.chosenAssetId ?? job.candidateAssetIds![0],
    ...altTextOf(job, caption),
    helperNotes: [...(job.helperNotes ?? []), note],
    attempts: 0,
  };
}

/**
 * A job's alt text from an image's caption (from the title where it has none, or in another language; from the
 * keyphrases of an article with no title), and its source.
 */
export function altTextOf(job: JobRow, caption: string): { alternativeText: string; caption: string; altTextSource: 'caption' | 'title' | 'keyphrases' } {
  const input = { caption, title: job.title ?? '', keyphrases: job.keyphrases ?? [], locale: articleLanguage(job) };
  return { ...altTextFromCaption(input), altTextSource: captionAltTextSource(input) };
}

/** A job's alt-text source as its notes say it. */
export const ALT_TEXT_SOURCE_WORDS: Record<AltTextSource, string> = { caption: 'its caption', 'text-model': 'the text model', title: 'the title', keyphrases: 'the keyphrases' };

/** What a job's generation sends: its prompt and seed, and the settings' model inputs. */
export function generationInput(job: JobRow, config: PluginConfig): GenerateInput {
  return {
    prompt: job.prompt ?? '',
    negativePrompt: job.negativePrompt ?? undefined,
    numOutputs: config.numOutputs,
    seed: job.seed ?? undefined,
    aspectRatio: config.aspectRatio,
    ...(config.model.loraId ? { loraIds: [config.model.loraId], loraScales: [config.model.loraScale] } : {}),
    ...(job.referenceAssetIds?.length ? { referenceImages: job.referenceAssetIds } : {}),
  };
}

/** The article's title as a job keeps it (it names the row on the jobs page). */
export const jobTitle = (title: string): string => truncateAtWord(title, 250);

/**
 * The placeholder's alt text: the keyphrases its card draws (one too wide is not named either; a new user's trial), or
 * all of them when the card draws none (a script the font lacks).
 */
export function placeholderAltTextOf(job: Pick<JobRow, 'title' | 'keyphrases' | 'targetLocale' | 'language'>): string {
  const drawn = placeholderSvg({ title: job.title ?? '', keyphrases: job.keyphrases ?? [], language: articleLanguage(job) }).keyphrases;
  return placeholderAltText({ title: job.title ?? '', keyphrases: drawn.length ? drawn : (job.keyphrases ?? []), locale: articleLanguage(job) });
}

export function placeholderPlan(reason: string): JobPatch {
  return { state: 'attaching', usePlaceholder: true, reason, fileId: null, attempts: 0, nextRunAt: now(), describeJobId: null };
}

/** The reasons of a job whose article was unpublished: a later publish may use its paid images (preparation). */
export const UNPUBLISHED = 'The article is no longer published.';
export const UNPUBLISHED_WHILE_MADE = 'The article was unpublished while the image was being made.';
export const ARTICLE_DELETED = 'The article was deleted.';

export function createShared(strapi: Core.Strapi) {
  const settings = () => getService(strapi, 'settings');
  const jobs = () => getService(strapi, 'jobs');
  const articles = () => getService(strapi, 'articles');
  const media = () => getService(strapi, 'media');
  const scenario = () => getService(strapi, 'scenario');
  const slots = () => getService(strapi, 'generation-slots');
  const collections = () => getService(strapi, 'collections');
  const budget = () => getService(strapi, 'budget');
  const referenceImages = () => getService(strapi, 'reference-images');
  const backfills = () => getService(strapi, 'backfill');
  const textAnalysis = () => getService(strapi, 'text-analysis');

  const targetOf = (job: JobRow): IllustrationTarget => ({
    uid: job.targetUid,
    documentId: job.targetDocumentId,
    locale: job.targetLocale,
  });

  function saverFor(holder: Holder, context: RunContext): Save {
    const { leaseSeconds } = settings().current().worker;
    return (patch, note) => {
      // A worker that lost its lease stops before its next side effect; the save itself also checks the lease.
      if (context.signal.aborted) return Promise.reject(new LostLeaseError(holder.job.id));
      return jobs()
        .save(holder.job, context.workerId, typeof patch === 'function' ? patch(holder.job) : patch, leaseSeconds, note)
        .then((saved) => (holder.job = saved));
    };
  }

  /** Throws when the worker no longer holds the job: called before anything that costs money or touches media. */
  function ensureHeld(job: JobRow, context: RunContext) {
    if (context.signal.aborted) throw new LostLeaseError(job.id);
  }

  /**
   * Why an article can no longer take its image: unpublished (its draft is still there), or deleted (all a type
   * without draft & publish can be).
   */
  async function goneReason(job: JobRow, whileMade = false): Promise<string> {
    if (!articles().hasDraftAndPublish(job.targetUid) || !(await articles().hasDraft(targetOf(job)))) return ARTICLE_DELETED;
    return whileMade ? UNPUBLISHED_WHILE_MADE : UNPUBLISHED;
  }

  const giveUpAt = (job: JobRow) => new Date(job.createdAt).getTime() + settings().current().giveUpAfterSeconds * 1000;

  /** Ends the wait for an image: `refused` when Scenario refused the request (a 400: moderation, a bad input). */
  async function giveUp(job: JobRow, save: Save, why: string, refused = false) {
    const { patch, note } = endOfWait(job, why, refused);
    return save(patch, note);
  }

  function placeholderText(job: JobRow) {
    const alternativeText = placeholderAltTextOf(job);
    return { alternativeText, caption: alternativeText };
  }

  async function placeholderImage(job: JobRow) {
    const rendered = await renderPlaceholder({ title: job.title ?? '', keyphrases: job.keyphrases ?? [], language: articleLanguage(job) });
    return { bytes: rendered.bytes, mimeType: rendered.mimeType, extension: 'png' };
  }

  /** Who put the file there; `replaced`: an editor put their own picture into a file of ours (Replace media). */
  async function ownershipOf(fileId: number | null, others: JobRow[], target: IllustrationTarget): Promise<{ kind: Ownership | 'empty'; textHash?: string; replaced?: boolean }> {
    if (fileId === null) return { kind: 'empty' };
    const { mark, replaced } = await media().markOf(fileId);
    if (replaced) return { kind: 'none', replaced };
    const job = others.find((other) => other.fileId === fileId || other.placeholderFileId === fileId);
    if (job) return { kind: job.usePlaceholder || job.placeholderFileId === fileId ? 'placeholder' : 'image', textHash: job.textHash ?? undefined };
    if (mark && mark.uid === target.uid && mark.documentId === target.documentId) return { kind: mark.kind, textHash: mark.textHash ?? undefined };
    return { kind: 'none' };
  }

  function provenanceOf(job: JobRow, kind: 'image' | 'placeholder'): FileProvenance {
    return {
      uid: job.targetUid,
      documentId: job.targetDocumentId,
      locale: job.targetLocale,
      kind,
      textHash: job.textHash,
      jobId: job.id,
      ...(kind === 'image' && job.chosenAssetId ? { assetId: job.chosenAssetId, scenarioJobId: job.scenarioJobId } : {}),
      ...(kind === 'image' ? { model: job.model } : {}),
      generatedAt: new Date().toISOString(),
    };
  }

  return {
    settings,
    jobs,
    articles,
    media,
    scenario,
    slots,
    backfills,
    collections,
    budget,
    referenceImages,
    textAnalysis,
    targetOf,
    saverFor,
    ensureHeld,
    giveUpAt,
    goneReason,
    giveUp,
    placeholderText,
    placeholderImage,
    ownershipOf,
    provenanceOf,
  };
}

export type Shared = ReturnType<typeof createShared>;

export type Ownership = 'none' | 'placeholder' | 'image';

/**
 * May this job put its image in a field holding `current`? An empty field or our own placeholder: always.
 * Our own earlier image: when an editor asked (regenerate, choose another candidate) or the type replaces images.
 * An image an editor chose: only when the type is configured to replace, and never by a placeholder. (Not even for an
 * editor's request: it may have waited for the budget, or an editor may have set the image while it generated.)
 */
export function mayReplace(job: JobRow, contentType: { replaceExisting: boolean }, current: Ownership | 'empty'): boolean {
  if (current === 'empty' || current === 'placeholder') return true;
  if (job.usePlaceholder) return false;
  if (current === 'image' && !isAutomaticTrigger(job.trigger)) return true;
  return contentType.replaceExisting;
}

/** Picks the candidate whose caption mentions the article's keyphrases most; the first one on a tie. */
export function chooseCandidate(captions: string[], keyphrases: string[]): number {
  const words = new Set(keyphrases.flatMap((phrase) => phrase.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length > 2));
  let best = 0;
  let bestScore = -1;
  captions.forEach((caption, index) => {
    const score = caption
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => words.has(word)).length;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

/**
 * A readable, stable file name: the article's slug (its first keyphrases when it has no title; the title's English
 * translation when Strapi cannot write the original's script in Latin letters) and the job's id (which also finds the
 * file after a crash).
 */
export function fileBaseName(
  job: Pick<JobRow, 'title' | 'documentId' | 'usePlaceholder'> & Partial<Pick<JobRow, 'keyphrases' | 'language' | 'targetLocale' | 'translatedTitle'>>,
): string {
  // Strapi's own slugs (transliterated: "Straße" → "strasse"), kept short. Its "ä" → "ae" is German's way only:
  // Swedish, Finnish or Hungarian names drop the dots ("Malmö" → "malmo").
  const words = job.title?.trim() || (job.keyphrases ?? []).slice(0, 3).join(' ');
  const german = articleLanguage({ language: job.language ?? null, targetLocale: job.targetLocale ?? null }) === 'de';
  const replacements = german ? LETTERS_WITHOUT_TRANSLITERATION : [...UMLAUTS, ...LETTERS_WITHOUT_TRANSLITERATION];
  // (The slug's start only: replacements over a 100,000-character title took seconds. In lower case: Strapi's slugs
  // cut a word where its case changes, "ÞINGVELLIR" → "th-ingvellir", "Ægir" → "a-egir".)
  const slugOf = (text: string) =>
    strings.nameToSlug(text.slice(0, 200).toLowerCase(), { separator: '-', customReplacements: replacements }).slice(0, 60).replace(/-+$/, '');
  // (Devanagari, Gurmukhi, Chinese, Hebrew, Thai… give no slug at all.)
  const slug = slugOf(words) || slugOf(job.translatedTitle ?? '');
  return `${slug || 'article'}-${job.usePlaceholder ? 'placeholder-' : ''}${job.documentId}`;
}

const UMLAUTS: Array<[string, string]> = [['ä', 'a'], ['ö', 'o'], ['ü', 'u']];
/**
 * Letters Strapi's slugs drop ("Bənövşəyi" → "b-noevs-yi"): Azerbaijani's schwa, West African open and hooked letters,
 * Serbian, Macedonian, Kazakh and Belarusian Cyrillic ones ("Ђорђе" → "or-e").
 */
const LETTERS_WITHOUT_TRANSLITERATION: Array<[string, string]> = Object.entries({
  ə: 'e', ɛ: 'e', ɔ: 'o', ɓ: 'b', ɗ: 'd', ƙ: 'k',
  ђ: 'dj', ћ: 'c', ѓ: 'gj', ѕ: 'dz', ә: 'a', қ: 'q', ұ: 'u', ө: 'o', ү: 'u', ғ: 'g', ң: 'n', һ: 'h', ў: 'u',
});

export const now = () => new Date().toISOString();

export function describeDuration(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** Pages of Scenario's job list (50 jobs each, newest first) looked through for a call whose answer was lost. */
const LOOKUP_PAGES = 3;
/** A paid call that may have reached Scenario is looked for in its job list for this long before it counts as lost… */
export const LISTED_WITHIN_MS = 15_000;
/** …every this long. */
export const LOOKUP_INTERVAL_MS = 5_000;
/** Clocks (ours, Scenario's) may differ by this much: a job listed as made earlier than the call was not made by it. */
const CLOCK_SKEW_MS = 2 * 60_000;

/**
 * The job in Scenario's list that `matches` (by the inputs it ran with) and was made since the call went out at
 * `sentAt` (ms), and that no other job of ours `taken` as its own: a paid call whose answer was lost is found there,
 * never sent again blindly.
 */
export async function findListedJob(
  client: ScenarioClient, sentAt: number, matches: (job: ScenarioJob) => boolean, taken?: (jobIds: string[]) => Promise<ReadonlySet<string>>,
): Promise<ScenarioJob | undefined> {
  const madeSince = (job: ScenarioJob) => !job.createdAt || new Date(job.createdAt).getTime() >= sentAt - CLOCK_SKEW_MS;
  let paginationToken: string | undefined;
  for (let page = 0; page < LOOKUP_PAGES; page++) {
    const listed = await client.listJobs({ pageSize: 50, paginationToken });
    const found = listed.jobs.filter((job) => madeSince(job) && matches(job));
    const others = found.length && taken ? await taken(found.map((job) => job.jobId)) : new Set<string>();
    const match = found.find((job) => !others.has(job.jobId));
    if (match) return match;
    // Newest first: once the list is older than the call could have made (madeSince), stop.
    const oldest = listed.jobs[listed.jobs.length - 1];
    if (!listed.nextPaginationToken || (oldest && !madeSince(oldest))) break;
    paginationToken = listed.nextPaginationToken;
  }
  return undefined;
}

/** What became of a paid call whose outcome is unknown, in an editor's words (a 2xx that could not be read is lost too). */
export function lostAnswer(error: ScenarioError): string {
  // (Said of captions, a translation or a description alike: "the request", never "it".)
  if (error.status && error.status >= 300) return `Scenario answered ${error.status} after receiving the request`;
  return error.code === 'TIMEOUT' ? 'no answer came in time after the request was sent' : 'the answer was lost after the request was sent';
}

export function describe(error: unknown): string {
  const raw = error instanceof ScenarioError ? error.message : error instanceof Error ? error.message : String(error);
  // Editors read this: the server's own paths ("ENOTDIR: …, open '/srv/app/public/uploads/x.jpg'") go to the file name.
  const text = raw.replace(SERVER_PATH, (path) => `…/${path.split(/[\\/]/).pop()}`);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** An absolute file path of two parts or more, not inside a URL ("https://host/v1/jobs"). */
const SERVER_PATH = /(?<![:\w/.\\-])(?:[A-Za-z]:)?(?:[\\/][^\\/\s'"`,;:()]+){2,}/g;

