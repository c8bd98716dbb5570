import jobs from './jobs';
import settings from './settings';

export default { settings, jobs };
