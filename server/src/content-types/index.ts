import backfillSchema from './backfill/schema.json';
import budgetPeriodSchema from './budget-period/schema.json';
import jobSchema from './job/schema.json';
import termSchema from './term/schema.json';

export default {
  job: { schema: jobSchema },
  term: { schema: termSchema },
  'budget-period': { schema: budgetPeriodSchema },
  backfill: { schema: backfillSchema },
};
