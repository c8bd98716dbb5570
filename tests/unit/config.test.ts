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

  it('refuses a give-up limit shorter than the deadline, naming the key', () => {
    const defaults = config.default({ env });
    expect(() => config.validator({ ...defaults, deadlineSeconds: 600, giveUpAfterSeconds: 300 })).toThrow(
      /giveUpAfterSeconds: must not be shorter than deadlineSeconds \(600\)/,
    );
    expect(() => config.validator({ ...defaults, deadlineSeconds: 3600 })).not.toThrow(); // the longest deadline with the default limit
  });

  it('disclosure lines take locale codes as Strapi writes them ("es-419", "pt_BR"), not "EN", which no locale would match', () => {
    const lines = (keys: string[]) => pluginConfigSchema.safeParse({ disclosure: { enabled: true, lines: Object.fromEntries(keys.map((key) => [key, 'Made with AI.'])) } });
    expect(lines(['en', 'es-419', 'pt_BR', 'zh-Hans-CN']).success).toBe(true);
    const refused = lines(['EN']);
    expect(refused.success).toBe(false);
    expect(JSON.stringify(refused.error?.issues)).toMatch(/lower-case language/);
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
    [{ contentTypes: { 'api::article.article': { imageField: 'seo.cover', textFields: ['body'] } } }, /imageField: "seo.cover" is a field inside the component "seo": name a field of the content type itself/],
    [{ scenario: { baseUrl: 'not a url' } }, /scenario\.baseUrl/],
    [{ aspectRatio: '5:1' }, /aspectRatio/],
    [{ deadlineSeconds: 1 }, /deadlineSeconds/],
    [{ numOutput: 2 }, /numOutput/],
  ])('rejects %j naming the key', (bad, message) => {
    expect(() => config.validator({ ...config.default({ env }), ...bad })).toThrow(message);
  });
});

/**
 * The file config against the app's content types: what zod cannot know. Startup, the settings page and saved values
 * all use this check, so its messages must name the key and say what would fit.
 */
import { checkSettingsAgainstApp, contentTypeOptions, contentTypesWithoutImageField, requiredImageFieldIssues, sharedImageFieldIssues, type SchemaMap } from '../../server/src/config/app-check';

const BUILT_INS = ['editorial-photo', 'watercolor'];

const SCHEMAS: SchemaMap = {
  'api::article.article': {
    info: { displayName: 'Article' },
    attributes: {
      title: { type: 'string' },
      slug: { type: 'uid' },
      description: { type: 'text' },
      body: { type: 'blocks' },
      cover: { type: 'media', multiple: false, allowedTypes: ['images', 'files'] },
      gallery: { type: 'media', multiple: true, allowedTypes: ['images'] },
      clip: { type: 'media', multiple: false, allowedTypes: ['videos'] },
      sections: { type: 'dynamiczone' },
      author: { type: 'relation' },
      locale: { type: 'string', visible: false },
    },
  },
  'api::tag.tag': { info: { displayName: 'Tag' }, attributes: { name: { type: 'string' } } },
  'api::album.album': { info: { displayName: 'Album' }, attributes: { name: { type: 'string' }, photos: { type: 'media', multiple: true } } },
  'api::video.video': { info: { displayName: 'Video' }, attributes: { file: { type: 'media', allowedTypes: ['videos'] } } },
  'plugin::upload.file': { attributes: { name: { type: 'string' } } },
};

const article = (settings: Record<string, unknown>) => ({ contentTypes: { 'api::article.article': { imageField: 'cover', titleField: 'title', textFields: ['body'], ...settings } } });
const check = (settings: Parameters<typeof checkSettingsAgainstApp>[0]) => checkSettingsAgainstApp(settings, SCHEMAS, BUILT_INS);

