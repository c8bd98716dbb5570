import { useState } from 'react';
import { Badge, Box, Button, Flex, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Section } from '../../components/Section';
import type { SettingSource, SettingsView } from '../../utils/api';
import { useT } from '../../utils/useT';

const BADGE: Record<SettingSource, 'secondary' | 'neutral'> = { saved: 'secondary', file: 'neutral', default: 'neutral' };

/**
 * A short, readable form of a setting's value: content types and presets are summed up (their names), not dumped; a
 * group of plain values (text helpers, disclosure) reads "name: value".
 */
function summary(value: unknown): string {
  if (Array.isArray(value)) return value.map((entry) => (entry && typeof entry === 'object' && 'id' in entry ? String(entry.id) : summary(entry))).join(', ') || '—';
  if (value && typeof value === 'object') {
    if ('id' in value) return String((value as { id: unknown }).id);
    return (
      Object.entries(value as Record<string, unknown>)
        .map(([key, entry]) => {
          if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return `${key}: ${summary(entry)}`;
          // A content type's settings: its uid, and whether it is off or replaces existing images.
          const { enabled, replaceExisting } = entry as { enabled?: boolean; replaceExisting?: boolean };
          return `${key}${enabled === false ? ' (off)' : ''}${replaceExisting ? ' (replace)' : ''}`;
        })
        .join(', ') || '—'
    );
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return value === undefined || value === null ? '—' : String(value);
}

/**
 * Where each value comes from. Values saved here override config/plugins, and they stay in Strapi's store even when
 * the plugin is uninstalled: this is where an admin sees them and goes back to the file's values.
 */
export function SourcesSection({ loaded, canUpdate, reset }: { loaded: SettingsView; canUpdate: boolean; reset: (keys?: string[]) => Promise<void> }) {
  const t = useT();
  const [busy, setBusy] = useState<string | null>(null);
  const keys = Object.keys(loaded.sources);
  const saved = keys.filter((key) => loaded.sources[key] === 'saved');

  const run = async (name: string, keysToReset?: string[]) => {
    setBusy(name);
    try {
      await reset(keysToReset);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section
      id="settings-sources"
      title={t('settings.sources.title')}
      description={t('settings.sources.description')}
      action={
        canUpdate && saved.length ? (
          <Button variant="secondary" startIcon={<ArrowClockwise />} loading={busy === '*'} disabled={busy !== null} onClick={() => run('*')} data-testid="sources-reset-all">
            {t('settings.sources.resetAll')}
          </Button>
        ) : undefined
      }
    >
      {loaded.ignoredSaved.length ? (
        <Box background="warning100" hasRadius padding={3} data-testid="sources-ignored">
          <Typography variant="pi" textColor="warning700" tag="p">
            {t('settings.sources.ignored')}
          </Typography>
          {loaded.ignoredSaved.map((issue) => (
            <Typography key={`${issue.path}:${issue.message}`} variant="pi" textColor="warning700" tag="p">
              {`${issue.path}: ${issue.message}`}
            </Typography>
          ))}
        </Box>
      ) : null}
      <Flex direction="column" alignItems="stretch" gap={2}>
        {keys.map((key) => {
          const source = loaded.sources[key];
          const fileValue = summary(loaded.fileSettings[key as keyof SettingsView['fileSettings']]);
          return (
            <Flex key={key} gap={3} justifyContent="space-between" data-testid="setting-source" data-key={key} data-source={source}>
              <Flex gap={2} wrap="wrap">
                <Typography variant="omega" fontWeight="semiBold">
                  {key}
                </Typography>
                <Badge variant={BADGE[source]}>{t(`settings.sources.${source}`)}</Badge>
                {source === 'saved' ? (
                  <Typography variant="pi" textColor="neutral600">
                    {t('settings.sources.fileValue', { value: fileValue })}
                  </Typography>
                ) : null}
              </Flex>
              {source === 'saved' && canUpdate ? (
                <Button size="S" variant="tertiary" loading={busy === key} disabled={busy !== null} onClick={() => run(key, [key])}>
                  {t('settings.sources.reset')}
                </Button>
              ) : null}
            </Flex>
          );
        })}
      </Flex>
    </Section>
  );
}
