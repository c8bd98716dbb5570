/**
 * The text-analysis thread: wink-nlp work runs in a worker, answers what the domain functions answer, and a
 * worker that hangs, dies or never starts costs one call a plain-words error, never the server.
 *
 * The real worker runs the TypeScript sources here (through tsx); the built plugin runs its own bundle (the
 * integration test text-offthread.test.ts covers that). Misbehaving workers are small scripts speaking the
 * same protocol.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import path from 'node:path';
import { extractKeyphrases, documentTermKeys, termStatistics, type TermCounts } from '../../server/src/domain/keyphrases';
import { loadLanguageDetector } from '../../server/src/domain/language';
import { createTextAnalysis } from '../../server/src/services/text-analysis';
import { BACKGROUND_NICE, TextWorker, TextWorkerError } from '../../server/src/services/text-worker';

// franc (language detection) is an ES module, loaded once before the first detection.
beforeAll(() => loadLanguageDetector());

const WORKER_SOURCE = path.resolve(__dirname, '../../server/src/services/text-worker.ts');
const realWorker = {
  script: `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(WORKER_SOURCE)});`,
  eval: true,
};

/** A worker that answers ["ok:<text>"], hangs on "hang", exits on "die", and with `silent` never says it is ready. */
function fakeWorker({ silent = false } = {}) {
  return {
    eval: true,
    script: `
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', ({ id, request }) => {
        if (request.input.text === 'hang') for (;;);
        if (request.input.text === 'die') process.exit(1);
        parentPort.postMessage({ id, ok: true, value: ['ok:' + request.input.text] });
      });
      if (!${silent}) parentPort.postMessage({ ready: true });
    `,
  };
}

const article = {
  title: 'Harbour reopens after storm repairs',
  text:
    'The harbour reopened on Monday after storm repairs. Fishing boats returned to the quay, and the ferry to the island ' +
    'runs again. Harbour engineers rebuilt the sea wall that the winter storm had breached.',
};
const counts: TermCounts = { documentCount: 40, documentFrequencies: new Map([['harbour', 30], ['storm repair', 2], ['__proto__', 1]]) };

function quietLog() {
  const warnings: string[] = [];
  return { warnings, log: { warn: (message: string) => void warnings.push(message) } };
}

