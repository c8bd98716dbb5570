/** Generated files get readable names from the article's title (Strapi's slugs) and the document id. */
import { fileBaseName } from '../../server/src/services/pipeline/shared';

it('names files after the title, transliterated and short, with the document id', () => {
  expect(fileBaseName({ title: 'Straße & Ölfässer: 100% sicher!', documentId: 'abc123', usePlaceholder: false, targetLocale: 'de' })).toBe(
    'strasse-and-oelfaesser-100-sicher-abc123',
  );
  // "ä" → "ae" is German's way: in Swedish (or Finnish, Hungarian) the dots go.
  expect(fileBaseName({ title: 'Malmö FF vann guldet på Götaälv', documentId: 'sv1', usePlaceholder: false, targetLocale: 'sv' })).toBe('malmo-ff-vann-guldet-pa-gotaalv-sv1');
  expect(fileBaseName({ title: 'Müller gewinnt', documentId: 'x', usePlaceholder: false, language: 'de', targetLocale: 'en' })).toBe('mueller-gewinnt-x');
  expect(fileBaseName({ title: 'Des bénévoles restaurent le vieux phare de l’île', documentId: 'd1', usePlaceholder: true })).toBe(
    'des-benevoles-restaurent-le-vieux-phare-de-l-ile-placeholder-d1',
  );
  expect(fileBaseName({ title: '東京の港', documentId: 'd2', usePlaceholder: false })).toBe('article-d2');
  // Letters Strapi's slugs drop: Azerbaijani's schwa, Hausa's hooked letters.
  expect(fileBaseName({ title: 'Bənövşəyi çay festivalı', documentId: 'az1', usePlaceholder: false, targetLocale: 'az' })).toBe('benovseyi-cay-festivali-az1');
  expect(fileBaseName({ title: 'Ƙungiyar ɗalibai', documentId: 'ha1', usePlaceholder: false, targetLocale: 'ha' })).toBe('kungiyar-dalibai-ha1');
  expect(fileBaseName({ title: 'Ný brú við Þingvallavatn', documentId: 'is1', usePlaceholder: false, targetLocale: 'is' })).toBe('ny-bru-vid-thingvallavatn-is1');
  // In capitals too: Strapi's slugs cut a word where its case changes ("th-ingvellir", "a-egir").
  expect(fileBaseName({ title: 'ÞINGVELLIR og Ægir', documentId: 'is2', usePlaceholder: false, targetLocale: 'is' })).toBe('thingvellir-og-aegir-is2');
  // Serbian, Macedonian and Kazakh Cyrillic letters Strapi drops (a fifth review: "Ђорђе" was "or-e").
  expect(fileBaseName({ title: 'Ђорђе и Ћирило', documentId: 'sr1', usePlaceholder: false, targetLocale: 'sr' })).toBe('djordje-i-cirilo-sr1');
  expect(fileBaseName({ title: 'Әлем Қазақстан', documentId: 'kk1', usePlaceholder: false, targetLocale: 'kk' })).toBe('alem-qazaqstan-kk1');
  const long = fileBaseName({ title: 'word '.repeat(40), documentId: 'd3', usePlaceholder: false });
  expect(long.length).toBeLessThanOrEqual(60 + '-d3'.length);
  expect(long).not.toMatch(/--/);
  // A title of 100,000 letters Strapi replaces one by one is named at once (it took seconds).
  const started = Date.now();
  expect(fileBaseName({ title: 'ä'.repeat(100_000), documentId: 'd6', usePlaceholder: false })).toBe(`${'a'.repeat(60)}-d6`);
  expect(Date.now() - started).toBeLessThan(1_000);
});

it('names the file of an article in a script Strapi cannot write in Latin letters after its English translation', () => {
  const punjabi = { title: 'ਪੰਜਾਬ ਵਿੱਚ ਚੋਣਾਂ', documentId: 'pa1', usePlaceholder: false, targetLocale: 'pa' };
  expect(fileBaseName({ ...punjabi, translatedTitle: 'Elections in Punjab' })).toBe('elections-in-punjab-pa1');
  // (Translation switched off or failed: the id alone.)
  expect(fileBaseName({ ...punjabi, translatedTitle: null })).toBe('article-pa1');
  // A title Strapi writes in Latin letters keeps its own words.
  expect(fileBaseName({ title: 'Землетрясение в Японии', translatedTitle: 'Earthquake in Japan', documentId: 'ru1', usePlaceholder: false })).toBe('zemletryasenie-v-yaponii-ru1');
});

it('names the file of an article with no title after its first keyphrases', () => {
  expect(fileBaseName({ title: '', keyphrases: ['Puffin Island', 'lighthouse', 'keeper cottage', 'volunteers'], documentId: 'd4', usePlaceholder: false })).toBe(
    'puffin-island-lighthouse-keeper-cottage-d4',
  );
  expect(fileBaseName({ title: null, keyphrases: [], documentId: 'd5', usePlaceholder: true })).toBe('article-placeholder-d5');
});
