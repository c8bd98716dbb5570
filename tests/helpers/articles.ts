import type { Core } from '@strapi/strapi';
import { waitFor } from './playground';

export const ARTICLE = 'api::article.article';
export const GUIDE = 'api::guide.guide';
export const JOB = 'plugin::auto-illustration.job';

/** Blocks rich text as the admin's editor stores it. */
export function blocks(...paragraphs: string[]) {
  return paragraphs.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));
}

export const SAMPLE_ARTICLES = {
  lighthouse: {
    title: 'Volunteers restore the old lighthouse on Puffin Island',
    description: 'A crew of local volunteers spent the summer repairing the lighthouse lantern and keeper cottage.',
    body: blocks(
      'The lighthouse on Puffin Island had been dark for thirty years before a group of volunteers took on its restoration.',
      'Carpenters rebuilt the keeper cottage while glaziers replaced the lantern glass, and the lighthouse lamp shone again in September.',
    ),
  },
  bees: {
    title: 'Urban beekeepers bring honey bees to city rooftops',
    description: 'Rooftop hives are spreading across the city as beekeepers and restaurants team up.',
    body: blocks('Honey bees thrive on rooftop gardens, and urban beekeepers say the city honey tastes of linden trees.'),
  },
};

export interface JobRecord {
  id: number;
  state: string;
  title?: string | null;
  reason: string | null;
  lastError: string | null;
  scenarioJobId: string | null;
  candidateAssetIds: string[] | null;
  candidateCaptions: string[] | null;
  chosenAssetId: string | null;
  keyphrases: string[] | null;
  prompt: string | null;
  alternativeText: string | null;
  caption: string | null;
  fileId: number | null;
  usePlaceholder: boolean;
  creditsSpent: number | string | null;
  targetLocale: string | null;
  language?: string | null;
  history: Array<{ state: string; note?: string; by?: string }> | null;
}

export async function jobsFor(strapi: Core.Strapi, documentId: string, locale?: string): Promise<JobRecord[]> {
  return (await strapi.db.query(JOB).findMany({
    where: { targetDocumentId: documentId, ...(locale ? { targetLocale: locale } : {}) },
    orderBy: { id: 'asc' },
  })) as JobRecord[];
}

const FINISHED = ['done', 'fallback', 'skipped', 'failed'];

/**
 * Waits until the document has a job newer than `after` (a job id; publishing records work a moment after it
 * returns) and every job has finished; returns the latest one.
 */
export async function finishedJob(
  strapi: Core.Strapi,
  documentId: string,
  options: { locale?: string; after?: number; timeoutMs?: number } = {},
): Promise<JobRecord> {
  return waitFor(async () => {
    const jobs = await jobsFor(strapi, documentId, options.locale);
    const latest = jobs[jobs.length - 1];
    if (!latest || latest.id <= (options.after ?? 0)) return undefined;
    return jobs.every((job) => FINISHED.includes(job.state)) ? latest : undefined;
  }, options.timeoutMs ?? 30000);
}

export async function readArticle(strapi: Core.Strapi, documentId: string, status: 'draft' | 'published', locale?: string) {
  return (await strapi.documents(ARTICLE).findOne({
    documentId,
    status,
    ...(locale ? { locale } : {}),
    populate: { cover: true },
  } as never)) as unknown as {
    title: string;
    updatedAt: string;
    cover: { id: number; name: string; alternativeText: string | null; caption: string | null; mime: string; url: string; width: number; height: number } | null;
  } | null;
}

/** `count` articles published through the document service (the plugin's publish trigger sees them): "<label> <i>: <title>". */
export async function publishArticles(strapi: Core.Strapi, count: number, label: string, story: { title: string; body: string }): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const created = (await strapi.documents(ARTICLE).create({
      data: { title: `${label} ${i}: ${story.title}`, body: blocks(story.body) },
      status: 'published',
    } as never)) as unknown as { documentId: string };
    ids.push(created.documentId);
  }
  return ids;
}
