import { useState } from 'react';
import { Badge, Box, Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { ArrowClockwise, Check, Magic } from '@strapi/icons';
import type { PanelComponent, PanelComponentProps } from '@strapi/content-manager/strapi-admin';
import { useIntl } from 'react-intl';
import { useDocumentStatus, useIllustrationActions, useRetryJob, type IllustrationTarget } from '../hooks/queries';
import { useEditViewRefresh } from '../hooks/useEditViewRefresh';
import { useRelativeTime } from '../hooks/useRelativeTime';
import { usePermissions } from '../hooks/usePermissions';
import { backendUrl, isActive, type DocumentStatus, type JobView } from '../utils/api';
import { containsPhrase, languageName, noJobSentence, offersGenerate, shownAltTextSource, shownTranslation, shownTrigger, stateSentence, translationPairs } from '../utils/text';
import { useT } from '../utils/useT';
import { CandidateImage } from './CandidateImage';
import { JobStateBadge } from './JobStateBadge';

type EditDocument = { documentId?: string; locale?: string | null; status?: string; updatedAt?: string; publishedAt?: string | null } | undefined;

/**
 * The article the edit view shows, as the plugin's routes name it; null for an entry that is not created yet. A
 * single type's edit view has no documentId in its URL: its document has one.
 */
export function useEditViewTarget({ model, documentId, document }: Pick<PanelComponentProps, 'model' | 'documentId' | 'document'>) {
  const doc = document as EditDocument;
  const id = documentId ?? doc?.documentId;
  const target: IllustrationTarget | null = id ? { uid: model, documentId: id, locale: doc?.locale ?? null } : null;
  const version = `${doc?.status ?? ''}|${doc?.updatedAt ?? ''}|${doc?.publishedAt ?? ''}`;
  return { target, version };
}

function StatusLine({ job, canRetry, reviewWaits }: { job: JobView; canRetry: boolean; reviewWaits: boolean }) {
  const t = useT();
  const retry = useRetryJob();
  const relative = useRelativeTime();
  const running = isActive(job.state);
  const percent = Math.round(Math.max(0, Math.min(1, job.progress ?? 0)) * 100);
  const sentence = stateSentence(job, Date.now(), reviewWaits);
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="illustration-status">
      <Flex gap={2} wrap="wrap">
        <JobStateBadge state={job.state} />
        <Typography variant="pi" textColor="neutral600">
          {t(shownTrigger(job))}
        </Typography>
      </Flex>
      <Typography variant="omega">{t(sentence.key, sentence.retryAt ? { when: relative(sentence.retryAt) } : undefined)}</Typography>
      {running ? (
        <Flex gap={2}>
          <Box flex="1" background="neutral150" hasRadius height="0.6rem" overflow="hidden" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
            {/* The design system's ProgressBar is drawn for dark surfaces: this one suits the white panel. */}
            <Box background="primary600" height="100%" style={{ width: `${Math.max(percent, 3)}%`, transition: 'width 320ms ease-out' }} />
          </Box>
          <Typography variant="pi" textColor="neutral600" data-testid="illustration-progress">
            {percent}%
          </Typography>
        </Flex>
      ) : null}
      {running && job.republishedAt ? (
        <Typography variant="pi" textColor="neutral600" data-testid="illustration-republished">
          {t('panel.republished', { when: relative(job.republishedAt) })}
        </Typography>
      ) : null}
      {job.finishedAt ? (
        <Typography variant="pi" textColor="neutral600">
          {t('panel.finished', { when: relative(job.finishedAt) })}
        </Typography>
      ) : null}
      {/* An image waiting for review has its own block below, which says so; a placeholder there still says why. */}
      {job.reason && !running && (!job.awaitingReview || job.state === 'fallback') ? (
        <Box background={job.state === 'failed' ? 'danger100' : 'warning100'} hasRadius padding={3}>
          <Typography variant="pi" textColor={job.state === 'failed' ? 'danger700' : 'warning700'} data-testid="illustration-reason">
            {job.reason}
          </Typography>
        </Box>
      ) : null}
      {job.lastError && (running || job.lastError !== job.reason) ? (
        <Typography variant="pi" textColor="neutral600">
          {t('panel.lastError', { error: job.lastError })}
        </Typography>
      ) : null}
      {/* What it paid for is reused (its candidates, its Scenario job), as on the jobs page. */}
      {canRetry && (job.state === 'failed' || job.state === 'fallback') ? (
        <Flex>
          <Button size="S" variant="secondary" startIcon={<ArrowClockwise />} loading={retry.isLoading} onClick={() => retry.mutate(job)} data-testid="illustration-retry">
            {t('jobs.retry')}
          </Button>
        </Flex>
      ) : null}
    </Flex>
  );
}

