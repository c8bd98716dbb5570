import { setTimeout as wait } from 'node:timers/promises';
import { request, type Dispatcher } from 'undici';
import { ABORTED_AFTER_SENDING, NOT_SENT_CODES, RETRYABLE_STATUSES, ScenarioError, kindForStatus, neverSent, reasonFromBody, redact, type ScenarioErrorKind } from './errors';
import { concurrencyCeilingSchema } from './schemas';
import { TEXT_MODEL_ID } from './types';

/**
 * One HTTP call to the Scenario API with its retry policy:
 * 429, 500, 502, 503, 504 and network errors are retried up to `maxRetries` times after 1 s, 2 s, 4 s; a 429 waits
 * what the server asked for (`remainingSeconds` or Retry-After), capped; a concurrency-ceiling 429 (`details.actionLimit`)
 * is not retried here but handed to the caller with its limit. A paid submission is retried only when
 * Scenario certainly did not take it: after a 429, or when the connection could not even be opened.
 */

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface ScenarioLogger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface RetrySettings {
  maxRetries: number;
  baseDelayMs: number;
  /** Cap on a server-requested wait (429 remainingSeconds / Retry-After). */
  maxDelayMs: number;
}

export interface ApiSettings {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  projectId?: string;
  requestTimeoutMs: number;
  retry: RetrySettings;
  sleep: Sleep;
  now: () => number;
  logger?: ScenarioLogger;
  dispatcher: Dispatcher;
}

export interface ApiCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Path below the base URL, ids already encoded, e.g. `/jobs/job_123`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A paid submission: never blindly re-sent (see the module comment). */
  paid?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}


const MAX_API_BODY_BYTES = 10 * 1024 * 1024;

class TimeoutMarker extends Error {
  constructor() {
    super('request timeout');
  }
}

