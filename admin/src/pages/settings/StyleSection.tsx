import { Box, Button, Flex, Grid, SingleSelect, SingleSelectOption, TextInput, Textarea, Typography } from '@strapi/design-system';
import { Duplicate, Plus, Trash } from '@strapi/icons';
import { Section } from '../../components/Section';
import type { StylePreset } from '../../utils/api';
import { useT } from '../../utils/useT';
import { FormField, type SectionProps } from './form';
import { PromptPreview } from './PromptPreview';

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48) || 'style';

function uniqueId(base: string, taken: Set<string>) {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 44)}-${n}`;
  return id;
}

/** Built-in presets and the site's own; the style used; a live preview of the prompt for a sample article. */
export function StyleSection({ draft, options, change, error, disabled }: SectionProps) {
  const t = useT();
  const custom = draft.stylePresets;
  const customIds = new Set(custom.map((preset) => preset.id));
  const all: Array<StylePreset & { builtIn: boolean }> = [
    ...options.builtInStylePresets.filter((preset) => !customIds.has(preset.id)).map((preset) => ({ ...preset, builtIn: true })),
    ...custom.map((preset) => ({ ...preset, builtIn: false })),
  ];
  const selected = all.find((preset) => preset.id === draft.style);
  const taken = new Set(all.map((preset) => preset.id));

  const setPresets = (update: (presets: StylePreset[]) => StylePreset[], paths: string[]) =>
    change((current) => ({ ...current, stylePresets: update(current.stylePresets) }), paths);

  const add = (from?: StylePreset) => {
    const name = from ? t('settings.style.copyName', { name: from.name }) : t('settings.style.newName');
    const preset: StylePreset = {
      id: uniqueId(slug(name), taken),
      name,
      template: from?.template ?? '{subject}, for a story about {title}. {keyphrases}',
      ...(from?.negativePrompt ? { negativePrompt: from.negativePrompt } : {}),
    };
    setPresets((presets) => [...presets, preset], ['stylePresets']);
  };

  const edit = (index: number, patch: Partial<StylePreset>) =>
    setPresets(
      (presets) => presets.map((preset, i) => (i === index ? { ...preset, ...patch } : preset)),
      Object.keys(patch).map((key) => `stylePresets.${index}.${key}`),
    );

  const remove = (index: number) => {
    const removed = custom[index];
    change(
      (current) => ({
        ...current,
        stylePresets: current.stylePresets.filter((_, i) => i !== index),
        // The chosen style falls back to the first built-in one when its preset goes.
        style: current.style === removed.id && !options.builtInStylePresets.some((preset) => preset.id === removed.id) ? options.builtInStylePresets[0].id : current.style,
      }),
      ['stylePresets', 'style'],
    );
  };

  return (
    <Section title={t('settings.style.title')} description={t('settings.style.description', { placeholders: options.placeholders.join(', ') })}>
      <Grid.Root gap={5} gridCols={12}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <FormField name="style" label={t('settings.style.used')} hint={t('settings.style.used.hint')} error={error('style')} required>
            <SingleSelect value={draft.style} disabled={disabled} onChange={(value: string | number) => change((current) => ({ ...current, style: String(value) }), ['style'])}>
              {all.map((preset) => (
                <SingleSelectOption key={preset.id} value={preset.id}>
                  {preset.builtIn ? preset.name : t('settings.style.ownName', { name: preset.name })}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </FormField>
        </Grid.Item>
        <Grid.Item col={12} direction="column" alignItems="stretch">
          {selected ? <PromptPreview template={selected.template} negativePrompt={selected.negativePrompt} testId="style-preview" /> : null}
        </Grid.Item>
      </Grid.Root>

      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography variant="sigma" textColor="neutral600">
          {t('settings.style.builtIn')}
        </Typography>
        {options.builtInStylePresets.map((preset) => (
          <Flex key={preset.id} gap={4} justifyContent="space-between" paddingTop={2} paddingBottom={2} style={{ borderBottom: '1px solid #eaeaef' }}>
            <Box style={{ minWidth: 0, flex: 1 }}>
              <Typography variant="omega" fontWeight="bold">
                {preset.name}
              </Typography>
              <Typography variant="pi" textColor="neutral600" tag="p" ellipsis>
                {preset.template}
              </Typography>
            </Box>
            {!disabled ? (
              <Button variant="tertiary" size="S" startIcon={<Duplicate />} onClick={() => add(preset)}>
                {t('settings.style.duplicate')}
              </Button>
            ) : null}
          </Flex>
        ))}
      </Flex>

      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex justifyContent="space-between">
          <Typography variant="sigma" textColor="neutral600">
            {t('settings.style.custom', { count: custom.length })}
          </Typography>
          {!disabled ? (
            <Button variant="secondary" size="S" startIcon={<Plus />} onClick={() => add()}>
              {t('settings.style.add')}
            </Button>
          ) : null}
        </Flex>
        {custom.length === 0 ? (
          <Typography variant="pi" textColor="neutral600">
            {t('settings.style.customEmpty')}
          </Typography>
        ) : null}
        {custom.map((preset, index) => (
          <Box key={index} borderColor="neutral200" hasRadius padding={4} data-testid="custom-style">
            <Grid.Root gap={4} gridCols={12}>
              <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
                <FormField name={`stylePresets.${index}.name`} label={t('settings.style.name')} error={error(`stylePresets.${index}.name`)} required>
                  <TextInput value={preset.name} disabled={disabled} onChange={(event: React.ChangeEvent<HTMLInputElement>) => edit(index, { name: event.target.value })} />
                </FormField>
              </Grid.Item>
              <Grid.Item col={5} s={12} direction="column" alignItems="stretch">
                <FormField name={`stylePresets.${index}.id`} label={t('settings.style.id')} hint={t('settings.style.id.hint')} error={error(`stylePresets.${index}.id`)} required>
                  <TextInput value={preset.id} disabled={disabled} onChange={(event: React.ChangeEvent<HTMLInputElement>) => edit(index, { id: event.target.value })} />
                </FormField>
              </Grid.Item>
              <Grid.Item col={2} s={12} justifyContent="flex-end" alignItems="flex-end">
                {!disabled ? (
                  <Button variant="danger-light" size="S" startIcon={<Trash />} onClick={() => remove(index)}>
                    {t('settings.style.remove')}
                  </Button>
                ) : null}
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <FormField
                  name={`stylePresets.${index}.template`}
                  label={t('settings.style.template')}
                  hint={t('settings.style.template.hint', { placeholders: options.placeholders.join(', ') })}
                  error={error(`stylePresets.${index}.template`)}
                  required
                >
                  <Textarea value={preset.template} disabled={disabled} onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => edit(index, { template: event.target.value })} />
                </FormField>
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <FormField name={`stylePresets.${index}.negativePrompt`} label={t('settings.style.negative')} hint={t('settings.style.negative.hint')} error={error(`stylePresets.${index}.negativePrompt`)}>
                  <Textarea
                    value={preset.negativePrompt ?? ''}
                    disabled={disabled}
                    onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => edit(index, { negativePrompt: event.target.value || undefined })}
                  />
                </FormField>
              </Grid.Item>
              <Grid.Item col={12} direction="column" alignItems="stretch">
                <PromptPreview template={preset.template} negativePrompt={preset.negativePrompt} testId={`custom-style-preview-${index}`} />
              </Grid.Item>
            </Grid.Root>
          </Box>
        ))}
      </Flex>
    </Section>
  );
}
