/**
 * The admin UI in a real browser (Debian's Chromium through playwright-core) against the playground with its admin
 * panel built and the local Scenario emulator: settings, the edit view's side panel, the document action, the jobs
 * page, and what an editor without the plugin's permissions sees. Screenshots of every screen are saved under
 * test-artifacts/browser/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { altTextFromCaption } from '../../server/src/domain/alt-text';
import { ARTICLE, GUIDE, SAMPLE_ARTICLES, blocks, finishedJob, jobsFor, readArticle } from '../helpers/articles';
import { waitFor } from '../helpers/playground';
import { getService } from '../../server/src/utils/get-service';
import { FLUX_2_DEV, startScenarioEmulator, type ScenarioEmulator } from '../../emulator';
import {
  ARTIFACTS_DIR,
  createAdmin,
  dismissAnnouncements,
  ensureBuilt,
  launchBrowser,
  logIn,
  screenshot,
  startPlayground,
  type AdminLogin,
  type RunningPlayground,
} from './harness';

jest.setTimeout(180000);

let emulator: ScenarioEmulator;
let app: RunningPlayground;
let browser: Browser;
let page: Page;
let superAdmin: AdminLogin;
let editor: AdminLogin;

const VIEWPORT = { width: 1440, height: 1000 };

beforeAll(async () => {
  ensureBuilt();
  emulator = await startScenarioEmulator({ jobSeconds: 4 });
  app = await startPlayground({
    SCENARIO_BASE_URL: emulator.apiUrl,
    SCENARIO_API_KEY: emulator.apiKey,
    SCENARIO_API_SECRET: emulator.apiSecret,
    SCENARIO_DOWNLOAD_HOSTS: emulator.cdnHost,
  });
  superAdmin = await createAdmin(app.strapi, 'super.admin@example.com', 'strapi-super-admin');
  editor = await createAdmin(app.strapi, 'plain.editor@example.com', 'strapi-editor');
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: VIEWPORT });
  watchServerErrors(page);
  await logIn(page, app.url, superAdmin);
  await dismissAnnouncements(page);
}, 240000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await emulator?.close();
});

/** Server errors seen by the browser (none may come from the plugin's routes), and when the side panel polled. */
const serverErrors: string[] = [];
const statusPolls: number[] = [];
function watchServerErrors(target: Page) {
  target.on('response', (response) => {
    if (response.url().includes('/auto-illustration/documents/status')) statusPolls.push(Date.now());
    if (response.status() >= 500) serverErrors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
}

afterAll(() => {
  // Any 5xx the browser saw is listed next to the screenshots; none may come from the plugin.
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'server-errors.txt'), serverErrors.join('\n'));
  expect(serverErrors.filter((line) => line.includes('/auto-illustration/'))).toEqual([]);
});

async function openSettings() {
  await page.goto(`${app.url}/admin/settings/auto-illustration`);
  await page.getByRole('heading', { name: 'Auto illustration' }).waitFor();
  await page.getByTestId('cost-estimate').getByText(/credits per article/).waitFor();
}

/** Opens a select or combobox by its label and picks an option; a combobox is typed into first (it filters). */
async function pickOption(label: string | RegExp, option: string | RegExp, type?: string) {
  const box = page.getByRole('combobox', { name: label });
  if (type !== undefined) {
    await box.fill('');
    await box.pressSequentially(type);
  } else {
    await box.click();
  }
  await page.getByRole('option', { name: option }).first().click();
}

/** Waits until every image inside `scope` has loaded (screenshots should not catch them half-way). */
async function imagesLoaded(scope: ReturnType<Page['locator']>) {
  await waitFor(
    async () => scope.evaluate((root) => Array.from(root.querySelectorAll('img')).every((img) => img.complete && img.naturalWidth > 0)),
    15000,
  );
}

function editViewUrl(documentId: string, locale = 'en') {
  return `${app.url}/admin/content-manager/collection-types/${ARTICLE}/${documentId}?plugins[i18n][locale]=${locale}`;
}

const panel = () => page.getByTestId('illustration-panel');

