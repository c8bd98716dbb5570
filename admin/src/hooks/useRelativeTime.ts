import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { relativeParts } from '../utils/time';

/** A date as the admin's language says it from now: "3 minutes ago", "in 30 seconds", "now". */
export function useRelativeTime() {
  const { formatRelativeTime } = useIntl();
  return useCallback(
    (date: string | Date) => {
      const { value, unit } = relativeParts(date);
      return formatRelativeTime(value, unit, { numeric: 'auto' });
    },
    [formatRelativeTime],
  );
}
