/**
 * `npm run bench:faults [-- --json] [-- --only name,name] [-- --list]`
 *
 * Runs the playground Strapi (in a child process, listening on a port) against the local Scenario emulator and
 * injects the emulator's faults one case at a time, each on fresh articles. For every case it counts, from Scenario's
 * side (the emulator's job list) and the plugin's side (job rows, the articles' media field): paid generations, how
 * many of them ended up attached, duplicate submissions, and how each article ended. Goals, summed over all cases:
 * 0 paid images never attached, 0 duplicate submissions, every article ends with its generated image (or, for
 * refusals only, the placeholder). Also times `/_health` while the plugin illustrates hostile articles (goal p99 ≤
 * 100 ms). It is a measurement: the exit code is 0 whatever the results; failed goals are printed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import {
  pluginEnv,
  startScenarioEmulator,
  type EmulatorRequestRecord,
  type ScenarioEmulator,
  type ScenarioEmulatorOptions,
} from '../emulator';
import { freePort } from '../emulator/net';
import { ensurePluginBuilt } from '../playground/scripts/ensure-built';
import { account, type CaseAccounting } from './faults/accounting';
import { hostileArticles, ordinaryArticle } from './faults/articles';
import { probeHealth, type HealthSummary } from './faults/health';
import { startInstance, type ArticleState, type ArticleSpec, type Instance } from './faults/protocol';

const PLAYGROUND = path.resolve(__dirname, '..', 'playground');
const EMULATOR_DIR = path.resolve(__dirname, '..', 'emulator');
const LOG_FILE = `/tmp/bench-faults-${process.pid}.log`;
/** Emulator job time: short, but long enough to crash an instance while a job runs. */
const JOB_SECONDS = 1.5;
/**
 * The lease, lowered from the default 60 s to keep the bench quick. Faults that must outlive it keep the ratio the
 * issue describes (three 30 s cooldowns against a 60 s lease: cooldowns of half a lease each).
 */
const LEASE_SECONDS = 10;
const BASE_DEADLINE_SECONDS = 15;
/** The plugin's hard limit after which a job stops for good, when it has one (lowest allowed value). */
const GIVE_UP_SECONDS = 60;
const FINISHED = new Set(['done', 'fallback', 'skipped', 'failed']);

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : undefined;
const say = (message: string) => {
  if (!asJson) process.stderr.write(`${message}\n`);
};

async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const started = Date.now();
  for (;;) {
    if (await check()) return true;
    if (Date.now() - started > timeoutMs) return false;
    await sleep(intervalMs);
  }
}

// ----- the emulator's faults --------------------------------------------------------------------------------------

/** Every fault option the bench sets; cleared after each case. */
const FAULT_KEYS = [
  'maxConcurrentJobs', 'cooldownNext', 'cooldownSeconds', 'retryAfterSeconds', 'failNext', 'slowNext', 'resetNext', 'hangNext',
  'failJobsMatching', 'cancelJobsMatching', 'rejectPromptsMatching', 'pendingAssetsNext', 'errorAssetsNext', 'dropDownloadsNext',
  'corruptDownloadsNext', 'wrongContentTypeDownloadsNext', 'failDownloadsNext', 'oversizeDownloadsNext', 'chunkedDownloads', 'signedUrlTtlSeconds',
  'cdnPublicOrigin', 'malformedJsonNext', 'down',
] as const;

const emulatorSource = readdirSync(EMULATOR_DIR)
  .filter((file) => file.endsWith('.ts'))
  .map((file) => readFileSync(path.join(EMULATOR_DIR, file), 'utf8'))
  .join('\n');
/** Whether the emulator declares this option (its options interface): faults it lacks are reported, not faked. */
const emulatorOffers = (option: string) => new RegExp(`^\\s*${option}\\??\\s*:`, 'm').test(emulatorSource);

/** Emulator options the types may not know yet (added by the emulator's owner); passed through as they are. */
type Faults = Partial<ScenarioEmulatorOptions> & Record<string, unknown>;

// ----- cases --------------------------------------------------------------------------------------------------------

