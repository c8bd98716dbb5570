/**
 * A host app may load either build: the CommonJS one (require) or the ES-module one (import), which has no
 * `require` of its own. Each renders a placeholder, the card that needs opentype.js and the Inter font files, both
 * from the checkout's dist/ and from the package installed out of its npm tarball, where the dependencies sit beside
 * the plugin in the app's node_modules rather than in this repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = 'strapi-plugin-auto-illustration';

interface Rendered {
  exports: string[];
  keyphrases: string[];
  offThread: boolean;
  mimeType: string;
  width: number;
  height: number;
  signature: string;
  sha256: string;
}

/** Renders one placeholder in a fresh Node process that loads the plugin with `loader` (an expression of `target`). */
function render(kind: 'require' | 'import', target: string, cwd: string): Rendered {
  const load = kind === 'require' ? `require(${JSON.stringify(target)})` : `await import(${JSON.stringify(target)})`;
  const script = `
    const plugin = ${load};
    // Text analysis runs on its own thread from either build (the ES-module one runs the CommonJS bundle beside it).
    const textAnalysis = (plugin.default.services ?? plugin.default.default?.services)['text-analysis']({ strapi: { log: console } });
    const phrases = await textAnalysis.keyphrases({ title: 'Harbour reopens', text: 'The harbour reopened after the storm. Fishing boats returned to the quay.' });
    const offThread = textAnalysis.workerRunning;
    await textAnalysis.stop();
    const image = await plugin.renderPlaceholder({ title: 'Night market by the river: lanterns, stalls and crowds', keyphrases: ['night market', 'lanterns'] });
    const bytes = Buffer.from(image.bytes);
    const { createHash } = await import('node:crypto');
    console.log(JSON.stringify({
      exports: Object.keys(plugin).sort(),
      keyphrases: phrases.map((phrase) => phrase.phrase),
      offThread,
      mimeType: image.mimeType,
      width: image.width,
      height: image.height,
      signature: bytes.subarray(1, 4).toString('latin1'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    }));`;
  // A CommonJS script cannot await at the top: it runs inside an async function there.
  const source = kind === 'require' ? `(async () => {${script}})().catch((error) => { console.error(error); process.exit(1); });` : script;
  const output = execFileSync(process.execPath, ['--input-type', kind === 'require' ? 'commonjs' : 'module', '--eval', source], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60000,
  });
  return JSON.parse(output.trim().split('\n').pop()!) as Rendered;
}

function expectPlaceholder(rendered: Rendered): void {
  expect(rendered).toMatchObject({ mimeType: 'image/png', width: 1200, height: 675, signature: 'PNG' });
  expect(rendered.exports).toEqual(expect.arrayContaining(['default', 'renderPlaceholder']));
  expect(rendered.keyphrases).toContain('harbour');
  expect(rendered.offThread).toBe(true);
}

describe("the checkout's dist/", () => {
  it('the CommonJS build (dist/server/index.js) and the ES-module build (dist/server/index.mjs) each render the same placeholder', () => {
    const fromRequire = render('require', path.join(ROOT, 'dist', 'server', 'index.js'), ROOT);
    const fromImport = render('import', pathToFileURL(path.join(ROOT, 'dist', 'server', 'index.mjs')).href, ROOT);
    expectPlaceholder(fromRequire);
    expectPlaceholder(fromImport);
    expect(fromImport.sha256).toBe(fromRequire.sha256);
  }, 120000);
});

describe('the package installed from its tarball', () => {
  let app: string;

  beforeAll(() => {
    // An app folder whose node_modules holds the unpacked tarball and, beside it, every dependency (links to this
    // repository's installed ones), as npm lays out a host app that installed the plugin.
    app = mkdtempSync(path.join(tmpdir(), 'auto-illustration-app-'));
    const modules = path.join(app, 'node_modules');
    // (The suite built the plugin before it: --ignore-scripts skips prepack's build.)
    const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    mkdirSync(path.join(modules, PACKAGE), { recursive: true });
    execFileSync('tar', ['-xzf', path.join(app, filename), '-C', path.join(modules, PACKAGE), '--strip-components', '1']);
    const linkAll = (from: string, to: string) => {
      mkdirSync(to, { recursive: true });
      for (const entry of readdirSync(from)) {
        if (entry === PACKAGE || entry.startsWith('.')) continue;
        if (entry.startsWith('@')) linkAll(path.join(from, entry), path.join(to, entry));
        else symlinkSync(path.join(from, entry), path.join(to, entry));
      }
    };
    linkAll(path.join(ROOT, 'node_modules'), modules);
  }, 120000);

  afterAll(() => {
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('require and import of its ./strapi-server export each render the same placeholder', () => {
    const fromRequire = render('require', `${PACKAGE}/strapi-server`, app);
    const fromImport = render('import', `${PACKAGE}/strapi-server`, app);
    expectPlaceholder(fromRequire);
    expectPlaceholder(fromImport);
    expect(fromImport.sha256).toBe(fromRequire.sha256);
  }, 120000);
});
