/**
 * `npm run bench:backfill [-- --json] [-- --articles N]`
 *
 * An archive backfill at scale: two playground Strapi instances (child processes) on one PostgreSQL, against the
 * emulator with a job time T = 2 s and a ceiling of C = 4 generations in flight (the plugin is not told: it learns
 * it from the first 429). Phases:
 * 1. budget: 40 guides quoted 10.75 credits each, a monthly cap of 100, a backfill of the guides: credits committed;
 * 2. backfill: N (1,000) articles without an image, a backfill started through the admin API
 *    (`POST /auto-illustration/backfills { contentType, select: 'missing' }`), with a few articles published while it
 *    runs: wall time against N·T/C, duplicate generations, articles illustrated, 429s per submission, publish →
 *    submitted times, RSS growth per instance;
 * 3. claims: the claim query with 10 and with 10,000 due jobs queued (workers stopped).
 * It is a measurement: the exit code is 0 whatever the results; missed goals are printed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { request } from 'undici';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../emulator';
import { freePort } from '../emulator/net';
import { ensurePluginBuilt } from '../playground/scripts/ensure-built';
import { startPostgres, type PostgresServer } from '../tests/helpers/postgres';
import { startInstance, type Instance } from './faults/protocol';
import type { BackfillRequest, ClaimTiming, JobTiming, Outcome } from './backfill/protocol';
import type { BackfillView } from '../server/src/shared/contracts';

const JOB_SECONDS = 2;
const CEILING = 4;
const ARTICLE = 'api::article.article';
const GUIDE = 'api::guide.guide';
/** Jobs at once per instance: more than its share of the ceiling, so submissions queue for slots, not for workers. */
const CONCURRENCY = 6;
const BUDGET_CAP = 100;
const BUDGET_ITEMS = 40;
/** Fractions of the backfill at which an article is published. */
const PUBLISH_AT = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85];
const ADMIN = { email: 'bench@example.com', password: 'Bench-backfill-1' };
const LOG_FILE = `/tmp/bench-backfill-${process.pid}.log`;
const INSTANCE_SCRIPT = path.join(__dirname, 'backfill', 'instance.ts');

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const articles = args.includes('--articles') ? Number(args[args.indexOf('--articles') + 1]) : 1000;
const say = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};

type BenchInstance = Instance<BackfillRequest>;


