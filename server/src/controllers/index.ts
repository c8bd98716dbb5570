import backfill from './backfill';
import jobs from './jobs';
import provenance from './provenance';
import settings from './settings';

export default { settings, jobs, provenance, backfill };
