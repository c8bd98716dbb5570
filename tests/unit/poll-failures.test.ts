/**
 * Work repeated every poll survives the database going away a moment: no unhandled rejection (which ends the Node
 * process: a trial's worker instance died at every PostgreSQL restart), and one log line while it lasts.
 */
import type { Core } from '@strapi/strapi';
import { setTimeout as sleep } from 'node:timers/promises';
import createBackfills from '../../server/src/services/backfill';

function fakeStrapi(findMany: () => Promise<unknown>) {
  const log = { error: jest.fn(), warn: jest.fn(), info: jest.fn() };
  const settings = { current: () => ({ worker: { enabled: true, pollIntervalMs: 20 } }) };
  const strapi = {
    log,
    db: { query: () => ({ findMany }) },
    plugin: () => ({ service: (name: string) => (name === 'settings' ? settings : {}) }),
  } as unknown as Core.Strapi;
  return { strapi, log };
}

describe('the backfill pump, from the worker clock', () => {
  it('logs a database outage once, and its end, never rejecting out of the timer', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    let down = true;
    const { strapi, log } = fakeStrapi(() => (down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')) : Promise.resolve([])));
    const backfills = createBackfills({ strapi });
    try {
      backfills.startPumping();
      await sleep(150);
      expect(log.error).toHaveBeenCalledTimes(1);
      expect(log.error.mock.calls[0][0]).toMatch(/could not look for running backfills: connect ECONNREFUSED.*logged once/);
      down = false;
      await sleep(100);
      expect(log.info).toHaveBeenCalledWith(expect.stringMatching(/could look for running backfills again/));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      await backfills.stopPumping();
      process.off('unhandledRejection', unhandled);
    }
  });
});
