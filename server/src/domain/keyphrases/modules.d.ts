// Types for the two plain-JavaScript packages the extractor reads (neither ships its own).
declare module 'stopword' {
  /** Stopword lists by ISO 639-3 code ("fra", "deu"...), and a few helpers this module does not use. */
  const lists: Record<string, unknown>;
  export = lists;
}

declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(algorithm: string): Stemmer;
  export function algorithms(): string[];
}
