/** The Scenario client's pure parts: poll timing, download URL policy, image sniffing, error text, request bodies. */
import { generateBody } from '../../server/src/scenario/client';
import { checkDownloadUrl, isLoopbackHost, sniffImageType } from '../../server/src/scenario/download';
import { ScenarioError, kindForStatus, reasonFromBody, redact, stripQuery } from '../../server/src/scenario/errors';
import { backoff, isNotSentError, parseRetryAfter } from '../../server/src/scenario/http';
import { DEFAULT_POLL_SETTINGS, jobStartedAt, nextPollDelay } from '../../server/src/scenario/poll';

describe('poll timing', () => {
  it('polls just after the end predicted from progress and elapsed time', () => {
    expect(nextPollDelay({ progress: 0.5, elapsedMs: 1000, pollsWithoutProgress: 0 })).toBe(1030);
    expect(nextPollDelay({ progress: 0.25, elapsedMs: 1000, pollsWithoutProgress: 0 })).toBe(3030);
  });

  it('simulated: a linear 2 s job is seen done in ≤ 4 polls, within 150 ms of its end', () => {
    for (const jobMs of [2000, 1500, 2700, 10_000, 30_000]) {
      let t = DEFAULT_POLL_SETTINGS.firstPollMs;
      let polls = 0;
      for (;;) {
        polls++;
        const progress = Math.min(1, t / jobMs);
        if (progress >= 1) break;
        t += nextPollDelay({ progress, elapsedMs: t, pollsWithoutProgress: 0 });
      }
      expect(t - jobMs).toBeLessThanOrEqual(150);
      expect(polls).toBeLessThanOrEqual(Math.ceil(jobMs / 1000) + 2);
    }
  });

  it('clamps to [min, max] and grows slowly while no progress is reported', () => {
    expect(nextPollDelay({ progress: 0.999, elapsedMs: 1000, pollsWithoutProgress: 0 })).toBe(250);
    expect(nextPollDelay({ progress: 0.01, elapsedMs: 1000, pollsWithoutProgress: 0 })).toBe(4000);
    const waits = [1, 2, 3, 4, 5].map((n) => nextPollDelay({ progress: 0, elapsedMs: 5000, pollsWithoutProgress: n }));
    expect(waits).toEqual([1500, 2250, 3375, 4000, 4000]);
  });

  it('trusts createdAt only when it is plausible', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(jobStartedAt('2026-01-01T11:59:58Z', now - 100, now)).toBe(now - 2000);
    expect(jobStartedAt('2026-01-01T12:05:00Z', now - 100, now)).toBe(now - 100);
    expect(jobStartedAt('not a date', now - 100, now)).toBe(now - 100);
    expect(jobStartedAt(undefined, now - 100, now)).toBe(now - 100);
  });
});

describe('download URL policy', () => {
  const signed = (origin: string) => `${origin}/assets/a.png?Policy=p&Signature=s&Key-Pair-Id=k`;

  it('allows listed hosts over https, keeping the URL untouched', () => {
    const raw = signed('https://cdn.cloud.scenario.com');
    expect(checkDownloadUrl(raw, ['cdn.cloud.scenario.com']).search).toBe('?Policy=p&Signature=s&Key-Pair-Id=k');
    expect(() => checkDownloadUrl(signed('https://cdn.cloud.scenario.com:443'), ['cdn.cloud.scenario.com'])).not.toThrow();
    expect(() => checkDownloadUrl(signed('https://CDN.cloud.scenario.com'), ['cdn.cloud.scenario.com:443'])).not.toThrow();
  });

  it.each([
    ['http://cdn.cloud.scenario.com', ['cdn.cloud.scenario.com'], /https is required/],
    ['https://evil.example.com', ['cdn.cloud.scenario.com'], /not in the allowed/],
    ['https://cdn.cloud.scenario.com.evil.com', ['cdn.cloud.scenario.com'], /not in the allowed/],
    ['https://cdn.cloud.scenario.com:8443', ['cdn.cloud.scenario.com'], /not in the allowed/],
    ['https://user:pw@cdn.cloud.scenario.com', ['cdn.cloud.scenario.com'], /credentials/],
    ['http://127.0.0.1:9000', ['127.0.0.1'], /not in the allowed/],
    ['http://10.0.0.5:9000', ['10.0.0.5:9000'], /https is required/],
    ['ftp://cdn.cloud.scenario.com', ['cdn.cloud.scenario.com'], /https is required/],
  ])('refuses %s for %j', (origin, allowed, message) => {
    let error: unknown;
    try {
      checkDownloadUrl(signed(origin), allowed);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).kind).toBe('download');
    expect((error as ScenarioError).retryable).toBe(false);
    expect((error as ScenarioError).message).toMatch(message);
    expect((error as ScenarioError).message).not.toMatch(/Signature|Policy/);
  });

  it('allows plain http only for loopback hosts, with host:port entries', () => {
    expect(() => checkDownloadUrl(signed('http://127.0.0.1:9000'), ['127.0.0.1:9000'])).not.toThrow();
    expect(() => checkDownloadUrl(signed('http://localhost:9000'), ['localhost:9000'])).not.toThrow();
    expect(() => checkDownloadUrl(signed('http://[::1]:9000'), ['[::1]:9000'])).not.toThrow();
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('127.1.2.3')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
  });
});

