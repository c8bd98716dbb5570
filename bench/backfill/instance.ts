/**
 * One playground Strapi in its own process for the backfill bench (started with bench/faults/protocol.ts): it boots
 * on the bench's PostgreSQL (its worker and backfill pump start in bootstrap), listens on PORT for the admin API, and
 * answers the requests below over IPC.
 */
import path from 'node:path';
import { createStrapi } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { serveRequests } from '../faults/protocol';
import type { BackfillRequest } from './protocol';

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');
const JOB = 'plugin::auto-illustration.job';
const PLUGIN = 'auto-illustration';

const blocks = (...paragraphs: string[]) => paragraphs.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));

const TOPICS = [
  ['harbour ferry', 'The old harbour ferry returns to service after a winter of repairs to its hull and engine.'],
  ['rooftop garden', 'Volunteers planted tomatoes, beans and herbs on the library roof, and the first harvest fed the food bank.'],
  ['night market', 'Food stalls and paper lanterns return to the river night market every Friday this summer.'],
  ['mountain railway', 'The narrow-gauge mountain railway reopened its upper station after engineers rebuilt the stone viaduct.'],
  ['lighthouse', 'A crew of volunteers repaired the lighthouse lantern and painted the keeper cottage on the headland.'],
] as const;

/** Creates `count` published entries of `uid` (articles or guides), a few at a time. */
async function seed(strapi: Core.Strapi, uid: string, count: number, label: string): Promise<string[]> {
  const ids: string[] = new Array(count);
  const data = (index: number) => {
    const [topic, text] = TOPICS[index % TOPICS.length];
    const title = `${label} ${index}: the ${topic}, story ${index}`;
    return uid === 'api::guide.guide' ? { title, summary: text } : { title, description: text, body: blocks(text, `Story number ${index} of the ${topic}.`) };
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let index = next++; index < count; index = next++) {
        const created = (await strapi.documents(uid as never).create({ data: data(index), status: 'published' } as never)) as unknown as { documentId: string };
        ids[index] = created.documentId;
      }
    }),
  );
  return ids;
}

async function setParticipating(strapi: Core.Strapi, uid: string, enabled: boolean) {
  const settings = strapi.plugin(PLUGIN).service('settings');
  const contentTypes = settings.current().contentTypes as Record<string, Record<string, unknown>>;
  await settings.update({ contentTypes: { ...contentTypes, [uid]: { ...contentTypes[uid], enabled } } });
}

/** The bench's admin: made once, so the bench can log in and call the admin API as an editor would. */
async function ensureAdmin(strapi: Core.Strapi, email: string, password: string): Promise<void> {
  if (await strapi.db.query('admin::user').findOne({ where: { email } })) return;
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({ email, firstname: 'Bench', lastname: 'Admin', password, isActive: true, registrationToken: null, roles: [superAdmin.id] });
}

/** The article's job rows (publish timing: when its generation was submitted). */
async function jobsOf(strapi: Core.Strapi, documentIds: string[]) {
  return strapi.db.query(JOB).findMany({ where: { targetDocumentId: { $in: documentIds } }, orderBy: { id: 'asc' }, select: ['id', 'targetDocumentId', 'state', 'submittedAt', 'scenarioJobId', 'createdAt'] });
}

/** Every paid generation the job rows name, per article, and how the articles of `uid` ended. */
async function outcome(strapi: Core.Strapi, uid: string, imageField: string) {
  const rows = (await strapi.db.query(JOB).findMany({ where: { targetUid: uid }, select: ['targetDocumentId', 'scenarioJobId', 'state', 'reason'] })) as Array<{
    targetDocumentId: string;
    scenarioJobId: string | null;
    state: string;
    reason: string | null;
  }>;
  const perArticle = new Map<string, Set<string>>();
  const jobStates: Record<string, number> = {};
  const reasons: Record<string, number> = {};
  for (const row of rows) {
    jobStates[row.state] = (jobStates[row.state] ?? 0) + 1;
    if (row.state !== 'done') reasons[`${row.state}: ${row.reason ?? '-'}`] = (reasons[`${row.state}: ${row.reason ?? '-'}`] ?? 0) + 1;
    if (!row.scenarioJobId) continue;
    if (!perArticle.has(row.targetDocumentId)) perArticle.set(row.targetDocumentId, new Set());
    perArticle.get(row.targetDocumentId)!.add(row.scenarioJobId);
  }
  const generations = [...perArticle.values()].reduce((sum, ids) => sum + ids.size, 0);
  // Published entries and their image (ids only, in pages: never the whole archive's text).
  let withImage = 0;
  let published = 0;
  for (let page = 0; ; page++) {
    const rows = (await strapi.db.query(uid as never).findMany({
      where: { publishedAt: { $notNull: true } },
      select: ['id'],
      populate: { [imageField]: { select: ['id'] } },
      orderBy: { id: 'asc' },
      limit: 500,
      offset: page * 500,
    })) as Array<Record<string, unknown>>;
    if (!rows.length) break;
    published += rows.length;
    withImage += rows.filter((row) => row[imageField]).length;
  }
  return {
    generations,
    duplicateGenerations: [...perArticle.values()].reduce((sum, ids) => sum + Math.max(0, ids.size - 1), 0),
    jobStates,
    /** How the jobs that did not end `done` ended, and why. */
    reasons,
    published,
    withImage,
  };
}

