/**
 * `npm run demo`: boots the playground on SQLite, publishes sample articles, prints what the plugin did with each
 * (keyphrases, prompt, chosen image, alt text), and leaves the admin running at http://localhost:1337/admin.
 *
 * With SCENARIO_API_KEY and SCENARIO_API_SECRET in the environment it uses the real Scenario service (and spends
 * credits); without them it starts the local Scenario emulator, a test fixture that spends nothing.
 * `--exit` stops after printing (used by the tests); `--port N` (or PORT) changes the port.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createStrapi } from '@strapi/strapi';
import { pluginEnv, startScenarioEmulator } from '../../emulator';
import { ensureAdminBuilt, ensurePluginBuilt } from './ensure-built';

const PLAYGROUND = path.resolve(__dirname, '..');
const ARTICLE = 'api::article.article';
const GUIDE = 'api::guide.guide';
const JOB = 'plugin::auto-illustration.job';

export const DEMO_LOGIN = { email: 'demo@example.com', password: 'Demo-password-1' };

const args = process.argv.slice(2);
const exitAfterPrinting = args.includes('--exit');
const port = (args.includes('--port') ? Number(args[args.indexOf('--port') + 1]) : Number(process.env.PORT)) || 1337;

const paragraphs = (...texts: string[]) => texts.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));

const SAMPLES = [
  {
    uid: ARTICLE,
    data: {
      title: 'Volunteers restore the old lighthouse on Puffin Island',
      description: 'A crew of local volunteers spent the summer repairing the lighthouse lantern and keeper cottage.',
      body: paragraphs(
        'The lighthouse on Puffin Island had been dark for thirty years before a group of volunteers took on its restoration.',
        'Carpenters rebuilt the keeper cottage while glaziers replaced the lantern glass; the lamp shone again in September.',
      ),
    },
    fr: {
      title: 'Des bénévoles restaurent le vieux phare de l’île aux Macareux',
      description: 'Une équipe de bénévoles a réparé la lanterne du phare et la maison du gardien pendant l’été.',
    },
  },
  {
    uid: ARTICLE,
    data: {
      title: 'Urban beekeepers bring honey bees to city rooftops',
      description: 'Rooftop hives are spreading across the city as beekeepers and restaurants team up.',
      body: paragraphs('Honey bees thrive on rooftop gardens, and urban beekeepers say the city honey tastes of linden trees.'),
    },
  },
  {
    uid: GUIDE,
    data: {
      title: 'Baking your first sourdough loaf',
      summary: 'Everything you need for **sourdough baking** at home, from the starter to the Dutch oven.',
      intro: { text: 'A patient sourdough starter is the heart of every loaf.', kicker: 'Baking' },
      sections: [
        { __component: 'content.text-section', heading: 'Feeding the starter', body: 'Feed the starter with rye flour and water every morning.' },
        { __component: 'content.quote', quote: 'Good bread needs time and a very hot Dutch oven.', author: 'A baker' },
      ],
    },
  },
];

function step(message: string) {
  console.log(`\n▸ ${message}`);
}

async function main() {
  ensurePluginBuilt();
  if (!exitAfterPrinting) ensureAdminBuilt();

  const usingRealService = Boolean(process.env.SCENARIO_API_KEY && process.env.SCENARIO_API_SECRET);
  if (usingRealService) {
    const baseUrl = process.env.SCENARIO_BASE_URL ?? 'https://api.cloud.scenario.com/v1';
    // (The variables `npm run emulator` prints point here too: its fault commands then act on the demo.)
    const local = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])[:/]/.test(baseUrl);
    step(local ? `Using the Scenario API at ${baseUrl}: a local address, an emulator you started (no credits)` : `Using the real Scenario service at ${baseUrl} (this spends credits)`);
  } else {
    const emulator = await startScenarioEmulator({ jobSeconds: 3 });
    Object.assign(process.env, pluginEnv(emulator));
    step(`No Scenario keys in the environment: using the LOCAL SCENARIO EMULATOR at ${emulator.apiUrl} (a test fixture; no credits spent)`);
  }

  // A fresh demo database each run, so the samples are published anew.
  mkdirSync(path.join(PLAYGROUND, '.tmp'), { recursive: true });
  rmSync(path.join(PLAYGROUND, '.tmp', 'demo.db'), { force: true });
  Object.assign(process.env, { DATABASE_FILENAME: '.tmp/demo.db', PORT: String(port), STRAPI_TELEMETRY_DISABLED: 'true', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });

  step('Starting the playground Strapi on a fresh demo database (playground/.tmp/demo.db; the last demo\'s is gone)');
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  await createDemoAdmin(strapi);
  if (!exitAfterPrinting) await strapi.listen();

  step('Publishing sample articles');
  const published: Array<{ uid: string; documentId: string; locale?: string }> = [];
  for (const sample of SAMPLES) {
    const documents = strapi.documents(sample.uid as never);
    const created = (await documents.create({ data: sample.data } as never)) as unknown as { documentId: string };
    if (sample.fr) {
      await documents.update({ documentId: created.documentId, locale: 'fr', data: sample.fr } as never);
      await documents.publish({ documentId: created.documentId, locale: '*' } as never);
      published.push({ uid: sample.uid, documentId: created.documentId, locale: 'en' }, { uid: sample.uid, documentId: created.documentId, locale: 'fr' });
    } else {
      await documents.publish({ documentId: created.documentId } as never);
      published.push({ uid: sample.uid, documentId: created.documentId });
    }
    console.log(`  published "${sample.data.title}"${sample.fr ? ' (en + fr)' : ''}`);
  }

  step('Waiting for the illustrations (publishing did not wait for them)');
  const deadline = Date.now() + 5 * 60 * 1000;
  for (;;) {
    const jobs = (await strapi.db.query(JOB).findMany({})) as Array<{ state: string; placeholderFileId: number | null }>;
    // Finished, or waiting for Scenario with the placeholder already up (an outage): either way the article shows something.
    const settled = (job: { state: string; placeholderFileId: number | null }) =>
      ['done', 'fallback', 'skipped', 'failed'].includes(job.state) || job.placeholderFileId !== null;
    if (jobs.length >= published.length && jobs.every(settled)) break;
    if (Date.now() > deadline) throw new Error('the illustrations did not finish within 5 minutes');
    await sleep(250);
  }

  for (const item of published) {
    const [job] = (await strapi.db.query(JOB).findMany({
      where: { targetDocumentId: item.documentId, ...(item.locale ? { targetLocale: item.locale } : {}) },
      orderBy: { id: 'desc' },
      limit: 1,
    })) as Array<Record<string, any>>;
    // The image, or the placeholder that stands in while Scenario cannot be reached.
    const fileId = job.fileId ?? job.placeholderFileId;
    const file = fileId ? await strapi.db.query('plugin::upload.file').findOne({ where: { id: fileId } }) : null;
    console.log(`\n━━ ${job.title}${item.locale ? ` [${item.locale}]` : ''}`);
    console.log(`   state       ${job.state}${job.reason ? ` (${job.reason})` : ''}`);
    console.log(`   keyphrases  ${(job.keyphrases ?? []).join(', ')}`);
    // A locale that shares another locale's image was never prompted: say whose image it has.
    const shared = (job.history ?? []).find((entry: { note?: string }) => /^shares the images? of job/.test(entry.note ?? ''));
    console.log(`   prompt      ${shared ? `(${shared.note}; alt text in its own language) ` : ''}${job.prompt ?? '—'}`);
    const [generation, other] = [Number(job.creditsSpent ?? 0), Number(job.helperCredits ?? 0)];
    console.log(`   model       ${job.model}   credits ${generation + other} (generation ${generation}, captions and text helpers ${other})`);
    console.log(`   candidates  ${(job.candidateAssetIds ?? []).join(', ') || '—'}   chosen ${job.chosenAssetId ?? '—'}`);
    console.log(`   image       ${file ? `http://localhost:${port}${file.url}${job.fileId ? '' : ' (placeholder for now)'}` : '—'}`);
    console.log(`   alt text    ${job.alternativeText ?? file?.alternativeText ?? '—'}`);
  }

  if (exitAfterPrinting) {
    await strapi.destroy();
    process.exit(0);
  }
  console.log(`\n✔ Admin: http://localhost:${port}/admin   login ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}   (Ctrl-C to stop)`);
}

async function createDemoAdmin(strapi: any) {
  const existing = await strapi.db.query('admin::user').findOne({ where: { email: DEMO_LOGIN.email } });
  if (existing) return;
  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await strapi.service('admin::user').create({
    email: DEMO_LOGIN.email,
    firstname: 'Demo',
    lastname: 'Editor',
    password: DEMO_LOGIN.password,
    isActive: true,
    registrationToken: null,
    roles: [superAdmin.id],
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
