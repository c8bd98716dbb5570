import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { getFetchClient } from '@strapi/strapi/admin';
import { apiPath, errorMessage, isActive, type DocumentStatus } from '../utils/api';

/**
 * The illustration status of the article open in the edit view, shared by the side panel and the "Generate
 * illustration" action so they agree and poll once. While a job runs it is refreshed every 1.5 s; after the article
 * changed (published, saved) or an action was taken, it is watched for a while, since the job starts after commit.
 */
export interface IllustrationTarget {
  uid: string;
  documentId: string;
  locale: string | null;
}

interface Snapshot {
  data?: DocumentStatus;
  error?: string;
  loading: boolean;
}

interface Entry {
  snapshot: Snapshot;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setTimeout>;
  watchUntil: number;
  fetching: boolean;
}

const POLL_MS = 1500;
const WATCH_MS = 15000;
const entries = new Map<string, Entry>();
const EMPTY: Snapshot = { loading: false };

const keyOf = (target: IllustrationTarget) => `${target.uid}|${target.documentId}|${target.locale ?? ''}`;

function entryFor(key: string): Entry {
  let entry = entries.get(key);
  if (!entry) {
    entry = { snapshot: { loading: true }, listeners: new Set(), watchUntil: 0, fetching: false };
    entries.set(key, entry);
  }
  return entry;
}

function publish(entry: Entry, snapshot: Snapshot) {
  entry.snapshot = snapshot;
  entry.listeners.forEach((listener) => listener());
}

async function load(target: IllustrationTarget): Promise<void> {
  const key = keyOf(target);
  const entry = entryFor(key);
  if (entry.fetching) return;
  entry.fetching = true;
  clearTimeout(entry.timer);
  try {
    const { data } = await getFetchClient().get<DocumentStatus>(apiPath('/documents/status'), {
      params: { uid: target.uid, documentId: target.documentId, locale: target.locale ?? '' },
    });
    publish(entry, { data, loading: false });
  } catch (error) {
    publish(entry, { ...entry.snapshot, error: errorMessage(error), loading: false });
  } finally {
    entry.fetching = false;
  }
  const running = isActive(entry.snapshot.data?.latest?.state);
  if (entry.listeners.size > 0 && (running || Date.now() < entry.watchUntil)) {
    entry.timer = setTimeout(() => void load(target), POLL_MS);
  }
}

/** Refreshes now and keeps watching for a while (after publishing, generating or choosing). */
export function watchDocument(target: IllustrationTarget): Promise<void> {
  const entry = entryFor(keyOf(target));
  entry.watchUntil = Date.now() + WATCH_MS;
  return load(target);
}

/**
 * @param target null when there is nothing to show (a new entry, no permission)
 * @param version changes when the article changes (its status or update time): the status is watched again
 */
export function useDocumentIllustration(target: IllustrationTarget | null, version?: string) {
  const key = target ? keyOf(target) : null;

  const subscribe = useCallback(
    (listener: () => void) => {
      if (!key) return () => undefined;
      const entry = entryFor(key);
      entry.listeners.add(listener);
      return () => {
        entry.listeners.delete(listener);
        if (entry.listeners.size === 0) clearTimeout(entry.timer);
      };
    },
    [key],
  );
  const snapshot = useSyncExternalStore(subscribe, () => (key ? entryFor(key).snapshot : EMPTY));

  useEffect(() => {
    if (!target) return;
    void watchDocument(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version]);

  const refresh = useCallback(() => (target ? watchDocument(target) : Promise.resolve()), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  return { ...snapshot, refresh };
}
