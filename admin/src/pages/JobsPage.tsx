import { useCallback, useEffect, useState } from 'react';
import {
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
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { JobStateBadge } from '../components/JobStateBadge';
import { usePermissions } from '../hooks/usePermissions';
import { PERMISSIONS } from '../permissions';
import { apiPath, errorMessage, isActive, type Job, type JobList, type JobState } from '../utils/api';
import { relativeParts } from '../utils/time';
import { useT, type TranslationKey } from '../utils/useT';

const PAGE_SIZE = 20;
const REFRESH_MS = 3000;

/** The state filter: groups of job states. */
const FILTERS: Record<string, JobState[]> = {
  all: [],
  running: ['queued', 'generating', 'captioning', 'attaching'],
  attention: ['failed', 'fallback'],
  done: ['done'],
  fallback: ['fallback'],
  failed: ['failed'],
  skipped: ['skipped'],
};

/** The content manager's edit view of the job's article. */
function editViewPath(job: Job) {
  const kind = job.contentType.kind === 'singleType' ? 'single-types' : 'collection-types';
  const base = `/content-manager/${kind}/${job.targetUid}${kind === 'collection-types' ? `/${job.targetDocumentId}` : ''}`;
  return job.targetLocale ? `${base}?plugins[i18n][locale]=${encodeURIComponent(job.targetLocale)}` : base;
}

function JobsTable() {
  const t = useT();
  const { formatRelativeTime, formatNumber } = useIntl();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { canGenerate } = usePermissions();
  const [filter, setFilter] = useState('all');
  const [offset, setOffset] = useState(0);
  const [list, setList] = useState<JobList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const states = FILTERS[filter];
      const { data } = await get<JobList>(apiPath('/jobs'), {
        params: { limit: PAGE_SIZE, offset, ...(states.length ? { state: states.join(',') } : {}) },
      });
      setList(data);
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }, [get, filter, offset]);

  useEffect(() => {
    void load();
  }, [load]);

  // Keeps running jobs moving on screen.
  const anyRunning = list?.results.some((job) => isActive(job.state)) ?? false;
  useEffect(() => {
    if (!anyRunning) return;
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [anyRunning, load]);

  const retry = async (job: Job) => {
    setRetrying(job.id);
    try {
      await post(apiPath(`/jobs/${job.id}/retry`));
      toggleNotification({ type: 'success', message: t('jobs.retried', { title: job.title ?? job.targetDocumentId }) });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setRetrying(null);
      await load();
    }
  };

  const age = (date: string) => {
    const { value, unit } = relativeParts(date);
    return formatRelativeTime(value, unit, { numeric: 'auto' });
  };

  return (
    <>
      <Layouts.Header
        title={t('jobs.title')}
        subtitle={t('jobs.subtitle')}
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={() => void load()}>
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
                setFilter(String(value));
                setOffset(0);
              }}
            >
              {Object.keys(FILTERS).map((key) => (
                <SingleSelectOption key={key} value={key}>
                  {t(`jobs.filter.${key}` as TranslationKey)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Flex>
        }
      />
      <Layouts.Content>
        {loadError ? (
          <Typography textColor="danger600">{loadError}</Typography>
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
                  const error = job.state === 'failed' || job.state === 'fallback' ? (job.reason ?? job.lastError) : isActive(job.state) ? job.lastError : null;
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
                            {isActive(job.state) ? (
                              <Typography variant="pi" textColor="neutral600">{`${Math.round((job.progress ?? 0) * 100)}%`}</Typography>
                            ) : null}
                          </Flex>
                          <Typography variant="pi" textColor="neutral600">
                            {t(`trigger.${job.trigger}` as TranslationKey)}
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
                        {canGenerate && latestOfTarget && (job.state === 'failed' || job.state === 'fallback') ? (
                          <Button size="S" variant="secondary" startIcon={<ArrowClockwise />} loading={retrying === job.id} onClick={() => retry(job)}>
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
