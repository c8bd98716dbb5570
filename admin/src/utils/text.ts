/** Words as the side panel shows them. */

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
export function shownAltTextSource(job: { state: string; altTextSource?: string | null }): string | null {
  return job.state === 'done' ? (job.altTextSource ?? null) : null;
}
