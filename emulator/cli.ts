/**
 * The emulator on its own, for trying the plugin in your own Strapi app without Scenario keys:
 *
 *   npm run emulator -- [--port 4010] [--cdn-port 4011] [--job-seconds 2] [--max-jobs N] [--key K] [--secret S]
 *
 * It prints the four environment variables that point the plugin at it (the same key and secret at every start, so
 * an app's .env written once stays right: a trial's went stale at each restart, and every job failed with a 401),
 * then reads fault commands from its input (one per line; "help" lists them), so an outage or a refusal can be tried
 * by hand. Ctrl-C stops it.
 */
import { createInterface } from 'node:readline';
import { pluginEnv, startScenarioEmulator, type EmulatorRoute, type ScenarioEmulatorOptions } from './index';

const ROUTES: EmulatorRoute[] = ['generate', 'dry-run', 'caption', 'translate', 'prompt', 'llm', 'jobs', 'assets', 'models', 'collections'];

const HELP = `Commands (one per line):
  down | up                      Scenario unreachable (connection refused) / back
  fail <status> [route] [times]  the next request(s) answer <status>; a new "fail" replaces one still pending
  hang [route]                   the next request hangs (nothing is done, no answer)
  lose [route]                   the next request is carried out, then its answer lost (connection reset): a paid job
                                 made without the plugin hearing of it (route: generate by default)
  refuse <regex>                 prompts matching are refused at submission (400, content moderation)
  failjobs <regex>               jobs whose prompt or instruction matches end in failure
  jobs <seconds>                 how long a generation takes
  ceiling <n> | ceiling off      Scenario's ceiling of jobs in flight (429 above it)
  clear                          no fault, the starting options again (jobs and assets are kept)
  stats                          what the emulator was asked so far
Routes: ${ROUTES.join(', ')} (fail and hang: any request when none is given).`;

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function number(name: string): number | undefined {
  const value = flag(name);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a number, not "${value}"`);
  return parsed;
}

/** A pattern typed at the prompt, or a message saying what is wrong with it. */
function pattern(args: string[]): RegExp | string {
  try {
    return new RegExp(args.join(' '), 'i');
  } catch (error) {
    return `not a pattern: ${(error as Error).message}`;
  }
}

/** What a command changes, or a message when it is not one. */
export function parseCommand(line: string): Partial<ScenarioEmulatorOptions> | string {
  const [command, ...args] = line.trim().split(/\s+/);
  const route = args.find((arg) => /^[A-Za-z_-]+$/.test(arg)) as EmulatorRoute | undefined;
  // (A misspelt route would leave the fault waiting for a request that never comes.)
  if (route && ['fail', 'hang', 'lose'].includes(command) && !ROUTES.includes(route)) return `no route "${route}": ${ROUTES.join(', ')}`;
  switch (command) {
    case 'down':
      return { down: true };
    case 'up':
      return { down: false };
    case 'fail': {
      const status = Number(args[0]);
      if (!Number.isInteger(status) || status < 400 || status > 599) return 'fail needs a status from 400 to 599, e.g. "fail 503 generate"';
      const times = Number(args.find((arg, index) => index > 0 && /^\d+$/.test(arg)) ?? 1);
      return { failNext: { status, times, ...(route ? { route } : {}) } };
    }
    case 'hang':
      return { hangNext: { ...(route ? { route } : {}) } };
    case 'lose':
      return { resetNext: { route: route ?? 'generate', afterAccepting: true } };
    case 'refuse': {
      const found = args[0] ? pattern(args) : 'refuse needs a pattern, e.g. "refuse lighthouse"';
      return typeof found === 'string' ? found : { rejectPromptsMatching: found };
    }
    case 'failjobs': {
      const found = args[0] ? pattern(args) : 'failjobs needs a pattern';
      return typeof found === 'string' ? found : { failJobsMatching: found };
    }
    case 'jobs':
      return Number(args[0]) >= 0 ? { jobSeconds: Number(args[0]) } : 'jobs needs a number of seconds';
    case 'ceiling':
      if (args[0] === 'off') return { maxConcurrentJobs: undefined };
      return Number.isInteger(Number(args[0])) && Number(args[0]) > 0 ? { maxConcurrentJobs: Number(args[0]) } : 'ceiling needs a number, or "off"';
    default:
      return HELP;
  }
}

async function main(): Promise<void> {
  const starting: ScenarioEmulatorOptions = {
    apiPort: number('port') ?? 4010,
    cdnPort: number('cdn-port') ?? 4011,
    jobSeconds: number('job-seconds') ?? 2,
    ...(number('max-jobs') ? { maxConcurrentJobs: number('max-jobs') } : {}),
    apiKey: flag('key') ?? 'emu_key_local',
    apiSecret: flag('secret') ?? 'emu_secret_local',
  };
  const emulator = await startScenarioEmulator(starting);
  console.log('Local Scenario emulator (a test fixture: no credits, no real images). Point the plugin at it with these lines (paste them into a shell as they are, or into your .env without their first word):\n');
  for (const [key, value] of Object.entries(pluginEnv(emulator))) console.log(`export ${key}=${value}`);
  console.log(`\nType "help" for the fault commands.`);
  const input = createInterface({ input: process.stdin });
  input.on('line', (line) => {
    if (!line.trim()) return;
    if (line.trim() === 'clear') {
      void emulator.configure({ ...starting, down: false, failNext: undefined, hangNext: undefined, resetNext: undefined, rejectPromptsMatching: undefined, failJobsMatching: undefined }).then(() => console.log('ok'));
      return;
    }
    if (line.trim() === 'stats') {
      console.log(JSON.stringify({ ...emulator.stats, requests: emulator.stats.requests.length }));
      return;
    }
    const change = parseCommand(line);
    if (typeof change === 'string') console.log(change);
    else void emulator.configure(change).then(() => console.log('ok'));
  });
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`error: ${error.message}`);
    process.exit(1);
  });
}
