import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { stripUndefined } from '../config';
import { checkSettingsAgainstApp, contentTypeOptions, contentTypesWithoutImageField, describeFieldIssues, requiredImageFieldIssues, sharedImageFieldIssues, type FieldIssue, type SchemaMap } from '../config/app-check';
import {
  ASPECT_RATIOS,
  editableSettingsSchema,
  issueList,
  MAX_REFERENCE_IMAGES,
  pluginConfigSchema,
  type ContentTypeSettings,
  type EditableSettings,
  type PluginConfig,
} from '../config/schema';
import { BUILT_IN_STYLE_PRESETS, PROMPT_PLACEHOLDERS, type StylePreset } from '../domain/prompt';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/plugin-id';
import { z } from 'zod';
import type { SettingSource, SettingsView } from '../shared/contracts';

const STORE_KEY = 'settings';

export type EditableKey = keyof EditableSettings;
export const EDITABLE_KEYS = Object.keys(editableSettingsSchema.shape) as EditableKey[];

const BUILT_IN_STYLE_IDS = BUILT_IN_STYLE_PRESETS.map((preset) => preset.id);

type Stored = Partial<Record<EditableKey, unknown>> & Record<string, unknown>;

/** The bounds of a number setting, read from its schema (so the page and the check never disagree). */
function rangeOf(schema: z.ZodType): { min: number | null; max: number | null } {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodOptional) inner = inner.unwrap() as z.ZodType;
  return inner instanceof z.ZodNumber ? { min: inner.minValue, max: inner.maxValue } : { min: null, max: null };
}

const LIMITS = {
  numOutputs: rangeOf(editableSettingsSchema.shape.numOutputs),
  deadlineSeconds: rangeOf(editableSettingsSchema.shape.deadlineSeconds),
  concurrency: rangeOf(editableSettingsSchema.shape.concurrency),
  loraScale: rangeOf(editableSettingsSchema.shape.model.unwrap().shape.loraScale),
  referenceImages: { min: 0, max: MAX_REFERENCE_IMAGES },
};

const editable = (config: PluginConfig): EditableSettings =>
  Object.fromEntries(EDITABLE_KEYS.map((key) => [key, config[key]])) as EditableSettings;

