import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { ZodError } from 'zod';
import { ASPECT_RATIOS, editableSettingsSchema, type EditableSettings, type PluginConfig } from '../config/schema';
import { extractKeyphrases } from '../domain/keyphrases';
import { BUILT_IN_STYLE_PRESETS, PROMPT_PLACEHOLDERS, buildPrompt } from '../domain/prompt';
import { ScenarioError } from '../scenario/errors';
import type { ScenarioModelSummary } from '../scenario/types';
import { getService } from '../utils/get-service';
import {
  TEXT_ATTRIBUTE_TYPES,
  TITLE_ATTRIBUTE_TYPES,
  checkContentTypeFields,
  isImageField,
  modelListQuery,
  parse,
  promptPreviewBody,
  settingsBody,
  type AttributeLike,
} from '../validation';
import { scenarioFailure, type Ctx } from './http';

const EDITABLE_KEYS = Object.keys(editableSettingsSchema.shape) as Array<keyof EditableSettings>;

/** The sample article of the prompt preview. */
export const SAMPLE_ARTICLE = {
  title: 'Volunteers restore the old lighthouse on Puffin Island',
  text:
    'The lighthouse on Puffin Island had been dark for thirty years before a group of volunteers took on its restoration. ' +
    'Carpenters rebuilt the keeper cottage while glaziers replaced the lantern glass, and the lighthouse lamp shone again in September. ' +
    'Seabirds nest on the cliffs below the tower, and the island ferry now brings visitors every weekend.',
};

const PLACEHOLDER_PATTERN = /\{([a-zA-Z_][\w-]*)\}/g;
const KNOWN_PLACEHOLDERS = new Set(PROMPT_PLACEHOLDERS.map((placeholder) => placeholder.slice(1, -1)));

type ContentTypeSchema = {
  uid?: string;
  info?: { displayName?: string };
  kind?: string;
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
  attributes: Record<string, AttributeLike & Record<string, unknown>>;
};

const issuesOf = (error: ZodError) =>
  error.issues.map((issue) => ({ path: issue.path.length ? issue.path.join('.') : '(root)', message: issue.message }));

/** "a.b: message; c: message" (the settings service's messages) back into { path, message } pairs. */
function splitIssues(message: string): Array<{ path: string; message: string }> {
  // Paths have no spaces ("contentTypes.api::article.article.imageField"), so the first ": " ends one.
  return message.split(/; (?=\S+: )/).map((part) => {
    const match = /^(\S+): ([\s\S]*)$/.exec(part);
    return match ? { path: match[1], message: match[2] } : { path: '(root)', message: part };
  });
}

