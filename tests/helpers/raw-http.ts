import { request } from 'undici';

/** An answer as the wire carried it: tests of the emulator check statuses, headers and bodies byte for byte. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // Whatever JSON the body held; tests read into it freely.
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- parsed bodies of any shape
}

/** One HTTP call without any client logic (no retries, no parsing rules): JSON body in, raw answer out. */
export async function rawCall(
  url: string,
  options: { method: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<RawAnswer> {
  const { method, body, headers = {}, signal } = options;
  const response = await request(url, {
    method,
    signal,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}
