import { useState } from 'react';
import {
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Flex,
  Grid,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Cross, Magic, Play } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { JobStateBadge } from '../components/JobStateBadge';
import { Section } from '../components/Section';
import { useBackfill, useBackfillActions, useBackfillQuote, useBackfills, type BackfillRequest } from '../hooks/queries';
import { useRelativeTime } from '../hooks/useRelativeTime';
import { PERMISSIONS } from '../permissions';
import { editViewPath, errorMessage, fieldErrors, type BackfillList, type BackfillQuote, type BackfillSelection, type BackfillView, type JobView } from '../utils/api';
import { useT, type TranslationKey } from '../utils/useT';
import { FormField } from './settings/form';

const SELECTIONS: BackfillSelection[] = ['missing', 'placeholder', 'all'];

const STATE_BADGES: Record<BackfillView['state'], 'secondary' | 'warning' | 'success' | 'neutral'> = {
  running: 'secondary',
  paused: 'warning',
  done: 'success',
  cancelled: 'neutral',
};

/** Pick a content type, locales, which articles and dates; see the quote; start. */
function BackfillForm({ options, onStarted }: { options: Pick<BackfillList, 'contentTypes' | 'locales'>; onStarted: (id: number) => void }) {
  const t = useT();
  const { formatNumber } = useIntl();
  const [request, setRequest] = useState<BackfillRequest>({ contentType: options.contentTypes[0]?.uid ?? '', select: 'missing' });
  const quote = useBackfillQuote();
  const { start } = useBackfillActions();
  const contentType = options.contentTypes.find((type) => type.uid === request.contentType);
  const errors = { ...fieldErrors(quote.error), ...fieldErrors(start.error) };
  const change = (patch: Partial<BackfillRequest>) => {
    setRequest((current) => ({ ...current, ...patch }));
    quote.reset();
  };
  // Every change of the selection asks for a fresh quote: it is what the editor signs off.
  const body = (): BackfillRequest => ({
    contentType: request.contentType,
    select: request.select,
    ...(contentType?.localized && request.locales?.length ? { locales: request.locales } : {}),
    ...(request.publishedFrom ? { publishedFrom: request.publishedFrom } : {}),
    ...(request.publishedTo ? { publishedTo: request.publishedTo } : {}),
  });
  const answer: BackfillQuote | undefined = quote.data;
  const left = answer?.budgetLeft ?? null;
  const credits = (value: number | null) => (value === null ? '—' : formatNumber(value, { maximumFractionDigits: 2 }));

  return (
    <Section title={t('backfill.form.title')} description={t('backfill.form.description')}>
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <FormField name="contentType" label={t('backfill.contentType')} error={errors.contentType}>
            <SingleSelect value={request.contentType} onChange={(value: string | number) => change({ contentType: String(value), locales: undefined })}>
              {options.contentTypes.map((type) => (
                <SingleSelectOption key={type.uid} value={type.uid}>
                  {type.displayName}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </FormField>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <FormField name="locales" label={t('backfill.locales')} hint={t('backfill.locales.hint')} error={errors.locales}>
            <MultiSelect
              disabled={!contentType?.localized}
              value={request.locales ?? []}
              placeholder={contentType?.localized ? t('backfill.locales.all') : t('backfill.locales.none')}
              onChange={(values: string[]) => change({ locales: values })}
              withTags
            >
              {options.locales.map((locale) => (
                <MultiSelectOption key={locale.code} value={locale.code}>
                  {locale.name}
                </MultiSelectOption>
              ))}
            </MultiSelect>
          </FormField>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <FormField
            name="select"
            label={t('backfill.select')}
            hint={request.select === 'all' && !contentType?.replaceExisting ? t('backfill.select.all.keeps') : undefined}
            error={errors.select}
          >
            <SingleSelect value={request.select} onChange={(value: string | number) => change({ select: value as BackfillSelection })}>
              {SELECTIONS.map((select) => (
                <SingleSelectOption key={select} value={select}>
                  {t(`backfill.select.${select}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </FormField>
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <FormField name="publishedFrom" label={t('backfill.publishedFrom')} error={errors.publishedFrom}>
            <TextInput type="date" value={request.publishedFrom ?? ''} onChange={(event: React.ChangeEvent<HTMLInputElement>) => change({ publishedFrom: event.target.value || undefined })} />
          </FormField>
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <FormField name="publishedTo" label={t('backfill.publishedTo')} error={errors.publishedTo}>
            <TextInput type="date" value={request.publishedTo ?? ''} onChange={(event: React.ChangeEvent<HTMLInputElement>) => change({ publishedTo: event.target.value || undefined })} />
          </FormField>
        </Grid.Item>
      </Grid.Root>

      <Flex gap={4} alignItems="center" wrap="wrap">
        <Button variant="secondary" loading={quote.isLoading} disabled={!request.contentType} onClick={() => quote.mutate(body())}>
          {t('backfill.quote')}
        </Button>
        {answer ? (
          <Flex gap={5} data-testid="backfill-quote" wrap="wrap">
            <Typography>
              {t('backfill.quote.matched', { count: answer.matched })}
              {answer.documents < answer.matched ? ` ${t('backfill.quote.documents', { count: answer.documents })}` : ''}
            </Typography>
            <Typography textColor="neutral600">{t('backfill.quote.perArticle', { credits: credits(answer.creditsPerArticle) })}</Typography>
            <Typography fontWeight="bold">{t('backfill.quote.total', { credits: credits(answer.quotedCredits) })}</Typography>
            <Typography textColor={left !== null && answer.quotedCredits !== null && answer.quotedCredits > left ? 'danger600' : 'neutral600'}>
              {left === null ? t('backfill.quote.noCap') : t('backfill.quote.budgetLeft', { credits: credits(left) })}
            </Typography>
            {answer.reason ? <Typography textColor="warning600">{answer.reason}</Typography> : null}
          </Flex>
        ) : quote.isError && !Object.keys(errors).length ? (
          <Typography textColor="danger600">{errorMessage(quote.error)}</Typography>
        ) : null}
        <Box marginLeft="auto">
          <Button
            startIcon={<Magic />}
            disabled={!answer || answer.matched === 0}
            loading={start.isLoading}
            onClick={() =>
              start.mutate(body(), {
                onSuccess: (backfill) => {
                  quote.reset();
                  onStarted(backfill.id);
                },
              })
            }
          >
            {answer ? t('backfill.start', { count: answer.matched }) : t('backfill.start.unquoted')}
          </Button>
        </Box>
      </Flex>
    </Section>
  );
}

/** One backfill: its state, progress and counts, its controls, and (when opened) its latest jobs. */
function BackfillCard({ backfill, displayName, open, onOpen }: { backfill: BackfillView; displayName: string; open: boolean; onOpen: () => void }) {
  const t = useT();
  const { formatNumber } = useIntl();
  const { change, busy } = useBackfillActions();
  const detail = useBackfill(open ? backfill.id : null);
  const shown = open && detail.data ? detail.data : backfill;
  const finished = shown.done + shown.placeholder + shown.failed + shown.skipped;
  const percent = shown.matched ? Math.min(100, Math.round((finished / shown.matched) * 100)) : 100;
  const act = (action: 'pause' | 'resume' | 'cancel') => change.mutate({ id: backfill.id, action });
  // "in 5 minutes", in the admin's language.
  const relative = useRelativeTime();
  const eta = (seconds: number) => relative(new Date(Date.now() + seconds * 1000));
  const counts: Array<[TranslationKey, number | string]> = [
    ['backfill.count.matched', shown.matched],
    ['backfill.count.queued', shown.queued],
    ['backfill.count.done', shown.done],
    ['backfill.count.placeholder', shown.placeholder],
    ['backfill.count.failed', shown.failed],
    ['backfill.count.credits', formatNumber(shown.creditsSpent, { maximumFractionDigits: 2 })],
    ['backfill.count.rate', formatNumber(shown.ratePerMinute, { maximumFractionDigits: 1 })],
    ['backfill.count.eta', shown.etaSeconds === null ? '—' : eta(shown.etaSeconds)],
  ];

  return (
    <Box background="neutral0" hasRadius shadow="filterShadow" padding={5} data-testid="backfill" data-backfill-id={backfill.id} data-state={shown.state}>
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between" gap={3} wrap="wrap">
          <Flex gap={3}>
            <Typography variant="delta" tag="h3">
              {`${displayName} · ${t(`backfill.select.${shown.select}`)}${shown.locales?.length ? ` · ${shown.locales.join(', ')}` : ''}`}
            </Typography>
            <Badge variant={STATE_BADGES[shown.state]} data-testid="backfill-state">
              {t(`backfill.state.${shown.state}`)}
            </Badge>
            <Typography variant="pi" textColor="neutral600">{`#${shown.id}`}</Typography>
          </Flex>
          <Flex gap={2}>
            {shown.state === 'running' ? (
              <Button size="S" variant="secondary" loading={busy === `pause:${backfill.id}`} onClick={() => act('pause')}>
                {t('backfill.pause')}
              </Button>
            ) : null}
            {shown.state === 'paused' ? (
              <Button size="S" variant="secondary" startIcon={<Play />} loading={busy === `resume:${backfill.id}`} onClick={() => act('resume')}>
                {t('backfill.resume')}
              </Button>
            ) : null}
            {shown.state === 'running' || shown.state === 'paused' ? (
              <Button size="S" variant="danger-light" startIcon={<Cross />} loading={busy === `cancel:${backfill.id}`} onClick={() => act('cancel')}>
                {t('backfill.cancel')}
              </Button>
            ) : null}
            <Button size="S" variant="tertiary" onClick={onOpen}>
              {open ? t('backfill.hideJobs') : t('backfill.showJobs')}
            </Button>
          </Flex>
        </Flex>
        {shown.pausedReason ? <Typography textColor="warning600">{shown.pausedReason}</Typography> : null}
        <Flex gap={3}>
          {/* The design system's ProgressBar has a fixed small width: this one spans the card. */}
          <Box
            background="neutral150"
            hasRadius
            style={{ flex: 1, height: 8, overflow: 'hidden' }}
            role="progressbar"
            aria-label={t('backfill.progress')}
            aria-valuenow={percent}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <Box background={shown.state === 'paused' ? 'warning500' : 'primary600'} style={{ width: `${percent}%`, height: '100%', transition: 'width 0.5s' }} />
          </Box>
          <Typography variant="pi" data-testid="backfill-percent">{`${percent}%`}</Typography>
        </Flex>
        <Flex gap={5} wrap="wrap" data-testid="backfill-counts">
          {counts.map(([key, value]) => (
            <Flex key={key} direction="column" alignItems="flex-start">
              <Typography variant="sigma" textColor="neutral600">{t(key)}</Typography>
              <Typography fontWeight="semiBold" data-count={key}>{value}</Typography>
            </Flex>
          ))}
        </Flex>
        {open && detail.data ? <BackfillJobs jobs={detail.data.jobs} /> : null}
      </Flex>
    </Box>
  );
}

function BackfillJobs({ jobs }: { jobs: JobView[] }) {
  const t = useT();
  if (!jobs.length) return <Typography textColor="neutral600">{t('backfill.noJobs')}</Typography>;
  return (
    <Table colCount={3} rowCount={jobs.length + 1}>
      <Thead>
        <Tr>
          {(['article', 'state', 'error'] as const).map((column) => (
            <Th key={column}>
              <Typography variant="sigma">{t(`jobs.column.${column}`)}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {jobs.map((job) => (
          <Tr key={job.id} data-testid="job-row" data-job-id={job.id} data-state={job.state}>
            <Td style={{ maxWidth: 360 }}>
              <Link to={editViewPath(job)} style={{ textDecoration: 'none' }}>
                <Typography ellipsis fontWeight="semiBold" style={{ maxWidth: 340, display: 'block' }}>
                  {job.title ?? job.targetDocumentId}
                </Typography>
              </Link>
              <Typography variant="pi" textColor="neutral600">{`${job.targetLocale ? `${job.targetLocale} · ` : ''}#${job.id}`}</Typography>
            </Td>
            <Td>
              <Flex gap={2}>
                <JobStateBadge state={job.state} />
                {job.held ? (
                  <Typography variant="pi" textColor="neutral600">
                    {t('backfill.held')}
                  </Typography>
                ) : null}
              </Flex>
            </Td>
            <Td style={{ maxWidth: 320 }}>
              <Typography variant="pi" ellipsis style={{ maxWidth: 300, display: 'block' }}>
                {job.reason ?? job.lastError ?? '—'}
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

function Backfills() {
  const t = useT();
  const backfills = useBackfills();
  // Until the editor opens or closes one, the newest running backfill is open: its jobs are what the editor watches.
  const [chosen, setOpen] = useState<number | null>();
  const list = backfills.data;
  const open = chosen !== undefined ? chosen : list?.results[0]?.state === 'running' ? list.results[0].id : null;

  return (
    <>
      <Layouts.Header title={t('backfill.title')} subtitle={t('backfill.subtitle')} />
      <Layouts.Content>
        {backfills.isError ? (
          <Typography textColor="danger600">{errorMessage(backfills.error)}</Typography>
        ) : !list ? (
          <Page.Loading />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={6}>
            {list.contentTypes.length ? (
              <BackfillForm options={list} onStarted={setOpen} />
            ) : (
              <EmptyStateLayout content={t('backfill.noContentTypes')} />
            )}
            {list.results.map((backfill) => (
              <BackfillCard
                key={backfill.id}
                backfill={backfill}
                displayName={list.contentTypes.find((type) => type.uid === backfill.contentType)?.displayName ?? backfill.contentType}
                open={open === backfill.id}
                onOpen={() => setOpen(open === backfill.id ? null : backfill.id)}
              />
            ))}
          </Flex>
        )}
      </Layouts.Content>
    </>
  );
}

const BackfillPage = () => {
  const t = useT();
  return (
    <Page.Main>
      <Page.Title>{t('backfill.title')}</Page.Title>
      <Page.Protect permissions={PERMISSIONS.backfill}>
        <Backfills />
      </Page.Protect>
    </Page.Main>
  );
};

export default BackfillPage;