describe('settings page', () => {
  it('shows the connection without secrets and tests it', async () => {
    await openSettings();
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('connection-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    const html = await page.content();
    expect(html).not.toContain(emulator.apiKey);
    expect(html).not.toContain(emulator.apiSecret);
    await screenshot(page, '01-settings');
  });

  it('shows a bad value next to its field', async () => {
    const field = page.getByLabel('Candidates per article');
    await field.fill('9');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Too big: expected number to be <=4').waitFor();
    await field.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    await screenshot(page, '02-settings-validation-error', { whole: false });
    await field.fill('2');
  });

  it('changes the model and the style, and the cost estimate follows', async () => {
    const before = Number(await page.getByTestId('cost-estimate').getAttribute('data-credits'));
    // Opened, the box lists every model, not only the chosen one its name filtered for (a sixth new-user trial), and
    // shows the chosen one's name again when closed.
    const modelBox = page.getByRole('combobox', { name: 'Model' });
    const chosen = await modelBox.inputValue();
    expect(chosen).toMatch(/FLUX\.1 \[dev\]/);
    await modelBox.click();
    await page.getByRole('option', { name: /Gemini/ }).first().waitFor();
    expect(await page.getByRole('option', { name: /FLUX\.2 \[dev\]/ }).count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await waitFor(async () => (await modelBox.inputValue()) === chosen, 5000);
    // A filter typed and left (Escape, Tab) is no model: the chosen one stays (a review saved "fl" as the model id).
    await modelBox.click();
    await modelBox.pressSequentially('fl');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await waitFor(async () => (await modelBox.inputValue()) === chosen, 5000);
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    // Typed into the closed box, still focused on the chosen name: the typing filters alone (a review saw it appended).
    await modelBox.click();
    await page.keyboard.press('Escape');
    await page.keyboard.type('gem');
    await waitFor(async () => (await modelBox.inputValue()) === 'gem', 5000);
    await page.getByRole('option', { name: /Gemini/ }).first().waitFor();
    await page.keyboard.press('Escape');
    await waitFor(async () => (await modelBox.inputValue()) === chosen, 5000);
    // A typed-in id is taken by its "Use …" option; the clear button takes it off again.
    const loraBox = page.getByRole('combobox', { name: 'Trained style (LoRA)' });
    await loraBox.click();
    await loraBox.pressSequentially('my-own-lora-1');
    await page.getByRole('option', { name: 'Use “my-own-lora-1”' }).click();
    await waitFor(async () => (await loraBox.inputValue()) === 'my-own-lora-1 (typed in)', 5000);
    // Saved, an id Scenario has no model for is refused at its box, nothing saved (it would fail every generation).
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Scenario has no model my-own-lora-1: choose one from the list, or check the id').first().waitFor();
    expect(app.strapi.plugin('auto-illustration').service('settings').current().model.loraId).toBeUndefined();
    await page.getByRole('button', { name: 'Remove the trained style' }).click();
    await waitFor(async () => (await loraBox.inputValue()) === '', 5000);
    await pickOption('Model', /FLUX\.2 \[dev\]/, 'FLUX.2');
    await pickOption('Style used for new illustrations', 'Watercolour');
    await page.getByTestId('style-preview').getByText(/^Watercolour painting of/).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').first().waitFor();
    await waitFor(async () => app.strapi.plugin('auto-illustration').service('settings').current().model.id === FLUX_2_DEV, 10000);

    // The emulator prices FLUX.2 [dev] at 14 credits an image, FLUX.1 [dev] at 10.75, a caption 1: 2 images each.
    await waitFor(async () => Number(await page.getByTestId('cost-estimate').getAttribute('data-credits')) === 30, 10000);
    expect(before).toBe(23.5);
    await page.getByText('About 30 credits per article').waitFor();
    await page.getByTestId('cost-breakdown').getByText('generation 28 + captions 2').waitFor();
    // Each text helper a locale calls, with its own price (a sixth new-user trial could not tell them apart).
    const french = page.locator('[data-testid="cost-helper-locale"][data-locale="fr"]');
    expect(await french.textContent()).toMatch(/^French \(fr\): \+ [\d.]+ credits for the translation \([\d.]+\) and the alt text \([\d.]+\)$/);
    const saved = app.strapi.plugin('auto-illustration').service('settings').current();
    expect(saved.model.id).toBe(FLUX_2_DEV);
    expect(saved.style).toBe('watercolor');
    await screenshot(page, '03-settings-saved');

    // The prompt assistant is called for every article: its price is in the headline figure, not only in a row.
    const assistant = page.getByTestId('text-helper-promptAssistant').getByRole('switch');
    await assistant.click();
    await page.getByRole('button', { name: 'Save' }).click();
    await waitFor(async () => Number(await page.getByTestId('cost-estimate').getAttribute('data-credits')) === 33.75, 10000);
    await page.getByTestId('cost-breakdown').getByText('generation 28 + captions 2 + prompt assistant 3.75').waitFor();
    await assistant.click();
    await page.getByRole('button', { name: 'Save' }).click();
    await waitFor(async () => Number(await page.getByTestId('cost-estimate').getAttribute('data-credits')) === 30, 10000);
  });

  it("adds the site's own style preset, with a live preview of its prompt", async () => {
    await page.locator('div', { has: page.getByText('Ink sketch', { exact: true }) }).getByRole('button', { name: 'Duplicate to edit' }).last().click();
    const card = page.getByTestId('custom-style');
    await card.waitFor();
    const template = card.getByLabel('Prompt template');
    await template.fill('Ink sketch of {subject} at night, for a story about {title}');
    await card.getByTestId('custom-style-preview-0').getByText(/^Ink sketch of .+ at night, for a story about Volunteers restore/).waitFor();
    await pickOption('Style used for new illustrations', /Ink sketch \(copy\)/);
    await page.getByRole('button', { name: 'Save' }).click();
    // (The saved settings themselves: the last test's "Settings saved." toasts may still be on screen.)
    await waitFor(async () => app.strapi.plugin('auto-illustration').service('settings').current().style === 'ink-sketch-copy', 10000);
    const saved = app.strapi.plugin('auto-illustration').service('settings').current();
    expect(saved.stylePresets).toEqual([expect.objectContaining({ id: 'ink-sketch-copy', template: 'Ink sketch of {subject} at night, for a story about {title}' })]);
    expect(saved.style).toBe('ink-sketch-copy');
    await screenshot(page, '04-settings-custom-style');
    // Back to the watercolour style for the rest of the tests.
    await pickOption('Style used for new illustrations', 'Watercolour');
    await page.getByRole('button', { name: 'Save' }).click();
    await waitFor(async () => app.strapi.plugin('auto-illustration').service('settings').current().style === 'watercolor', 10000);
  });

  it("shows where each value comes from, and goes back to the file's value", async () => {
    const row = (key: string) => page.locator(`[data-testid="setting-source"][data-key="${key}"]`);
    await waitFor(async () => (await row('style').getAttribute('data-source')) === 'saved', 10000);
    expect(await row('stylePresets').getAttribute('data-source')).toBe('saved');
    expect(await row('contentTypes').getAttribute('data-source')).toBe('file');
    expect(await row('deadlineSeconds').getAttribute('data-source')).toBe('default');
    // A group of plain values (saved when the prompt assistant was switched on and off) shows the file's values.
    expect(await row('textHelpers').getAttribute('data-source')).toBe('saved');
    await row('textHelpers').getByText('file: translatePrompts: on, promptAssistant: off, describeInLanguage: on').waitFor();
    await row('stylePresets').scrollIntoViewIfNeeded();
    await screenshot(page, '04b-settings-sources', { whole: false });

    await row('stylePresets').getByRole('button', { name: /^Use the file.s value$/ }).click();
    await waitFor(async () => (await row('stylePresets').getAttribute('data-source')) === 'default', 10000);
    const settings = app.strapi.plugin('auto-illustration').service('settings').current();
    expect(settings.stylePresets).toEqual([]);
    expect(settings.style).toBe('watercolor');
  });

  it('lets a localized type give each locale its own image', async () => {
    const service = app.strapi.plugin('auto-illustration').service('settings');
    const contentTypes = service.current().contentTypes;
    try {
      await openSettings();
      await page.getByText('Translations of one story share one image').first().waitFor();
      await pickOption('Locales', 'Each its own image');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Settings saved.').first().waitFor();
      await waitFor(async () => service.current().contentTypes[ARTICLE]?.localesShareImage === false, 10000);
    } finally {
      await service.update({ contentTypes });
    }
  });
});

describe('article side panel', () => {
  let documentId: string;

  it('publishing shows the job live until it is done', async () => {
    const draft = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.lighthouse } as never)) as unknown as { documentId: string };
    documentId = draft.documentId;
    await page.goto(editViewUrl(documentId));
    await panel().getByText('The article is illustrated when it is published.').waitFor();
    await screenshot(page, '05-edit-view-draft');

    const generateBefore = emulator.stats.generateCalls;
    await page.getByRole('button', { name: 'Publish' }).click();
    await panel().locator('[data-job-state="generating"]').waitFor({ timeout: 20000 });
    await panel().getByTestId('illustration-progress').waitFor();
    await screenshot(page, '06-side-panel-generating');

    await panel()
      .locator('[data-job-state="done"]')
      .waitFor({ timeout: 30000 })
      .catch(async (error) => {
        const jobs = await jobsFor(app.strapi, documentId, 'en');
        await screenshot(page, 'FAILED-side-panel-done');
        const polls = statusPolls.map((at) => Math.round((Date.now() - at) / 100) / 10).join(', ');
        throw new Error(`${error.message}\nstatus polls (seconds ago): ${polls}\njobs: ${JSON.stringify(jobs.map((job) => ({ state: job.state, history: job.history })))}`);
      });
    await panel().getByTestId('illustration-candidate').nth(1).locator('img').waitFor();
    await imagesLoaded(panel());
    await screenshot(page, '07-side-panel-done');
    expect(emulator.stats.generateCalls - generateBefore).toBe(1);

    const job = await finishedJob(app.strapi, documentId, { locale: 'en' });
    expect(job.state).toBe('done');
    expect(await panel().getByTestId('illustration-keyphrases').textContent()).toMatch(/lighthouse/i);
    // Each keyphrase as written, in the article's language (upper case made Turkish "i" an "I", Georgian Mtavruli).
    const chip = panel().getByTestId('illustration-keyphrases').locator('[lang]').first();
    expect(await chip.getAttribute('lang')).toBe('en');
    expect((await chip.evaluate((element) => (element as HTMLElement).innerText)).trim()).toBe(job.keyphrases![0]);
    // Read in its locale's language: nothing to say about it.
    expect(await panel().getByTestId('illustration-language').count()).toBe(0);
    expect(await panel().getByLabel('Prompt').inputValue()).toBe(job.prompt);
    expect(await panel().getByTestId('illustration-attached').getAttribute('data-asset-id')).toBe(job.chosenAssetId);
  });

  it('choosing another candidate swaps the attached image and its alt text without a new generation', async () => {
    const [first] = (await jobsFor(app.strapi, documentId, 'en')).slice(-1);
    const other = first.candidateAssetIds!.find((assetId) => assetId !== first.chosenAssetId)!;
    const generateBefore = emulator.stats.generateCalls;
    const coverBefore = (await readArticle(app.strapi, documentId, 'published', 'en'))!.cover!;

    const candidate = panel().locator(`[data-testid="illustration-candidate"][data-asset-id="${other}"]`);
    await candidate.getByRole('button', { name: 'Use this image' }).click();
    await waitFor(async () => (await panel().getByTestId('illustration-attached').getAttribute('data-asset-id')) === other, 30000);
    await panel().locator('[data-job-state="done"]').waitFor();
    await imagesLoaded(panel());
    await screenshot(page, '08-side-panel-swapped');

    const swapped = await finishedJob(app.strapi, documentId, { locale: 'en', after: first.id });
    expect(swapped.chosenAssetId).toBe(other);
    const cover = (await readArticle(app.strapi, documentId, 'published', 'en'))!.cover!;
    expect(cover.id).not.toBe(coverBefore.id);
    expect(cover.id).toBe(swapped.fileId);
    const caption = first.candidateCaptions![first.candidateAssetIds!.indexOf(other)];
    expect(cover.alternativeText).toBe(altTextFromCaption({ caption, title: SAMPLE_ARTICLES.lighthouse.title, locale: 'en' }).alternativeText);
    expect(await panel().getByTestId('illustration-alt').textContent()).toContain(cover.alternativeText!);
    expect(emulator.stats.generateCalls).toBe(generateBefore);
  });

  it('an unchanged republish is one quiet line: the last real result and its candidates stay', async () => {
    const [last] = (await jobsFor(app.strapi, documentId, 'en')).slice(-1);
    await app.strapi.documents(ARTICLE).publish({ documentId, locale: 'en' } as never);
    expect((await finishedJob(app.strapi, documentId, { locale: 'en', after: last.id })).state).toBe('skipped');
    await page.reload();
    await panel().getByTestId('illustration-skipped').waitFor({ timeout: 20000 });
    expect(await panel().getByTestId('illustration-skipped').textContent()).toMatch(/^Republished .*: nothing to do\.$/);
    await panel().locator('[data-job-state="done"]').waitFor();
    expect(await panel().getByTestId('illustration-candidate').count()).toBeGreaterThan(1);
    await screenshot(page, '08b-side-panel-republished');
  });
});

