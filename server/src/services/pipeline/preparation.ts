/**
 * The first step: read the article and decide whether there is anything to do (target checks, ownership of the
 * image field, unchanged text), then record its language, keyphrases and prompt on the job. Also which other locale
 * of the article a job shares its generation with.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { ContentTypeSettings } from '../../config/schema';
import { cutAtWord } from '../../domain/truncate';
import { isActive } from '../../domain/job-states';
import { normaliseLanguage } from '../../domain/language';
import { buildPrompt, sanitizePromptText } from '../../domain/prompt';
import { lineBreaksAsSpaces } from '../../domain/text';
import { getService } from '../../utils/get-service';
import type { PublishedArticle } from '../articles';
import { heldByBackfill, isAutomaticTrigger, type JobPatch, type JobRow } from '../jobs';
import { articleLanguage, describe, jobTitle, mayReplace, now, type Holder, type RunContext, type Save, type Shared, ARTICLE_DELETED, UNPUBLISHED, UNPUBLISHED_WHILE_MADE } from './shared';
import { helpersFor, languageName, type TextHelperSteps } from './text-helpers';

const SEED_MAX = 2147483647;
/** How a job's history says an editor took its image out of the draft while it waited for review. */
const REMOVED_FROM_DRAFT = 'taken out of the draft by an editor';
/** A publish refused for it (and the job whose image it was). */
export const NO_LONGER_IN_DRAFT = /^The image of job (\d+) waiting for review is no longer in the draft/;

/** What `prepare` hands on when there is something to illustrate. */
export interface Prepared {
  contentType: ContentTypeSettings;
  textHash: string;
  hasText: boolean;
  /** The article's other jobs, newest first, as read for this step. */
  others: JobRow[];
}

/** The article a job is about, with the other jobs of the same article (newest first); or why there is nothing to do. */
type ArticleToIllustrate = { skip: string } | { contentType: ContentTypeSettings; article: PublishedArticle; others: JobRow[] };

/** The article as the text analysis reads it: title, text and language. */
type AnalysedText = { title: string; text: string; lang: string };

/** Keyphrases, or why the text could not be read in time (the prompt is then built from the title alone). */
type Keyphrases = { phrases: string[]; unread?: string };

/** (Line breaks inside a paragraph count as the spaces they were read as before, so existing images keep their hash.) */
export function textHashOf(article: Pick<PublishedArticle, 'title' | 'text'>): string {
  return createHash('sha256').update(`${article.title}\n${lineBreaksAsSpaces(article.text)}`).digest('hex');
}

