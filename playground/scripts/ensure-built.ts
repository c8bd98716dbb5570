import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The playground loads the plugin from dist/, as an app loads it from node_modules: rebuild it when sources changed. */
export function ensurePluginBuilt({ quiet = false } = {}): void {
  const built = path.join(ROOT, 'dist', 'server', 'index.js');
  const sources = Math.max(newestMtime(path.join(ROOT, 'server', 'src')), newestMtime(path.join(ROOT, 'admin', 'src')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  if (!quiet) console.error('▸ Building the plugin (dist/)');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: quiet ? 'ignore' : ['ignore', process.stderr, process.stderr] });
}

/** The admin panel (playground/build) is needed to log in; built once, about a minute. */
export function ensureAdminBuilt(): void {
  if (existsSync(path.join(ROOT, 'playground', 'build', 'index.html'))) return;
  console.error('▸ Building the admin panel (about a minute, once)');
  execFileSync('node', [path.join(__dirname, 'build-admin.js')], { cwd: path.join(ROOT, 'playground'), stdio: 'inherit' });
}