describe('editing while the image is made', () => {
  it('the image goes into a form with unsaved changes: publishing it keeps the image and the edit, no second generation', async () => {
    const draft = (await app.strapi.documents(ARTICLE).create({ data: SAMPLE_ARTICLES.bees } as never)) as unknown as { documentId: string };
    await page.goto(editViewUrl(draft.documentId));
    await panel().getByText('The article is illustrated when it is published.').waitFor();
    const generateBefore = emulator.stats.generateCalls;
    await page.getByRole('button', { name: 'Publish' }).click();
    await panel().locator('[data-job-state="generating"]').waitFor({ timeout: 20000 });
    // An edit while Scenario works (the emulator's job takes 4 s): the form now has unsaved changes.
    const title = page.getByRole('textbox', { name: /^title/i });
    await title.fill(`${SAMPLE_ARTICLES.bees.title} (updated)`);
    await panel().locator('[data-job-state="done"]').waitFor({ timeout: 30000 });
    const job = await finishedJob(app.strapi, draft.documentId, { locale: 'en' });
    expect(job.state).toBe('done');
    // No "reload" warning: the form holds the image beside the edit.
    expect(await panel().getByText(/saving this form as it is puts its image back/).count()).toBe(0);
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitFor(async () => ((await readArticle(app.strapi, draft.documentId, 'published'))?.title?.endsWith('(updated)') ? true : undefined), 20000);
    const [last] = (await jobsFor(app.strapi, draft.documentId, 'en')).slice(-1);
    const second = await finishedJob(app.strapi, draft.documentId, { locale: 'en', after: job.id });
    expect(second.id).toBe(last.id);
    expect(second.state).toBe('skipped');
    expect((await readArticle(app.strapi, draft.documentId, 'published'))!.cover?.id).toBe(job.fileId);
    expect(emulator.stats.generateCalls - generateBefore).toBe(1);

    // "Use this image" while the form has unsaved changes (review): the swapped image goes into the form too.
    await page.reload();
    await panel().locator('[data-job-state="done"]').waitFor({ timeout: 20000 });
    await title.fill(`${SAMPLE_ARTICLES.bees.title} (updated twice)`);
    const other = job.candidateAssetIds!.find((assetId) => assetId !== job.chosenAssetId)!;
    await panel().locator(`[data-testid="illustration-candidate"][data-asset-id="${other}"]`).getByRole('button', { name: 'Use this image' }).click();
    const swap = await waitFor(async () => {
      const found = await finishedJob(app.strapi, draft.documentId, { locale: 'en', after: second.id });
      return found.state === 'done' ? found : undefined;
    }, 30000);
    await waitFor(async () => (await panel().getByTestId('illustration-attached').getAttribute('data-asset-id')) === other, 30000);
    await page.waitForTimeout(3000);
    await page.getByRole('button', { name: 'Publish' }).click();
    await waitFor(async () => ((await readArticle(app.strapi, draft.documentId, 'published'))?.title?.endsWith('(updated twice)') ? true : undefined), 20000);
    expect((await readArticle(app.strapi, draft.documentId, 'published'))!.cover?.id).toBe(swap.fileId);
    expect(emulator.stats.generateCalls - generateBefore).toBe(1);
  });
});

