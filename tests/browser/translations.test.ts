/**
 * The admin UI ships English and French: both files have the same keys, every message keeps the arguments
 * ({count}, {title}...) of the English one, and every key the UI uses exists.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { JOB_TRIGGERS } from '../../server/src/services/jobs';

const ADMIN = path.resolve(__dirname, '..', '..', 'admin', 'src');
const load = (locale: string) => JSON.parse(readFileSync(path.join(ADMIN, 'translations', `${locale}.json`), 'utf8')) as Record<string, string>;
const en = load('en');
const fr = load('fr');

/** The top-level ICU arguments of a message ("{count, plural, ...}" counts as count). */
const argumentsOf = (message: string) => [...message.matchAll(/\{\s*([a-zA-Z_]\w*)\s*[,}]/g)].map((match) => match[1]).filter((name, i, all) => all.indexOf(name) === i).sort();

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? sources(full) : /\.tsx?$/.test(entry) ? [full] : [];
  });
}

describe('admin translations', () => {
  it('French has exactly the English keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('every French message keeps the English arguments', () => {
    for (const key of Object.keys(en)) expect([key, argumentsOf(fr[key] ?? '')]).toEqual([key, argumentsOf(en[key])]);
  });

  it('every job trigger has its words (the side panel and the jobs page build these keys)', () => {
    expect(JOB_TRIGGERS.filter((trigger) => !(`trigger.${trigger}` in en))).toEqual([]);
  });

  it('every key the UI names literally exists', () => {
    const used = sources(ADMIN).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\b(?:t|trad)\(\s*'([\w.]+)'/g)].map((match) => match[1]));
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((key) => !(key in en))).toEqual([]);
  });
});
