/**
 * The admin UI ships English and French: both files have the same keys, every message keeps the arguments
 * ({count}, {title}...) of the English one, and every key the UI uses exists.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TEXT_ATTRIBUTE_TYPES } from '../../server/src/config/app-check';
import { JOB_STATES } from '../../server/src/domain/job-states';
import { JOB_TRIGGERS, type AltTextSource } from '../../server/src/services/jobs';
import type { AttachedImage, BackfillState } from '../../server/src/shared/contracts';

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

  it('every key the UI builds from a value has its words (job states and triggers, image sources, backfill states, field types)', () => {
    // Records, so that a value added to these types without its words fails the type check.
    const sources: Record<AttachedImage['source'], true> = { generated: true, placeholder: true, other: true };
    const backfillStates: Record<BackfillState, true> = { running: true, paused: true, done: true, cancelled: true };
    const altTextSources: Record<AltTextSource, true> = { caption: true, 'text-model': true, title: true, keyphrases: true };
    const built = [
      ...JOB_TRIGGERS.map((trigger) => `trigger.${trigger}`),
      ...JOB_STATES.flatMap((state) => [`state.${state}`, `state.${state}.sentence`]),
      ...Object.keys(sources).map((source) => `panel.source.${source}`),
      ...Object.keys(backfillStates).map((state) => `backfill.state.${state}`),
      ...Object.keys(altTextSources).map((source) => `panel.altSource.${source}`),
      ...TEXT_ATTRIBUTE_TYPES.map((type) => `settings.types.fieldType.${type}`),
    ];
    expect(built.filter((key) => !(key in en))).toEqual([]);
  });


  it('every key the UI names literally exists', () => {
    const used = sources(ADMIN).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\b(?:t|trad)\(\s*'([\w.]+)'/g)].map((match) => match[1]));
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((key) => !(key in en))).toEqual([]);
  });
});