describe('text analysis on a worker thread', () => {
  let analysis: ReturnType<typeof createTextAnalysis>;
  beforeAll(() => {
    analysis = createTextAnalysis({ worker: realWorker, log: quietLog().log });
  });
  afterAll(() => analysis.stop());

  it('starts its worker on first use, and answers what the domain functions answer (site counts cross as plain data)', async () => {
    const lazy = createTextAnalysis({ worker: realWorker, log: quietLog().log });
    expect(lazy.workerRunning).toBe(false);
    await lazy.stop();

    expect(await analysis.keyphrases(article, { limit: 10, stats: counts })).toEqual(
      extractKeyphrases(article, { limit: 10, stats: termStatistics(counts) }),
    );
    expect(analysis.workerRunning).toBe(true);
    expect(await analysis.keyphrases(article, { limit: 3 })).toEqual(extractKeyphrases(article, { limit: 3 }));
    expect((await analysis.termKeys(article)).sort()).toEqual(documentTermKeys(article).sort());
    // The statistics change the ranking, so they really were used on the other side.
    expect(await analysis.keyphrases(article, { stats: counts })).not.toEqual(await analysis.keyphrases(article));
  }, 60000);

  it('gives translated keyphrases as noun phrases for the prompt: verbs out, a phrase without one whole', async () => {
    const translated = ['forest fire raged in Kainuu', 'volunteers restore', 'counted', 'Lighthouse of the Island of Monks', "keeper's cottage", 'repaired roof', 'Budapest gets new trams for the living city'];
    expect(await analysis.nounPhrases(translated)).toEqual([
      ['forest fire', 'Kainuu'], ['volunteers'], [], ['Lighthouse of the Island of Monks'], ["keeper's cottage"], ['repaired roof'], ['Budapest', 'new trams', 'living city'],
    ]);
    // What the tagger calls a verb but names a thing stays whole: capitalised, an -ing form.
    const things = ['Red Cross', 'Rolling Stones', 'living room', 'missing children', 'mountain biking', 'bird watching'];
    expect(await analysis.nounPhrases(things)).toEqual(things.map((thing) => [thing]));
    // So does a compound whose head the tagger calls a verb: after a singular noun, a verb would end in -s (review).
    const compounds = ['fire escape', 'bus stop', 'ski jump', 'book launch', 'school run', 'dog walk'];
    expect(await analysis.nounPhrases(compounds)).toEqual(compounds.map((thing) => [thing]));
    expect(await analysis.nounPhrases(['fire escape collapsed in Brooklyn', 'forest fire broke out', 'rescue team found survivors', 'storm hit coastal towns'])).toEqual([
      ['fire escape', 'Brooklyn'], ['forest fire'], ['rescue team', 'survivors'], ['storm', 'coastal towns'],
    ]);
    // How-to texts open their sentences with imperatives, which a translation keeps capitalised; a name in another
    // language keeps its lower-case word ("do"); adverbs alone name nothing; an -ing word can lead a compound.
    expect(await analysis.nounPhrases(['Put', 'Install', 'Cut it', 'twice', 'Pico do Arieiro', 'Cais do Sodré', 'frying pan', 'Trump meets Putin', '2024'])).toEqual([
      [], [], [], [], ['Pico do Arieiro'], ['Cais do Sodré'], ['frying pan'], ['Trump', 'Putin'], [],
    ]);
    // A translated case ending is a preposition, a phrase's article is no part of it; a name keeps its article.
    expect(await analysis.nounPhrases(['in Szeged', "at BYD's car factory in Szeged", 'the increase', 'The Hague', 'Out of Africa'])).toEqual([
      ['Szeged'], ["BYD's car factory in Szeged"], ['increase'], ['The Hague'], ['Out of Africa'],
    ]);
    expect(await analysis.nounPhrases([])).toEqual([]);
  });

  it('leaves the calling thread free while it reads (timers keep firing during a 1 MB hostile article)', async () => {
    await analysis.termKeys(article); // worker loaded
    const hostile = {
      title: 'Harbour reopens',
      text: `${article.text.repeat(4000)} ${Buffer.alloc(56_000, 7).toString('base64')} ${'a-'.repeat(25_000)}`,
    };
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    try {
      const phrases = await analysis.keyphrases(hostile);
      expect(phrases.map((k) => k.phrase.toLowerCase())).toContain('harbour');
    } finally {
      clearInterval(timer);
    }
    // On the calling thread the work would run in one go, before any timer could fire.
    expect(ticks).toBeGreaterThanOrEqual(3);
  }, 60000);

  it('runs calls one at a time, in order', async () => {
    const other = { title: 'Bees on city rooftops', text: 'Urban beekeepers keep honey bees on rooftops across the city.' };
    const [first, second] = await Promise.all([analysis.keyphrases(article, { limit: 2 }), analysis.keyphrases(other, { limit: 2 })]);
    expect(first).toEqual(extractKeyphrases(article, { limit: 2 }));
    expect(second).toEqual(extractKeyphrases(other, { limit: 2 }));
  }, 60000);
});

describe('the worker thread yields the CPU to the thread that serves requests', () => {
  it('runs at a lower priority than Strapi\'s thread (Linux: per thread), which keeps its own', async () => {
    const worker = new TextWorker({
      eval: true,
      script: `
        const { parentPort } = require('node:worker_threads');
        parentPort.on('message', ({ id }) => parentPort.postMessage({ id, ok: true, value: require('node:os').getPriority(0) }));
        parentPort.postMessage({ ready: true });
      `,
      callTimeoutMs: 10000,
      startTimeoutMs: 20000,
    });
    try {
      const before = os.getPriority(0);
      const workerPriority = await worker.call({ op: 'termKeys', input: { text: 'x' } });
      expect(workerPriority).toBe(process.platform === 'linux' ? Math.min(19, before + BACKGROUND_NICE) : before);
      expect(os.getPriority(0)).toBe(before);
    } finally {
      await worker.stop();
    }
  });
});

