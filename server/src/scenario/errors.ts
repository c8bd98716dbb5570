/**
 * Typed errors for everything that can go wrong talking to Scenario.
 *
 * A message never carries a secret: the Authorization header is never put into one, reasons read from response
 * bodies are passed through `redact()`, and URLs are shown without their query string (signed CDN URLs carry their
 * signature there).
 */

export type ScenarioErrorKind =
  /** 401: the key or secret is wrong. */
  | 'auth'
  /** 403: a foreign project, or a plan gate (ModelAccessRestrictedError). */
  | 'forbidden'
  /** 400/413/422: the request itself is refused (prompt too long, unknown input, ...). */
  | 'validation'
  /** 404: unknown model, job or asset. */
  | 'not-found'
  /** Another 4xx. */
  | 'request'
  /** 429 that outlived the retries. */
  | 'rate-limited'
  /** 5xx that outlived the retries (or one that is not worth retrying). */
  | 'server'
  /** The connection failed. */
  | 'network'
  /** No answer within requestTimeoutMs. */
  | 'timeout'
  /** A paid submission may or may not have been accepted (timeout or 5xx after sending): never re-send it blindly. */
  | 'unknown-outcome'
  /** waitForJob reached its deadline; the remote job keeps running under its id. */
  | 'deadline'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** The image could not be downloaded (host not allowed, too large, not an image, dropped, ...). */
  | 'download'
  /** The body did not match the expected shape. */
  | 'invalid-response';

export interface ScenarioErrorOptions {
  kind: ScenarioErrorKind;
  status?: number;
  /** The server's own explanation (already redacted and capped); defaults to the message. */
  reason?: string;
  retryable?: boolean;
  /** How long the server asked to wait (429), when it said so. */
  retryAfterMs?: number;
  /** A low-level error code such as ECONNREFUSED or UND_ERR_SOCKET. */
  code?: string;
  /** A concurrency-ceiling 429 (`details.actionLimit`): how many jobs of this kind the account may have in flight. */
  actionLimit?: number;
  /** The action that ceiling applies to (`details.actionName`, e.g. 'generate'). */
  actionName?: string;
  /** The Scenario job a paid call had made when it failed (its answer could not be read): it may still end, billed. */
  jobId?: string;
}

export class ScenarioError extends Error {
  readonly kind: ScenarioErrorKind;
  readonly status?: number;
  readonly reason: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly code?: string;
  readonly actionLimit?: number;
  readonly actionName?: string;
  readonly jobId?: string;

  constructor(message: string, options: ScenarioErrorOptions) {
    super(message);
    this.name = 'ScenarioError';
    this.kind = options.kind;
    this.status = options.status;
    this.reason = options.reason ?? message;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.code = options.code;
    this.actionLimit = options.actionLimit;
    this.actionName = options.actionName;
    this.jobId = options.jobId;
  }
}

/** Thrown by waitForJob when the deadline passes before the job ends. */
export class ScenarioDeadlineError extends ScenarioError {
  declare readonly jobId: string;
  /** The last status seen, when the job was polled at least once. */
  readonly lastStatus?: string;

  constructor(jobId: string, lastStatus?: string) {
    super(`Scenario job ${jobId} did not finish before the deadline${lastStatus ? ` (last status: ${lastStatus})` : ''}`, {
      kind: 'deadline',
      retryable: false,
      jobId,
    });
    this.name = 'ScenarioDeadlineError';
    this.lastStatus = lastStatus;
  }
}

/**
 * A failure while waiting for a job Scenario had taken (the connection lost, a 5xx, the deadline): the same error,
 * naming the job, which may still end and be billed. A job that ended in failure is not such an error.
 */
export function madeJobError(error: unknown, jobId: string): unknown {
  if (!(error instanceof ScenarioError) || error.jobId !== undefined || error.kind === 'request' || error.kind === 'aborted') return error;
  const { kind, status, reason, retryable, retryAfterMs, code, actionLimit, actionName } = error;
  return new ScenarioError(error.message, { kind, status, reason, retryable, retryAfterMs, code, actionLimit, actionName, jobId });
}

