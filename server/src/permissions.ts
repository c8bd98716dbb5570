import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './utils/plugin-id';

/**
 * The plugin's admin permissions, in one place: registered with Strapi's RBAC at bootstrap, required by the admin
 * routes (server side, so hiding a button is never the only protection) and checked by the admin UI.
 */
export const ACTIONS = {
  settingsRead: 'settings.read',
  settingsUpdate: 'settings.update',
  generate: 'generate',
  jobsRead: 'jobs.read',
  backfill: 'backfill',
} as const;

export type PluginAction = (typeof ACTIONS)[keyof typeof ACTIONS];

/** The full action id as Strapi stores it: plugin::auto-illustration.settings.read */
export const actionId = (action: PluginAction) => `plugin::${PLUGIN_ID}.${action}`;

const DESCRIPTIONS: Array<{ uid: PluginAction; displayName: string; subCategory: string }> = [
  { uid: ACTIONS.settingsRead, displayName: 'Read settings', subCategory: 'settings' },
  { uid: ACTIONS.settingsUpdate, displayName: 'Edit settings', subCategory: 'settings' },
  { uid: ACTIONS.generate, displayName: 'Generate, regenerate and choose illustrations', subCategory: 'illustrations' },
  { uid: ACTIONS.jobsRead, displayName: 'See illustration jobs', subCategory: 'illustrations' },
  { uid: ACTIONS.backfill, displayName: 'Illustrate existing articles (backfill, spends credits)', subCategory: 'illustrations' },
];

/** Route policy that lets a request through only when the admin user holds every one of `actions`. */
export const requires = (...actions: PluginAction[]) => [
  { name: 'admin::hasPermissions', config: { actions: actions.map(actionId) } },
];

export async function registerPermissions(strapi: Core.Strapi): Promise<void> {
  await strapi
    .service('admin::permission')
    .actionProvider.registerMany(DESCRIPTIONS.map((action) => ({ section: 'plugins', pluginName: PLUGIN_ID, ...action })));
}
