import { Badge, Flex, Grid, Loader, NumberInput, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Section } from '../../components/Section';
import { useBudget, useEstimate } from '../../hooks/queries';
import { errorMessage, type BudgetPeriodStatus, type EditableSettings } from '../../utils/api';
import { useT } from '../../utils/useT';
import { FormField, type SectionProps } from './form';

type CapKey = 'monthlyCap' | 'dailyCap';
type Budget = EditableSettings['budget'];
const BEHAVIOURS: Array<Budget['whenReached']> = ['wait', 'placeholder'];

/**
 * The credit budget: monthly and daily caps (UTC, empty for none), what happens at a cap, and what was spent this
 * month and day and is left (as the server counts it: every paid call is held before it is sent).
 */
export function BudgetSection({ draft, change, error, disabled }: SectionProps) {
  const t = useT();
  const { formatDate, formatNumber } = useIntl();
  const status = useBudget();
  // A cap is reached for new work when what is left is below one article's generation.
  const perArticle = useEstimate().data?.credits ?? 0;
  const set = (update: Partial<Budget>, key: keyof Budget) => change((current) => ({ ...current, budget: { ...current.budget, ...update } }), [`budget.${key}`]);
  const credits = (value: number) => formatNumber(value, { maximumFractionDigits: 2 });

  const capField = (key: CapKey) => (
    <Grid.Item col={4} s={6} xs={12} direction="column" alignItems="stretch" key={key}>
      <FormField name={`budget.${key}`} label={t(`settings.budget.${key}`)} hint={t(`settings.budget.${key}.hint`)} error={error(`budget.${key}`)}>
        <NumberInput
          value={draft.budget[key] ?? undefined}
          disabled={disabled}
          // Empty: no cap.
          onValueChange={(value?: number) => set({ [key]: value ?? null }, key)}
        />
      </FormField>
    </Grid.Item>
  );

  const period = (kind: 'month' | 'day', row: BudgetPeriodStatus) => {
    const reached = row.left !== null && row.left < Math.max(perArticle, 0.01);
    return (
      <Flex key={kind} gap={2} data-testid={`budget-${kind}`} data-committed={row.committed} data-left={row.left ?? ''}>
        <Typography variant="omega">
          {row.cap === null
            ? t(`settings.budget.spent.${kind}.uncapped`, { committed: credits(row.committed) })
            : t(`settings.budget.spent.${kind}`, { committed: credits(row.committed), cap: credits(row.cap), left: credits(row.left ?? 0) })}
        </Typography>
        {reached ? (
          <Badge active data-testid={`budget-${kind}-reached`}>
            {t(`settings.budget.reached.${draft.budget.whenReached}`, { date: formatDate(row.resetsAt, { dateStyle: 'medium', timeZone: 'UTC' }) })}
          </Badge>
        ) : null}
      </Flex>
    );
  };

  return (
    <Section title={t('settings.budget.title')} description={t('settings.budget.description')}>
      <Grid.Root gap={5} gridCols={12}>
        {capField('monthlyCap')}
        {capField('dailyCap')}
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <FormField name="budget.whenReached" label={t('settings.budget.whenReached')} hint={t('settings.budget.whenReached.hint')} error={error('budget.whenReached')}>
            <SingleSelect value={draft.budget.whenReached} disabled={disabled} onChange={(value: string | number) => set({ whenReached: String(value) as Budget['whenReached'] }, 'whenReached')}>
              {BEHAVIOURS.map((behaviour) => (
                <SingleSelectOption key={behaviour} value={behaviour}>
                  {t(`settings.budget.whenReached.${behaviour}`)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </FormField>
        </Grid.Item>
      </Grid.Root>
      <Flex direction="column" alignItems="flex-start" gap={1} data-testid="budget-status">
        {status.isLoading ? <Loader small>{t('common.loading')}</Loader> : null}
        {status.isError ? <Typography textColor="danger600">{errorMessage(status.error)}</Typography> : null}
        {status.data ? (
          <>
            {period('month', status.data.month)}
            {period('day', status.data.day)}
          </>
        ) : null}
      </Flex>
    </Section>
  );
}