/** A paid call that may have been carried out without its answer coming back: never sent again. */
export function isUnknownOutcome(error: unknown): error is ScenarioError {
  return error instanceof ScenarioError && error.kind === 'unknown-outcome';
}

export const MAX_REASON_LENGTH = 300;

/** A URL as it may appear in a message or a log line: no query string, no fragment, no credentials. */
export function stripQuery(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return url.replace(/[?#].*$/s, '');
  }
}

/**
 * Removes whatever could be a credential from a text: the given secrets (and their base64 forms), signed-URL query
 * parameters, and query strings of any URL.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  out = out.replace(/\bBasic\s+[A-Za-z0-9+/=]{8,}/g, 'Basic [redacted]');
  out = out.replace(/(https?:\/\/[^\s"'<>?#]+)\?[^\s"'<>]*/g, '$1');
  out = out.replace(/\b(Policy|Signature|Key-Pair-Id|X-Amz-Signature|X-Amz-Credential|sig|token)=[^&\s"'<>]+/gi, '$1=[redacted]');
  return out;
}

function capReason(text: string): string {
  const single = text.replace(/\s+/g, ' ').trim();
  return single.length > MAX_REASON_LENGTH ? `${single.slice(0, MAX_REASON_LENGTH - 1)}…` : single;
}

function htmlToText(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const text = title ?? html.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return text.replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The server's explanation from an error body: `reason` → `message` → `error` → raw text (HTML reduced to text). */
export function reasonFromBody(text: string, secrets: readonly (string | undefined)[] = []): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  let reason: string | undefined;
  if (trimmed.startsWith('{')) {
    try {
      const body = JSON.parse(trimmed) as Record<string, unknown>;
      for (const key of ['reason', 'message', 'error'] as const) {
        const value = body[key];
        if (typeof value === 'string' && value.trim()) {
          reason = value;
          break;
        }
        if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
          reason = (value as { message: string }).message;
          break;
        }
      }
    } catch {
      // not JSON after all: fall back to the raw text
    }
  }
  if (reason === undefined) reason = /^\s*</.test(trimmed) ? htmlToText(trimmed) : trimmed;
  return capReason(redact(reason, secrets));
}

/** The kind and retryability of an HTTP error status (for a call that may be retried). */
export function kindForStatus(status: number): { kind: ScenarioErrorKind; retryable: boolean } {
  if (status === 401) return { kind: 'auth', retryable: false };
  if (status === 403) return { kind: 'forbidden', retryable: false };
  if (status === 404) return { kind: 'not-found', retryable: false };
  if (status === 429) return { kind: 'rate-limited', retryable: true };
  if (status === 400 || status === 413 || status === 422) return { kind: 'validation', retryable: false };
  if (RETRYABLE_STATUSES.has(status)) return { kind: 'server', retryable: true };
  if (status >= 500) return { kind: 'server', retryable: false };
  return { kind: 'request', retryable: false };
}

/** Statuses the official client retries (429 is handled apart, with its own waiting time). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/** The code of an unknown outcome whose call was stopped by its caller (a deadline) before the answer came. */
export const ABORTED_AFTER_SENDING = 'ABORTED_AFTER_SENDING';

/** Scenario answered that it will not do it (a 400: a moderated prompt, an input the model does not take). */
export function isRefusal(error: unknown): boolean {
  return error instanceof ScenarioError && error.kind === 'validation' && error.status !== undefined;
}

/** Error codes that mean the request never left this machine (so the server cannot have acted on it). */
export const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** A call that failed before it left this machine (connection refused, no such host): Scenario never saw it. */
export function neverSent(error: ScenarioError): boolean {
  return error.kind === 'network' && error.code !== undefined && NOT_SENT_CODES.has(error.code);
}

/** Failures that say Scenario itself cannot be reached (as opposed to an answer refusing one request). */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof ScenarioError)) return false;
  if (error.kind === 'network' || error.kind === 'timeout') return true;
  return error.kind === 'server' && (error.status === undefined || error.status >= 502);
}

/** The code of the error a call gets at once while the circuit is open (circuit-breaker.ts). */
export const CIRCUIT_OPEN_CODE = 'CIRCUIT_OPEN';
