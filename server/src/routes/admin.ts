import { ACTIONS, requires } from '../permissions';

/**
 * The admin API, under /auto-illustration. Every route requires an admin session and the permission it names: the
 * admin UI hides what a user may not do, but these policies are what enforce it.
 */
const route = (method: 'GET' | 'POST' | 'PUT', path: string, handler: string, ...actions: Parameters<typeof requires>) => ({
  method,
  path,
  handler,
  config: { policies: requires(...actions) },
});

export default {
  type: 'admin' as const,
  routes: [
    route('GET', '/settings', 'settings.find', ACTIONS.settingsRead),
    route('PUT', '/settings', 'settings.update', ACTIONS.settingsUpdate),
    route('POST', '/settings/reset', 'settings.reset', ACTIONS.settingsUpdate),
    route('POST', '/settings/test-connection', 'settings.testConnection', ACTIONS.settingsRead),
    route('POST', '/settings/preview-prompt', 'settings.previewPrompt', ACTIONS.settingsRead),
    route('GET', '/settings/estimate', 'settings.estimate', ACTIONS.settingsRead),
    route('GET', '/budget', 'settings.budget', ACTIONS.settingsRead),
    route('GET', '/models', 'settings.models', ACTIONS.settingsRead),
    route('GET', '/models/support', 'settings.modelSupport', ACTIONS.settingsRead),

    route('GET', '/jobs', 'jobs.list', ACTIONS.jobsRead),
    route('GET', '/jobs/:id', 'jobs.findOne', ACTIONS.jobsRead),
    route('GET', '/jobs/:id/candidates/:assetId/thumbnail', 'jobs.thumbnail', ACTIONS.jobsRead),
    route('POST', '/jobs/:id/retry', 'jobs.retry', ACTIONS.generate),
    route('POST', '/jobs/:id/choose', 'jobs.choose', ACTIONS.generate),
    route('POST', '/jobs/:id/use', 'jobs.useImage', ACTIONS.generate),

    route('GET', '/documents/status', 'jobs.forDocument', ACTIONS.jobsRead),
    route('POST', '/documents/generate', 'jobs.generate', ACTIONS.generate),

    route('POST', '/backfills/quote', 'backfill.quote', ACTIONS.backfill),
    route('POST', '/backfills', 'backfill.create', ACTIONS.backfill),
    route('GET', '/backfills', 'backfill.list', ACTIONS.backfill),
    route('GET', '/backfills/:id', 'backfill.findOne', ACTIONS.backfill),
    route('POST', '/backfills/:id/pause', 'backfill.pause', ACTIONS.backfill),
    route('POST', '/backfills/:id/resume', 'backfill.resume', ACTIONS.backfill),
    route('POST', '/backfills/:id/cancel', 'backfill.cancel', ACTIONS.backfill),
  ],
};
