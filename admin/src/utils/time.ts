/** The largest whole unit for a relative time ("3 minutes ago"), for react-intl's formatRelativeTime. */
export function relativeParts(date: string | Date, now = Date.now()): { value: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  const seconds = Math.round((new Date(date).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return { value: seconds, unit: 'second' };
  if (abs < 3600) return { value: Math.round(seconds / 60), unit: 'minute' };
  if (abs < 86400) return { value: Math.round(seconds / 3600), unit: 'hour' };
  return { value: Math.round(seconds / 86400), unit: 'day' };
}
