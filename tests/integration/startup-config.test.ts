/**
 * Startup refuses a config/plugins that cannot work, naming the key; values saved from the settings page earlier
 * that no longer fit the app never stop Strapi: they are ignored (with a warning) and the rest applies.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { ARTICLE } from '../helpers/articles';
import { PLAYGROUND_DIR, bootPlayground, type Playground } from '../helpers/playground';

let app: Playground | undefined;

afterAll(async () => {
  await app?.close();
});

const settingsService = (strapi: Core.Strapi) => strapi.plugin('auto-illustration').service('settings');

it('a misspelt image field stops Strapi with a message naming the key and the fields that would do', async () => {
  const databaseFile = path.join('.tmp', `startup-bad-${process.pid}.db`);
  const env = { ...process.env };
  let failure: unknown;
  try {
    app = await bootPlayground({ databaseFile, env: { AUTO_ILLUSTRATION_ARTICLE_IMAGE_FIELD: 'coverr' } });
  } catch (error) {
    failure = error;
  } finally {
    // A failed boot leaves its half-loaded instance behind: close its database before booting another.
    await (globalThis as { strapi?: Core.Strapi }).strapi?.destroy().catch(() => undefined);
    rmSync(path.join(PLAYGROUND_DIR, databaseFile), { force: true });
    // ...and the environment it was given (a successful boot restores it on close).
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
  }
  expect(app).toBeUndefined();
  expect((failure as Error)?.message).toBe(
    `auto-illustration config: contentTypes.${ARTICLE}.imageField: "coverr" is no field of ${ARTICLE} (single media fields of the type itself: cover; a field inside a component or dynamic zone cannot take the image)`,
  );
}, 60000);

it('saved settings that no longer fit are ignored: Strapi boots, and the file’s values apply to them', async () => {
  app = await bootPlayground();
  const fileArticle = settingsService(app.strapi).current().contentTypes[ARTICLE];
  // As if saved from the settings page before a content type and a field were deleted from the app.
  await app.strapi.store({ type: 'plugin', name: 'auto-illustration', key: 'settings' }).set({
    value: {
      numOutputs: 1,
      style: 'deleted-preset',
      contentTypes: {
        [ARTICLE]: { ...fileArticle, imageField: 'oldCover', replaceExisting: true },
        'api::podcast.podcast': { imageField: 'artwork', titleField: 'title', textFields: [] },
      },
    },
  });
  const { databaseFile } = app;
  await app.close({ keepDatabase: true });
  app = undefined;

  app = await bootPlayground({ databaseFile });
  const settings = settingsService(app.strapi);
  const config = settings.current();
  expect(config.numOutputs).toBe(1);
  expect(config.style).toBe('editorial-photo');
  expect(config.contentTypes[ARTICLE]).toMatchObject({ imageField: 'cover', replaceExisting: false });
  expect(config.contentTypes).not.toHaveProperty('api::podcast.podcast');
  expect(settings.ignoredSaved().map((issue: { path: string }) => issue.path).sort()).toEqual([
    `contentTypes.${ARTICLE}.imageField`,
    'contentTypes.api::podcast.podcast',
    'style',
  ]);
}, 60000);
