import type { Core } from '@strapi/strapi';
import { CircuitBreaker, withCircuitBreaker } from '../scenario/circuit-breaker';
import { createScenarioClient } from '../scenario/client';
import { errors } from '@strapi/utils';
import { checkDownloadUrl, isAllowedDownloadUrl } from '../scenario/download';
import { CIRCUIT_OPEN_CODE, ScenarioError, isConnectionFailure } from '../scenario/errors';
import { modelSupport, sizeFor } from '../scenario/model-inputs';
import type { ScenarioClient, ScenarioModelSummary } from '../scenario/types';
import { getService } from '../utils/get-service';
import type { AspectRatio } from '../config/schema';
import type { ConnectionTest, DownloadCheck, ModelPage, ModelSummary, ModelSupportAnswer } from '../shared/contracts';

/** How many of the account's recent jobs are looked through for an image to check. */
const JOBS_SCANNED_FOR_AN_ASSET = 20;

/** What the admin may be told about a failed call to Scenario: the client's message never carries a secret. */
export function scenarioFailure(error: unknown): { message: string; kind: string; status?: number } {
  if (error instanceof ScenarioError) return { message: error.message, kind: error.kind, status: error.status };
  return { message: error instanceof Error ? error.message : String(error), kind: 'unknown' };
}

/**
 * Whether an image of the account would pass the download allow-list: the URL of the newest finished job's first
 * asset is checked (never downloaded, never shown: only its host). `refused` names the host:port to allow.
 */