/**
 * The one place settings are read from: the file config (config/plugins.ts, validated at startup) with the values
 * an admin saved on the settings page laid over it, key by key. Kept in memory because the publish trigger consults
 * it on every publish; `reload()` refreshes it (the worker calls it each cycle so every instance sees saved changes).
 *
 * Saved values outlive the plugin's tables (Strapi's store is not removed on uninstall) and the app's content types,
 * so a saved value that no longer fits is ignored with one warning instead of stopping Strapi; the settings page
 * shows which values are saved and can drop them ("Use the file's value").
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: PluginConfig | undefined;
  let ignored: FieldIssue[] = [];
  /** Saved keys that gave way to the file config (merge): a save drops them from the store. */
  let clashed = new Set<string>();
  let savedKeys = new Set<EditableKey>();
  const warned = new Set<string>();

  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const fileConfig = () => stripUndefined(strapi.config.get(`plugin::${PLUGIN_ID}`) ?? {}) as Record<string, unknown>;
  const schemas = () => (strapi.contentTypes ?? {}) as unknown as SchemaMap;

  async function readStored(): Promise<Stored> {
    const value = (await store().get({})) as Stored | null;
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  }

  /**
   * The saved values that still fit: each key must still be a setting with a valid value, each saved content type
   * must fit the app's schemas (otherwise the file's entry for it, if any, applies), and the style must exist.
   */
  function usable(stored: Stored): { values: Partial<EditableSettings>; ignored: FieldIssue[] } {
    const dropped: FieldIssue[] = [];
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(stored)) {
      const schema = editableSettingsSchema.shape[key as EditableKey];
      if (!schema) {
        dropped.push({ path: key, message: 'is no longer a setting' });
        continue;
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) values[key] = value;
      else dropped.push(...issueList(parsed.error).map((issue) => ({ ...issue, path: issue.path === '(root)' ? key : `${key}.${issue.path}` })));
    }

    const file = fileConfig();
    if (values.contentTypes) {
      const fileTypes = (file.contentTypes ?? {}) as Record<string, unknown>;
      const kept: Record<string, unknown> = {};
      for (const [uid, entry] of Object.entries(values.contentTypes as Record<string, ContentTypeSettings>)) {
        const issues = checkSettingsAgainstApp({ contentTypes: { [uid]: entry } }, schemas(), BUILT_IN_STYLE_IDS);
        if (issues.length === 0) kept[uid] = entry;
        else {
          dropped.push(...issues);
          if (fileTypes[uid]) kept[uid] = fileTypes[uid];
        }
      }
      values.contentTypes = kept;
    }
    if (values.stylePresets) {
      const issues = checkSettingsAgainstApp({ stylePresets: values.stylePresets as StylePreset[] }, schemas(), BUILT_IN_STYLE_IDS);
      if (issues.length) {
        dropped.push(...issues);
        delete values.stylePresets;
      }
    }
    if (values.style !== undefined) {
      const presets = (values.stylePresets ?? file.stylePresets ?? []) as StylePreset[];
      const issues = checkSettingsAgainstApp({ style: values.style as string }, schemas(), BUILT_IN_STYLE_IDS, presets);
      if (issues.length) {
        dropped.push(...issues);
        delete values.style;
      }
    }
    return { values: values as Partial<EditableSettings>, ignored: dropped };
  }

  /** A 400 whose message names every bad key, with the same list in `details.errors` for the admin form. */
  const invalid = (issues: FieldIssue[]) => new errors.ValidationError(describeFieldIssues(issues), { errors: issues });

  /**
   * The file config with the saved values that fit it. A saved value that clashes with the file's (a saved deadline
   * longer than a giveUpAfterSeconds lowered in config/plugins.ts since) gives way, with a warning: a saved setting
   * never stops Strapi, nor a later save of other keys. A file config that is wrong on its own still fails, naming
   * its key; with `saving` (the keys a save sends), so does any clash: a 400.
   */
  function merge(result: { values: Partial<EditableSettings>; ignored: FieldIssue[] }, saving?: ReadonlySet<string>): PluginConfig {
    const values: Record<string, unknown> = { ...result.values };
    for (;;) {
      const parsed = pluginConfigSchema.safeParse({ ...fileConfig(), ...values });
      if (parsed.success) {
        result.values = values as Partial<EditableSettings>;
        return parsed.data;
      }
      const issues = issueList(parsed.error);
      const named = new Set(issues.map((issue) => issue.path.split('.')[0]));
      // (The one rule across keys: both of its keys are in question.)
      if (named.has('giveUpAfterSeconds')) named.add('deadlineSeconds');
      // A save that clashes (with the file or a saved value) is refused, naming what it sends and what it clashes with:
      // dropping the other value would change a setting the caller never sent, and the page may not show.
      if (saving) {
        const said = new Set(issues.map((issue) => issue.path.split('.')[0]));
        const clash = issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
        throw invalid([...issues, ...[...named].filter((key) => saving.has(key) && !said.has(key)).map((key) => ({ path: key, message: `clashes with the current settings (${clash}): send both to change them together` }))]);
      }
      const clashing = [...named].filter((key) => key in values);
      if (!clashing.length) return pluginConfigSchema.parse({ ...fileConfig(), ...values });
      for (const key of clashing) {
        const own = issues.find((issue) => issue.path.split('.')[0] === key);
        result.ignored.push({ path: key, message: own ? `${own.message}, with config/plugins.ts` : `clashes with config/plugins.ts (${issues[0].path} ${issues[0].message})` });
        delete values[key];
        clashed.add(key);
      }
    }
  }

  function apply(stored: Stored): PluginConfig {
    const result = usable(stored);
    clashed = new Set();
    const merged = merge(result);
    ignored = result.ignored;
    savedKeys = new Set(EDITABLE_KEYS.filter((key) => key in result.values));
    const lines = [
      ...ignored.map((issue) => `saved setting ${issue.path} ignored: ${issue.message}. Save it again on the settings page, or use the file's value.`),
      ...[...sharedImageFieldIssues(merged, schemas()), ...requiredImageFieldIssues(merged, schemas())].map((issue) => `${issue.path}: ${issue.message}.`),
    ];
    for (const line of lines) {
      if (warned.has(line)) continue;
      warned.add(line);
      strapi.log.warn(`[auto-illustration] ${line}`);
    }
    cached = merged;
    return merged;
  }

  return {
    current(): PluginConfig {
      cached ??= pluginConfigSchema.parse(fileConfig());
      return cached;
    },

    async reload(): Promise<PluginConfig> {
      return apply(await readStored());
    },

    /** The file config (config/plugins.ts) with defaults, without any saved value. */
    fileSettings(): PluginConfig {
      return pluginConfigSchema.parse(fileConfig());
    },

    /** How the file config does not fit the app (unknown content types, fields, style): empty when all is well. */
    checkFileConfig(): FieldIssue[] {
      const config = this.fileSettings();
      return checkSettingsAgainstApp(config, schemas(), BUILT_IN_STYLE_IDS);
    },

    /** Per editable setting, where its current value comes from. */
    sources(): Record<EditableKey, SettingSource> {
      const file = fileConfig();
      return Object.fromEntries(
        EDITABLE_KEYS.map((key) => [key, savedKeys.has(key) ? 'saved' : key in file ? 'file' : 'default']),
      ) as Record<EditableKey, SettingSource>;
    },

    /** Saved values left out because they no longer fit (a content type deleted since, an unknown style). */
    ignoredSaved(): FieldIssue[] {
      return ignored;
    },

    /**
     * Validates a partial update of the editable settings, against the schemas and against the app (fields, style);
     * a bad value is a 400 that names the field, and nothing is saved.
     */
    async update(patch: unknown): Promise<PluginConfig> {
      const parsed = editableSettingsSchema.partial().strict().safeParse(patch);
      if (!parsed.success) throw invalid(issueList(parsed.error));
      const data = parsed.data;
      // Only the keys the caller sent: zod fills defaults into absent ones, which must not override the file config.
      const sent = new Set(Object.keys(patch as object));
      const changes = Object.fromEntries(Object.entries(data).filter(([key]) => sent.has(key))) as Partial<EditableSettings>;

      const current = this.current();
      const presets = changes.stylePresets ?? current.stylePresets;
      const styleToCheck = changes.style ?? (changes.stylePresets ? current.style : undefined);
      const issues = checkSettingsAgainstApp(
        { contentTypes: changes.contentTypes, stylePresets: changes.stylePresets, style: styleToCheck },
        schemas(),
        BUILT_IN_STYLE_IDS,
        presets,
      );
      if (changes.model?.loraId && changes.model.loraId === changes.model.id) {
        issues.push({ path: 'model.loraId', message: 'a trained style is applied on top of a base model, not used as one' });
      }
      // A model id Scenario does not know (a typo kept as a typed-in id) would fail every generation: a 400 now. (Both
      // asked at once: a slow Scenario holds a save up once.)
      const models = [['model.id', changes.model?.id, current.model.id], ['model.loraId', changes.model?.loraId, current.model.loraId]] as const;
      const known = await Promise.all(models.map(([, id, was]) => (id && id !== was ? getService(strapi, 'scenario').hasModel(id) : true)));
      models.forEach(([path, id], i) => known[i] === false && issues.push({ path, message: `Scenario has no model ${id}: choose one from the list, or check the id` }));
      // Each reference must be an image file of the Media Library (a 400 naming referenceImages.N otherwise).
      if (changes.referenceImages) issues.push(...(await getService(strapi, 'reference-images').check(changes.referenceImages)));
      if (issues.length) throw invalid(issues);

      const stored: Stored = { ...(await readStored()), ...changes };
      // A saved value that gave way to the file config (the page shows the file's) leaves the store: it never comes
      // back unasked. A clash with what stays is a 400 (merge).
      for (const key of clashed) if (!(key in changes)) delete stored[key];
      merge(usable(stored), new Set(Object.keys(changes)));
      await store().set({ value: stored });
      const applied = apply(stored);
      // Jobs waiting for the next period may fit the new caps now.
      if (changes.budget) await getService(strapi, 'budget').capsChanged();
      return applied;
    },

    /** Forgets saved values (the given keys, or all), so the file config's values (or the defaults) apply again. */
    async reset(keys: readonly EditableKey[] = EDITABLE_KEYS): Promise<PluginConfig> {
      const stored = await readStored();
      for (const key of keys) delete stored[key];
      // Keys that are no longer settings go too when everything is reset.
      if (keys.length === EDITABLE_KEYS.length) for (const key of Object.keys(stored)) if (!EDITABLE_KEYS.includes(key as EditableKey)) delete stored[key];
      await store().set({ value: stored });
      return apply(stored);
    },

    /** Everything the settings page shows: values, where each comes from, the file's values, and the choices. */
    view(): SettingsView {
      const contentTypes = contentTypeOptions(schemas());
      return {
        settings: editable(this.current()),
        /** Per setting: 'saved' (from this page, overrides the file), 'file' (config/plugins) or 'default'. */
        sources: this.sources(),
        /** What each setting would be without its saved value. */
        fileSettings: editable(this.fileSettings()),
        /** Saved values left out because they no longer fit the app. */
        ignoredSaved: this.ignoredSaved(),
        connection: getService(strapi, 'scenario').status(),
        options: {
          aspectRatios: ASPECT_RATIOS,
          placeholders: PROMPT_PLACEHOLDERS,
          builtInStylePresets: BUILT_IN_STYLE_PRESETS,
          contentTypes,
          withoutImageField: contentTypesWithoutImageField(schemas(), contentTypes),
          limits: LIMITS,
        },
      };
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
