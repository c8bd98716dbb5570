import { attempt } from '../functions';

/** A locale code as Strapi's i18n writes them ("en", "fr-CA", "pt_BR", "zh-Hans", "es-419"). */
export const LOCALE_CODE = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i;

/** The language part of a locale: 'fr', 'fr-FR', 'pt_BR', 'zh-Hans' → 'fr', 'fr', 'pt', 'zh'; anything else → undefined. */
export function languageCode(locale: unknown): string | undefined {
  if (typeof locale !== 'string') return undefined;
  const match = LOCALE_CODE.exec(locale.trim());
  return match ? match[1].toLowerCase() : undefined;
}

/** The language of a locale, English when there is none (content types without i18n, a blank locale). */
export function languageOf(locale: string | null | undefined): string {
  return languageCode(locale) ?? 'en';
}

/** ICU's language names: it knows every ISO 639 code and no made-up one ("xx"). */
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * "fr-CA", "FR", "fra" -> "fr"; a language without a two-letter code keeps its three ("ckb", Central Kurdish, one of
 * Strapi's locales); else ("xx", "not a language") undefined. ICU canonicalises the code.
 */
export function normaliseLanguage(value: unknown): string | undefined {
  const code = languageCode(value);
  const language = code ? attempt(() => new Intl.Locale(code).language, () => undefined) : undefined;
  return language && LANGUAGE_NAMES.of(language) ? language : undefined;
}
