/**
 * The credit budget across instances: two Strapi instances on one PostgreSQL database reserve at the same moment and
 * never pass the cap together (the database refuses the increment that would, like job claims); both instances
 * running jobs against one cap spend no more than it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { ARTICLE, JOB, blocks } from '../helpers/articles';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';
import { startPostgres, type PostgresServer } from '../helpers/postgres';

let postgres: PostgresServer;
let emulator: ScenarioEmulator;
let app: Playground;
let other: { child: ChildProcess; workerId: string; next: (pattern: RegExp) => Promise<RegExpExecArray> };

const service = (name: string) => app.strapi.plugin('auto-illustration').service(name);

/** The second instance, in its own process; `next` waits for its next output line matching a pattern. */
function startInstance(env: Record<string, string>): Promise<typeof other> {
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), path.join(__dirname, '..', 'helpers', 'budget-racer.ts')], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let read = 0;
  const waiting: Array<() => void> = [];
  child.stdout!.on('data', (chunk) => {
    output += chunk;
    waiting.splice(0).forEach((wake) => wake());
  });
  child.stderr!.on('data', (chunk) => (output += chunk));
  const next = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const rest = output.slice(read);
        const match = pattern.exec(rest);
        if (match) {
          read += match.index + match[0].length;
          resolve(match);
        } else if (child.exitCode !== null) reject(new Error(`instance exited: ${output.slice(-2000)}`));
        else waiting.push(look);
      };
      look();
    });
  return next(/READY (\S+)/).then((match) => ({ child, workerId: match[1], next }));
}

beforeAll(async () => {
  postgres = await startPostgres();
  emulator = await startScenarioEmulator({ jobSeconds: 0.5 });
  // Both instances look for work often: the second is not woken by this one's publishes, and under load it could
  // otherwise find every job taken by its next 2 s poll (then "both instances generated" cannot hold).
  const env = { ...postgres.env, ...pluginEnv(emulator), LOG_LEVEL: 'error', AUTO_ILLUSTRATION_POLL_INTERVAL_MS: '300' };
  app = await bootPlayground({ env });
  other = await startInstance(env);
}, 240000);

afterAll(async () => {
  other?.child.kill('SIGKILL');
  await app?.close();
  await emulator?.close();
  postgres?.stop();
});

it('two instances reserving at once never pass the cap together: 2 × 40 calls quoted 10.75 against 100 credits', async () => {
  const at = new Date(Date.UTC(2031, 4, 10, 12));
  // The period row exists before the race (made by the first reservation of either instance otherwise).
  await service('budget').reserve(0, { month: 100 }, at);
  other.child.stdin!.write(`RACE 40 10.75 100 ${at.toISOString()}\n`);
  const here = Promise.allSettled(Array.from({ length: 40 }, () => service('budget').reserve(10.75, { month: 100 }, at)));
  const [there, results] = await Promise.all([other.next(/HELD (\d+)\n/), here]);

  const heldHere = results.filter((result) => result.status === 'fulfilled').length;
  expect(results.filter((result) => result.status === 'rejected').every((result) => (result as PromiseRejectedResult).reason.name === 'BudgetReached')).toBe(true);
  expect(heldHere + Number(there[1])).toBe(9);
  const status = await service('budget').status({ month: 100 }, at);
  expect(status.month.committed).toBeCloseTo(96.75, 2);
}, 60000);

it('two instances illustrating against one cap of 100 spend no more than it; the rest wait', async () => {
  // One candidate per article: quoted 10.75, its caption 1. The other instance reads the saved settings at its next poll.
  await service('settings').update({ numOutputs: 1, concurrency: 3, budget: { monthlyCap: 100, dailyCap: null, whenReached: 'wait' } });
  const captionsBefore = emulator.stats.captionCalls;
  const ids: string[] = [];
  for (let i = 0; i < 16; i += 1) {
    const created = (await app.strapi.documents(ARTICLE).create({
      data: { title: `Race ${i}: the tide mill turns again`, body: blocks('Volunteers restored the old tide mill, which grinds flour twice a day.') },
      status: 'published',
    } as never)) as unknown as { documentId: string };
    ids.push(created.documentId);
  }
  type Job = { state: string; reason: string | null; creditsSpent: unknown; history: Array<{ state: string; by?: string }> | null };
  const jobs = await waitFor(async () => {
    const found = (await app.strapi.db.query(JOB).findMany({ where: { targetDocumentId: { $in: ids } } })) as Job[];
    const settled = found.every((job) => job.state === 'done' || (job.state === 'queued' && job.reason?.startsWith('Budget reached')));
    return found.length === ids.length && settled ? found : undefined;
  }, 120000, 250);

  const done = jobs.filter((job) => job.state === 'done');
  expect(done.length).toBeGreaterThanOrEqual(7);
  expect(jobs.length - done.length).toBeGreaterThanOrEqual(4);
  const billed = done.reduce((sum, job) => sum + Number(job.creditsSpent), 0) + (emulator.stats.captionCalls - captionsBefore);
  expect(billed).toBeLessThanOrEqual(100);
  expect((await service('budget').status()).month.committed).toBeCloseTo(billed, 2);
  // Both instances generated.
  const workers = new Set(done.flatMap((job) => (job.history ?? []).filter((entry) => entry.state === 'generating').map((entry) => entry.by)));
  expect(workers).toContain(other.workerId);
  expect(workers).toContain(service('worker').id);
}, 180000);
