import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useResetSettings, useSaveSettings, useSettings } from '../hooks/queries';
import { usePermissions } from '../hooks/usePermissions';
import { PERMISSIONS } from '../permissions';
import { errorMessage, fieldErrors, type EditableSettings } from '../utils/api';
import { useT } from '../utils/useT';
import { ConnectionSection } from './settings/ConnectionSection';
import { ContentTypesSection } from './settings/ContentTypesSection';
import { BudgetSection } from './settings/BudgetSection';
import { CostSection } from './settings/CostSection';
import { DisclosureSection } from './settings/DisclosureSection';
import { GenerationSection } from './settings/GenerationSection';
import { ModelSection } from './settings/ModelSection';
import { ReferenceImagesSection } from './settings/ReferenceImagesSection';
import { SourcesSection } from './settings/SourcesSection';
import { StyleSection } from './settings/StyleSection';
import type { SectionProps } from './settings/form';

/** Settings → Auto illustration. Saved values override the file config and persist across restarts. */
function SettingsForm() {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { canUpdateSettings } = usePermissions();
  const settings = useSettings();
  const saving = useSaveSettings();
  const resetting = useResetSettings();
  const loaded = settings.data;
  /** The editor's changes; null while the form shows what the server has. */
  const [edited, setEdited] = useState<EditableSettings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const draft = edited ?? loaded?.settings;
  const dirty = Boolean(loaded && edited && JSON.stringify(loaded.settings) !== JSON.stringify(edited));

  const change: SectionProps['change'] = (update, paths = []) => {
    setEdited((current) => {
      const base = current ?? loaded?.settings;
      return base ? update(base) : current;
    });
    if (paths.length) {
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => !paths.some((changed) => path === changed || path.startsWith(`${changed}.`)))));
    }
  };

  /** The server's answer is what applies now: the form shows it again. */
  const applied = (message: string) => {
    setEdited(null);
    setErrors({});
    toggleNotification({ type: 'success', message });
  };

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    if (!edited || !loaded) return;
    // Only what changed is sent: a setting never touched here keeps following the file config.
    const patch = Object.fromEntries(
      Object.entries(edited).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(loaded.settings[key as keyof EditableSettings])),
    );
    saving.mutate(patch, {
      onSuccess: () => applied(t('settings.saved')),
      onError: (error) => {
        const byField = fieldErrors(error);
        setErrors(byField);
        toggleNotification({ type: 'danger', message: Object.keys(byField).length ? t('settings.invalid') : errorMessage(error) });
      },
    });
  };

  /** "Use the file's value": drops saved values on the server, then shows what applies now. */
  const reset = (keys?: string[]) =>
    resetting.mutateAsync(keys).then(
      () => applied(t('settings.sources.done')),
      (error: unknown) => toggleNotification({ type: 'danger', message: errorMessage(error) }),
    );

  if (settings.isError) return <Page.Error />;
  if (!loaded || !draft) return <Page.Loading />;

  const disabled = !canUpdateSettings || saving.isLoading;
  const error = (path: string) => errors[path];
  const sectionProps: SectionProps = { draft, options: loaded.options, change, error, disabled };
  // Complaints about fields no section shows (should not happen, but never hide one).
  const shown = /^(model\.|style$|stylePresets|contentTypes\.|numOutputs$|aspectRatio$|deadlineSeconds$|concurrency$|budget\.|referenceImages)/;
  const unplaced = Object.entries(errors).filter(([path]) => !shown.test(path));

  return (
    <form onSubmit={save} noValidate>
      <Layouts.Header
        title={t('plugin.name')}
        subtitle={t('settings.subtitle')}
        primaryAction={
          canUpdateSettings ? (
            <Button type="submit" startIcon={<Check />} loading={saving.isLoading} disabled={!dirty}>
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
          <CostSection dirty={dirty} />
          <BudgetSection {...sectionProps} />
          <ModelSection {...sectionProps} />
          <StyleSection {...sectionProps} />
          <ReferenceImagesSection {...sectionProps} />
          <GenerationSection {...sectionProps} />
          <ContentTypesSection {...sectionProps} />
          <DisclosureSection {...sectionProps} />
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
