/**
 * One playground Strapi in its own process, for the fault bench: it boots (its worker starts in bootstrap), listens
 * on PORT (so `/_health` can be timed from outside, and a blocked event loop shows), and answers the bench's
 * requests over the IPC channel. A SIGKILL kills it as a crash would; a restart on the same DATABASE_FILENAME
 * resumes its jobs. Connection, database and lease come from the environment the bench passes.
 */
import path from 'node:path';
import { createStrapi } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { serveRequests, type InstanceRequest, type ArticleSpec, type ArticleState } from './protocol';

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');
const ARTICLE = 'api::article.article';
const JOB = 'plugin::auto-illustration.job';
const PLUGIN = 'auto-illustration';

const blocks = (paragraphs: string[]) => paragraphs.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));

async function createDrafts(strapi: Core.Strapi, articles: ArticleSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const article of articles) {
    const created = (await strapi.documents(ARTICLE).create({
      data: { title: article.title, description: article.description, body: blocks(article.paragraphs) },
    } as never)) as unknown as { documentId: string };
    ids.push(created.documentId);
  }
  return ids;
}

/** Publishes drafts all at once, as a burst of editors would. */
async function publish(strapi: Core.Strapi, documentIds: string[]): Promise<string[]> {
  await Promise.all(documentIds.map((documentId) => strapi.documents(ARTICLE).publish({ documentId } as never)));
  return documentIds;
}

async function articleStates(strapi: Core.Strapi, documentIds: string[]): Promise<ArticleState[]> {
  return Promise.all(
    documentIds.map(async (documentId) => {
      // Only the cover: the bench polls this every 50 ms, and reading a 1 MB article's text each time would load the
      // server it measures.
      const read = async (status: 'draft' | 'published') =>
        ((await strapi.documents(ARTICLE).findOne({ documentId, status, fields: ['documentId'], populate: { cover: { fields: ['id'] } } } as never)) as unknown as {
          cover?: { id: number } | null;
        } | null)?.cover?.id ?? null;
      const jobs = (await strapi.db.query(JOB).findMany({ where: { targetDocumentId: documentId }, orderBy: { id: 'asc' } })) as Array<
        Record<string, unknown>
      >;
      return { documentId, draftCoverId: await read('draft'), publishedCoverId: await read('published'), jobs };
    }),
  );
}

async function handle(strapi: Core.Strapi, request: InstanceRequest): Promise<unknown> {
  const plugin = strapi.plugin(PLUGIN);
  switch (request.op) {
    case 'create':
      return createDrafts(strapi, request.articles);
    case 'publish':
      return publish(strapi, request.documentIds);
    case 'state':
      return articleStates(strapi, request.documentIds);
    case 'settings':
      // Through the settings service, as the settings page saves them (validated, stored, applied at once).
      return plugin.service('settings').update(request.patch);
    case 'config':
      return plugin.service('settings').reload();
    case 'retry':
      // The editor's Retry (the jobs page's button calls this service).
      return plugin.service('illustrations').retry(request.jobId);
    default:
      throw new Error(`unknown request ${(request as { op: string }).op}`);
  }
}

async function main() {
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  await strapi.listen();
  // SIGTERM: Strapi's own handler (installed by listen) destroys the app and exits.
  serveRequests<InstanceRequest>(strapi.plugin(PLUGIN).service('worker').id, (request) => handle(strapi, request));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
