/**
 * Keyphrase benchmark: quality on two public datasets, speed against bare wink-nlp, memory over a
 * long run.
 *
 *   npm run bench:keyphrases [-- --json] [--data ../shared/keyphrase] [--memory-docs 10000] [--rounds 7]
 *
 * Quality: predictions for inspec-test.jsonl and kpcrowd-news.jsonl (the `text` field only), each
 * document ranked with document frequencies from the OTHER documents of its file (a site's own
 * archive), scored by the datasets' own scorer (score.mjs: Porter-stemmed exact match, macro F@5/F@10).
 *
 * Speed: documents per second of extractKeyphrases (with statistics, as the plugin calls it) against
 * wink-nlp's readDoc + POS tags on the same texts with the same pipeline, in the same process,
 * interleaved round by round; the medians are compared. Each round also times the bare pass a second
 * time: the spread of bare against bare shows how large a difference this machine can resolve.
 *
 * Memory: heap used after a forced GC, sampled while extracting from 10,000 documents (cycling both
 * datasets). The first cycle warms caches (wink-nlp's lexicon learns the datasets' unknown words),
 * so growth is measured from the end of the first cycle.
 */
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { extractKeyphrases, type TermStatistics } from '../../server/src/domain/keyphrases';
import { nlp } from '../../server/src/domain/keyphrases/tagged-text';
import { CollectionStatistics, predict, readJsonl, toDocuments, type InputDocument } from './common';

const TARGETS = { inspecF5: 30.5, inspecF10: 37.0, kpcrowdF10: 19.0, throughputRatio: 0.8 };
const DATASETS = [
  { name: 'inspec', file: 'inspec-test.jsonl' },
  { name: 'kpcrowd', file: 'kpcrowd-news.jsonl' },
] as const;

interface Args {
  json: boolean;
  data: string;
  memoryDocs: number;
  rounds: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { json: false, data: resolve(__dirname, '../../../shared/keyphrase'), memoryDocs: 10_000, rounds: 7 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') args.json = true;
    else if (arg === '--data') args.data = resolve(argv[++i]);
    else if (arg === '--memory-docs') args.memoryDocs = Number(argv[++i]);
    else if (arg === '--rounds') args.rounds = Number(argv[++i]);
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(args.memoryDocs) || args.memoryDocs < 0) throw new Error('--memory-docs must be a non-negative integer');
  if (!Number.isInteger(args.rounds) || args.rounds < 1) throw new Error('--rounds must be a positive integer');
  return args;
}

// A real GC between measurements makes heap figures comparable and timings less noisy.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

type ScoreDatasets = (gold: unknown[], pred: unknown[]) => { result: ScoreResult };
interface ScoreSetting { documents: number; MAP: number; [metric: string]: number }
interface ScoreResult { documents: number; missing_predictions: number; settings: { all: ScoreSetting; present: ScoreSetting } }

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const pct = (x: number) => round(100 * x);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Loaded {
  name: string;
  rows: Record<string, unknown>[];
  documents: InputDocument[];
  statistics: CollectionStatistics;
}

function quality(loaded: Loaded, scoreDatasets: ScoreDatasets, withStatistics: boolean) {
  const predictions = withStatistics
    ? predict(loaded.documents, 10, loaded.statistics)
    : loaded.documents.map((doc) => ({ id: doc.id, keyphrases: extractKeyphrases(doc, { limit: 10 }).map((k) => k.phrase) }));
  const { result } = scoreDatasets(loaded.rows, predictions);
  const figures = (s: ScoreSetting) => ({
    documents: s.documents,
    'P@5': pct(s['P@5']), 'R@5': pct(s['R@5']), 'F@5': pct(s['F@5']),
    'P@10': pct(s['P@10']), 'R@10': pct(s['R@10']), 'F@10': pct(s['F@10']), MAP: pct(s.MAP),
  });
  return { documents: result.documents, missingPredictions: result.missing_predictions, all: figures(result.settings.all), present: figures(result.settings.present) };
}