interface CaseContext {
  emulator: ScenarioEmulator;
  instance(): Instance;
  faults(options: Faults): Promise<void>;
  /**
   * Calls `listener` with each request the emulator answers, as its status is set (just before the answer is sent),
   * until the listener returns true or the case ends.
   */
  onAnswer(listener: (entry: EmulatorRequestRecord) => boolean): void;
  /** A local server standing for a host the allow-list does not name: its origin, and how many requests reached it. */
  trap: { origin: string; hits(): number };
  /** Creates the articles as drafts, then publishes them all at once (`beforePublish` runs in between). */
  publish(articles: ArticleSpec[], beforePublish?: () => void): Promise<string[]>;
  /** Starts timing `/_health` (until the case ends); `illustrating` is the window after the publish call returned. */
  probeHealth(window?: 'from-publish' | 'illustrating'): void;
  states(): Promise<ArticleState[]>;
  /** SIGKILL the instance, then boot a new one on the same database (optionally with other environment). */
  killAndRestart(env?: Record<string, string>): Promise<void>;
  restart(env?: Record<string, string>): Promise<void>;
  /** Waits until every article has jobs and all of them finished, or `timeoutMs`. */
  settle(timeoutMs: number): Promise<boolean>;
  note(text: string): void;
  /** Marks the case as not measured: the fault cannot be produced (reported as such, never as a pass). */
  unavailable(text: string): void;
}

interface FaultCase {
  name: string;
  title: string;
  /** Emulator options the case needs. */
  needs?: string[];
  /** Settings for the case (through the settings service); restored afterwards. */
  settings?: Record<string, unknown>;
  /** Articles (by publish order) whose placeholder is justified: refusals only. */
  refusal?: (index: number) => boolean;
  /** Seconds on top of the plugin's own limits before the case is reported as timed out. */
  extraSeconds?: number;
  /** A control run for another case's figure: nothing is illustrated, so nothing is counted; it lasts `seconds`. */
  control?: { seconds: number };
  run(ctx: CaseContext): Promise<void>;
}

const two = (label: string, marker = '') => [ordinaryArticle(label, marker), ordinaryArticle(label)];

/** A fault set before publishing two articles. */
const simple = (name: string, title: string, faults: Faults, extra: Partial<FaultCase> = {}): FaultCase => ({
  name,
  title,
  needs: Object.keys(faults),
  async run(ctx) {
    await ctx.faults(faults);
    await ctx.publish(two(name));
  },
  ...extra,
});

/**
 * A fault on the first asset URL Scenario hands out during the case (and on any asked for while that first answer
 * was being made: another article's): one bad candidate of the ones that were paid for. Lifted synchronously as
 * that first answer is sent, so no race decides it.
 */
const firstUrlFault = (name: string, title: string, faults: (ctx: CaseContext) => Faults): FaultCase => ({
  name,
  title,
  needs: Object.keys(faults({ trap: { origin: '', hits: () => 0 } } as unknown as CaseContext)),
  async run(ctx) {
    const applied = faults(ctx);
    await ctx.faults(applied);
    ctx.onAnswer((entry) => {
      if (entry.origin !== 'api' || entry.method !== 'GET' || !entry.path.startsWith('/v1/assets/')) return false;
      void ctx.faults(Object.fromEntries(Object.keys(applied).map((key) => [key, undefined])));
      return true;
    });
    await ctx.publish(two(name));
  },
});

/** Crash the instance (SIGKILL) when its first article's job is in a given state, then restart on the same database. */
function killIn(name: string, title: string, setUp: (ctx: CaseContext) => Promise<void>, when: (rows: Array<Record<string, unknown>>, ctx: CaseContext, jobsCreated: number) => boolean, extra: Partial<FaultCase> = {}): FaultCase {
  return {
    name,
    title,
    ...extra,
    async run(ctx) {
      await setUp(ctx);
      const before = ctx.emulator.stats.jobsCreated;
      await ctx.publish(two(name));
      let seen = '';
      const reached = await waitUntil(async () => {
        const states = await ctx.states();
        const rows = states.flatMap((state) => state.jobs);
        seen = rows.map((row) => `${row.state}${row.scenarioJobId ? '+id' : ''}`).join(', ');
        return when(rows, ctx, ctx.emulator.stats.jobsCreated - before);
      }, 30000, 10);
      ctx.note(reached ? `killed with jobs at: ${seen}` : `state never reached (jobs at: ${seen}); killed anyway`);
      await ctx.faults({ slowNext: undefined });
      await ctx.killAndRestart();
    },
  };
}

