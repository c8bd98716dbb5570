/** The edit form follows the image the plugin attaches while the view is open, never over an editor's own choice. */
import { draftImageId, formFollowsImage } from '../../admin/src/utils/edit-form';

const image = (fileId: number) => ({ fileId, name: 'x', url: '/x', previewUrl: '/x', alternativeText: null, source: 'generated' as const, jobId: 1, assetId: 'a' });

it('reads the image the draft holds: the live one, or in review mode the draft\'s, never one attached nowhere', () => {
  expect(draftImageId({ image: image(7), review: null })).toBe(7);
  expect(draftImageId({ image: image(7), review: { jobId: 2, image: image(9), inDraft: true } })).toBe(9);
  // Review mode without draft & publish: the image waits in the Media Library; the field still holds the old one.
  expect(draftImageId({ image: image(7), review: { jobId: 2, image: image(9), inDraft: false } })).toBe(7);
  expect(draftImageId({ image: null, review: null })).toBeNull();
});

it('refetches a clean form, puts the image beside unsaved changes, and warns when the editor chose another', () => {
  const clean = { modified: false, chosen: null, loaded: null, put: null };
  const edited = { modified: true, chosen: null, loaded: null, put: null };
  expect(formFollowsImage(undefined, 7, { ...clean, loaded: 7 })).toBe('none'); // the first status: the form was loaded with it
  expect(formFollowsImage(7, 7, edited)).toBe('none');
  expect(formFollowsImage(7, null, edited)).toBe('none'); // unpublished: nothing to put in
  expect(formFollowsImage(null, 7, clean)).toBe('refetch');
  expect(formFollowsImage(null, 7, edited)).toBe('set');
  expect(formFollowsImage(7, 8, { ...edited, chosen: 7, loaded: 7 })).toBe('set'); // "Use this image", or the image after a placeholder
  expect(formFollowsImage(null, 7, { ...edited, chosen: 12 })).toBe('warn');
});

it('keeps following after it put an image into the form, and catches an image that came before the first status', () => {
  // The placeholder (7) was put beside unsaved changes; the real image (8) replaces it: it goes in too, no warning.
  expect(formFollowsImage(7, 8, { modified: true, chosen: 7, loaded: null, put: 7 })).toBe('set');
  // An editor who cleared the loaded image (5) is warned, not overruled.
  expect(formFollowsImage(5, 8, { modified: true, chosen: null, loaded: 5, put: null })).toBe('warn');
  // The editor then chose their own (12): theirs stays.
  expect(formFollowsImage(8, 9, { modified: true, chosen: 12, loaded: null, put: 8 })).toBe('warn');
  // The image came between the form's load (empty) and the panel's first status.
  expect(formFollowsImage(undefined, 7, { modified: false, chosen: null, loaded: null, put: null })).toBe('refetch');
  expect(formFollowsImage(undefined, 7, { modified: true, chosen: null, loaded: null, put: null })).toBe('set');
});
