/** The budget's calendar (UTC months and days) and the reason a job carries when a cap stopped it. */
import { budgetReachedReason, isBudgetReason, nextPeriodStart, periodKey } from '../../server/src/domain/budget';

it('names UTC periods, whatever the offset the instant was written with', () => {
  const at = new Date('2026-12-31T23:30:00-02:00');
  expect(periodKey('month', at)).toBe('month:2027-01');
  expect(periodKey('day', at)).toBe('day:2027-01-01');
});

it('the next period starts at midnight UTC: next day, next month, across a year and a leap day', () => {
  expect(nextPeriodStart('day', new Date('2026-12-31T23:59:59Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  expect(nextPeriodStart('month', new Date('2026-12-03T10:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  expect(nextPeriodStart('day', new Date('2028-02-28T12:00:00Z')).toISOString()).toBe('2028-02-29T00:00:00.000Z');
  expect(nextPeriodStart('month', new Date('2028-02-29T00:00:00Z')).toISOString()).toBe('2028-03-01T00:00:00.000Z');
});

it('says which cap and until when, in words the admin recognises', () => {
  const reason = budgetReachedReason('day', 25, new Date('2026-12-04T00:00:00Z'));
  expect(reason).toBe('Budget reached: the daily cap of 25 credits is used up until 2026-12-04 00:00 UTC.');
  expect(isBudgetReason(reason)).toBe(true);
  expect(isBudgetReason(`${reason} A placeholder is shown meanwhile.`)).toBe(true);
  expect(isBudgetReason('The image is late; a placeholder is shown until it arrives.')).toBe(false);
  expect(isBudgetReason(null)).toBe(false);
});