const CASES: FaultCase[] = [
  simple('concurrency-429', '429 concurrency ceiling (1 job at a time on the account, 4 articles)', { maxConcurrentJobs: 1 }, {
    async run(ctx) {
      await ctx.faults({ maxConcurrentJobs: 1 });
      await ctx.publish([...two('concurrency-429'), ...two('concurrency-429')]);
    },
  }),
  simple('cooldown-429-short', '429 cooldown, two of 1 s', { cooldownNext: 2, cooldownSeconds: 1 }),
  simple('cooldown-429-long', `429 cooldown, three of ${LEASE_SECONDS / 2} s (longer than the ${LEASE_SECONDS} s lease together)`, {
    cooldownNext: 3,
    cooldownSeconds: LEASE_SECONDS / 2,
  }),
  simple('5xx-before', '503 on submission (not accepted)', { failNext: { status: 503, route: 'generate' } }),
  simple('5xx-after', '502 after Scenario accepted the submission (outcome unknown)', {
    failNext: { status: 502, route: 'generate', afterAccepting: true },
  }),
  simple('reset-before', 'connection reset on submission (not accepted)', { resetNext: { route: 'generate' } }),
  simple('reset-after', 'connection reset after Scenario accepted the submission', { resetNext: { route: 'generate', afterAccepting: true } }),
  simple('hanging-polls', `job polls hanging ${LEASE_SECONDS * 1.5} s (longer than the lease)`, {
    hangNext: { route: 'jobs', ms: LEASE_SECONDS * 1500, times: 2 },
  }),
  simple('malformed-poll', '200 with a body that is not JSON, on a job poll', { malformedJsonNext: { route: 'jobs', times: 1 } }),
  simple('malformed-generate', '200 with a body that is not JSON, on the submission', { malformedJsonNext: { route: 'generate', times: 1 } }),
  {
    name: 'job-failure',
    title: 'job fails in Scenario (moderation) for one article',
    needs: ['failJobsMatching'],
    refusal: (index) => index === 0,
    async run(ctx) {
      await ctx.faults({ failJobsMatching: /zeppelin/i });
      await ctx.publish(two('job-failure', 'zeppelin'));
    },
  },
  {
    name: 'job-cancel',
    title: 'job canceled in Scenario for one article',
    needs: ['cancelJobsMatching'],
    refusal: (index) => index === 0,
    async run(ctx) {
      await ctx.faults({ cancelJobsMatching: /zeppelin/i });
      await ctx.publish(two('job-cancel', 'zeppelin'));
    },
  },
  {
    name: 'prompt-refused',
    title: '400 refusal of one prompt at submission',
    needs: ['rejectPromptsMatching'],
    refusal: (index) => index === 0,
    async run(ctx) {
      await ctx.faults({ rejectPromptsMatching: /zeppelin/i });
      await ctx.publish(two('prompt-refused', 'zeppelin'));
    },
  },
  simple('asset-pending', 'assets answer "pending" three times before "success"', { pendingAssetsNext: 3 }),
  simple('asset-error', 'one asset answers "error"', { errorAssetsNext: 1 }),
  firstUrlFault('expired-url', 'the first signed URL handed out is already expired', () => ({ signedUrlTtlSeconds: -60 })),
  simple('cdn-drop', 'the CDN drops the first download half-way', { dropDownloadsNext: 1 }),
  simple('corrupt-download', 'the CDN sends bytes that are not an image (image/png header)', { corruptDownloadsNext: 1 }),
  simple('wrong-content-type', 'the CDN sends a real image with a wrong Content-Type', { wrongContentTypeDownloadsNext: 1 }),
  simple('oversize-plain', 'the first download is larger than the cap (with Content-Length)', {
    oversizeDownloadsNext: { bytes: 21 * 1024 * 1024, chunked: false, times: 1 },
  }),
  simple('oversize-chunked', 'the first download is larger than the cap (chunked, no length)', {
    oversizeDownloadsNext: { bytes: 21 * 1024 * 1024, chunked: true, times: 1 },
  }),
  firstUrlFault('ssrf-private', 'the first asset URL handed out points at a private address (169.254.169.254)', () => ({
    cdnPublicOrigin: 'http://169.254.169.254',
  })),
  firstUrlFault('ssrf-other-port', 'the first asset URL handed out points at the CDN host on a port not allowed (a live server)', (ctx) => ({
    cdnPublicOrigin: ctx.trap.origin,
  })),
  killIn('kill-queued', 'kill -9 while a job is queued (1 job at a time)', async () => undefined, (rows) => rows.some((row) => row.state === 'queued') && rows.some((row) => row.state === 'generating'), { settings: { concurrency: 1 } }),
  killIn('kill-generating-before-id', 'kill -9 during the submission: Scenario created the job, its id is not stored yet', async (ctx) => {
    await ctx.faults({ slowNext: { ms: 5000, route: 'generate', times: 2 } });
  }, (rows, _ctx, created) => created > 0 && rows.some((row) => row.state === 'generating' && !row.scenarioJobId)),
  killIn('kill-generating-after-id', 'kill -9 while generating, the Scenario job id stored', async () => undefined, (rows) =>
    rows.some((row) => row.state === 'generating' && Boolean(row.scenarioJobId))),
  killIn('kill-captioning', 'kill -9 while captioning (caption call in flight)', async (ctx) => {
    await ctx.faults({ slowNext: { ms: 5000, route: 'caption', times: 2 } });
  }, (rows, ctx) => ctx.emulator.stats.captionCalls > 0 && rows.some((row) => row.state === 'captioning')),
  killIn('kill-attaching', 'kill -9 while attaching (asset read slowed)', async (ctx) => {
    await ctx.faults({ slowNext: { ms: 5000, route: 'assets', times: 4 } });
  }, (rows) => rows.some((row) => row.state === 'attaching')),
  allowList('allow-list-wrong-port', 'allow-list names the CDN host with a wrong port, fixed by restart, then Retry', () => '127.0.0.1:1'),
  allowList('allow-list-no-port', 'allow-list names the CDN host without its port, fixed by restart, then Retry', () => '127.0.0.1'),
  {
    name: 'burst-30',
    title: '30 articles at once with a 10 s deadline',
    settings: { deadlineSeconds: 10 },
    extraSeconds: 60,
    async run(ctx) {
      await ctx.publish(Array.from({ length: 30 }, () => ordinaryArticle('burst-30')));
    },
  },
];

