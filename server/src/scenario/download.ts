import { request, type Dispatcher } from 'undici';
import { ScenarioError, stripQuery } from './errors';
import { discard, errorCode } from './http';
import type { DownloadedImage } from './types';

/**
 * Downloads from Scenario's CDN. The signed URL is used exactly as received (its query string is the signature),
 * only from an allowed host, over https (plain http only for a loopback host such as the local emulator), with no
 * Authorization header, a size cap, and a check that the bytes really are a PNG, JPEG or WebP image.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1']);

function unbracket(hostname: string): string {
  return hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

export function isLoopbackHost(hostname: string): boolean {
  const host = unbracket(hostname);
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Parses an allow-list entry: `host`, `host:port`, `[v6]`, `[v6]:port` (a scheme prefix is tolerated). */
function parseAllowedHost(entry: string): { host: string; port?: string } | null {
  let value = entry.trim().toLowerCase();
  if (!value) return null;
  if (value.includes('://')) {
    try {
      const parsed = new URL(value);
      return { host: unbracket(parsed.hostname), port: parsed.port || undefined };
    } catch {
      return null;
    }
  }
  value = value.replace(/\/.*$/, '');
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1], port: v6[2] };
  if ((value.match(/:/g) ?? []).length > 1) return { host: value };
  const [host, port] = value.split(':');
  return { host, port: port || undefined };
}

const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');

/**
 * Checks a signed URL against the allow-list: an entry with a port matches that host and port; an entry without one
 * matches the host on the scheme's default port. https is required unless the host is loopback.
 */
export function checkDownloadUrl(rawUrl: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new ScenarioError('Scenario returned an asset URL that is not a valid URL', { kind: 'download', retryable: false });
  }
  const shown = stripQuery(rawUrl);
  if (url.username || url.password) {
    throw new ScenarioError(`Refusing to download ${shown}: the URL carries credentials`, { kind: 'download', retryable: false });
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ScenarioError(`Refusing to download ${shown}: https is required`, { kind: 'download', retryable: false });
  }
  const host = unbracket(url.hostname);
  const port = url.port || defaultPort(url.protocol);
  const allowed = allowedHosts.some((entry) => {
    const parsed = parseAllowedHost(entry);
    if (!parsed || parsed.host !== host) return false;
    return (parsed.port ?? defaultPort(url.protocol)) === port;
  });
  if (!allowed) {
    throw new ScenarioError(`Refusing to download ${shown}: host ${url.host} is not in the allowed download hosts`, {
      kind: 'download',
      retryable: false,
    });
  }
  return url;
}

/** The image type from the first bytes: PNG, JPEG or WebP; null for anything else. */
export function sniffImageType(bytes: Buffer): Pick<DownloadedImage, 'mimeType' | 'extension'> | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { mimeType: 'image/png', extension: 'png' };
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return { mimeType: 'image/jpeg', extension: 'jpg' };
  }
  if (bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WEBP') {
    return { mimeType: 'image/webp', extension: 'webp' };
  }
  return null;
}

export interface FetchImageOptions {
  maxBytes: number;
  timeoutMs: number;
  dispatcher: Dispatcher;
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * GETs a URL already checked with checkDownloadUrl and returns the image. Errors that a fresh URL may cure (dropped
 * connection, 403/404 from an expired signature, 5xx) are retryable; the others are not.
 */
export async function fetchImage(rawUrl: string, options: FetchImageOptions): Promise<DownloadedImage> {
  const shown = stripQuery(rawUrl);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('download timeout')), options.timeoutMs * 4);
  try {
    let response: Dispatcher.ResponseData;
    try {
      // The signed URL goes out as received; only an Accept header is added (never Authorization).
      response = await request(rawUrl, {
        method: 'GET',
        dispatcher: options.dispatcher,
        signal: controller.signal,
        headers: { accept: 'image/png, image/jpeg, image/webp' },
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
    } catch (error) {
      throw downloadNetworkError(shown, error, controller.signal.aborted);
    }
    if (response.statusCode !== 200) {
      discard(response.body);
      const status = response.statusCode;
      const retryable = status === 403 || status === 404 || status === 408 || status === 429 || status >= 500;
      throw new ScenarioError(`Downloading ${shown} failed with ${status}`, { kind: 'download', status, retryable });
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      discard(response.body);
      throw new ScenarioError(`Image ${shown} is ${megabytes(declared)}, over the ${megabytes(options.maxBytes)} limit`, {
        kind: 'download',
        retryable: false,
      });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += (chunk as Buffer).length;
        if (size > options.maxBytes) {
          discard(response.body);
          throw new ScenarioError(`Image ${shown} is over the ${megabytes(options.maxBytes)} limit`, { kind: 'download', retryable: false });
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      throw downloadNetworkError(shown, error, controller.signal.aborted);
    }
    const bytes = Buffer.concat(chunks);
    const type = sniffImageType(bytes);
    if (!type) {
      throw new ScenarioError(`Downloaded ${shown} is not a PNG, JPEG or WebP image`, { kind: 'download', retryable: false });
    }
    return { bytes, ...type };
  } finally {
    clearTimeout(timer);
  }
}

function downloadNetworkError(shown: string, error: unknown, timedOut: boolean): ScenarioError {
  const code = timedOut ? 'TIMEOUT' : errorCode(error);
  const what = timedOut ? 'timed out' : `was interrupted (${code ?? 'connection error'})`;
  return new ScenarioError(`Downloading ${shown} ${what}`, { kind: 'download', retryable: true, code });
}
