import { Box, Combobox, ComboboxOption, Grid, NumberInput, Typography } from '@strapi/design-system';
import { useEffect, useState } from 'react';
import { Section } from '../../components/Section';
import { useModelCatalog, useModelSupport } from '../../hooks/queries';
import { describeSize, errorMessage, type ModelSummary } from '../../utils/api';
import { useT } from '../../utils/useT';
import { FormField, type SectionProps } from './form';

/** What the chosen model takes, read from its declared inputs: the page never claims what the model ignores. */
function ModelSupportNote({ modelId, aspectRatio }: { modelId: string; aspectRatio: string }) {
  const t = useT();
  const answer = useModelSupport(modelId, aspectRatio);

  if (answer.isError) {
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('settings.model.support.failed', { error: errorMessage(answer.error) })}
      </Typography>
    );
  }
  if (!modelId || !answer.data) return null;
  const { support, size } = answer.data;
  const sizeLine =
    support.size === 'none' || !size
      ? t('settings.model.support.noSize')
      : t(support.size === 'width-height' ? 'settings.model.support.widthHeight' : 'settings.model.support.aspectRatio', { size: describeSize(size) });
  return (
    <Box background="neutral100" hasRadius padding={3} data-testid="model-support" data-size={support.size} data-negative-prompt={String(support.negativePrompt)}>
      <Typography variant="sigma" textColor="neutral600" tag="p">
        {t('settings.model.support.title')}
      </Typography>
      {[
        sizeLine,
        t('settings.model.support.negativePrompt', { yes: String(support.negativePrompt) }),
        t('settings.model.support.references', { count: support.referenceImages }),
        t('settings.model.support.loras', { yes: String(support.loras) }),
      ].map((line) => (
        <Typography key={line} variant="pi" tag="p">
          {line}
        </Typography>
      ))}
    </Box>
  );
}

/**
 * The text box of a combobox that shows the chosen option's name, yet lists every option when opened: it filters by
 * its text, and with the chosen name as the filter only the chosen option was listed (a new user saw one model).
 */
function useChosenName(name: string) {
  const [typed, setTyped] = useState<string>();
  // Another option chosen: its name shows.
  useEffect(() => setTyped(undefined), [name]);
  return {
    textValue: typed ?? name,
    // Typing into the box while it shows the chosen name filters by what is typed, not by the name and it.
    onTextValueChange: (text: string) => setTyped((current) => (current === undefined && name && text.startsWith(name) ? text.slice(name.length) : text)),
    // Opened on the chosen name: empty, every option listed. Closed: the chosen name again, whatever was typed to filter.
    onOpenChange: (open: boolean) => setTyped((current) => (open && (current ?? name) !== name ? current : open ? '' : undefined)),
  };
}

