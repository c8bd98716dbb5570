/**
 * Generation slots without Strapi: the ceiling learned from a 429 is shared through the store, submissions beyond it
 * wait in their worker (publishes before a backfill's work) and go when a generation ends, and the limit is probed
 * one step up after a quiet while.
 */
import type { Core } from '@strapi/strapi';
import createSlots, { PROBE_UP_AFTER_MS, probeDue } from '../../server/src/services/generation-slots';
import { LostLeaseError, type JobPatch, type JobRow } from '../../server/src/services/jobs';

/** Jobs in `generating`, as the job rows would count them; a take is refused at the limit like the locked update. */
function world() {
  const stored = new Map<string, unknown>();
  const generating = new Set<number>();
  const taken: number[] = [];
  const jobs = {
    scenarioJobsInFlight: async () => generating.size,
    saveWithGenerationSlot: async (job: JobRow, _worker: string, patch: JobPatch, _lease: number, _note: string, limit: number) => {
      if (generating.size >= limit) return null;
      generating.add(job.id);
      taken.push(job.id);
      return { ...job, ...patch } as JobRow;
    },
  };
  const settings = { current: () => ({ worker: { leaseSeconds: 60 }, scenario: {} as { maxParallelGenerations?: number } }) };
  const strapi = {
    store: ({ key }: { key: string }) => ({ get: async () => stored.get(key) ?? null, set: async ({ value }: { value: unknown }) => void stored.set(key, value) }),
    plugin: () => ({ service: (name: string) => ({ jobs, settings })[name as 'jobs' | 'settings'] }),
    log: { info: () => undefined },
  } as unknown as Core.Strapi;
  return { slots: createSlots({ strapi }), stored, generating, taken, settings };
}

const job = (id: number, trigger = 'backfill') => ({ id, trigger, state: 'queued' }) as JobRow;
const signal = () => new AbortController().signal;
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

it('with no limit known, nothing waits and nothing is written', async () => {
  const { slots, taken } = world();
  const queued = job(1);
  expect(await slots.take(queued, 'w', signal())).toBe(queued);
  expect(taken).toEqual([]);
});

it('a stored value that is no limit (a hand edit, an older shape) is none: nothing waits', async () => {
  for (const bad of [{ limit: '2', seenAt: 'x' }, { limit: 0, seenAt: 'x' }, { limit: 2.5 }, 'two']) {
    const { slots, stored, taken } = world();
    stored.set('generation-slots', bad);
    const queued = job(1);
    expect(await slots.take(queued, 'w', signal())).toBe(queued);
    expect(taken).toEqual([]);
  }
});

it('keeps under the learned limit: the next waits until a generation ends, publishes before backfill work', async () => {
  const { slots, stored, generating, taken } = world();
  await slots.rateLimited(2);
  expect(stored.get('generation-slots')).toMatchObject({ limit: 2 });

  await slots.take(job(1), 'w', signal());
  await slots.take(job(2), 'w', signal());
  const order: number[] = [];
  const waitingBackfill = slots.take(job(3), 'w', signal()).then(() => order.push(3));
  await tick();
  const waitingPublish = slots.take(job(4, 'publish'), 'w', signal()).then(() => order.push(4));
  await tick();
  expect(taken).toEqual([1, 2]);
  expect((await slots.status()).waiting).toBe(2);

  generating.delete(1);
  slots.freed();
  await waitingPublish;
  expect(order).toEqual([4]);
  generating.delete(2);
  slots.freed();
  await waitingBackfill;
  expect(order).toEqual([4, 3]);
  expect(taken).toEqual([1, 2, 4, 3]);
});

it('a waiting submission sees a slot freed elsewhere at its next look, and stops when its lease is lost', async () => {
  const { slots, generating } = world();
  await slots.rateLimited(1);
  await slots.take(job(1), 'w', signal());
  const started = Date.now();
  const waiting = slots.take(job(2), 'w', signal());
  setTimeout(() => generating.delete(1), 50); // another instance's generation ended: no wake-up here
  await waiting;
  expect(Date.now() - started).toBeLessThan(1000);

  const controller = new AbortController();
  const stuck = slots.take(job(3), 'w', controller.signal);
  await tick();
  controller.abort();
  await expect(stuck).rejects.toBeInstanceOf(LostLeaseError);
  expect((await slots.status()).waiting).toBe(0);
});

it('probes one slot more when all are taken and no 429 came for a while; a configured limit applies until one is learned', async () => {
  const now = Date.now();
  expect(probeDue({ limit: 4, seenAt: new Date(now - 1000).toISOString() }, now)).toBe(false);
  expect(probeDue({ limit: 4, seenAt: new Date(now - PROBE_UP_AFTER_MS).toISOString() }, now)).toBe(true);

  const quiet = world();
  quiet.stored.set('generation-slots', { limit: 1, seenAt: new Date(now - PROBE_UP_AFTER_MS).toISOString() });
  await quiet.slots.take(job(1), 'w', signal());
  // The only slot is taken: the second takes a probing one at once instead of waiting.
  await quiet.slots.take(job(2), 'w', signal());
  expect(quiet.taken).toEqual([1, 2]);
  expect(quiet.stored.get('generation-slots')).toMatchObject({ limit: 2 });

  const { slots, settings, taken } = world();
  settings.current = () => ({ worker: { leaseSeconds: 60 }, scenario: { maxParallelGenerations: 1 } });
  await slots.take(job(1), 'w', signal());
  expect(taken).toEqual([1]);
  expect((await slots.status()).limit).toBe(1);
  const waiting = slots.take(job(2), 'w', signal());
  await tick();
  expect(taken).toEqual([1]);
  await slots.rateLimited(3);
  await waiting;
  expect(taken).toEqual([1, 2]);
});
