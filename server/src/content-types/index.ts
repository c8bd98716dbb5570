import jobSchema from './job/schema.json';
import termSchema from './term/schema.json';

export default {
  job: { schema: jobSchema },
  term: { schema: termSchema },
};
