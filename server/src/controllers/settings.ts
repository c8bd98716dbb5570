import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { contentTypeOptions, type SchemaMap } from '../config/app-check';
import { ASPECT_RATIOS, type EditableSettings, type PluginConfig } from '../config/schema';
import { BUILT_IN_STYLE_PRESETS, PROMPT_PLACEHOLDERS, buildPrompt } from '../domain/prompt';
import { ScenarioError } from '../scenario/errors';
import { checkDownloadUrl, isAllowedDownloadUrl } from '../scenario/download';
import { modelSupport, sizeFor } from '../scenario/model-inputs';
import type { ScenarioClient, ScenarioModelSummary } from '../scenario/types';
import { TextWorkerError } from '../services/text-analysis';
import { getService } from '../utils/get-service';
import { EDITABLE_KEYS } from '../services/settings';
import { modelListQuery, modelSupportQuery, parse, promptPreviewBody, settingsBody, settingsResetBody } from '../validation';
import { answerScenarioFailure, scenarioFailure, sendError, type Ctx } from './http';

/** The sample article of the prompt preview. */
export const SAMPLE_ARTICLE = {
  title: 'Volunteers restore the old lighthouse on Puffin Island',
  text:
    'The lighthouse on Puffin Island had been dark for thirty years before a group of volunteers took on its restoration. ' +
    'Carpenters rebuilt the keeper cottage while glaziers replaced the lantern glass, and the lighthouse lamp shone again in September. ' +
    'Seabirds nest on the cliffs below the tower, and the island ferry now brings visitors every weekend.',
};

const PLACEHOLDER_PATTERN = /\{([a-zA-Z_][\w-]*)\}/g;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');
  const scenario = () => getService(strapi, 'scenario');

  function editable(config: PluginConfig): EditableSettings {
    return Object.fromEntries(EDITABLE_KEYS.map((key) => [key, config[key]])) as EditableSettings;
  }

  function view() {
    const config = settings().current();
    return {
      settings: editable(config),
      /** Per setting: 'saved' (from this page, overrides the file), 'file' (config/plugins) or 'default'. */
      sources: settings().sources(),
      /** What each setting would be without its saved value. */
      fileSettings: editable(settings().fileSettings()),
      /** Saved values left out because they no longer fit the app. */
      ignoredSaved: settings().ignoredSaved(),
      connection: scenario().status(),
      options: {
        aspectRatios: ASPECT_RATIOS,
        placeholders: PROMPT_PLACEHOLDERS,
        builtInStylePresets: BUILT_IN_STYLE_PRESETS,
        contentTypes: contentTypeOptions(strapi.contentTypes as unknown as SchemaMap),
        limits: {
          numOutputs: { min: 1, max: 4 },
          deadlineSeconds: { min: 10, max: 3600 },
          concurrency: { min: 1, max: 10 },
          loraScale: { min: 0, max: 2 },
        },
      },
    };
  }

  return {
    async find(ctx: Ctx) {
      ctx.body = view();
    },

    async update(ctx: Ctx) {
      await settings().update(parse(settingsBody, ctx.request.body));
      ctx.body = view();
    },

    /** "Use the file's value": drops saved values (some keys, or all) so config/plugins (or the default) applies. */
    async reset(ctx: Ctx) {
      const { keys } = parse(settingsResetBody, ctx.request.body);
      await settings().reset(keys);
      ctx.body = view();
    },

    /**
     * Calls Scenario (the account's model list, one item): reports success or the exact error. Then checks that the
     * account's images could be downloaded: a misconfigured allow-list otherwise pays for every generation and
     * attaches placeholders.
     */
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
        const elapsedMs = Date.now() - started;
        const download = await checkDownloads(client, settings().current().scenario.allowedDownloadHosts);
        ctx.body = { ok: true, elapsedMs, baseUrl: status.baseUrl, projectId: status.projectId, download };
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
      await answerScenarioFailure(ctx, async () => {
        try {
          const page = await client.listModels(query);
          ctx.body = {
            models: page.models.filter((model) => model.capabilities.includes('txt2img')).map(describeModel),
            nextPaginationToken: page.nextPaginationToken ?? null,
          };
        } catch (error) {
          // Scenario refuses a token it did not issue (or one that expired): the caller's mistake, not a gateway error.
          if (error instanceof ScenarioError && error.kind === 'validation' && query.paginationToken) {
            throw new errors.ValidationError(`paginationToken: Scenario refused it (${error.message})`, {
              errors: [{ path: 'paginationToken', message: `Scenario refused it (${error.message})` }],
            });
          }
          throw error;
        }
      });
    },

    /** The prompt a template makes for a sample article (the built-in one unless a title and text are given). */
    async previewPrompt(ctx: Ctx) {
      const body = parse(promptPreviewBody, ctx.request.body);
      const sample = body.title ? { title: body.title, text: body.text ?? '' } : SAMPLE_ARTICLE;
      let keyphrases: string[];
      try {
        // Off Strapi's thread, like every article (services/text-analysis.ts).
        keyphrases = (await getService(strapi, 'text-analysis').keyphrases(sample, { limit: 10 })).map((phrase) => phrase.phrase);
      } catch (error) {
        if (!(error instanceof TextWorkerError)) throw error;
        sendError(ctx, 503, 'TextAnalysisError', error.message);
        return;
      }
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

    /** What a model supports (size, negative prompt, reference images, LoRA), read from its declared inputs. */
    async modelSupport(ctx: Ctx) {
      const { id, aspectRatio } = parse(modelSupportQuery, ctx.query);
      const client = scenario().client();
      if (!client) throw new errors.ApplicationError('Scenario is not configured: set SCENARIO_API_KEY and SCENARIO_API_SECRET.');
      await answerScenarioFailure(ctx, async () => {
        const model = await client.getModel(id).catch((error: unknown) => {
          if (error instanceof ScenarioError && error.kind === 'not-found') throw new errors.NotFoundError(`id: Scenario has no model ${id}`);
          throw error;
        });
        ctx.body = { id: model.id, name: model.name, support: modelSupport(model), size: sizeFor(model, { aspectRatio: aspectRatio ?? settings().current().aspectRatio }) ?? null };
      });
    },

    /**
     * "About N credits per article": a dry run of the saved settings (nothing is billed), with the size the model is
     * really sent and the wishes it has no input for (a 16:9 setting is not claimed on a model that ignores it).
     */
    async estimate(ctx: Ctx) {
      const config = settings().current();
      const basis = { model: config.model.id, loraId: config.model.loraId ?? null, numOutputs: config.numOutputs, aspectRatio: config.aspectRatio };
      try {
        const estimate = await getService(strapi, 'illustrations').estimate();
        ctx.body = {
          credits: estimate.credits,
          reason: estimate.reason ?? null,
          basis,
          size: estimate.size ?? null,
          unsupported: estimate.unsupported ?? [],
          helpers: estimate.helpers ?? null,
        };
      } catch (error) {
        ctx.body = { credits: null, reason: scenarioFailure(error).message, basis, size: null, unsupported: [], helpers: null };
      }
    },
  };
};

