// Words as the side panel shows them.
import { disclosureLine } from '../../../server/src/domain/disclosure';
import { isActive, type JobState } from './api';

/** Whether `text` says `phrase` as whole words ("skog" is not in "skogsbrand"). */
export function containsPhrase(text: string, phrase: string): boolean {
  const escaped = phrase.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Boolean(escaped) && new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
}

/** A language code as the admin's language names it ("pt" -> "Portuguese"), the code itself if it cannot. */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * Where the job's alt text came from, said only of an image it attached: a failed job may have written alt text for
 * an image that never went up, and a placeholder's is its own.
 */
export function shownAltTextSource<Source extends string>(
  job: { id: number; state: string; altTextSource?: Source | null },
  imageJobIds: Array<number | null | undefined>,
): Source | null {
  // (Of the image on view, attached or waiting for review: not of one an editor took out of the draft or replaced.)
  return job.state === 'done' && imageJobIds.includes(job.id) ? (job.altTextSource ?? null) : null;
}

/**
 * What the jobs page says of a job's end or trouble: why it failed, fell back or was skipped ("The article was deleted."
 * after a paid generation), or an active job's last error.
 */
export function shownJobReason(job: { state: string; reason?: string | null; lastError?: string | null }, active: boolean): string | null {
  if (job.state === 'failed' || job.state === 'fallback' || job.state === 'skipped') return job.reason ?? job.lastError ?? null;
  return active ? (job.lastError ?? null) : null;
}

/**
 * The translation as lines of original → English: the title's and each keyphrase's; one line for all when the
 * translation came back as one text (its lines run together).
 */
export function translationPairs(job: { title?: string | null; keyphrases?: string[] | null; translatedTitle?: string | null; translatedKeyphrases?: string[] | null }): Array<[string, string]> {
  const [keyphrases, translated] = [job.keyphrases ?? [], job.translatedKeyphrases ?? []];
  // (A title sent and none back: the lines ran together, whatever their count.)
  const runTogether = translated.length !== keyphrases.length || (Boolean(job.title?.trim()) && !job.translatedTitle);
  if (runTogether) return [[[job.title ?? '', ...keyphrases].filter(Boolean).join(' · '), translated.join(' ')]];
  return [
    ...(job.translatedTitle ? [[job.title ?? '', job.translatedTitle] as [string, string]] : []),
    ...keyphrases.map((phrase, index): [string, string] => [phrase, translated[index]]),
  ];
}

/** The translation the panel shows: the title's, and the keyphrases' (an article without a title has only these). */
export function shownTranslation<Job extends { translatedTitle?: string | null; translatedKeyphrases?: string[] | null }>(used: Job | null): Job | null {
  return used?.translatedTitle || used?.translatedKeyphrases?.length ? used : null;
}

/**
 * What the panel says with no job to show: an image the plugin made whose jobs are gone (a reinstall drops the job
 * table; the file's mark stays) is no "not illustrated yet".
 */
export function noJobSentence(published: boolean, image: { source: string } | null): 'panel.none' | 'panel.notPublished' | 'panel.noHistory' {
  if (image && image.source !== 'other') return 'panel.noHistory';
  return published ? 'panel.none' : 'panel.notPublished';
}

/**
 * "Generate illustration" is offered where neither Retry nor Regenerate is: no job yet, or none that made a prompt; over
 * no image, our placeholder, or our own image whose jobs a reinstall dropped (Regenerate needs a job's prompt: a trial
 * found such articles with no button at all). Never over an editor's own image.
 */
export function offersGenerate(image: { source: string } | null, shown: { running: boolean; review: boolean; retry: boolean; prompt: boolean }): boolean {
  return (!image || image.source !== 'other') && !shown.running && !shown.review && !shown.retry && !shown.prompt;
}

/**
 * The sentence under a job's state, as a translation key (with when it tries again). A job may be waiting for its
 * turn, for the credit budget's next period, or to try again after a failed attempt or for Scenario to come back:
 * "Waiting for its turn" over "Last error: Scenario unreachable" told an editor nothing true.
 */
export function stateSentence(
  job: {
    state: JobState;
    awaitingReview?: boolean;
    budgetReached?: boolean;
    lastError?: string | null;
    nextRunAt?: string | null;
    candidateAssetIds?: string[] | null;
  },
  now = Date.now(),
  /** Its image still waits for review (the article's status): not once an editor took it out of the draft. */
  stillWaiting = true,
): {
  key: `state.${JobState}.sentence` | 'state.queued.budget.sentence' | 'state.retry.sentence' | 'state.retry.due.sentence' | 'state.skipped.kept.sentence' | 'panel.review.sentence' |
    'panel.review.placeholder.sentence' | 'panel.review.takenOut.sentence';
  retryAt: string | null;
} {
  if (job.awaitingReview && !stillWaiting) return { key: 'panel.review.takenOut.sentence', retryAt: null };
  if (job.awaitingReview) return { key: job.state === 'fallback' ? 'panel.review.placeholder.sentence' : 'panel.review.sentence', retryAt: null };
  if (job.state === 'skipped' && job.candidateAssetIds?.length) return { key: 'state.skipped.kept.sentence', retryAt: null };
  if (job.state === 'queued' && job.budgetReached) return { key: 'state.queued.budget.sentence', retryAt: null };
  // (At any step: a status check or a caption call waiting for Scenario keeps its job's state.)
  if (isActive(job.state) && job.lastError && job.nextRunAt && new Date(job.nextRunAt).getTime() > now) {
    return { key: 'state.retry.sentence', retryAt: job.nextRunAt };
  }
  // (A queued job due again after an error waits on Scenario: an outage keeps every call back, and "Waiting for its
  // turn" over the error told nothing true. A job at work keeps its last error until a step succeeds: its own sentence.)
  if (job.state === 'queued' && job.lastError && job.nextRunAt) return { key: 'state.retry.due.sentence', retryAt: null };
  return { key: `state.${job.state}.sentence`, retryAt: null };
}

/**
 * What started a job, as a translation key: an editor's Retry of a publish's job runs as that publish (it may share
 * another locale's image) but is an editor's (a new user's trial read "after publishing").
 */
export function shownTrigger<Trigger extends string>(job: { trigger: Trigger; history?: Array<{ state?: string; note?: string | null; by?: string | null }> | null }): `trigger.${Trigger | 'retry'}` {
  // (Who asked is on the entry that queued it, its first; a publish's has no one, and later entries name workers.)
  const [queued] = job.history ?? [];
  return `trigger.${job.trigger === 'publish' && queued?.state === 'queued' && queued.note === 'publish' && queued.by ? 'retry' : job.trigger}`;
}

/**
 * What a locale's readers are told while its own disclosure line is empty: the server's rule (its language's line,
 * the site's or the built-in one, else the site's English line), so the settings page shows what captions will say.
 */
export function disclosurePlaceholder(lines: Readonly<Record<string, string>>, code: string): string {
  return disclosureLine(code, Object.fromEntries(Object.entries(lines).filter(([key]) => key !== code)));
}
