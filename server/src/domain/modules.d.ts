// Types for plain JavaScript packages without their own.
declare module 'snowball-stemmers' {
  export function newStemmer(algorithm: string): { stem(word: string): string };
}

declare module 'markdown-it-footnote' {
  import type MarkdownIt from 'markdown-it';
  const footnotes: MarkdownIt.PluginSimple;
  export default footnotes;
}
