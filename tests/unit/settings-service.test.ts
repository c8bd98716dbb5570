/**
 * The settings service over a stand-in store: saved values override the file config key by key, and a partial
 * update never resets the keys it did not send.
 */
import createSettingsService from '../../server/src/services/settings';

function fakeStrapi(fileConfig: Record<string, unknown>) {
  let stored: unknown = null;
  return {
    config: { get: () => fileConfig },
    store: () => ({ get: async () => stored, set: async ({ value }: { value: unknown }) => void (stored = value) }),
  } as never;
}

const FILE_CONFIG = {
  contentTypes: { 'api::article.article': { imageField: 'cover', textFields: ['body'] } },
  numOutputs: 3,
};

describe('settings service', () => {
  it('applies defaults to the file config', () => {
    const settings = createSettingsService({ strapi: fakeStrapi(FILE_CONFIG) });
    expect(settings.current().numOutputs).toBe(3);
    expect(settings.current().deadlineSeconds).toBe(180);
    expect(settings.contentType('api::article.article')).toMatchObject({ imageField: 'cover', titleField: 'title', replaceExisting: false });
  });

  it('a partial update keeps the keys it did not send (content types stay configured)', async () => {
    const settings = createSettingsService({ strapi: fakeStrapi(FILE_CONFIG) });
    await settings.update({ deadlineSeconds: 30 });
    expect(settings.current().deadlineSeconds).toBe(30);
    expect(settings.current().numOutputs).toBe(3);
    expect(settings.contentType('api::article.article')).toBeDefined();
    const reloaded = await settings.reload();
    expect(reloaded.deadlineSeconds).toBe(30);
    expect(Object.keys(reloaded.contentTypes)).toEqual(['api::article.article']);
  });

  it('rejects a bad value with a message naming the field, and stores nothing', async () => {
    const settings = createSettingsService({ strapi: fakeStrapi(FILE_CONFIG) });
    await expect(settings.update({ numOutputs: 9 })).rejects.toThrow(/numOutputs/);
    await expect(settings.update({ contentTypes: { 'api::article.article': { imageField: '' } } })).rejects.toThrow(/imageField/);
    await expect(settings.update({ apiKey: 'x' })).rejects.toThrow(/apiKey|Unrecognized/);
    expect((await settings.reload()).numOutputs).toBe(3);
  });

  it('falls back to the first built-in style when the chosen one is unknown', async () => {
    const settings = createSettingsService({ strapi: fakeStrapi({ ...FILE_CONFIG, style: 'gone' }) });
    expect(settings.stylePreset().id).toBe(settings.stylePresets()[0].id);
  });
});