/** Median documents/second of extraction vs bare wink-nlp tagging, interleaved. */
function throughput(texts: { doc: InputDocument; stats: TermStatistics }[], rounds: number) {
  const wink = nlp();
  const its = wink.its;
  let tokens = 0;
  const bare = (): void => {
    tokens = 0;
    for (const { doc } of texts) tokens += (wink.readDoc(doc.text).tokens().out(its.pos) as string[]).length;
  };
  const ours = (): void => {
    for (const { doc, stats } of texts) extractKeyphrases(doc, { limit: 10, stats });
  };
  const time = (fn: () => void): number => {
    gc();
    const started = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - started) / 1e9;
  };
  time(bare); // warm-up: JIT and wink-nlp's caches
  time(ours);
  const bareRates: number[] = [];
  const ourRates: number[] = [];
  const ratios: number[] = [];
  const repeatRatios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first so neither always runs on a freshly collected heap.
    const [b, o] = r % 2 === 0 ? [time(bare), time(ours)] : (() => { const o2 = time(ours); return [time(bare), o2]; })();
    bareRates.push(texts.length / b);
    ourRates.push(texts.length / o);
    ratios.push(b / o);
    // The bare pass again, timed the same way: how far apart two identical runs come out here, i.e.
    // how large a difference in the ratio this machine can tell from noise.
    repeatRatios.push(b / time(bare));
  }
  return {
    documents: texts.length,
    tokens,
    rounds,
    bareDocsPerSecond: round(median(bareRates), 1),
    extractDocsPerSecond: round(median(ourRates), 1),
    bareTokensPerSecond: Math.round((median(bareRates) * tokens) / texts.length),
    extractTokensPerSecond: Math.round((median(ourRates) * tokens) / texts.length),
    ratio: round(median(ourRates) / median(bareRates), 3),
    ratioMedianOfRounds: round(median(ratios), 3),
    ratioMin: round(Math.min(...ratios), 3),
    /** Bare wink-nlp against itself, per round: 1 on a quiet machine; the spread is the noise. */
    bareRepeatRatioMin: round(Math.min(...repeatRatios), 3),
    bareRepeatRatioMax: round(Math.max(...repeatRatios), 3),
  };
}

