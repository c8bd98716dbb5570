import { Images, Magic } from '@strapi/icons';
import { GenerateIllustrationAction } from './components/GenerateIllustrationAction';
import { IllustrationPanel } from './components/IllustrationPanel';
import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { trad } from './utils/useT';

type Translations = Record<string, string>;

const prefixed = (translations: Translations): Translations =>
  Object.fromEntries(Object.entries(translations).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value]));

/** The parts of the admin app this plugin uses (see StrapiApp in @strapi/admin). */
interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
  addMenuLink(link: unknown): void;
  addSettingsLink(section: unknown, links: unknown): void;
  getPlugin(id: string): { apis: Record<string, (...args: unknown[]) => void> };
}

export default {
  register(app: AdminApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });

    // The jobs list, for editors too (it needs jobs.read, not access to the settings).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Magic,
      intlLabel: trad('jobs.menu'),
      permissions: PERMISSIONS.jobsRead,
      Component: () => import('./pages/JobsPage'),
    });

    // Illustrate existing articles: its own permission, since it can spend a month's credits in one click.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}-backfill`,
      icon: Images,
      intlLabel: trad('backfill.menu'),
      permissions: PERMISSIONS.backfill,
      Component: () => import('./pages/BackfillPage'),
    });

    // Settings → Auto illustration
    app.addSettingsLink({ id: PLUGIN_ID, intlLabel: trad('plugin.name') }, [
      {
        id: `${PLUGIN_ID}-settings`,
        to: PLUGIN_ID,
        intlLabel: trad('settings.menu'),
        permissions: PERMISSIONS.settingsRead,
        Component: () => import('./pages/SettingsPage'),
      },
    ]);
  },

  bootstrap(app: AdminApp) {
    const contentManager = app.getPlugin('content-manager');
    contentManager.apis.addEditViewSidePanel([IllustrationPanel]);
    contentManager.apis.addDocumentAction((actions: unknown[]) => [...actions, GenerateIllustrationAction]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = await import(`./translations/${locale}.json`);
          return { data: prefixed(data as Translations), locale };
        } catch {
          return { data: {}, locale };
        }
      }),
    );
  },
};
