import { Badge, Box, Flex, Grid, MultiSelect, MultiSelectOption, SingleSelect, SingleSelectOption, Switch, Typography } from '@strapi/design-system';
import { Section } from '../../components/Section';
import type { ContentTypeOption, ContentTypeSettings } from '../../utils/api';
import { useT, type TranslationKey } from '../../utils/useT';
import { FormField, type SectionProps } from './form';

/** Sensible first settings for a content type an admin switches on. */
function defaultsFor(option: ContentTypeOption): ContentTypeSettings {
  const titleField = option.titleFields.includes('title') ? 'title' : (option.titleFields[0] ?? 'title');
  return {
    enabled: true,
    imageField: option.imageFields[0],
    titleField,
    textFields: option.textFields.map((field) => field.name).filter((name) => name !== titleField),
    replaceExisting: false,
    publishMode: 'live',
    localesShareImage: true,
  };
}

/** A required choice among a content type's attribute names (image field, title field). */
function FieldSelect(props: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  choices: string[];
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <FormField name={props.name} label={props.label} hint={props.hint} error={props.error} required>
      <SingleSelect value={props.value} disabled={props.disabled} onChange={(value: string | number) => props.onChange(String(value))}>
        {props.choices.map((name) => (
          <SingleSelectOption key={name} value={name}>
            {name}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </FormField>
  );
}

/** Per content type: on or off, which media field receives the image, which fields are read, keep or replace. */
export function ContentTypesSection({ draft, options, change, error, disabled }: SectionProps) {
  const t = useT();
  const known = new Set(options.contentTypes.map((option) => option.uid));
  // Types named in the settings but not offered (a plugin type from the file config) are shown as they are.
  const extra: ContentTypeOption[] = Object.keys(draft.contentTypes)
    .filter((uid) => !known.has(uid))
    .map((uid) => {
      const settings = draft.contentTypes[uid];
      return {
        uid,
        displayName: uid,
        kind: 'collectionType',
        localized: false,
        draftAndPublish: true,
        imageFields: [settings.imageField],
        sharedImageFields: [],
        requiredImageFields: [],
        titleFields: [settings.titleField],
        textFields: settings.textFields.map((name) => ({ name, type: 'text' })),
      };
    });
  const all = [...options.contentTypes, ...extra];

  const setType = (uid: string, update: (settings: ContentTypeSettings) => ContentTypeSettings, field: string) =>
    change(
      (current) => {
        const option = all.find((entry) => entry.uid === uid)!;
        const previous = current.contentTypes[uid] ?? { ...defaultsFor(option), enabled: false };
        return { ...current, contentTypes: { ...current.contentTypes, [uid]: update(previous) } };
      },
      [`contentTypes.${uid}.${field}`, `contentTypes.${uid}`],
    );

  return (
    <Section title={t('settings.types.title')} description={t('settings.types.description')}>
      {all.length === 0 ? (
        <Typography variant="omega" textColor="neutral600">
          {t('settings.types.none')}
        </Typography>
      ) : null}
      {options.withoutImageField.length ? (
        <Typography variant="pi" textColor="neutral600" data-testid="types-without-image-field">
          {t('settings.types.withoutImageField', { names: options.withoutImageField.map((type) => type.displayName).join(', ') })}
        </Typography>
      ) : null}
      {all.map((option) => {
        const settings = draft.contentTypes[option.uid];
        const enabled = Boolean(settings?.enabled);
        const path = `contentTypes.${option.uid}`;
        const typeError = error(path);
        return (
          <Box key={option.uid} borderColor="neutral200" hasRadius padding={4} data-testid={`content-type-${option.uid}`}>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Flex justifyContent="space-between" gap={4}>
                <Flex gap={2} wrap="wrap">
                  <Typography variant="omega" fontWeight="bold">
                    {option.displayName}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600" style={{ fontFamily: "monospace" }}>
                    {option.uid}
                  </Typography>
                  {option.localized ? <Badge size="S">{t('settings.types.localized')}</Badge> : null}
                </Flex>
                <Flex gap={2}>
                  <Typography variant="pi" textColor="neutral600">
                    {enabled ? t('settings.types.on') : t('settings.types.off')}
                  </Typography>
                  <Switch
                    aria-label={t('settings.types.toggle', { name: option.displayName })}
                    checked={enabled}
                    disabled={disabled}
                    onCheckedChange={(checked: boolean) =>
                      change(
                        (current) => ({
                          ...current,
                          contentTypes: {
                            ...current.contentTypes,
                            [option.uid]: { ...(current.contentTypes[option.uid] ?? defaultsFor(option)), enabled: checked },
                          },
                        }),
                        [path],
                      )
                    }
                  />
                </Flex>
              </Flex>
              {typeError ? (
                <Typography variant="pi" textColor="danger600">
                  {typeError}
                </Typography>
              ) : null}
              {settings ? (
                <Grid.Root gap={4} gridCols={12}>
                  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <FieldSelect
                      name={`${path}.imageField`}
                      label={t('settings.types.imageField')}
                      error={error(`${path}.imageField`)}
                      hint={option.sharedImageFields.includes(settings.imageField) ? t('settings.types.imageField.shared') : undefined}
                      value={settings.imageField}
                      choices={option.imageFields}
                      disabled={disabled || !enabled}
                      onChange={(value) => setType(option.uid, (s) => ({ ...s, imageField: value }), 'imageField')}
                    />
                  </Grid.Item>
                  <Grid.Item col={2} s={6} xs={12} direction="column" alignItems="stretch">
                    <FieldSelect
                      name={`${path}.titleField`}
                      label={t('settings.types.titleField')}
                      error={error(`${path}.titleField`)}
                      value={settings.titleField}
                      choices={option.titleFields}
                      disabled={disabled || !enabled}
                      onChange={(value) => setType(option.uid, (s) => ({ ...s, titleField: value }), 'titleField')}
                    />
                  </Grid.Item>
                  <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
                    <FormField
                      name={`${path}.textFields`}
                      label={t('settings.types.textFields')}
                      hint={t('settings.types.textFields.hint')}
                      error={error(`${path}.textFields`) ?? settings.textFields.map((_, index) => error(`${path}.textFields.${index}`)).find(Boolean)}
                    >
                      <MultiSelect
                        value={settings.textFields}
                        withTags
                        disabled={disabled || !enabled}
                        onChange={(value: string[]) => setType(option.uid, (s) => ({ ...s, textFields: value }), 'textFields')}
                      >
                        {option.textFields.map((field) => (
                          <MultiSelectOption key={field.name} value={field.name}>
                            {`${field.name} (${t(`settings.types.fieldType.${field.type}` as TranslationKey)})`}
                          </MultiSelectOption>
                        ))}
                      </MultiSelect>
                    </FormField>
                  </Grid.Item>
                  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <FormField
                      name={`${path}.replaceExisting`}
                      label={t('settings.types.existing')}
                      hint={enabled && option.requiredImageFields.includes(settings.imageField) && !settings.replaceExisting ? t('settings.types.existing.required') : undefined}
                      error={error(`${path}.replaceExisting`)}
                    >
                      <SingleSelect
                        value={settings.replaceExisting ? 'replace' : 'keep'}
                        disabled={disabled || !enabled}
                        onChange={(value: string | number) => setType(option.uid, (s) => ({ ...s, replaceExisting: value === 'replace' }), 'replaceExisting')}
                      >
                        <SingleSelectOption value="keep">{t('settings.types.existing.keep')}</SingleSelectOption>
                        <SingleSelectOption value="replace">{t('settings.types.existing.replace')}</SingleSelectOption>
                      </SingleSelect>
                    </FormField>
                  </Grid.Item>
                  <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                    <FormField
                      name={`${path}.publishMode`}
                      label={t('settings.types.publishMode')}
                      hint={t(option.draftAndPublish ? 'settings.types.publishMode.hint' : 'settings.types.publishMode.hintNoDrafts')}
                      error={error(`${path}.publishMode`)}
                    >
                      <SingleSelect
                        value={settings.publishMode ?? 'live'}
                        disabled={disabled || !enabled}
                        onChange={(value: string | number) => setType(option.uid, (s) => ({ ...s, publishMode: value === 'review' ? 'review' : 'live' }), 'publishMode')}
                      >
                        <SingleSelectOption value="live">{t('settings.types.publishMode.live')}</SingleSelectOption>
                        <SingleSelectOption value="review">{t('settings.types.publishMode.review')}</SingleSelectOption>
                      </SingleSelect>
                    </FormField>
                  </Grid.Item>
                  {/* (A field every locale shares holds one image: its locales cannot have their own.) */}
                  {option.localized && !option.sharedImageFields.includes(settings.imageField) ? (
                    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                      <FormField name={`${path}.localesShareImage`} label={t('settings.types.locales')} hint={t('settings.types.locales.hint')} error={error(`${path}.localesShareImage`)}>
                        <SingleSelect
                          value={settings.localesShareImage === false ? 'own' : 'share'}
                          disabled={disabled || !enabled}
                          onChange={(value: string | number) => setType(option.uid, (s) => ({ ...s, localesShareImage: value !== 'own' }), 'localesShareImage')}
                        >
                          <SingleSelectOption value="share">{t('settings.types.locales.share')}</SingleSelectOption>
                          <SingleSelectOption value="own">{t('settings.types.locales.own')}</SingleSelectOption>
                        </SingleSelect>
                      </FormField>
                    </Grid.Item>
                  ) : null}
                </Grid.Root>
              ) : null}
            </Flex>
          </Box>
        );
      })}
    </Section>
  );
}
