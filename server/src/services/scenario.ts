import type { Core } from '@strapi/strapi';
import { CIRCUIT_OPEN_CODE, CircuitBreaker, isConnectionFailure, withCircuitBreaker } from '../scenario/circuit-breaker';
import { createScenarioClient } from '../scenario/client';
import { ScenarioError } from '../scenario/errors';
import type { ScenarioClient } from '../scenario/types';
import { getService } from '../utils/get-service';

/**
 * Builds the Scenario client from the current settings (null when no key/secret is configured), behind one circuit
 * breaker per instance: an outage is logged once when it starts and once when it ends, not per job or per retry.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { key: string; model: string; client: ScenarioClient } | undefined;
  const breaker = new CircuitBreaker({
    onChange(state, reason) {
      if (state === 'open') strapi.log.warn(`[auto-illustration] Scenario cannot be reached (${reason}); articles get placeholders until it is back.`);
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
