import { CircuitBreaker, withCircuitBreaker } from '../../server/src/scenario/circuit-breaker';
import { CIRCUIT_OPEN_CODE, ScenarioError, isConnectionFailure } from '../../server/src/scenario/errors';
import type { ScenarioClient } from '../../server/src/scenario/types';

const refused = () => new ScenarioError('Scenario could not be reached (connection refused)', { kind: 'network', code: 'ECONNREFUSED', retryable: true });

function fakeClient(getJob: () => Promise<unknown>): ScenarioClient {
  return { getJob, forgetModels: () => undefined } as unknown as ScenarioClient;
}

describe('CircuitBreaker', () => {
  let now = 0;
  const changes: string[] = [];
  const make = () => new CircuitBreaker({ probeAfterMs: 1000, maxProbeAfterMs: 4000, now: () => now, onChange: (state) => changes.push(state) });

  beforeEach(() => {
    now = 0;
    changes.length = 0;
  });

  it('opens on a connection failure, fails fast, probes once after the wait, and closes on success', async () => {
    const breaker = make();
    let fail = true;
    let calls = 0;
    const client = withCircuitBreaker(
      fakeClient(async () => {
        calls++;
        if (fail) throw refused();
        return { status: 'success' };
      }),
      breaker,
    );
    await expect(client.getJob('job_1')).rejects.toThrow(/connection refused/);
    expect(breaker.state).toBe('open');
    const fast = await client.getJob('job_1').catch((error: ScenarioError) => error);
    expect((fast as ScenarioError).code).toBe(CIRCUIT_OPEN_CODE);
    expect((fast as ScenarioError).message).toBe('Scenario could not be reached (connection refused)');
    expect(calls).toBe(1);

    now = 1000;
    await expect(client.getJob('job_1')).rejects.toThrow(/connection refused/); // the probe fails
    expect(calls).toBe(2);
    expect(breaker.nextProbeAt()).toBe(3000); // the wait doubles

    now = 3000;
    fail = false;
    await expect(client.getJob('job_1')).resolves.toEqual({ status: 'success' });
    expect(breaker.state).toBe('closed');
    // One change reported when the outage starts and one when it ends, whatever happened between.
    expect(changes).toEqual(['open', 'closed']);
  });

  it('a text helper that cannot reach its endpoint gives no verdict; a caption that cannot (the paid images wait for it) does', async () => {
    const breaker = make();
    const unavailable = () => new ScenarioError('Scenario refused POST /generate/translate with 503: Service Unavailable', { kind: 'server', status: 503, retryable: true });
    // What the client raises for a paid call answered 5xx: perhaps carried out, so never sent again.
    const lost = () => new ScenarioError('Scenario answered 503 to POST /generate/caption after receiving it', { kind: 'unknown-outcome', status: 503 });
    let captionError = lost();
    const client = withCircuitBreaker({
      translate: async () => { throw unavailable(); },
      describeImage: async () => { throw refused(); },
      caption: async () => { throw captionError; },
    } as unknown as ScenarioClient, breaker);
    await expect(client.translate('phare', {})).rejects.toThrow(/503/);
    await expect(client.describeImage('asset_1', 'Describe', { deadline: 0 })).rejects.toThrow(/connection refused/);
    await expect(client.caption(['asset_1'])).rejects.toThrow(/503/);
    expect(breaker.state).toBe('closed');
    captionError = refused();
    await expect(client.caption(['asset_1'])).rejects.toThrow(/connection refused/);
    expect(breaker.state).toBe('open');
  });

  it('an answer from Scenario, even a refusal, keeps the circuit closed; sync helpers pass straight through', async () => {
    const breaker = make();
    const client = withCircuitBreaker(
      fakeClient(async () => {
        throw new ScenarioError('Scenario refused GET /jobs/x with 404', { kind: 'not-found', status: 404 });
      }),
      breaker,
    );
    await expect(client.getJob('x')).rejects.toThrow(/404/);
    expect(breaker.state).toBe('closed');
    expect(client.forgetModels()).toBeUndefined();
  });

  it('tells connection failures from refusals', () => {
    expect(isConnectionFailure(refused())).toBe(true);
    expect(isConnectionFailure(new ScenarioError('x', { kind: 'timeout' }))).toBe(true);
    expect(isConnectionFailure(new ScenarioError('x', { kind: 'server', status: 503 }))).toBe(true);
    expect(isConnectionFailure(new ScenarioError('x', { kind: 'server', status: 500 }))).toBe(false);
    expect(isConnectionFailure(new ScenarioError('x', { kind: 'validation', status: 400 }))).toBe(false);
    expect(isConnectionFailure(new Error('x'))).toBe(false);
    // One lost answer to a paid call (never retried) is a single sample, not an outage.
    expect(isConnectionFailure(new ScenarioError('x', { kind: 'unknown-outcome', status: 502 }))).toBe(false);
  });
});
