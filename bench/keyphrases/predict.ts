/**
 * Writes keyphrase predictions for a JSONL file of documents.
 *
 *   npm run keyphrases -- --in docs.jsonl --out predictions.jsonl [--limit 10] [--use-title] [--markdown]
 *
 * Input: {"id", "text"} a line, with an optional "lang" (ISO 639-1; detected when absent; an optional "title" is
 * used with --use-title). The text is read as plain text, or with --markdown as the plugin reads a Markdown field
 * (code, links' addresses, heading and list marks left out). Output:
 * {"id", "keyphrases": [best first]} a line, the format ../shared/keyphrase/score.mjs reads.
 * Document frequencies come from the input file itself: each document is ranked with the statistics
 * of the other documents, as a site's own archive would give them.
 */
import { writeFileSync } from 'node:fs';
import { loadLanguageDetector } from '../../server/src/domain/language';
import { markdownToText } from '../../server/src/domain/text';
import { DEFAULT_LIMIT, predict, readJsonl, toDocuments } from './common';

interface Args {
  in?: string;
  out?: string;
  limit: number;
  useTitle: boolean;
  markdown: boolean;
}

const USAGE = 'usage: npm run keyphrases -- --in docs.jsonl --out predictions.jsonl [--limit 10] [--use-title] [--markdown]';

function parseArgs(argv: string[]): Args {
  const args: Args = { limit: DEFAULT_LIMIT, useTitle: false, markdown: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--in') args.in = argv[++i];
    else if (arg === '--out') args.out = argv[++i];
    else if (arg === '--limit') args.limit = Number(argv[++i]);
    else if (arg === '--use-title') args.useTitle = true;
    else if (arg === '--markdown') args.markdown = true;
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!args.in || !args.out) throw new Error(USAGE);
  if (!Number.isInteger(args.limit) || args.limit < 1) throw new Error('--limit must be a positive integer');
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  await loadLanguageDetector();
  const documents = toDocuments(readJsonl(args.in!), args.useTitle).map((doc) => (args.markdown ? { ...doc, text: markdownToText(doc.text) } : doc));
  const started = process.hrtime.bigint();
  const predictions = predict(documents, args.limit);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeFileSync(args.out!, predictions.map((p) => JSON.stringify(p)).join('\n') + (predictions.length ? '\n' : ''));
  console.error(`${predictions.length} documents -> ${args.out} (${seconds.toFixed(2)} s)`);
}

main().catch((error) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});
