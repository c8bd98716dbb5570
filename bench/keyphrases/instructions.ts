/**
 * Instructions per pass of extractKeyphrases and of bare wink-nlp, counted by valgrind's callgrind:
 *
 *   npm run bench:keyphrases:instructions [-- --data ../shared/keyphrase]
 *
 * Timings on these shared machines vary by several hundredths from run to run (the throughput bench
 * prints its own noise floor), more than most single changes to the extractor are worth. Instruction
 * counts do not vary: V8 runs single-threaded with fixed seeds, so two identical runs agree to a few
 * thousand instructions out of billions. They do not show memory stalls, so they complement the
 * throughput figure and do not replace it.
 *
 * One pass is every document of both datasets once, as in the throughput bench (with statistics).
 * Each count is the difference between a run that does two measured passes and one that does one,
 * after the same warm-up, so start-up and compilation cancel out. Needs valgrind (takes minutes).
 */
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { extractKeyphrases } from '../../server/src/domain/keyphrases';
import { nlp } from '../../server/src/domain/keyphrases/tagged-text';
import { CollectionStatistics, readJsonl, toDocuments } from './common';

const PASS_MODES = ['bare', 'extract'] as const;
type Mode = (typeof PASS_MODES)[number];

/** In the child process: warm up, then run `passes` passes of one mode. */
function child(mode: Mode, passes: number, data: string): void {
  const texts = ['inspec-test.jsonl', 'kpcrowd-news.jsonl'].flatMap((file) => {
    const documents = toDocuments(readJsonl(resolve(data, file)));
    const statistics = new CollectionStatistics(documents);
    return documents.map((doc, i) => ({ doc, stats: statistics.snapshot(i) }));
  });
  const wink = nlp();
  const bare = () => { for (const { doc } of texts) wink.readDoc(doc.text).tokens().out(wink.its.pos); };
  const extract = () => { for (const { doc, stats } of texts) extractKeyphrases(doc, { limit: 10, stats }); };
  bare();
  extract();
  for (let p = 0; p < passes; p++) (mode === 'bare' ? bare : extract)();
}

/** Instructions of one child run under callgrind. */
function count(mode: Mode, passes: number, data: string): Promise<number> {
  const args = [
    '--tool=callgrind', '--callgrind-out-file=/dev/null',
    process.execPath, '--single-threaded', '--hash-seed=1', '--random-seed=1', '--require', require.resolve('tsx/cjs'),
    __filename, '--child', mode, String(passes), '--data', data,
  ];
  return new Promise((done, fail) => {
    const run = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    run.stderr.on('data', (chunk: Buffer) => { log += chunk.toString(); });
    run.on('error', fail);
    run.on('close', (code) => {
      const refs = /I\s+refs:\s+([\d,]+)/.exec(log);
      if (code !== 0 || !refs) fail(new Error(`callgrind ${mode} ${passes} failed (exit ${code}):\n${log.slice(-2000)}`));
      else done(Number(refs[1].replace(/,/g, '')));
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const dataAt = argv.indexOf('--data');
  const data = dataAt >= 0 ? resolve(argv[dataAt + 1]) : resolve(__dirname, '../../../shared/keyphrase');
  if (argv[0] === '--child') {
    child(argv[1] as Mode, Number(argv[2]), data);
    return;
  }
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('valgrind is needed (apt-get install -y valgrind)');
  }
  // Once outside valgrind, so tsx's compile cache is filled and every counted run does the same work.
  execFileSync(process.execPath, ['--require', require.resolve('tsx/cjs'), __filename, '--child', 'bare', '0', '--data', data], { stdio: 'ignore' });
  const perPass: Record<Mode, number> = { bare: 0, extract: 0 };
  for (const mode of PASS_MODES) {
    // Two at a time: the counts do not depend on what else the machine runs.
    const [one, two] = await Promise.all([count(mode, 1, data), count(mode, 2, data)]);
    perPass[mode] = two - one;
  }
  const millions = (n: number) => Math.round(n / 1e6);
  console.log(JSON.stringify({
    bareInstructionsPerPassM: millions(perPass.bare),
    extractInstructionsPerPassM: millions(perPass.extract),
    extraInstructionsPerPassM: millions(perPass.extract - perPass.bare),
    instructionRatio: Number((perPass.bare / perPass.extract).toFixed(3)),
  }));
}

main().catch((error) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});
