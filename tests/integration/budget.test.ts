/**
 * The credit budget: a paid call reserves its quoted cost before it is sent; the database refuses a reservation that
 * would pass a cap, however many calls race for it; real costs are settled and refunds released.
 */
import { bootPlayground, type Playground } from '../helpers/playground';

const PERIOD = 'plugin::auto-illustration.budget-period';

let app: Playground;
const budget = () => app.strapi.plugin('auto-illustration').service('budget');

beforeAll(async () => {
  app = await bootPlayground();
}, 120000);
afterAll(() => app?.close());

// Each test has its own day and month, so their counts never mix.
const at = (day: number) => new Date(Date.UTC(2030, day % 12, 1 + (day % 28), 12));

it('names UTC periods', () => {
  expect(budget().periodKey('month', new Date('2026-12-31T23:30:00-02:00'))).toBe('month:2027-01');
  expect(budget().periodKey('day', new Date('2026-12-31T23:30:00-02:00'))).toBe('day:2027-01-01');
});

it('never lets racing reservations pass the cap: 40 calls quoted 10.75 against 100 credits', async () => {
  const when = at(1);
  const results = await Promise.all(Array.from({ length: 40 }, () => budget().reserve(10.75, { month: 100 }, when)));
  const held = results.filter(Boolean);
  expect(held).toHaveLength(9);
  const status = await budget().status({ month: 100 }, when);
  expect(status.month.committed).toBeCloseTo(96.75, 2);
  expect(status.month.left).toBeCloseTo(3.25, 2);
  expect(status.day).toMatchObject({ cap: null, left: null });
  expect(status.day.committed).toBeCloseTo(96.75, 2);
});

it('settles the real cost and releases what was not billed', async () => {
  const when = at(2);
  const first = await budget().reserve(10.75, { month: 30 }, when);
  const second = await budget().reserve(10.75, { month: 30 }, when);
  expect(await budget().reserve(10.75, { month: 30 }, when)).toBeNull();
  await budget().settle(first, 8);
  await budget().release(second);
  expect((await budget().status({ month: 30 }, when)).month.committed).toBeCloseTo(8, 2);
  expect(await budget().reserve(10.75, { month: 30 }, when)).not.toBeNull();
});

it('holds both periods or neither: the daily cap refuses, and the month keeps nothing', async () => {
  const when = at(3);
  expect(await budget().reserve(5, { month: 1000, day: 6 }, when)).not.toBeNull();
  expect(await budget().reserve(5, { month: 1000, day: 6 }, when)).toBeNull();
  const status = await budget().status({ month: 1000, day: 6 }, when);
  expect(status.month.committed).toBeCloseTo(5, 2);
  expect(status.day.committed).toBeCloseTo(5, 2);
  // The next day has its own allowance.
  const nextDay = new Date(when.getTime() + 24 * 3600 * 1000);
  expect(await budget().reserve(5, { month: 1000, day: 6 }, nextDay)).not.toBeNull();
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
