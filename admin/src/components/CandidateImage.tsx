import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import { useCandidateThumbnail } from '../hooks/queries';
import { errorMessage } from '../utils/api';
import { useT } from '../utils/useT';

/** One candidate of a generation (its thumbnail comes through the plugin's admin route: see useCandidateThumbnail). */
export function CandidateImage({ jobId, assetId, alt }: { jobId: number; assetId: string; alt: string }) {
  const t = useT();
  const thumbnail = useCandidateThumbnail(jobId, assetId);

  return (
    <Box
      background="neutral100"
      hasRadius
      overflow="hidden"
      style={{ aspectRatio: '16 / 9', width: '100%' }}
      data-testid="candidate-image"
      data-asset-id={assetId}
    >
      {thumbnail.data ? (
        <img src={thumbnail.data} alt={alt} title={alt} style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }} />
      ) : (
        <Flex justifyContent="center" alignItems="center" height="100%" padding={2}>
          {thumbnail.isError ? (
            <Typography variant="pi" textColor="danger600" title={errorMessage(thumbnail.error)}>
              {t('panel.candidates.unavailable')}
            </Typography>
          ) : (
            <Loader small>{t('common.loading')}</Loader>
          )}
        </Flex>
      )}
    </Box>
  );
}
