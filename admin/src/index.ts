import { PLUGIN_ID } from './pluginId';

type Translations = Record<string, string>;

const prefixed = (translations: Translations): Translations =>
  Object.fromEntries(Object.entries(translations).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value]));

export default {
  register(app: { registerPlugin: (plugin: { id: string; name: string }) => void }) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
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
