/**
 * The bench's side of a playground Strapi running in its own process (instance.ts): start it, ask it things over
 * IPC, stop it cleanly or kill it with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface ArticleSpec {
  title: string;
  description: string;
  paragraphs: string[];
}

/** One article as the bench reads it at the end: its cover on both versions and all its job rows. */
export interface ArticleState {
  documentId: string;
  draftCoverId: number | null;
  publishedCoverId: number | null;
  jobs: Array<Record<string, unknown>>;
}

export type InstanceRequest =
  | { op: 'create'; articles: ArticleSpec[] }
  | { op: 'publish'; documentIds: string[] }
  | { op: 'state'; documentIds: string[] }
  | { op: 'settings'; patch: Record<string, unknown> }
  | { op: 'config' }
  | { op: 'retry'; jobId: number };

export type InstanceReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export interface Instance<Request extends { op: string } = InstanceRequest> {
  child: ChildProcess;
  port: number;
  workerId: string;
  call<T = unknown>(request: Request): Promise<T>;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: Strapi's destroy hooks run (the worker releases its jobs). */
  stop(): Promise<void>;
}

const INSTANCE_SCRIPT = path.join(__dirname, 'instance.ts');

/** Starts `script` (another bench's instance speaking the same IPC protocol with its own requests), by default the fault bench's. */
export function startInstance<Request extends { op: string } = InstanceRequest>(
  env: Record<string, string>,
  port: number,
  logFile: string,
  script = INSTANCE_SCRIPT,
): Promise<Instance<Request>> {
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile, { flags: 'a' });
  // Node itself (no tsx wrapper process in between), so a SIGKILL really kills the instance.
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    for (const { reject } of pending.values()) reject(new Error('the instance exited'));
    pending.clear();
  });

  return new Promise((resolve, reject) => {
    const onEarlyExit = (code: number | null) => reject(new Error(`instance exited with ${code} before it was ready (see ${logFile})`));
    child.once('exit', onEarlyExit);
    child.on('message', (message: { ready?: string; id?: number; ok?: boolean; value?: unknown; error?: string }) => {
      if (message.ready) {
        child.off('exit', onEarlyExit);
        resolve({
          child,
          port,
          workerId: message.ready,
          call<T>(request: Request) {
            return new Promise<T>((resolveCall, rejectCall) => {
              if (child.exitCode !== null || child.signalCode !== null) return rejectCall(new Error('the instance is not running'));
              const id = nextId++;
              pending.set(id, { resolve: resolveCall as (value: unknown) => void, reject: rejectCall });
              child.send({ id, request });
            });
          },
          async kill() {
            child.kill('SIGKILL');
            await exited;
          },
          async stop() {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
            await exited;
            clearTimeout(timer);
          },
        });
        return;
      }
      if (message.id === undefined) return;
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.ok) waiting.resolve(message.value);
      else waiting.reject(new Error(message.error ?? 'failed'));
    });
  });
}

/**
 * The instance's side (in instance.ts or another bench's): answers the bench's requests with `handle`, then tells it
 * the instance is ready, with its worker id.
 */
export function serveRequests<Request extends { op: string }>(workerId: string, handle: (request: Request) => Promise<unknown>): void {
  process.on('message', (message: { id: number; request: Request }) => {
    void handle(message.request).then(
      (value) => process.send!({ id: message.id, ok: true, value: JSON.parse(JSON.stringify(value ?? null)) } satisfies InstanceReply),
      (error: Error) => process.send!({ id: message.id, ok: false, error: error.message } satisfies InstanceReply),
    );
  });
  process.send!({ ready: workerId });
}