/** The low-level code of a network error (looking into `cause` and AggregateError members). */
export function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const members = (current as { errors?: unknown }).errors;
    if (Array.isArray(members) && members.length) {
      const codes = members.map((member) => errorCode(member));
      if (codes[0]) return codes[0];
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when a connection error happened before any byte of the request could reach the server. */
export function isNotSentError(error: unknown): boolean {
  const members = (error as { errors?: unknown } | null)?.errors;
  if (Array.isArray(members) && members.length > 0) return members.every((member) => isNotSentError(member));
  const code = errorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

export const defaultSleep: Sleep = (ms, signal) =>
  wait(Math.max(0, ms), undefined, { signal }).catch((error: unknown) => {
    // An abort is the caller's (a worker stopping, a deadline): said in the client's own terms.
    if (signal?.aborted) throw abortedError();
    throw error;
  });

export function abortedError(): ScenarioError {
  return new ScenarioError('The Scenario call was aborted', { kind: 'aborted', retryable: true });
}

/** What a call asks for, in the words an editor reads on a job ("the image generation", not "POST /generate/custom/…"). */
export function callName(call: { method: string; path: string }): string {
  const path = call.path;
  if (path.startsWith(`/generate/custom/${TEXT_MODEL_ID}`)) return 'the image description';
  if (path.startsWith('/generate/custom/') || path.startsWith('/generate/txt2img')) return 'the image generation';
  if (path.startsWith('/generate/translate')) return 'the translation';
  if (path.startsWith('/generate/prompt')) return "the prompt writer's request";
  if (path.startsWith('/generate/caption')) return 'the caption request';
  if (path.startsWith('/assets')) return call.method === 'POST' ? 'the image upload' : 'the image lookup';
  if (path.startsWith('/jobs')) return 'the job lookup';
  if (path.startsWith('/models')) return 'the model lookup';
  return `${call.method} ${path}`;
}

/** A paid call stopped before its answer came: it may have been carried out (and paid), so it is not sent again. */
function abortedAfterSending(call: { method: string; path: string }): ScenarioError {
  return new ScenarioError(
    `${callName(call).replace(/^the/, 'The')} was stopped before Scenario's answer came; it may have reached Scenario, so it is not sent again (the outcome is unknown)`,
    { kind: 'unknown-outcome', retryable: false, code: ABORTED_AFTER_SENDING },
  );
}

/** Milliseconds from a Retry-After header (delta-seconds or HTTP date), if present and sensible. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const trimmed = raw.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Stops reading a response body; the abort it causes is expected, not an unhandled error. */
export function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

async function readText(body: Dispatcher.ResponseData['body'], limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      discard(body);
      throw new ScenarioError(`Scenario response larger than ${limit} bytes`, { kind: 'invalid-response', retryable: false });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createApi(settings: ApiSettings) {
  const base = settings.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${settings.apiKey}:${settings.apiSecret}`).toString('base64')}`;
  const secrets = [settings.apiSecret, settings.apiKey, authorization.slice(6)];
  const clean = (text: string) => redact(text, secrets);

  function urlFor(call: ApiCall): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) params.set(key, String(value));
    if (settings.projectId) params.set('projectId', settings.projectId);
    const query = params.toString();
    return `${base}${call.path}${query ? `?${query}` : ''}`;
  }

  /** How the call is named in the debug log: method and path, never the query string. */
  const label = (call: ApiCall) => `${call.method} ${call.path}`;

  async function once(call: ApiCall): Promise<{ status: number; text: string; retryAfter?: string | string[] }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TimeoutMarker()), settings.requestTimeoutMs);
    const signal = call.signal ? AbortSignal.any([controller.signal, call.signal]) : controller.signal;
    try {
      const response = await request(urlFor(call), {
        method: call.method,
        dispatcher: settings.dispatcher,
        signal,
        headers: {
          authorization,
          accept: 'application/json',
          'user-agent': 'strapi-plugin-auto-illustration',
          ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
        headersTimeout: settings.requestTimeoutMs + 1000,
        bodyTimeout: settings.requestTimeoutMs + 1000,
      });
      const text = await readText(response.body, MAX_API_BODY_BYTES);
      return { status: response.statusCode, text, retryAfter: response.headers['retry-after'] };
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      // A paid call stopped by its caller (a deadline, a worker stopping) may have reached Scenario already.
      if (call.signal?.aborted) throw call.paid ? abortedAfterSending(call) : abortedError();
      if (controller.signal.aborted || error instanceof TimeoutMarker) {
        throw new ScenarioError(`Scenario did not answer ${callName(call)} within ${settings.requestTimeoutMs} ms`, {
          kind: 'timeout',
          retryable: true,
          code: 'TIMEOUT',
        });
      }
      let code = errorCode(error);
      // An AggregateError (several addresses tried) counts as "not sent" only when every attempt failed to connect.
      if (code && NOT_SENT_CODES.has(code) && !isNotSentError(error)) code = 'ECONNECT_PARTIAL';
      // The raw text (`connect ECONNREFUSED 10.0.0.1:443`) goes to the debug log only; editors read plain words.
      settings.logger?.debug(`Scenario ${label(call)}: ${clean(error instanceof Error ? error.message : String(error))}`);
      const plain = code !== undefined && NOT_SENT_CODES.has(code)
        ? `Scenario could not be reached (${connectionProblem(code)})`
        : `The connection to Scenario failed (${connectionProblem(code)})`;
      throw new ScenarioError(plain, { kind: 'network', retryable: true, code, reason: plain });
    } finally {
      clearTimeout(timer);
    }
  }

  function parseJson(text: string, call: ApiCall, status: number): unknown {
    try {
      return JSON.parse(text);
    } catch {
      // Often a truncated or proxied answer: worth asking again, except for a paid call (see `call`).
      throw new ScenarioError(`Scenario answered ${callName(call)} with ${status} and a body that is not JSON`, {
        kind: 'invalid-response',
        status,
        retryable: true,
      });
    }
  }

  async function call(call: ApiCall): Promise<ApiResponse> {
    const { maxRetries, baseDelayMs, maxDelayMs } = settings.retry;
    for (let attempt = 0; ; attempt++) {
      const started = settings.now();
      let delay: number;
      let failure: ScenarioError;
      try {
        const response = await once(call);
        settings.logger?.debug(`Scenario ${label(call)} → ${response.status} (${settings.now() - started} ms)`);
        if (response.status >= 200 && response.status < 300) {
          try {
            return { status: response.status, body: parseJson(response.text, call, response.status) };
          } catch (error) {
            if (call.paid) {
              throw new ScenarioError(
                `${(error as ScenarioError).message}: the job was probably created, so it is not sent again (the outcome is unknown)`,
                { kind: 'unknown-outcome', status: response.status, retryable: false },
              );
            }
            throw error;
          }
        }
        failure = errorFromResponse(call, response.status, response.text);
        if (response.status === 429) {
          const ceiling = concurrencyCeilingOf(response.text);
          if (ceiling) {
            // The account's ceiling of jobs in flight, not a moment's cooldown: asking again at once only bounces off
            // it. The caller keeps its jobs under the limit and submits again when one of them ends.
            throw new ScenarioError(failure.message, { ...failureOptions(failure), actionLimit: ceiling.actionLimit, actionName: ceiling.actionName ?? undefined });
          }
          const retryAfter = parseRetryAfter(response.retryAfter, settings.now());
          const remaining = remainingSecondsOf(response.text);
          const asked = Math.max(retryAfter ?? -1, remaining === undefined ? -1 : remaining * 1000);
          delay = asked >= 0 ? Math.min(asked, maxDelayMs) : backoff(baseDelayMs, attempt);
          failure = new ScenarioError(failure.message, { ...failureOptions(failure), retryAfterMs: asked >= 0 ? asked : undefined });
        } else if (RETRYABLE_STATUSES.has(response.status) || response.status >= 500) {
          if (call.paid) {
            throw new ScenarioError(
              `Scenario answered ${response.status} to ${callName(call)} after receiving it: the job may or may not have been created, so it is not sent again (${failure.reason})`,
              { kind: 'unknown-outcome', status: response.status, reason: failure.reason, retryable: false },
            );
          }
          if (!failure.retryable) throw failure;
          delay = backoff(baseDelayMs, attempt);
        } else {
          throw failure;
        }
      } catch (error) {
        if (!(error instanceof ScenarioError) || !isTransient(error)) throw error;
        if (call.paid && !neverSent(error)) {
          throw new ScenarioError(
            `${error.message}; the request may have reached Scenario, so it is not sent again (the outcome is unknown)`,
            { kind: 'unknown-outcome', reason: error.reason, retryable: false, code: error.code },
          );
        }
        failure = error;
        delay = backoff(baseDelayMs, attempt);
      }
      if (attempt >= maxRetries) throw failure;
      // Debug only: an outage would otherwise print a warning per retry per article (the caller reports the outcome).
      settings.logger?.debug(
        `Scenario ${label(call)} failed (${failure.status ?? failure.code ?? failure.kind}); retry ${attempt + 1}/${maxRetries} in ${delay} ms`,
      );
      await settings.sleep(delay, call.signal);
      if (call.signal?.aborted) throw abortedError();
    }
  }

  function errorFromResponse(call: ApiCall, status: number, text: string): ScenarioError {
    const { kind, retryable } = kindForStatus(status);
    const reason = reasonFromBody(text, secrets) || `HTTP ${status}`;
    const meaning = STATUS_MEANINGS[kind];
    return new ScenarioError(`Scenario refused ${callName(call)} (${status}${meaning ? `: ${meaning}` : ''}): ${reason}`, { kind, status, reason, retryable });
  }

  return { call, urlFor, redact: clean };
}

