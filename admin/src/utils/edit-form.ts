// How the edit form follows the image the plugin puts in the article while the view is open (useEditViewRefresh).
import type { DocumentStatus } from './api';

/** The file the draft's image field holds: the live one's, or in review mode the draft's (none is put live unreviewed). */
export function draftImageId({ image, review }: Pick<DocumentStatus, 'image' | 'review'>): number | null {
  return (review?.inDraft ? review.image.fileId : image?.fileId) ?? null;
}

/**
 * What the form does when the image changes from `before` to `now` (undefined before the first status): nothing,
 * fetch the document again (no unsaved changes), put the new image into the field beside the unsaved changes, or warn
 * (the editor chose another image in the form: theirs stays).
 */
export function formFollowsImage(
  before: number | null | undefined,
  now: number | null,
  form: { modified: boolean; chosen: number | null; loaded: number | null },
): 'none' | 'refetch' | 'set' | 'warn' {
  if (before === undefined || now === before || now === null) return 'none';
  if (!form.modified) return 'refetch';
  return form.chosen === form.loaded ? 'set' : 'warn';
}