function allowList(name: string, title: string, wrongHosts: () => string): FaultCase {
  return {
    name,
    title,
    extraSeconds: 60,
    async run(ctx) {
      await ctx.restart({ SCENARIO_DOWNLOAD_HOSTS: wrongHosts() });
      await ctx.publish(two(name));
      await ctx.settle(40000);
      const states = await ctx.states();
      const unfinished = states.filter((state) => state.jobs.some((row) => !FINISHED.has(String(row.state))));
      ctx.note(`before the fix: ${states.map((state) => state.jobs.map((row) => row.state).join('/')).join(', ')}`);
      await ctx.restart({});
      if (unfinished.length) ctx.note(`${unfinished.length} article(s) still had a running job when the configuration was fixed`);
      for (const state of states) {
        const last = state.jobs[state.jobs.length - 1];
        if (last && (last.state === 'fallback' || last.state === 'failed')) {
          try {
            await ctx.instance().call({ op: 'retry', jobId: Number(last.id) });
            ctx.note(`Retry of job ${last.id}`);
          } catch (error) {
            ctx.note(`Retry of job ${last.id} refused: ${(error as Error).message}`);
          }
        }
      }
    },
  };
}

// ----- running a case -----------------------------------------------------------------------------------------------

interface CaseResult {
  name: string;
  title: string;
  status: 'measured' | 'timed out' | 'not available' | 'error';
  seconds: number;
  notes: string[];
  /** What the emulator answered other than success during the case: shows the fault was really met. */
  trace?: string;
  /** Requests that reached the stand-in for a host the allow-list does not name (goal 0). */
  refusedHostRequests?: number;
  /** A control run: nothing to count. */
  control?: boolean;
  accounting?: CaseAccounting;
  health?: HealthSummary;
  /** /_health from the moment publishing returned: the plugin's work alone, without Strapi's own publish. */
  healthIllustrating?: HealthSummary;
}

class Bench {
  instance!: Instance;
  private databaseFile = '';
  private databases: string[] = [];
  private boots = 0;
  giveUpSeconds: number | undefined;

  readonly requestListeners = new Set<(entry: EmulatorRequestRecord) => boolean>();