/** What a status means for the site, beside Scenario's own words (which may be only "Request failed"). */
const STATUS_MEANINGS: Partial<Record<ScenarioErrorKind, string>> = {
  auth: 'the API key or secret is wrong',
  forbidden: 'the key may not do this (its project or plan)',
  'rate-limited': 'too many requests at once',
};

function failureOptions(error: ScenarioError) {
  return { kind: error.kind, status: error.status, reason: error.reason, retryable: error.retryable, code: error.code };
}

/** Failures the same request may cure by being made again: no connection, no answer in time, a garbled 2xx body. */
function isTransient(error: ScenarioError): boolean {
  return error.kind === 'network' || error.kind === 'timeout' || (error.kind === 'invalid-response' && error.retryable);
}

/** A connection failure in words an editor can read; the code stays on the error for the program. */
export function connectionProblem(code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return 'host name not found';
    case 'EAI_AGAIN':
      return 'host name lookup failed';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'network unreachable';
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return 'connection closed without an answer';
    case 'ECONNECT_PARTIAL':
      return 'some addresses refused the connection';
    default:
      if (code && /CERT|TLS|SSL/i.test(code)) return 'secure connection failed';
      return 'connection failed';
  }
}

/** 1 s, 2 s, 4 s, ... for attempts 0, 1, 2, ... */
export function backoff(baseDelayMs: number, attempt: number): number {
  return baseDelayMs * 2 ** attempt;
}

/** `details` of a concurrency-ceiling 429 body, if it is one. */
export function concurrencyCeilingOf(text: string): { actionLimit: number; actionName?: string | null } | undefined {
  try {
    const parsed = concurrencyCeilingSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.details : undefined;
  } catch {
    return undefined;
  }
}

/** `remainingSeconds` of a cooldown 429 body, if any. */
function remainingSecondsOf(text: string): number | undefined {
  try {
    const body = JSON.parse(text) as { remainingSeconds?: unknown };
    const value = Number(body?.remainingSeconds);
    return typeof body?.remainingSeconds !== 'undefined' && Number.isFinite(value) && value >= 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

export type Api = ReturnType<typeof createApi>;
