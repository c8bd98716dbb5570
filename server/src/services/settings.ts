import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { stripUndefined } from '../config';
import {
  describeIssues,
  editableSettingsSchema,
  pluginConfigSchema,
  type ContentTypeSettings,
  type EditableSettings,
  type PluginConfig,
} from '../config/schema';
import { BUILT_IN_STYLE_PRESETS, type StylePreset } from '../domain/prompt';
import { PLUGIN_ID } from '../utils/plugin-id';

const STORE_KEY = 'settings';

/**
 * The one place settings are read from: the file config (config/plugins.ts, validated at startup) with the values
 * an admin saved on the settings page laid over it. Kept in memory because the publish trigger consults it on every
 * publish; `reload()` refreshes it (the worker calls it each cycle so every instance sees saved changes).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: PluginConfig | undefined;

  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const fileConfig = () => stripUndefined(strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {}) as Record<string, unknown>;

  function merge(stored: Partial<EditableSettings> | null | undefined): PluginConfig {
    return pluginConfigSchema.parse({ ...fileConfig(), ...(stored ?? {}) });
  }

  async function readStored(): Promise<Partial<EditableSettings>> {
    const value = (await store().get({})) as Partial<EditableSettings> | null;
    return value ?? {};
  }

  return {
    current(): PluginConfig {
      cached ??= merge({});
      return cached;
    },

    async reload(): Promise<PluginConfig> {
      cached = merge(await readStored());
      return cached;
    },

    /** Validates a partial update of the editable settings; a bad value is a 400 that names the field. */
    async update(patch: unknown): Promise<PluginConfig> {
      const parsed = editableSettingsSchema.partial().strict().safeParse(patch);
      if (!parsed.success) throw new errors.ValidationError(describeIssues(parsed.error));
      // Only the keys the caller sent: zod fills defaults into absent ones, which must not override the file config.
      const sent = new Set(Object.keys(patch as object));
      const changes = Object.fromEntries(Object.entries(parsed.data).filter(([key]) => sent.has(key)));
      const stored = { ...(await readStored()), ...changes };
      const merged = pluginConfigSchema.safeParse({ ...fileConfig(), ...stored });
      if (!merged.success) throw new errors.ValidationError(describeIssues(merged.error));
      await store().set({ value: stored });
      cached = merged.data;
      return cached;
    },

    /** The settings of a content type that takes part, or undefined. */
    contentType(uid: string): ContentTypeSettings | undefined {
      const settings = this.current().contentTypes[uid];
      return settings?.enabled ? settings : undefined;
    },

    stylePresets(): StylePreset[] {
      const custom = this.current().stylePresets;
      const customIds = new Set(custom.map((preset) => preset.id));
      return [...BUILT_IN_STYLE_PRESETS.filter((preset) => !customIds.has(preset.id)), ...custom];
    },

    /** The chosen style, falling back to the first built-in one if it was deleted. */
    stylePreset(): StylePreset {
      const presets = this.stylePresets();
      return presets.find((preset) => preset.id === this.current().style) ?? presets[0];
    },
  };
};