export function ModelSection({ draft, change, error, disabled }: SectionProps) {
  const t = useT();
  const catalog = useModelCatalog();
  const model = draft.model;

  /** What an option shows, and the box once it is chosen. */
  const optionText = (entry: ModelSummary) =>
    `${entry.name}${entry.privacy === 'private' ? ` · ${t('settings.model.yours')}` : ''} (${entry.id})`;
  const bases = catalog.models.filter((entry) => entry.kind === 'base');
  const loras = catalog.models.filter((entry) => entry.kind === 'lora');
  const typedIn = (id: string | undefined, list: ModelSummary[]) => (id && !list.some((entry) => entry.id === id) ? id : null);
  const listed = (id: string, list: ModelSummary[], typed: string | null) => id === typed || list.some((entry) => entry.id === id);
  const customBase = typedIn(model.id, bases);
  const customLora = typedIn(model.loraId, loras);
  const textOf = (id: string | undefined, list: ModelSummary[]) => {
    if (!id) return '';
    const entry = list.find((candidate) => candidate.id === id);
    return entry ? optionText(entry) : t('settings.model.typed', { id });
  };

  const setModel = (patch: Partial<typeof model>, path: string) => change((current) => ({ ...current, model: { ...current.model, ...patch } }), [path]);
  const baseText = useChosenName(textOf(model.id, bases));
  const loraText = useChosenName(textOf(model.loraId, loras));

  return (
    <Section title={t('settings.model.title')} description={t('settings.model.description')}>
      {catalog.error ? (
        <Box background="warning100" hasRadius padding={3}>
          <Typography variant="pi" textColor="warning700">
            {t('settings.model.catalogError', { error: catalog.error })}
          </Typography>
        </Box>
      ) : null}
      <Grid.Root gap={5} gridCols={12}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <FormField name="model.id" label={t('settings.model.base')} hint={t('settings.model.base.hint')} error={error('model.id')} required>
            <Combobox
              value={model.id}
              {...baseText}
              placeholder={textOf(model.id, bases)}
              // (Only an option: the box hands over its text when left, and a filter typed there is no model. A typed-in
              // id is taken by its "Use …" option.)
              onChange={(value?: string) => value && listed(value, bases, customBase) && setModel({ id: value }, 'model.id')}
              creatable
              createMessage={(value: string) => t('settings.model.useTyped', { id: value })}
              onCreateOption={(value?: string) => value?.trim() && setModel({ id: value.trim() }, 'model.id')}
              hasMoreItems={catalog.hasMore}
              onLoadMore={catalog.loadMore}
              loading={catalog.loading}
              loadingMessage={t('common.loading')}
              noOptionsMessage={() => t('settings.model.none')}
              disabled={disabled}
              autocomplete={{ type: 'list', filter: 'contains' }}
            >
              {bases.map((entry) => (
                <ComboboxOption key={entry.id} value={entry.id}>
                  {optionText(entry)}
                </ComboboxOption>
              ))}
              {customBase ? (
                <ComboboxOption value={customBase}>{t('settings.model.typed', { id: customBase })}</ComboboxOption>
              ) : null}
            </Combobox>
          </FormField>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <FormField name="model.loraId" label={t('settings.model.lora')} hint={t('settings.model.lora.hint')} error={error('model.loraId')}>
            <Combobox
              value={model.loraId ?? ''}
              {...loraText}
              // (An empty text is the box opened, or left: the clear button takes the LoRA off.)
              onChange={(value?: string) => value && listed(value, loras, customLora) && setModel({ loraId: value }, 'model.loraId')}
              onClear={() => setModel({ loraId: undefined }, 'model.loraId')}
              clearLabel={t('settings.model.lora.clear')}
              creatable
              createMessage={(value: string) => t('settings.model.useTyped', { id: value })}
              onCreateOption={(value?: string) => value?.trim() && setModel({ loraId: value.trim() }, 'model.loraId')}
              placeholder={model.loraId ? textOf(model.loraId, loras) : t('settings.model.lora.placeholder')}
              loading={catalog.loading}
              loadingMessage={t('common.loading')}
              noOptionsMessage={() => t('settings.model.lora.none')}
              disabled={disabled}
              autocomplete={{ type: 'list', filter: 'contains' }}
            >
              {loras.map((entry) => (
                <ComboboxOption key={entry.id} value={entry.id}>
                  {optionText(entry)}
                </ComboboxOption>
              ))}
              {customLora ? (
                <ComboboxOption value={customLora}>{t('settings.model.typed', { id: customLora })}</ComboboxOption>
              ) : null}
            </Combobox>
          </FormField>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <FormField name="model.loraScale" label={t('settings.model.loraScale')} hint={t('settings.model.loraScale.hint')} error={error('model.loraScale')}>
            <NumberInput
              value={model.loraScale}
              step={0.1}
              disabled={disabled || !model.loraId}
              onValueChange={(value?: number) => setModel({ loraScale: value ?? 1 }, 'model.loraScale')}
            />
          </FormField>
        </Grid.Item>
        <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
          <FormField
            name="model.maxPromptLength"
            label={t('settings.model.maxPromptLength')}
            hint={t('settings.model.maxPromptLength.hint')}
            error={error('model.maxPromptLength')}
          >
            <NumberInput
              value={model.maxPromptLength}
              disabled={disabled}
              onValueChange={(value?: number) => setModel({ maxPromptLength: value as number }, 'model.maxPromptLength')}
            />
          </FormField>
        </Grid.Item>
      </Grid.Root>
      <ModelSupportNote modelId={model.id} aspectRatio={draft.aspectRatio} />
    </Section>
  );
}