export function createPreparationSteps(strapi: Core.Strapi, shared: Shared, helpers: TextHelperSteps) {
  const { settings, jobs, articles, media, targetOf, ownershipOf, textAnalysis, goneReason } = shared;
  const termStats = () => getService(strapi, 'term-stats');

  /**
   * Reads the article and decides whether there is anything to do; if so, records title, keyphrases and prompt on
   * the job (state unchanged) and returns the article's text hash. Null when the job ended here (skipped).
   * Without a run context (the placeholder put up before the job ran) no text helper is called, and a prompt that
   * would need one is left for the job's own run.
   */
  async function prepare(holder: Holder, save: Save, context?: RunContext): Promise<Prepared | null> {
    const job = holder.job;
    const found = await articleToIllustrate(job);
    if ('skip' in found) return skip(job, save, found.skip);
    const { contentType, article, others } = found;
    const textHash = textHashOf(article);
    const refusal = await whyNotIllustrate(job, contentType, article, others, textHash);
    if (refusal) return skip(job, save, refusal, { textHash, title: jobTitle(article.title) });
    const prepared = { contentType, textHash, hasText: Boolean(article.title || article.text), others };
    if (job.prompt !== null && job.textHash === textHash) return prepared;
    // Images an unpublished job made and never attached are used again (generation.ts), and so are its words: its
    // translation and prompt writer were paid for once.
    const unused = unusedGeneration(job, prepared);
    if (unused?.prompt) {
      await save({ ...wordsOf(unused), state: holder.job.state }, `takes the prompt job ${unused.id} made its images from`);
      return prepared;
    }

    const analysed = await recordLanguage(holder, save, article);
    const keyphrases = await readKeyphrases(job, analysed, others);
    await recordPrompt(holder, save, context, { article, textHash, keyphrases, lang: analysed.lang });
    return prepared;
  }

  /**
   * Nothing to do: the placeholder this job put up earlier, when the article no longer shows it, goes too. The text
   * read, when it was, is kept (its title names the row on the jobs page).
   */
  async function skip(job: JobRow, save: Save, reason: string, read: JobPatch = {}): Promise<null> {
    if (job.placeholderFileId !== null) await media().removeIfUnused(job.placeholderFileId);
    await save({ state: 'skipped', reason, lastError: null, ...read, finishedAt: now() }, reason.replace(/\.$/, ''));
    return null;
  }

  /** The content type still takes part, no earlier job of the article is at work, and the article is published. */
  async function articleToIllustrate(job: JobRow): Promise<ArticleToIllustrate> {
    const target = targetOf(job);
    const contentType = settings().contentType(job.targetUid);
    if (!contentType) return { skip: 'This content type no longer takes part.' };
    const others = (await jobs().forTarget(target)).filter((other) => other.id !== job.id);
    const earlier = others.find((other) => other.id < job.id && isActive(other.state));
    if (earlier) return { skip: `Job ${earlier.id} is already illustrating this article.` };
    const article = await articles().readPublished(target, contentType);
    if (!article) return { skip: await goneReason(job) };
    return { contentType, article, others };
  }

  /**
   * Review mode with draft & publish: an image that waited for review and is in neither the draft nor the live article
   * was taken out by an editor (or by a Save from a form that never held it). Its review is over and its file goes; its
   * candidates stay, free to choose again. The id of the job whose image was taken out for this text, if any: no
   * publish buys another for it unasked.
   */
  async function removedFromDraft(others: JobRow[], draft: number | null, live: number | null, textHash: string): Promise<number | undefined> {
    for (const other of others) {
      if (!other.awaitingReview || other.fileId === null || other.fileId === draft || other.fileId === live) continue;
      const settled = await jobs().settleReview(other, REMOVED_FROM_DRAFT);
      Object.assign(other, settled);
      await media().removeIfUnused(other.fileId);
    }
    // Newest first, past publishes refused so (they name the job), up to the last job that did something: a candidate
    // chosen or an image regenerated since is the editor's answer, and so is any image they put in the draft since. A
    // placeholder taken out is no image refused.
    if (draft !== null) return undefined;
    for (const other of others) {
      const earlier = other.state === 'skipped' ? NO_LONGER_IN_DRAFT.exec(other.reason ?? '') : null;
      if (earlier) return other.textHash === textHash ? Number(earlier[1]) : undefined;
      if (other.state === 'skipped') continue;
      const taken = !other.usePlaceholder && other.history?.some((entry) => entry.note === REMOVED_FROM_DRAFT);
      return taken && other.textHash === textHash ? other.id : undefined;
    }
    return undefined;
  }

  /** Why the field must be left as it is: it holds an image this job may not replace, or a publish changed nothing. */
  async function whyNotIllustrate(job: JobRow, contentType: ContentTypeSettings, article: PublishedArticle, others: JobRow[], textHash: string) {
    const automatic = isAutomaticTrigger(job.trigger);
    const withDrafts = articles().hasDraftAndPublish(job.targetUid);
    // In review mode an image made for the article may still wait for an editor's choice. Without draft & publish
    // (every save triggers) a save meanwhile does not buy another, as an editor fixing typos would pay for each. With
    // it, the image waits in the draft: a publish that came before it was there (while it was made) does not buy
    // another for the same text. Regenerate does.
    const reviewed = contentType.publishMode === 'review';
    // With draft & publish in review mode the image goes to the draft: its field is the one this job would replace.
    const fieldHolds = reviewed && withDrafts ? ((await articles().draftImage(targetOf(job), contentType.imageField)) ?? null) : article.imageFileId;
    const rejected = reviewed && withDrafts ? await removedFromDraft(others, fieldHolds, article.imageFileId, textHash) : undefined;
    if (automatic && rejected) return `The image of job ${rejected} waiting for review is no longer in the draft (an editor took it out): choose one of its candidates, or regenerate.`;
    const waiting = others.find((other) => other.awaitingReview && !other.usePlaceholder && other.fileId !== null && other.fileId !== article.imageFileId);
    if (automatic && reviewed && waiting && (!withDrafts || waiting.textHash === textHash)) {
      return `The image of job ${waiting.id} waits for review: use it, or regenerate.`;
    }
    const current = await ownershipOf(fieldHolds, others, targetOf(job));
    if (!mayReplace(job, contentType, current.kind)) {
      return current.kind === 'image' && current.textHash && current.textHash !== textHash
        ? `Its image was made for the text before this change and stays, as replaceExisting is off for this type: regenerate for one made for the new text.`
        : `The "${contentType.imageField}" field already has an image.`;
    }
    // Unchanged since our image went up: known from the job history, or from the image itself (it carries the text
    // hash it was made for), so a reinstall with an empty job table does not buy the same image again.
    const lastDone = others.find((other) => other.state === 'done');
    const unchanged =
      (lastDone?.textHash === textHash && article.imageFileId === lastDone.fileId) || (current.kind === 'image' && current.textHash === textHash);
    return automatic && unchanged ? 'The article has not changed since it was last illustrated.' : undefined;
  }

  /**
   * The article's language: its locale (i18n), unless its text is clearly in another one (a Polish site that kept
   * Strapi's default "en" locale), else read from its text. It picks the keyphrase rules and the site statistics they
   * are counted in, and whether the helpers translate the prompt and describe the image. Saved first, so the helpers
   * see it.
   */
  async function recordLanguage(holder: Holder, save: Save, article: PublishedArticle): Promise<AnalysedText> {
    const job = holder.job;
    const text = { title: article.title, text: article.text };
    if (job.language) return { ...text, lang: job.language };
    // A locale names the language, unless the text clearly says otherwise; only an article without one is read on
    // the text-analysis thread, and saved when it is not the English the helpers would otherwise assume.
    const fromLocale = normaliseLanguage(job.targetLocale);
    if (fromLocale) {
      // (A text-analysis failure is said on the job, never silent; the locale then stands.)
      const other = await textAnalysis().otherLanguage(text, fromLocale).catch(async (error: unknown) => {
        await save({ state: holder.job.state }, `the article's text could not be checked against its locale (${describe(error)}): read as "${fromLocale}"`);
        return null;
      });
      if (!other) return { ...text, lang: fromLocale };
      await save({ language: other, state: holder.job.state }, `its text is in ${languageName(other)}, not in its locale's ${languageName(fromLocale)}: read as ${languageName(other)}`);
      return { ...text, lang: other };
    }
    const assumed = articleLanguage(job);
    // A text-analysis failure (a broken install: no language detector) is said on the job, never silent.
    const detected = await textAnalysis().language(text).catch(async (error: unknown) => {
      await save({ state: holder.job.state }, `the article's language could not be read (${describe(error)}): read as "${assumed}"`);
      return assumed;
    });
    if (detected !== assumed) await save({ language: detected, state: holder.job.state });
    return { ...text, lang: detected };
  }

  /**
   * Keyphrases sharpened by their rarity on this site; each article is counted once, the first time it is
   * illustrated. Text that cannot be read in time gives none, and says why.
   */
  async function readKeyphrases(job: JobRow, analysed: AnalysedText, others: JobRow[]): Promise<Keyphrases> {
    const stats = await termStats().forDocument(analysed);
    if (others.length === 0 && job.textHash === null) await termStats().addDocument(analysed);
    return textAnalysis()
      .keyphrases(analysed, { limit: 10, stats })
      .then(
        (found) => ({ phrases: found.map((k) => k.phrase) }),
        (error: unknown) => ({ phrases: [], unread: describe(error) }),
      );
  }

  /**
   * Builds the prompt (from the English words, the prompt assistant's rewrite, or the editor's own prompt) and
   * saves it on the job with everything it was made from; the job's state stays.
   */
  /**
   * Translated keyphrases as noun phrases for the prompt: a language read without a tagger keeps a verb in a phrase
   * now and then ("metsäpalo riehui Kainuussa", translated "forest fire raged in Kainuu"), which would go into the
   * picture's description; English's tagger takes it out ("forest fire", "Kainuu"). The translation as returned
   * stays on the job. When the text analysis cannot answer, the translation is used as it is.
   */
  async function nounPhrasesOf(translated: string[]): Promise<string[]> {
    if (!translated.length) return translated;
    try {
      return [...new Set((await textAnalysis().nounPhrases(translated)).flat())];
    } catch {
      return translated;
    }
  }

  async function recordPrompt(
    holder: Holder,
    save: Save,
    context: RunContext | undefined,
    made: { article: PublishedArticle; textHash: string; keyphrases: Keyphrases; lang: string },
  ): Promise<void> {
    const job = holder.job;
    const { article, keyphrases } = made;
    const config = settings().current();
    const style = settings().stylePreset();
    // A non-English article's prompt is built from the English translation of its title and keyphrases. A locale
    // that will share another locale's image needs no prompt of its own: no paid helper for it (its prompt is made
    // if it has to generate after all).
    const helperContext = context && !(await sharedGeneration(job)).shares ? context : undefined;
    // An editor's own prompt is sent as they wrote it: nothing is translated for it (nor paid).
    const own = job.requestedPrompt || null;
    const words = await helpers.wordsForPrompt(holder, save, own ? undefined : helperContext, { title: article.title, keyphrases: keyphrases.phrases });
    // Words left untranslated (no helper, or it failed) are in the article's language.
    const translated = typeof words.patch.translatedTitle === 'string';
    const promptLanguage = translated ? 'en' : made.lang;
    const promptPhrases = translated ? await nounPhrasesOf(words.keyphrases) : words.keyphrases;
    const built = buildPrompt({ title: words.title, keyphrases: promptPhrases, style, maxLength: config.model.maxPromptLength, language: promptLanguage,
      text: article.text, textLanguage: made.lang });
    const assisted = own
      ? { prompt: cutAtWord(sanitizePromptText(own), config.model.maxPromptLength) || built.prompt, localPrompt: null, notes: [] }
      : await helpers.assistedPrompt(holder, save, helperContext, built.prompt);
    const wanted = helpersFor(words.patch.language ?? 'en', config.textHelpers);
    const needsHelpers = Object.values(wanted).some(Boolean);
    // (Said of a prompt not in English only: a trial's editor who wrote one in English was told it was untranslated.)
    const ownNote = own && wanted.translate && !(await helpers.answeredInEnglish(own, words.patch.language ?? 'en')) ? ['Your own prompt is sent as you wrote it, untranslated: image models follow English prompts best.'] : [];
    const notes = [...words.notes, ...assisted.notes, ...ownNote];
    const { unread } = keyphrases;
    await save({
      title: jobTitle(article.title),
      textHash: made.textHash,
      keyphrases: keyphrases.phrases,
      ...words.patch,
      // Left for the job's own run when the helpers it needs could not be called yet.
      prompt: !helperContext && needsHelpers && !own ? null : assisted.prompt,
      localPrompt: assisted.localPrompt,
      helperNotes: notes.length ? notes : null,
      // The answers are saved with the prompt: a later change of the article may ask again.
      translationRequestedAt: null,
      promptAssistRequestedAt: null,
      negativePrompt: built.negativePrompt ?? null,
      style: style.id,
      model: currentModel(),
      seed: randomInt(SEED_MAX),
      ...(unread ? { state: job.state, lastError: `Keyphrases could not be read: ${unread}` } : notes.length ? { state: holder.job.state } : {}),
    }, unread ? `keyphrases could not be read (${unread}): prompt from the title alone` : notes.length ? notes.join(' ') : undefined);
  }

  /**
   * Another locale of the same article whose generation this one shares: one still at work that was published first
   * (the leader: wait for it), or one done with an image (the donor: reuse it). Only for publishes.
   */
  async function sharedGeneration(job: JobRow): Promise<{ shares: boolean; leader?: JobRow; donor?: JobRow }> {
    // Each locale its own image, where the type says its locales tell different stories and each has its own field.
    const contentType = settings().contentType(job.targetUid);
    const own = contentType?.localesShareImage === false && !articles().isSharedField(job.targetUid, contentType.imageField);
    if (!isAutomaticTrigger(job.trigger) || own) return { shares: false };
    const siblings = await jobs().otherLocales(targetOf(job));
    // A leader: a publish's job, or a retry fetching images paid for; not one a paused backfill holds (it may wait days).
    const leader = siblings.find((other) => isActive(other.state) && other.id < job.id && (isAutomaticTrigger(other.trigger) || other.trigger === 'retry') && !heldByBackfill(other));
    // Another locale's image, or the images its last job paid for and never attached because that locale was
    // unpublished or deleted while they were made (with today's model and style): used instead of buying new ones.
    const lastOfItsLocale = (other: JobRow) => siblings.find((sibling) => sibling.targetLocale === other.targetLocale) === other;
    const donor = siblings.find((other) => other.state === 'done' && other.chosenAssetId && other.candidateAssetIds?.includes(other.chosenAssetId)) ??
      siblings.find((other) => neverAttached(other) && lastOfItsLocale(other) && madeAsNow(other));
    return { shares: Boolean(leader || donor), leader, donor };
  }

  /**
   * The article's last job before this one (same locale), when it was paid for its images and ended without
   * attaching any because the article was unpublished meanwhile, for the same text, model and style: a publish now
   * uses those images instead of buying new ones. Only the last: images a later job put up, or an editor removed
   * since, are not brought back. Only for publishes.
   */
  function unusedGeneration(job: JobRow, { textHash, others }: Prepared): JobRow | undefined {
    if (!isAutomaticTrigger(job.trigger)) return undefined;
    const last = others.filter((other) => other.id < job.id).sort((a, b) => b.id - a.id)[0];
    if (!last || !neverAttached(last) || last.reason === ARTICLE_DELETED) return undefined;
    // (Against the settings now: this job's own prompt may not be made yet.)
    return last.textHash === textHash && madeAsNow(last) ? last : undefined;
  }

  /** A job that paid for images and ended without attaching any: its article was unpublished or deleted meanwhile. */
  function neverAttached(job: JobRow): boolean {
    const gone = [UNPUBLISHED, UNPUBLISHED_WHILE_MADE, ARTICLE_DELETED].includes(job.reason ?? '');
    return job.state === 'skipped' && gone && job.fileId === null && !job.usePlaceholder && Boolean(job.candidateAssetIds?.length);
  }

  /** The model a job made now would use, with its LoRA. */
  function currentModel(): string {
    const { model } = settings().current();
    return model.loraId ? `${model.id} + ${model.loraId}` : model.id;
  }

  /** Made with the model and style a job made now would use. */
  const madeAsNow = (job: JobRow) => job.model === currentModel() && job.style === settings().stylePreset().id;

  /** What a job's prompt was made from and with: reused with its images, nothing asked of Scenario again. */
  function wordsOf(donor: JobRow): JobPatch {
    const { title, textHash, keyphrases, language, translatedTitle, translatedKeyphrases, translationUnchanged, prompt, localPrompt, helperNotes, negativePrompt, style, model, seed } = donor;
    return { title, textHash, keyphrases, language, translatedTitle, translatedKeyphrases, translationUnchanged, prompt, localPrompt, helperNotes, negativePrompt, style, model, seed };
  }

  return { prepare, sharedGeneration, unusedGeneration };
}

export type PreparationSteps = ReturnType<typeof createPreparationSteps>;

