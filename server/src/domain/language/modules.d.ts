// Types for snowball-stemmers, plain JavaScript without its own.
declare module 'snowball-stemmers' {
  export function newStemmer(algorithm: string): { stem(word: string): string };
}
