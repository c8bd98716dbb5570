/**
 * `npm run bench:pipeline [-- --json] [-- --samples N]`
 *
 * Boots the real playground Strapi against the local Scenario emulator and measures, in one run:
 *  1. publish latency (documents().publish, the admin's Publish button path) with the plugin disabled and enabled,
 *     alternating D E D E so drift on a noisy machine hits both alike; goal: enabled/disabled ≤ 1.05;
 *  2. time from publish to image attached, minus the emulator's job time (2 s); goal: median < 300 ms;
 *  3. Scenario calls per illustrated article; goal: 1 generate, 1 caption, polls ≤ job seconds + 2.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { createStrapi } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../tests/scenario-emulator';
import { ensurePluginBuilt } from '../playground/scripts/ensure-built';

const PLAYGROUND = path.resolve(__dirname, '..', 'playground');
const ARTICLE = 'api::article.article';
const JOB = 'plugin::auto-illustration.job';
const JOB_SECONDS = 2;

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const samples = Number(args[args.indexOf('--samples') + 1]) || 40;
const attachSamples = Math.max(5, Math.round(samples / 3));
const log = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function boot(enabled: boolean, emulator: ScenarioEmulator, databaseFile: string): Promise<Core.Strapi> {
  Object.assign(process.env, {
    AUTO_ILLUSTRATION_ENABLED: String(enabled),
    DATABASE_FILENAME: databaseFile,
    ...pluginEnv(emulator),
    STRAPI_TELEMETRY_DISABLED: 'true',
    LOG_LEVEL: 'error',
  });
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  return strapi;
}

let counter = 0;
async function draft(strapi: Core.Strapi) {
  counter += 1;
  const created = (await strapi.documents(ARTICLE).create({
    data: {
      title: `Harbour festival ${counter}: tall ships and sea shanties return to the old port`,
      description: 'Tall ships, sea shanty choirs and a lantern parade filled the old port for the harbour festival.',
      body: [{ type: 'paragraph', children: [{ type: 'text', text: 'The harbour festival brought tall ships and sea shanties back to the old port.' }] }],
    },
  } as never)) as unknown as { documentId: string };
  return created.documentId;
}

async function jobOf(strapi: Core.Strapi, documentId: string, timeoutMs = 60000) {
  const started = Date.now();
  for (;;) {
    const job = (await strapi.db.query(JOB).findOne({ where: { targetDocumentId: documentId } })) as
      | { state: string; finishedAt: string | null; createdAt: string }
      | null;
    if (job && ['done', 'fallback', 'skipped', 'failed'].includes(job.state)) return job;
    if (Date.now() - started > timeoutMs) throw new Error(`job for ${documentId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Times `count` publishes. With the plugin on, each publish's illustration is let finish (untimed) and the worker
 * go idle before the next one, so a sample measures what the plugin adds to the publish request itself, not
 * contention with the previous article's background work (reported apart: see the README).
 */
