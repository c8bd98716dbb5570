import type { Core } from '@strapi/strapi';
import type { KeyphraseInput, TermCounts } from '../domain/keyphrases';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';

const TERM_UID = `plugin::${PLUGIN_ID}.term` as const;
/** The row that counts the documents themselves (no real term key contains a space and an underscore like this). */
const DOCUMENT_COUNT_KEY = '__ documents';
const CHUNK = 200;

interface TermRow {
  id: number;
  key: string;
  documents: number;
}

/**
 * The site's own document frequencies, kept up to date as articles are illustrated: a new site starts with none
 * (ranking then leans on position, frequency and the title) and its keyphrases get sharper as it grows.
 * An article's term keys come from the text-analysis thread; the counts go back to it as plain data.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(TERM_UID);

  async function rows(keys: string[]): Promise<TermRow[]> {
    const found: TermRow[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      found.push(...((await query().findMany({ where: { key: { $in: keys.slice(i, i + CHUNK) } } })) as TermRow[]));
    }
    return found;
  }

  /** The article's term keys, or none when its text could not be read in time (text-analysis logs why). */
  async function termKeys(input: KeyphraseInput): Promise<string[] | undefined> {
    try {
      return await getService(strapi, 'text-analysis').termKeys(input);
    } catch {
      return undefined;
    }
  }

  return {
    /** The site's counts for the terms of one article (loaded in one query). */
    async forDocument(input: KeyphraseInput): Promise<TermCounts> {
      const keys = (await termKeys(input)) ?? [];
      const found = await rows([DOCUMENT_COUNT_KEY, ...keys]);
      const documentFrequencies = new Map(found.filter((row) => row.key !== DOCUMENT_COUNT_KEY).map((row) => [row.key, row.documents]));
      return { documentCount: found.find((row) => row.key === DOCUMENT_COUNT_KEY)?.documents ?? 0, documentFrequencies };
    },

    /** Counts one more article containing these terms (not at all when its terms cannot be read: counts stay true). */
    async addDocument(input: KeyphraseInput): Promise<void> {
      const termKeysOfArticle = await termKeys(input);
      if (!termKeysOfArticle) return;
      const keys = [DOCUMENT_COUNT_KEY, ...termKeysOfArticle];
      const table = strapi.db.metadata.get(TERM_UID).tableName;
      await strapi.db.transaction(async ({ trx }) => {
        const existing = await rows(keys);
        const known = new Set(existing.map((row) => row.key));
        // An increment in the database, not read-modify-write: instances counting at once lose nothing.
        if (existing.length) {
          await strapi.db.connection(table).transacting(trx).whereIn('id', existing.map((row) => row.id)).increment('documents', 1);
        }
        const fresh = keys.filter((key) => !known.has(key)).map((key) => ({ key, documents: 1 }));
        if (fresh.length) await query().createMany({ data: fresh });
      });
    },
  };
};
