/**
 * wink-nlp's reading of a text, as the extractor needs it: per token its lexeme id, its POS tag (as
 * a small number) and whether a space comes before it, in typed arrays reused from one text to the
 * next.
 *
 * wink-nlp's public way to get these is one `out()` call per property, each building an array of
 * strings or numbers: together they cost about as much as the rest of the extractor, which must stay
 * close to wink-nlp's own speed. So where it can, the reader copies them straight from the document's
 * token array, which wink-nlp hands to the "its" functions of `out()`: four numbers per token, its
 * lexeme id; its preceding spaces (low 16 bits; the high bits point to a contraction's normal form);
 * its POS and lemma bits; its negation flag. That array is not a public interface: before the
 * first use, the reader checks on a probe text that it reads exactly what the public calls return,
 * and uses the public calls instead when it does not (another wink-nlp version) or cannot reach it.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

// wink-nlp with the POS tagger only: sentence boundaries, entities and sentiment are not used here,
// and each extra stage costs time on every publish. Loaded once, on first use.
let nlpInstance: ReturnType<typeof winkNLP> | undefined;
export function nlp(): ReturnType<typeof winkNLP> {
  if (!nlpInstance) nlpInstance = winkNLP(model, ['pos']);
  return nlpInstance;
}

type Tokens = ReturnType<ReturnType<ReturnType<typeof winkNLP>['readDoc']>['tokens']>;

/** A text's tokens. Valid until the next readTagged() (the arrays are reused). */
export interface TaggedText {
  /** Number of tokens. */
  count: number;
  /** wink-nlp's lexeme id of each token (equal texts, equal ids). */
  ids: Int32Array;
  /** POS tag of each token, as its index in tagNames. */
  tags: Uint8Array;
  /** Universal POS tag names by number (entries may be added, never changed). */
  tagNames: readonly string[];
  /** 1 where the token follows the one before it with no space between. */
  touching: Uint8Array;
  /** The text of token i (for ids seen for the first time: callers memoise it by id). */
  text(i: number): string;
  /** This reading was copied from wink-nlp's token array (else made with its public calls). */
  readRaw: boolean;
}

/** How the document's token array is laid out (wink-nlp 2.x). */
const TOKEN_SIZE = 4;
const SPACES_MASK = 0xffff;
const POS_MASK = 0x3f00000;
const POS_SHIFT = 20;

/** What wink-nlp passes an "its" function: the document's raw data. */
interface RawDocument {
  tokens: number[];
  cache: { valueOf(property: string, index: number): unknown };
}

/** An "its" function that returns the raw data it is given (registered with wink-nlp, see fastPathWorks()). */
const rawDocument = (_index: number, raw: RawDocument): RawDocument => raw;

/** Tag names by the POS numbers of the token array... */
const rawTagNames: string[] = [];
/** ...and by numbers given in order of first sight, for tags read through the public calls. */
const publicTagNames: string[] = [];

class Reader implements TaggedText {
  count = 0;
  ids = new Int32Array(4096);
  tags = new Uint8Array(4096);
  touching = new Uint8Array(4096);
  tagNames: readonly string[] = publicTagNames;
  readRaw = false;
  private tokens: Tokens | undefined;

  text(i: number): string {
    return this.tokens!.itemAt(i).out(nlp().its.value) as string;
  }

  /** Reads a text; with `raw` from the document's token array, else with wink-nlp's public calls. */
  read(text: string, raw: boolean): this {
    const tokens = nlp().readDoc(text).tokens();
    this.tokens = tokens;
    const n = tokens.length();
    this.count = n;
    if (this.ids.length < n) {
      const length = n + (n >> 1);
      this.ids = new Int32Array(length);
      this.tags = new Uint8Array(length);
      this.touching = new Uint8Array(length);
    }
    this.readRaw = n > 0 && raw && this.copyRaw(tokens, n);
    if (!this.readRaw) this.readPublic(tokens, n);
    return this;
  }