/** How many of the account's recent jobs are looked through for an image to check. */
const JOBS_SCANNED_FOR_AN_ASSET = 20;

/**
 * Whether an image of the account would pass the download allow-list: the URL of the newest finished job's first
 * asset is checked (never downloaded, never shown: only its host). `refused` names the host:port to allow.
 */
export async function checkDownloads(
  client: Pick<ScenarioClient, 'listJobs' | 'getAsset'>,
  allowedHosts: readonly string[],
): Promise<{ state: 'allowed' | 'refused' | 'no-asset' | 'unknown'; host?: string; reason?: string }> {
  try {
    const { jobs } = await client.listJobs({ pageSize: JOBS_SCANNED_FOR_AN_ASSET });
    const job = jobs.find((candidate) => candidate.status === 'success' && candidate.assetIds.length > 0);
    if (!job) return { state: 'no-asset' };
    const asset = await client.getAsset(job.assetIds[0]);
    if (!asset.url) return { state: 'no-asset' };
    const url = new URL(asset.url);
    if (isAllowedDownloadUrl(asset.url, allowedHosts)) return { state: 'allowed', host: url.host };
    // Refused for its host (adding it would do), or for another reason (plain http, credentials in the URL).
    if (isAllowedDownloadUrl(asset.url, [url.host])) return { state: 'refused', host: url.host };
    try {
      checkDownloadUrl(asset.url, [url.host]);
    } catch (error) {
      return { state: 'refused', host: url.host, reason: (error as Error).message };
    }
    return { state: 'refused', host: url.host };
  } catch (error) {
    return { state: 'unknown', reason: scenarioFailure(error).message };
  }
}

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
