import articles from './articles';
import backfill from './backfill';
import budget from './budget';
import collections from './collections';
import generationSlots from './generation-slots';
import illustrations from './illustrations';
import jobs from './jobs';
import media from './media';
import pipeline from './pipeline';
import promptPreview from './prompt-preview';
import referenceImages from './reference-images';
import scenario from './scenario';
import settings from './settings';
import termStats from './term-stats';
import textAnalysis from './text-analysis';
import thumbnails from './thumbnails';
import worker from './worker';

export default { settings, scenario, 'generation-slots': generationSlots, collections, jobs, articles, media, pipeline, worker, illustrations, 'term-stats': termStats, 'text-analysis': textAnalysis, thumbnails, 'prompt-preview': promptPreview, 'reference-images': referenceImages, budget, backfill };
