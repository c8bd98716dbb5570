// How the edit form follows the image the plugin puts in the article while the view is open (useEditViewRefresh).
import type { DocumentStatus } from './api';

/** The file the draft's image field holds: the live one's, or in review mode the draft's (none is put live unreviewed). */
export function draftImageId({ image, review }: Pick<DocumentStatus, 'image' | 'review'>): number | null {
  return (review?.inDraft ? review.image.fileId : image?.fileId) ?? null;
}

/**
 * What the form does when the image changes from `before` to `now`: nothing, fetch the document again (no unsaved
 * changes), put the new image into the field beside the unsaved changes, or warn (the editor chose another image in the
 * form: theirs stays). At the first status (`before` undefined) the image is compared with the one the form loaded: it
 * may have come in between. An image this hook put into the form (`put`) is not the editor's choice.
 */
export function formFollowsImage(
  before: number | null | undefined,
  now: number | null,
  form: { modified: boolean; chosen: number | null; loaded: number | null; put: number | null },
): 'none' | 'refetch' | 'set' | 'warn' {
  if (now === (before === undefined ? form.loaded : before) || now === null) return 'none';
  if (!form.modified) return 'refetch';
  return form.chosen === form.loaded || (form.put !== null && form.chosen === form.put) ? 'set' : 'warn';
}
