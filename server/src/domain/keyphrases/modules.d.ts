// Types for snowball-stemmers, plain JavaScript without its own.
declare module 'snowball-stemmers' {
  interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(algorithm: string): Stemmer;
  export function algorithms(): string[];
}

// eld has types, but behind an `exports` map the project's "node" module resolution does not read: the part used.
declare module 'eld/small' {
  export const eld: { detect(text: string): { language: string } };
}