describe('a worker that misbehaves', () => {
  it('a call with no answer in time fails in plain words; the worker is replaced and the next call works', async () => {
    const worker = new TextWorker({ ...fakeWorker(), callTimeoutMs: 300, startTimeoutMs: 20000 });
    try {
      await expect(worker.call({ op: 'termKeys', input: { text: 'hang' } })).rejects.toThrow(
        new TextWorkerError("Reading the article's text took longer than 0.3 s and was stopped.", true),
      );
      expect(worker.running).toBe(false);
      expect(await worker.call({ op: 'termKeys', input: { text: 'next' } })).toEqual(['ok:next']);
      expect(worker.running).toBe(true);
    } finally {
      await worker.stop();
    }
  }, 30000);

  it('the article a worker got stuck on is refused at once when asked again (term keys, then keyphrases)', async () => {
    const { warnings, log } = quietLog();
    const analysis = createTextAnalysis({ worker: { ...fakeWorker(), callTimeoutMs: 300 }, log });
    try {
      await expect(analysis.termKeys({ title: 'T', text: 'hang' })).rejects.toThrow(/took longer than/);
      // Refused before any worker is started for it again.
      await expect(analysis.keyphrases({ title: 'T', text: 'hang' })).rejects.toThrow(/took longer than/);
      expect(analysis.workerRunning).toBe(false);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/goes on without keyphrases/);
      expect(warnings[0]).not.toMatch(/hang/); // the article's text never reaches the log
    } finally {
      await analysis.stop();
    }
  }, 30000);

  it('a worker that dies fails its call, and the next call starts a fresh one', async () => {
    const worker = new TextWorker({ ...fakeWorker(), callTimeoutMs: 10000, startTimeoutMs: 20000 });
    try {
      await expect(worker.call({ op: 'termKeys', input: { text: 'die' } })).rejects.toThrow(/stopped unexpectedly/);
      expect(await worker.call({ op: 'termKeys', input: { text: 'again' } })).toEqual(['ok:again']);
    } finally {
      await worker.stop();
    }
  }, 30000);

  it('a worker that never gets ready fails the call after the start limit', async () => {
    const worker = new TextWorker({ ...fakeWorker({ silent: true }), callTimeoutMs: 10000, startTimeoutMs: 300 });
    try {
      await expect(worker.call({ op: 'termKeys', input: { text: 'x' } })).rejects.toThrow(/did not start in time/);
      expect(worker.running).toBe(false);
    } finally {
      await worker.stop();
    }
  }, 30000);

  it('a worker script that cannot load fails the call', async () => {
    const worker = new TextWorker({ script: 'throw new Error("cannot load")', eval: true, callTimeoutMs: 10000, startTimeoutMs: 20000 });
    try {
      await expect(worker.call({ op: 'termKeys', input: { text: 'x' } })).rejects.toThrow(/text-analysis thread failed: cannot load/);
    } finally {
      await worker.stop();
    }
  }, 30000);

  it('stop() terminates the worker: the call in flight, queued calls and later calls fail', async () => {
    const worker = new TextWorker({ ...fakeWorker(), callTimeoutMs: 20000, startTimeoutMs: 20000 });
    expect(await worker.call({ op: 'termKeys', input: { text: 'warm' } })).toEqual(['ok:warm']);
    const outcome = (call: Promise<unknown>) => call.then(() => 'answered', (error: Error) => error.message);
    const inFlight = outcome(worker.call({ op: 'termKeys', input: { text: 'hang' } }));
    const queued = outcome(worker.call({ op: 'termKeys', input: { text: 'queued' } }));
    await sleep(100);
    await worker.stop();
    expect(await inFlight).toMatch(/shutting down/);
    expect(await queued).toMatch(/shutting down/);
    await expect(worker.call({ op: 'termKeys', input: { text: 'later' } })).rejects.toThrow(/shutting down/);
    expect(worker.running).toBe(false);
  }, 30000);
});
