import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const PLAYGROUND = path.join(ROOT, 'playground');

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** The playground loads the plugin from dist/, as an app loads it from node_modules: rebuild it when sources changed. */
export function ensurePluginBuilt({ quiet = false } = {}): void {
  const built = path.join(ROOT, 'dist', 'server', 'index.js');
  const sources = Math.max(newestMtime(path.join(ROOT, 'server', 'src')), newestMtime(path.join(ROOT, 'admin', 'src')));
  if (existsSync(built) && existsSync(path.join(ROOT, 'dist', 'admin')) && statSync(built).mtimeMs >= sources) return;
  if (!quiet) console.error('▸ Building the plugin (dist/)');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: quiet ? 'ignore' : ['ignore', process.stderr, process.stderr] });
}

/**
 * The admin panel (playground/build) is needed to log in. It is (re)built, about a minute, when missing or older
 * than the plugin's built admin part, so it always shows the current plugin.
 */
export function ensureAdminBuilt({ quiet = false } = {}): void {
  const panel = path.join(PLAYGROUND, 'build', 'index.html');
  if (existsSync(panel) && statSync(panel).mtimeMs >= newestMtime(path.join(ROOT, 'dist', 'admin'))) return;
  if (!quiet) console.error('▸ Building the admin panel (about a minute)');
  execFileSync('node', [path.join(__dirname, 'build-admin.js')], { cwd: PLAYGROUND, stdio: quiet ? 'ignore' : 'inherit' });
}
