/**
 * The credit budget in the real playground (SQLite) against the Scenario emulator: a paid call reserves its quoted
 * cost before it is sent; the database refuses a reservation that would pass a cap, however many calls race for it;
 * real costs are settled and refunds released. Publishing past the cap: jobs wait for the next period, or take the
 * placeholder. The admin API shows the spending and refuses a bad cap.
 */
import request from 'supertest';
import { pluginEnv, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import { adminToken } from '../helpers/admin';
import { JOB, publishArticles } from '../helpers/articles';
import { bootPlayground, waitFor, type Playground } from '../helpers/playground';

const PERIOD = 'plugin::auto-illustration.budget-period';

let emulator: ScenarioEmulator;
let app: Playground;
const service = (name: string) => app.strapi.plugin('auto-illustration').service(name);
const budget = () => service('budget');

beforeAll(async () => {
  emulator = await startScenarioEmulator({ jobSeconds: 0.3 });
  app = await bootPlayground({ env: pluginEnv(emulator) });
}, 120000);
afterAll(async () => {
  await app?.close();
  await emulator?.close();
});

/** Settles every promise; the reservations held and the refusals. */
async function race(count: number, reserve: () => Promise<unknown>) {
  const results = await Promise.allSettled(Array.from({ length: count }, reserve));
  const refused = results.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason as Error);
  return { held: results.filter((result) => result.status === 'fulfilled').length, refused };
}

describe('reservations', () => {
  // Each test has its own day and month (2030), so their counts never mix with today's.
  const at = (day: number) => new Date(Date.UTC(2030, day % 12, 1 + (day % 28), 12));

  it('names UTC periods', () => {
    expect(budget().periodKey('month', new Date('2026-12-31T23:30:00-02:00'))).toBe('month:2027-01');
    expect(budget().periodKey('day', new Date('2026-12-31T23:30:00-02:00'))).toBe('day:2027-01-01');
  });

  it('never lets racing reservations pass the cap: 40 calls quoted 10.75 against 100 credits', async () => {
    const when = at(1);
    const { held, refused } = await race(40, () => budget().reserve(10.75, { month: 100 }, when));
    expect(held).toBe(9);
    expect(refused).toHaveLength(31);
    expect(refused[0]).toMatchObject({ name: 'BudgetReached', kind: 'month', cap: 100 });
    // Some is left, less than a call costs: said so, not "used up".
    expect(refused[0].message).toBe('Budget reached: the monthly cap of 100 credits has 3.25 credits left, less than the 10.75 this step costs, until 2030-03-01 00:00 UTC.');
    const status = await budget().status({ month: 100 }, when);
    expect(status.month).toMatchObject({ period: 'month:2030-02', committed: 96.75, cap: 100, left: 3.25, resetsAt: '2030-03-01T00:00:00.000Z' });
    expect(status.day).toMatchObject({ committed: 96.75, cap: null, left: null });
  });

  it('settles the real cost and releases what was not billed', async () => {
    const when = at(2);
    const first = await budget().reserve(10.75, { month: 30 }, when);
    const second = await budget().reserve(10.75, { month: 30 }, when);
    await expect(budget().reserve(10.75, { month: 30 }, when)).rejects.toThrow(/^Budget reached/);
    await budget().settle(first, 8);
    await budget().release(second);
    expect((await budget().status({ month: 30 }, when)).month.committed).toBeCloseTo(8, 2);
    await expect(budget().reserve(10.75, { month: 30 }, when)).resolves.toMatchObject({ amount: 10.75 });
  });

  it("holds a call's headroom with it (a translation's image), refusing a second call the two would not leave room for", async () => {
    const when = at(9);
    const translation = await budget().reserve(0.25, { month: 30 }, when, 21.5);
    // A second translation racing for the same last credits: no room for its image while the first one's is held.
    await expect(budget().reserve(0.25, { month: 30 }, when, 21.5)).rejects.toThrow(/less than the 21.75 this step and the image after it cost/);
    await budget().release({ amount: 21.5, at: translation.at });
    expect((await budget().status({ month: 30 }, when)).month.committed).toBeCloseTo(0.25, 2);
  });

  it('holds both periods or neither: the daily cap refuses, and the month keeps nothing', async () => {
    const when = at(3);
    await budget().reserve(5, { month: 1000, day: 6 }, when);
    await expect(budget().reserve(5, { month: 1000, day: 6 }, when)).rejects.toMatchObject({ kind: 'day' });
    const status = await budget().status({ month: 1000, day: 6 }, when);
    expect(status.month.committed).toBeCloseTo(5, 2);
    expect(status.day.committed).toBeCloseTo(5, 2);
    // The next day has its own allowance.
    const nextDay = new Date(when.getTime() + 24 * 3600 * 1000);
    await expect(budget().reserve(5, { month: 1000, day: 6 }, nextDay)).resolves.toBeTruthy();
  });

  it('uses the oldest row when two instances created the same period', async () => {
    const when = at(4);
    await budget().reserve(1, {}, when);
    const key = budget().periodKey('month', when);
    await app.strapi.db.query(PERIOD).create({ data: { period: key, committed: 0 } });
    await budget().reserve(2, {}, when);
    const rows = (await app.strapi.db.query(PERIOD).findMany({ where: { period: key }, orderBy: { id: 'asc' } })) as Array<{ committed: unknown }>;
    expect(rows.map((row) => Number(row.committed))).toEqual([3, 0]);
    expect((await budget().status({}, when)).month.committed).toBe(3);
  });

  it('refuses a negative or missing quote', async () => {
    await expect(budget().reserve(-1, {}, at(5))).rejects.toThrow(/zero or more/);
    await expect(budget().reserve(Number.NaN, {}, at(5))).rejects.toThrow(/zero or more/);
  });
});

