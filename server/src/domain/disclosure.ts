/**
 * The reader-facing AI disclosure: a short line appended to a generated image's caption (never to its alt text,
 * which describes the picture for people who cannot see it). Built-in lines for common languages; a site may write
 * its own per locale.
 */
import { languageCode } from './language/locale';

export const BUILT_IN_DISCLOSURE_LINES: Readonly<Record<string, string>> = {
  en: 'Illustration generated with AI.',
  fr: 'Illustration générée par IA.',
  de: 'Mit KI erstellte Illustration.',
  es: 'Ilustración generada con IA.',
  it: 'Illustrazione generata con IA.',
  pt: 'Ilustração gerada com IA.',
  nl: 'Illustratie gemaakt met AI.',
};

/** The line for a locale: the site's own for that locale or its language, else the built-in one, else English. */
export function disclosureLine(locale: string | null | undefined, custom: Readonly<Record<string, string>> = {}): string {
  const language = languageCode(locale);
  return (
    (locale ? custom[locale] : undefined) ??
    (language ? (custom[language] ?? BUILT_IN_DISCLOSURE_LINES[language]) : undefined) ??
    custom.en ??
    BUILT_IN_DISCLOSURE_LINES.en
  );
}

/** The caption with the line after it (the line alone when there is no caption); never said twice. */
export function withDisclosure(caption: string, line: string): string {
  const text = caption.trim();
  if (!text) return line;
  if (text.endsWith(line)) return text;
  return `${/[.!?…»”"]$/u.test(text) ? text : `${text}.`} ${line}`;
}
