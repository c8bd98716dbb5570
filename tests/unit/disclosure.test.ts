import { BUILT_IN_DISCLOSURE_LINES, disclosureLine, withDisclosure } from '../../server/src/domain/disclosure';

describe('AI disclosure line', () => {
  it('uses the site line for the locale, then its language, then the built-in line, then English', () => {
    const custom = { 'pt-BR': 'Imagem criada por IA.', fr: 'Image créée par IA.' };
    expect(disclosureLine('pt-BR', custom)).toBe('Imagem criada por IA.');
    expect(disclosureLine('fr-CA', custom)).toBe('Image créée par IA.');
    expect(disclosureLine('de', custom)).toBe(BUILT_IN_DISCLOSURE_LINES.de);
    expect(disclosureLine('ja', custom)).toBe(BUILT_IN_DISCLOSURE_LINES.en);
    expect(disclosureLine(null, { en: 'Made with AI.' })).toBe('Made with AI.');
  });

  it('follows the caption as a sentence of its own, once', () => {
    const line = 'Illustration generated with AI.';
    expect(withDisclosure('A lighthouse at dusk', line)).toBe('A lighthouse at dusk. Illustration generated with AI.');
    expect(withDisclosure('Un phare au crépuscule.', line)).toBe('Un phare au crépuscule. Illustration generated with AI.');
    expect(withDisclosure('', line)).toBe(line);
    expect(withDisclosure(withDisclosure('A lighthouse', line), line)).toBe('A lighthouse. Illustration generated with AI.');
  });
});
