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

export interface AllowedHost {
  /** Lower case, IPv6 without brackets. */
  host: string;
  /** Only this port when set; any port when not. */
  port?: string;
}

/**
 * Parses an allow-list entry: `host` or `[v6]` (any port), `host:port` or `[v6]:port` (that port only), case-insensitive;
 * a scheme or a path around it is tolerated (`https://cdn.example.com:8443/`). Null for an entry that cannot be a host.
 */
export function parseAllowedHost(entry: string): AllowedHost | null {
  const value = entry
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/s, '');
  if (!value || value.includes('@')) return null;
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(value);
  let host: string;
  let port: string | undefined;
  if (v6) {
    [, host, port] = v6;
  } else if ((value.match(/:/g) ?? []).length > 1) {
    // A bare IPv6 address: it cannot carry a port without brackets.
    if (!/^[0-9a-f:.]+$/.test(value)) return null;
    host = value;
  } else {
    [host, port] = value.split(':');
    if (port === '') return null;
    if (!/^[a-z0-9_.-]+$/.test(host)) return null;
  }
  if (port !== undefined && (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535)) return null;
  return { host, ...(port !== undefined ? { port: String(Number(port)) } : {}) };
}

const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');

/** Why a URL may not be downloaded, or null when it may. */
function refusal(rawUrl: string, allowedHosts: readonly string[]): { url?: URL; why?: string } {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { why: 'it is not a valid URL' };
  }
  if (url.username || url.password) return { why: 'the URL carries credentials' };
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return { why: 'https is required' };
  const host = unbracket(url.hostname);
  const port = url.port || defaultPort(url.protocol);
  const allowed = allowedHosts.some((entry) => {
    const parsed = parseAllowedHost(entry);
    return parsed !== null && parsed.host === host && (parsed.port === undefined || parsed.port === port);
  });
  if (!allowed) return { url, why: `host ${url.host} is not in the allowed download hosts` };
  return { url };
}

/**
 * Checks a signed URL against the allow-list (see parseAllowedHost): an entry without a port allows its host on any
 * port, one with a port only that port. https is required unless the host is loopback (the local emulator); URLs
 * carrying credentials are refused. Throws a final 'download' error naming the URL without its query string.
 */
export function checkDownloadUrl(rawUrl: string, allowedHosts: readonly string[]): URL {
  const { url, why } = refusal(rawUrl, allowedHosts);
  if (why || !url) {
    const shown = url ? stripQuery(rawUrl) : 'an asset URL';
    throw new ScenarioError(`Refusing to download ${shown}: ${why}`, { kind: 'download', retryable: false });
  }
  return url;
}

/** Whether the download policy lets this URL through (e.g. for "Test connection" on an asset URL of the account). */
export function isAllowedDownloadUrl(rawUrl: string, allowedHosts: readonly string[]): boolean {
  return !refusal(rawUrl, allowedHosts).why;
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
  const bytes = await fetchBytes(rawUrl, options, 'image/png, image/jpeg, image/webp', 'Image');
  const type = sniffImageType(bytes);
  if (!type) {
    throw new ScenarioError(`Downloaded ${stripQuery(rawUrl)} is not a PNG, JPEG or WebP image`, { kind: 'download', retryable: false });
  }
  return { bytes, ...type };
}

/** The most text a text asset may hold: far more than any description, far less than an image. */
export const MAX_TEXT_BYTES = 256 * 1024;

/**
 * GETs a text asset's URL (already checked with checkDownloadUrl) the same way as an image, capped at MAX_TEXT_BYTES,
 * and returns its text: it must be valid UTF-8 without control characters other than line breaks and tabs.
 */
export async function fetchText(rawUrl: string, options: FetchImageOptions): Promise<string> {
  const bytes = await fetchBytes(rawUrl, { ...options, maxBytes: Math.min(options.maxBytes, MAX_TEXT_BYTES) }, 'text/plain', 'Text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = '\u0000';
  }
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
    throw new ScenarioError(`Downloaded ${stripQuery(rawUrl)} is not plain text`, { kind: 'download', retryable: false });
  }
  // A web page in its place (a CDN's error page with a 200) is no description: tried again with a fresh URL.
  if (/^\s*<(?:!doctype\s+html|html)\b/i.test(text)) {
    throw new ScenarioError(`Downloaded ${stripQuery(rawUrl)} is a web page, not the text`, { kind: 'download', retryable: true });
  }
  return text;
}

async function fetchBytes(rawUrl: string, options: FetchImageOptions, accept: string, noun: 'Image' | 'Text'): Promise<Buffer> {
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
        headers: { accept },
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
      throw new ScenarioError(`${noun} ${shown} is ${megabytes(declared)}, over the ${megabytes(options.maxBytes)} limit`, {
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
          throw new ScenarioError(`${noun} ${shown} is over the ${megabytes(options.maxBytes)} limit`, { kind: 'download', retryable: false });
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof ScenarioError) throw error;
      throw downloadNetworkError(shown, error, controller.signal.aborted);
    }
    return Buffer.concat(chunks);
  } finally {
    clearTimeout(timer);
  }
}

function downloadNetworkError(shown: string, error: unknown, timedOut: boolean): ScenarioError {
  const code = timedOut ? 'TIMEOUT' : errorCode(error);
  const what = timedOut ? 'timed out' : `was interrupted (${code ?? 'connection error'})`;
  return new ScenarioError(`Downloading ${shown} ${what}`, { kind: 'download', retryable: true, code });
}
