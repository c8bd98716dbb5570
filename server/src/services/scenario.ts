import type { Core } from '@strapi/strapi';
import { createScenarioClient } from '../scenario/client';
import type { ScenarioClient } from '../scenario/types';
import { getService } from '../utils/get-service';

/** Builds the Scenario client from the current settings; null when no key/secret is configured. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: { key: string; client: ScenarioClient } | undefined;

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

    client(): ScenarioClient | null {
      const settings = connection();
      if (!settings.apiKey || !settings.apiSecret) return null;
      const key = JSON.stringify(settings);
      if (cached?.key !== key) {
        cached = {
          key,
          client: createScenarioClient({
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
          }),
        };
      }
      return cached.client;
    },
  };
};
