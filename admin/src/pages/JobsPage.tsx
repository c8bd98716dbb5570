import { useState } from 'react';
import {
  Badge,
  Button,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tooltip,
  Tr,
  Typography,
  EmptyStateLayout,
} from '@strapi/design-system';
import { ArrowClockwise, ArrowLeft, ArrowRight } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { JobStateBadge } from '../components/JobStateBadge';
import { useJobList, useRetryJob } from '../hooks/queries';
import { usePermissions } from '../hooks/usePermissions';
import { useRelativeTime } from '../hooks/useRelativeTime';
import { PERMISSIONS } from '../permissions';
import { editViewPath, errorMessage, isActive, type JobState } from '../utils/api';
import { shownJobReason, shownTrigger } from '../utils/text';
import { useT } from '../utils/useT';

const PAGE_SIZE = 20;

/** The filter: groups of job states, or images waiting for an editor's review. */
const FILTERS = {
  all: { states: [] },
  running: { states: ['queued', 'generating', 'captioning', 'attaching'] },
  attention: { states: ['failed', 'fallback'] },
  review: { states: [], review: true },
  done: { states: ['done'] },
  fallback: { states: ['fallback'] },
  failed: { states: ['failed'] },
  skipped: { states: ['skipped'] },
} satisfies Record<string, { states: JobState[]; review?: boolean }>;
type Filter = keyof typeof FILTERS;
const FILTER_NAMES = Object.keys(FILTERS) as Filter[];

function JobsTable() {
  const t = useT();
  const { formatNumber } = useIntl();
  const { canGenerate } = usePermissions();
  const [filter, setFilter] = useState<Filter>('all');
  const [offset, setOffset] = useState(0);
  // Running jobs keep moving on screen: the list is polled while any is at work.
  const shown: { states: JobState[]; review?: boolean } = FILTERS[filter];
  const jobs = useJobList(shown.states, offset, PAGE_SIZE, shown.review);
  const list = jobs.data;
  const retry = useRetryJob();
  const retrying = retry.isLoading ? retry.variables?.id : null;

  const age = useRelativeTime();

  return (
    <>
      <Layouts.Header
        title={t('jobs.title')}
        subtitle={t('jobs.subtitle')}
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={() => void jobs.refetch()}>
            {t('jobs.refresh')}
          </Button>
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            <SingleSelect
              aria-label={t('jobs.filter')}
              size="S"
              value={filter}
              onChange={(value: string | number) => {
                setFilter(String(value) as Filter);
                setOffset(0);
              }}
            >
              {FILTER_NAMES.map((key) => (
                <SingleSelectOption key={key} value={key}>
                  {t(`jobs.filter.${key}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Flex>
        }
      />
      <Layouts.Content>
        {jobs.isError ? (
          <Typography textColor="danger600">{errorMessage(jobs.error)}</Typography>
        ) : !list ? (
          <Page.Loading />
        ) : list.results.length === 0 ? (
          <EmptyStateLayout content={t('jobs.empty')} />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={7} rowCount={list.results.length + 1}>
              <Thead>
                <Tr>
                  {(['article', 'state', 'model', 'credits', 'age', 'error'] as const).map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{t(`jobs.column.${column}`)}</Typography>
                    </Th>
                  ))}
                  <Th>
                    <Typography variant="sigma">{t('jobs.column.actions')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {list.results.map((job, index) => {
                  // Only an article's latest job on the page can be retried (an older one was superseded).
                  const latestOfTarget = !list.results
                    .slice(0, index)
                    .some((other) => other.targetUid === job.targetUid && other.targetDocumentId === job.targetDocumentId && other.targetLocale === job.targetLocale);
                  const error = shownJobReason(job, isActive(job.state));
                  return (
                    <Tr key={job.id} data-testid="job-row" data-job-id={job.id} data-state={job.state}>
                      <Td style={{ maxWidth: 320 }}>
                        <Flex direction="column" alignItems="flex-start">
                          <Link to={editViewPath(job)} style={{ textDecoration: 'none' }}>
                            <Typography ellipsis fontWeight="semiBold" style={{ maxWidth: 300, display: 'block' }}>
                              {job.title ?? job.targetDocumentId}
                            </Typography>
                          </Link>
                          <Typography variant="pi" textColor="neutral600">
                            {`${job.contentType.displayName}${job.targetLocale ? ` · ${job.targetLocale}` : ''} · #${job.id}`}
                          </Typography>
                        </Flex>
                      </Td>
                      <Td>
                        <Flex direction="column" alignItems="flex-start" gap={1}>
                          <Flex gap={2}>
                            <JobStateBadge state={job.state} />
                            {job.budgetReached ? <Badge data-testid="job-budget-reached">{t('jobs.budgetReached')}</Badge> : null}
                            {isActive(job.state) ? (
                              <Typography variant="pi" textColor="neutral600">{`${Math.round((job.progress ?? 0) * 100)}%`}</Typography>
                            ) : null}
                          </Flex>
                          <Typography variant="pi" textColor="neutral600">
                            {t(shownTrigger(job))}
                          </Typography>
                        </Flex>
                      </Td>
                      <Td style={{ maxWidth: 220 }}>
                        <Typography variant="pi" ellipsis style={{ maxWidth: 210, display: 'block' }} title={job.model ?? ''}>
                          {job.model ?? '—'}
                        </Typography>
                      </Td>
                      <Td>
                        <Typography variant="pi">{job.creditsSpent === null ? '—' : formatNumber(job.creditsSpent, { maximumFractionDigits: 2 })}</Typography>
                      </Td>
                      <Td>
                        <Typography variant="pi" title={new Date(job.createdAt).toLocaleString()}>
                          {age(job.createdAt)}
                        </Typography>
                      </Td>
                      <Td style={{ maxWidth: 320 }}>
                        {error ? (
                          <Tooltip label={error}>
                            <Typography variant="pi" textColor={job.state === 'failed' ? 'danger600' : 'neutral800'} ellipsis style={{ maxWidth: 300, display: 'block' }}>
                              {error}
                            </Typography>
                          </Tooltip>
                        ) : (
                          <Typography variant="pi" textColor="neutral500">
                            —
                          </Typography>
                        )}
                      </Td>
                      <Td>
                        {canGenerate && job.canChange !== false && latestOfTarget && (job.state === 'failed' || job.state === 'fallback') ? (
                          <Button size="S" variant="secondary" startIcon={<ArrowClockwise />} loading={retrying === job.id} onClick={() => retry.mutate(job)}>
                            {t('jobs.retry')}
                          </Button>
                        ) : null}
                      </Td>
                    </Tr>
                  );
                })}
              </Tbody>
            </Table>
            <Flex justifyContent="flex-end" gap={2}>
              <Typography variant="pi" textColor="neutral600">
                {t('jobs.range', { from: offset + 1, to: offset + list.results.length })}
              </Typography>
              <IconButton label={t('jobs.previous')} disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
                <ArrowLeft />
              </IconButton>
              <IconButton label={t('jobs.next')} disabled={!list.pagination.hasMore} onClick={() => setOffset(offset + PAGE_SIZE)}>
                <ArrowRight />
              </IconButton>
            </Flex>
          </Flex>
        )}
      </Layouts.Content>
    </>
  );
}

const JobsPage = () => {
  const t = useT();
  return (
    <Page.Main>
      <Page.Title>{t('jobs.title')}</Page.Title>
      <Page.Protect permissions={PERMISSIONS.jobsRead}>
        <JobsTable />
      </Page.Protect>
    </Page.Main>
  );
};

export default JobsPage;
