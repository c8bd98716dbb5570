import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  const fresh = () => existsSync(panel) && statSync(panel).mtimeMs >= newestMtime(path.join(ROOT, 'dist', 'admin'));
  if (fresh()) return;
  // One build at a time: test suites started together (jest's workers) wait for the first one's, then use it.
  mkdirSync(path.dirname(ADMIN_BUILD_LOCK), { recursive: true });
  while (!takeLock()) {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    if (fresh()) return;
  }
  try {
    if (fresh()) return;
    if (!quiet) console.error('▸ Building the admin panel (about a minute)');
    execFileSync('node', [path.join(__dirname, 'build-admin.js')], { cwd: PLAYGROUND, stdio: quiet ? 'ignore' : 'inherit' });
  } finally {
    rmSync(ADMIN_BUILD_LOCK, { force: true });
  }
}

const ADMIN_BUILD_LOCK = path.join(PLAYGROUND, '.tmp', 'admin-build.lock');

/** The lock file, holding this process's id; one left by a process that is gone (killed mid-build) is taken over. */
function takeLock(): boolean {
  try {
    writeFileSync(ADMIN_BUILD_LOCK, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    let holder: number;
    try {
      holder = Number(readFileSync(ADMIN_BUILD_LOCK, 'utf8'));
    } catch {
      return false; // released meanwhile: taken at the next try
    }
    // (Empty: its holder is writing its id, unless that was long ago.)
    const gone = holder ? !isAlive(holder) : Date.now() - (statSync(ADMIN_BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 10_000;
    if (gone) rmSync(ADMIN_BUILD_LOCK, { force: true });
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