export async function checkDownloads(
  client: Pick<ScenarioClient, 'listJobs' | 'getAsset'>,
  allowedHosts: readonly string[],
): Promise<DownloadCheck> {
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

function describeModel(model: ScenarioModelSummary): ModelSummary {
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

/** How long a settings save waits to learn whether Scenario has the model chosen. */
const MODEL_CHECK_MS = 5_000;

/** What every caller says when there is no client: the one thing to do about it. */
export const NOT_CONFIGURED = 'Scenario is not configured (set SCENARIO_API_KEY and SCENARIO_API_SECRET)';
const notConfigured = () => new errors.ApplicationError(`${NOT_CONFIGURED}.`);

/**
 * Builds the Scenario client from the current settings (null when no key/secret is configured), behind one circuit
 * breaker per instance: an outage is logged once when it starts and once when it ends, not per job or per retry.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { key: string; model: string; client: ScenarioClient } | undefined;
  const breaker = new CircuitBreaker({
    onChange(state, reason) {
      if (state === 'open') strapi.log.warn(`[auto-illustration] ${reason}: articles get placeholders until Scenario is back.`);
      if (state === 'closed') strapi.log.info('[auto-illustration] Scenario can be reached again; waiting illustrations go on.');
    },
  });

  const connection = () => getService(strapi, 'settings').current().scenario;

  return {
    isConfigured(): boolean {
      const { apiKey, apiSecret } = connection();
      return Boolean(apiKey && apiSecret);
    },

    /** What the admin may see about the connection: never the key or the secret themselves. */
    status() {
      const { apiKey, apiSecret, baseUrl, projectId } = connection();
      return { hasApiKey: Boolean(apiKey), hasApiSecret: Boolean(apiSecret), baseUrl, projectId: projectId ?? null };
    },

    /** True when an error means Scenario is unreachable now (the circuit is open): jobs wait, they do not give up. */
    isUnreachable(error: unknown): boolean {
      return error instanceof ScenarioError && (error.code === CIRCUIT_OPEN_CODE || (isConnectionFailure(error) && breaker.state !== 'closed'));
    },

    /** When a waiting job should try again (the breaker's next probe). */
    nextProbeAt: () => breaker.nextProbeAt(),

    outage: () => (breaker.state === 'closed' ? null : { state: breaker.state, reason: breaker.reason }),

    /**
     * Whether Scenario answers now, asked with something free (the account's model list, one item): a text helper
     * that could not reach its endpoint asks, to tell Scenario being down (the circuit then opens, and the job
     * waits for it) from that endpoint alone failing (the job goes on without the helper). A refusal is an answer.
     */
    async reachable(): Promise<boolean> {
      const client = this.client();
      if (!client) return false;
      try {
        await client.listModels({ privacy: 'private', pageSize: 1 });
        return true;
      } catch (error) {
        return !isConnectionFailure(error);
      }
    },

    /**
     * Calls Scenario (the account's model list, one item): reports success or the exact error. Then checks that the
     * account's images could be downloaded: a misconfigured allow-list otherwise pays for every generation and
     * attaches placeholders.
     */
    async testConnection(): Promise<ConnectionTest> {
      const status = this.status();
      const client = this.client();
      if (!client) {
        const missing = [!status.hasApiKey && 'SCENARIO_API_KEY', !status.hasApiSecret && 'SCENARIO_API_SECRET'].filter(Boolean);
        return { ok: false, error: `Scenario is not configured: ${missing.join(' and ')} missing.`, kind: 'not-configured' };
      }
      const started = Date.now();
      try {
        await client.listModels({ privacy: 'private', pageSize: 1 });
        const elapsedMs = Date.now() - started;
        const download = await checkDownloads(client, connection().allowedDownloadHosts);
        return { ok: true, elapsedMs, baseUrl: status.baseUrl, projectId: status.projectId, download };
      } catch (error) {
        const failure = scenarioFailure(error);
        return { ok: false, elapsedMs: Date.now() - started, error: failure.message, kind: failure.kind, status: failure.status ?? null };
      }
    },

    /** One page of the Scenario catalog (public) or of the account's own models (private), text-to-image only. */
    async textToImageModels(query: { privacy: 'public' | 'private'; pageSize: number; paginationToken?: string }): Promise<ModelPage> {
      const client = this.client();
      if (!client) throw notConfigured();
      try {
        const page = await client.listModels(query);
        return {
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
    },

    /**
     * Whether Scenario has this model: false only when Scenario says it has none (a 404), so a typo saved as the
     * model would fail every generation; undefined when it cannot be asked now (not configured, down, slow), so a
     * save never waits on Scenario for longer than MODEL_CHECK_MS.
     */
    async hasModel(id: string): Promise<boolean | undefined> {
      const client = this.client();
      if (!client || breaker.state !== 'closed') return undefined;
      let timer: NodeJS.Timeout | undefined;
      const slow = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), MODEL_CHECK_MS)));
      const asked = client.getModel(id).then(
        () => true,
        (error: unknown) => (error instanceof ScenarioError && error.kind === 'not-found' ? false : undefined),
      );
      return Promise.race([asked, slow]).finally(() => clearTimeout(timer));
    },

    /** What a model supports (size, negative prompt, reference images, LoRA), read from its declared inputs. */
    async modelSupport(id: string, aspectRatio: AspectRatio): Promise<ModelSupportAnswer> {
      const client = this.client();
      if (!client) throw notConfigured();
      const model = await client.getModel(id).catch((error: unknown) => {
        if (error instanceof ScenarioError && error.kind === 'not-found') throw new errors.NotFoundError(`Scenario has no model ${id}`);
        throw error;
      });
      return { id: model.id, name: model.name, support: modelSupport(model), size: sizeFor(model, { aspectRatio }) ?? null };
    },

    client(): ScenarioClient | null {
      const settings = connection();
      if (!settings.apiKey || !settings.apiSecret) return null;
      const key = JSON.stringify(settings);
      // The model's declared inputs are read again when the model settings change.
      const model = JSON.stringify(getService(strapi, 'settings').current().model);
      if (cached?.key === key && cached.model !== model) {
        cached.model = model;
        cached.client.forgetModels();
      }
      if (cached?.key !== key) {
        breaker.succeeded();
        cached = {
          key,
          model,
          client: withCircuitBreaker(createScenarioClient({
            baseUrl: settings.baseUrl,
            apiKey: settings.apiKey,
            apiSecret: settings.apiSecret,
            projectId: settings.projectId,
            allowedDownloadHosts: settings.allowedDownloadHosts,
            maxDownloadBytes: settings.maxDownloadBytes,
            requestTimeoutMs: settings.requestTimeoutMs,
            logger: {
              debug: (message: string) => strapi.log.debug(`[auto-illustration] ${message}`),
              warn: (message: string) => strapi.log.warn(`[auto-illustration] ${message}`),
            },
          }), breaker),
        };
      }
      return cached.client;
    },
  };
};