/**
 * Republishes that had nothing to do: one quiet line under the real result, never in its place. One with a changed
 * text that was left as it is (replaceExisting off) says why: it is not "nothing".
 */
function SkippedLine({ skipped }: { skipped: NonNullable<DocumentStatus['skipped']> }) {
  const t = useT();
  const relative = useRelativeTime();
  if ((skipped.textChanged || skipped.rejected) && skipped.reason) {
    return (
      <Typography variant="pi" textColor="warning700" data-testid="illustration-skipped">
        {t(skipped.rejected ? 'panel.skipped.rejected' : 'panel.skipped.changed', { when: relative(skipped.lastAt), reason: skipped.reason })}
      </Typography>
    );
  }
  return (
    <Typography variant="pi" textColor="neutral500" data-testid="illustration-skipped" title={skipped.reason ?? undefined}>
      {t('panel.skipped', { count: skipped.count, when: relative(skipped.lastAt) })}
    </Typography>
  );
}

interface PanelContentProps {
  target: IllustrationTarget;
  version: string;
  collectionType: string;
  canGenerate: boolean;
}

/**
 * The panel's content subscribes to the article's status itself: live progress re-renders only this subtree, and
 * never depends on the edit view re-computing its panels.
 */
function PanelContent({ target, version, collectionType, canGenerate }: PanelContentProps) {
  const editView = useEditViewRefresh(collectionType, target.uid, target.documentId);
  // The one observer that polls the article's status (the action and the panel's visibility read the same entry).
  const { data } = useDocumentStatus(target, version, { onStatus: (status) => editView.notice(status) });
  if (!data) return null;
  // (The plugin's permission, and the content manager's on this entry: its update, and publish where the image goes live.)
  return <PanelBody status={data} target={target} stale={editView.stale} canGenerate={canGenerate && data.canChange} entryRefuses={canGenerate && !data.canChange} />;
}

interface PanelBodyProps {
  status: DocumentStatus;
  target: IllustrationTarget;
  /** The article changed under unsaved edits: the editor is asked to reload. */
  stale: boolean;
  canGenerate: boolean;
  /** The user holds the plugin's generate permission, but not the content manager's to change this entry. */
  entryRefuses: boolean;
}

