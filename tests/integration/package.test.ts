/**
 * What `npm publish` would ship: the built plugin, its fallback entry and the README; nothing from tests,
 * the playground, benchmarks or the keyphrase datasets.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

it('the npm package holds the built server and admin entries and nothing else', () => {
  // (Its build is the suite's own, done before it: --ignore-scripts skips prepack's.)
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  const files: string[] = pack.files.map((file: { path: string }) => file.path);
  for (const required of ['package.json', 'README.md', 'strapi-server.js', 'dist/server/index.js', 'dist/server/index.mjs', 'dist/admin/index.js', 'dist/admin/index.mjs']) {
    expect(files).toContain(required);
  }
  expect(files.filter((file) => !/^(dist\/|package\.json$|README\.md$|strapi-server\.js$)/.test(file))).toEqual([]);
  expect(files.filter((file) => /\.jsonl$|inspec|kpcrowd/i.test(file))).toEqual([]);
  expect(pack.size).toBeLessThan(5 * 1024 * 1024);
});

it('is built whenever it is packed or published: a tarball without dist/ installed silently, and Strapi dropped the plugin\'s tables', () => {
  // (A trial in an app we did not write: `npm pack` on a fresh clone shipped three files, the app started, the plugin
  // was missing and Strapi deleted its jobs and budget tables as content types no longer declared.)
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(manifest.scripts.prepack).toBe('npm run build');
});

it('takes @strapi/utils from the app: an optional peer, which npm does not install a second copy of', () => {
  // A required peer made npm put the newest @strapi/utils at the app's top level and a private copy of the app's own
  // version under each Strapi package (18 copies): Strapi's error middleware then failed its instanceof checks and
  // answered every 400 and 404 of the plugin, and its own 429s, as a bare 500 (a trial in an app we did not write).
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(manifest.peerDependencies['@strapi/utils']).toBeDefined();
  expect(manifest.peerDependenciesMeta?.['@strapi/utils']?.optional).toBe(true);
  expect(manifest.dependencies['@strapi/utils']).toBeUndefined();
});
