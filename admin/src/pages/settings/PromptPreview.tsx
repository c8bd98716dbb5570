import { Badge, Box, Flex, Loader, Typography } from '@strapi/design-system';
import { usePromptPreview } from '../../hooks/queries';
import { useT } from '../../utils/useT';

/** The prompt a template makes for the server's sample article, refreshed as the template is typed. */
export function PromptPreview({ template, negativePrompt, testId }: { template: string; negativePrompt?: string; testId?: string }) {
  const t = useT();
  const { preview, error, loading } = usePromptPreview(template, negativePrompt);

  return (
    <Box background="neutral100" hasRadius padding={4} data-testid={testId ?? 'prompt-preview'}>
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex justifyContent="space-between" gap={2}>
          <Typography variant="sigma" textColor="neutral600">
            {preview ? t('settings.preview.title', { title: preview.sample.title }) : t('settings.preview.titleEmpty')}
          </Typography>
          {loading ? <Loader small>{t('common.loading')}</Loader> : null}
        </Flex>
        {error ? (
          <Typography variant="pi" textColor="danger600">
            {error}
          </Typography>
        ) : preview ? (
          <>
            <Typography variant="omega" data-testid="prompt-preview-text">
              {preview.prompt}
            </Typography>
            {preview.negativePrompt ? (
              <Typography variant="pi" textColor="neutral600">
                {t('settings.preview.negative', { negative: preview.negativePrompt })}
              </Typography>
            ) : null}
            {preview.usedKeyphrases.length ? (
              <Flex gap={1} wrap="wrap">
                <Typography variant="pi" textColor="neutral600">
                  {t('settings.preview.keyphrases')}
                </Typography>
                {preview.usedKeyphrases.map((phrase) => (
                  <Badge key={phrase} size="S">
                    {phrase}
                  </Badge>
                ))}
              </Flex>
            ) : null}
            {preview.references?.images.length ? (
              <Flex gap={1} wrap="wrap" data-testid="prompt-preview-references" data-sent={String(preview.references.sent)}>
                {preview.references.sent === false ? (
                  <Typography variant="pi" textColor="warning700">
                    {t('settings.preview.referencesIgnored', { count: preview.references.images.length })}
                  </Typography>
                ) : (
                  <>
                    <Typography variant="pi" textColor="neutral600">
                      {t('settings.preview.references')}
                    </Typography>
                    {preview.references.images.slice(0, preview.references.limit ?? undefined).map((image) => (
                      <Badge key={image.fileId ?? image.assetId} size="S">
                        {image.name ?? `#${image.fileId}`}
                      </Badge>
                    ))}
                  </>
                )}
              </Flex>
            ) : null}
            {preview.unknownPlaceholders.length ? (
              <Typography variant="pi" textColor="warning700">
                {t('settings.preview.unknown', { placeholders: preview.unknownPlaceholders.join(', ') })}
              </Typography>
            ) : null}
          </>
        ) : null}
      </Flex>
    </Box>
  );
}
