import { useCallback, useEffect, useMemo, useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { usePermissions } from '../hooks/usePermissions';
import { PERMISSIONS } from '../permissions';
import { apiPath, errorMessage, fieldErrors, type EditableSettings, type SettingsResponse } from '../utils/api';
import { useT } from '../utils/useT';
import { ConnectionSection } from './settings/ConnectionSection';
import { ContentTypesSection } from './settings/ContentTypesSection';
import { CostSection } from './settings/CostSection';
import { GenerationSection } from './settings/GenerationSection';
import { ModelSection } from './settings/ModelSection';
import { SourcesSection } from './settings/SourcesSection';
import { StyleSection } from './settings/StyleSection';
import type { SectionProps } from './settings/form';

/** Settings → Auto illustration. Saved values override the file config and persist across restarts. */
function SettingsForm() {
  const t = useT();
  const { get, put, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { canUpdateSettings } = usePermissions();
  const [loaded, setLoaded] = useState<SettingsResponse | null>(null);
  const [draft, setDraft] = useState<EditableSettings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    get<SettingsResponse>(apiPath('/settings'))
      .then(({ data }) => {
        setLoaded(data);
        setDraft(data.settings);
      })
      .catch((error) => setLoadError(errorMessage(error)));
  }, [get]);

  const dirty = useMemo(() => Boolean(loaded && draft && JSON.stringify(loaded.settings) !== JSON.stringify(draft)), [loaded, draft]);

  const change = useCallback<SectionProps['change']>((update, paths = []) => {
    setDraft((current) => (current ? update(current) : current));
    if (paths.length) {
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !paths.some((changed) => path === changed || path.startsWith(`${changed}.`)))));
    }
  }, []);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!draft || !loaded) return;
    setSaving(true);
    // Only what changed is sent: a setting never touched here keeps following the file config.
    const patch = Object.fromEntries(
      Object.entries(draft).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(loaded.settings[key as keyof EditableSettings])),
    );
    try {
      const { data } = await put<SettingsResponse>(apiPath('/settings'), patch);
      setLoaded(data);
      setDraft(data.settings);
      setErrors({});
      setVersion((n) => n + 1);
      toggleNotification({ type: 'success', message: t('settings.saved') });
    } catch (error) {
      const byField = fieldErrors(error);
      setErrors(byField);
      toggleNotification({ type: 'danger', message: Object.keys(byField).length ? t('settings.invalid') : errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  /** "Use the file's value": drops saved values on the server, then shows what applies now. */
  const reset = async (keys?: string[]) => {
    try {
      const { data } = await post<SettingsResponse>(apiPath('/settings/reset'), keys ? { keys } : {});
      setLoaded(data);
      setDraft(data.settings);
      setErrors({});
      setVersion((n) => n + 1);
      toggleNotification({ type: 'success', message: t('settings.sources.done') });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  if (loadError) return <Page.Error />;
  if (!loaded || !draft) return <Page.Loading />;

  const disabled = !canUpdateSettings || saving;
  const error = (path: string) => errors[path];
  const sectionProps: SectionProps = { draft, options: loaded.options, change, error, disabled };
  // Complaints about fields no section shows (should not happen, but never hide one).
  const shown = /^(model\.|style$|stylePresets|contentTypes\.|numOutputs$|aspectRatio$|deadlineSeconds$|concurrency$)/;
  const unplaced = Object.entries(errors).filter(([path]) => !shown.test(path));

  return (
    <form onSubmit={save} noValidate>
      <Layouts.Header
        title={t('plugin.name')}
        subtitle={t('settings.subtitle')}
        primaryAction={
          canUpdateSettings ? (
            <Button type="submit" startIcon={<Check />} loading={saving} disabled={!dirty}>
              {t('settings.save')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {!canUpdateSettings ? (
            <Box background="neutral150" hasRadius padding={4}>
              <Typography variant="omega">{t('settings.readOnly')}</Typography>
            </Box>
          ) : null}
          {unplaced.length ? (
            <Box background="danger100" hasRadius padding={4}>
              {unplaced.map(([path, message]) => (
                <Typography key={path} variant="omega" textColor="danger700" tag="p">
                  {`${path}: ${message}`}
                </Typography>
              ))}
            </Box>
          ) : null}
          <ConnectionSection connection={loaded.connection} />
          <CostSection version={version} dirty={dirty} />
          <ModelSection {...sectionProps} />
          <StyleSection {...sectionProps} />
          <GenerationSection {...sectionProps} />
          <ContentTypesSection {...sectionProps} />
          <SourcesSection loaded={loaded} canUpdate={canUpdateSettings} reset={reset} />
        </Flex>
      </Layouts.Content>
    </form>
  );
}

const SettingsPage = () => {
  const t = useT();
  return (
    <Page.Main>
      <Page.Title>{t('plugin.name')}</Page.Title>
      <Page.Protect permissions={PERMISSIONS.settingsRead}>
        <SettingsForm />
      </Page.Protect>
    </Page.Main>
  );
};

export default SettingsPage;
