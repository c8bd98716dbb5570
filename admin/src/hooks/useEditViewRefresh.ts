import { useMemo, useRef, useState } from 'react';
import { unstable_useDocument as useDocument, useForm, useQueryParams } from '@strapi/strapi/admin';
import { isActive, type JobView } from '../utils/api';

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
 * empty (and saving it would clear the image again). When a job of this article ends with an image attached, the
 * edit view's document is fetched again, unless the editor has unsaved changes: then `stale` tells them to reload.
 * `notice` is given every status the panel fetches.
 */
export function useEditViewRefresh(collectionType: string, model: string, documentId: string) {
  const [{ query }] = useQueryParams();
  const params = useMemo(() => documentParams(query as Record<string, unknown>), [query]);
  const { refetch } = useDocument({ collectionType, model, documentId, params });
  const modified = useForm('AutoIllustrationPanel', (state) => state.modified, false);
  const [stale, setStale] = useState(false);
  const previous = useRef<{ id: number; running: boolean } | null>(null);
  // Saved or discarded: the form shows the document again (state adjusted while rendering, not in an effect).
  if (stale && !modified) setStale(false);

  const notice = (latest: JobView | null) => {
    if (!latest) return;
    const before = previous.current;
    previous.current = { id: latest.id, running: isActive(latest.state) };
    const justFinished = before?.id === latest.id && before.running && !isActive(latest.state);
    if (!justFinished || latest.fileId === null) return;
    if (modified) setStale(true);
    else void refetch();
  };

  return { stale, notice };
}
