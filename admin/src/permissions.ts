import { PLUGIN_ID } from './pluginId';

/** The plugin's admin permissions (registered by the server); the server enforces them on every route. */
const action = (name: string) => ({ action: `plugin::${PLUGIN_ID}.${name}`, subject: null });

export const PERMISSIONS = {
  settingsRead: [action('settings.read')],
  settingsUpdate: [action('settings.update')],
  generate: [action('generate')],
  jobsRead: [action('jobs.read')],
  backfill: [action('backfill')],
};
