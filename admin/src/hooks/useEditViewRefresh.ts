import { useMemo, useRef, useState } from 'react';
import { unstable_useDocument as useDocument, useFetchClient, useForm, useQueryParams } from '@strapi/strapi/admin';
import { isActive, type DocumentStatus } from '../utils/api';

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
 * The worker writes the image into the article while the edit view is open, so the form would still show the field
 * empty (and saving or publishing it would clear the image, and buy another). When a job of this article ends with an
 * image attached, the edit view's document is fetched again; with unsaved changes, the image is put into the form
 * instead, the editor's changes kept. Only if that fails (no access to the Media Library) does `stale` tell them to
 * reload. `notice` is given every status the panel fetches.
 */
export function useEditViewRefresh(collectionType: string, model: string, documentId: string) {
  const [{ query }] = useQueryParams();
  const params = useMemo(() => documentParams(query as Record<string, unknown>), [query]);
  const { refetch } = useDocument({ collectionType, model, documentId, params });
  const { get } = useFetchClient();
  const modified = useForm('AutoIllustrationPanel', (state) => state.modified, false);
  const setField = useForm('AutoIllustrationPanel', (state) => state.onChange);
  const [stale, setStale] = useState(false);
  const previous = useRef<{ id: number; running: boolean } | null>(null);
  // Saved or discarded: the form shows the document again (state adjusted while rendering, not in an effect).
  if (stale && !modified) setStale(false);

  const notice = ({ latest, imageField }: Pick<DocumentStatus, 'latest' | 'imageField'>) => {
    if (!latest) return;
    const before = previous.current;
    previous.current = { id: latest.id, running: isActive(latest.state) };
    const justFinished = before?.id === latest.id && before.running && !isActive(latest.state);
    if (!justFinished || latest.fileId === null) return;
    if (!modified) {
      void refetch();
      return;
    }
    // The file as the content manager's media field holds it (the upload plugin's own answer).
    get(`/upload/files/${latest.fileId}`)
      .then(({ data }) => (imageField ? setField(imageField, data) : setStale(true)))
      .catch(() => setStale(true));
  };

  return { stale, notice };
}
