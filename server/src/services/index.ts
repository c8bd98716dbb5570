import articles from './articles';
import jobs from './jobs';
import media from './media';
import pipeline from './pipeline';
import scenario from './scenario';
import settings from './settings';
import worker from './worker';

export default { settings, scenario, jobs, articles, media, pipeline, worker };
