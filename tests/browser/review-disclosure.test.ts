/**
 * Issue 16's screens in a real browser: an article whose image waits for review (side panel), and the AI disclosure
 * settings. Screenshots go to test-artifacts/browser/review-*.png and disclosure-*.png.
 */
import type { Page } from 'playwright-core';
import { ARTICLE, SAMPLE_ARTICLES, finishedJob, readArticle } from '../helpers/articles';
import { screenshot, startAdminSession, type AdminSession, type RunningPlayground } from './harness';

jest.setTimeout(180000);

let session: AdminSession;
let app: RunningPlayground;
let page: Page;
const settings = () => app.strapi.plugin('auto-illustration').service('settings');

beforeAll(async () => {
  session = await startAdminSession({
    jobSeconds: 0.5,
    email: 'review.admin@example.com',
    prepare: async (playground) => {
      const service = playground.strapi.plugin('auto-illustration').service('settings');
      const current = service.current().contentTypes;
      await service.update({ contentTypes: { ...current, [ARTICLE]: { ...current[ARTICLE], publishMode: 'review' } } });
    },
  });
  ({ app, page } = session);
}, 240000);

afterAll(() => session?.close());

it('the side panel says the image waits for review; publishing makes it live', async () => {
  const { documentId } = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.lighthouse, status: 'published' } as never)) as unknown as {
    documentId: string;
  };
  const job = await finishedJob(app.strapi, documentId, { timeoutMs: 60000 });
  await page.goto(`${app.url}/admin/content-manager/collection-types/${ARTICLE}/${documentId}?plugins[i18n][locale]=en`);
  const review = page.getByTestId('illustration-review');
  await review.getByText('Waiting for review').waitFor();
  await review.getByText(/in the draft only; readers do not see it yet/).waitFor();
  expect(await review.getAttribute('data-file-id')).toBe(String(job.fileId));
  await page.getByTestId('illustration-status').getByText("The image is ready and waits for an editor's review.").waitFor();
  // Nothing to generate: the image exists, it only waits (Regenerate stays for a new one).
  expect(await page.getByRole('button', { name: 'Generate illustration' }).count()).toBe(0);
  // The candidate waiting is marked so, with no "Put this one up for review" on itself (a new user's trial); the other has it.
  const waiting = page.locator(`[data-testid="illustration-candidate"][data-asset-id="${job.chosenAssetId}"]`);
  await waiting.getByText('Waiting for review').waitFor();
  expect(await waiting.getByRole('button').count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Put this one up for review' }).count()).toBe(job.candidateAssetIds!.length - 1);
  // Strapi's own status: the draft differs from the live version.
  await page.getByText('Modified').first().waitFor();
  await screenshot(page, 'review-01-side-panel');

  await page.getByRole('button', { name: 'Publish' }).first().click();
  await review.waitFor({ state: 'detached', timeout: 30000 });
  expect((await readArticle(app.strapi, documentId, 'published'))!.cover?.id).toBe(job.fileId);
  await screenshot(page, 'review-02-published');
});

it('the disclosure settings: off by default, a line per site locale, saved', async () => {
  await page.goto(`${app.url}/admin/settings/auto-illustration`);
  await page.getByRole('heading', { name: 'Auto illustration' }).waitFor();
  const toggle = page.getByRole('switch', { name: 'Add a line to the caption of generated images' });
  expect(await toggle.getAttribute('aria-checked')).toBe('false');
  await page.getByTestId('disclosure-metadata').getByText(/responsive formats/).waitFor();
  await toggle.click();
  const french = page.getByLabel('Line for French (fr)');
  await french.waitFor();
  expect(await page.getByLabel(/^Line for English/).getAttribute('placeholder')).toBe('Illustration generated with AI.');
  await french.fill('Image créée par IA.');
  await page.getByTestId('disclosure-enabled').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'disclosure-01-settings', { whole: false });
  await page.getByRole('button', { name: 'Save' }).click();
  // (The toast's own words: the page's subtitle, "Saved values override…", and "unsaved changes" match /saved/ at once.)
  await page.getByText('Settings saved.').first().waitFor();
  expect(settings().current().disclosure).toEqual({ enabled: true, lines: { fr: 'Image créée par IA.' } });
});
