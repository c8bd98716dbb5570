import type { Core } from '@strapi/strapi';
import { documentTermKeys, type TermStatistics } from '../domain/keyphrases';
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

  return {
    /** Statistics for the terms of one article (loaded in one query, so ranking can look them up synchronously). */
    async forDocument(input: { title?: string; text: string }): Promise<TermStatistics> {
      const keys = documentTermKeys(input);
      const found = await rows([DOCUMENT_COUNT_KEY, ...keys]);
      const counts = new Map(found.map((row) => [row.key, row.documents]));
      return {
        documentCount: counts.get(DOCUMENT_COUNT_KEY) ?? 0,
        documentFrequency: (key: string) => counts.get(key) ?? 0,
      };
    },

    /** Counts one more article containing these terms. */
    async addDocument(input: { title?: string; text: string }): Promise<void> {
      const keys = [DOCUMENT_COUNT_KEY, ...documentTermKeys(input)];
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