  constructor(
    readonly emulator: ScenarioEmulator,
    readonly trap: { origin: string; hits: number },
  ) {
    // The emulator logs each request as it arrives and sets its status just before answering: watching that
    // status lets a case change a fault right after an answer, without a race.
    const log = emulator.stats.requests;
    const push = log.push.bind(log);
    const listeners = this.requestListeners;
    log.push = (...entries: EmulatorRequestRecord[]) => {
      for (const entry of entries) {
        let status = entry.status;
        Object.defineProperty(entry, 'status', {
          enumerable: true,
          get: () => status,
          set(value: number | undefined) {
            status = value;
            for (const listener of [...listeners]) if (listener(entry)) listeners.delete(listener);
          },
        });
      }
      return push(...entries);
    };
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...pluginEnv(this.emulator),
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: this.databaseFile,
      AUTO_ILLUSTRATION_LEASE_SECONDS: String(LEASE_SECONDS),
      STRAPI_TELEMETRY_DISABLED: 'true',
      LOG_LEVEL: 'warn',
      BROWSER: 'none',
      ...extra,
    };
  }

  async boot({ freshDatabase, env }: { freshDatabase: boolean; env?: Record<string, string> }) {
    if (freshDatabase) {
      this.databaseFile = path.join('.tmp', `bench-faults-${process.pid}-${this.databases.length}.db`);
      this.databases.push(this.databaseFile);
    }
    this.boots++;
    this.instance = await startInstance(this.env(env), await freePort(), LOG_FILE);
    if (freshDatabase) {
      const config = await this.instance.call<Record<string, unknown>>({ op: 'config' });
      this.giveUpSeconds = 'giveUpAfterSeconds' in config ? GIVE_UP_SECONDS : undefined;
      await this.instance.call({
        op: 'settings',
        patch: { deadlineSeconds: BASE_DEADLINE_SECONDS, ...(this.giveUpSeconds ? { giveUpAfterSeconds: this.giveUpSeconds } : {}) },
      });
    }
  }

  /** How long a case may take: the plugin's hard limit (or its deadline, without one), plus margin. */
  limitMs(deadlineSeconds: number, extraSeconds = 0) {
    return ((this.giveUpSeconds ?? deadlineSeconds) + 20 + extraSeconds) * 1000;
  }

  async clearFaults() {
    await this.emulator.configure({ ...Object.fromEntries(FAULT_KEYS.map((key) => [key, undefined])), jobSeconds: JOB_SECONDS } as Faults);
  }

  async run(testCase: FaultCase): Promise<CaseResult> {
    const started = Date.now();
    const result: CaseResult = { name: testCase.name, title: testCase.title, status: 'measured', seconds: 0, notes: [] };
    const missing = (testCase.needs ?? []).filter((option) => !emulatorOffers(option));
    if (missing.length) {
      return { ...result, status: 'not available', notes: [`not available in this emulator: ${missing.join(', ')}`] };
    }
    const documentIds: string[] = [];
    const listeners: Array<(entry: EmulatorRequestRecord) => boolean> = [];
    const requestsBefore = this.emulator.stats.apiRequests + this.emulator.stats.downloads;
    const trapHitsBefore = this.trap.hits;
    const downloadsBefore = { requests: this.emulator.stats.downloads, served: this.emulator.stats.downloadsServed };
    const jobsCreatedBefore = this.emulator.stats.jobsCreated;
    let unavailable: string | undefined;
    let restored: Record<string, unknown> | undefined;
    const deadline = Number((testCase.settings?.deadlineSeconds as number | undefined) ?? BASE_DEADLINE_SECONDS);
    const limitMs = this.limitMs(deadline, testCase.extraSeconds);
    const ctx: CaseContext = {
      emulator: this.emulator,
      instance: () => this.instance,
      faults: (options) => this.emulator.configure(options as Partial<ScenarioEmulatorOptions>),
      onAnswer: (listener) => {
        this.requestListeners.add(listener);
        listeners.push(listener);
      },
      trap: { origin: this.trap.origin, hits: () => this.trap.hits },
      publish: async (articles, beforePublish) => {
        const ids = await this.instance.call<string[]>({ op: 'create', articles });
        documentIds.push(...ids);
        beforePublish?.();
        return this.instance.call<string[]>({ op: 'publish', documentIds: ids });
      },
      probeHealth: (window = 'from-publish') => {
        if (window === 'illustrating') healthIllustrating ??= probeHealth(this.instance.port);
        else health ??= probeHealth(this.instance.port);
      },
      states: () => this.instance.call<ArticleState[]>({ op: 'state', documentIds }),
      killAndRestart: async (env) => {
        await this.instance.kill();
        await this.boot({ freshDatabase: false, env });
      },
      restart: async (env) => {
        await this.instance.stop();
        await this.boot({ freshDatabase: false, env });
      },
      settle: (timeoutMs) =>
        waitUntil(async () => {
          const states = await ctx.states();
          return states.every((state) => state.jobs.length > 0 && state.jobs.every((row) => FINISHED.has(String(row.state))));
        }, timeoutMs, 200),
      note: (text) => result.notes.push(text),
      unavailable: (text) => (unavailable = text),
    };

    let health: ReturnType<typeof probeHealth> | undefined;
    let healthIllustrating: ReturnType<typeof probeHealth> | undefined;
    try {
      if (testCase.settings) {
        const current = await this.instance.call<Record<string, unknown>>({ op: 'config' });
        restored = Object.fromEntries(Object.keys(testCase.settings).map((key) => [key, current[key]]));
        await this.instance.call({ op: 'settings', patch: testCase.settings });
      }
      await testCase.run(ctx);
      if (testCase.control) await sleep(testCase.control.seconds * 1000);
      else if (!(await ctx.settle(limitMs))) {
        result.status = 'timed out';
        result.notes.push(`not finished within ${Math.round(limitMs / 1000)} s (the plugin's limits plus margin)`);
      }
    } catch (error) {
      result.status = 'error';
      result.notes.push(`error: ${(error as Error).message}`);
    } finally {
      for (const listener of listeners) this.requestListeners.delete(listener);
      if (health) result.health = await health.stop();
      if (healthIllustrating) result.healthIllustrating = await healthIllustrating.stop();
      await this.clearFaults();
      result.trace = this.trace(requestsBefore, downloadsBefore);
      result.refusedHostRequests = this.trap.hits - trapHitsBefore;
      if (result.refusedHostRequests) result.notes.push(`${result.refusedHostRequests} request(s) reached a host the allow-list does not name`);
    }
    if (unavailable) return { ...result, status: 'not available', notes: [...result.notes, `not available in this emulator: ${unavailable}`] };
    if (testCase.control) {
      if (restored) await this.instance.call({ op: 'settings', patch: restored });
      return { ...result, control: true, seconds: Math.round((Date.now() - started) / 100) / 10 };
    }
    try {
      const states = await ctx.states();
      result.accounting = await account(this.emulator, started, jobsCreatedBefore, states, testCase.refusal ?? (() => false));
      if (result.accounting.note) result.notes.push(result.accounting.note);
    } catch (error) {
      result.status = 'error';
      result.notes.push(`could not read the outcome: ${(error as Error).message}`);
    }
    // A case that timed out or failed may leave work behind: the next case starts on a new instance and database.
    if (result.status !== 'measured' || testCase.name.startsWith('allow-list')) {
      await this.instance.kill().catch(() => undefined);
      await this.boot({ freshDatabase: true });
    } else if (restored) {
      await this.instance.call({ op: 'settings', patch: restored });
    }
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
    return result;
  }

  /** Counts of the emulator's answers other than 2xx since `requestsBefore` requests (its log keeps the last 2000). */
  trace(requestsBefore: number, downloadsBefore: { requests: number; served: number }): string {
    const { requests, apiRequests, downloads: cdnRequests } = this.emulator.stats;
    const since = apiRequests + cdnRequests - requestsBefore;
    const counts = new Map<string, number>();
    for (const entry of requests.slice(Math.max(0, requests.length - since))) {
      if (entry.status !== undefined && entry.status < 300) continue;
      const route = entry.origin === 'cdn' ? 'cdn' : `${entry.method} ${entry.path.replace(/^\/v1/, '').split('/').slice(0, 3).join('/').replace(/(job|asset)_[0-9a-f]+/, ':id')}`;
      const key = `${route} → ${entry.status ?? 'no answer'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const downloads = this.emulator.stats.downloads - downloadsBefore.requests;
    const served = this.emulator.stats.downloadsServed - downloadsBefore.served;
    const parts = [...counts].map(([key, count]) => `${key} ×${count}`);
    parts.push(`downloads ${served}/${downloads} served whole`);
    return parts.join('; ');
  }

  async close() {
    await this.instance?.stop().catch(() => undefined);
    for (const file of this.databases) rmSync(path.join(PLAYGROUND, file), { force: true });
  }

  get bootCount() {
    return this.boots;
  }
}

/** A live HTTP server on a port the allow-list does not name: any request reaching it is an SSRF the plugin let through. */
async function startTrap(): Promise<{ origin: string; hits: number; close(): void }> {
  const trap = { origin: '', hits: 0, close: () => server.close() };
  const server = createServer((_req, res) => {
    trap.hits++;
    res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  trap.origin = `http://127.0.0.1:${port}`;
  return trap;
}

// ----- output -------------------------------------------------------------------------------------------------------

const pad = (value: unknown, width: number) => String(value).slice(0, width).padEnd(width);

function printCase(result: CaseResult) {
  const head = `── ${result.name}: ${result.title}`;
  console.log(`\n${head}\n   ${result.status}${result.status === 'not available' ? '' : `, ${result.seconds} s`}`);
  for (const note of result.notes) console.log(`   · ${note}`);
  if (result.trace) console.log(`   · emulator answers other than 2xx: ${result.trace}`);
  const accounting = result.accounting;
  if (accounting) {
    console.log(`   ${pad('article', 26)} ${pad('ending', 12)} ${pad('draft', 12)} ${pad('refusal', 7)} ${pad('gens', 4)} ${pad('last job', 10)} reason`);
    for (const article of accounting.articles) {
      console.log(
        `   ${pad(article.documentId, 26)} ${pad(article.ending, 12)} ${pad(article.draftSame ? 'same' : 'DIFFERENT', 12)} ${pad(article.refusal ? 'yes' : '', 7)} ${pad(article.jobs, 4)} ${pad(article.lastState, 10)} ${article.ok ? '' : `${article.ok ? '' : '✗ '}${article.lastReason.slice(0, 70)}`}`,
      );
    }
    console.log(
      `   paid ${accounting.paid}, attached ${accounting.attached}, paid never attached ${accounting.paidNeverAttached}, duplicates ${accounting.duplicates}, refunded ${accounting.refunded}, unmatched ${accounting.unmatched}, bad endings ${accounting.badEndings}`,
    );
  }
  const printHealth = (label: string, h: HealthSummary) =>
    console.log(`   /_health ${label}: ${h.requests} requests, p50 ${h.p50Ms.toFixed(1)} ms, p99 ${h.p99Ms.toFixed(1)} ms, max ${h.maxMs.toFixed(1)} ms, failed ${h.failed}`);
  if (result.health) printHealth('from the publish call on', result.health);
  if (result.healthIllustrating) printHealth('once publishing returned', result.healthIllustrating);
}

async function main() {
  const casesToRun: FaultCase[] = [
    ...CASES,
    {
      name: 'hostile-control',
      title: 'control: the same hostile articles published with the article content type switched off (Strapi alone)',
      control: { seconds: 0 },
      async run(ctx: CaseContext) {
        const { contentTypes } = await ctx.instance().call<{ contentTypes: Record<string, Record<string, unknown>> }>({ op: 'config' });
        const article = 'api::article.article';
        const switched = (enabled: boolean) => ({ contentTypes: { ...contentTypes, [article]: { ...contentTypes[article], enabled } } });
        await ctx.instance().call({ op: 'settings', patch: switched(false) });
        await ctx.publish(hostileArticles('control'), () => ctx.probeHealth());
        ctx.probeHealth('illustrating');
        await sleep(5000);
        await ctx.instance().call({ op: 'settings', patch: switched(true) });
      },
    },
    {
      name: 'hostile-articles',
      title: 'server responsiveness while illustrating 75 KB base64, a 50 KB hyphen chain and 1 MB of prose',
      async run(ctx: CaseContext) {
        // Timed from the publish on: creating a megabyte draft is Strapi's own work, before the plugin has any part.
        await ctx.publish(hostileArticles('hostile'), () => ctx.probeHealth());
        ctx.probeHealth('illustrating');
      },
    } satisfies FaultCase,
  ].filter((testCase) => !only || only.some((name) => testCase.name.includes(name)));
  if (args.includes('--list')) {
    for (const testCase of casesToRun) console.log(`${testCase.name.padEnd(28)} ${testCase.title}`);
    return;
  }
  const started = Date.now();
  ensurePluginBuilt({ quiet: asJson });
  const emulator = await startScenarioEmulator({ jobSeconds: JOB_SECONDS });
  const trap = await startTrap();
  const bench = new Bench(emulator, trap);
  say(`▸ Fault bench: ${casesToRun.length} cases; instance logs in ${LOG_FILE}`);
  await bench.boot({ freshDatabase: true });
  const results: CaseResult[] = [];
  for (const testCase of casesToRun) {
    say(`▸ ${testCase.name}`);
    const result = await bench.run(testCase);
    results.push(result);
    if (!asJson) printCase(result);
  }
  await bench.close();
  await emulator.close();
  trap.close();

  const measured = results.filter((result) => result.accounting);
  const sum = (pick: (accounting: CaseAccounting) => number) => measured.reduce((total, result) => total + pick(result.accounting!), 0);
  const sums = {
    paid: sum((a) => a.paid),
    attached: sum((a) => a.attached),
    paidNeverAttached: sum((a) => a.paidNeverAttached),
    duplicates: sum((a) => a.duplicates),
    articles: sum((a) => a.articles.length),
    badEndings: sum((a) => a.badEndings),
  };
  const hostile = results.find((result) => result.name === 'hostile-articles');
  const health = hostile?.health;
  const illustrating = hostile?.healthIllustrating;
  // Strapi's own publish of a megabyte article is not the plugin's work: that window is printed next to the control
  // (the same articles with the plugin switched off), and only the window after publishing returned is a goal.
  const control = results.find((result) => result.name === 'hostile-control')?.health;
  const round1 = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms * 10) / 10);
  const publishWindow = { pluginOnP99Ms: round1(health?.p99Ms), pluginOffP99Ms: round1(control?.p99Ms) };
  const sum0 = (pick: (result: CaseResult) => number) => results.reduce((total, result) => total + pick(result), 0);
  const notMeasured = results.filter((result) => !result.accounting && !result.control).map((result) => result.name);
  const timedOut = results.filter((result) => result.status === 'timed out').map((result) => result.name);
  const goals = {
    paidNeverAttached: { value: sums.paidNeverAttached, goal: 0, met: sums.paidNeverAttached === 0 },
    duplicates: { value: sums.duplicates, goal: 0, met: sums.duplicates === 0 },
    badEndings: { value: sums.badEndings, goal: 0, met: sums.badEndings === 0 },
    healthIllustratingP99Ms: {
      value: illustrating ? Math.round(illustrating.p99Ms * 10) / 10 : null,
      goal: 100,
      met: illustrating ? illustrating.p99Ms <= 100 : false,
    },
    refusedHostRequests: { value: sum0((result) => result.refusedHostRequests ?? 0), goal: 0, met: sum0((result) => result.refusedHostRequests ?? 0) === 0 },
    allCasesMeasured: { value: notMeasured.length, goal: 0, met: notMeasured.length === 0 },
  };
  const seconds = Math.round((Date.now() - started) / 1000);

  if (asJson) {
    process.stdout.write(`${JSON.stringify({ seconds, boots: bench.bootCount, cases: results, sums, health, publishWindow, goals, notMeasured, timedOut })}\n`);
    return;
  }
  console.log('\nSummary (paid = generations billed, failed/canceled ones are refunded)\n');
  console.log(`${pad('case', 28)} ${pad('status', 14)} ${pad('paid', 5)} ${pad('attached', 8)} ${pad('never att.', 10)} ${pad('dup', 4)} ${pad('bad end', 7)} seconds`);
  for (const result of results) {
    const a = result.accounting;
    console.log(
      `${pad(result.name, 28)} ${pad(result.status, 14)} ${pad(a?.paid ?? '-', 5)} ${pad(a?.attached ?? '-', 8)} ${pad(a?.paidNeverAttached ?? '-', 10)} ${pad(a?.duplicates ?? '-', 4)} ${pad(a ? `${a.badEndings}/${a.articles.length}` : '-', 7)} ${result.status === 'not available' ? '' : result.seconds}`,
    );
  }
  console.log(`${pad('total', 28)} ${pad('', 14)} ${pad(sums.paid, 5)} ${pad(sums.attached, 8)} ${pad(sums.paidNeverAttached, 10)} ${pad(sums.duplicates, 4)} ${pad(`${sums.badEndings}/${sums.articles}`, 7)} ${seconds}`);
  console.log('\nGoals');
  const line = (name: string, value: unknown, goal: string, met: boolean) => console.log(`  ${pad(name, 44)} ${pad(value, 8)} ${pad(goal, 8)} ${met ? 'met' : 'NOT MET'}`);
  line('paid images never attached', goals.paidNeverAttached.value, '0', goals.paidNeverAttached.met);
  line('duplicate submissions', goals.duplicates.value, '0', goals.duplicates.met);
  line('articles not ending as they should', goals.badEndings.value, '0', goals.badEndings.met);
  line('/_health p99 while illustrating them (ms)', goals.healthIllustratingP99Ms.value ?? '-', '≤ 100', goals.healthIllustratingP99Ms.met);
  line('requests to a host not allowed', goals.refusedHostRequests.value, '0', goals.refusedHostRequests.met);
  line('cases not measured', goals.allCasesMeasured.value, '0', goals.allCasesMeasured.met);
  if (publishWindow.pluginOnP99Ms !== null) {
    console.log(`  (reported, not a goal) /_health p99 from the publish call on, Strapi's own publish included: ${publishWindow.pluginOnP99Ms} ms with the plugin, ${publishWindow.pluginOffP99Ms ?? '-'} ms without`);
  }
  if (notMeasured.length) console.log(`  not measured: ${notMeasured.join(', ')}`);
  if (timedOut.length) console.log(`  timed out: ${timedOut.join(', ')}`);
  const failed = Object.entries(goals).filter(([, goal]) => !goal.met).map(([name]) => name);
  console.log(failed.length ? `\nGOALS NOT MET: ${failed.join(', ')}` : '\nAll goals met.');
  console.log(`Run time ${seconds} s, ${bench.bootCount} Strapi boots.`);
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