/** The admin API of one instance, as the admin panel calls it. */
function adminApi(instance: BenchInstance, token: string) {
  return async <T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> => {
    const response = await request(`http://127.0.0.1:${instance.port}/auto-illustration${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) throw new Error(`${method} ${route} → ${response.statusCode}: ${text.slice(0, 300)}`);
    const parsed = JSON.parse(text) as T | { data: T };
    return parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : (parsed as T);
  };
}

async function login(instance: BenchInstance): Promise<string> {
  await instance.call({ op: 'admin', ...ADMIN });
  const response = await request(`http://127.0.0.1:${instance.port}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const body = (await response.body.json()) as { data?: { token?: string; accessToken?: string } };
  const token = body.data?.token ?? body.data?.accessToken;
  if (!token) throw new Error(`admin login failed: ${response.statusCode} ${JSON.stringify(body).slice(0, 200)}`);
  return token;
}

const finished = (view: BackfillView) => view.done + view.placeholder + view.failed + view.skipped;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

async function budgetPhase(a: BenchInstance, api: ReturnType<typeof adminApi>) {
  say(`budget: ${BUDGET_ITEMS} guides quoted 10.75 each, monthly cap ${BUDGET_CAP}`);
  await a.call({ op: 'seed', uid: GUIDE, count: BUDGET_ITEMS, label: 'Budget guide' });
  await a.call({ op: 'settings', patch: { budget: { monthlyCap: BUDGET_CAP, dailyCap: null, whenReached: 'wait' } } });
  const started = await api<BackfillView>('POST', '/backfills', { contentType: GUIDE, select: 'missing' });
  let view = started;
  const deadline = Date.now() + 120_000;
  // Settled: some finished, then nothing more for 8 s (the rest wait for the next month, or it paused itself).
  let quietSince = Date.now();
  let last = 0;
  while (Date.now() < deadline) {
    await sleep(1000);
    view = await api<BackfillView>('GET', `/backfills/${started.id}`);
    const progress = finished(view);
    if (progress !== last) {
      last = progress;
      quietSince = Date.now();
    }
    if (view.state === 'done' || (progress > 0 && Date.now() - quietSince > 8000)) break;
  }
  const budget = (await a.call({ op: 'budget' })) as { month: { committed: number; cap: number | null } };
  const outcome = (await a.call({ op: 'outcome', uid: GUIDE, imageField: 'heroImage' })) as Outcome;
  await api('POST', `/backfills/${started.id}/cancel`);
  await a.call({ op: 'settings', patch: { budget: { monthlyCap: null, dailyCap: null, whenReached: 'wait' } } });
  return {
    cap: BUDGET_CAP,
    items: BUDGET_ITEMS,
    committed: budget.month.committed,
    notDone: outcome.reasons,
    illustrated: outcome.withImage,
    backfillState: view.state,
    pausedReason: view.pausedReason,
  };
}

async function backfillPhase(emulator: ScenarioEmulator, instances: BenchInstance[], api: ReturnType<typeof adminApi>) {
  const [a] = instances;
  say(`backfill: seeding ${articles} articles without an image`);
  const seedStarted = Date.now();
  await a.call({ op: 'seed', uid: ARTICLE, count: articles, label: 'Archive' });
  say(`  seeded in ${round((Date.now() - seedStarted) / 1000, 1)} s`);
  const memory = () => Promise.all(instances.map((instance) => instance.call<NodeJS.MemoryUsage>({ op: 'memory' })));
  const memoryBefore = await memory();
  /** RSS once the work has warmed up (image libraries loaded, pools filled): growth from there is what piles up. */
  let memoryWarm: NodeJS.MemoryUsage[] | undefined;
  const before = { ...emulator.stats };

  const startedAt = Date.now();
  const started = await api<BackfillView>('POST', '/backfills', { contentType: ARTICLE, select: 'missing' });
  say(`  backfill ${started.id} started: ${started.matched} matched`);
  const published: Array<{ documentId: string; publishedAt: number }> = [];
  const floorSeconds = (started.matched * JOB_SECONDS) / CEILING;
  const deadline = startedAt + Math.max(300_000, floorSeconds * 3000);
  let view = started;
  let endedAt = 0;
  let lastReport = 0;
  while (Date.now() < deadline) {
    await sleep(500);
    view = await api<BackfillView>('GET', `/backfills/${started.id}`);
    const fraction = view.matched ? finished(view) / view.matched : 0;
    if (!memoryWarm && fraction >= 0.1) memoryWarm = await memory();
    if (published.length < PUBLISH_AT.length && fraction >= PUBLISH_AT[published.length]) {
      // A publish made mid-backfill, alternately on each instance.
      const instance = instances[published.length % instances.length];
      published.push(await instance.call<{ documentId: string; publishedAt: number }>({ op: 'publish', label: `Fresh ${published.length}` }));
    }
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      say(`  ${finished(view)}/${view.matched} after ${round((Date.now() - startedAt) / 1000, 0)} s (429s so far: ${emulator.stats.concurrencyRejections - before.concurrencyRejections})`);
    }
    // Done: every article matched was queued and no job of the backfill waits or works any more.
    if (view.state === 'done' || (view.matched > 0 && view.queued >= view.matched && view.waiting === 0 && finished(view) >= view.matched)) {
      endedAt = Date.now();
      break;
    }
  }
  const wallSeconds = ((endedAt || Date.now()) - startedAt) / 1000;
  // Publishes still on their way finish before the counts are read.
  const publishedIds = published.map((entry) => entry.documentId);
  let publishJobs: JobTiming[] = [];
  for (let wait = 0; wait < 60; wait++) {
    publishJobs = (await a.call<JobTiming[]>({ op: 'jobs', documentIds: publishedIds })).filter((job) => job.submittedAt);
    if (publishJobs.length >= publishedIds.length) break;
    await sleep(1000);
  }
  await sleep(3000);
  const memoryAfter = await memory();
  const outcome = (await a.call({ op: 'outcome', uid: ARTICLE, imageField: 'cover' })) as Outcome;
  const submissions = emulator.stats.generateCalls - before.generateCalls;
  const rejections = emulator.stats.concurrencyRejections - before.concurrencyRejections;
  const publishToSubmittedMs = published.map((entry) => {
    const job = publishJobs.find((candidate) => candidate.targetDocumentId === entry.documentId);
    return job?.submittedAt ? new Date(job.submittedAt).getTime() - entry.publishedAt : NaN;
  });
  return {
    articles: started.matched,
    wallSeconds: round(wallSeconds, 1),
    floorSeconds,
    ratio: round(wallSeconds / floorSeconds),
    finished: { done: view.done, placeholder: view.placeholder, failed: view.failed, skipped: view.skipped },
    notDone: outcome.reasons,
    illustrated: outcome.withImage,
    published: outcome.published,
    duplicateGenerations: outcome.duplicateGenerations,
    generations: outcome.generations,
    jobsCreatedAtScenario: emulator.stats.jobsCreated - before.jobsCreated,
    submissions,
    rateLimited: rejections,
    /** Over the whole run, the learning 429s (met in the budget phase, before the backfill) included. */
    rateLimitedWholeRun: emulator.stats.concurrencyRejections,
    submissionsWholeRun: emulator.stats.generateCalls,
    rateLimitedShare: round(rejections / Math.max(1, submissions), 4),
    maxJobsInFlight: emulator.stats.maxJobsInFlight,
    publishToSubmittedMs,
    publishToSubmittedMedianMs: median(publishToSubmittedMs.filter(Number.isFinite)),
    rssGrowthMb: memoryAfter.map((after, index) => mb(after.rss - memoryBefore[index].rss)),
    rssGrowthAfterWarmUpMb: memoryAfter.map((after, index) => mb(after.rss - (memoryWarm ?? memoryBefore)[index].rss)),
    rssMb: memoryAfter.map((after) => mb(after.rss)),
    heapGrowthMb: memoryAfter.map((after, index) => mb(after.heapUsed - memoryBefore[index].heapUsed)),
  };
}

async function claimPhase(instances: BenchInstance[]) {
  say('claims: the claim query at 10 and at 10,000 queued jobs');
  await Promise.all(instances.map((instance) => instance.call({ op: 'stop-work' })));
  const [a] = instances;
  // 10, then 10,000, then 10 again: the machine's drift shows, and the ratio is taken to the mean of both.
  const few = await a.call<ClaimTiming>({ op: 'claims', queued: 10, samples: 100 });
  const many = await a.call<ClaimTiming>({ op: 'claims', queued: 10_000, samples: 100 });
  const fewAgain = await a.call<ClaimTiming>({ op: 'claims', queued: 10, samples: 100 });
  return { few, many, fewAgain, ratio: round(many.medianMs / ((few.medianMs + fewAgain.medianMs) / 2), 2) };
}

async function main() {
  if (!process.env.AUTO_ILLUSTRATION_BENCH_NO_BUILD) ensurePluginBuilt({ quiet: asJson });
  let postgres: PostgresServer | undefined;
  let emulator: ScenarioEmulator | undefined;
  const instances: BenchInstance[] = [];
  try {
    postgres = await startPostgres();
    emulator = await startScenarioEmulator({ jobSeconds: JOB_SECONDS, maxConcurrentJobs: CEILING });
    const env = {
      ...postgres.env,
      ...pluginEnv(emulator),
      LOG_LEVEL: 'error',
      STRAPI_TELEMETRY_DISABLED: 'true',
      BROWSER: 'none',
      // Memory is read after a full collection.
      NODE_OPTIONS: [process.env.NODE_OPTIONS, '--expose-gc'].filter(Boolean).join(' '),
    };
    // One after the other: the first makes the schema.
    for (let index = 0; index < 2; index++) {
      say(`starting instance ${index + 1} (log: ${LOG_FILE})`);
      instances.push(await startInstance<BackfillRequest>(env, await freePort(), LOG_FILE, INSTANCE_SCRIPT));
    }
    const [a] = instances;
    // One candidate per article (the quote of 10.75 credits per article), six jobs at once per instance.
    await a.call({ op: 'settings', patch: { numOutputs: 1, concurrency: CONCURRENCY } });
    const api = adminApi(a, await login(a));

    const budget = await budgetPhase(a, api);
    const backfill = await backfillPhase(emulator, instances, api);
    const slots = await a.call({ op: 'slots' });
    const claims = await claimPhase(instances);

    const goals = [
      { goal: 'wall / (N·T/C) ≤ 1.15', met: backfill.ratio <= 1.15 },
      { goal: 'duplicate generations 0', met: backfill.duplicateGenerations === 0 },
      { goal: 'every article illustrated', met: backfill.illustrated === backfill.published },
      { goal: '429s ≤ 2% of submissions', met: backfill.rateLimitedShare <= 0.02 },
      { goal: 'publish → submitted median ≤ 2 s', met: backfill.publishToSubmittedMedianMs <= 2000 },
      { goal: 'claim at 10,000 / at 10 queued ≤ 2', met: claims.ratio <= 2 },
      { goal: `budget: committed ≤ ${BUDGET_CAP}`, met: budget.committed <= BUDGET_CAP },
      { goal: 'RSS growth ≤ 50 MB per instance (from the start)', met: backfill.rssGrowthMb.every((growth) => growth <= 50) },
    ];
    const result = { settings: { jobSeconds: JOB_SECONDS, ceiling: CEILING, instances: instances.length, concurrencyPerInstance: CONCURRENCY }, budget, backfill, learnedLimit: slots, claims, goals };
    if (asJson) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const line = (name: string, value: string) => process.stdout.write(`${name.padEnd(44)} ${value}\n`);
      line('articles backfilled', `${backfill.articles} (T = ${JOB_SECONDS} s, C = ${CEILING}, 2 instances on PostgreSQL)`);
      line('wall / (N·T/C)', `${backfill.ratio} (${backfill.wallSeconds} s / ${backfill.floorSeconds} s)`);
      line('duplicate generations', String(backfill.duplicateGenerations));
      line('articles illustrated', `${backfill.illustrated} of ${backfill.published} (${JSON.stringify(backfill.finished)})`);
      for (const [why, count] of Object.entries(backfill.notDone)) line('  jobs not done', `${count} × ${why}`);
      line('429s / submissions', `${backfill.rateLimited} / ${backfill.submissions} (${round(backfill.rateLimitedShare * 100, 2)} %); whole run, learning included: ${backfill.rateLimitedWholeRun} / ${backfill.submissionsWholeRun}`);
      line('most jobs in flight at Scenario', String(backfill.maxJobsInFlight));
      line('publish → submitted, median', `${backfill.publishToSubmittedMedianMs} ms (${backfill.publishToSubmittedMs.map((ms) => Math.round(ms)).join(', ')})`);
      line('claim query, 10 / 10,000 / 10 queued (median)', `${round(claims.few.medianMs, 2)} / ${round(claims.many.medianMs, 2)} / ${round(claims.fewAgain.medianMs, 2)} ms, ratio ${claims.ratio}`);
      line(`budget: cap ${BUDGET_CAP}, ${BUDGET_ITEMS} × 10.75`, `${budget.committed} committed, ${budget.illustrated} illustrated, backfill ${budget.backfillState}`);
      line('RSS growth per instance', `${backfill.rssGrowthMb.join(' / ')} MB from the start, ${backfill.rssGrowthAfterWarmUpMb.join(' / ')} MB from 10 % (now ${backfill.rssMb.join(' / ')} MB); heap ${backfill.heapGrowthMb.join(' / ')} MB`);
      for (const goal of goals) if (!goal.met) line('goal not met', goal.goal);
    }
  } finally {
    await Promise.all(instances.map((instance) => instance.stop().catch(() => undefined)));
    await emulator?.close();
    postgres?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