function PanelBody({ status, target, stale, canGenerate, entryRefuses }: PanelBodyProps) {
  const t = useT();
  const actions = useIllustrationActions(target);
  const { latest, skipped, generation, image, published } = status;
  const running = isActive(latest?.state);
  // The keyphrases and prompt of the latest job that got that far (a placeholder job has them too).
  const used = [latest, generation].find((job) => job?.prompt) ?? null;
  const [draftPrompt, setDraftPrompt] = useState<string | null>(null);
  const prompt = draftPrompt ?? used?.prompt ?? '';
  const attachedAsset = image?.source === 'generated' ? image.assetId : null;
  // (In review mode the candidate waiting in the draft is the one chosen: no "review this one instead" on itself.)
  const waitingAsset = status.review?.image.source === 'generated' ? status.review.image.assetId : null;
  const canAct = canGenerate && published && !running && actions.busy === null;
  // One way to try again on the panel: Retry (reuses what was paid) or Regenerate (the prompt below, edited or not);
  // "Generate illustration" only where neither is offered (no job yet, or one that made no prompt).
  const retryOffered = canGenerate && !skipped?.rejected && (latest?.state === 'failed' || latest?.state === 'fallback');
  const generateOffered = canGenerate && offersGenerate(image, { running, review: Boolean(status.review), retry: retryOffered, prompt: Boolean(used?.prompt) });

  // What a new generation costs, told before the click: what the last one cost (a trial: "about 24 credits, no warning").
  const lastCost = Number(status.lastIllustrationCost ?? 0);
  const regenerateHint = lastCost > 0 ? `${t('panel.prompt.hint')} ${t('panel.prompt.lastCost', { credits: lastCost })}` : t('panel.prompt.hint');

  const regenerate = async () => {
    const edited = draftPrompt !== null && draftPrompt.trim() !== (used?.prompt ?? '').trim() ? draftPrompt.trim() : undefined;
    await actions.generate(edited);
    setDraftPrompt(null);
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} width="100%" data-testid="illustration-panel">
      {/* (A review just ended by a rejection: the warning below says it; "has its illustration" would say the opposite.) */}
      {skipped?.rejected ? null : latest ? (
        <StatusLine job={latest} canRetry={canGenerate} reviewWaits={status.review?.jobId === latest.id} />
      ) : (
        <Typography variant="omega" textColor="neutral600">
          {t(noJobSentence(published, image))}
        </Typography>
      )}
      {skipped ? <SkippedLine skipped={skipped} /> : null}
      {entryRefuses && status.participating && status.whyNotChange ? (
        <Typography variant="pi" textColor="neutral600">
          {status.whyNotChange}
        </Typography>
      ) : null}

      {stale ? (
        <Box background="warning100" hasRadius padding={3}>
          <Typography variant="pi" textColor="warning700">
            {t('panel.stale')}
          </Typography>
        </Box>
      ) : null}

      {image ? (
        <Flex direction="column" alignItems="stretch" gap={1} data-testid="illustration-attached" data-file-id={image.fileId} data-asset-id={image.assetId ?? ''}>
          <Flex justifyContent="space-between">
            <Typography variant="sigma" textColor="neutral600">
              {t('panel.attached')}
            </Typography>
            <Badge variant={image.source === 'placeholder' ? 'warning' : image.source === 'generated' ? 'success' : 'neutral'}>
              {t(`panel.source.${image.source}`)}
            </Badge>
          </Flex>
          <Box hasRadius overflow="hidden" background="neutral100">
            <img src={backendUrl(image.previewUrl)} alt={image.alternativeText ?? ''} style={{ width: '100%', display: 'block' }} />
          </Box>
          {image.alternativeText ? (
            <Typography variant="pi" textColor="neutral600" data-testid="illustration-alt">
              {t('panel.altText', { alt: image.alternativeText })}
            </Typography>
          ) : null}
        </Flex>
      ) : null}

      {status.review ? (
        <Flex direction="column" alignItems="stretch" gap={2} padding={3} hasRadius background="primary100" data-testid="illustration-review" data-file-id={status.review.image.fileId}>
          <Typography variant="sigma" textColor="primary700">
            {t('panel.review.title')}
          </Typography>
          <Typography variant="pi" textColor="primary700">
            {t(status.review.inDraft ? 'panel.review.inDraft' : 'panel.review.notAttached')}
          </Typography>
          <Box hasRadius overflow="hidden" background="neutral100">
            <img src={backendUrl(status.review.image.previewUrl)} alt={status.review.image.alternativeText ?? ''} style={{ width: '100%', display: 'block' }} />
          </Box>
          {status.review.image.alternativeText ? (
            <Typography variant="pi" textColor="neutral600">
              {t('panel.altText', { alt: status.review.image.alternativeText })}
            </Typography>
          ) : null}
          {!status.review.inDraft && canGenerate ? (
            // (A job held for the budget, which has sent nothing, does not hold it back: using the image skips that job.)
            <Button fullWidth disabled={actions.busy !== null || (running && !(latest?.state === 'queued' && latest.budgetReached))} loading={actions.busy === 'use'} onClick={() => actions.use(status.review!.jobId)}>
              {t('panel.review.use')}
            </Button>
          ) : null}
        </Flex>
      ) : null}

      {latest ?? used ? <TextHelpersBlock job={(latest ?? used)!} used={used} imageJobIds={[image?.jobId, status.review?.jobId]} /> : null}

      {generateOffered ? (
        <Button variant="secondary" startIcon={<Magic />} fullWidth disabled={!canAct} loading={actions.busy === 'generate'} onClick={() => actions.generate()}>
          {t('action.generate')}
        </Button>
      ) : null}

      {used?.keyphrases?.length ? (
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Typography variant="sigma" textColor="neutral600">
            {t('panel.keyphrases')}
          </Typography>
          <Flex gap={1} wrap="wrap" data-testid="illustration-keyphrases">
            {used.keyphrases.map((phrase, index) => {
              // The ones that made it into the prompt stand out; the others were found but left out. A translated
              // article's prompt holds their English translation.
              const inPrompt = containsPhrase(used.localPrompt ?? used.prompt ?? '', used.translatedKeyphrases?.[index] ?? phrase);
              return (
                <Badge key={phrase} active={inPrompt} title={inPrompt ? t('panel.keyphrases.used') : t('panel.keyphrases.unused')} lang={used.language ?? used.targetLocale ?? undefined}>
                  {/* As written: capitals tell a name, and Georgian or Turkish ones are no plain upper case ("İ", no Mtavruli). */}
                  <span style={{ textTransform: 'none' }}>{phrase}</span>
                </Badge>
              );
            })}
          </Flex>
        </Flex>
      ) : null}

      {used?.prompt ? (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Field.Root name="auto-illustration-prompt" hint={canGenerate ? regenerateHint : undefined}>
            <Field.Label>{t('panel.prompt')}</Field.Label>
            <Textarea dir="auto" value={prompt} disabled={!canGenerate} onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setDraftPrompt(event.target.value)} />
            <Field.Hint />
          </Field.Root>
          {canGenerate ? (
            <Button variant="secondary" startIcon={<ArrowClockwise />} fullWidth disabled={!canAct || !prompt.trim()} loading={actions.busy === 'generate'} onClick={regenerate}>
              {t('panel.regenerate')}
            </Button>
          ) : null}
        </Flex>
      ) : null}

      {generation?.candidateAssetIds?.length ? (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Typography variant="sigma" textColor="neutral600">
            {t('panel.candidates', { count: generation.candidateAssetIds.length })}
          </Typography>
          {generation.state === 'fallback' && !generation.chosenAssetId ? (
            <Typography variant="pi" textColor="neutral600" data-testid="illustration-late-candidates">
              {t('panel.candidates.late')}
            </Typography>
          ) : null}
          <Flex direction="column" alignItems="stretch" gap={3}>
            {generation.candidateAssetIds.map((assetId, index) => {
              const waiting = assetId === waitingAsset && assetId !== attachedAsset;
              const chosen = assetId === attachedAsset || waiting;
              const caption = generation.candidateCaptions?.[index] ?? '';
              return (
                <Flex key={assetId} direction="column" alignItems="stretch" gap={1} data-testid="illustration-candidate" data-asset-id={assetId} data-chosen={chosen ? 'true' : 'false'}>
                  <Box hasRadius style={{ outline: chosen ? '2px solid #4945ff' : 'none', outlineOffset: 2 }}>
                    <CandidateImage jobId={generation.id} assetId={assetId} alt={caption} />
                  </Box>
                  {chosen ? (
                    <Flex gap={1} justifyContent="center" paddingTop={1} paddingBottom={1}>
                      <Check width="1.2rem" height="1.2rem" fill="success600" />
                      <Typography variant="pi" fontWeight="bold" textColor="success600">
                        {t(waiting ? 'panel.candidates.waiting' : 'panel.candidates.attached')}
                      </Typography>
                    </Flex>
                  ) : canGenerate ? (
                    <Button size="S" variant="tertiary" fullWidth disabled={!canAct} loading={actions.busy === `choose:${assetId}`} onClick={() => actions.choose(generation.id, assetId)}>
                      {t(status.reviewMode ? 'panel.candidates.review' : 'panel.candidates.use')}
                    </Button>
                  ) : null}
                </Flex>
              );
            })}
          </Flex>
          <Typography variant="pi" textColor="neutral600">
            {t(status.reviewMode ? 'panel.candidates.hint.review' : 'panel.candidates.hint')}
          </Typography>
        </Flex>
      ) : null}
      <ReferencesUsed references={status.references ?? []} />
    </Flex>
  );
}

