/**
 * The thread that reads articles with wink-nlp, and the handle Strapi's thread keeps on it.
 *
 * Tagging an article takes tens of milliseconds, and on Strapi's own thread every request waits meanwhile (a
 * pasted blob once held every request for 29 s). So the plugin's text work runs in one worker thread: one is
 * enough (a job reads one article at a time and servers here have few cores) and keeps wink-nlp's model loaded
 * once. Calls queue and run one at a time; a call that gets no answer within its time limit fails in plain words,
 * and the worker is terminated and replaced by a fresh one on the next call.
 *
 * The worker runs the plugin's own bundle (dist/server/index.js, one file made by `strapi-plugin build`): nothing
 * more to ship or to find in an installed package. Loaded in a worker whose data names TEXT_WORKER_ROLE, the bundle
 * serves requests (the last lines of this file) instead of waiting to be registered as a plugin.
 */
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { articleLanguage, documentTermKeys, englishNounPhrases, extractKeyphrases, termStatistics, type KeyphraseInput, type TermCounts } from '../domain/keyphrases';
import { answeredInEnglish, clearlyOtherLanguage, loadLanguageDetector } from '../domain/language';

export const TEXT_WORKER_ROLE = 'strapi-plugin-auto-illustration:text-analysis';

/**
 * Text analysis is background work: under load, the thread that answers requests should get the CPU first. On Linux
 * a thread has its own nice value (setpriority on the calling thread), so the worker lowers only its own; elsewhere
 * the same call would lower the whole Strapi process, so it is left alone.
 */
/** Added to the process's nice value (19 at most). */
export const BACKGROUND_NICE = 10;
/** Code for the worker's first lines: dynamic import works whether the host runs eval code as CommonJS or as a module. */
const LOWER_OWN_PRIORITY =
  `import('node:os').then((os) => { if (process.platform === 'linux') { try { os.setPriority(0, Math.min(19, os.getPriority(0) + ${BACKGROUND_NICE})); } catch {} } })`;

export type TextRequest =
  | { op: 'keyphrases'; input: KeyphraseInput; limit: number; counts?: TermCounts }
  | { op: 'termKeys'; input: KeyphraseInput }
  | { op: 'language'; input: KeyphraseInput }
  /** English phrases one a line (`input.text`): each line's noun phrases. */
  | { op: 'nounPhrases'; input: KeyphraseInput }
  /** The language the article is clearly written in when its locale (`input.lang`) says another, else null. */
  | { op: 'otherLanguage'; input: KeyphraseInput }
  /** Whether a sentence asked for in `input.lang` came back in English. */
  | { op: 'answeredInEnglish'; input: KeyphraseInput };