/** Heap after GC, sampled every `every` documents while cycling the texts. */
function memory(texts: { doc: InputDocument; stats: TermStatistics }[], total: number) {
  const every = 500;
  const mb = (bytes: number) => round(bytes / 1024 / 1024, 2);
  const samples: { documents: number; heapUsedMB: number }[] = [];
  gc();
  const startHeap = process.memoryUsage().heapUsed;
  for (let i = 1; i <= total; i++) {
    const { doc, stats } = texts[(i - 1) % texts.length];
    extractKeyphrases(doc, { limit: 10, stats });
    if (i % every === 0 || i === total) {
      gc();
      samples.push({ documents: i, heapUsedMB: mb(process.memoryUsage().heapUsed) });
    }
  }
  // Growth after the first full cycle through the data (caches warm), and its least-squares slope.
  const warm = samples.filter((s) => s.documents >= texts.length);
  const base = warm[0] ?? samples[0];
  const last = samples[samples.length - 1];
  let slope = 0;
  if (warm.length >= 2) {
    const mx = warm.reduce((a, s) => a + s.documents, 0) / warm.length;
    const my = warm.reduce((a, s) => a + s.heapUsedMB, 0) / warm.length;
    const num = warm.reduce((a, s) => a + (s.documents - mx) * (s.heapUsedMB - my), 0);
    const den = warm.reduce((a, s) => a + (s.documents - mx) ** 2, 0);
    slope = den ? (num / den) * 1000 : 0;
  }
  const growth = last && base ? last.heapUsedMB - base.heapUsedMB : 0;
  return {
    documents: total,
    startHeapMB: mb(startHeap),
    afterFirstCycleMB: base?.heapUsedMB ?? 0,
    endHeapMB: last?.heapUsedMB ?? 0,
    maxHeapMB: Math.max(0, ...samples.map((s) => s.heapUsedMB)),
    growthAfterFirstCycleMB: round(growth),
    slopeMBPer1000Docs: round(slope, 3),
    // Flat: less than 2 MB (or 5%) of growth once warm, and no steady climb.
    flat: Math.abs(growth) <= Math.max(2, 0.05 * (base?.heapUsedMB ?? 0)) && Math.abs(slope) < 0.2,
    samples,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scorer = (await import(pathToFileURL(join(args.data, 'score.mjs')).href)) as { scoreDatasets: ScoreDatasets };

  const loaded: Loaded[] = DATASETS.map(({ name, file }) => {
    const rows = readJsonl(join(args.data, file));
    const documents = toDocuments(rows);
    return { name, rows, documents, statistics: new CollectionStatistics(documents) };
  });

  // With the site's statistics (the other documents of the file), and as a new site without any.
  const results: Record<string, ReturnType<typeof quality>> = {};
  const newSite: Record<string, ReturnType<typeof quality>> = {};
  for (const set of loaded) {
    results[set.name] = quality(set, scorer.scoreDatasets, true);
    newSite[set.name] = quality(set, scorer.scoreDatasets, false);
  }

  // Each document's statistics as one map, like the plugin's term-stats service loads them for an article.
  const texts = loaded.flatMap((set) => set.documents.map((doc, i) => ({ doc, stats: set.statistics.snapshot(i) })));
  const speed = throughput(texts, args.rounds);
  const mem = memory(texts, args.memoryDocs);

  const inspec = results.inspec.all;
  const kpcrowd = results.kpcrowd.all;
  const checks = {
    inspecF5: { value: inspec['F@5'], target: TARGETS.inspecF5, pass: inspec['F@5'] >= TARGETS.inspecF5 },
    inspecF10: { value: inspec['F@10'], target: TARGETS.inspecF10, pass: inspec['F@10'] >= TARGETS.inspecF10 },
    kpcrowdF10: { value: kpcrowd['F@10'], target: TARGETS.kpcrowdF10, pass: kpcrowd['F@10'] >= TARGETS.kpcrowdF10 },
    throughputRatio: { value: speed.ratio, target: TARGETS.throughputRatio, pass: speed.ratio >= TARGETS.throughputRatio },
    memoryFlat: { value: mem.growthAfterFirstCycleMB, target: 'flat', pass: mem.flat },
  };
  const report = {
    node: process.version,
    data: args.data,
    quality: results,
    qualityWithoutStatistics: newSite,
    throughput: speed,
    memory: mem,
    checks,
    pass: Object.values(checks).every((c) => c.pass),
  };

  if (args.json) {
    console.log(JSON.stringify(report));
    return;
  }
  const mark = (ok: boolean) => (ok ? 'ok  ' : 'FAIL');
  const line = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log('\nKeyphrase quality (score.mjs, macro-averaged %, df from the other documents of each file)');
  const w = [22, 5, 6, 6, 6, 6, 6, 6, 6];
  console.log(line(['dataset / gold', 'docs', 'P@5', 'R@5', 'F@5', 'P@10', 'R@10', 'F@10', 'MAP'], w));
  for (const [name, r] of Object.entries(results)) {
    for (const [setting, s] of [['all', r.all], ['present', r.present]] as const) {
      console.log(line([`${name} / ${setting}`, s.documents, s['P@5'], s['R@5'], s['F@5'], s['P@10'], s['R@10'], s['F@10'], s.MAP], w));
    }
  }
  console.log('new site (no document frequencies):');
  for (const [name, r] of Object.entries(newSite)) {
    const s = r.all;
    console.log(line([`${name} / all`, s.documents, s['P@5'], s['R@5'], s['F@5'], s['P@10'], s['R@10'], s['F@10'], s.MAP], w));
  }
  console.log(`\nThroughput (${speed.documents} documents, ${speed.tokens} tokens, median of ${speed.rounds} interleaved rounds)`);
  console.log(`  wink-nlp readDoc + POS : ${speed.bareDocsPerSecond} docs/s (${speed.bareTokensPerSecond} tokens/s)`);
  console.log(`  extractKeyphrases      : ${speed.extractDocsPerSecond} docs/s (${speed.extractTokensPerSecond} tokens/s)`);
  console.log(`  ratio                  : ${speed.ratio} (median of per-round ratios ${speed.ratioMedianOfRounds}, worst round ${speed.ratioMin})`);
  console.log(`  noise (bare vs bare)   : ${speed.bareRepeatRatioMin} to ${speed.bareRepeatRatioMax} per round`);
  console.log(`\nMemory (heap used after GC, ${mem.documents} documents cycling both datasets)`);
  console.log(`  start ${mem.startHeapMB} MB, after first cycle ${mem.afterFirstCycleMB} MB, end ${mem.endHeapMB} MB, max ${mem.maxHeapMB} MB`);
  console.log(`  growth after first cycle ${mem.growthAfterFirstCycleMB} MB, slope ${mem.slopeMBPer1000Docs} MB / 1000 documents`);
  console.log(`  samples: ${mem.samples.map((s) => `${s.documents}:${s.heapUsedMB}`).join(' ')}`);
  console.log('\nTargets');
  for (const [name, c] of Object.entries(checks)) console.log(`  ${mark(c.pass)} ${name.padEnd(16)} ${c.value} (target ${typeof c.target === 'number' ? `>= ${c.target}` : c.target})`);
}

main().catch((error) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});