describe('config against the app', () => {
  it('accepts settings that fit', () => {
    expect(check({ ...article({ textFields: ['description', 'body', 'sections', 'title'] }), style: 'watercolor' })).toEqual([]);
    expect(check({ style: 'mine', stylePresets: [{ id: 'mine', template: 'A photo of {subject}' }] })).toEqual([]);
  });

  it('an unknown image field is named, with the media fields that would do', () => {
    expect(check(article({ imageField: 'coverr' }))).toEqual([
      { path: 'contentTypes.api::article.article.imageField', message: '"coverr" is no field of api::article.article (single media fields of the type itself: cover; a field inside a component or dynamic zone cannot take the image)' },
    ]);
  });

  it.each([
    ['title', 'is not a media field'],
    ['gallery', 'is a multiple media field'],
    ['clip', 'does not accept images'],
  ])('image field %s: %s', (imageField, why) => {
    const [issue] = check(article({ imageField }));
    expect(issue.path).toBe('contentTypes.api::article.article.imageField');
    expect(issue.message).toContain(why);
    expect(issue.message).toContain('(single media fields of the type itself: cover; a field inside a component or dynamic zone cannot take the image)');
  });

  it('an unknown content type is named, with the ones that could take part', () => {
    expect(check({ contentTypes: { 'api::articles.articles': { imageField: 'cover' } } })).toEqual([
      { path: 'contentTypes.api::articles.articles', message: 'there is no content type api::articles.articles (content types with a media field: api::article.article)' },
    ]);
  });

  it('title and text fields must exist and hold text', () => {
    const issues = check(article({ titleField: 'slug', textFields: ['body', 'bodyy', 'cover', 'locale'] }));
    expect(issues.map((issue) => issue.path)).toEqual([
      'contentTypes.api::article.article.titleField',
      'contentTypes.api::article.article.textFields.1',
      'contentTypes.api::article.article.textFields.2',
    ]);
    expect(issues[0].message).toBe('"slug" is not a string or text field of api::article.article (text fields: title, description)');
    expect(issues[1].message).toBe('"bodyy" is not a field of api::article.article (fields with text: title, description, body, sections)');
    expect(issues[2].message).toMatch(/^"cover" is a media field, which has no text to read,/);
    // A hidden string field (i18n's locale) is not offered, but one named in the config can be read.
  });

  it('the style must be a built-in or configured preset', () => {
    expect(check({ style: 'watercolour' })).toEqual([{ path: 'style', message: 'there is no style preset "watercolour" (presets: editorial-photo, watercolor)' }]);
    expect(check({ style: 'mine', stylePresets: [{ id: 'other', template: 'x' }] })[0].message).toContain('(presets: editorial-photo, watercolor, other)');
  });

  it('presets: unique ids and known placeholders', () => {
    const issues = check({ stylePresets: [{ id: 'a', template: 'A {mood} photo' }, { id: 'a', template: '{title}' }] });
    expect(issues.map((issue) => issue.path)).toEqual(['stylePresets.0.template', 'stylePresets.1.id']);
  });
});

describe('content types offered on the settings page', () => {
  it('names the app’s types that cannot take part (no single media field for images of their own)', () => {
    expect(contentTypesWithoutImageField(SCHEMAS, contentTypeOptions(SCHEMAS)).map((type) => type.displayName)).toEqual(['Album', 'Tag', 'Video']);
  });

  it('only the app’s types with a single media field for images, with their usable fields', () => {
    const options = contentTypeOptions(SCHEMAS);
    expect(options.map((option) => option.uid)).toEqual(['api::article.article']);
    expect(options[0]).toMatchObject({
      displayName: 'Article',
      imageFields: ['cover'],
      titleFields: ['title', 'description'],
      textFields: [
        { name: 'title', type: 'string' },
        { name: 'description', type: 'text' },
        { name: 'body', type: 'blocks' },
        { name: 'sections', type: 'dynamiczone' },
      ],
    });
  });

  it('says which image fields all locales share (a localized type whose media field is not localized)', () => {
    const story = (localizedCover: boolean): SchemaMap => ({
      'api::story.story': {
        pluginOptions: { i18n: { localized: true } },
        attributes: {
          title: { type: 'string' },
          cover: { type: 'media', multiple: false, allowedTypes: ['images'], ...(localizedCover ? { pluginOptions: { i18n: { localized: true } } } : {}) },
        },
      },
    });
    const settings = { contentTypes: { 'api::story.story': { imageField: 'cover' } } };
    expect(contentTypeOptions(story(false))[0].sharedImageFields).toEqual(['cover']);
    expect(sharedImageFieldIssues(settings, story(false))).toEqual([{ path: 'contentTypes.api::story.story.imageField', message: expect.stringMatching(/"cover" is not localized: all locales of an entry share one image, so each locale illustrated replaces it/) }]);
    expect(sharedImageFieldIssues(settings, story(true))).toEqual([]);
    // A type without i18n has one version: nothing is shared.
    expect(contentTypeOptions(SCHEMAS)[0].sharedImageFields).toEqual([]);
  });

  it('says when a required image field means no entry is ever illustrated (an editor\'s image is kept)', () => {
    const event: SchemaMap = { 'api::event.event': { info: { displayName: 'Event' }, attributes: { title: { type: 'string' }, poster: { type: 'media', multiple: false, required: true, allowedTypes: ['images'] } } } };
    expect(contentTypeOptions(event)[0].requiredImageFields).toEqual(['poster']);
    expect(requiredImageFieldIssues({ contentTypes: { 'api::event.event': { imageField: 'poster' } } }, event)).toEqual([
      { path: 'contentTypes.api::event.event.imageField', message: expect.stringMatching(/^"poster" is required: an entry published from the admin .* not illustrated \(set replaceExisting/) },
    ]);
    // Replacing, or switched off: nothing to say.
    expect(requiredImageFieldIssues({ contentTypes: { 'api::event.event': { imageField: 'poster', replaceExisting: true } } }, event)).toEqual([]);
    expect(requiredImageFieldIssues({ contentTypes: { 'api::event.event': { imageField: 'poster', enabled: false } } }, event)).toEqual([]);
    expect(requiredImageFieldIssues({ contentTypes: { 'api::article.article': { imageField: 'cover' } } }, SCHEMAS)).toEqual([]);
  });
});
