import { Badge, Box, Button, Flex, Grid, Typography } from '@strapi/design-system';
import { Section } from '../../components/Section';
import { useTestConnection } from '../../hooks/queries';
import { errorMessage, type ConnectionTest, type SettingsView } from '../../utils/api';
import { useT } from '../../utils/useT';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      {children}
    </Flex>
  );
}

/** Whether the account's images would pass the download allow-list (a refusal would cost every generation). */
function DownloadCheck({ download }: { download: Extract<ConnectionTest, { ok: true }>['download'] }) {
  const t = useT();
  const refused = download.state === 'refused';
  const text =
    download.state === 'allowed'
      ? t('settings.connection.download.allowed', { host: download.host ?? '' })
      : refused
        ? download.reason
          ? t('settings.connection.download.refusedWhy', { host: download.host ?? '', reason: download.reason })
          : t('settings.connection.download.refused', { host: download.host ?? '' })
        : download.state === 'no-asset'
          ? t('settings.connection.download.noAsset')
          : t('settings.connection.download.unknown', { reason: download.reason ?? '' });
  return (
    <Box background={refused ? 'danger100' : download.state === 'allowed' ? 'success100' : 'neutral150'} hasRadius padding={3} data-testid="connection-download" data-state={download.state}>
      <Typography variant="omega" textColor={refused ? 'danger700' : download.state === 'allowed' ? 'success700' : 'neutral700'}>
        {text}
      </Typography>
    </Box>
  );
}

/** Whether the key and secret are set (never their values), where the plugin connects, and a live test. */
export function ConnectionSection({ connection }: { connection: SettingsView['connection'] }) {
  const t = useT();
  const test = useTestConnection();
  // The request itself failing reads as a failed test.
  const result: { ok: boolean; elapsedMs?: number; error?: string } | null = test.isError ? { ok: false, error: errorMessage(test.error) } : (test.data ?? null);

  const present = (yes: boolean) => (
    <Badge variant={yes ? 'success' : 'danger'}>{yes ? t('settings.connection.present') : t('settings.connection.missing')}</Badge>
  );

  return (
    <Section
      title={t('settings.connection.title')}
      description={t('settings.connection.description')}
      action={
        <Button variant="secondary" onClick={() => test.mutate()} loading={test.isLoading}>
          {t('settings.connection.test')}
        </Button>
      }
    >
      <Grid.Root gap={4} gridCols={12}>
        <Grid.Item col={2} s={6} xs={12}>
          <Row label={t('settings.connection.apiKey')}>{present(connection.hasApiKey)}</Row>
        </Grid.Item>
        <Grid.Item col={2} s={6} xs={12}>
          <Row label={t('settings.connection.apiSecret')}>{present(connection.hasApiSecret)}</Row>
        </Grid.Item>
        <Grid.Item col={5} s={12}>
          <Row label={t('settings.connection.baseUrl')}>
            <Typography variant="omega" style={{ fontFamily: "monospace" }} data-testid="connection-base-url">
              {connection.baseUrl}
            </Typography>
          </Row>
        </Grid.Item>
        <Grid.Item col={3} s={12}>
          <Row label={t('settings.connection.project')}>
            <Typography variant="omega">{connection.projectId ?? t('settings.connection.noProject')}</Typography>
          </Row>
        </Grid.Item>
      </Grid.Root>
      {result ? (
        <Box background={result.ok ? 'success100' : 'danger100'} hasRadius padding={3} data-testid="connection-result" data-ok={result.ok ? 'true' : 'false'}>
          <Typography variant="omega" textColor={result.ok ? 'success700' : 'danger700'}>
            {result.ok ? t('settings.connection.ok', { ms: result.elapsedMs ?? 0 }) : t('settings.connection.failed', { error: result.error ?? '' })}
          </Typography>
        </Box>
      ) : null}
      {test.data?.ok ? <DownloadCheck download={test.data.download} /> : null}
      <Typography variant="pi" textColor="neutral600">
        {t('settings.connection.env')}
      </Typography>
    </Section>
  );
}
