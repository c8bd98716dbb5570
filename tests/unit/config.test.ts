/**
 * The plugin's file config is validated at startup: a bad value stops Strapi with a message that names the key.
 */
import config from '../../server/src/config';
import { pluginConfigSchema } from '../../server/src/config/schema';

const env = Object.assign((key: string, fallback?: unknown) => process.env[key] ?? fallback, {
  array: (key: string, fallback?: unknown) => (process.env[key] ? process.env[key]!.split(',') : fallback),
});

describe('plugin config', () => {
  it('accepts the defaults and a typical content type', () => {
    const defaults = config.default({ env });
    expect(() => config.validator({ ...defaults, contentTypes: { 'api::article.article': { imageField: 'cover', textFields: ['body'] } } })).not.toThrow();
    const parsed = pluginConfigSchema.parse(defaults);
    expect(parsed.scenario.baseUrl).toBe('https://api.cloud.scenario.com/v1');
    expect(parsed.scenario.allowedDownloadHosts).toEqual(['cdn.cloud.scenario.com']);
    expect(parsed.numOutputs).toBe(2);
  });

  it('reads the connection from the environment', () => {
    process.env.SCENARIO_API_KEY = 'key-from-env';
    process.env.SCENARIO_DOWNLOAD_HOSTS = 'cdn.example.com,127.0.0.1:9000';
    try {
      const parsed = pluginConfigSchema.parse(config.default({ env }));
      expect(parsed.scenario.apiKey).toBe('key-from-env');
      expect(parsed.scenario.allowedDownloadHosts).toEqual(['cdn.example.com', '127.0.0.1:9000']);
    } finally {
      delete process.env.SCENARIO_API_KEY;
      delete process.env.SCENARIO_DOWNLOAD_HOSTS;
    }
  });

  it.each([
    [{ numOutputs: 9 }, /numOutputs/],
    [{ contentTypes: { article: { imageField: 'cover' } } }, /contentTypes/],
    [{ contentTypes: { 'api::article.article': { textFields: ['body'] } } }, /contentTypes\.api::article\.article\.imageField/],
    [{ scenario: { baseUrl: 'not a url' } }, /scenario\.baseUrl/],
    [{ aspectRatio: '5:1' }, /aspectRatio/],
    [{ deadlineSeconds: 1 }, /deadlineSeconds/],
    [{ numOutput: 2 }, /numOutput/],
  ])('rejects %j naming the key', (bad, message) => {
    expect(() => config.validator({ ...config.default({ env }), ...bad })).toThrow(message);
  });
});
