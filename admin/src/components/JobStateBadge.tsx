import { Badge } from '@strapi/design-system';
import type { JobState } from '../utils/api';
import { useT } from '../utils/useT';

const VARIANTS: Record<JobState, 'success' | 'primary' | 'danger' | 'warning' | 'neutral' | 'secondary'> = {
  queued: 'secondary',
  generating: 'primary',
  captioning: 'primary',
  attaching: 'primary',
  done: 'success',
  fallback: 'warning',
  skipped: 'neutral',
  failed: 'danger',
};

export function JobStateBadge({ state }: { state: JobState }) {
  const t = useT();
  return (
    <Badge variant={VARIANTS[state] ?? 'neutral'} data-job-state={state}>
      {t(`state.${state}`)}
    </Badge>
  );
}
