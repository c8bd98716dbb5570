/**
 * "Illustrate existing articles" in a real browser against the playground and the Scenario emulator: the quote
 * (matched articles, credits, budget) before anything is spent, starting, live progress with the backfill's job rows,
 * pause and resume; and an editor without the `backfill` permission does not get the page. Screenshots go to
 * test-artifacts/browser/backfill-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import type { ScenarioEmulator } from '../../emulator';
import { ARTICLE, blocks } from '../helpers/articles';
import { waitFor } from '../helpers/playground';
import { createAdmin, logIn, screenshot, startAdminSession, type AdminSession, type RunningPlayground } from './harness';

jest.setTimeout(180000);

const BACKFILL = 'plugin::auto-illustration.backfill';
const ARTICLES = ['Tide tables', 'Orchard fairs', 'Old railways', 'Stone bridges', 'Harbour lights', 'Hay meadows'];

let session: AdminSession;
let emulator: ScenarioEmulator;
let app: RunningPlayground;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  session = await startAdminSession({
    // Slow generations, so the backfill is seen at work and can be paused.
    jobSeconds: 3,
    email: 'backfill.admin@example.com',
    prepare: async (playground) => {
      // Articles published before the plugin came: the publish trigger never saw them.
      for (const title of ARTICLES) {
        await playground.strapi.documents(ARTICLE).create({
          data: { title: `${title} of the coast`, description: `${title}: a look back.`, body: blocks(`${title} shaped the coast and its towns for a century.`) },
          status: 'published',
          autoIllustrationInternal: true,
        } as never);
      }
    },
  });
  ({ emulator, app, browser, page } = session);
}, 240000);

afterAll(() => session?.close());

const card = () => page.getByTestId('backfill').first();
const count = (key: string) => card().locator(`[data-count="backfill.count.${key}"]`);

describe('illustrate existing articles', () => {
  it('quotes, starts, shows live progress with its jobs, pauses and resumes', async () => {
    await page.goto(`${app.url}/admin`);
    await page.getByRole('link', { name: 'Illustrate existing articles' }).click();
    await page.getByRole('heading', { name: 'Illustrate existing articles' }).waitFor();
    await screenshot(page, 'backfill-01-form');

    await page.getByRole('button', { name: 'Count and quote' }).click();
    const quote = page.getByTestId('backfill-quote');
    await quote.getByText('6 articles match').waitFor();
    await quote.getByText(/about [\d.]+ credits in all/).waitFor();
    await quote.getByText('No budget cap').waitFor();
    expect(emulator.stats.generateCalls).toBe(0);
    await screenshot(page, 'backfill-02-quote');

    await page.getByRole('button', { name: 'Illustrate 6 articles' }).click();
    await card().and(page.locator('[data-state="running"]')).waitFor();
    // Live: the counts move while the page is left alone, and the backfill's jobs are listed like the jobs page.
    await waitFor(async () => Number(await count('done').textContent()) >= 1, 60000, 250);
    await card().getByTestId('job-row').first().waitFor();
    expect(await card().getByTestId('job-row').count()).toBeGreaterThan(0);
    expect(await card().getByRole('link', { name: /of the coast/ }).first().getAttribute('href')).toContain(`/content-manager/collection-types/${ARTICLE}/`);
    await screenshot(page, 'backfill-03-progress');

    await card().getByRole('button', { name: 'Pause' }).click();
    await card().and(page.locator('[data-state="paused"]')).waitFor();
    await card().getByRole('button', { name: 'Resume' }).waitFor();
    await card().getByText('held while paused').first().waitFor();
    const [row] = (await app.strapi.db.query(BACKFILL).findMany({})) as Array<{ state: string }>;
    expect(row.state).toBe('paused');
    await screenshot(page, 'backfill-04-paused');

    await card().getByRole('button', { name: 'Resume' }).click();
    await card().and(page.locator('[data-state="done"]')).waitFor({ timeout: 90000 });
    expect(Number(await count('done').textContent())).toBe(6);
    await card().getByTestId('backfill-percent').getByText('100%').waitFor();
    await screenshot(page, 'backfill-05-done');
  });

  it('is not offered to an editor without the backfill permission', async () => {
    const editor = await createAdmin(app.strapi, 'backfill.editor@example.com', 'strapi-editor');
    const other = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await logIn(other, app.url, editor);
    await other.goto(`${app.url}/admin`);
    await other.getByRole('link', { name: 'Content Manager' }).first().waitFor();
    expect(await other.getByRole('link', { name: 'Illustrate existing articles' }).count()).toBe(0);
    await other.close();
  });
});
