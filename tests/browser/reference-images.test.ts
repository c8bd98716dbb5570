/**
 * The house-style reference picker in a real browser: the settings page opens Strapi's own Media Library dialog,
 * two images are chosen there, shown with their thumbnails, saved; the page says what the chosen model does with
 * them (FLUX.2 dev takes them, FLUX.1 dev ignores them). Screenshots under test-artifacts/browser/.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { getService } from '../../server/src/utils/get-service';
import { ARTICLE, SAMPLE_ARTICLES, finishedJob } from '../helpers/articles';
import { waitFor } from '../helpers/playground';
import { FLUX_1_DEV, FLUX_2_DEV } from '../../emulator';
import { screenshot, startAdminSession, type AdminSession, type RunningPlayground } from './harness';

jest.setTimeout(180000);

let session: AdminSession;
let app: RunningPlayground;
let page: Page;
let workDir = '';
const ids: Record<string, number> = {};

/** An image put in the Media Library through Strapi's upload service, as an editor would. */
async function mediaImage(name: string, colour: { r: number; g: number; b: number }): Promise<number> {
  const bytes = await sharp({ create: { width: 320, height: 200, channels: 3, background: colour } }).png().toBuffer();
  const filepath = path.join(workDir, name);
  await writeFile(filepath, bytes);
  const [file] = (await app.strapi
    .plugin('upload')
    .service('upload')
    .upload({ data: { fileInfo: { name } }, files: { filepath, originalFilename: name, mimetype: 'image/png', size: bytes.length } })) as Array<{ id: number }>;
  return file.id;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'reference-picker-'));
  session = await startAdminSession({
    jobSeconds: 1,
    email: 'references.admin@example.com',
    prepare: async (playground) => {
      app = playground;
      ids.harbour = await mediaImage('house-style-harbour.png', { r: 20, g: 90, b: 160 });
      ids.boats = await mediaImage('house-style-boats.png', { r: 220, g: 120, b: 40 });
      await getService(app.strapi, 'settings').update({ model: { id: FLUX_2_DEV, loraScale: 1, maxPromptLength: 2048 } });
    },
  });
  ({ page } = session);
}, 240000);

afterAll(async () => {
  await session?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const section = () => page.locator('#reference-images');

async function openSettings() {
  await page.goto(`${app.url}/admin/settings/auto-illustration`);
  await page.getByRole('heading', { name: 'House style: reference images' }).waitFor();
}

it('chooses reference images in Strapi\'s Media Library dialog, shows and saves them, and says what the model does with them', async () => {
  await openSettings();
  await section().getByTestId('reference-empty').waitFor();

  await section().getByTestId('reference-choose').click();
  const dialog = page.getByRole('dialog');
  for (const name of ['house-style-harbour.png', 'house-style-boats.png']) {
    await dialog.getByRole('button').filter({ hasText: name }).getByRole('checkbox').click();
  }
  await screenshot(page, 'reference-images-dialog', { whole: false });
  await dialog.getByRole('button', { name: 'Finish' }).click();
  await dialog.waitFor({ state: 'detached' });

  const items = section().getByTestId('reference-item');
  await waitFor(async () => (await items.count()) === 2);
  expect(await items.evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-file-id'))))).toEqual([ids.harbour, ids.boats]);
  // Thumbnails from the Media Library, loaded.
  await waitFor(async () => section().evaluate((root) => Array.from(root.querySelectorAll('img')).length === 2 && Array.from(root.querySelectorAll('img')).every((img) => img.complete && img.naturalWidth > 0)), 15000);
  await expect(section().getByTestId('reference-model-note').getAttribute('data-limit')).resolves.toBe('5');
  await section().getByText(/takes up to 5 reference images/).waitFor();

  await page.getByRole('button', { name: 'Save' }).click();
  await waitFor(async () => (getService(app.strapi, 'settings').current().referenceImages ?? []).length === 2);
  expect(getService(app.strapi, 'settings').current().referenceImages).toEqual([ids.harbour, ids.boats]);
  await section().scrollIntoViewIfNeeded();
  await screenshot(page, 'reference-images-picker');

  // An article illustrated with them: its side panel lists the references used.
  const created = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.lighthouse, status: 'published' } as never)) as unknown as { documentId: string };
  const job = await finishedJob(app.strapi, created.documentId, { locale: 'en', timeoutMs: 60000 });
  expect(job.state).toBe('done');
  await page.goto(`${app.url}/admin/content-manager/collection-types/${ARTICLE}/${created.documentId}?plugins[i18n][locale]=en`);
  const used = page.getByTestId('illustration-references');
  await used.getByText('house-style-harbour.png').waitFor({ timeout: 30000 });
  await used.getByText('house-style-boats.png').waitFor();
  await waitFor(async () => used.evaluate((root) => Array.from(root.querySelectorAll('img')).every((img) => img.complete && img.naturalWidth > 0)), 15000);
  await used.scrollIntoViewIfNeeded();
  await screenshot(page, 'reference-images-side-panel');

  // A model without the input: the page says the setting is ignored.
  await getService(app.strapi, 'settings').update({ model: { id: FLUX_1_DEV, loraScale: 1, maxPromptLength: 2048 } });
  await openSettings();
  await section().getByText(/takes no reference images: this setting is ignored/).waitFor();
  await expect(section().getByTestId('reference-model-note').getAttribute('data-limit')).resolves.toBe('0');
  await section().scrollIntoViewIfNeeded();
  await screenshot(page, 'reference-images-ignored');

  // Removing one from the list and saving keeps the other.
  await section().getByRole('button', { name: 'Remove house-style-harbour.png' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  await waitFor(async () => (getService(app.strapi, 'settings').current().referenceImages ?? []).length === 1);
  expect(getService(app.strapi, 'settings').current().referenceImages).toEqual([ids.boats]);
});