describe('publishing past the cap', () => {
  interface Job {
    id: number;
    state: string;
    reason: string | null;
    nextRunAt: string | null;
    creditsSpent: unknown;
    usePlaceholder: boolean;
    targetDocumentId: string;
  }

  const nextMonth = () => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
  };

  const publish = (count: number, label: string) =>
    publishArticles(app.strapi, count, label, { title: 'the harbour festival returns', body: 'Boats, music and lanterns fill the old harbour for the summer festival.' });

  /** Every job of these articles has finished, or waits for the budget (queued until a later period). */
  const settled = (ids: string[]) =>
    waitFor(async () => {
      const jobs = (await app.strapi.db.query(JOB).findMany({ where: { targetDocumentId: { $in: ids } } })) as Job[];
      const still = jobs.some((job) => !['done', 'fallback', 'failed', 'skipped'].includes(job.state) && !(job.state === 'queued' && job.reason?.startsWith('Budget reached')));
      return jobs.length === ids.length && !still ? jobs : undefined;
    }, 90000, 200);

  beforeEach(async () => {
    await app.strapi.db.query(PERIOD).deleteMany({});
  });

  it('with a cap of 100 and generations quoted ~10.75, never more than 100 is spent and the rest wait for next month', async () => {
    // One candidate per article: FLUX.1 dev at 16:9 is quoted 10.75 credits, its caption 1.
    await service('settings').update({ numOutputs: 1, budget: { monthlyCap: 100, dailyCap: null, whenReached: 'wait' } });
    // The estimate holds what the budget holds: the generation and its caption.
    expect((await service('illustrations').estimate()).credits).toBeCloseTo(11.75, 2);
    const captionsBefore = emulator.stats.captionCalls;
    const generationsBefore = emulator.stats.generateCalls;

    const ids = await publish(12, 'Wait');
    const jobs = await settled(ids);

    const done = jobs.filter((job) => job.state === 'done');
    const waiting = jobs.filter((job) => job.state === 'queued');
    expect(done.length).toBeGreaterThanOrEqual(6);
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(done.length + waiting.length).toBe(12);
    // Nothing was sent for a waiting job, and it comes back at the start of next month.
    expect(emulator.stats.generateCalls - generationsBefore).toBe(done.length);
    for (const job of waiting) {
      expect(job.nextRunAt && new Date(job.nextRunAt).toISOString()).toBe(nextMonth());
      // Said as it is: used up, or some left but less than the step costs.
      expect(job.reason).toMatch(/^Budget reached: the monthly cap of 100 credits (is used up|has [\d.]+ credits left, less than the [\d.]+ this step costs,) until/);
    }
    // What Scenario billed (each generation's cost, each caption of one image 1 credit) stays under the cap, and is
    // what the budget counted.
    const billed = done.reduce((sum, job) => sum + Number(job.creditsSpent), 0) + (emulator.stats.captionCalls - captionsBefore);
    expect(billed).toBeLessThanOrEqual(100);
    const status = await budget().status();
    expect(status.month.committed).toBeCloseTo(billed, 2);
    expect(status.month.left).toBeCloseTo(100 - billed, 2);

    // The editor raises the cap: the waiting articles go now, not next month.
    await service('settings').update({ budget: { monthlyCap: 1000, dailyCap: null, whenReached: 'wait' } });
    await waitFor(async () => {
      const rows = (await app.strapi.db.query(JOB).findMany({ where: { id: { $in: waiting.map((job) => job.id) } } })) as Job[];
      return rows.every((job) => job.state === 'done') || undefined;
    }, 60000, 200);
  }, 180000);

  it('with "placeholder", the articles past the cap get the placeholder with the reason', async () => {
    await service('settings').update({ budget: { monthlyCap: 30, dailyCap: null, whenReached: 'placeholder' } });
    const generationsBefore = emulator.stats.generateCalls;
    const ids = await publish(4, 'Placeholder');
    const jobs = await settled(ids);

    const placeholders = jobs.filter((job) => job.state === 'fallback');
    expect(jobs.filter((job) => job.state === 'done')).toHaveLength(emulator.stats.generateCalls - generationsBefore);
    expect(placeholders.length).toBeGreaterThanOrEqual(2);
    for (const job of placeholders) {
      expect(job.usePlaceholder).toBe(true);
      expect(job.reason).toMatch(/^Budget reached: the monthly cap of 30 credits/);
    }
    expect((await budget().status()).month.committed).toBeLessThanOrEqual(30);
    // The side panel and the jobs page say so.
    const view = await service('illustrations').findOne(placeholders[0].id);
    expect(view.budgetReached).toBe(true);
  }, 150000);
});

