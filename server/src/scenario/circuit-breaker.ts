import { CIRCUIT_OPEN_CODE, ScenarioError, isConnectionFailure } from './errors';
import type { ScenarioClient } from './types';

/**
 * Scenario is down: instead of every job waiting out its own retries (and logging each one), the first call that
 * fails to reach Scenario after the client's retries opens the circuit. While it is open, calls fail at once with a
 * plain-words error, jobs put their placeholder up and wait; after `probeAfterMs` one call is let through as a probe,
 * and its success closes the circuit again.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Wait before the first probe, doubled after each failed probe up to `maxProbeAfterMs`. */
  probeAfterMs?: number;
  maxProbeAfterMs?: number;
  now?: () => number;
  /** Called when an outage starts ('open') and when it ends ('closed'): the Strapi side logs each once. */
  onChange?: (state: 'open' | 'closed', reason: string) => void;
}


/** The client's calls that talk to Scenario (the rest, such as cache helpers, pass straight through). */
const NETWORK_METHODS = new Set([
  'generate',
  'createCollection',
  'addToCollection',
  'estimateGenerate',
  'getJob',
  'waitForJob',
  'getAsset',
  'downloadAsset',
  'caption',
  'translate',
  'writePrompt',
  'describeImage',
  'describeResult',
  'estimateTextHelper',
  'listModels',
  'listJobs',
  'getModel',
]);

export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private openedFor = 0;
  private probeAt = 0;
  private probing = false;
  private lastReason = '';
  private readonly probeAfterMs: number;
  private readonly maxProbeAfterMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions = {}) {
    this.probeAfterMs = options.probeAfterMs ?? 10_000;
    this.maxProbeAfterMs = options.maxProbeAfterMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    return this.current;
  }

  /** When the next probe may go out (now when the circuit is closed). */
  nextProbeAt(): number {
    return this.current === 'closed' ? this.now() : this.probeAt;
  }

  /** The reason the circuit opened, for job reasons and the admin. */
  get reason(): string {
    return this.lastReason;
  }

  /** May a call go out now? In the open state, the first caller after the wait becomes the probe. */
  tryAcquire(): boolean {
    if (this.current === 'closed') return true;
    if (this.probing || this.now() < this.probeAt) return false;
    this.probing = true;
    this.current = 'half-open';
    return true;
  }

  /** The probe ended without telling anything (aborted, or waited out its own deadline). */
  released(): void {
    this.probing = false;
  }

  succeeded(): void {
    this.probing = false;
    this.openedFor = 0;
    if (this.current !== 'closed') this.change('closed', '');
  }

  failed(reason: string): void {
    this.probing = false;
    this.lastReason = reason;
    this.openedFor = this.openedFor === 0 ? this.probeAfterMs : Math.min(this.openedFor * 2, this.maxProbeAfterMs);
    this.probeAt = this.now() + this.openedFor;
    // A failed probe keeps the outage going: only the change from closed is reported.
    if (this.current === 'closed') this.change('open', reason);
    else this.current = 'open';
  }

  private change(state: 'open' | 'closed', reason: string) {
    this.current = state;
    this.options.onChange?.(state, reason);
  }
}

/**
 * The text helpers a job can go on without (translation, prompt writer, description): one of them failing says that
 * its endpoint is in trouble (Scenario's text model may be out while images are made), not that Scenario is down, so
 * it gives the circuit no verdict; a step that needs to know asks Scenario something free (ScenarioService.reachable).
 * Captions are not among them: the paid candidates wait for theirs through an outage. (A caption answered 5xx after
 * it was sent is an unknown outcome, not an outage: it is not sent again, and the images go up with alt text from
 * the title.)
 */
const TEXT_HELPER_METHODS = new Set(['translate', 'writePrompt', 'describeImage', 'describeResult']);

/** The same client, with every call going through the breaker. */
export function withCircuitBreaker(client: ScenarioClient, breaker: CircuitBreaker): ScenarioClient {
  const guard =
    <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (!breaker.tryAcquire()) {
        throw new ScenarioError(breaker.reason || 'Scenario cannot be reached right now', {
          kind: 'network',
          code: CIRCUIT_OPEN_CODE,
          retryable: true,
        });
      }
      try {
        const result = await call(...args);
        breaker.succeeded();
        return result;
      } catch (error) {
        // Any answer from Scenario, even a refusal, shows it is there; a call given up on (deadline, abort) says nothing.
        if (isConnectionFailure(error)) {
          if (TEXT_HELPER_METHODS.has(name)) breaker.released();
          else breaker.failed((error as ScenarioError).message);
        }
        // A paid call is not retried, so one lost answer (unknown outcome) is a single sample, not an outage.
        else if (error instanceof ScenarioError && ['aborted', 'deadline', 'unknown-outcome'].includes(error.kind)) breaker.released();
        else breaker.succeeded();
        throw error;
      }
    };
  const wrapped: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(client)) {
    const method = typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(client) : member;
    wrapped[key] = NETWORK_METHODS.has(key) ? guard(key, method as (...args: unknown[]) => Promise<unknown>) : method;
  }
  return wrapped as unknown as ScenarioClient;
}
