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
  const clean = { modified: false, chosen: null, loaded: null };
  const edited = { modified: true, chosen: null, loaded: null };
  expect(formFollowsImage(undefined, 7, clean)).toBe('none'); // the first status: the form was loaded with it
  expect(formFollowsImage(7, 7, edited)).toBe('none');
  expect(formFollowsImage(7, null, edited)).toBe('none'); // unpublished: nothing to put in
  expect(formFollowsImage(null, 7, clean)).toBe('refetch');
  expect(formFollowsImage(null, 7, edited)).toBe('set');
  expect(formFollowsImage(7, 8, edited)).toBe('set'); // "Use this image", or the image after a placeholder
  expect(formFollowsImage(null, 7, { modified: true, chosen: 12, loaded: null })).toBe('warn');
});