type Reply = { ready: true } | { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/** What a request asks, answered on the thread this runs on. */
export function answer(request: TextRequest): unknown {
  switch (request.op) {
    case 'keyphrases':
      return extractKeyphrases(request.input, { limit: request.limit, stats: request.counts ? termStatistics(request.counts) : undefined });
    case 'termKeys':
      return documentTermKeys(request.input);
    case 'language':
      return articleLanguage(request.input);
    case 'nounPhrases':
      return englishNounPhrases(request.input.text.split('\n'));
    case 'otherLanguage':
      return clearlyOtherLanguage(`${request.input.title ?? ''}\n\n${request.input.text}`, request.input.lang ?? '') ?? null;
    case 'answeredInEnglish':
      return answeredInEnglish(request.input.text, request.input.lang ?? '');
    default:
      throw new Error('unknown request');
  }
}

/** In the worker: loads the language detector and wink-nlp's model, says it is ready, then answers requests in order. */
async function serve(port: MessagePort): Promise<void> {
  // Without its detector (a broken install) the worker still serves articles with a locale; the others fail in
  // plain words (DetectorNotLoadedError), instead of every call killing and restarting the thread.
  await loadLanguageDetector().catch(() => undefined);
  answer({ op: 'keyphrases', input: { text: 'The harbour reopened after the storm.', lang: 'en' }, limit: 1 });
  port.on('message', (message: { id: number; request: TextRequest }) => {
    let reply: Reply;
    try {
      reply = { id: message.id, ok: true, value: answer(message.request) };
    } catch (error) {
      reply = { id: message.id, ok: false, message: error instanceof Error ? error.message : 'failed' };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies Reply);
}

/** A call that did not succeed: the message is for editors' and administrators' eyes, in plain words. */
export class TextWorkerError extends Error {
  constructor(
    message: string,
    /** The worker was stuck or died on this call (the same text would likely do it again). */
    readonly stuck = false,
  ) {
    super(message);
    this.name = 'TextWorkerError';
  }
}

export interface TextWorkerOptions {
  /** The file the worker runs (the plugin's bundle), or, with `eval`, its code. */
  script: string;
  eval?: boolean;
  /** Time a call may take once the worker has it. */
  callTimeoutMs: number;
  /** Time a new worker may take to load (the bundle and wink-nlp's model) before it counts as failed. */
  startTimeoutMs: number;
}

interface Call {
  id: number;
  request: TextRequest;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Thread {
  worker: Worker;
  /** Settles when the worker has loaded (never, if it fails first: discard() then fails the call). */
  ready: Promise<void>;
  startTimer: NodeJS.Timeout;
}

/** Heap a worker may use: a runaway text fails its call instead of taking the server's memory. */
const WORKER_HEAP_MB = 512;

export class TextWorker {
  private thread: Thread | undefined;
  private current: Call | undefined;
  private readonly queue: Call[] = [];
  private nextId = 1;
  private stopped = false;

  constructor(private readonly options: TextWorkerOptions) {}

  /** Runs a request on the worker (started on first use); calls run one at a time, in order. */
  call(request: TextRequest): Promise<unknown> {
    if (this.stopped) return Promise.reject(new TextWorkerError('Text analysis has stopped: Strapi is shutting down.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject });
      this.next();
    });
  }

  /** Whether a worker thread is running now (for tests and diagnostics). */
  get running(): boolean {
    return this.thread !== undefined;
  }

  /** Fails whatever is waiting and terminates the worker; later calls fail at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    const error = new TextWorkerError('Text analysis has stopped: Strapi is shutting down.');
    for (const call of this.queue.splice(0)) call.reject(error);
    const thread = this.thread;
    if (thread) await this.discard(thread, error);
  }

  private next(): void {
    if (this.current || this.stopped || this.queue.length === 0) return;
    const call = this.queue.shift()!;
    this.current = call;
    const thread = this.thread ?? this.spawn();
    void thread.ready.then(() => {
      if (this.current !== call || this.thread !== thread) return;
      const seconds = this.options.callTimeoutMs / 1000;
      call.timer = setTimeout(
        () => void this.discard(thread, new TextWorkerError(`Reading the article's text took longer than ${seconds} s and was stopped.`, true)),
        this.options.callTimeoutMs,
      );
      thread.worker.postMessage({ id: call.id, request: call.request });
    });
  }

  private spawn(): Thread {
    // The worker first lowers its own CPU priority, then loads the script (bundle and wink-nlp's model included).
    const code = this.options.eval
      ? `${LOWER_OWN_PRIORITY};\n${this.options.script}`
      : `${LOWER_OWN_PRIORITY}.then(() => import(${JSON.stringify(pathToFileURL(this.options.script).href)}));`;
    const worker = new Worker(code, {
      eval: true,
      workerData: { role: TEXT_WORKER_ROLE },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // The worker never keeps Strapi's process alive: a call in flight holds it through its timer.
    worker.unref();
    let markReady!: () => void;
    const thread: Thread = {
      worker,
      ready: new Promise<void>((resolve) => (markReady = resolve)),
      startTimer: setTimeout(
        () => void this.discard(thread, new TextWorkerError('The text-analysis thread did not start in time.', true)),
        this.options.startTimeoutMs,
      ),
    };
    this.thread = thread;

    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        clearTimeout(thread.startTimer);
        markReady();
        return;
      }
      const call = this.current;
      if (!call || call.id !== reply.id || this.thread !== thread) return;
      this.settle(call, reply.ok ? { value: reply.value } : { error: new TextWorkerError(`Reading the article's text failed: ${reply.message}`) });
    });
    worker.on('error', (error) => void this.discard(thread, new TextWorkerError(`The text-analysis thread failed: ${error.message}`, true)));
    worker.on('exit', () => void this.discard(thread, new TextWorkerError('The text-analysis thread stopped unexpectedly.', true)));
    return thread;
  }

  private settle(call: Call, outcome: { value: unknown } | { error: Error }): void {
    clearTimeout(call.timer);
    if (this.current === call) this.current = undefined;
    if ('error' in outcome) call.reject(outcome.error);
    else call.resolve(outcome.value);
    this.next();
  }

  /** Ends a worker (once): its call fails with `error`, and the next call starts a fresh worker. */
  private async discard(thread: Thread, error: TextWorkerError): Promise<void> {
    if (this.thread !== thread) return;
    this.thread = undefined;
    clearTimeout(thread.startTimer);
    const call = this.current;
    if (call) this.settle(call, { error });
    await thread.worker.terminate().catch(() => undefined);
  }
}

if (!isMainThread && parentPort && (workerData as { role?: unknown } | null)?.role === TEXT_WORKER_ROLE) void serve(parentPort);
