import { Flex, Grid, Switch, TextInput, Typography } from '@strapi/design-system';
import { Section } from '../../components/Section';
import { useSiteLocales } from '../../hooks/queries';
import { disclosurePlaceholder } from '../../utils/text';
import { useT } from '../../utils/useT';
import { FormField, type SectionProps } from './form';

/**
 * AI disclosure: what every generated file says about itself (always: XMP in the file, the responsive formats
 * included) and, when switched on, a line for readers after the caption, per locale.
 */
export function DisclosureSection({ draft, change, error, disabled }: SectionProps) {
  const t = useT();
  const locales = useSiteLocales().data ?? [{ code: 'en', name: 'English' }];
  const { enabled, lines } = draft.disclosure;
  const setLine = (code: string, value: string) =>
    change((current) => {
      const next = { ...current.disclosure.lines };
      // Empty: the built-in line for that language applies.
      if (value.trim()) next[code] = value;
      else delete next[code];
      return { ...current, disclosure: { ...current.disclosure, lines: next } };
    }, [`disclosure.lines.${code}`]);

  return (
    <Section title={t('settings.disclosure.title')} description={t('settings.disclosure.description')}>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4} data-testid="disclosure-enabled">
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography variant="omega" fontWeight="semiBold">
            {t('settings.disclosure.enabled')}
          </Typography>
          <Typography variant="pi" textColor="neutral600">
            {t('settings.disclosure.enabled.hint')}
          </Typography>
        </Flex>
        <Switch
          aria-label={t('settings.disclosure.enabled')}
          checked={enabled}
          disabled={disabled}
          onCheckedChange={(checked: boolean) => change((current) => ({ ...current, disclosure: { ...current.disclosure, enabled: checked } }), ['disclosure.enabled'])}
        />
      </Flex>
      {enabled ? (
        <Grid.Root gap={4} gridCols={12}>
          {locales.map(({ code, name }) => (
            <Grid.Item key={code} col={6} s={12} direction="column" alignItems="stretch">
              <FormField name={`disclosure.lines.${code}`} label={t('settings.disclosure.line', { locale: name })} error={error(`disclosure.lines.${code}`)}>
                <TextInput
                  value={lines[code] ?? ''}
                  placeholder={disclosurePlaceholder(lines, code)}
                  disabled={disabled}
                  onChange={(event: React.ChangeEvent<HTMLInputElement>) => setLine(code, event.target.value)}
                />
              </FormField>
            </Grid.Item>
          ))}
        </Grid.Root>
      ) : null}
      <Typography variant="pi" textColor="neutral600" data-testid="disclosure-metadata">
        {t('settings.disclosure.metadata')}
      </Typography>
    </Section>
  );
}