/**
 * Claim query time with `queued` due jobs waiting: the worker stopped, rows made in bulk (a backfill's priority), then
 * `samples` claims of one job each (released at once), timed. Returns the median in ms.
 */
async function timeClaims(strapi: Core.Strapi, queued: number, samples: number) {
  const jobs = strapi.plugin(PLUGIN).service('jobs');
  const query = strapi.db.query(JOB);
  let have = await query.count({ where: { targetUid: 'bench::claim' } });
  if (have > queued) {
    // Back to fewer: the rows made last go.
    const keep = (await query.findMany({ where: { targetUid: 'bench::claim' }, select: ['id'], orderBy: { id: 'asc' }, limit: queued })) as Array<{ id: number }>;
    await query.deleteMany({ where: { targetUid: 'bench::claim', id: { $gt: keep[keep.length - 1].id } } });
    have = queued;
  }
  const past = new Date(Date.now() - 60_000);
  for (let made = have; made < queued; ) {
    const batch = Math.min(500, queued - made);
    await query.createMany({
      data: Array.from({ length: batch }, (_, index) => ({
        targetUid: 'bench::claim',
        targetDocumentId: `claim-${made + index}`,
        targetLocale: null,
        trigger: 'backfill',
        priority: 0,
        state: 'queued',
        attempts: 0,
        lockVersion: 0,
        progress: 0,
        nextRunAt: past,
        deadlineAt: new Date(Date.now() + 3600_000),
        placeholderCheckedAt: past,
        usePlaceholder: false,
        submissions: 0,
        history: [],
      })),
    });
    made += batch;
  }
  // The planner's statistics, as autovacuum keeps them on a live site (rows made a moment ago have none yet).
  if (strapi.db.dialect.client === 'postgres') await strapi.db.connection.raw('analyze ??', [strapi.db.metadata.get(JOB).tableName]);
  const times: number[] = [];
  // A few claims first: the connection pool and the query plan warm up.
  for (let sample = -5; sample < samples; sample++) {
    const started = process.hrtime.bigint();
    const [claimed] = await jobs.claim('bench-claimer', 1, 60, []);
    if (sample >= 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (claimed) await jobs.release(claimed.id, 'bench-claimer');
  }
  times.sort((a, b) => a - b);
  return { queued, medianMs: times[Math.floor(times.length / 2)], minMs: times[0], maxMs: times[times.length - 1] };
}

async function handle(strapi: Core.Strapi, request: BackfillRequest): Promise<unknown> {
  const plugin = strapi.plugin(PLUGIN);
  switch (request.op) {
    case 'seed':
      await setParticipating(strapi, request.uid, false);
      try {
        return await seed(strapi, request.uid, request.count, request.label);
      } finally {
        await setParticipating(strapi, request.uid, true);
      }
    case 'publish': {
      // Timed here: the moment the publish returned, in this process's clock (the job rows use the same clock).
      const [documentId] = await seed(strapi, 'api::article.article', 1, request.label);
      return { documentId, publishedAt: Date.now() };
    }
    case 'jobs':
      return jobsOf(strapi, request.documentIds);
    case 'outcome':
      return outcome(strapi, request.uid, request.imageField);
    case 'settings':
      return plugin.service('settings').update(request.patch);
    case 'admin':
      return ensureAdmin(strapi, request.email, request.password);
    case 'budget':
      return plugin.service('budget').status();
    case 'slots':
      return plugin.service('generation-slots').status();
    case 'memory':
      // After a full collection (the bench starts instances with --expose-gc): what stays, not what awaits collection.
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage();
    case 'stop-work':
      await plugin.service('worker').stop();
      await plugin.service('backfill').stopPumping();
      return null;
    case 'claims':
      return timeClaims(strapi, request.queued, request.samples);
    default:
      throw new Error(`unknown request ${(request as { op: string }).op}`);
  }
}

async function main() {
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  await strapi.listen();
  serveRequests<BackfillRequest>(strapi.plugin(PLUGIN).service('worker').id, (request) => handle(strapi, request));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