describe('image sniffing', () => {
  it('recognises PNG, JPEG and WebP by their bytes, and nothing else', () => {
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toEqual({ mimeType: 'image/png', extension: 'png' });
    expect(sniffImageType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toEqual({ mimeType: 'image/jpeg', extension: 'jpg' });
    expect(sniffImageType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toEqual({
      mimeType: 'image/webp',
      extension: 'webp',
    });
    expect(sniffImageType(Buffer.from('GIF89a.....'))).toBeNull();
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from('RIFF0000WAVE'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });
});

describe('error text', () => {
  it('takes reason → message → error → raw text, HTML reduced to its title, capped', () => {
    expect(reasonFromBody('{"reason":"r","message":"m","error":"e"}')).toBe('r');
    expect(reasonFromBody('{"message":"m","error":"e"}')).toBe('m');
    expect(reasonFromBody('{"error":{"message":"nested"}}')).toBe('nested');
    expect(reasonFromBody('{"error":"e"}')).toBe('e');
    expect(reasonFromBody('{"other":1}')).toBe('{"other":1}');
    expect(reasonFromBody('<html><head><title>504 Gateway Time-out</title></head><body>...</body></html>')).toBe('504 Gateway Time-out');
    expect(reasonFromBody('  spaced\n\n out  ')).toBe('spaced out');
    expect(reasonFromBody('x'.repeat(1000)).length).toBeLessThanOrEqual(300);
  });

  it('redacts secrets, Basic credentials and signed query strings', () => {
    const text = redact('secret-value-1 Basic dXNlcjpzZWNyZXQ= https://cdn.x/a.png?Policy=1&Signature=2 Signature=abc', ['secret-value-1']);
    expect(text).not.toMatch(/secret-value-1|dXNlcjpzZWNyZXQ=|Policy=1|Signature=2|Signature=abc/);
    expect(text).toContain('https://cdn.x/a.png');
    expect(stripQuery('https://cdn.x/a/b.png?Signature=s#frag')).toBe('https://cdn.x/a/b.png');
  });

  it('maps statuses to kinds: 400/403 final, 429/5xx retryable', () => {
    expect(kindForStatus(400)).toEqual({ kind: 'validation', retryable: false });
    expect(kindForStatus(401)).toEqual({ kind: 'auth', retryable: false });
    expect(kindForStatus(403)).toEqual({ kind: 'forbidden', retryable: false });
    expect(kindForStatus(404)).toEqual({ kind: 'not-found', retryable: false });
    expect(kindForStatus(429)).toEqual({ kind: 'rate-limited', retryable: true });
    for (const status of [500, 502, 503, 504]) expect(kindForStatus(status)).toEqual({ kind: 'server', retryable: true });
    expect(kindForStatus(501).retryable).toBe(false);
  });
});

describe('retry helpers', () => {
  it('backs off 1 s, 2 s, 4 s and reads Retry-After as seconds or a date', () => {
    expect([0, 1, 2].map((attempt) => backoff(1000, attempt))).toEqual([1000, 2000, 4000]);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('counts only connection-phase failures as "not sent"', () => {
    const withCode = (code: string) => Object.assign(new Error(code), { code });
    expect(isNotSentError(withCode('ECONNREFUSED'))).toBe(true);
    expect(isNotSentError(withCode('ENOTFOUND'))).toBe(true);
    expect(isNotSentError(withCode('UND_ERR_CONNECT_TIMEOUT'))).toBe(true);
    expect(isNotSentError(withCode('UND_ERR_SOCKET'))).toBe(false);
    expect(isNotSentError(withCode('ECONNRESET'))).toBe(false);
    expect(isNotSentError(withCode('UND_ERR_HEADERS_TIMEOUT'))).toBe(false);
    expect(isNotSentError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')]))).toBe(true);
    expect(isNotSentError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNRESET')]))).toBe(false);
  });
});

describe('generate body', () => {
  it('is flat, holds only the inputs that are set, and never a dryRun key', () => {
    expect(generateBody({ prompt: 'p', numOutputs: 2 })).toEqual({ prompt: 'p', numOutputs: 2 });
    expect(
      generateBody({ prompt: 'p', negativePrompt: 'n', numOutputs: 1, seed: 0, aspectRatio: '16:9', width: 512, height: 512 }),
    ).toEqual({ prompt: 'p', negativePrompt: 'n', numOutputs: 1, seed: 0, aspectRatio: '16:9' });
    expect(generateBody({ prompt: 'p', numOutputs: 1, width: 512, height: 768 })).toEqual({ prompt: 'p', numOutputs: 1, width: 512, height: 768 });
    expect(generateBody({ prompt: 'p', numOutputs: 1, loraIds: ['model_a'], loraScales: [0.5] })).toEqual({
      prompt: 'p',
      numOutputs: 1,
      loras: ['model_a'],
      lorasScale: [0.5],
    });
  });
});
