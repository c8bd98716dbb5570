import { DEFAULT_DOWNLOAD_HOSTS, DEFAULT_SCENARIO_BASE_URL, describeIssues, pluginConfigSchema } from './schema';

type Env = ((key: string, fallback?: unknown) => unknown) & { array: (key: string, fallback?: unknown) => unknown };

export default {
  // Connection details default to the environment so secrets never have to be written into config files.
  default: ({ env }: { env: Env }) => ({
    scenario: {
      baseUrl: env('SCENARIO_BASE_URL', DEFAULT_SCENARIO_BASE_URL),
      apiKey: env('SCENARIO_API_KEY', undefined),
      apiSecret: env('SCENARIO_API_SECRET', undefined),
      projectId: env('SCENARIO_PROJECT_ID', undefined),
      allowedDownloadHosts: env.array('SCENARIO_DOWNLOAD_HOSTS', DEFAULT_DOWNLOAD_HOSTS),
    },
  }),
  // Runs at startup: Strapi prefixes the message with "Error regarding auto-illustration config:".
  validator(config: unknown) {
    const result = pluginConfigSchema.safeParse(stripUndefined(config));
    if (!result.success) throw new Error(describeIssues(result.error));
  },
};

/** Env lookups that found nothing leave `undefined` keys behind; zod's strict objects should treat them as absent. */
export function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUndefined) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, stripUndefined(v)]),
    ) as T;
  }
  return value;
}