describe('placeholder, document action and jobs page', () => {
  let documentId: string;

  it('a failed generation leaves the placeholder, and "Generate illustration" makes a real one', async () => {
    // A Swedish story on the site's "en" locale: read as Swedish, and the panel says so.
    await emulator.configure({ failJobsMatching: /tidvatten/i });
    const created = (await app.strapi.documents(ARTICLE).create({
      data: {
        title: 'Tidvattenkraftverk öppnar i älvmynningen',
        body: blocks('Det nya tidvattenkraftverket i älvmynningen gör om tidvattnet till el. Kommunen räknar med att det ska ge ström till tusentals hushåll, och de första turbinerna startade på måndagen efter flera års arbete.'),
      },
      status: 'published',
    } as never)) as unknown as { documentId: string };
    documentId = created.documentId;
    const fallback = await finishedJob(app.strapi, documentId, { locale: 'en' });
    expect(fallback.state).toBe('fallback');
    await emulator.configure({ failJobsMatching: undefined });
    await page.goto(editViewUrl(documentId));
    await panel().locator('[data-job-state="fallback"]').waitFor();
    await panel().getByTestId('illustration-reason').waitFor();
    // The panel offers Retry for it, as the jobs page does.
    await panel().getByTestId('illustration-retry').waitFor();
    // (One way to try again on the panel, not three: Retry, and Regenerate under the prompt; the menu keeps its action.)
    expect(await panel().getByRole('button', { name: 'Regenerate image', exact: true }).count()).toBe(1);
    expect(await panel().getByRole('button', { name: 'Generate illustration' }).count()).toBe(0);
    expect(await panel().getByTestId('illustration-language').textContent()).toMatch(/Language read from its text: Swedish/);
    await page.getByRole('button', { name: /more document actions/i }).waitFor();
    await imagesLoaded(panel());
    await screenshot(page, '09-side-panel-placeholder');

    // The document action sits in the edit view's "more actions" menu.
    await page.getByRole('button', { name: /more document actions/i }).click();
    await page.getByRole('menuitem', { name: 'Generate illustration' }).click();
    await panel().locator('[data-job-state="done"]').waitFor({ timeout: 30000 });
    const job = await finishedJob(app.strapi, documentId, { locale: 'en', after: fallback.id });
    expect(job.state).toBe('done');
    // What Regenerate would cost is told before the click: what the last illustration cost, as the jobs page counts it.
    await panel().getByText(/The last illustration cost [\d.]+ credits \(images, captions and text helpers\)\./).waitFor();
    expect(((await app.strapi.db.query('plugin::auto-illustration.job').findOne({ where: { id: job.id } })) as { trigger: string }).trigger).toBe('generate');
    expect((await readArticle(app.strapi, documentId, 'published', 'en'))!.cover!.id).toBe(job.fileId);
  });

  it('lists recent jobs with filters, and retries a failed one', async () => {
    // One more placeholder to retry from the list.
    await emulator.configure({ failJobsMatching: /moorland/i });
    const created = (await app.strapi.documents(ARTICLE).create({
      data: { title: 'Moorland ponies return to the hills', body: blocks('Wild moorland ponies graze the heather again.') },
      status: 'published',
    } as never)) as unknown as { documentId: string };
    const placeholder = await finishedJob(app.strapi, created.documentId, { locale: 'en' });
    expect(placeholder.state).toBe('fallback');
    await emulator.configure({ failJobsMatching: undefined });
    await page.goto(`${app.url}/admin/plugins/auto-illustration`);
    await page.getByRole('heading', { name: 'Illustration jobs' }).waitFor();
    await page.getByTestId('job-row').first().waitFor();
    await screenshot(page, '10-jobs');

    await pickOption('Filter by state', /Needs attention/);
    const row = page.locator('[data-testid="job-row"]', { hasText: 'Moorland ponies' }).first();
    await row.waitFor();
    // (The list before the filter shows that row too: the done rows leave once the filtered list is in.)
    await page.locator('[data-testid="job-row"][data-state="done"]').first().waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid="job-row"][data-state="done"]').count()).toBe(0);
    await screenshot(page, '11-jobs-filtered');
    await row.getByRole('button', { name: 'Retry' }).click();
    await page.getByText(/Trying “Moorland ponies/).first().waitFor();
    const retried = await finishedJob(app.strapi, created.documentId, { locale: 'en', after: placeholder.id });
    expect(retried.state).toBe('done');
  });
});