/** The house-style reference images the shown generation was sent (Media Library files, or their Scenario ids). */
function ReferencesUsed({ references }: { references: DocumentStatus['references'] }) {
  const t = useT();
  if (references.length === 0) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={1} data-testid="illustration-references">
      <Typography variant="sigma" textColor="neutral600">
        {t('panel.references')}
      </Typography>
      <Flex gap={2} wrap="wrap">
        {references.map((reference) => (
          <Flex key={reference.assetId ?? reference.fileId} gap={1} title={reference.assetId ?? undefined} data-asset-id={reference.assetId}>
            {reference.thumbnailUrl ? (
              <img src={backendUrl(reference.thumbnailUrl)} alt="" width={32} height={32} style={{ objectFit: 'cover', borderRadius: 4 }} />
            ) : null}
            <Typography variant="pi" textColor="neutral700">
              {reference.name ?? reference.assetId}
            </Typography>
          </Flex>
        ))}
      </Flex>
    </Flex>
  );
}

/**
 * What Scenario's text helpers did for a job: the English words the prompt was built from (original → English), the
 * local prompt when the prompt assistant wrote the one used, where the alt text came from, and why a helper was not used.
 */
function TextHelpersBlock({ job, used, imageJobIds }: { job: JobView; used: JobView | null; imageJobIds: Array<number | null | undefined> }) {
  const t = useT();
  const { locale } = useIntl();
  const source = shownAltTextSource(job, imageJobIds);
  const notes = job.helperNotes ?? [];
  const translated = shownTranslation(used);
  // The language its text was read in, where no locale says it or the locale says another one (a site on "en").
  const readAs = job.language && job.language !== job.targetLocale?.split('-')[0].toLowerCase() ? job.language : null;
  if (!translated && !used?.localPrompt && !source && notes.length === 0 && !readAs) return null;
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="illustration-helpers">
      {readAs ? (
        <Typography variant="pi" textColor="neutral600" data-testid="illustration-language" data-language={readAs}>
          {t('panel.readAs', { language: languageName(readAs, locale) })}
        </Typography>
      ) : null}
      {translated ? (
        <Flex direction="column" alignItems="stretch" gap={1} data-testid="illustration-translation">
          <Typography variant="sigma" textColor="neutral600">
            {t('panel.translation', { language: languageName(translated.language ?? '', locale) })}
          </Typography>
          {translationPairs(translated).map(([original, english], index) => (
            <Typography key={`${index}:${original}`} variant="pi" textColor={index === 0 && translated.translatedTitle ? 'neutral700' : 'neutral600'}>
              {original} → {english}
            </Typography>
          ))}
        </Flex>
      ) : null}
      {used?.localPrompt ? (
        <Flex direction="column" alignItems="stretch" gap={1} data-testid="illustration-local-prompt">
          <Typography variant="sigma" textColor="neutral600">
            {t('panel.localPrompt')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {used.localPrompt}
          </Typography>
          <Typography variant="pi" textColor="neutral500">
            {t('panel.localPrompt.hint')}
          </Typography>
        </Flex>
      ) : null}
      {source ? (
        <Typography variant="pi" textColor="neutral600" data-testid="illustration-alt-source" data-source={source}>
          {t(`panel.altSource.${source}`)}
        </Typography>
      ) : null}
      {notes.map((note) => (
        <Typography key={note} variant="pi" textColor="warning700" data-testid="illustration-helper-note">
          {note}
        </Typography>
      ))}
    </Flex>
  );
}

/** The edit view's side panel: what the plugin did for this article, and the editor's controls over it. */
export const IllustrationPanel: PanelComponent = ({ model, documentId, document, collectionType }) => {
  const t = useT();
  const permissions = usePermissions();
  const { target, version } = useEditViewTarget({ model, documentId, document });
  const visibleTarget = permissions.canReadJobs ? target : null;
  const participating = useDocumentStatus(visibleTarget, version).data?.participating;
  if (!visibleTarget || !participating) return null;
  return {
    title: t('panel.title'),
    content: <PanelContent target={visibleTarget} version={version} collectionType={collectionType} canGenerate={permissions.canGenerate} />,
  };
};