  private copyRaw(tokens: Tokens, n: number): boolean {
    const doc = tokens.itemAt(0).out(rawDocument as never) as unknown as RawDocument;
    const data = doc?.tokens;
    if (!Array.isArray(data) || data.length !== TOKEN_SIZE * n) return false;
    if (rawTagNames.length === 0) {
      // All the numbers a POS field can hold, named once (all or none, should a name fail to come).
      const names: string[] = [];
      for (let p = 0; p <= POS_MASK >>> POS_SHIFT; p++) {
        const name = doc.cache.valueOf('pos', p);
        names.push(typeof name === 'string' ? name : '');
      }
      rawTagNames.push(...names);
    }
    this.tagNames = rawTagNames;
    const { ids, tags, touching } = this;
    for (let i = 0, at = 0; i < n; i++, at += TOKEN_SIZE) {
      ids[i] = data[at];
      touching[i] = (data[at + 1] & SPACES_MASK) === 0 ? 1 : 0;
      tags[i] = (data[at + 2] & POS_MASK) >>> POS_SHIFT;
    }
    return true;
  }

  private readPublic(tokens: Tokens, n: number): void {
    const { its } = nlp();
    const ids = tokens.out(its.uniqueId) as number[];
    const tags = tokens.out(its.pos) as string[];
    const spaces = tokens.out(its.precedingSpaces) as string[];
    this.tagNames = publicTagNames;
    for (let i = 0; i < n; i++) {
      this.ids[i] = ids[i];
      this.touching[i] = spaces[i] === '' ? 1 : 0;
      let tag = publicTagNames.indexOf(tags[i]);
      if (tag < 0) {
        tag = publicTagNames.length;
        publicTagNames.push(tags[i]);
      }
      this.tags[i] = tag;
    }
  }
}

/**
 * A text with what makes wink-nlp's reading differ between tokens: punctuation, contractions, runs of
 * spaces and non-breaking spaces, hyphens, emoji, URLs, numbers, line breaks, a title.
 */
const PROBE = 'Scandal at the U.K.\'s  top e-mail firm\n\nLONDON\u00a0(AP) \u2014 Dr. Smith didn\'t say; she\'ll reply by 3:30 p.m. '
  + 'The 3D-printed, state-of-the-art TCP/IP cards cost $4.5bn \u2026 \u{1F600} see https://example.org/a?b=1 or mail a@b.io!\n'
  + 'Ils ont dit «non».';

let fastPath: boolean | undefined;

/** The document's token array reads as wink-nlp's public calls say (checked once). */
function fastPathWorks(): boolean {
  try {
    // wink-nlp calls only the "its" functions it lists; the reader's is added to that list (one Set
    // for single tokens and collections: its4tokens and its4selTokens are the same object). A build
    // without `require` (ESM) lands in the catch: the public calls then.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const allowed = require('wink-nlp/src/allowed.js') as { its4token?: Set<unknown> };
    if (!(allowed.its4token instanceof Set)) return false;
    allowed.its4token.add(rawDocument);
    const fast = new Reader().read(PROBE, true);
    const slow = new Reader().read(PROBE, false);
    if (!fast.readRaw || fast.count !== slow.count) return false;
    for (let i = 0; i < fast.count; i++) {
      if (fast.ids[i] !== slow.ids[i] || fast.touching[i] !== slow.touching[i]) return false;
      if (fast.tagNames[fast.tags[i]] !== slow.tagNames[slow.tags[i]]) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/** Whether texts are read from wink-nlp's token array (else through its public calls). */
export function readsRawTokens(): boolean {
  if (fastPath === undefined) fastPath = fastPathWorks();
  return fastPath;
}

const reader = new Reader();

/**
 * Tokenizes and tags a text (the result is valid until the next call); from wink-nlp's token array
 * when the check allows it, unless `raw` is false (for tests comparing both readings).
 */
export function readTagged(text: string, options: { raw?: boolean } = {}): TaggedText {
  return reader.read(text, options.raw !== false && readsRawTokens());
}
