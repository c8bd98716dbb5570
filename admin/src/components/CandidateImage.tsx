import { useEffect, useState } from 'react';
import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { apiPath, errorMessage } from '../utils/api';
import { useT } from '../utils/useT';

/**
 * One candidate of a generation. The bytes come through the plugin's admin route (behind the admin session), which
 * fetches a fresh signed URL from Scenario on the server: the browser never sees a Scenario credential.
 */
export function CandidateImage({ jobId, assetId, alt }: { jobId: number; assetId: string; alt: string }) {
  const { get } = useFetchClient();
  const t = useT();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let objectUrl: string | null = null;
    let cancelled = false;
    setUrl(null);
    setError(null);
    get(apiPath(`/jobs/${jobId}/candidates/${encodeURIComponent(assetId)}/thumbnail`), { responseType: 'blob' })
      .then(({ data }) => {
        if (cancelled) return;
        objectUrl = URL.createObjectURL(data);
        setUrl(objectUrl);
      })
      .catch((failure) => !cancelled && setError(errorMessage(failure)));
    return () => {
      cancelled = true;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [get, jobId, assetId]);

  return (
    <Box
      background="neutral100"
      hasRadius
      overflow="hidden"
      style={{ aspectRatio: '16 / 9', width: '100%' }}
      data-testid="candidate-image"
      data-asset-id={assetId}
    >
      {url ? (
        <img src={url} alt={alt} title={alt} style={{ width: '100%', height: '100%', objectFit: 'cover', display: 'block' }} />
      ) : (
        <Flex justifyContent="center" alignItems="center" height="100%" padding={2}>
          {error ? (
            <Typography variant="pi" textColor="danger600" title={error}>
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