/** A 400 whose message names every bad field, with the same list in `details.errors` for the admin form. */
function validationError(issues: Array<{ path: string; message: string }>) {
  return new errors.ValidationError(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { errors: issues });
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');
  const scenario = () => getService(strapi, 'scenario');

  const schemaOf = (uid: string) => (strapi.contentTypes as unknown as Record<string, ContentTypeSchema>)[uid];

  /** Content types that can take part: the app's own (api::) with a single media field for images. */
  function contentTypeOptions() {
    return Object.entries(strapi.contentTypes as unknown as Record<string, ContentTypeSchema>)
      .filter(([uid]) => uid.startsWith('api::'))
      .map(([uid, schema]) => {
        // Fields an editor works with: not the ones Strapi and its plugins add (i18n's "locale", timestamps...).
        const attributes = Object.entries(schema.attributes ?? {}).filter(
          ([, attribute]) => attribute.visible !== false && attribute.configurable !== false && attribute.private !== true,
        );
        return {
          uid,
          displayName: schema.info?.displayName ?? uid,
          kind: schema.kind ?? 'collectionType',
          localized: Boolean(schema.pluginOptions?.i18n?.localized),
          draftAndPublish: Boolean(schema.options?.draftAndPublish),
          imageFields: attributes.filter(([, attribute]) => isImageField(attribute)).map(([name]) => name),
          titleFields: attributes.filter(([, attribute]) => TITLE_ATTRIBUTE_TYPES.includes(attribute.type as never)).map(([name]) => name),
          textFields: attributes
            .filter(([, attribute]) => TEXT_ATTRIBUTE_TYPES.includes(attribute.type as never))
            .map(([name, attribute]) => ({ name, type: attribute.type })),
        };
      })
      .filter((option) => option.imageFields.length > 0)
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  function editable(config: PluginConfig): EditableSettings {
    return Object.fromEntries(EDITABLE_KEYS.map((key) => [key, config[key]])) as EditableSettings;
  }

  function view() {
    const config = settings().current();
    return {
      settings: editable(config),
      connection: scenario().status(),
      options: {
        aspectRatios: ASPECT_RATIOS,
        placeholders: PROMPT_PLACEHOLDERS,
        builtInStylePresets: BUILT_IN_STYLE_PRESETS,
        contentTypes: contentTypeOptions(),
        limits: {
          numOutputs: { min: 1, max: 4 },
          deadlineSeconds: { min: 10, max: 3600 },
          concurrency: { min: 1, max: 10 },
          loraScale: { min: 0, max: 2 },
        },
      },
    };
  }

  /** Checks a settings patch beyond its shape: fields against the models, the chosen style, template placeholders. */
  function checkPatch(patch: Record<string, unknown>) {
    const parsed = editableSettingsSchema.partial().strict().safeParse(patch);
    if (!parsed.success) return issuesOf(parsed.error);
    const data = parsed.data;
    const issues = checkContentTypeFields(data.contentTypes, (uid) => schemaOf(uid)?.attributes);

    const presets = data.stylePresets ?? settings().current().stylePresets;
    const seen = new Set<string>();
    presets.forEach((preset, index) => {
      if (seen.has(preset.id)) issues.push({ path: `stylePresets.${index}.id`, message: `"${preset.id}" is used by another preset` });
      seen.add(preset.id);
      const unknown = [...preset.template.matchAll(PLACEHOLDER_PATTERN)].map((match) => match[1]).filter((name) => !KNOWN_PLACEHOLDERS.has(name));
      if (unknown.length) {
        issues.push({
          path: `stylePresets.${index}.template`,
          message: `unknown placeholder ${unknown.map((name) => `{${name}}`).join(', ')}; use ${PROMPT_PLACEHOLDERS.join(', ')}`,
        });
      }
    });
    if (data.style !== undefined || data.stylePresets !== undefined) {
      const style = data.style ?? settings().current().style;
      const known = new Set([...BUILT_IN_STYLE_PRESETS.map((preset) => preset.id), ...presets.map((preset) => preset.id)]);
      if (!known.has(style)) issues.push({ path: 'style', message: `there is no style preset "${style}"` });
    }
    if (data.model?.loraId && data.model.loraId === data.model.id) {
      issues.push({ path: 'model.loraId', message: 'a trained style is applied on top of a base model, not used as one' });
    }
    return issues;
  }

  return {
    async find(ctx: Ctx) {
      ctx.body = view();
    },

    async update(ctx: Ctx) {
      const patch = parse(settingsBody, ctx.request.body);
      const issues = checkPatch(patch);
      if (issues.length) throw validationError(issues);
      try {
        await settings().update(patch);
      } catch (error) {
        if (error instanceof errors.ValidationError) throw validationError(splitIssues(error.message));
        throw error;
      }
      ctx.body = view();
    },

    /** Calls Scenario once (the account's model list, one item): reports success or the exact error. */
    async testConnection(ctx: Ctx) {
      const status = scenario().status();
      const client = scenario().client();
      if (!client) {
        const missing = [!status.hasApiKey && 'SCENARIO_API_KEY', !status.hasApiSecret && 'SCENARIO_API_SECRET'].filter(Boolean);
        ctx.body = { ok: false, error: `Scenario is not configured: ${missing.join(' and ')} missing.`, kind: 'not-configured' };
        return;
      }
      const started = Date.now();
      try {
        await client.listModels({ privacy: 'private', pageSize: 1 });
        ctx.body = { ok: true, elapsedMs: Date.now() - started, baseUrl: status.baseUrl, projectId: status.projectId };
      } catch (error) {
        const failure = scenarioFailure(error);
        ctx.body = { ok: false, elapsedMs: Date.now() - started, error: failure.message, kind: failure.kind, status: failure.status ?? null };
      }
    },

    /** One page of the Scenario catalog (public) or of the account's own models (private), text-to-image only. */
    async models(ctx: Ctx) {
      const query = parse(modelListQuery, ctx.query);
      const client = scenario().client();
      if (!client) throw new errors.ApplicationError('Scenario is not configured: set SCENARIO_API_KEY and SCENARIO_API_SECRET.');
      try {
        const page = await client.listModels(query);
        ctx.body = {
          models: page.models.filter((model) => model.capabilities.includes('txt2img')).map(describeModel),
          nextPaginationToken: page.nextPaginationToken ?? null,
        };
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        const failure = scenarioFailure(error);
        ctx.status = 502;
        ctx.body = { data: null, error: { status: 502, name: 'ScenarioError', message: failure.message, details: { kind: failure.kind } } };
      }
    },

    /** The prompt a template makes for a sample article (the built-in one unless a title and text are given). */
    async previewPrompt(ctx: Ctx) {
      const body = parse(promptPreviewBody, ctx.request.body);
      const sample = body.title ? { title: body.title, text: body.text ?? '' } : SAMPLE_ARTICLE;
      const keyphrases = extractKeyphrases(sample, { limit: 10 }).map((phrase) => phrase.phrase);
      const built = buildPrompt({
        title: sample.title,
        keyphrases,
        style: { id: 'preview', name: 'Preview', template: body.template, negativePrompt: body.negativePrompt },
        maxLength: settings().current().model.maxPromptLength,
      });
      const unknownPlaceholders = [...body.template.matchAll(PLACEHOLDER_PATTERN)]
        .map((match) => `{${match[1]}}`)
        .filter((placeholder) => !PROMPT_PLACEHOLDERS.includes(placeholder));
      ctx.body = {
        sample: { title: sample.title },
        keyphrases,
        usedKeyphrases: built.usedKeyphrases,
        prompt: built.prompt,
        negativePrompt: built.negativePrompt ?? null,
        unknownPlaceholders,
      };
    },

    /** "About N credits per article": a dry run of the saved settings (nothing is billed). */
    async estimate(ctx: Ctx) {
      const config = settings().current();
      const basis = { model: config.model.id, loraId: config.model.loraId ?? null, numOutputs: config.numOutputs, aspectRatio: config.aspectRatio };
      try {
        const estimate = await getService(strapi, 'illustrations').estimate();
        ctx.body = { credits: estimate.credits, reason: estimate.reason ?? null, basis };
      } catch (error) {
        ctx.body = { credits: null, reason: scenarioFailure(error).message, basis };
      }
    },
  };
};

function describeModel(model: ScenarioModelSummary) {
  return {
    id: model.id,
    name: model.name,
    type: model.type ?? null,
    privacy: model.privacy ?? null,
    capabilities: model.capabilities,
    /** A trained style (LoRA) runs on top of a base model and is never called directly. */
    kind: /lora/i.test(model.type ?? '') ? 'lora' : 'base',
  };
}
