/**
 * The settings service over a stand-in store: saved values override the file config key by key, and a partial
 * update never resets the keys it did not send.
 */
import createSettingsService from '../../server/src/services/settings';

const CONTENT_TYPES = {
  'api::article.article': {
    attributes: { title: { type: 'string' }, body: { type: 'blocks' }, cover: { type: 'media', multiple: false, allowedTypes: ['images'] } },
  },
  'api::guide.guide': { attributes: { title: { type: 'string' }, hero: { type: 'media', multiple: false } } },
};

function fakeStrapi(fileConfig: Record<string, unknown>, options: { stored?: unknown; contentTypes?: Record<string, unknown> } = {}) {
  let stored: unknown = options.stored ?? null;
  const warnings: string[] = [];
  const strapi = {
    config: { get: () => fileConfig },
    contentTypes: options.contentTypes ?? CONTENT_TYPES,
    log: { warn: (message: string) => warnings.push(message) },
    store: () => ({ get: async () => stored, set: async ({ value }: { value: unknown }) => void (stored = value) }),
  };
  return Object.assign(strapi as never, { warnings, stored: () => stored });
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

  it('warns once, at startup and after a save, of an image field all locales share', async () => {
    const contentTypes = { 'api::article.article': { ...CONTENT_TYPES['api::article.article'], pluginOptions: { i18n: { localized: true } } } };
    const strapi = fakeStrapi(FILE_CONFIG, { contentTypes });
    const settings = createSettingsService({ strapi });
    await settings.reload();
    await settings.update({ deadlineSeconds: 30 });
    expect((strapi as unknown as { warnings: string[] }).warnings).toEqual([expect.stringMatching(/^\[auto-illustration\] contentTypes\.api::article\.article\.imageField: "cover" is not localized/)]);
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

  it('a patch that does not fit the app is refused, naming the field, and nothing is stored', async () => {
    const strapi = fakeStrapi(FILE_CONFIG);
    const settings = createSettingsService({ strapi });
    await expect(settings.update({ contentTypes: { 'api::article.article': { imageField: 'coverr' } } })).rejects.toMatchObject({
      message: 'contentTypes.api::article.article.imageField: "coverr" is no field of api::article.article (single media fields of the type itself: cover; a field inside a component or dynamic zone cannot take the image)',
      details: { errors: [{ path: 'contentTypes.api::article.article.imageField' }] },
    });
    await expect(settings.update({ style: 'gone' })).rejects.toThrow(/^style: there is no style preset "gone"/);
    await expect(settings.update({ stylePresets: [{ id: 'x', name: 'X', template: 'A {mood}' }] })).rejects.toThrow(/stylePresets\.0\.template/);
    expect((strapi as unknown as { stored: () => unknown }).stored()).toBeNull();
  });

  it('the file config is checked against the app', () => {
    expect(createSettingsService({ strapi: fakeStrapi(FILE_CONFIG) }).checkFileConfig()).toEqual([]);
    const bad = createSettingsService({ strapi: fakeStrapi({ contentTypes: { 'api::article.article': { imageField: 'coverr' } }, style: 'nope' }) });
    expect(bad.checkFileConfig().map((issue) => issue.path)).toEqual(['contentTypes.api::article.article.imageField', 'style']);
  });

  it('saved values that no longer fit are ignored with one warning naming the key, and the rest still applies', async () => {
    const strapi = fakeStrapi(FILE_CONFIG, {
      stored: {
        numOutputs: 4,
        style: 'deleted-style',
        deadlineSeconds: 'soon',
        retired: true,
        contentTypes: {
          'api::article.article': { imageField: 'cover', textFields: ['body'], replaceExisting: true },
          'api::gone.gone': { imageField: 'cover' },
        },
      },
    });
    const settings = createSettingsService({ strapi });
    const config = await settings.reload();
    expect(config.numOutputs).toBe(4);
    expect(config.style).toBe('editorial-photo');
    expect(config.deadlineSeconds).toBe(180);
    expect(Object.keys(config.contentTypes)).toEqual(['api::article.article']);
    expect(config.contentTypes['api::article.article'].replaceExisting).toBe(true);
    expect(settings.ignoredSaved().map((issue) => issue.path).sort()).toEqual(['contentTypes.api::gone.gone', 'deadlineSeconds', 'retired', 'style']);
    const warnings = (strapi as unknown as { warnings: string[] }).warnings;
    expect(warnings).toHaveLength(4);
    expect(warnings.find((line) => line.includes('api::gone.gone'))).toMatch(/saved setting contentTypes\.api::gone\.gone ignored: there is no content type api::gone\.gone/);
    // The worker reloads every cycle: the same warning is not repeated.
    await settings.reload();
    expect(warnings).toHaveLength(4);
  });

  it('a saved value that clashes with a file value changed since gives way with a warning: Strapi still starts', async () => {
    // Saved on the settings page: a 20-minute deadline. Then config/plugins.ts lowers giveUpAfterSeconds to 10 minutes.
    const strapi = fakeStrapi({ ...FILE_CONFIG, giveUpAfterSeconds: 600 }, { stored: { deadlineSeconds: 1200, numOutputs: 4 } });
    const settings = createSettingsService({ strapi });
    const config = await settings.reload();
    expect(config).toMatchObject({ deadlineSeconds: 180, giveUpAfterSeconds: 600, numOutputs: 4 });
    expect(settings.ignoredSaved()).toEqual([{ path: 'deadlineSeconds', message: expect.stringMatching(/^clashes with config\/plugins\.ts \(giveUpAfterSeconds must not be shorter than deadlineSeconds \(1200\)\)/) }]);
    expect(settings.sources().deadlineSeconds).toBe('default');
    expect((strapi as unknown as { warnings: string[] }).warnings).toEqual([expect.stringMatching(/saved setting deadlineSeconds ignored: clashes with config\/plugins\.ts/)]);
    // A save of other keys works (the stale value stays ignored); a save that would clash is refused, naming the field.
    expect((await settings.update({ numOutputs: 2 })).numOutputs).toBe(2);
    expect(settings.current().deadlineSeconds).toBe(180);
    await expect(settings.update({ deadlineSeconds: 900 })).rejects.toThrow(/giveUpAfterSeconds/);
    expect((await settings.update({ deadlineSeconds: 300 })).deadlineSeconds).toBe(300);
  });

  it('a save that clashes with another saved value is refused naming both, and drops neither', async () => {
    const strapi = fakeStrapi(FILE_CONFIG, { stored: { giveUpAfterSeconds: 300 } });
    const settings = createSettingsService({ strapi });
    await settings.reload();
    const refused = settings.update({ deadlineSeconds: 600 });
    await expect(refused).rejects.toThrow(/giveUpAfterSeconds: must not be shorter than deadlineSeconds \(600\)/);
    await expect(refused).rejects.toThrow(/deadlineSeconds: clashes with the current settings .*send both to change them together/);
    expect((strapi as unknown as { stored: () => Record<string, unknown> }).stored()).toEqual({ giveUpAfterSeconds: 300 });
    expect(settings.current()).toMatchObject({ giveUpAfterSeconds: 300, deadlineSeconds: 180 });
    expect(await settings.update({ deadlineSeconds: 600, giveUpAfterSeconds: 900 })).toMatchObject({ deadlineSeconds: 600, giveUpAfterSeconds: 900 });
  });

  it('a save never trips over a saved value that gave way, nor brings it back', async () => {
    // Saved: a 20-minute deadline; config/plugins.ts has since lowered giveUpAfterSeconds to 5 minutes.
    const strapi = fakeStrapi({ ...FILE_CONFIG, giveUpAfterSeconds: 300 }, { stored: { deadlineSeconds: 1200 } });
    const settings = createSettingsService({ strapi });
    await settings.reload();
    // The page shows the deadline's file value (180): a longer give-up is saved, and the old 1200 does not return.
    const saved = await settings.update({ giveUpAfterSeconds: 1500 });
    expect(saved).toMatchObject({ giveUpAfterSeconds: 1500, deadlineSeconds: 180 });
    expect(settings.sources().deadlineSeconds).toBe('default');
    expect((strapi as unknown as { stored: () => Record<string, unknown> }).stored()).not.toHaveProperty('deadlineSeconds');
  });

  it('a file config that is wrong on its own still stops startup, naming its key', async () => {
    const settings = createSettingsService({ strapi: fakeStrapi({ ...FILE_CONFIG, giveUpAfterSeconds: 60, deadlineSeconds: 120 }, { stored: { numOutputs: 4 } }) });
    await expect(settings.reload()).rejects.toThrow(/giveUpAfterSeconds/);
  });

  it('a saved content type that no longer fits falls back to the file’s entry for it', async () => {
    const settings = createSettingsService({
      strapi: fakeStrapi(FILE_CONFIG, { stored: { contentTypes: { 'api::article.article': { imageField: 'deletedField', replaceExisting: true } } } }),
    });
    const config = await settings.reload();
    expect(config.contentTypes['api::article.article']).toMatchObject({ imageField: 'cover', replaceExisting: false });
  });

  it('says where each value comes from, and resets saved values to the file’s', async () => {
    const strapi = fakeStrapi(FILE_CONFIG);
    const settings = createSettingsService({ strapi });
    await settings.reload();
    expect(settings.sources()).toMatchObject({ contentTypes: 'file', numOutputs: 'file', deadlineSeconds: 'default', style: 'default' });

    await settings.update({
      numOutputs: 1,
      deadlineSeconds: 60,
      contentTypes: { 'api::article.article': { imageField: 'cover', textFields: ['body'], replaceExisting: true } },
    });
    expect(settings.sources()).toMatchObject({ contentTypes: 'saved', numOutputs: 'saved', deadlineSeconds: 'saved', style: 'default' });
    expect(settings.contentType('api::article.article')?.replaceExisting).toBe(true);

    await settings.reset(['contentTypes']);
    expect(settings.contentType('api::article.article')?.replaceExisting).toBe(false);
    expect(settings.sources()).toMatchObject({ contentTypes: 'file', numOutputs: 'saved' });
    expect(settings.current().numOutputs).toBe(1);

    await settings.reset();
    expect(settings.current()).toMatchObject({ numOutputs: 3, deadlineSeconds: 180 });
    expect(Object.values(settings.sources())).not.toContain('saved');
    expect((strapi as unknown as { stored: () => unknown }).stored()).toEqual({});
  });
});
