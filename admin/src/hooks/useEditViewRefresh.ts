import { useMemo, useRef, useState } from 'react';
import { unstable_useDocument as useDocument, useFetchClient, useForm, useQueryParams } from '@strapi/strapi/admin';
import type { DocumentStatus } from '../utils/api';
import { draftImageId, formFollowsImage } from '../utils/edit-form';

/** The content manager's own query arguments (its "plugins[i18n][locale]=en" becomes "locale=en"). */
function documentParams(query: Record<string, unknown>) {
  const { plugins, ...rest } = query;
  const fromPlugins = Object.values((plugins ?? {}) as Record<string, unknown>).reduce<Record<string, unknown>>(
    (all, value) => (value && typeof value === 'object' ? { ...all, ...(value as Record<string, unknown>) } : all),
    {},
  );
  return { ...rest, ...fromPlugins };
}

/**
 * The worker writes the image into the article while the edit view is open (a job's image, a placeholder, "Use this
 * image"), so the form would still show the field as it was loaded, and saving or publishing it would put that back
 * (an empty field: the image removed, and another bought). When the image the field holds changes while the view is
 * open, the document is fetched again; with unsaved changes, the new image is put into the form instead, beside them.
 * The reload warning (`stale`) is left for when that cannot be done: the editor chose another image in the form
 * (theirs stays), or the Media Library cannot be read. `notice` is given every status the panel fetches.
 */
export function useEditViewRefresh(collectionType: string, model: string, documentId: string) {
  const [{ query }] = useQueryParams();
  const params = useMemo(() => documentParams(query as Record<string, unknown>), [query]);
  const { refetch } = useDocument({ collectionType, model, documentId, params });
  const { get } = useFetchClient();
  const modified = useForm('AutoIllustrationPanel', (state) => state.modified, false);
  const values = useForm('AutoIllustrationPanel', (state) => state.values as Record<string, { id?: number } | null>);
  const initialValues = useForm('AutoIllustrationPanel', (state) => state.initialValues as Record<string, { id?: number } | null>);
  const setField = useForm('AutoIllustrationPanel', (state) => state.onChange);
  const [stale, setStale] = useState(false);
  /** The file the field held at the last status (undefined before the first). */
  const seen = useRef<number | null | undefined>(undefined);
  /** The file this hook last put into the form beside unsaved changes (not the editor's choice). */
  const put = useRef<number | null>(null);
  // Saved or discarded: the form shows the document again (state adjusted while rendering, not in an effect).
  if (stale && !modified) setStale(false);

  const notice = (status: Pick<DocumentStatus, 'image' | 'review' | 'imageField'>) => {
    const { imageField } = status;
    const attached = draftImageId(status);
    const before = seen.current;
    seen.current = attached;
    if (!imageField) return;
    const form = { modified: Boolean(modified), chosen: values?.[imageField]?.id ?? null, loaded: initialValues?.[imageField]?.id ?? null, put: put.current };
    const next = formFollowsImage(before, attached, form);
    if (next === 'refetch') void refetch();
    else if (next === 'warn') setStale(true);
    // The file as the content manager's media field holds it (the upload plugin's own answer).
    else if (next === 'set') {
      get(`/upload/files/${attached}`)
        .then(({ data }) => {
          put.current = attached;
          setField(imageField, data);
        })
        .catch(() => setStale(true));
    }
  };

  return { stale, notice };
}
