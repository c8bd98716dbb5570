/** The Scenario client's pure parts: poll timing, download URL policy, image sniffing, error text, request bodies. */
import { checkDownloadUrl, isAllowedDownloadUrl, isLoopbackHost, parseAllowedHost, sniffImageType } from '../../server/src/scenario/download';
import { ScenarioError, kindForStatus, reasonFromBody, redact, stripQuery } from '../../server/src/scenario/errors';
import { backoff, connectionProblem, isNotSentError, parseRetryAfter } from '../../server/src/scenario/http';
import {
  modelSupport,
  nearestAspectRatio,
  pixelSize,
  planGenerateBody,
  sizeFor,
} from '../../server/src/scenario/model-inputs';
import type { GenerateInput, ModelInput, ScenarioModel } from '../../server/src/scenario/types';
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
    ['https://evilcdn.cloud.scenario.com', ['cdn.cloud.scenario.com'], /not in the allowed/],
    ['https://cloud.scenario.com', ['cdn.cloud.scenario.com'], /not in the allowed/],
    ['https://cdn.cloud.scenario.com:8443', ['cdn.cloud.scenario.com:443'], /not in the allowed/],
    ['https://cdn.cloud.scenario.com', ['cdn.cloud.scenario.com:8443'], /not in the allowed/],
    ['https://user:pw@cdn.cloud.scenario.com', ['cdn.cloud.scenario.com'], /credentials/],
    ['https://user@cdn.cloud.scenario.com', ['cdn.cloud.scenario.com'], /credentials/],
    ['http://127.0.0.1:9000', ['127.0.0.1:9001'], /not in the allowed/],
    ['http://10.0.0.5:9000', ['10.0.0.5:9000'], /https is required/],
    ['http://169.254.169.254', ['169.254.169.254'], /https is required/],
    ['https://[::1]:9000', ['[::1]:9001'], /not in the allowed/],
    ['https://[::2]:9000', ['::1'], /not in the allowed/],
    ['ftp://cdn.cloud.scenario.com', ['cdn.cloud.scenario.com'], /https is required/],
    ['file:///etc/passwd', ['cdn.cloud.scenario.com'], /https is required/],
    ['https://cdn.cloud.scenario.com', ['cdn.cloud.scenario.com:abc', 'cdn.cloud.scenario.com:', 'user@cdn.cloud.scenario.com'], /not in the allowed/],
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
    expect(isAllowedDownloadUrl(signed(origin), allowed)).toBe(false);
  });

  it('an entry without a port allows its host on any port; host:port only that port; case-insensitive', () => {
    const allowed: Array<[string, string[]]> = [
      ['https://cdn.cloud.scenario.com:8443', ['cdn.cloud.scenario.com']],
      ['https://cdn.cloud.scenario.com', ['cdn.cloud.scenario.com:443']],
      ['https://cdn.cloud.scenario.com:8443', ['CDN.Cloud.Scenario.com:8443']],
      ['https://CDN.CLOUD.SCENARIO.COM', ['cdn.cloud.scenario.com']],
      ['https://cdn.cloud.scenario.com:8443', ['https://cdn.cloud.scenario.com:8443/']],
      ['https://cdn.cloud.scenario.com:8443', [' https://cdn.cloud.scenario.com ']],
      ['http://127.0.0.1:9000', ['127.0.0.1']],
      ['http://localhost:9000', ['LOCALHOST']],
      ['http://[::1]:9000', ['[::1]']],
      ['http://[::1]:9000', ['::1']],
      ['https://[2001:db8::5]:8443', ['[2001:DB8::5]:8443']],
      ['http://127.0.0.1:9000', ['cdn.example.com', '127.0.0.1:9000']],
    ];
    for (const [origin, hosts] of allowed) expect([origin, hosts, isAllowedDownloadUrl(signed(origin), hosts)]).toEqual([origin, hosts, true]);
    expect(isAllowedDownloadUrl('not a url', ['cdn.cloud.scenario.com'])).toBe(false);
    expect(() => checkDownloadUrl('not a url', ['x'])).toThrow(/not a valid URL/);
  });

  it('parses allow-list entries: host, host:port, [v6], [v6]:port; refuses what cannot be a host', () => {
    expect(parseAllowedHost('CDN.example.com')).toEqual({ host: 'cdn.example.com' });
    expect(parseAllowedHost('cdn.example.com:08443')).toEqual({ host: 'cdn.example.com', port: '8443' });
    expect(parseAllowedHost('[::1]:9000')).toEqual({ host: '::1', port: '9000' });
    expect(parseAllowedHost('[::1]')).toEqual({ host: '::1' });
    expect(parseAllowedHost('fe80::1')).toEqual({ host: 'fe80::1' });
    expect(parseAllowedHost('https://cdn.example.com/assets')).toEqual({ host: 'cdn.example.com' });
    for (const bad of ['', '  ', 'cdn.example.com:', 'cdn.example.com:0', 'cdn.example.com:70000', 'a b', 'user@cdn.example.com', '[zz]:1']) {
      expect([bad, parseAllowedHost(bad)]).toEqual([bad, null]);
    }
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

describe('connection failures in plain words', () => {
  it('names the problem without codes or addresses', () => {
    expect(connectionProblem('ECONNREFUSED')).toBe('connection refused');
    expect(connectionProblem('ENOTFOUND')).toBe('host name not found');
    expect(connectionProblem('UND_ERR_CONNECT_TIMEOUT')).toBe('connection timed out');
    expect(connectionProblem('UND_ERR_SOCKET')).toBe('connection closed without an answer');
    expect(connectionProblem('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('secure connection failed');
    expect(connectionProblem(undefined)).toBe('connection failed');
  });
});

/** Models as Scenario's GET /models/{id} declares their inputs. */
const num = (name: string, extra: Partial<ModelInput> = {}): ModelInput => ({ name, type: 'number', ...extra });
const side = (name: string, fallback: number) => num(name, { min: 128, max: 2048, step: 16, default: fallback });
const model = (id: string, inputs: ModelInput[]): ScenarioModel => ({ id, name: id, capabilities: ['txt2img'], inputs });
const prompt: ModelInput = { name: 'prompt', type: 'string', required: true, maxLength: 2048 };
const common = [prompt, num('numOutputs', { min: 1, max: 4, step: 1 }), num('seed', { min: 0, max: 2147483647, step: 1 })];
const lora = [{ name: 'modelId', type: 'model' }, { name: 'loras', type: 'model_array' }, num('lorasScale')].map((input) => ({ ...input })) as ModelInput[];
const FLUX1 = model('model_bfl-flux-1-dev', [...common, side('width', 1104), side('height', 832), num('guidance'), ...lora]);
const FLUX2 = model('model_bfl-flux-2-dev', [...common, side('width', 1024), side('height', 1024), { name: 'referenceImages', type: 'file_array', maxLength: 5 }, ...lora]);
const GEMINI = model('model_google-gemini-3-1-flash', [
  prompt,
  num('numOutputs', { min: 1, max: 4, step: 1 }),
  { name: 'aspectRatio', type: 'string', allowedValues: ['21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3', '9:16', 'auto'] },
  { name: 'resolution', type: 'string', allowedValues: ['512', '1K', '2K', '4K'] },
  { name: 'referenceImages', type: 'file_array', maxLength: 14 },
]);
const WISH = { prompt: 'p', negativePrompt: 'n', numOutputs: 2, seed: 5, aspectRatio: '16:9' };

describe('size mapping', () => {
  it('gives about one megapixel on a 64-pixel grain, so the usual sizes come out', () => {
    const w = FLUX1.inputs.find((input) => input.name === 'width')!;
    const h = FLUX1.inputs.find((input) => input.name === 'height')!;
    const sizes = Object.fromEntries(['16:9', '3:2', '4:3', '1:1', '3:4', '2:3', '9:16'].map((ratio) => [ratio, sizeFor(FLUX1, { aspectRatio: ratio })]));
    expect(sizes).toEqual({
      '16:9': { width: 1344, height: 768 },
      '3:2': { width: 1280, height: 832 },
      '4:3': { width: 1152, height: 896 },
      '1:1': { width: 1024, height: 1024 },
      '3:4': { width: 896, height: 1152 },
      '2:3': { width: 832, height: 1280 },
      '9:16': { width: 768, height: 1344 },
    });
    for (const size of Object.values(sizes) as Array<{ width: number; height: number }>) {
      expect(size.width % 16).toBe(0);
      expect(size.height % 16).toBe(0);
      expect(size.width * size.height).toBeGreaterThan(0.85e6);
      expect(size.width * size.height).toBeLessThan(1.15e6);
    }
    // Extreme ratios stay inside the range, keeping the ratio as far as it goes.
    expect(pixelSize(8, w, h)).toEqual({ width: 2048, height: 256 });
    expect(pixelSize(1 / 30, w, h)).toEqual({ width: 128, height: 2048 });
  });

  it('keeps to the declared steps and ranges', () => {
    const small = num('s', { min: 64, max: 512, step: 8 });
    expect(pixelSize(16 / 9, small, small)).toEqual({ width: 512, height: 320 });
    const odd = num('o', { min: 100, max: 130, step: 10 });
    expect(pixelSize(1, odd, odd)).toEqual({ width: 130, height: 130 });
    const free = num('f');
    expect(pixelSize(1, free, free)).toEqual({ width: 1024, height: 1024 });
  });

  it('picks the nearest allowed aspect ratio (auto is never picked), on a log scale', () => {
    const allowed = ['21:9', '16:9', '3:2', '4:3', '1:1', '3:4', '9:16', 'auto'];
    expect(nearestAspectRatio(16 / 9, allowed)).toBe('16:9');
    expect(nearestAspectRatio(2, allowed)).toBe('16:9');
    expect(nearestAspectRatio(1.45, allowed)).toBe('3:2');
    expect(nearestAspectRatio(0.5, allowed)).toBe('9:16');
    expect(nearestAspectRatio(1, ['auto'])).toBeUndefined();
  });
});

describe('generate body from the model inputs', () => {
  it('FLUX.1 dev: width/height instead of aspectRatio, no negative prompt, LoRAs as loras + lorasScale', () => {
    expect(planGenerateBody(FLUX1, { ...WISH, loraIds: ['model_style'], loraScales: [0.8] })).toEqual({
      body: { prompt: 'p', numOutputs: 2, seed: 5, width: 1344, height: 768, loras: ['model_style'], lorasScale: [0.8] },
      size: { width: 1344, height: 768 },
      unsupported: ['negativePrompt'],
    });
    // Explicit pixels go as given; nothing unset is sent; never a dryRun key.
    expect(planGenerateBody(FLUX1, { prompt: 'p', numOutputs: 1, width: 512, height: 768 }).body).toEqual({
      prompt: 'p',
      numOutputs: 1,
      width: 512,
      height: 768,
    });
  });

  it('Gemini: the nearest allowed aspectRatio with the 1K tier; no width/height, seed or negative prompt', () => {
    expect(planGenerateBody(GEMINI, { ...WISH, aspectRatio: '2:1' })).toEqual({
      body: { prompt: 'p', numOutputs: 2, aspectRatio: '16:9', resolution: '1K' },
      size: { aspectRatio: '16:9', resolution: '1K' },
      unsupported: ['seed', 'negativePrompt'],
    });
    // Pixel wishes become the nearest ratio.
    expect(planGenerateBody(GEMINI, { prompt: 'p', numOutputs: 1, width: 768, height: 1024 }).size).toEqual({
      aspectRatio: '3:4',
      resolution: '1K',
    });
  });

  it('a model that declares negativePrompt gets it; one without size inputs gets none and says so', () => {
    const withNegative = model('m', [prompt, { name: 'negativePrompt', type: 'string' }, { name: 'aspectRatio', type: 'string' }]);
    expect(planGenerateBody(withNegative, WISH)).toEqual({
      body: { prompt: 'p', negativePrompt: 'n', aspectRatio: '16:9' },
      size: { aspectRatio: '16:9' },
      unsupported: ['numOutputs', 'seed'],
    });
    const bare = model('m', [prompt]);
    expect(planGenerateBody(bare, { prompt: 'p', numOutputs: 1, width: 10, height: 10 })).toEqual({
      body: { prompt: 'p' },
      unsupported: ['numOutputs', 'width', 'height'],
    });
  });

  it('a LoRA goes by modelId when that is all the model takes (one style, at full strength)', () => {
    const byId = model('m', [prompt, { name: 'modelId', type: 'model' }]);
    expect(planGenerateBody(byId, { prompt: 'p', numOutputs: 1, loraIds: ['model_s'], loraScales: [1] }).body).toEqual({
      prompt: 'p',
      modelId: 'model_s',
    });
    expect(planGenerateBody(byId, { prompt: 'p', numOutputs: 1, loraIds: ['model_s'], loraScales: [0.5] }).unsupported).toEqual([
      'numOutputs',
      'loraScales',
    ]);
    expect(() => planGenerateBody(byId, { prompt: 'p', numOutputs: 1, loraIds: ['a', 'b'] })).toThrow(/one trained style/);
  });

  it('refuses what cannot work with a final validation error: a LoRA on a model without LoRA inputs, a model without a prompt', () => {
    for (const [target, wish, message] of [
      [GEMINI, { ...WISH, loraIds: ['model_style'] }, /model_google-gemini-3-1-flash takes no trained style/],
      [model('model_style', []), WISH, /model_style takes no prompt/],
    ] as Array<[ScenarioModel, GenerateInput, RegExp]>) {
      let error: unknown;
      try {
        planGenerateBody(target, wish);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ScenarioError);
      expect(error).toMatchObject({ kind: 'validation', retryable: false, message: expect.stringMatching(message) });
    }
  });

  it('never sends a key the model does not declare', () => {
    const wishes = [
      WISH,
      { prompt: 'p', numOutputs: 1, loraIds: ['model_s'], loraScales: [2] },
      { prompt: 'p', numOutputs: 4, seed: 0, width: 640, height: 640 },
      { prompt: 'p', numOutputs: 1, aspectRatio: 'auto' },
    ];
    for (const target of [FLUX1, FLUX2, GEMINI]) {
      const declared = new Set(target.inputs.map((input) => input.name));
      for (const wish of wishes) {
        let keys: string[] = [];
        try {
          keys = Object.keys(planGenerateBody(target, wish).body);
        } catch {
          continue;
        }
        expect(keys.filter((key) => !declared.has(key))).toEqual([]);
      }
    }
  });
});

describe('model support', () => {
  it('says what each model takes, and nothing it ignores', () => {
    expect(modelSupport(FLUX1)).toEqual({
      size: 'width-height',
      sizeFor16x9: { width: 1344, height: 768 },
      negativePrompt: false,
      referenceImages: 0,
      loras: true,
      maxPromptLength: 2048,
    });
    expect(modelSupport(FLUX2)).toMatchObject({ size: 'width-height', referenceImages: 5, loras: true, negativePrompt: false });
    expect(modelSupport(GEMINI)).toEqual({
      size: 'aspect-ratio',
      sizeFor16x9: { aspectRatio: '16:9', resolution: '1K' },
      negativePrompt: false,
      referenceImages: 14,
      loras: false,
      maxPromptLength: 2048,
      aspectRatios: ['21:9', '16:9', '3:2', '4:3', '5:4', '1:1', '4:5', '3:4', '2:3', '9:16', 'auto'],
    });
    expect(modelSupport(model('m', [prompt]))).toMatchObject({ size: 'none', sizeFor16x9: null, loras: false });
  });
});
