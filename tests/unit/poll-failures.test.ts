/**
 * Work repeated every poll survives the database going away a moment: no unhandled rejection (which ends the Node
 * process: a trial's worker instance died at every PostgreSQL restart), and one log line while it lasts.
 */
import type { Core } from '@strapi/strapi';
import { setTimeout as sleep } from 'node:timers/promises';
import createBackfills from '../../server/src/services/backfill';
import { failureLog } from '../../server/src/utils/failure-log';

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

describe('the failure log', () => {
  it('says a failure again when its message changes, and every ten minutes while it lasts', () => {
    const { strapi, log } = fakeStrapi(() => Promise.resolve([]));
    const failures = failureLog(strapi);
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      failures.failed('look for jobs', new Error('connect ECONNREFUSED'));
      failures.failed('look for jobs', new Error('connect ECONNREFUSED'));
      failures.failed('look for jobs', new Error('relation "jobs" does not exist'));
      failures.failed('look for jobs', new Error('relation "jobs" does not exist'));
      expect(log.error).toHaveBeenCalledTimes(2);
      now.mockReturnValue(1_000_000 + 11 * 60_000);
      failures.failed('look for jobs', new Error('relation "jobs" does not exist'));
      expect(log.error).toHaveBeenCalledTimes(3);
      expect(log.error.mock.calls[2][0]).toMatch(/could not look for jobs \(still\): relation/);
    } finally {
      now.mockRestore();
    }
  });
});
