/**
 * The worker's rules against the in-memory job repository and a pipeline the test drives: a job it runs is never
 * claimed again, a lost lease aborts the run where it waits, stop() interrupts and releases, and during an outage
 * waiting jobs get their placeholder before their deadline. No Strapi is booted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pluginConfigSchema } from '../../server/src/config/schema';
import { LostLeaseError, type JobRow } from '../../server/src/services/jobs';
import type { RunContext } from '../../server/src/services/pipeline';
import createWorker from '../../server/src/services/worker';
import type { ServiceOf } from '../../server/src/utils/get-service';
import { ARTICLE_UID, fakeJobs, fakeStrapi, jobRow } from './fakes/pipeline-world';

/** Resolves once `check` holds (polled), or fails the test after `ms`. */
async function until(check: () => boolean, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A pipeline whose runs wait until the worker aborts them (as a real one waits on Scenario), recording each. */
function blockingPipeline() {
  const runs: Array<{ job: JobRow; mode: 'process' | 'placeholder'; context: RunContext }> = [];
  const waitForAbort = (job: JobRow, context: RunContext) =>
    new Promise<JobRow>((_, reject) => context.signal.addEventListener('abort', () => reject(new LostLeaseError(job.id))));
  const pipeline = {
    runs,
    process: (job: JobRow, context: RunContext) => (runs.push({ job, mode: 'process', context }), waitForAbort(job, context)),
    showPlaceholderNow: (job: JobRow, context: RunContext) => (runs.push({ job, mode: 'placeholder', context }), waitForAbort(job, context)),
  };
  return pipeline satisfies Pick<ServiceOf<'pipeline'>, 'process' | 'showPlaceholderNow'>;
}

function workerWorld({ outage = false, enabled = true } = {}) {
  const config = pluginConfigSchema.parse({ worker: { pollIntervalMs: 100, leaseSeconds: 5, enabled }, concurrency: 2 });
  const reloads = { count: 0 };
  const jobs = fakeJobs();
  const claims: number[][] = [];
  const claim = jobs.claim;
  jobs.claim = (workerId, limit, leaseSeconds, running = []) => (claims.push([...running]), claim(workerId, limit, leaseSeconds, running));
  const pipeline = blockingPipeline();
  const logged: Array<{ level: string; message: string }> = [];
  const sweeps = { count: 0, descriptions: 0 };
  const services: Record<string, unknown> = {
    settings: { current: () => config, reload: async () => (reloads.count++, config) } satisfies Pick<ServiceOf<'settings'>, 'current' | 'reload'>,
    jobs,
    scenario: { outage: () => (outage ? { state: 'open', reason: 'ECONNREFUSED' } : null) },
    pipeline,
    'late-candidates': { sweep: async () => void (sweeps.count += 1) } satisfies Pick<ServiceOf<'late-candidates'>, 'sweep'>,
    'late-descriptions': { sweep: async () => void (sweeps.descriptions += 1) } satisfies Pick<ServiceOf<'late-descriptions'>, 'sweep'>,
  };
  const strapi = fakeStrapi(services, logged);
  const worker = createWorker({ strapi });
  // (A publish noted during a run is enqueued through the worker service, as the plugin registers it.)
  services.worker = worker;
  return { worker, jobs, claims, pipeline, logged, sweeps, reloads };
}

const target = { uid: ARTICLE_UID, documentId: 'article-1', locale: null };

describe('the worker', () => {
  it('off (worker.enabled false), runs no job but reads the saved settings as often as it would look for jobs', async () => {
    const world = workerWorld({ enabled: false });
    world.worker.start();
    await world.worker.enqueue([target]);
    await until(() => world.reloads.count >= 2);
    expect(world.pipeline.runs).toEqual([]);
    expect(world.claims).toEqual([]);
    await world.worker.stop();
    const after = world.reloads.count;
    await sleep(250);
    expect(world.reloads.count).toBe(after);
  });

  it('starts on an enqueued job at once, and never claims a job it is running again', async () => {
    const world = workerWorld();
    world.worker.start();
    const [created] = await world.worker.enqueue([target]);
    await until(() => world.pipeline.runs.length === 1);
    expect(world.pipeline.runs[0]).toMatchObject({ mode: 'process', job: { id: created.id } });

    // Even with its lease run out, the job this worker runs is not claimed twice (two runs would pay twice).
    world.jobs.rows.set(created.id, { ...world.jobs.get(created.id), lockedUntil: new Date(Date.now() - 1000).toISOString() });
    const claimsBefore = world.claims.length;
    world.worker.wake();
    await until(() => world.claims.length > claimsBefore);
    expect(world.claims[world.claims.length - 1]).toContain(created.id);
    expect(world.pipeline.runs).toHaveLength(1);
    // Late candidates and descriptions are looked for on the worker's clock, not on every tick.
    expect(world.sweeps).toEqual({ count: 1, descriptions: 1 });
    await world.worker.stop();
  });

  it('a run that breaks unexpectedly is logged and its job tried again later, not claimed again at once in a loop', async () => {
    const world = workerWorld();
    world.pipeline.process = (job: JobRow, context: RunContext) => {
      world.pipeline.runs.push({ job, mode: 'process', context });
      return Promise.reject(new TypeError('language.toLowerCase is not a function'));
    };
    world.jobs.add(jobRow({ id: 1, lockedBy: null, lockedUntil: null }));
    world.worker.start();
    await until(() => world.pipeline.runs.length === 1 && world.jobs.get(1).lockedBy === null);
    // Ticks come every 100 ms here: a job released as due at once would have been run again several times.
    await sleep(500);
    expect(world.pipeline.runs).toHaveLength(1);
    expect(new Date(world.jobs.get(1).nextRunAt!).getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(world.logged).toEqual([{ level: 'error', message: expect.stringMatching(/job 1 stopped unexpectedly: language.toLowerCase is not a function; tried again in 30 s/) }]);
    await world.worker.stop();
  });

  it('a publish noted during a run is looked at when the job has ended, also when the run broke after its last save', async () => {
    const world = workerWorld();
    world.pipeline.process = async (job: JobRow, context: RunContext) => {
      world.pipeline.runs.push({ job, mode: 'process', context });
      // The last step saved the job as done (a publish was noted on it meanwhile), then something after it broke (review).
      world.jobs.rows.set(job.id, { ...world.jobs.get(job.id), state: 'done', republishedAt: job.id === 1 ? new Date().toISOString() : null });
      if (job.id === 1) throw new TypeError('something after the final save broke');
      return world.jobs.get(job.id);
    };
    world.jobs.add(jobRow({ id: 1, lockedBy: null, lockedUntil: null }));
    world.worker.start();
    await until(() => world.jobs.rows.size === 2 && world.jobs.get(2).state === 'done');
    expect(world.jobs.get(1).republishedAt).toBeNull();
    expect(world.jobs.get(2).targetDocumentId).toBe(world.jobs.get(1).targetDocumentId);
    await world.worker.stop();
  });

  it('a run that breaks is described in plain words on the job, as every reason: no server paths', async () => {
    const world = workerWorld();
    world.pipeline.process = (job: JobRow, context: RunContext) => {
      world.pipeline.runs.push({ job, mode: 'process', context });
      return Promise.reject(new Error("EACCES: permission denied, open '/srv/newsroom/public/uploads/harbour_1.jpg'"));
    };
    world.jobs.add(jobRow({ id: 1, lockedBy: null, lockedUntil: null }));
    world.worker.start();
    await until(() => world.pipeline.runs.length === 1 && world.jobs.get(1).lockedBy === null);
    expect(world.jobs.get(1).lastError).toMatch(/permission denied, open .*harbour_1\.jpg/);
    expect(JSON.stringify(world.jobs.get(1))).not.toContain('/srv/newsroom');
    await world.worker.stop();
  });

  it('a job that keeps breaking is given up after the worker\'s maxAttempts runs, not tried every half minute forever: the placeholder goes up', async () => {
    const world = workerWorld();
    const process = world.pipeline.process;
    world.pipeline.process = (job: JobRow, context: RunContext) => {
      if (job.usePlaceholder) return process(job, context);
      world.pipeline.runs.push({ job, mode: 'process', context });
      return Promise.reject(new TypeError('language.toLowerCase is not a function'));
    };
    // Four runs broke before (each 30 s apart): this is the fifth.
    world.jobs.add(jobRow({ id: 1, lockedBy: null, lockedUntil: null, crashes: 4, title: 'Harbour reopens' }));
    // Where a placeholder would do harm (a real image being attached; an article never read), failed instead.
    world.jobs.add(jobRow({ id: 2, lockedBy: null, lockedUntil: null, crashes: 4, title: 'Seals return', state: 'attaching', chosenAssetId: 'asset-1', fileId: 9 }));
    world.jobs.add(jobRow({ id: 3, lockedBy: null, lockedUntil: null, crashes: 4 }));
    world.worker.start();
    await until(() => world.jobs.get(2).state === 'failed' && world.jobs.get(3).state === 'failed');
    expect(world.jobs.get(2)).toMatchObject({ fileId: 9, usePlaceholder: false });
    // Given up: the next run attaches the placeholder, with a fresh count of runs that broke.
    await until(() => world.pipeline.runs.some((run) => run.job.usePlaceholder));
    expect(world.jobs.get(1)).toMatchObject({ state: 'attaching', crashes: 0, lastError: 'stopped unexpectedly: language.toLowerCase is not a function' });
    expect(world.logged).toContainEqual({ level: 'error', message: '[auto-illustration] job 1 stopped unexpectedly: language.toLowerCase is not a function; given up after 5 times' });
    await world.worker.stop();
  });

  it('stop() interrupts the runs where they wait and releases their jobs for the next start', async () => {
    const world = workerWorld();
    world.jobs.add(jobRow({ id: 1, lockedBy: null, lockedUntil: null }));
    world.worker.start();
    await until(() => world.pipeline.runs.length === 1);
    expect(world.jobs.get(1).lockedBy).toBe(world.worker.id);

    await world.worker.stop();
    expect(world.pipeline.runs[0].context.signal.aborted).toBe(true);
    expect(world.jobs.get(1)).toMatchObject({ lockedBy: null, lockedUntil: null });
    expect(world.logged.filter((entry) => entry.level === 'error')).toEqual([]);
  });

  it('aborts a run whose lease another worker took over (the heartbeat finds it gone)', async () => {
    const world = workerWorld();
    world.jobs.add(jobRow({ id: 1, lockedBy: null, lockedUntil: null }));
    world.worker.start();
    await until(() => world.pipeline.runs.length === 1);
    world.jobs.rows.set(1, { ...world.jobs.get(1), lockedBy: 'another-instance' });

    // The heartbeat beats every third of the lease (5 s here).
    await until(() => world.pipeline.runs[0].context.signal.aborted, 3000);
    await world.worker.stop();
    expect(world.jobs.get(1).lockedBy).toBe('another-instance');
  });

  it('during an outage, a waiting job gets its placeholder before its deadline, in the placeholder lane', async () => {
    const world = workerWorld({ outage: true });
    // Waiting for a retry: not due for its own run yet, deadline still ahead.
    world.jobs.add(jobRow({ id: 1, lockedBy: null, lockedUntil: null, nextRunAt: new Date(Date.now() + 60_000).toISOString() }));
    world.worker.start();
    await until(() => world.pipeline.runs.length === 1);
    expect(world.pipeline.runs[0]).toMatchObject({ mode: 'placeholder', job: { id: 1 } });
    await world.worker.stop();
  });

  it('without an outage, that job waits for its turn', async () => {
    const world = workerWorld();
    world.jobs.add(jobRow({ id: 1, lockedBy: null, lockedUntil: null, nextRunAt: new Date(Date.now() + 60_000).toISOString() }));
    world.worker.start();
    await until(() => world.claims.length >= 2);
    expect(world.pipeline.runs).toHaveLength(0);
    await world.worker.stop();
  });
});