describe('admin API', () => {
  let superAdmin = '';
  let author = '';
  const http = () => request(app.strapi.server.httpServer);
  const login = (email: string, roleId: number) => adminToken(app.strapi, email, roleId, { firstname: 'Budget', lastname: 'Test' });

  beforeAll(async () => {
    superAdmin = await login('budget-super@example.com', (await app.strapi.service('admin::role').getSuperAdmin()).id);
    const authorRole = (await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-author' } })) as { id: number };
    author = await login('budget-author@example.com', authorRole.id);
  });

  it('GET /budget: credits spent this month and day and what is left, with the settings read permission', async () => {
    await service('settings').update({ budget: { monthlyCap: 500, dailyCap: 50, whenReached: 'wait' } });
    await app.strapi.db.query(PERIOD).deleteMany({});
    await budget().reserve(12.5);
    const response = await http().get('/auto-illustration/budget').set('Authorization', `Bearer ${superAdmin}`).expect(200);
    expect(response.body).toMatchObject({
      month: { committed: 12.5, cap: 500, left: 487.5 },
      day: { committed: 12.5, cap: 50, left: 37.5 },
      whenReached: 'wait',
    });
    await http().get('/auto-illustration/budget').set('Authorization', `Bearer ${author}`).expect(403);
  });

  it('saves the budget settings, and refuses a bad cap with a 400 naming the field', async () => {
    const saved = await http()
      .put('/auto-illustration/settings')
      .set('Authorization', `Bearer ${superAdmin}`)
      .send({ budget: { monthlyCap: 250, dailyCap: null, whenReached: 'placeholder' } })
      .expect(200);
    expect(saved.body.settings.budget).toEqual({ monthlyCap: 250, dailyCap: null, whenReached: 'placeholder' });
    expect(saved.body.sources.budget).toBe('saved');

    for (const [body, field] of [
      [{ budget: { monthlyCap: -5, dailyCap: null, whenReached: 'wait' } }, 'budget.monthlyCap'],
      [{ budget: { monthlyCap: null, dailyCap: 'ten', whenReached: 'wait' } }, 'budget.dailyCap'],
      [{ budget: { monthlyCap: null, dailyCap: null, whenReached: 'sometimes' } }, 'budget.whenReached'],
    ] as const) {
      const response = await http().put('/auto-illustration/settings').set('Authorization', `Bearer ${superAdmin}`).send(body).expect(400);
      expect(response.body.error.name).toBe('ValidationError');
      expect(response.body.error.message).toContain(field);
    }
    // Nothing was saved by the refused requests.
    expect(service('settings').current().budget).toEqual({ monthlyCap: 250, dailyCap: null, whenReached: 'placeholder' });
  });
});
