/** The job states' pure rules: which states are still at work, the history cap, the retry back-off. */
import { ACTIVE_STATES, appendHistory, isActive, JOB_STATES, MAX_HISTORY_ENTRIES, retryDelayMs } from '../../server/src/domain/job-states';

describe('job states', () => {
  it('a job is at work until done, fallback, skipped or failed', () => {
    expect(JOB_STATES.filter(isActive)).toEqual(['queued', 'generating', 'captioning', 'attaching']);
    expect(JOB_STATES.filter((state) => !isActive(state))).toEqual(['done', 'fallback', 'skipped', 'failed']);
    expect(ACTIVE_STATES).toHaveLength(4);
  });

  it('keeps the newest history entries only', () => {
    let history = appendHistory(null, { at: 't0', state: 'queued' });
    for (let i = 1; i <= MAX_HISTORY_ENTRIES + 5; i++) history = appendHistory(history, { at: `t${i}`, state: 'generating' });
    expect(history).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(history[history.length - 1].at).toBe(`t${MAX_HISTORY_ENTRIES + 5}`);
    expect(history[0].at).toBe('t6');
  });

  it('backs off 5 s, 10 s, 20 s … up to 5 minutes', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(0)).toBe(5000);
    expect(retryDelayMs(20)).toBe(300_000);
  });
});