describe('a single type', () => {
  const HOMEPAGE = 'api::homepage.homepage';

  it('shows the side panel in its edit view, whose URL has no document id', async () => {
    const settings = getService(app.strapi, 'settings');
    const contentTypes = settings.current().contentTypes;
    await settings.update({ contentTypes: { ...contentTypes, [HOMEPAGE]: { imageField: 'banner', titleField: 'title', textFields: ['intro'] } } });
    try {
      const created = (await app.strapi.documents(HOMEPAGE).create({
        data: { title: 'Harbour town welcomes the tall ships', intro: 'Tall ships sail into the old harbour for the summer festival, and the quay fills with visitors.' },
        status: 'published',
      } as never)) as unknown as { documentId: string };
      const job = await finishedJob(app.strapi, created.documentId);
      expect(job.state).toBe('done');
      await page.goto(`${app.url}/admin/content-manager/single-types/${HOMEPAGE}`);
      await panel().locator('[data-job-state="done"]').waitFor();
      expect(await panel().getByTestId('illustration-attached').getAttribute('data-asset-id')).toBe(job.chosenAssetId);
      await screenshot(page, '13-single-type-side-panel');
    } finally {
      await settings.update({ contentTypes });
    }
  });
});

describe('an editor without the plugin permissions', () => {
  it('sees no plugin controls', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const editorPage = await context.newPage();
    try {
      await logIn(editorPage, app.url, editor);
      await dismissAnnouncements(editorPage);
      // A Guide (not localized: the playground's default Editor role has no locale permissions for Articles) that got
      // the placeholder: a user with the permissions would be offered "Generate illustration" for it.
      await emulator.configure({ failJobsMatching: /sourdough/i });
      const guide = (await app.strapi.documents(GUIDE).create({
        data: { title: 'Baking your first sourdough loaf', summary: 'Everything you need for **sourdough baking** at home.' },
        status: 'published',
      } as never)) as unknown as { documentId: string };
      expect((await finishedJob(app.strapi, guide.documentId)).state).toBe('fallback');
      await emulator.configure({ failJobsMatching: undefined });
      await editorPage.goto(`${app.url}/admin/content-manager/collection-types/${GUIDE}/${guide.documentId}`);
      await editorPage.getByRole('button', { name: 'Publish' }).or(editorPage.getByRole('button', { name: 'Save' })).first().waitFor();
      await editorPage.waitForTimeout(1500);
      expect(await editorPage.getByTestId('illustration-panel').count()).toBe(0);
      expect(await editorPage.getByRole('link', { name: 'Illustration jobs' }).count()).toBe(0);
      await editorPage.getByRole('button', { name: /more document actions/i }).click();
      await editorPage.getByRole('menu').waitFor();
      expect(await editorPage.getByRole('menuitem', { name: 'Generate illustration' }).count()).toBe(0);
      await editorPage.keyboard.press('Escape');
      await screenshot(editorPage, '12-editor-without-permissions');

      // Nothing in the settings menu either (the API's 403s are covered by tests/integration/admin-api.test.ts).
      await editorPage.goto(`${app.url}/admin/settings`);
      await editorPage.getByText(/global settings/i).first().waitFor();
      expect(await editorPage.getByText('Auto illustration', { exact: true }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
