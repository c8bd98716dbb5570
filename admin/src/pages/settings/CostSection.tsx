import { Button, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { Section } from '../../components/Section';
import { useEstimate } from '../../hooks/queries';
import { DETECTED_LANGUAGES } from '../../../../server/src/shared/contracts';
import { errorMessage, pricedSize } from '../../utils/api';
import { useT } from '../../utils/useT';

/**
 * "About N credits per article": a dry run of the saved settings (nothing is billed). A save or a reset refreshes
 * it; unsaved changes are pointed out, since the estimate is for what is saved.
 */
export function CostSection({ dirty }: { dirty: boolean }) {
  const t = useT();
  const { locale } = useIntl();
  const query = useEstimate();
  const estimate = query.data;
  const loading = query.isFetching;
  const error = query.isError ? errorMessage(query.error) : null;

  const credits = estimate?.credits;
  const sized = estimate ? pricedSize(estimate) : { text: '' };
  return (
    <Section
      title={t('settings.cost.title')}
      description={t('settings.cost.description')}
      action={
        <Button variant="tertiary" startIcon={<ArrowClockwise />} onClick={() => void query.refetch()} disabled={loading}>
          {t('settings.cost.refresh')}
        </Button>
      }
    >
      <Flex gap={3} data-testid="cost-estimate" data-credits={credits ?? ''}>
        {loading ? <Loader small>{t('common.loading')}</Loader> : null}
        {error ? (
          <Typography textColor="danger600">{error}</Typography>
        ) : estimate && credits !== null && credits !== undefined ? (
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="beta" tag="p">
              {t('settings.cost.value', { credits: Math.round(credits * 100) / 100 })}
            </Typography>
            {estimate.breakdown ? (
              <Typography variant="pi" textColor="neutral600" data-testid="cost-breakdown">
                {estimate.breakdown.promptAssistant !== undefined
                  ? t('settings.cost.breakdown.promptAssistant', { ...estimate.breakdown })
                  : t('settings.cost.breakdown', { generation: estimate.breakdown.generation, captions: estimate.breakdown.captions })}
              </Typography>
            ) : null}
          </Flex>
        ) : estimate ? (
          <Typography textColor="neutral600">{t('settings.cost.unavailable', { reason: estimate.reason ?? '' })}</Typography>
        ) : null}
      </Flex>
      {estimate ? (
        <Typography variant="pi" textColor="neutral600">
          {t('settings.cost.basis', {
            model: estimate.basis.loraId ? `${estimate.basis.model} + ${estimate.basis.loraId}` : estimate.basis.model,
            count: estimate.basis.numOutputs,
            // What the model is really sent: never claim a ratio the model ignores.
            ratio: sized.text ?? t(sized.key, { ratio: sized.ratio ?? '' }),
          })}
        </Typography>
      ) : null}
      {estimate?.helpers ? (
        <Flex direction="column" alignItems="flex-start" gap={1} data-testid="cost-helpers">
          {estimate.helpers.locales.some((row) => row.helpers.length) ? (
            estimate.helpers.locales
              .filter((row) => row.helpers.length)
              .map((row) => (
                <Typography key={row.locale} variant="pi" textColor="neutral600" data-testid="cost-helper-locale" data-locale={row.locale} data-credits={row.credits}>
                  {t('settings.cost.helpers', {
                    // Articles whose language is read from their text (no i18n, or a text its locale does not match).
                    locale: row.locale === DETECTED_LANGUAGES ? t('settings.cost.helpers.detected') : row.name || row.locale,
                    credits: row.credits,
                    // "the translation (0.25) and the alt text (0.5)", in the admin's language.
                    helpers: new Intl.ListFormat(locale, { type: 'conjunction' }).format(
                      row.helpers.map((helper) => t(`settings.cost.helper.${helper}`, { credits: estimate.helpers?.perCall[helper] ?? '?' })),
                    ),
                  })}
                </Typography>
              ))
          ) : estimate.helpers.perCall.promptAssistant !== undefined ? null : (
            <Typography variant="pi" textColor="neutral600">
              {t('settings.cost.helpers.none')}
            </Typography>
          )}
        </Flex>
      ) : null}
      {estimate?.unsupported.length ? (
        // (Said, not warned: nothing is wrong, the plugin leaves out what the model has no input for.)
        <Typography variant="pi" textColor="neutral600" data-testid="cost-unsupported">
          {t('settings.cost.unsupported', { inputs: estimate.unsupported.join(', ') })}
        </Typography>
      ) : null}
      {dirty ? (
        <Typography variant="pi" textColor="warning700">
          {t('settings.cost.unsaved')}
        </Typography>
      ) : null}
    </Section>
  );
}
