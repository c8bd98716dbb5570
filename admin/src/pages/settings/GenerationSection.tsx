import { Flex, Grid, NumberInput, SingleSelect, SingleSelectOption, Switch, Typography } from '@strapi/design-system';
import { Section } from '../../components/Section';
import type { EditableSettings, TextHelperSettings } from '../../utils/api';
import { useT } from '../../utils/useT';
import { FormField, type SectionProps } from './form';

type NumberKey = 'numOutputs' | 'deadlineSeconds' | 'concurrency';
const TEXT_HELPERS: Array<keyof TextHelperSettings> = ['translatePrompts', 'promptAssistant', 'describeInLanguage'];

/** How many candidates, which shape, how long before the placeholder, how many jobs at once. */
export function GenerationSection({ draft, options, change, error, disabled }: SectionProps) {
  const t = useT();
  const set = <Key extends keyof EditableSettings>(key: Key, value: EditableSettings[Key]) => change((current) => ({ ...current, [key]: value }), [key]);

  const numberField = (key: NumberKey) => {
    const range = options.limits[key];
    return (
      <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch" key={key}>
        <FormField
          name={key}
          label={t(`settings.generation.${key}`)}
          hint={t(`settings.generation.${key}.hint`, { min: range.min, max: range.max })}
          error={error(key)}
          required
        >
          <NumberInput value={draft[key]} disabled={disabled} onValueChange={(value?: number) => set(key, value as number)} />
        </FormField>
      </Grid.Item>
    );
  };

  const helperSwitch = (key: keyof TextHelperSettings) => (
    <Flex key={key} justifyContent="space-between" alignItems="flex-start" gap={4} data-testid={`text-helper-${key}`}>
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="omega" fontWeight="semiBold">
          {t(`settings.textHelpers.${key}`)}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {t(`settings.textHelpers.${key}.hint`)}
        </Typography>
        {error(`textHelpers.${key}`) ? (
          <Typography variant="pi" textColor="danger600">
            {error(`textHelpers.${key}`)}
          </Typography>
        ) : null}
      </Flex>
      <Switch
        aria-label={t(`settings.textHelpers.${key}`)}
        checked={draft.textHelpers[key]}
        disabled={disabled}
        onCheckedChange={(checked: boolean) =>
          change((current) => ({ ...current, textHelpers: { ...current.textHelpers, [key]: checked } }), [`textHelpers.${key}`])
        }
      />
    </Flex>
  );

  return (
    <>
      <Section title={t('settings.generation.title')} description={t('settings.generation.description')}>
        <Grid.Root gap={5} gridCols={12}>
          {numberField('numOutputs')}
          <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
            <FormField
              name="aspectRatio"
              label={t('settings.generation.aspectRatio')}
              hint={t('settings.generation.aspectRatio.hint')}
              error={error('aspectRatio')}
              required
            >
              <SingleSelect value={draft.aspectRatio} disabled={disabled} onChange={(value: string | number) => set('aspectRatio', String(value) as EditableSettings['aspectRatio'])}>
                {options.aspectRatios.map((ratio) => (
                  <SingleSelectOption key={ratio} value={ratio}>
                    {ratio}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </FormField>
          </Grid.Item>
          {numberField('deadlineSeconds')}
          {numberField('concurrency')}
        </Grid.Root>
      </Section>
      <Section title={t('settings.textHelpers.title')} description={t('settings.textHelpers.description')}>
        <Flex direction="column" alignItems="stretch" gap={4}>
          {TEXT_HELPERS.map(helperSwitch)}
        </Flex>
      </Section>
    </>
  );
}