async function publishLatencies(strapi: Core.Strapi, count: number, enabled: boolean): Promise<number[]> {
  const latencies: number[] = [];
  const worker = enabled ? strapi.plugin('auto-illustration').service('worker') : undefined;
  for (let i = 0; i < count; i += 1) {
    const documentId = await draft(strapi);
    const started = process.hrtime.bigint();
    await strapi.documents(ARTICLE).publish({ documentId } as never);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (worker) {
      await jobOf(strapi, documentId);
      while (worker.inFlight() > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return latencies;
}

async function main() {
  ensurePluginBuilt({ quiet: asJson });
  const emulator = await startScenarioEmulator({ jobSeconds: 0.2 });
  const databaseFile = '.tmp/bench-pipeline.db';
  const databasePath = path.join(PLAYGROUND, databaseFile);
  rmSync(databasePath, { force: true });

  // 1. Publish latency, alternating disabled / enabled boots on the same database.
  const latency: Record<'disabled' | 'enabled', number[]> = { disabled: [], enabled: [] };
  for (const enabled of [false, true, false, true]) {
    const strapi = await boot(enabled, emulator, databaseFile);
    await publishLatencies(strapi, 5, enabled); // warm-up
    const measured = await publishLatencies(strapi, samples, enabled);
    latency[enabled ? 'enabled' : 'disabled'].push(...measured);
    log(`publish, plugin ${enabled ? 'enabled ' : 'disabled'}: median ${median(measured).toFixed(2)} ms over ${samples}`);
    await strapi.destroy();
  }

  // 2 and 3. Publish → attached, with a 2 s Scenario job, one article at a time.
  emulator.configure({ jobSeconds: JOB_SECONDS });
  const strapi = await boot(true, emulator, databaseFile);
  const before = { ...emulator.stats };
  const overheads: number[] = [];
  for (let i = 0; i < attachSamples; i += 1) {
    const documentId = await draft(strapi);
    const started = Date.now();
    await strapi.documents(ARTICLE).publish({ documentId } as never);
    const job = await jobOf(strapi, documentId);
    if (job.state !== 'done') throw new Error(`job ended in ${job.state}`);
    overheads.push(new Date(job.finishedAt!).getTime() - started - JOB_SECONDS * 1000);
  }
  const calls = {
    generate: (emulator.stats.generateCalls - before.generateCalls) / attachSamples,
    caption: (emulator.stats.captionCalls - before.captionCalls) / attachSamples,
    polls: (emulator.stats.jobPolls - before.jobPolls) / attachSamples,
  };
  await strapi.destroy();
  await emulator.close();
  if (existsSync(databasePath) && statSync(databasePath).isFile()) rmSync(databasePath, { force: true });

  const disabledMedian = median(latency.disabled);
  const enabledMedian = median(latency.enabled);
  const result = {
    publishLatency: {
      samplesEach: latency.enabled.length,
      disabledMedianMs: round(disabledMedian),
      enabledMedianMs: round(enabledMedian),
      ratio: round(enabledMedian / disabledMedian, 3),
      goal: 1.05,
      met: enabledMedian / disabledMedian <= 1.05,
    },
    publishToAttached: {
      samples: attachSamples,
      jobSeconds: JOB_SECONDS,
      overheadMedianMs: round(median(overheads)),
      overheadP90Ms: round(percentile(overheads, 90)),
      goalMedianMs: 300,
      met: median(overheads) < 300,
    },
    scenarioCallsPerArticle: {
      generate: calls.generate,
      caption: calls.caption,
      polls: calls.polls,
      pollsAllowed: JOB_SECONDS + 2,
      met: calls.generate === 1 && calls.caption === 1 && calls.polls <= JOB_SECONDS + 2,
    },
  };

  if (asJson) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const rows: Array<[string, string, string, boolean]> = [
      ['publish latency, plugin disabled (median)', `${result.publishLatency.disabledMedianMs} ms`, '', true],
      ['publish latency, plugin enabled (median)', `${result.publishLatency.enabledMedianMs} ms`, '', true],
      ['enabled / disabled', `${result.publishLatency.ratio}×`, '≤ 1.05×', result.publishLatency.met],
      ['publish → attached minus job time (median)', `${result.publishToAttached.overheadMedianMs} ms`, '< 300 ms', result.publishToAttached.met],
      ['publish → attached minus job time (p90)', `${result.publishToAttached.overheadP90Ms} ms`, '', true],
      ['generate calls per article', String(calls.generate), '1', calls.generate === 1],
      ['caption calls per article', String(calls.caption), '1', calls.caption === 1],
      ['job polls per article', String(calls.polls), `≤ ${JOB_SECONDS + 2}`, calls.polls <= JOB_SECONDS + 2],
    ];
    console.log('\nPipeline benchmark (playground Strapi on SQLite, local Scenario emulator)\n');
    for (const [name, value, goal, met] of rows) {
      console.log(`${name.padEnd(46)} ${value.padStart(12)}  ${goal ? `${goal.padEnd(9)} ${met ? 'met' : 'NOT MET'}` : ''}`);
    }
  }
  process.exit(0);
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
