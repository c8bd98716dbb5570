import { articleLanguage, documentTermKeys, extractKeyphrases } from '../../server/src/domain/keyphrases';
import { answeredInEnglish, clearlyOtherLanguage, detectLanguage, loadLanguageDetector } from '../../server/src/domain/language';
import { createTextAnalysis } from '../../server/src/services/text-analysis';

// franc (language detection) is an ES module, loaded once before the first detection.
beforeAll(() => loadLanguageDetector());

const phrases = (input: { title?: string; text: string; lang?: string }, limit = 10) =>
  extractKeyphrases(input, { limit }).map((k) => k.phrase.toLowerCase());

const french = {
  title: 'Des bénévoles restaurent le vieux phare de l’île aux Moines',
  text: [
    'Des bénévoles restaurent le vieux phare de l’île aux Moines, fermé depuis vingt ans.',
    "Le vieux phare avait été construit en 1881. La maison du gardien, au pied du vieux phare, sera rénovée l'été prochain.",
    "L'association des amis du phare a réuni les fonds nécessaires. Les bénévoles ont repeint la lanterne du vieux phare.",
    "Sur l'île, les habitants espèrent que le vieux phare attirera des visiteurs pendant la saison.",
  ].join(' '),
};

const german = {
  title: 'Freiwillige restaurieren den alten Leuchtturm',
  text: [
    'Freiwillige haben den alten Leuchtturm auf der Insel restauriert. Der alte Leuchtturm wurde 1881 gebaut und war',
    'seit zwanzig Jahren geschlossen. Das Haus des Leuchtturmwärters wird im nächsten Sommer renoviert. Der alte',
    'Leuchtturm soll nun wieder Besucher auf die Insel bringen, hoffen die Bewohner.',
  ].join(' '),
};

const spanish = {
  title: 'Voluntarios restauran el viejo faro de la isla',
  text: [
    'Un grupo de voluntarios restauró el viejo faro de la isla, cerrado desde hace veinte años. El viejo faro fue',
    'construido en 1881. La casa del farero, junto al viejo faro, será renovada el próximo verano. Los vecinos de',
    'la isla esperan que el viejo faro atraiga visitantes durante la temporada de verano.',
  ].join(' '),
};

const english = {
  title: 'Volunteers restore the old lighthouse',
  text: [
    'Volunteers have restored the old lighthouse on the island, closed for twenty years. The old lighthouse was built',
    "in 1881. The keeper's cottage next to the old lighthouse will be renovated next summer. Islanders hope the old",
    'lighthouse will bring visitors back to the island.',
  ].join(' '),
};

/**
 * Words that must never open or close a phrase, per language: articles, prepositions and auxiliaries, and in English
 * (read with a tagger) and German (nouns capitalised) the full verbs of the text too. Other languages are bounded by
 * stopwords only: a full verb inside a run with no determiner after it ("Coimbra abriu") is a known limit of that
 * untagged path (server/src/domain/keyphrases/README.md), so their lists name no full verb.
 */
const EDGE_WORDS: Record<string, string[]> = {
  fr: ['le', 'la', 'les', 'l', 'de', 'des', 'du', 'd', 'au', 'aux', 'à', 'en', 'sur', 'ont', 'sera', 'est', 'avait', 'été'],
  de: ['der', 'die', 'das', 'den', 'des', 'auf', 'im', 'haben', 'wurde', 'wird', 'war', 'restaurieren', 'restauriert', 'geschlossen', 'renoviert', 'hoffen', 'bringen', 'gebaut'],
  es: ['el', 'la', 'los', 'las', 'de', 'del', 'al', 'un', 'una', 'que', 'fue', 'será'],
  en: ['the', 'a', 'of', 'on', 'to', 'have', 'has', 'was', 'will', 'restored', 'restore'],
  it: ['il', 'lo', 'la', 'i', 'gli', 'le', 'l', 'un', 'una', 'di', 'del', 'dei', 'dell', 'in', 'a', 'al', 'da', 'con', 'su', 'per', 'e', 'è', 'ha', 'sono'],
  pt: ['a', 'o', 'as', 'os', 'um', 'uma', 'de', 'da', 'do', 'das', 'dos', 'em', 'na', 'no', 'para', 'com', 'e', 'é', 'tem', 'foi', 'podem'],
  nl: ['de', 'het', 'een', 'in', 'van', 'met', 'voor', 'uit', 'op', 'en', 'is', 'was', 'heeft', 'hebben', 'wordt'],
};

/** No word of EDGE_WORDS opens or closes any of the phrases. */
function expectNoEdgeWords(found: string[], lang: string): void {
  for (const phrase of found) {
    const words = phrase.split(/[\s'’]+/);
    expect([phrase, EDGE_WORDS[lang]]).not.toEqual([phrase, expect.arrayContaining([words[0]])]);
    expect([phrase, EDGE_WORDS[lang]]).not.toEqual([phrase, expect.arrayContaining([words[words.length - 1]])]);
  }
}

describe.each([
  ['fr', french, 'vieux phare'],
  ['de', german, /^alten? leuchtturm$/],
  ['es', spanish, 'viejo faro'],
  // "old" is dropped from a phrase's start in English (it dates, it does not name a kind).
  ['en', english, 'lighthouse'],
] as const)('%s article', (lang, article, subject) => {
  it('detects its language', () => {
    expect(detectLanguage(`${article.title}\n\n${article.text}`)).toBe(lang);
    expect(articleLanguage(article)).toBe(lang);
  });

  it('ranks its subject first, detected or given', () => {
    expect(phrases(article)[0]).toMatch(subject);
    expect(phrases({ ...article, lang })[0]).toMatch(subject);
  });

  it('never puts an article, a preposition or an auxiliary at a phrase edge (nor, in English and German, a verb)', () => {
    expectNoEdgeWords(phrases({ ...article, lang }, 50), lang);
  });

  it('keys its terms per language (English unprefixed, the others with their code)', () => {
    const keys = documentTermKeys({ ...article, lang });
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) {
      if (lang === 'en') expect(key).not.toMatch(/^[a-z]{2}:/);
      else expect(key.startsWith(`${lang}:`)).toBe(true);
    }
  });
});

// Small articles of other languages, read by their stopwords and Snowball stems like French and Spanish.
const italian = {
  title: 'Riapre il vecchio mercato coperto di Torino',
  text: [
    'Dopo tre anni di lavori riapre il vecchio mercato coperto di Torino. Il mercato coperto ospita quaranta banchi di',
    'frutta, verdura e formaggi. I commercianti del mercato coperto sperano di attirare turisti e residenti. Il comune',
    "ha finanziato il restauro del tetto in vetro dell'antico mercato.",
  ].join(' '),
};

const portuguese = {
  title: 'A nova biblioteca municipal de Coimbra abre as portas',
  text: [
    'A nova biblioteca municipal de Coimbra abriu as portas na semana passada. A biblioteca municipal tem mais de cem mil',
    'livros e uma sala de leitura para crianças. Os leitores da biblioteca municipal podem usar os computadores',
    'gratuitamente. A câmara investiu dois milhões de euros na biblioteca.',
  ].join(' '),
};

const dutch = {
  title: 'Vrijwilligers bouwen een nieuwe speeltuin in het park',
  text: [
    'Vrijwilligers hebben een nieuwe speeltuin in het stadspark gebouwd. De speeltuin heeft een klimrek, twee schommels',
    'en een zandbak. Ouders uit de buurt hielpen mee met de bouw van de speeltuin. De gemeente betaalde het hout voor de',
    'nieuwe speeltuin.',
  ].join(' '),
};

describe.each([
  ['it', italian, /^(vecchio )?mercato coperto$/],
  ['pt', portuguese, /^(nova )?biblioteca municipal$/],
  ['nl', dutch, /^(nieuwe )?speeltuin$/],
] as const)('%s article', (lang, article, subject) => {
  it('ranks its subject among the three best, detected or given', () => {
    expect(phrases(article, 3)).toEqual(expect.arrayContaining([expect.stringMatching(subject)]));
    expect(phrases({ ...article, lang }, 3)).toEqual(expect.arrayContaining([expect.stringMatching(subject)]));
  });

  it('never puts an article, a preposition or an auxiliary at a phrase edge', () => {
    expectNoEdgeWords(phrases({ ...article, lang }, 50), lang);
  });
});

describe('languages other than English', () => {
  it('reads German phrases as lower-case adjectives before capitalised nouns, never with the verb after them', () => {
    const found = extractKeyphrases({
      title: 'Bienen auf den Dächern der Stadt',
      text: 'Immer mehr Imker halten Bienenvölker auf den Dächern der Stadt. Der Verein sammelte Spenden für die Bienenstöcke. Die Stadtbienen finden in alten Parks genug Nahrung, sagen die Imker.',
      lang: 'de',
    }, { limit: 30 }).map((k) => k.phrase);
    expect(found).toEqual(expect.arrayContaining(['Imker', 'Bienenvölker', 'Spenden', 'alten Parks']));
    for (const phrase of found) expect(phrase).toMatch(/(^|\s)\p{Lu}\S*$/u);
    // An adjective's ending opens the next phrase without an article; a brand's inner capital marks a noun too.
    const energy = extractKeyphrases({ text: 'Der Ausbau erneuerbarer Energien kommt voran. Das neue iPhone kommt im Herbst, sagt Apple.', lang: 'de' }, { limit: 20 }).map((k) => k.phrase);
    expect(energy).toEqual(expect.arrayContaining(['Ausbau', 'erneuerbarer Energien', 'iPhone', 'Apple']));
    // A capital at a sentence's start proves nothing: a word the article also writes in lower case is no noun.
    const garden = extractKeyphrases({
      title: 'Wie Sie Ihren Garten auf den Winter vorbereiten',
      text: 'Bevor der erste Frost kommt, sollten Rosen geschützt werden. Wichtig ist eine dicke Mulchschicht.\nDennoch brauchen Rosen Licht. Es ist wichtig, die Beete zu gießen, bevor der Boden gefriert. Der Garten bleibt dennoch lebendig. Freiwillige helfen, und die Freiwillige Feuerwehr auch.',
      lang: 'de',
    }, { limit: 30 }).map((k) => k.phrase);
    expect(garden).toEqual(expect.arrayContaining(['Garten', 'Rosen', 'Frost', 'dicke Mulchschicht', 'Freiwillige']));
    expect(garden.join(' | ')).not.toMatch(/Bevor|Wichtig|Dennoch/);
    // But an adjective opening a sentence, declined, stays its noun's ("Erneuerbare Energien", though the text also
    // writes "erneuerbare"): a simplification pass found no other test holding it.
    const renewables = extractKeyphrases({
      title: 'Erneuerbare Energien: Der Ausbau stockt',
      text: 'Erneuerbare Energien sollen bis 2030 den größten Teil des Stroms liefern. Doch der Ausbau stockt. Neue Windparks werden kaum genehmigt. Erneuerbare Energien sind günstig, denn erneuerbare Anlagen brauchen keinen Brennstoff.',
      lang: 'de',
    }).map((k) => k.phrase);
    expect(renewables[0]).toBe('Erneuerbare Energien');
  });

  it('does not show again a word opening or ending a compound shown before it ("Wasser" of "Hochwasser"), as "oil" of "oil spill"', () => {
    const shown = (input: { title: string; text: string; lang: string }) => extractKeyphrases(input, { limit: 10 }).map((k) => k.phrase);
    const german = shown({
      title: 'Hochwasser in Passau',
      text: 'Das Hochwasser erreicht die Altstadt von Passau. Das Wasser steht in den Gassen der Altstadt. Das Hochwasser steigt weiter, ' +
        'das Wasser der Donau drückt in die Stadt. Die Feuerwehr pumpt Wasser aus den Kellern der Altstadt.',
      lang: 'de',
    });
    expect(german).toEqual(expect.arrayContaining(['Hochwasser', 'Altstadt']));
    expect(german).not.toContain('Wasser');
    expect(german).not.toContain('Stadt');
    const dutch = shown({ title: 'Treinstaking legt het land stil', text: 'De treinstaking legt het land stil. De staking duurt twee dagen. Reizigers zoeken een bus tijdens de treinstaking.', lang: 'nl' });
    expect(dutch).toContain('treinstaking');
    expect(dutch).not.toContain('staking');
  });

  it('ends a name of two capitalised words or more before a lower-case word after it: its verb', () => {
    // After a name of two capitalised words or more, a lower-case word is its verb; a name of one keeps its adjective.
    const madrid = phrases({ text: 'El Real Madrid remontó este domingo en el Bernabéu. El Partido Popular pidió explicaciones al Gobierno.', lang: 'es' }, 20);
    expect(madrid).toEqual(expect.arrayContaining(['real madrid', 'partido popular']));
    expect(madrid.join(' | ')).not.toMatch(/remontó/);
    expect(phrases({ text: 'Le Parti socialiste a choisi Marseille pour son congrès. Le Parti socialiste a voté.', lang: 'fr' }, 20)).toContain('parti socialiste');
    // A name's capitalised stopword counts ("Marine Le Pen", "Estados Unidos"); a hyphenated lower-case part is the
    // name's ("Hayat Tahrir al-Sham"); a sentence opener the article writes in lower case is no name's word.
    const names = phrases({ text: 'Marine Le Pen dénonce la réforme. Le groupe Hayat Tahrir al-Sham contrôle Alep. Marine Le Pen a voté.', lang: 'fr' }, 20);
    expect(names).toContain('marine le pen');
    expect(names.join(' | ')).toMatch(/hayat tahrir al-sham/);
    expect(phrases({ text: 'El gobierno de Estados Unidos anunció sanciones. Estados Unidos negocia.', lang: 'es' }, 20)).toContain('estados unidos');
    // An acronym is a name's word ("Malmö FF").
    expect(phrases({ text: 'Malmö FF klart för gruppspelet efter segern. Malmö FF vann med 2–0.', lang: 'sv' }, 20).join(' | ')).not.toMatch(/klart|vann/);
    // (Its verb after "на конгрессе": a run of five words written once is no keyphrase.)
    expect(phrases({ text: 'Президент Российского футбольного союза на конгрессе выступил с речью. По словам президента, союз готов.', lang: 'ru' }, 20).join(' | '))
      .toMatch(/российского футбольного союза/);
  });

  it('never takes a weekday or a month for a topic, in the language\'s own words (ICU\'s calendar names)', () => {
    const spanish = phrases({
      title: 'La Junta aprueba el plan de riego',
      text: 'La Junta aprobó el martes el plan de riego. Las restricciones empiezan en mayo y el riego vuelve en septiembre. Plácido Domingo cantó el domingo en Sevilla.',
      lang: 'es',
    }, 30);
    expect(spanish).toContain('plan de riego');
    // Capitalised, outside German, it may be a name.
    expect(spanish.some((p) => p.startsWith('plácido domingo'))).toBe(true);
    expect(spanish.filter((p) => /\b(martes|mayo|septiembre)\b/.test(p) || p === 'domingo')).toEqual([]);
    const german = phrases({ title: 'Bahnstreik am Montag', text: 'Die Gewerkschaft streikt am Montag. Im März gab es den letzten Bahnstreik.', lang: 'de' }, 20);
    expect(german).toContain('bahnstreik');
    expect(german.filter((p) => /montag|märz/.test(p))).toEqual([]);
    const french = phrases({ title: 'Disparition de Thierry Roland', text: '16 juin 2012. - Le commentateur Thierry Roland est mort samedi.', lang: 'fr' }, 20);
    expect(french.filter((p) => /juin|samedi/.test(p))).toEqual([]);
  });

  it('takes a capitalised weekday or month for a date where the language writes them so (Greek, as ICU does)', () => {
    const greek = phrases({
      title: 'Απεργία στα λιμάνια την Τετάρτη',
      text: 'Οι ναυτικοί απεργούν την Τετάρτη σε όλα τα λιμάνια. Τα πλοία μένουν δεμένα μέχρι την Πέμπτη.',
      lang: 'el',
    }, 30);
    expect(greek).toEqual(expect.arrayContaining(['απεργία', 'λιμάνια']));
    expect(greek.filter((p) => /τετάρτη|πέμπτη/.test(p))).toEqual([]);
    // A word of a longer name is no date of its own: Vietnamese "Chủ Nhật" is Sunday, "Nhật Bản" Japan.
    const vietnamese = phrases({ title: 'Thủ tướng Nhật Bản thăm Hà Nội', text: 'Thủ tướng Nhật Bản đến Hà Nội. Hai nước ký hiệp định thương mại.', lang: 'vi' }, 30);
    // ("Bản", a stopword, capitalised inside the sentence: a name's part.)
    expect(vietnamese).toEqual(expect.arrayContaining(['thủ tướng nhật bản', 'hà nội']));
  });

  it('knows a weekday or month in its inflected forms by the language\'s stemmer (Finnish, Czech)', () => {
    const finnish = phrases({
      title: 'Rautatielakko alkaa tiistaina',
      text: 'Veturinkuljettajat aloittavat lakon tiistaina. Edellinen rautatielakko oli joulukuussa, ja neuvottelut jatkuvat joulukuun loppuun asti.',
      lang: 'fi',
    }, 30);
    expect(finnish.join(' | ')).toMatch(/rautatielakko/);
    expect(finnish.filter((p) => /tiistai|joulukuu/.test(p))).toEqual([]);
    const czech = phrases({
      title: 'Stávka na železnici',
      text: 'Odboráři vyhlásili stávku na železnici. Poslední stávka byla v prosinci. Vlaky nepojedou do středy.',
      lang: 'cs',
    }, 30);
    expect(czech).toContain('železnici');
    expect(czech.filter((p) => /prosinci|středy/.test(p))).toEqual([]);
    // A word that only starts like a month, or stems like one's beginning, is no date.
    expect(phrases({ title: 'La maison du maire', text: 'La maison du maire est vendue. La maison date de 1900.', lang: 'fr' })).toContain('maison du maire');
    expect(phrases({ title: 'Abriendo puertas', text: 'El club sigue abriendo puertas a los jóvenes del barrio.', lang: 'es' }).join(' | ')).toMatch(/abriendo/);
    // Hungarian and Turkish write their cases onto the names ("hétfőn", "januárban", "ocakta"), though ICU's dates do not.
    const hungarian = phrases({ title: 'Új adót jelentett be a kormány', text: 'A kormány hétfőn bejelentette az új adót. Az adó januárban lép életbe, a bankok kedden tiltakoztak.', lang: 'hu' }, 30);
    expect(hungarian).toContain('kormány');
    expect(hungarian.filter((p) => /hétfőn|januárban|kedden/.test(p))).toEqual([]);
    // Where every noun is capitalised, a capitalised word the stemmer reads like a date's is another noun (review):
    // German "Montage" (assembly) is not "Montag"; nor is Spanish "Marte" (Mars) "martes".
    const german = phrases({ title: 'Montage der neuen Rheinbrücke beginnt', text: 'Die Montage der neuen Rheinbrücke beginnt am Montag. Kräne heben die Stahlteile.', lang: 'de' }, 30);
    expect(german).toContain('montage');
    expect(german).not.toContain('montag');
    expect(phrases({ title: 'Una sonda rumbo a Marte', text: 'La sonda llegará a Marte el martes. La misión estudiará el suelo de Marte.', lang: 'es' }, 30)).toContain('marte');
    // Where ICU's dates do not decline the names, a word whose stem is only like a name's is another word (review):
    // Portuguese "marca" (brand) is not "março", "quartos" (rooms) not "quarta".
    const hotel = phrases({ title: 'Hotel acrescenta 200 quartos', text: 'O hotel da marca portuguesa acrescenta quartos novos. A marca abre em março, numa quarta-feira.', lang: 'pt' }, 30);
    expect(hotel).toContain('quartos');
    expect(hotel.join(' | ')).toMatch(/marca/);
  });

  it('reads Romanian stopwords in either spelling of ș and ț (stopwords-iso lists the old cedilla forms)', () => {
    const romanian = phrases({
      title: 'Primăria și consiliul local aprobă bugetul',
      text: 'Primăria și consiliul local au aprobat bugetul pentru anul viitor. Acești bani merg la școli și spitale. Bugetul este mai mare decât anul trecut, ați aflat.',
      lang: 'ro',
    }, 30);
    expect(romanian).toEqual(expect.arrayContaining(['consiliul local', 'școli']));
    expect(romanian.filter((p) => /(^|\s)(și|acești|ați)(\s|$)/.test(p))).toEqual([]);
    // Turkish, whose ş has the cedilla, reads as before.
    expect(phrases({ title: 'İstanbul ve Ankara', text: 'İstanbul ve Ankara arasında hızlı tren. Hızlı tren çok popüler.', lang: 'tr' }).join(' | ')).toMatch(/hızlı tren/);
  });

  it('reads stopwords-iso\'s Lithuanian, Turkish and Urdu lists in their own letters (decoded with another code page, typed in a font\'s encoding), and Hindi\'s with the forms it lacks', () => {
    const lithuanian = phrases({
      title: 'Krepšinio rinktinė grįžo iš Kauno',
      text: 'Krepšinio rinktinė grįžo iš Kauno arenos vėlai vakare. Tačiau treneris buvo patenkintas. Rinktinė žais dėl medalių.',
      lang: 'lt',
    }, 30);
    expect(lithuanian.filter((p) => /(^|\s)(iš|tačiau|dėl)(\s|$)/i.test(p))).toEqual([]);
    const turkish = phrases({ title: 'Şu köprü', text: 'Şu köprü yıkıldı. Bu şey nasıl oldu? Köprü altmış yıllıktı.', lang: 'tr' }, 30);
    expect(turkish.filter((p) => /(^|\s)(şu|şey|nasıl|altmış)(\s|$)/i.test(p))).toEqual([]);
    // Urdu's list was typed in a font's own encoding ("کب" for "کا"): its postpositions end phrases (a languages trial).
    const urdu = phrases({
      title: 'پولیو مہم کا آغاز',
      text: 'وفاقی وزارتِ صحت نے پیر سے ملک بھر میں سات روزہ انسدادِ پولیو مہم کا آغاز کر دیا ہے۔ حکام کے مطابق بچوں کو پولیو کے قطرے پلائے جائیں گے۔ وزیر نے کہا کہ مہم کامیاب ہوگی۔',
      lang: 'ur',
    }, 30);
    expect(urdu.filter((p) => /(^|\s)(نے|سے|میں|کا|کو|کے|کہا)(\s|$)/.test(p))).toEqual([]);
    expect(urdu).toContain('پولیو');
    // Hindi's list has "रहा" but not "रही", "सकता" but not "सकती", and no "गई", "लिया", "चाहिए" (a trial's Hindi news).
    const hindi = phrases({
      title: 'वायनाड में भूस्खलन',
      text: 'वायनाड में भारी बारिश के बाद भीषण भूस्खलन हुआ। सेना बचाव अभियान में जुटी रही और कई लोगों को बचा लिया गया। अधिकारियों ने बताया कि राहत शिविरों में ज्यादा लोग रह रहे हैं और मदद पहुंचाई जानी चाहिए।',
      lang: 'hi',
    }, 30);
    expect(hindi.filter((p) => /(^|\s)(रही|गई|लिया|चाहिए|ज्यादा|बताया)(\s|$)/.test(p))).toEqual([]);
    expect(hindi).toEqual(expect.arrayContaining(['भीषण भूस्खलन', 'राहत शिविरों']));
  });

  it('reads Ukrainian and Swahili with the stopword package\'s words too, where stopwords-iso\'s lists are thin', () => {
    // stopwords-iso's Ukrainian list has no "в", "і", "на" (a trial of European languages: clauses as keyphrases).
    const ukrainian = phrases({ title: 'Новий міст у Києві', text: 'У Києві відкрили новий міст через Дніпро. Міст з\'єднав лівий і правий берег, і на ньому вже їздять трамваї.', lang: 'uk' }, 30);
    expect(ukrainian.filter((p) => /(^|\s)(в|у|і|на|вже)(\s|$)/i.test(p))).toEqual([]);
    const swahili = phrases({ title: 'Uchaguzi wa Lurambi', text: 'Tume ya IEBC imetangaza matokeo ya uchaguzi huu. Hii ni mara ya kwanza ambayo chama hicho kinashinda kiti hiki.', lang: 'sw' }, 30);
    expect(swahili.filter((p) => /(^|\s)(huu|hii|ambayo|hicho|kwanza)(\s|$)/i.test(p))).toEqual([]);
  });

  it('reads Estonian with its commonest function words, which stopwords-iso\'s list of 35 lacks ("ning", "ka"; a review)', () => {
    const bridge = { title: 'Saaremaa sild', lang: 'et', text: 'Majandusminister ütles, et raha leitakse ka Euroopa Liidu fondidest ning sild võiks valmida kümne aasta pärast. ' +
      'Saaremaa elanikud on püsiühendust oodanud juba aastakümneid, sest praamiliiklus on talvel sageli häiritud. Sild maksab ka üle miljardi euro. ' +
      'Kohalikud kuulutasid välja allkirjade kogumise ja tulid välja sadamasse, kus praamide ajal on järjekorrad pikad.' };
    const found = phrases(bridge, 20);
    expect(found.filter((phrase) => /(?:^| )(?:ning|ka|üle|sest|välja|ajal)(?: |$)/.test(phrase))).toEqual([]);
    expect(found).toContain('saaremaa elanikud');
  });

  it('reads Malay without the nouns stopwords-iso lists for it; detection weighs the list as published (a trial, a review)', () => {
    const malay = { title: 'Eksport minyak sawit ke India', text: 'Eksport minyak sawit ke India bagi bulan lalu adalah yang tertinggi tahun ini. Permintaan minyak sawit dari India kukuh kerana stok di negara itu rendah, kata peniaga.', lang: 'ms' };
    expect(phrases(malay, 10).join(' | ')).toMatch(/minyak sawit/);
    expect(phrases(malay, 10).filter((p) => /(^|\s)(kerana|bagi|dari)(\s|$)/.test(p))).toEqual([]);
    // (A Malaysian story's nouns tell it from an Indonesian one: with the readers' list it read as Indonesian.)
    const airline = 'Syarikat penerbangan tambang murah itu mengumumkan laluan baharu dari Kuala Lumpur ke Osaka mulai Mac tahun depan dengan kekerapan empat kali seminggu.';
    expect(clearlyOtherLanguage(airline, 'ms')).toBeUndefined();
  });

  it('reads Punjabi with the stopword package\'s Gurmukhi list, which stopwords-iso lacks', () => {
    const punjabi = phrases({
      title: 'ਪਰਾਲੀ ਸਾੜਨ ਦੇ ਮਾਮਲਿਆਂ ਵਿਚ ਕਮੀ',
      text: 'ਪੰਜਾਬ ਵਿਚ ਇਸ ਸਾਲ ਪਰਾਲੀ ਸਾੜਨ ਦੇ ਮਾਮਲਿਆਂ ਵਿਚ ਕਮੀ ਦਰਜ ਕੀਤੀ ਗਈ ਹੈ, ਪਰ ਲੁਧਿਆਣਾ ਵਿਚ ਹਵਾ ਦੀ ਗੁਣਵੱਤਾ ਬਹੁਤ ਮਾੜੀ ਹੈ। ਕਿਸਾਨਾਂ ਨੇ ਪਰਾਲੀ ਨਾਲ ਖਾਦ ਬਣਾਈ।',
      lang: 'pa',
    }, 30);
    expect(punjabi.filter((p) => /(^|\s)(ਦੇ|ਵਿਚ|ਨਾਲ|ਹੈ|ਨੇ|ਦੀ|ਪਰ)(\s|$)/.test(p))).toEqual([]);
    expect(punjabi).toEqual(expect.arrayContaining(['ਪਰਾਲੀ', 'ਲੁਧਿਆਣਾ']));
  });

  it('keeps a word whole across a zero-width non-joiner, a middle dot, Hebrew\'s gershayim or a name\'s initial', () => {
    // Persian: "می‌رود" (goes) is one word, not "رود" (river); "خانه‌ها" (houses) is not "خانه".
    const persian = phrases({ title: 'خانه‌ها در تهران', text: 'قیمت خانه‌ها در تهران بالا می‌رود. خانه‌ها گران هستند و قیمت خانه‌ها بالا می‌رود.', lang: 'fa' }, 30);
    expect(persian).not.toContain('رود');
    expect(persian.join(' | ')).toContain('خانه‌ها');
    expect(phrases({ title: 'Una pel·lícula', text: 'La pel·lícula del col·legi guanya el premi. La pel·lícula és bona.', lang: 'ca' }, 30)).toContain('pel·lícula');
    // Between Korean syllables the middle dot means "and" (a languages trial: "산사태·하천 범람이" was one phrase).
    const korean = phrases({ title: '산사태·하천 범람', text: '집중호우로 산사태·하천 범람이 잇따랐다. 하천 범람으로 주택이 잠겼다. 산사태 피해가 컸다.', lang: 'ko' }, 30);
    expect(korean).toEqual(expect.arrayContaining(['산사태', '하천 범람']));
    expect(korean.filter((phrase) => phrase.includes('·'))).toEqual([]);
    expect(phrases({ title: 'צה"ל', text: 'דובר צה"ל אמר כי צה"ל פועל בגבול. צה"ל הודיע על כך.', lang: 'he' }, 30).join(' | ')).toContain('צה"ל');
    // A capital and a dot before a name is its initial, as Mongolian and Russian news write names ("Г.Энхбаяр").
    const mongolian = phrases({ title: 'Г.Энхбаяр алтан медаль хүртлээ', text: 'Жүдочин Г.Энхбаяр Токиод алтан медаль хүртлээ. Г.Энхбаяр финалд Японы тамирчныг ялав.', lang: 'mn' }, 30);
    expect(mongolian.join(' | ')).toContain('г.энхбаяр');
    expect(mongolian).not.toContain('энхбаяр');
    // A word-final non-joiner is the word's spelling, no break: Kannada "ಸಿಲ್ಕ್‌ ಬೋರ್ಡ್‌" (Silk Board) is one name.
    const kannada = phrases({ title: 'ಸಿಲ್ಕ್‌ ಬೋರ್ಡ್‌ ಮೆಟ್ರೋ ನಿಲ್ದಾಣ', text: 'ಸಿಲ್ಕ್‌ ಬೋರ್ಡ್‌ ಬಳಿ ಮೆಟ್ರೋ ನಿಲ್ದಾಣ ತೆರೆಯಿತು. ಸಿಲ್ಕ್‌ ಬೋರ್ಡ್‌ ನಿಲ್ದಾಣಕ್ಕೆ ಜನರು ಬಂದರು.', lang: 'kn' }, 30);
    expect(kannada[0]).toBe('ಸಿಲ್ಕ್‌ ಬೋರ್ಡ್‌ ಮೆಟ್ರೋ ನಿಲ್ದಾಣ');
    expect(kannada.filter((phrase) => /ಸಿಲ್ಕ್(?!\u200c)|ಬೋರ್ಡ್(?!\u200c)/u.test(phrase))).toEqual([]);
    // Its key is the word's, with or without the joiner: one word written both ways is counted once.
    expect(documentTermKeys({ title: 'ಸಿಲ್ಕ್‌ ಬೋರ್ಡ್‌', text: 'ಬೋರ್ಡ್ ಸಭೆ. ಬೋರ್ಡ್‌ ನಿರ್ಧಾರ.', lang: 'kn' }).filter((key) => key.startsWith('kn:ಬೋರ್ಡ್') && !key.includes(' '))).toEqual(['kn:ಬೋರ್ಡ್']);
  });

  it('cuts elided articles and prepositions off their word, with either apostrophe', () => {
    const all = phrases({ ...french, lang: 'fr' }, 50);
    expect(all).toEqual(expect.arrayContaining(['île', 'association']));
    expect(all.join(' | ')).not.toMatch(/\b[ld]['’]/);
    const italian = phrases({
      title: "Il restauro dell'acquedotto",
      text: "Il restauro dell’acquedotto romano è finito. L'acquedotto romano porta l'acqua all'antica città. Dall'acquedotto romano passa l’acqua.",
      lang: 'it',
    }, 20);
    // ("acquedotto" is written only in "acquedotto romano": that phrase shows it, see ranking.ts's PART_SHARE.)
    expect(italian).toEqual(expect.arrayContaining(['acquedotto romano', 'acqua']));
    expect(italian.join(' | ')).not.toMatch(/\b(?:dell|all|dall|l)['’]/);
  });

  it('counts a phrase past the opening of a long article in its elided forms too ("l\'île")', () => {
    const filler = Array.from({ length: 70 }, (_, i) => `Il y avait ${i} et puis cela a continué comme avant.`).join(' ');
    const opening = `La maison du gardien est restaurée, et la maison du gardien ouvre bientôt. Les bénévoles aiment l'île. ${filler}`;
    const later = Array.from({ length: 12 }, () => "Sur l'île, les visiteurs arrivent. L’île attend.").join(' ');
    const rank = (text: string) => extractKeyphrases({ title: 'Notes', text, lang: 'fr' }, { limit: 10 }).map((k) => k.phrase);
    expect(rank(opening).indexOf('île')).toBeGreaterThan(rank(opening).indexOf('maison du gardien'));
    expect(rank(`${opening} ${later}`).indexOf('île')).toBeLessThan(rank(`${opening} ${later}`).indexOf('maison du gardien'));
  });

  it('keeps accents and hyphenated words', () => {
    const all = phrases({
      title: 'Le porte-parole du ministère',
      text: 'Le porte-parole du ministère a présenté la réforme. La réforme des retraites inquiète. Le porte-parole défend la réforme des retraites.',
      lang: 'fr',
    }, 20);
    expect(all).toEqual(expect.arrayContaining(['porte-parole', 'porte-parole du ministère', 'réforme des retraites']));
  });

  it('groups variants of a word by its Snowball stem', () => {
    const result = extractKeyphrases({ text: 'Les phares de Bretagne. Un phare restauré. Ces phares attirent.', lang: 'fr' }, { limit: 20 });
    const lighthouse = result.filter((k) => k.key === 'fr:phar');
    expect(lighthouse).toHaveLength(1);
    expect(result[0].key).toBe('fr:phar');
  });

  it('reads a mixed-language article in its main language, the foreign words kept as written', () => {
    const mixed = {
      title: 'Le festival de jazz de Montréal',
      text: [
        'Le festival de jazz de Montréal ouvre ses portes ce soir. Le festival de jazz accueille cette année le groupe',
        'américain « The Midnight Riders », dont le single « Summer in the City » est un succès. Le festival de jazz',
        'durera dix jours. Les organisateurs du festival de jazz attendent deux millions de visiteurs.',
      ].join(' '),
    };
    expect(articleLanguage(mixed)).toBe('fr');
    const all = phrases(mixed, 20);
    expect(all[0]).toBe('festival de jazz');
    expect(all.join(' | ')).toMatch(/midnight riders/);
  });

  it('drops credit lines, "read also" and "follow us" lines, handles and hashtags, in French, German, Spanish and Italian (a markup trial)', () => {
    const stories: Array<[string, string, string, RegExp]> = [
      ['fr', 'Le marché de Noël de Strasbourg ouvre ses portes', "Le marché de Noël de Strasbourg a ouvert vendredi avec 300 chalets place Kléber. Les visiteurs viennent de toute l'Europe pour le vin chaud.\n\nPhoto : Jean-Marc Loos / DNA\n\nÀ lire aussi : Les illuminations de Colmar attirent les foules\n\nSuivez-nous sur Instagram @strasbourgtourisme #MarchéDeNoël\n\nCrédit photo : Ville de Strasbourg", /photo|loos|dna|lire|colmar|suivez|instagram|strasbourgtourisme|marchédenoël|crédit/],
      ['de', 'Kegelrobben kehren nach Helgoland zurück', 'Foto: Daniel Bockwoldt/dpa\n\nAuf Helgoland sind in diesem Winter so viele Kegelrobben geboren wie nie. Ranger bitten Besucher am Strand um Abstand zu den Jungtieren.\n\nMehr zum Thema: Glühweinpreise steigen in ganz Bayern\n\nFolgen Sie uns auf Instagram @helgoland_de\n\nBildquelle: Kurverwaltung Helgoland\n\nLesen Sie auch', /foto|bockwoldt|dpa|glühwein|bayern|folgen|instagram|helgoland_de|bildquelle|kurverwaltung|lesen/],
      ['es', 'Abre el mercado navideño de la Plaza Mayor', 'El mercadillo navideño de la Plaza Mayor de Madrid abrió el viernes con 104 puestos de figuras de belén. Los visitantes llegan de toda España.\n\nFoto: Jesús Hellín / Europa Press\n\nTe puede interesar: Las luces de Vigo atraen a miles de turistas\n\nSíguenos en Instagram @esmadrid #PlazaMayor', /foto|hellín|europa press|interesar|vigo|síguenos|instagram|esmadrid/],
      ['it', 'Apre il mercatino di Natale di Bolzano', 'Il mercatino di Natale di Bolzano ha aperto venerdì con 80 casette in piazza Walther. I visitatori arrivano da tutta Europa per il vin brulé.\n\nFoto: Ansa/Stefano Bianchi\n\nLeggi anche: Le luminarie di Salerno attirano migliaia di turisti\n\nSeguici su Instagram @bolzanotourism #Mercatino', /foto|ansa|bianchi|leggi|salerno|seguici|instagram|bolzanotourism/],
    ];
    for (const [lang, title, text, furniture] of stories) {
      const found = phrases({ title, text, lang }, 30);
      expect([lang, found.join(' | ')]).toEqual([lang, expect.not.stringMatching(furniture)]);
      expect(found.length).toBeGreaterThan(3);
    }
    // A review: prose opening with such a label or "follow us", and a hashtag or handle inside a sentence, stay.
    const svimez = phrases({ title: 'Disoccupazione record in Sicilia', text: 'La disoccupazione cresce in Sicilia.\n\nFonte: elaborazione Svimez su dati Istat relativi al Mezzogiorno e alla Sicilia nel periodo 2019-2023, pubblicati a marzo.', lang: 'it' }, 30);
    expect(svimez).toEqual(expect.arrayContaining(['elaborazione svimez', 'dati istat']));
    expect(svimez.filter((phrase) => /^(?:blicati|ivello)$/.test(phrase))).toEqual([]);
    // Nor a gallery's heading or a sentence without its stop after such a label: a credit names (a second review).
    expect(phrases({ title: 'Valencia, un año después', text: 'FOTOS: Así quedó Valencia tras la DANA que inundó Paiporta\n\nLa DANA dejó más de doscientos muertos.', lang: 'es' }, 20).join(' | ')).toMatch(/paiporta/);
    expect(phrases({ title: 'Genova, sei anni dopo', text: 'Foto: così è cambiata Genova dopo il crollo del ponte Morandi\n\nLa città ha un nuovo viadotto.', lang: 'it' }, 20).join(' | ')).toMatch(/ponte morandi/);
    expect(phrases({ title: 'Festival d’Avignon', text: "Suivez-nous dans les coulisses du Festival d'Avignon, où quarante compagnies répètent jour et nuit.", lang: 'fr' }, 20)).toContain('coulisses');
    expect(phrases({ title: 'Le cinéma français face à la vague', text: 'Le mouvement #MeToo a bouleversé le cinéma français. Adèle Haenel a rejoint le mouvement #MeToo en 2019.', lang: 'fr' }, 20).join(' | ')).toMatch(/metoo/);
    // A photographer the story is about stays ("Foto" opens no line of its own there).
    expect(phrases({ title: 'Ausstellung in Essen', text: 'Die Fotos von Bernd Becher hängen im Museum Folkwang. Bernd Becher fotografierte Fördertürme im Ruhrgebiet.', lang: 'de' }, 20)).toContain('bernd becher');
  });

  it('never applies English rules: an English stopword is a word in another language', () => {
    // "die" is an English word but a German article; "a" is a French verb form, "son" an English noun but a French pronoun.
    expect(phrases({ title: 'Die Brücke', text: 'Die Brücke über den Fluss wird gebaut. Die neue Brücke ist lang.', lang: 'de' })).toContain('brücke');
  });

  it('takes a locale as the language ("fr-CA", "pt_BR") and ignores one that is not', () => {
    expect(articleLanguage({ ...spanish, lang: 'fr-CA' })).toBe('fr');
    expect(articleLanguage({ ...spanish, lang: 'pt_BR' })).toBe('pt');
    expect(articleLanguage({ ...spanish, lang: 'not a language' })).toBe('es');
    expect(articleLanguage({ ...spanish, lang: 42 as never })).toBe('es');
    // Shaped like a code but naming no language: the text's own language, not one without stopwords or stems.
    expect(articleLanguage({ ...spanish, lang: 'xx' })).toBe('es');
    expect(articleLanguage({ ...spanish, lang: 'zz-ZZ' })).toBe('es');
    expect(articleLanguage({ ...spanish, lang: 'yo' })).toBe('yo');
  });

  it('reads Chinese, Japanese, Thai and Arabic without crashing or hanging', () => {
    for (const [text, lang] of [
      ['港口在风暴修复后于周一重新开放，渔船回到了码头。'.repeat(500), 'zh'],
      ['東京都は新しい計画を発表した。'.repeat(500), 'ja'],
      ['ท่าเรือเปิดอีกครั้งหลังการซ่อมแซม'.repeat(500), 'th'],
      ['أعيد فتح الميناء بعد إصلاحات العاصفة. '.repeat(300), 'ar'],
    ]) {
      const started = Date.now();
      for (const input of [{ text }, { text, lang }]) {
        const result = extractKeyphrases(input);
        expect(result.length).toBeGreaterThan(0);
        for (const { key } of result) expect(key.length).toBeLessThanOrEqual(200);
      }
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });
});

describe('a language without a stopword list', () => {
  // Maltese: stopwords-iso has no list. A site's Maltese articles, counted as the plugin counts them (documentTermKeys).
  const places = ['Ħamrun', 'Birkirkara', 'Mosta', 'Żebbuġ', 'Qormi', 'Naxxar', 'Sliema', 'Gżira', 'Rabat', 'Marsa', 'Paola', 'Fgura'];
  const things = ['triq', 'skola', 'ġnien', 'librerija', 'pont', 'sptar', 'port', 'suq', 'knisja', 'stazzjon', 'parkeġġ', 'mużew'];
  const article = (i: number) => ({
    title: `Il-gvern se jibni ${things[i]} ġdida fil-${places[i]}`,
    text: `Il-gvern ta' Malta ħabbar li se jibni ${things[i]} ġdida fil-${places[i]}. Ix-xogħol fuq il-${things[i]} se jibda f'Jannar u se jdum ` +
      `sentejn. Ir-residenti tal-${places[i]} qalu li t-traffiku huwa problema kbira. Il-ministru qal li l-${things[i]} il-ġdida se tgħin lil Malta.`,
    lang: 'mt',
  });
  const site = (articles: number) => {
    const counts = new Map<string, number>();
    for (let i = 1; i <= articles; i++) for (const key of documentTermKeys(article(i))) counts.set(key, (counts.get(key) ?? 0) + 1);
    return { documentCount: articles, documentFrequency: (key: string) => counts.get(key) ?? 0 };
  };
  const functionWords = /(?:^|\s)(?:li|se|u|fuq|huwa|qal|qalu|ta'|lil)(?:\s|$)/;
  const extracted = (stats?: ReturnType<typeof site>) => extractKeyphrases(article(0), { limit: 10, stats }).map((k) => k.phrase.toLowerCase());

  it('takes the lower-case words half or more of the site\'s articles in it write as its function words: phrases, not clauses', () => {
    expect(extracted().some((phrase) => functionWords.test(phrase))).toBe(true);
    const found = extracted(site(11));
    expect(found.filter((phrase) => functionWords.test(phrase))).toEqual([]);
    // A name every article writes is no function word.
    expect(found).toEqual(expect.arrayContaining(['malta', 'ir-residenti tal-ħamrun']));
  });

  it('not before the site has ten articles in it, nor where the language\'s own list covers the article', () => {
    expect(extracted(site(8)).some((phrase) => functionWords.test(phrase))).toBe(true);
    const onSite = extractKeyphrases({ ...french, lang: 'fr' }, { limit: 10, stats: { documentCount: 50, documentFrequency: (key) => (key === 'fr:phar' ? 50 : 1) } });
    expect(onSite.map((k) => k.phrase.toLowerCase())).toContain('vieux phare');
  });

  it('before the site has articles, takes a short word the article writes three times for a function word ("ny", a fourth languages trial)', () => {
    // Malagasy: no list. "ny" (the), "amin'ny", "sy" (and) run every phrase into a clause without it.
    const malagasy = {
      title: 'Mamokatra be ny lavanily any amin\'ny faritra Sava',
      text: 'Mamokatra be ny lavanily any amin\'ny faritra Sava amin\'ity taona ity. Nilaza ny mpamboly fa tsara ny toetr\'andro sy ny tany. ' +
        'Mividy ny lavanily maina ny mpanondrana any Sambava sy Antalaha. Miakatra ny vidin\'ny lavanily sy ny karamany, hoy ny mpamboly.',
      lang: 'mg',
    };
    const found = extractKeyphrases(malagasy, { limit: 10 }).map((k) => k.phrase.toLowerCase());
    expect(found.filter((phrase) => /(?:^|\s)(?:ny|sy)(?:\s|$)/.test(phrase))).toEqual([]);
    expect(found).toEqual(expect.arrayContaining(['lavanily', 'mpamboly']));
    // So are the language's "and" and "or" as ICU writes them, however long (Scottish Gaelic "agus" was a story's first
    // keyphrase, a sixth new-user trial).
    const gaelic = {
      title: 'Fèis ùr ciùil anns an Eilean Sgitheanach',
      text: 'Chaidh fèis ùr ciùil a chumail anns an Eilean Sgitheanach, agus thàinig mìle neach gu Port Rìgh. Bha còmhlain bheaga agus ' +
        'seinneadairean òga a\' cluich anns an talla agus air a\' chidhe. Sheinn clann òrain, agus bha pìobairean a\' cluich aig toiseach gach latha.',
      lang: 'gd',
    };
    const gaelicFound = extractKeyphrases(gaelic, { limit: 10 }).map((k) => k.phrase.toLowerCase());
    expect(gaelicFound.filter((phrase) => /(?:^|\s)agus(?:\s|$)/.test(phrase))).toEqual([]);
    expect(gaelicFound).toContain('eilean sgitheanach');
    // Not in a script without capitals, whose three letters may be a noun's syllables (Korean "아이클라우드" has a list too).
    const korean = extractKeyphrases({ title: '장마철 서울', text: '장마철 서울 카페. 장마철 서울 창밖. 장마철 서울 커피.', lang: 'ko' }, { limit: 10 }).map((k) => k.phrase);
    expect(korean.join(' ')).toContain('장마철');
  });

  it('ignores statistics that fail to answer', () => {
    const failing = { documentCount: 40, documentFrequency: () => { throw new Error('database closed'); } };
    expect(extractKeyphrases(article(0), { limit: 10, stats: failing }).length).toBeGreaterThan(0);
  });
});

describe('words that say when, and names', () => {
  it('never gives a span of time alone ("mese", "año": ICU\'s words for them), though it stays inside a phrase', () => {
    const italian = phrases({ title: 'Venezia, il Mose alzato tre volte in un mese', text: 'Il Mose è stato alzato tre volte questo mese. Le paratoie hanno protetto Venezia. Ogni mese costa milioni.', lang: 'it' }, 30);
    expect(italian).toContain('paratoie');
    expect(italian).not.toContain('mese');
    const spanish = phrases({ title: 'Nuevo año escolar en Madrid', text: 'Empieza el año escolar en Madrid. Este año hay más alumnos. El año pasado faltaron profesores.', lang: 'es' }, 30);
    expect(spanish).toContain('año escolar');
    expect(spanish).not.toContain('año');
    // Nor a day or year relative to the writer, in one word ("今年", this year; "mañana": ICU's own names for them).
    const japanese = phrases({ title: '富士山の入山料', text: '今年、富士山の入山料が上がった。昨年は二千円だった。登山者は今年も多い。', lang: 'ja' }, 30);
    expect(japanese).toContain('入山料');
    expect(japanese.filter((p) => /^(今年|昨年)$/.test(p))).toEqual([]);
    expect(phrases({ title: 'Huelga de taxis', text: 'Los taxis paran mañana. La huelga empieza mañana y sigue el lunes.', lang: 'es' }, 30)).not.toContain('mañana');
    // In any form the stemmer reads as ICU's ("Monate", "Jahre": ICU writes "Monaten", "Jahren"), units of measure
    // too ("Meter", "grados"), and cut as the reader cuts Chinese ("分钟", minute: ICU writes "分钟后").
    const german = phrases({ title: 'Sanierung der Stadtbibliothek', text: 'Die Sanierung der Stadtbibliothek dauert zwei Jahre. Schon seit Monaten ist das Dach undicht, auf 300 Meter Länge. Die Monate bis zur Eröffnung nutzt das Team für Umzüge.', lang: 'de' }, 30);
    expect(german).toContain('stadtbibliothek');
    expect(german.filter((p) => /^(jahre|monate|monaten|meter)$/.test(p))).toEqual([]);
    const spanishHeat = phrases({ title: 'Calor en las aulas', text: 'Las aulas superan los 35 grados. Hoy se esperan 38 grados. Los colegios instalan toldos de 10 metros y otros de 12 metros.', lang: 'es' }, 30);
    expect(spanishHeat.filter((p) => /^(grados|metros)$/.test(p))).toEqual([]);
    // A unit's word without a number may be a thing of its own: "el metro" is the subway, "un grado" a degree course.
    const subway = phrases({ title: 'El metro amplía su horario', text: 'El metro de la ciudad abre toda la noche. Los usuarios del metro celebran el nuevo horario.', lang: 'es' }, 30);
    expect(subway).toContain('metro');
    const chinese = phrases({ title: '深圳地铁新线开通', text: '深圳地铁新线开通，乘客从坪山到福田只需四十分钟。过去需要九十分钟。', lang: 'zh' }, 30);
    expect(chinese).toContain('地铁');
    expect(chinese).not.toContain('分钟');
  });

  it('a run as long as a phrase may be (five words) that the body writes once is no keyphrase, as often a clause as a name', () => {
    // (A trial in twelve European languages: headline clauses took a slot in most stories.)
    const croatian = phrases({
      title: 'Hrvatski rukometaši izborili polufinale Europskog prvenstva',
      text: 'Hrvatska rukometna reprezentacija plasirala se u polufinale Europskog prvenstva pobjedom nad Danskom u Kölnu. Izbornik Dagur ' +
        'Sigurðsson rekao je da je momčad igrala hrabro. Ozlijeđeni igrači liječe se u Kliničkom bolničkom centru Sestre milosrdnice, a ' +
        'liječnici putuju s momčadi. Polufinale se igra u petak. Liječnici u Kliničkom bolničkom centru Sestre milosrdnice, gdje se igrači ' +
        'liječe, kažu da će biti spremni.',
    }, 30);
    expect(croatian.filter((phrase) => phrase.includes('izborili'))).toEqual([]);
    // A name that long written twice stays, as does one with a capital on every word, written once (a review: the
    // title's name and a Turkish mayor's title went), and Vietnamese, which spaces its syllables.
    expect(croatian).toContain('kliničkom bolničkom centru sestre milosrdnice');
    expect(phrases({ title: 'Museo Nacional de Bellas Artes reabre', text: 'El Museo Nacional de Bellas Artes reabre sus salas tras dos años de obras. La colección de pintura argentina vuelve a exhibirse desde el sábado.', lang: 'es' }))
      .toContain('museo nacional de bellas artes');
    expect(phrases({ title: 'Yeni metro hattı', text: 'İstanbul Büyükşehir Belediye Başkanı Ekrem İmamoğlu yeni metro hattını açtı. Hat yıl sonunda tamamlanacak.', lang: 'tr' }).join(' | '))
      .toMatch(/ekrem i̇mamoğlu|ekrem imamoğlu/);
    expect(phrases({ title: 'Thành phố Hồ Chí Minh', text: 'Thành phố Hồ Chí Minh khai trương tuyến metro số 1. Người dân háo hức đi thử tàu điện. Tuyến metro dài 20 km.', lang: 'vi' }))
      .toContain('thành phố hồ chí minh');
  });

  it('a lower-case word written between different words, though never alone, is a keyphrase of its own (Turkish "çay", a trial)', () => {
    // (Turkish writes its function words as endings: runs between stopwords are clauses, "yamaçlarda çay toplamak".)
    const tea = {
      title: "Rize'de çay hasadı başladı",
      text: "Doğu Karadeniz'de yamaçlarda çay toplamak hâlâ elle yapılan zahmetli bir iş. Sabahın erken saatlerinde kadınlar sırtlarındaki " +
        'sepetlerle bahçelere çıkıyor. Toplanan yaş çay öğleden sonra fabrikaya götürülüyor. Ayşe Yılmaz otuz yıldır aynı bahçede çay ' +
        'topluyor ve hasadın bu yıl erken başladığını söylüyor. Fabrikada çay yaprakları kurutuluyor, kıyılıyor ve paketleniyor.',
    };
    expect(extractKeyphrases(tea, { limit: 5 })[0].phrase).toBe('çay');
    // Not a word of one fixed phrase ("San" of "San Francisco"), nor a stopword inside names ("de").
    const french = { title: 'Tournée à San Francisco', text: "Le groupe jouera à San Francisco en mai. San Francisco accueille aussi le festival de Rio de Janeiro, et Rio de Janeiro celui de Bordeaux." };
    expect(extractKeyphrases(french, { limit: 10 }).map((p) => p.phrase)).not.toEqual(expect.arrayContaining([expect.stringMatching(/^(San|de)$/i)]));
  });

  it('a name of two capitalised words is a phrase of its own, apart from what the person is ("presidente | Pedro Sánchez")', () => {
    const spanish = phrases({
      title: 'Sánchez convoca elecciones anticipadas',
      text: 'El presidente Pedro Sánchez anunció el lunes elecciones anticipadas. Según el arquitecto Renzo Ferrante, el país está dividido. Sánchez habló en Madrid. La oposición pidió explicaciones al presidente.',
      lang: 'es',
    }, 30);
    expect(spanish).toEqual(expect.arrayContaining(['pedro sánchez', 'renzo ferrante']));
    expect(spanish.filter((p) => /(presidente|arquitecto) /.test(p))).toEqual([]);
    // A place named after someone, written so each time, stays whole: "rue Victor Hugo" is no writer.
    const street = phrases({ title: 'Incendie rue Victor Hugo', text: "Un incendie s'est déclaré rue Victor Hugo à Lyon. Les pompiers ont évacué la rue Victor Hugo. Le maire Grégory Doucet s'est rendu sur place.", lang: 'fr' }, 30);
    expect(street).toEqual(expect.arrayContaining(['rue victor hugo', 'grégory doucet']));
    expect(street).not.toContain('victor hugo');
    // One capitalised word after a noun may be the noun's own: "affaire Bettencourt" stays whole.
    const french = phrases({ title: "L'affaire Bettencourt relancée", text: "Dans l'affaire Bettencourt, les juges ont tranché. Les avocats de l'affaire Bettencourt, déçus, font appel.", lang: 'fr' }, 30);
    expect(french).toContain('affaire bettencourt');
  });

  it('shows a phrase as the title inflects it when the body writes another form only as often ("incendio forestal")', () => {
    const shown = extractKeyphrases({ title: 'Un incendio forestal arrasa Ourense', text: 'Los bomberos luchan contra los incendios forestales en Ourense. El fuego avanza hacia tres pueblos.', lang: 'es' }, { limit: 10 }).map((k) => k.phrase);
    expect(shown).toContain('incendio forestal');
    // A form the body writes more often wins: it is the article's own.
    const twice = extractKeyphrases({ title: 'Un incendio forestal arrasa Ourense', text: 'Los incendios forestales avanzan. Los incendios forestales de este año ya son los peores.', lang: 'es' }, { limit: 10 }).map((k) => k.phrase);
    expect(twice).toContain('incendios forestales');
  });

  it('a person named in full, then by surname, is shown by the full name; a name first written alone is no surname', () => {
    const spanish = phrases({
      title: 'El Betis gana el derbi',
      text: 'El entrenador Manuel Pellegrini celebró la victoria del Real Betis. Pellegrini dijo que el equipo jugó bien. Según Pellegrini, el derbi fue justo.',
      lang: 'es',
    }, 10);
    expect(spanish).toContain('manuel pellegrini');
    expect(spanish).not.toContain('pellegrini');
    const french = phrases({ title: 'La France en crise', text: "La France traverse une crise. Selon Ouest France, la France perd des emplois. La France, dit-il, doit réagir.", lang: 'fr' }, 10);
    expect(french[0]).toBe('france');
    // A name with an acronym in it is an organisation's: the place it ends with is no surname.
    const portuguese = phrases({
      title: 'Greve na aviação',
      text: 'A TAP Air Portugal cancelou voos. A greve afeta Portugal inteiro. Em Portugal, os passageiros esperam. Portugal pede acordo.',
      lang: 'pt',
    }, 10);
    expect(portuguese).toContain('portugal');
    // A name of two words written twice, then by its first word: a club, a museum, a Hungarian surname first.
    const swedish = phrases({
      title: 'Real Madrid vann i Stockholm',
      text: 'Real Madrid vann matchen mot Hammarby. Real Madrid spelade bra. Efter paus tog Real över spelet helt.',
      lang: 'sv',
    }, 10);
    expect(swedish).toContain('real madrid');
    expect(swedish).not.toContain('real');
    // Once is not enough: two names in a row ("Tapparan Oulussa", Tappara's in Oulu) are no name of their own.
    const finnish = phrases({ title: 'Kärpät voitti', text: 'Kärpät kaatoi Tapparan Oulussa. Hävisi: Tappara. Maalit: Tappara, Kärpät.', lang: 'fi' }, 10);
    expect(finnish).toContain('tappara');
  });

  it('a term linked by "de" or "à", written so twice in any form, is one phrase ("machine à café", "sillas de madera"); an article links nothing', () => {
    const french = phrases({ title: 'Notre test', text: 'La machine à café est compacte. Cette machine à café fait peu de bruit. Le café reste chaud.', lang: 'fr' }, 10);
    expect(french[0]).toBe('machine à café');
    const spanish = phrases({ title: 'Restaurar una silla de madera', text: 'Las sillas de madera antiguas piden paciencia. Lija la superficie con cuidado y aplica barniz.', lang: 'es' }, 10);
    expect(spanish).toContain('silla de madera');
    // Once: two phrases. A verb and its object after an article, however often: two phrases.
    expect(phrases({ title: 'Notre test', text: 'La machine à café est compacte. Le café reste chaud.', lang: 'fr' }, 10)).not.toContain('machine à café');
    const verbs = phrases({ title: 'Sahel', text: "L'armée transfère le contrôle de la ville. Demain l'armée transfère le contrôle du port.", lang: 'fr' }, 20);
    expect(verbs.filter((p) => / le /.test(p))).toEqual([]);
  });

  it('keeps a name with "&" inside whole ("Riese & Müller"), not lower-case words joined by it', () => {
    const german = phrases({ title: 'Im Test: das E-Bike von Riese & Müller', text: 'Das E-Bike von Riese & Müller fährt gut. Der Akku von Riese & Müller hält lange. Salz & Pfeffer gehören dazu, wie Brot & Butter.', lang: 'de' }, 20);
    expect(german).toContain('riese & müller');
    expect(german.filter((phrase) => /^(?:riese|müller)$/.test(phrase))).toEqual([]);
    const french = phrases({ title: 'Marks & Spencer ferme', text: 'Marks & Spencer ferme des magasins. Selon Marks & Spencer, les ventes baissent. Du sel & du poivre.', lang: 'fr' }, 20);
    expect(french).toContain('marks & spencer');
    expect(french.filter((phrase) => phrase.includes('&') && phrase !== 'marks & spencer')).toEqual([]);
  });

  it('a currency written out after an amount is a measure, never a keyphrase alone ("20 Euro", "500 euros"), by ICU\'s names', () => {
    const german = phrases({ title: 'Heizkosten sparen', text: 'Ein Thermostat kostet 20 Euro. Die Heizkosten sinken um 300 Euro im Jahr. Das Thermostat spart Energie.', lang: 'de' }, 20);
    const french = phrases({ title: 'Prix du train', text: 'Le billet coûte 45 euros. Un abonnement à 300 euros couvre le train régional. Le train régional est plein.', lang: 'fr' }, 20);
    expect([...german, ...french].filter((p) => /^euros?$/.test(p))).toEqual([]);
    expect(german).toContain('thermostat');
    // So is one after a scale word ("2,6 miljard euro", "3 Milliarden Euro"; a trial of European wire news).
    const dutch = phrases({ title: 'ASML ziet orders dalen', text: 'ASML zag de orders dalen tot 2,6 miljard euro, tegen 5,4 miljard euro een jaar eerder. De chipmachines van ASML blijven gewild.', lang: 'nl' }, 20);
    const billions = phrases({ title: 'Bahn verliert Geld', text: 'Die Bahn verlor 3 Milliarden Euro. Der Verlust von 2 Milliarden Euro trifft die Bahn hart.', lang: 'de' }, 20);
    expect([...dutch, ...billions].filter((p) => /euro/i.test(p))).toEqual([]);
    // Not any short word after a scale word: "20万戸停電" (power cuts at 200,000 homes) keeps its "停電".
    expect(phrases({ title: '九州で20万戸停電', text: '台風の影響で九州では20万戸停電となった。鹿児島県で多い。', lang: 'ja' }, 20)).toContain('停電');
    // A unit ICU writes before its number is a measure there too (Turkish "yüzde 45", 45 per cent).
    const turkish = phrases({ title: 'Merkez Bankası faizi indirdi', text: 'Merkez Bankası politika faizini yüzde 45 seviyesine indirdi. Enflasyon yüzde 60 oldu. Politika faizi yüzde 45.', lang: 'tr' }, 20);
    expect(turkish.filter((p) => p.includes('yüzde'))).toEqual([]);
    expect(turkish[0]).toBe('merkez bankası');
    // Any script's digits are a number: Marathi "२२ टक्के" (22 per cent) gives no "टक्के".
    const marathi = phrases({ title: 'धरणातील पाणीसाठा घटला', text: 'धरणातील पाणीसाठा २२ टक्के इतका खाली आला आहे. गेल्या वर्षी पाणीसाठा ४५ टक्के होता. पाणीसाठा १५ टक्के होईल.', lang: 'mr' }, 20);
    expect(marathi).not.toContain('टक्के');
    expect(marathi[0]).toBe('पाणीसाठा');
  });

  it('a number\'s scale word after it is part of the amount, never a keyphrase alone ("5.381 millones", "12 milliards"), by ICU\'s names', () => {
    const spanish = phrases({ title: 'Inditex gana 5.381 millones gracias a Zara', text: 'Inditex ganó 5.381 millones de euros. Zara vendió más: las ventas de Zara crecieron. Inditex abrió tiendas.', lang: 'es' }, 20);
    const french = phrases({ title: 'Le budget perd 12 milliards', text: 'Le budget de l\'État perd 12 milliards. Le budget sera voté.', lang: 'fr' }, 20);
    const german = phrases({ title: 'Bahn investiert 2 Milliarden', text: 'Die Bahn investiert 2 Milliarden Euro in Brücken. Die Brücken sind alt. Die Bahn baut Brücken.', lang: 'de' }, 20);
    expect([...spanish, ...french, ...german].filter((p) => /^(?:millones|milliards|milliarden)$/.test(p))).toEqual([]);
    expect(spanish).toEqual(expect.arrayContaining(['zara', 'ventas']));
    expect(french[0]).toBe('budget');
    // Without a number it is a word like any: Hindi "अरब" is a billion after one and Arabia in "सऊदी अरब" (a review).
    expect(phrases({ title: 'अरब सागर में तूफान', text: 'अरब सागर में तूफान उठा। अरब सागर के तट पर मछुआरे लौट आए।', lang: 'hi' }, 20).join(' | ')).toContain('अरब सागर');
  });

  it('a participle right after "have" is a verb, no keyphrase ("a déclaré", "ha dicho", "hanno chiesto")', () => {
    const french = phrases({ title: 'Inondations à Nîmes', text: 'Le maire a déclaré l’état de catastrophe naturelle. Les pompiers ont évacué trois écoles. La ville a une digue neuve.', lang: 'fr' }, 30);
    expect(french.filter((p) => /déclaré|évacué/.test(p))).toEqual([]);
    // A noun after "have" takes an article: it stays.
    expect(french).toEqual(expect.arrayContaining(['digue neuve', 'pompiers']));
    const spanish = phrases({ title: 'Huelga de médicos', text: 'El sindicato ha convocado una huelga. Los médicos han rechazado la oferta del ministerio.', lang: 'es' }, 30);
    expect(spanish.filter((p) => /convocado|rechazado/.test(p))).toEqual([]);
    const italian = phrases({ title: 'Sciopero dei treni', text: 'I sindacati hanno proclamato uno sciopero. Il ministro ha chiesto un incontro.', lang: 'it' }, 30);
    expect(italian.filter((p) => /proclamato|chiesto/.test(p))).toEqual([]);
    // ...also in an article with a term linked by "à" or "de", where "a" might have linked one (review).
    const withTerms = phrases({ title: 'Budget', text: 'Le ministre a déclaré que le budget sera voté. La machine à café est neuve. Cette machine à café fonctionne. Le ministre a annoncé une baisse.', lang: 'fr' }, 30);
    expect(withTerms.filter((p) => /déclaré|annoncé/.test(p))).toEqual([]);
    expect(withTerms).toContain('machine à café');
    // Romanian "a" is also the genitive's article: a participle shows by its ending.
    const romanian = phrases({ title: 'Grevă în școli', text: 'Ministerul a anunțat o reformă. Sindicatele au declarat grevă generală. Greva a profesorilor continuă, iar ministrul a spus că discută.', lang: 'ro' }, 30);
    expect(romanian.filter((p) => /anunțat|declarat|spus/.test(p))).toEqual([]);
    expect(romanian.some((p) => p.includes('profesorilor'))).toBe(true);
  });

  it('a word written before an article and never after one is a verb, no keyphrase ("Sevilla recogerá la cosecha")', () => {
    const spanish = phrases({ title: 'Sevilla recogerá la basura', text: 'Sevilla recogerá la basura de noche. Los vecinos celebran la medida. La basura se acumula en el centro.', lang: 'es' }, 30);
    expect(spanish.filter((p) => /recogerá|celebran/.test(p))).toEqual([]);
    expect(spanish).toEqual(expect.arrayContaining(['basura', 'vecinos']));
    const french = phrases({ title: 'Le parquet exagère les chiffres', text: 'Le parquet exagère les chiffres du harcèlement sexuel. Le harcèlement sexuel reste un délit. Le parquet publie un rapport.', lang: 'fr' }, 30);
    expect(french.filter((p) => /exagère|publie/.test(p))).toEqual([]);
    // A noun has its own determiner ("le parquet"); an adjective written elsewhere too is no verb ("sexuel").
    expect(french).toEqual(expect.arrayContaining(['parquet', 'harcèlement sexuel']));
  });

  it('a weekday with a part of the day in one word is a date ("Sonntagmorgen", "donderdagavond"), as is "segunda-feira"', () => {
    const dated = [
      phrases({ title: 'Greve nos transportes', text: 'A greve começou na segunda-feira em Lisboa. Na sexta-feira os sindicatos reúnem-se. Os sindicatos exigem aumentos.', lang: 'pt' }, 30),
      phrases({ title: 'Streik bei der Bahn', text: 'Der Streik begann am Sonntagmorgen in Berlin. Am Freitagabend treffen sich die Gewerkschaften. Die Gewerkschaften fordern mehr Lohn.', lang: 'de' }, 30),
      phrases({ title: 'Staking bij de NS', text: 'De staking begon donderdagavond in Utrecht. De vakbonden praten op zaterdagmiddag verder over loon.', lang: 'nl' }, 30),
      phrases({ title: 'Strejk i tunnelbanan', text: 'Strejken började på måndagsmorgonen i Stockholm. Facket kräver högre löner.', lang: 'sv' }, 30),
    ];
    expect(dated.flat().filter((p) => /feira|morgen|abend|avond|middag|morgon/.test(p))).toEqual([]);
    expect(dated.map((list) => list[0])).toEqual(['greve', 'streik', 'staking', 'strejken']);
    // A word that only starts like a weekday is none: "Montagehalle" (assembly hall).
    expect(phrases({ title: 'Neue Montagehalle in Ulm', text: 'Die neue Montagehalle in Ulm ist fertig. In der Montagehalle arbeiten 200 Menschen.', lang: 'de' })).toContain('montagehalle');
  });

  it('reads a stopword capitalised inside a sentence as a name: the river "Po", "lago di Como"', () => {
    const river = phrases({ title: 'Siccità, il Po in secca', text: 'La secca del Po preoccupa gli agricoltori. Il livello del Po è sceso di tre metri. Anche il lago di Como è basso.', lang: 'it' }, 30);
    expect(river.slice(0, 3)).toContain('po');
    expect(river.join(' | ')).toMatch(/como/);
    // At a sentence's start a capital proves nothing: "Il", "Anche" stay stopwords.
    expect(river.filter((p) => /(^|\s)(il|anche|la)(\s|$)/.test(p))).toEqual([]);
  });

  it('keeps a name whole around a stopword when the article writes it so twice ("Cais do Sodré"), never two names joined once', () => {
    const lisbon = phrases({
      title: 'Nova estação no Cais do Sodré',
      text: 'A nova estação fluvial do Cais do Sodré abriu ontem. Os barcos ligam o Cais do Sodré ao Barreiro. Turistas de Madrid e Barcelona elogiaram.',
      lang: 'pt',
    }, 30);
    expect(lisbon).toContain('cais do sodré');
    expect(lisbon).not.toContain('sodré');
    expect(lisbon.filter((p) => /madrid e barcelona/.test(p))).toEqual([]);
    // "And" and "or" (ICU's list words) never join two names, however often the article pairs them (review), and a
    // phrase cut short never starts with the stopword ("de Janeiro e São Paulo").
    const talks = phrases({ title: 'Rusia y Ucrania negocian en Estambul', text: 'Rusia y Ucrania negocian un alto el fuego. Las delegaciones de Rusia y Ucrania se reunieron en Estambul. Rusia y Ucrania no firmaron nada.', lang: 'es' }, 30);
    expect(talks.filter((p) => /rusia y ucrania/.test(p))).toEqual([]);
    const rain = phrases({ title: 'Chuvas atingem Rio de Janeiro e São Paulo', text: 'As chuvas atingem Rio de Janeiro e São Paulo desde ontem. No Rio de Janeiro e São Paulo há alagamentos.', lang: 'pt' }, 30);
    expect(rain).toContain('rio de janeiro');
    expect(rain.filter((p) => /^(de|e|do|da) /.test(p))).toEqual([]);
    // A name that opens most of its sentences is still one, though its first word is also a common noun.
    const ivory = phrases({
      title: 'Costa de Marfil vive una crisis política',
      text: 'Costa de Marfil vive una crisis política tras las elecciones. Costa de Marfil celebra hoy un nuevo recuento. La costa del país está en calma.',
      lang: 'es',
    }, 30);
    expect(ivory.some((p) => p.startsWith('costa de marfil'))).toBe(true);
    expect(ivory.filter((p) => p.startsWith('marfil'))).toEqual([]);
  });

  it('takes no capital for a name after a dash, a bullet or a quotation mark, nor in a title in Title Case', () => {
    const title = phrases({ title: 'Cómo Ahorrar En La Factura De La Luz Este Invierno', text: 'La factura de la luz sube este invierno. Los expertos dan consejos para ahorrar en la factura.', lang: 'es' }, 30);
    expect(title.filter((p) => /(^|\s)(de|la|en|este)(\s|$)/.test(p))).toEqual([]);
    const dash = phrases({ title: 'Incendio en Valencia', text: 'Incendio en Valencia – Las llamas obligan a evacuar. Vecinos dicen: «Nos vamos ya». El fuego sigue.', lang: 'es' }, 30);
    expect(dash.filter((p) => /^(las|nos) /.test(p))).toEqual([]);
  });

  it('reads a number with a decimal or thousands separator whole ("PM2.5", "1,550"), not its pieces', () => {
    const air = phrases({ title: 'Smog a Milano', text: 'A Milano le polveri sottili PM2.5 superano i limiti. Il PM2.5 resta alto da giorni.', lang: 'it' }, 30);
    expect(air.join(' | ')).toMatch(/pm2\.5/);
    expect(air).not.toContain('pm2');
  });

  it('shows a name as written though the article writes its first word in lower case elsewhere ("Rio Negro")', () => {
    const found = extractKeyphrases({
      title: 'Seca no Amazonas',
      text: 'O nível do Rio Negro baixou. O Rio Negro está no mínimo histórico. Cada rio da região está mais baixo, e o rio Solimões também.',
      lang: 'pt',
    }, { limit: 10 }).map((k) => k.phrase);
    expect(found).toContain('Rio Negro');
    expect(found).not.toContain('rio Negro');
  });
});

describe('scripts written without spaces', () => {
  const zh = {
    title: '北京将改造老旧地铁线路',
    text: '北京市政府周三宣布，将在明年投入五十亿元改造老旧地铁线路。地铁一号线是中国最早的地铁线路，每天运送超过一百万名乘客。乘客对地铁改造计划表示欢迎，但也担心施工期间的交通拥堵。',
  };
  const ja = {
    title: '東京都、地下鉄路線を改修へ',
    text: '東京都は水曜日、老朽化した地下鉄路線の改修に来年五十億円を投じると発表した。地下鉄銀座線は日本で最も古い地下鉄路線で、毎日百万人以上の乗客を運んでいる。乗客は改修を歓迎している。',
  };

  it('finds the words with ICU\'s dictionaries, not whole clauses (Chinese, Japanese, Thai)', () => {
    for (const article of [zh, { ...zh, lang: 'zh-CN' }]) {
      const found = phrases(article, 10);
      expect(found.slice(0, 3)).toContain('地铁'); // subway
      expect(found).toContain('乘客'); // passengers
      for (const phrase of found) expect(phrase.length).toBeLessThanOrEqual(4);
    }
    const thai = phrases({ text: 'รัฐบาลประกาศลงทุนปรับปรุงรถไฟฟ้าสายเก่า รถไฟฟ้าสายสีเขียวเป็นรถไฟฟ้าที่เก่าที่สุดในประเทศไทย' }, 10);
    expect(thai.filter((phrase) => phrase.startsWith('รถไฟฟ้า'))).not.toEqual([]); // electric train
    for (const phrase of thai) expect(phrase.length).toBeLessThanOrEqual(12);
  });

  it('joins words ICU cut apart that the body writes together twice: a term or a name ("月球南极", "比亚迪")', () => {
    const chinese = (title: string, text: string) => phrases({ title, text, lang: 'zh' }, 10);
    expect(chinese('嫦娥七号成功着陆', '探测器在月球南极成功着陆。专家表示，月球南极可能存在水冰。月球表面温度很低。')).toContain('月球南极');
    // Once, they stay two words: a clause as often as a term.
    const once = chinese('嫦娥七号成功着陆', '探测器在月球南极成功着陆。月球表面温度很低。南极很冷。');
    expect(once).toEqual(expect.arrayContaining(['月球', '南极']));
    expect(once).not.toContain('月球南极');
    // ICU's dictionary has no "比亚迪" (BYD): "比亚" and "迪" apart, a name lost, or a syllable alone.
    expect(chinese('比亚迪发布季度报告', '比亚迪发布报告。比亚迪海外销量增长。')[0]).toBe('比亚迪');
  });

  it('Korean: particles cut off nouns and ending the phrase, predicates left out ("삼성전자는" → "삼성전자")', () => {
    const found = phrases({
      title: '삼성전자, 평택에 반도체 라인 투자',
      text: '삼성전자가 평택캠퍼스에 새 반도체 라인을 짓는다고 밝혔다. 삼성전자는 이날 이사회를 열었다. 평택시는 투자를 환영했다.',
      lang: 'ko',
    }, 10);
    expect(found[0]).toBe('삼성전자');
    expect(found).toContain('평택캠퍼스');
    expect(found.filter((phrase) => /[는가를에]$|밝혔다|짓는다고|환영했다/.test(phrase))).toEqual([]);
    // A noun ending in a particle's syllable keeps it: "전문가" (expert), "마을" (village).
    expect(phrases({ title: '마을 축제', text: '전문가들이 마을을 찾았다. 전문가는 마을 축제를 칭찬했다.', lang: 'ko' }, 10)).toEqual(expect.arrayContaining(['마을 축제']));
  });

  it('never takes a word of a weekday\'s name for a date: Thai "วันจันทร์" (Monday) is "day" and "Moon"', () => {
    const moon = phrases({ title: 'ภารกิจสำรวจดวงจันทร์', text: 'นักวิทยาศาสตร์ส่งยานสำรวจไปดวงจันทร์ ยานสำรวจดวงจันทร์จะเก็บตัวอย่างหินบนดวงจันทร์', lang: 'th' }, 30);
    expect(moon.join(' | ')).toMatch(/จันทร์/);
  });

  it('leaves weekdays out, in their long and short forms ("星期三", "周三", "水曜日")', () => {
    for (const weekday of ['星期三', '周三']) {
      const found = phrases({ ...zh, text: `${weekday}，北京市政府宣布了计划。${zh.text}` }, 30);
      // ("北京市政府", Beijing's city government, is written so twice: one phrase.)
      expect(found).toContain('北京市政府');
      expect(found).not.toContain(weekday);
    }
    const found = phrases({ ...ja, text: `水曜日、${ja.text}` }, 30);
    expect(found).toContain('地下鉄路線'); // subway line, as the title writes it
    expect(found).not.toContain('水曜日');
  });

  it('in Japanese, joins a katakana compound ICU splits ("メガ" "ソーラー" -> "メガソーラー")', () => {
    const solar = phrases({ title: '釧路湿原周辺のメガソーラー建設、規制強化へ', text: '釧路市は、釧路湿原周辺でのメガソーラー建設を規制する条例を制定した。メガソーラーの建設が相次ぎ、タンチョウへの影響が心配されていた。', lang: 'ja' }, 10);
    expect(solar[0]).toBe('メガソーラー');
    expect(solar).not.toContain('メガ');
  });

  it('in Japanese, a kanji alone is a word ("卵", egg), and beside kanji a compound\'s part ("親子" "丼" -> "親子丼")', () => {
    const found = phrases({
      title: 'ふわとろ親子丼の作り方',
      text: '親子丼は鶏肉と卵を甘辛いだしで煮てご飯の上にのせた家庭料理です。卵の火の通し方ひとつで仕上がりが変わります。卵を二回に分けて入れ、親子丼を仕上げます。',
      lang: 'ja',
    }, 5);
    expect(found.slice(0, 2).sort()).toEqual(['卵', '親子丼']);
    expect(found).not.toContain('親子');
    // A kanji alone before hiragana that is no particle is a verb's stem ("切" of "切った", "行" of "行った").
    const verbs = phrases({ text: '玉ねぎを切った後、中火で煮ます。首相は記者会見を行った。', lang: 'ja' }, 10);
    expect(verbs).toContain('中火');
    for (const stem of ['切', '煮', '行']) expect(verbs).not.toContain(stem);
    // Before a particle or the copula it is a noun: salmon, a bear.
    const nouns = phrases({ text: '今年も鮭など不漁だ。鮭の値段が上がった。熊まで出た。熊だ。', lang: 'ja' }, 10);
    expect(nouns).toEqual(expect.arrayContaining(['鮭', '熊']));
  });

  it('in Japanese, a word ending in hiragana written before a case particle is a noun ("にんじんを", "肉じゃがは"), a verb is not', () => {
    // (A trial of Asian magazines: a recipe's dish and vegetables were never candidates.)
    const recipe = phrases({
      title: '圧力鍋で作る肉じゃが',
      text: '肉じゃがは圧力鍋なら15分でできます。じゃがいもは皮をむいて大きめに切ります。にんじんは乱切り、玉ねぎはくし形に切ります。' +
        '鍋に油を熱し、牛肉を炒めてから、じゃがいもとにんじんを加えます。肉じゃがの味がしみるまで煮ます。玉ねぎを入れて、ふたをします。',
      lang: 'ja',
    }, 30);
    expect(recipe).toEqual(expect.arrayContaining(['肉じゃが', 'じゃがいも', 'にんじん', '玉ねぎ', '圧力鍋']));
    expect(recipe.filter((phrase) => /(?:ます|る|て)$/u.test(phrase))).toEqual([]);
    // An adjective before が or は keeps its ending, and is none (a review: "安い", cheap, "重い", heavy; "って").
    const review = phrases({ title: '新しいイヤホンのレビュー', text: 'このイヤホンは安いが音はとても良い。少し重いが、長く使っても疲れないって。充電は速いが、ケースは大きい。', lang: 'ja' }, 30);
    expect(review).toContain('イヤホン');
    expect(review.filter((phrase) => /\p{Script=Hiragana}$/u.test(phrase))).toEqual([]);
  });

  it('in Japanese, keeps particles, endings and inflected verbs and adjectives (hiragana) out', () => {
    const found = phrases(ja, 30);
    expect(found.slice(0, 3)).toContain('地下鉄路線');
    expect(found).toContain('銀座線');
    for (const phrase of found) expect(phrase).not.toMatch(/\p{Script=Hiragana}$/u); // "は", "した", "投じる", "古い"
  });

  it('counts the words again past the opening (the rest of a long article is cut by the same dictionaries)', () => {
    // 300 runs between spaces make the opening; past it, only the passengers ("乘客") are written about.
    const opening = `地铁很方便，乘客很多。${' 。'.repeat(300)}`;
    const article = { text: `${opening}\n\n${'早上乘客排队进站。'.repeat(20)}`, lang: 'zh' };
    expect(phrases(article, 1)).toEqual(['乘客']);
    expect(phrases({ ...article, text: opening }, 1)).toEqual(['地铁']);
  });
});

describe('hostile input in any language', () => {
  const base64 = Buffer.from(Array.from({ length: 57_000 }, (_, i) => (i * 7919) % 256)).toString('base64').slice(0, 75_000);
  it.each([
    ['75 KB of base64', base64],
    ['a 50 KB hyphen chain', 'a-'.repeat(25_000)],
    ['50 KB of apostrophes and letters', "l'".repeat(25_000)],
  ])('%s stays fast and does not change the keyphrases', (_name, blob) => {
    for (const lang of [undefined, 'en', 'fr', 'de']) {
      const article = { ...french, lang, text: `${french.text}\n\n${blob}\n\n${french.text}` };
      const started = Date.now();
      const result = extractKeyphrases(article);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(result.length).toBeGreaterThan(0);
    }
  });
});

describe('text analysis service: the language', () => {
  // Without a worker the service answers on the caller's thread, through the same requests the worker serves.
  const analysis = createTextAnalysis({ log: { warn: () => undefined } });

  it('passes the article\'s locale through to the extractor, and tells the language used', async () => {
    expect(await analysis.language({ ...spanish, lang: 'fr-FR' })).toBe('fr');
    expect(await analysis.language(spanish)).toBe('es');
    // A locale's language without a two-letter code comes back as it is (a review: the answer's check took two letters).
    expect(await analysis.language({ ...spanish, lang: 'ckb' })).toBe('ckb');
    const asFrench = await analysis.keyphrases({ ...french, lang: 'fr' });
    expect(asFrench[0].key.startsWith('fr:')).toBe(true);
    expect(await analysis.termKeys({ ...french, lang: 'fr' })).toEqual(documentTermKeys({ ...french, lang: 'fr' }));
    // A locale that is not a language is ignored: detected instead.
    expect((await analysis.keyphrases({ ...french, lang: '../../etc' }))[0].key.startsWith('fr:')).toBe(true);
  });
});

describe('language detection', () => {
  it('reads scripts without Latin letters by their characters, and a text without any stopword as English', () => {
    expect(detectLanguage('北京是中国的首都，也是一座历史悠久的城市。')).toBe('zh');
    expect(detectLanguage('กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย')).toBe('th');
    expect(detectLanguage('القاهرة هي عاصمة مصر وأكبر مدنها')).toBe('ar');
    expect(detectLanguage('Москва — столица России, крупнейший город страны')).toBe('ru');
    // Names and technical words only: franc's first guess is some neighbour language; nothing says it is not English.
    expect(detectLanguage('Loudspeaker voice-coil inductance losses')).toBe('en');
    expect(detectLanguage('Ferry terminal harbour repairs')).toBe('en');
  });

  it('lets the stopwords decide between close guesses (franc alone reads these headlines as Portuguese, French, Indonesian)', () => {
    expect(detectLanguage('Singer weds TV star in Buenos Aires')).toBe('en');
    expect(detectLanguage('Girlfriend helps painter clean up act')).toBe('en');
    expect(detectLanguage('Ferry operator gets new harbour berth at last')).toBe('en');
  });

  it('reads a bilingual post in its first language, however dense the second one\'s stopwords (a Welsh site)', () => {
    const welsh = 'Mae Cyngor Gwynedd wedi cyhoeddi y bydd llyfrgell newydd yn cael ei hagor yng nghanol tref Caernarfon erbyn diwedd y flwyddyn nesaf. Yn ôl arweinydd y cyngor, bydd yr adeilad yn cynnwys ystafelloedd i blant, cyfrifiaduron i\'r cyhoedd a chaffi bach ar y llawr gwaelod. Caeodd yr hen lyfrgell dair blynedd yn ôl oherwydd problemau gyda\'r to, ac ers hynny mae pobl y dref wedi gorfod teithio i Fangor i fenthyg llyfrau. Bydd y gwaith yn costio tua phedair miliwn o bunnoedd, a daw rhan o\'r arian gan Lywodraeth Cymru. Mae trigolion lleol wedi croesawu\'r newyddion, gan ddweud bod y dref wedi colli canolfan bwysig i\'r gymuned.';
    const english = 'Gwynedd Council has announced that a new library will be opened in the centre of Caernarfon by the end of next year. According to the council leader, the building will include rooms for children, public computers and a small cafe on the ground floor. The old library closed three years ago because of problems with the roof, and since then people in the town have had to travel to Bangor to borrow books. The work will cost about four million pounds, and part of the money will come from the Welsh Government. Local residents have welcomed the news, saying that the town had lost an important centre for the community.';
    // (Read over 1,500 characters, English's stopwords outvoted the Welsh, which has no list: a review.)
    expect(articleLanguage({ title: 'Llyfrgell newydd i Gaernarfon', text: `${welsh}\n\n${english}` })).toBe('cy');
  });

  it('tells neighbours that share function words apart', () => {
    expect(detectLanguage('Det gamle fyrtårn på øen er blevet restaureret af frivillige. Det var lukket i tyve år, og beboerne håber, at det igen vil tiltrække besøgende.')).toBe('da');
    expect(detectLanguage('Det gamle fyrtårnet på øya er restaurert av frivillige. Det var stengt i tjue år, og innbyggerne håper at det igjen vil trekke besøkende.')).toMatch(/^(nb|no)$/);
    expect(detectLanguage('Den gamla fyren på ön har restaurerats av frivilliga. Den var stängd i tjugo år och invånarna hoppas att den åter ska locka besökare.')).toBe('sv');
    expect(detectLanguage("El vell far de l'illa ha estat restaurat per voluntaris. Va estar tancat durant vint anys i els veïns esperen que torni a atreure visitants.")).toBe('ca');
  });

  it('reads other scripts by their characters, though English stopwords hold country codes like "it" and "ai"', () => {
    expect(detectLanguage('Российские IT-компании растут быстро')).toBe('ru');
    expect(detectLanguage('भारत की IT कंपनियां तेजी से बढ़ रही हैं')).toBe('hi');
    expect(detectLanguage('บริษัท AI ในกรุงเทพเติบโตอย่างรวดเร็ว')).toBe('th');
    // Latin names run into Japanese without a space: letters are counted, not words.
    expect(detectLanguage('OpenAIはChatGPTの新機能を発表した。GPTモデルは日本語にも対応する。')).toBe('ja');
  });

  it('keeps franc\'s reading of prose in a language without a stopword list (Albanian), instead of some list\'s', () => {
    expect(detectLanguage('Fari i vjetër në ishull është restauruar nga vullnetarët. Ai ishte i mbyllur për njëzet vjet dhe banorët shpresojnë se do të tërheqë përsëri vizitorë.')).toBe('sq');
  });

  it('reads prose in a language franc has no profile of by its stopword list, shown by several words (Basque, not Hausa)', () => {
    const basque = [
      'Donostiako Zinemaldiak Urrezko Maskorra eman dio Maite Aranburu zuzendariaren lehen filmari. Epaimahaiak esan du filma ausarta eta ederra dela.',
      'Aranburuk eskerrak eman dizkie bere aktoreei eta Tolosako herritarrei, filma han grabatu baitzuten. Sari banaketa Kursaalean izan zen, eta jende',
      'asko bildu zen kanpoan.',
    ].join(' ');
    const news = 'Gasteizko tranbia Salburuara iritsiko da 2027an. Eusko Jaurlaritzak 40 milioi euro jarriko ditu, eta Arabako Foru Aldundiak ' +
      'gainerakoa. Lanak datorren hilean hasiko dira. Bizilagunek zarata eta trafikoa kezkatzen dituela diote, baina gehienek proiektua ontzat jotzen dute.';
    expect([detectLanguage(basque), detectLanguage(news)]).toEqual(['eu', 'eu']);
    // Not where franc is sure of a language stopwords-iso has no list for (Albanian's "pas", "se", "do" are Breton's).
    expect(detectLanguage('Qeveria njoftoi se do të ndërtojë një port të ri në Durrës. Pas takimit, ministri tha se punimet do të fillojnë ' +
      'në pranverë dhe do të zgjasin dy vjet. Banorët e Durrësit presin me padurim, por disa kanë frikë nga zhurma.')).toBe('sq');
    // A locale of a language without a list stands on its own text: Welsh under "cy" (a million, "miliwn", is no stopword).
    expect(clearlyOtherLanguage('Mae Llywodraeth Cymru wedi cyhoeddi y bydd ffordd newydd yn cael ei hadeiladu ger Caerdydd. Bydd y gwaith yn costio 12 miliwn o bunnoedd ac yn dechrau yn y gwanwyn.', 'cy')).toBeUndefined();
  });

  it('keeps a neighbour\'s locale where the text is no clear evidence against it (a detection trial: alt text in the wrong language)', () => {
    // Bosnian reads Croatian's list: under "bs" that list is no evidence for Croatian.
    const bosnian = 'Sarajevo dobija novi tramvaj do Ilidže\n\nVlada Kantona Sarajevo potvrdila je da će novi tramvaji saobraćati od proljeća iduće godine.';
    expect(clearlyOtherLanguage(bosnian, 'bs')).toBeUndefined();
    // Icelandic has no list and no franc profile: under "is" a teaser franc reads as Norwegian stays Icelandic.
    expect(clearlyOtherLanguage('Eldgos hafið á Reykjanesskaga\n\nEldgos hófst nálægt Grindavík í nótt og hefur Veðurstofa Íslands hækkað viðbúnaðarstig.', 'is')).toBeUndefined();
    // But another language's prose under such a locale is that language (a review: German under "is" stayed "is"); a
    // relative's short function words are not (a second review: Faroese under "fo" read as Norwegian).
    expect(clearlyOtherLanguage('Le conseil municipal a approuvé mardi un nouveau budget, augmentant les dépenses pour les écoles et les routes. Le maire a déclaré que le plan aiderait les familles.', 'is')).toBe('fr');
    expect(clearlyOtherLanguage('Býráðið samtykti týsdagin nýggja fíggjarætlan og hækkaði útreiðslurnar til skúlar og vegir. Borgarstjórin segði, at ætlanin fer at hjálpa familjunum, men gagnrýnarar ávara um, at skattirnir kunnu hækka.', 'fo')).toBeUndefined();
    expect(clearlyOtherLanguage("D'Regierung huet haut en neie Plang fir d'Fëscherei virgestallt.", 'lb')).toBeUndefined();
    // Punjabi's list is in Gurmukhi: under "pa" (or "pa-PK") a story in Shahmukhi, Pakistan's Arabic script, is no
    // evidence for Urdu (a review).
    const shahmukhi = 'پنجاب دے وزیر اعلیٰ نے آکھیا اے کہ سرکار کساناں دی مدد لئی نویں سکیم شروع کر رہی اے۔ اوہناں نے دسیا کہ کنک دی قیمت ودھائی جاوے گی تے پانی دی کمی نوں دور کیتا جاوے گا۔ لہور وچ کساناں نے اس فیصلے دا سواگت کیتا اے۔';
    expect(clearlyOtherLanguage(shahmukhi, 'pa')).toBeUndefined();
    expect(clearlyOtherLanguage(shahmukhi, 'pa-PK')).toBeUndefined();
    // A locale written in several of Unicode's scripts (Japanese, Chinese, Korean) reads its own and no other (a review:
    // "Jpan" is no script a regular expression knows).
    const bridge = 'New bridge opens in spring\n\nThe city council said on Monday that the new bridge over the river would open in the spring, after two years of work and many delays.';
    for (const locale of ['ja', 'zh', 'zh-TW', 'ko']) expect(clearlyOtherLanguage(bridge, locale)).toBe('en');
    const tokyo = '東京で新しい橋が開通しました。市によると、橋は二年間の工事の後、春に開通する予定です。';
    expect(clearlyOtherLanguage(tokyo, 'ja')).toBeUndefined();
    // Han alone is no writing's: Japanese under a Chinese locale is Japanese (kana), as under a Korean one (no Hangul);
    // but a Japanese headline all in kanji keeps its locale, and a Chinese story naming a Japanese title in kana its own
    // (a fourth review).
    expect(clearlyOtherLanguage(tokyo, 'zh')).toBe('ja');
    expect(clearlyOtherLanguage('能登半島地震 死者二百人超 石川県発表', 'ja')).toBeUndefined();
    // (Korean writes Hangul in any text: that headline is no Korean one.)
    expect(clearlyOtherLanguage('能登半島地震 死者二百人超 石川県発表', 'ko')).not.toBeUndefined();
    expect(clearlyOtherLanguage('大谷翔平 第50号本塁打\n\n大谷翔平選手、今季第50号本塁打。', 'ja')).toBeUndefined();
    expect(clearlyOtherLanguage('日本动漫《ポケモン》新作上映\n\n日本动画电影《ポケットモンスター》新作周五在中国上映，票房表现出色。', 'zh')).toBeUndefined();
    expect(clearlyOtherLanguage('优衣库（ユニクロ）春季新品上市\n\n优衣库今天推出春季新品。', 'zh')).toBeUndefined();
    // ...but Japanese prose writes hiragana, which no Chinese text does; 『』 is Japanese punctuation (a fifth review).
    const nikkei = '日経平均株価、史上最高値更新\n\n東京株式市場で日経平均株価が続伸し、史上最高値を更新した。半導体関連株に買いが集まった。';
    expect(clearlyOtherLanguage(nikkei, 'zh')).toBe('ja');
    expect(clearlyOtherLanguage('映画『すずめの戸締まり』興行収入百億円突破\n\n新海誠監督作品『すずめの戸締まり』国内興行収入百億円突破。配給会社発表。前作『君の名は。』『天気の子』続三作連続。', 'en')).toBe('ja');
    // A Latin text under a locale of another script is told by stopwords, even where its list shares no letter with it:
    // franc is unsure of a short English one (a third review).
    const dispute = 'New bridge opens in spring\n\nThe city council said on Monday that the new bridge over the river would open in the spring, after two years of work and a long dispute over its cost.';
    for (const locale of ['ja', 'hi', 'ar', 'el', 'uk']) expect(clearlyOtherLanguage(dispute, locale)).toBe('en');
    expect(clearlyOtherLanguage('Der Stadtrat hat am Dienstag einen neuen Haushalt beschlossen und die Ausgaben für Schulen und Straßen erhöht. Der Bürgermeister sagte, der Plan werde Familien helfen.', 'cy')).toBe('de');
    // A review in Japanese on a site whose locale is "en" is Japanese, its spec's "ON" and a line "It is good." no
    // English prose (a trial of Asian magazines: its alt text would have been English); Arabic under "fr" likewise.
    expect(clearlyOtherLanguage('ソニーの新しいイヤホンを買いました（NC ON）。音がとてもいいです。通勤で毎日使っていますが、バッテリーも長持ちします。It is good.', 'en')).toBe('ja');
    expect(clearlyOtherLanguage('هاتف جديد من سامسونج مع شاشة كبيرة وبطارية تدوم يومين. الكاميرا ممتازة في الليل، والسعر مناسب for the price.', 'fr')).toBe('ar');
    // So are a Chinese or Ukrainian story quoting one English sentence (a third review; a Han character says as much
    // as three Latin letters).
    expect(clearlyOtherLanguage('苹果发布新款手机\n\n苹果公司周一在加州发布了新款iPhone 16 Pro手机，搭载A18 Pro芯片。库克在发布会上说："This is the best iPhone we have ever made and we think you will love it." 分析人士认为，苹果需要这款手机来夺回在中国市场的份额。新机将于下个月在中国上市，起售价为7999元。', 'en')).toBe('zh');
    expect(clearlyOtherLanguage('Гурт випустив альбом\n\nУкраїнський гурт випустив новий альбом англійською мовою. У заголовній пісні співається: "we are the champions of the world and we will never stop fighting for it". Альбом записали у Львові протягом року. Музиканти планують тур Європою восени.', 'en')).toBe('uk');
    // What a story quotes says nothing of its language (a fourth review): a Chinese story quoting English twice is
    // Chinese, an English one quoting a Russian paragraph stays English.
    expect(clearlyOtherLanguage('苹果公司周二在加州库比蒂诺发布了新款手机，售价比去年上涨了一百美元。分析师认为，这款手机的销量将受到关税政策的影响。 "It is the best phone we have ever made, and we think our customers will love it," said Tim Cook. "It is the fastest phone we have ever made, and we think our customers will love it," said Tim Cook.', 'en')).toBe('zh');
    expect(clearlyOtherLanguage('Apple raises prices\n\nApple shares fell on Tuesday after the company said that prices in China would rise. The state newspaper wrote: "Компания Apple во вторник представила в Калифорнии новый смартфон. Его цена выросла на сто долларов по сравнению с прошлым годом. Аналитики считают, что пошлины повлияют на продажи." Analysts expect sales to fall.', 'en')).toBeUndefined();
    // But a sentence with its translation is a bilingual post: the locale stands (a review).
    expect(clearlyOtherLanguage('وزير الخارجية يزور لندن لإجراء محادثات حول غزة مع نظيره البريطاني في مقر الحكومة اليوم. The foreign minister is in London for talks on Gaza with his British counterpart.', 'en')).toBeUndefined();
    // Under "en", a Slovak teaser whose stopwords tie Czech's is not called Czech (franc's best is neither).
    const slovak = 'Bratislava otvorí novú električkovú trať do Petržalky\n\nPrvé električky by mali na nový úsek vyjsť už v septembri, oznámil primátor Matúš Vallo.';
    expect(clearlyOtherLanguage(slovak, 'en') ?? 'sk').toBe('sk');
  });

  it('takes a locale without a two-letter code as its language ("ckb", Central Kurdish), read with the list it shares', () => {
    // (A few lines of a Sorani news story written for a trial: franc has no Sorani profile and reads it as Persian.)
    const sorani = 'ئاستی ئاوی بەنداوی دوکان بۆ نزمترین ئاست لە ماوەی ٢٠ ساڵی ڕابردوودا دابەزیوە، ئەمەش مەترسیی لەسەر ئاوی خواردنەوە و ' +
      'کشتوکاڵی پارێزگای سلێمانی دروست کردووە. بە گوتەی ئەو، کەمیی باران لە زستانی ئەمساڵدا و کەمکردنەوەی ئاوی ڕووباری زێی بچووک ' +
      'لەلایەن ئێرانەوە دوو هۆکاری سەرەکیی دابەزینی ئاستی ئاوەکەن.';
    expect(articleLanguage({ text: sorani, lang: 'ckb' })).toBe('ckb');
    expect(articleLanguage({ text: sorani, lang: 'ckb-IQ' })).toBe('ckb');
    expect(clearlyOtherLanguage(sorani, 'ckb')).toBeUndefined();
    // Under "ku" (Kurdish, which ICU writes in Latin letters) too: its list is Sorani's (a review).
    expect(clearlyOtherLanguage(sorani, 'ku')).toBeUndefined();
    // Short too (franc has nothing to agree with in its script); a Persian text under it is still Persian.
    expect(clearlyOtherLanguage('ئاستی ئاوی بەنداوی دوکان بۆ نزمترین ئاست لە ماوەی ٢٠ ساڵی ڕابردوودا دابەزیوە', 'ckb')).toBeUndefined();
    const persian = 'سطح آب سد کرج به پایین‌ترین حد در بیست سال گذشته رسیده است و مسئولان از کم‌آبی در تابستان خبر می‌دهند. کشاورزان می‌گویند امسال نمی‌توانند گندم بکارند و دولت باید کمک کند.';
    expect(clearlyOtherLanguage(persian, 'ckb')).toBe('fa');
    expect(phrases({ text: sorani, lang: 'ckb' }, 20).filter((phrase) => /(^|\s)(بۆ|لە|و|بە)(\s|$)/.test(phrase))).toEqual([]);
    // ICU's canonical code: "fra" is French.
    expect(articleLanguage({ text: 'Le vieux phare de l\'île a été restauré par des bénévoles.', lang: 'fra' })).toBe('fr');
  });

  it('reads Norwegian Bokmål (locale nb) with the Norwegian stopwords', () => {
    const text = 'Frivillige har restaurert det gamle fyrtårnet på øya. Fyrtårnet var stengt i tjue år, og innbyggerne på øya håper at fyrtårnet igjen vil trekke besøkende til øya.';
    const found = phrases({ title: 'Det gamle fyrtårnet på øya', text, lang: 'nb' }, 20);
    expect(found.length).toBeGreaterThan(2);
    for (const phrase of found) expect(phrase).not.toMatch(/(^|\s)(og|på|er|det|i|til|var|har)(\s|$)/);
  });

  it('answers Norwegian Bokmål and Nynorsk prose as Norwegian ("no"): detection cannot tell the two standards apart', () => {
    expect(detectLanguage('Regjeringen la fram statsbudsjettet for neste år i dag. Finansministeren sier at oljepengebruken skal ned, og at det blir mindre penger til nye veier. Opposisjonen mener budsjettet er for stramt, og at kommunene ikke får nok til skoler og sykehjem.')).toBe('no');
    expect(detectLanguage('Regjeringa la fram statsbudsjettet for neste år i dag. Finansministeren seier at oljepengebruken skal ned, og at det blir mindre pengar til nye vegar. Opposisjonen meiner budsjettet er for stramt, og at kommunane ikkje får nok til skular og sjukeheimar.')).toBe('no');
    // A locale still names the standard.
    expect(articleLanguage({ text: 'Fyrtårnet på øya er restaurert.', lang: 'nn-NO' })).toBe('nn');
  });

  it('tells Danish from Norwegian by the function words only one of them has ("af", "næste", "blev")', () => {
    // franc ranks Nynorsk first here, and Danish's stopwords lead Norwegian's by less than a quarter.
    expect(detectLanguage('Roskilde Festival løfter sløret for årets hovednavne\n\nRoskilde Festival har offentliggjort de første 30 navne til næste års festival, og på plakaten står blandt andre den amerikanske rapper Kendrick Lamar, det islandske band Sigur Rós og den danske sangerinde Tina Dickow.\n\nKendrick Lamar spiller på Orange Scene lørdag aften, og det bliver hans første koncert i Danmark i syv år. Han er en af sin generations vigtigste kunstnere, og det betyder meget for os, siger hun.')).toBe('da');
    expect(detectLanguage('Den nye tunnelen under fjorden åpnet for trafikk på fredag etter nesten seks års arbeid. Statens vegvesen sier at tunnelen skal gjøre veien tryggere for tungtransporten, og at køene ved fergeleiet nå blir borte. Mange bilister har ventet lenge på dette.')).toBe('no');
  });

  it('keys Norwegian terms alike, with the locale nb, nn or no, so that a site\'s statistics are not split', () => {
    const text = 'Frivillige har restaurert det gamle fyrtårnet på øya. Fyrtårnet var stengt i tjue år, og innbyggerne på øya håper at fyrtårnet igjen vil trekke besøkende til øya.';
    const keys = (lang: string) => documentTermKeys({ title: 'Det gamle fyrtårnet på øya', text, lang });
    const norwegian = keys('no');
    expect(norwegian).toEqual(expect.arrayContaining(['no:fyrtårn', 'no:øya']));
    for (const key of norwegian) expect(key).toMatch(/^no:/);
    for (const lang of ['nb', 'nn', 'nb-NO']) expect(keys(lang)).toEqual(norwegian);
  });

  it('lets a Cyrillic text\'s own stopwords decide between franc\'s close guesses, and never reads it as a Latin-script language', () => {
    // franc's first guess on these openings is Bulgarian, Ukrainian, Macedonian, Ukrainian, and Bosnian for the
    // Serbian one (written in Latin letters, by ICU's likely script).
    for (const text of [
      'Лёд на Байкале: туристов просят не выезжать на машинах\n\nМЧС предупреждает, что толщина льда на Байкале пока недостаточна для автомобилей. В выходные на лёд выехали десятки машин. Спасатели дежурят у популярных мест.',
      'Лёд на Байкале: туристов просят не выезжать на машинах\n\nБайкал замёрз позже обычного. Инспекторы проверяют ледовые переправы и закрывают опасные участки.',
      'В Москве открылась новая станция метро\n\nНовая станция соединила два района города. По словам мэра, пассажиры сэкономят до двадцати минут в день. Станция работает с шести утра.',
      'Цены на бензин выросли третью неделю подряд\n\nСредняя цена литра бензина в стране достигла рекордного уровня. Эксперты связывают рост с ремонтом нескольких заводов.',
    ]) expect([text.slice(0, 20), detectLanguage(text)]).toEqual([text.slice(0, 20), 'ru']);
    expect(detectLanguage('Лед на Дунаву: туристи се моле да не излазе колима\n\nСпасиоци упозоравају да је лед на реци још увек танак. Прошле недеље два аутомобила су пропала кроз лед, али су возачи успели да изађу.')).toBe('sr');
    // Its neighbours are still read as themselves.
    expect(detectLanguage('Лід на Дніпрі: рибалок просять не виходити на кригу\n\nРятувальники попереджають, що лід на річці ще занадто тонкий. Минулого тижня під лід провалилися двоє рибалок, їх врятували.')).toBe('uk');
    expect(detectLanguage('Школярі зі Львова перемогли на олімпіаді з математики\n\nКоманда з п\'яти учнів посіла перше місце. Діти готувалися до змагання майже рік разом зі своїм учителем.')).toBe('uk');
    // Ukrainian using many words of Russian's (eight times longer) stopword list: its letters "і", "ї" are no Russian's.
    expect(detectLanguage('Карпати восени: маршрут на Говерлу та що подивитися в Яремчі\n\nКарпати восени: маршрут на Говерлу та що подивитися в Яремчі\n\nЖовтень — мій улюблений місяць для поїздки в Карпати. Натовпів менше, ліси горять золотом, а ціни на житло нижчі, ніж улітку. Цього року ми з друзями провели п\'ять днів на Івано-Франківщині, і ось наш маршрут.\n\nЯк дістатися. Зі Львова до Яремче щодня курсує потяг, дорога займає близько п\'яти годин. Можна також їхати через Івано-Франківськ маршруткою. Ми зупинилися в невеликій садибі в Яремчі за 900 гривень на ніч з двох осіб.\n\nЯремче. Головна атракція міста — водоспад Пробій на річці Прут.')).toBe('uk');
    expect(detectLanguage('Лед на язовира: туристите са помолени да не излизат с коли\n\nСпасителите предупреждават, че ледът все още е твърде тънък. Миналата седмица две коли пропаднаха под леда, шофьорите се спасиха.')).toBe('bg');
    expect(detectLanguage('В София откриха нова станция на метрото\n\nНовата станция свързва два квартала на града. Според кмета пътниците ще спестяват до двадесет минути на ден.')).toBe('bg');
    expect(detectLanguage('Мразот на Охридското Езеро: туристите се замолени да не возат автомобили\n\nСпасувачите предупредуваат дека мразот е сè уште многу тенок.')).toBe('mk');
    // Amharic, which franc ranks Tigrinya: none of Tigrinya's own letters (ቐ, ኸ series); Tigrinya with them stays so.
    // Kazakh's letters (ә, ғ, қ, ұ) are no Kyrgyz's. (A trial's articles, written for it.)
    const amharic = 'የንባብ ባህላችን ወዴት እያመራ ነው?\n\n*ዓምድ | በሰላማዊት አበበ*\n\nከጥቂት ዓመታት በፊት በአዲስ አበባ ፒያሳና አራት ኪሎ አካባቢ የመጽሐፍ መደብሮች ሞልተው ነበር። ዛሬ ብዙዎቹ ተዘግተው በቦታቸው የሞባይል መሸጫ ሱቆች ተከፍተዋል። ይህ ለውጥ ስለ ንባብ ባህላችን ብዙ ይነግረናል።\n\nወጣቶቻችን ከማንበብ ይልቅ በማኅበራዊ ሚዲያ ላይ ሰዓታትን ያሳልፋሉ። አጫጭር ቪዲዮዎችን ማየት ቀላል ነው፤ አንድን ልቦለድ ከመጀመሪያ እስከ መጨረሻ ማንበብ ግን ትዕግሥት ይጠይቃል። ችግሩ የወጣቶቹ ብቻ አይደለም። በቤታችን ውስጥ የመጽሐፍ መደርደሪያ ያለን ስንቶቻችን ነን?\n\n## ትምህርት ቤቶችና ቤተ መጻሕፍት\n\nብዙ የመንግሥት ትምህርት ቤቶች ቤ';
    expect(detectLanguage(amharic)).toBe('am');
    expect(clearlyOtherLanguage(amharic, 'en')).toBe('am');
    // Not from a headline, which may lack them; a locale in another script than its usual one is no English (review).
    expect(detectLanguage('ሓድሽ ፖሊሲ ትምህርቲ ኣብ ኣስመራ ተኣዊጁ')).toBe('ti');
    expect(clearlyOtherLanguage('Astanada jańa mektep ashyldy. Mektepte bes júz oqýshy bilim alady. Mektep qurylysy eki jyl boıy júrdi.', 'kk')).toBeUndefined();
    expect(clearlyOtherLanguage('لاہور وچ اج اک نواں سکول کھولیا گیا۔ سکول وچ پنج سو بچے پڑھن گے۔', 'pa')).toBeUndefined();
    expect(detectLanguage('ሰላም ንኹሉ። ኣብ ኤርትራ ዝርከቡ ሰባት ብዙሓት እዮም። እቲ መንግስቲ ሎሚ ሓድሽ ውሳነ ኣውጺኡ፣ ንሕና ኸኣ ብቐጥታ ክንሰምዖ ኢና።')).toBe('ti');
    expect(detectLanguage('«Барыс» өз алаңында «Ак Барсты» овертаймда жеңді\n\n*Спорт*\n\nАстана, 6 желтоқсан. Континенттік хоккей лигасының (КХЛ) тұрақты маусымы аясында «Барыс Арена» мұз сарайында өткен ойында Астананың «Барысы» Қазанның «Ак Барсын» 3:2 есебімен овертаймда ұтты.\n\nБірінші кезеңде қонақтар белсенді ойнады. 14-мин')).toBe('kk');
    expect(detectLanguage('Νέα γέφυρα άνοιξε στη Θεσσαλονίκη')).toBe('el');
    expect(detectLanguage('Ο Ολυμπιακός κέρδισε τον Παναθηναϊκό\n\nΟ αγώνας έγινε στο Φάληρο μπροστά σε τριάντα χιλιάδες θεατές.')).toBe('el');
  });

  it('reads languages of under a million speakers franc-all knows and franc did not, also under a wrong locale (a fourth languages trial)', () => {
    const welsh = 'Mae Plaid Cymru wedi ennill isetholiad Caerffili. Dywedodd yr ymgeisydd fod y canlyniad yn dangos bod pobl eisiau newid, ac roedd y cyngor yn cyfrif y pleidleisiau drwy\'r nos.';
    const icelandic = 'Jöklar Íslands hopuðu hratt á síðasta ári. Veðurstofa Íslands segir að Okjökull sé ekki einn um það, og að fleiri jöklar muni hverfa á næstu áratugum ef hlýnun heldur áfram.';
    const maltese = 'Ħaddiem ta’ 42 sena miet dalgħodu wara li waqa’ minn għoli ta’ madwar għaxar metri f’sit tal-kostruzzjoni fi Triq il-Fdal, Ħal Qormi, qalet il-Pulizija. ' +
      'Il-ħaddiem, ċittadin Indjan li kien joqgħod il-Marsa, ingħata l-ewwel għajnuna fuq il-post minn tim mediku qabel ittieħed l-isptar.';
    for (const [text, language] of [[welsh, 'cy'], [icelandic, 'is'], [maltese, 'mt']]) {
      expect(detectLanguage(text)).toBe(language);
      expect(clearlyOtherLanguage(text, 'en')).toBe(language);
    }
    // A regional neighbour without a code (Ligurian) takes no guess from an Italian headline.
    expect(detectLanguage("Maltempo in Liguria, frana travolge l'Aurelia: strada chiusa e venti famiglie sfollate")).toBe('it');
    // Its small neighbours are no evidence against a locale (a review): Icelandic franc-all reads as Faroese stays
    // Icelandic under "is" (neither has a list); a Slovak headline Romansh ranks first by a thousandth is Slovak.
    expect(clearlyOtherLanguage('Reykjavík opnar nýja brú yfir Elliðaár\n\nBrúin tengir Árbæ við miðbæinn. Framkvæmdir tóku þrjú ár og kostuðu tvo milljarða króna.', 'is')).toBeUndefined();
    expect(clearlyOtherLanguage('Vláda schválila zvýšenie minimálnej mzdy od januára\n\nMinimálna mzda sa zvýši o sedem percent. Odbory hovoria, že je to málo.', 'en')).toBe('sk');
    // A text shorter than franc reads keeps a locale of another script than Latin.
    expect(clearlyOtherLanguage('東京大雨', 'ko')).toBeUndefined();
    // A few of Breton's short words ("ar", "o", "a") do not make a Welsh story Breton (a new user's trial).
    const library = 'Cyngor Gwynedd yn agor llyfrgell newydd ym Mhorthmadog\n\nMae llyfrgell newydd wedi agor yng nghanol Porthmadog ar ôl dwy flynedd o waith adeiladu.\n\n' +
      'Mae Cyngor Gwynedd wedi agor llyfrgell newydd yng nghanol Porthmadog ddydd Llun, ar ôl dwy flynedd o waith adeiladu. Mae\'r adeilad, sydd ar safle hen orsaf yr heddlu, yn cynnwys ystafell ddarllen fawr.';
    expect(detectLanguage(library)).toBe('cy');
    expect(clearlyOtherLanguage(library, 'en')).toBe('cy');
    // Under another listless locale franc does not rank, Welsh is Welsh (a third review); a Galician headline whose
    // words are Portuguese's too keeps "gl"; Shahmukhi under "hi" is not Hindi.
    expect(clearlyOtherLanguage(library, 'is')).toBe('cy');
    expect(clearlyOtherLanguage('O Celta gaña ao Betis e segue arriba', 'gl')).toBeUndefined();
    expect(clearlyOtherLanguage('لہور وچ دھند، سکول بند\n\nپنجاب سرکار نے لہور دے سکولاں نوں دو دن لئی بند کر دتا اے۔', 'hi')).not.toBeUndefined();
    // A fourth review: Macedonian under "mk" stays, though franc ranks Tajik first and Macedonian fifth; a Ukrainian
    // headline under "ru" is Ukrainian by its letters; a short Japanese text is Japanese by its kana.
    expect(clearlyOtherLanguage('Скопје отвори нов мост преку Вардар', 'mk')).toBeUndefined();
    expect(clearlyOtherLanguage('Мерія закриває старий міст на ремонт', 'ru')).toBe('uk');
    expect(clearlyOtherLanguage('大阪で地震', 'en')).toBe('ja');
    // An Arabic headline writing Arabic's own letters (ي ك ة ى) and none Persian, Urdu or Pashto write is Arabic:
    // franc ranked Punjabi, Pashto and Persian above it.
    expect(clearlyOtherLanguage('أسعار الزيت ترتفع مجددا', 'ar')).toBeUndefined();
    expect(clearlyOtherLanguage('أسعار الزيت ترتفع مجددا', 'en')).toBe('ar');
    expect(detectLanguage('حکومت نے جنوری سے کم از کم اجرت بڑھانے کی منظوری دے دی')).not.toBe('ar');
    // A fifth review: Persian typed on an Arabic keyboard (ك, ي) is Persian; a product's Latin name does not make a
    // short headline English under its own locale; Kazakh's letters are no Belarusian's.
    expect(clearlyOtherLanguage('زلزله در كرمان', 'en')).toBe('fa');
    for (const [headline, locale] of [['iPhone 16 発表', 'ja'], ['iPhone 16 вышел', 'ru'], ['إطلاق iPhone 16', 'ar']]) expect(clearlyOtherLanguage(headline, locale)).toBeUndefined();
    expect(clearlyOtherLanguage('Үкімет ең төменгі жалақыны көтерді', 'be')).toBe('kk');
  });

  it('reads a script franc has no profile of by the language ICU finds likeliest for it (Odia, Dhivehi; a fourth languages trial)', () => {
    const odia = 'ଗଞ୍ଜାମ ଜିଲ୍ଲାର ରୁଷିକୁଲ୍ୟା ମୁହାଣରେ ଅଲିଭ୍ ରିଡ୍ଲେ କଇଁଛଙ୍କ ଗଣ ଅଣ୍ଡାଦାନ ଆରମ୍ଭ ହୋଇଛି। ବନ ବିଭାଗ ବେଳାଭୂମିରେ ଜଗୁଆଳି ମୁତୟନ କରିଛି।';
    expect(detectLanguage(odia)).toBe('or');
    expect(clearlyOtherLanguage(odia, 'en')).toBe('or');
    // Under a locale of another script too (a review).
    expect(clearlyOtherLanguage(odia, 'hi')).toBe('or');
    expect(detectLanguage('ދިވެހިރާއްޖޭގެ ސަރުކާރުން އާ ރާއްޖެއެއް ހަދަން ނިންމައިފި')).toBe('dv');
  });

  it('reads languages franc has no profile of by letters only they write, and close neighbours by letters and longer words (a fifth languages trial)', () => {
    // Assamese's ৰ and ৱ are no Bengali's; Sindhi's implosives no Urdu's or Persian's (franc read them as Bengali, Persian).
    const assamese = 'কাজিৰঙা ৰাষ্ট্ৰীয় উদ্যানত এশৃংগ গঁড়ৰ সংখ্যা বৃদ্ধি পাই ২,৬১৩টা হৈছে বুলি বন বিভাগে দেওবাৰে ঘোষণা কৰিছে।';
    const sindhi = 'سنڌ هاءِ ڪورٽ جي ٻن ججن تي ٻڌل بينچ ڪينجهر ڍنڍ جي ڪناري تي هر قسم جي نئين تعمير تي فوري پابندي لڳائيندي سنڌ حڪومت کي حڪم ڏنو آهي.';
    expect([detectLanguage(assamese), detectLanguage(sindhi)]).toEqual(['as', 'sd']);
    expect([clearlyOtherLanguage(assamese, 'en'), clearlyOtherLanguage(sindhi, 'en')]).toEqual(['as', 'sd']);
    // Not Bengali naming an Assamese group, nor Urdu quoting Saraiki, which writes some of Sindhi's letters (a review).
    expect(detectLanguage('আসামে ৰাইজৰ দলের নেতা গ্রেপ্তার')).toBe('bn');
    expect(detectLanguage('ملتان: سرائیکی شاعر نے کہا کہ ٻولی اور ڄاݨ ہماری پہچان ہے')).toBe('ur');
    // Sindhi typed with Persian's ی for its ي is still Sindhi (a second review).
    expect(detectLanguage(sindhi.replaceAll('ي', 'ی'))).toBe('sd');
    // Scottish Gaelic writes "à", "ì", "ò", which Irish's list never does (Irish had more of its stopwords: "agus", "an").
    const gaelic = "Trì latha ann an Leòdhas is na Hearadh: stiùireadh dhan luchd-siubhail\n\nTha mòran dhaoine a' smaoineachadh gu bheil na h-Eileanan Siar ro fhada air falbh airson turas goirid. Ach le bàta CalMac à Ulapul gu Steòrnabhagh ann an dà uair a thìde is leth, faodaidh";
    expect(detectLanguage(gaelic)).toBe('gd');
    expect(clearlyOtherLanguage(gaelic, 'en')).toBe('gd');
    // So in running prose, where Irish's list has most of the words ("an", "na", "agus", "air": a sixth trial).
    const prose = 'Chaidh fèis ùr ciùil a chumail anns an Eilean Sgitheanach an deireadh-seachdain seo, agus thàinig còrr is mìle neach gu Port Rìgh airson a cluinntinn.\n\nBha còmhlain bheaga agus seinneadairean òga a\' cluich anns an talla mhòr agus air an cidhe. Sheinn clann na sgoile òrain ann an Gàidhlig, agus bha pìobairean a\' cluich aig toiseach gach latha.';
    expect([detectLanguage(prose), clearlyOtherLanguage(prose, 'en')]).toEqual(['gd', 'gd']);
    // Three such letters once each are enough, against English's "an" too (a second review).
    const sentence = 'Tha an riaghaltas ag ràdh gun tèid an drochaid ùr fhosgladh an ath-bhliadhna agus gum bi an rathad deiseil cuideachd';
    expect([detectLanguage(sentence), clearlyOtherLanguage(sentence, 'en')]).toEqual(['gd', 'gd']);
    // One "ó" and one "é" of Spanish dishes in an English story are loanwords, no sign against English (a review).
    const market = 'Mercado de San Miguel reopens after renovation\n\nThe Mercado de San Miguel, near the Plaza Mayor, reopened on Monday after a six-month renovation. Its stalls sell jamón ibérico and pulpo a la gallega, as they did before the works began.';
    expect(detectLanguage(market)).toBe('en');
    // franc's best whose list never writes letters the text writes ("ě", "í", "á": Slovenian's list) is weaker: Czech,
    // with more stopwords, is the language (a third review).
    expect(detectLanguage('Turisté v pondělí navštívili muzeum a potom obědvali v restauraci nedaleko náměstí, kde si dali svíčkovou a pivo až do večera.')).toBe('cs');
    // Kinyarwanda, franc's best, keeps its place against Swahili's two-letter "wa" and "na", many Bantu languages' words.
    const kinyarwanda = 'Kigali: Imodoka rusange 200 zikoresha amashanyarazi zatangiye gutwara abagenzi\n\nKigali, ku wa 3 Werurwe 2026 (RBA) – Yanditswe na Jean de Dieu Nshimiyimana\n\nUmujyi wa Kigali wakiriye imodoka rusange nshya 200 zikoresha amashanyarazi, zatangiye gutwara abagenzi kuri uyu wa Mbere ku mihanda ihuza Nyab';
    expect([detectLanguage(kinyarwanda), clearlyOtherLanguage(kinyarwanda, 'en')]).toEqual(['rw', 'rw']);
  });

  it('reads news with few function words (names, numbers, a language whose words carry their grammar) by franc, not by English', () => {
    // Turkish and Estonian write few separate function words; a market report is mostly names and figures.
    expect(detectLanguage("Ankara'da kar yağışı ulaşımı aksattı\n\nBaşkentte gece başlayan kar yağışı sabah saatlerinde etkisini artırdı. Belediye ekipleri ana caddelerde tuzlama çalışması yaptı. Okullarda eğitime bir gün ara verildi. Meteoroloji, yağışın hafta sonuna kadar süreceğini açıkladı.")).toBe('tr');
    expect(detectLanguage('Tallinnas avati uus trammiliin\n\nUus liin ühendab kesklinna ja lennujaama. Linnavalitsuse teatel sõidab tramm kümneminutilise vahega. Ehitustööd kestsid kaks aastat ja läksid maksma 50 miljonit eurot. Sõitjate arv on esimesel nädalal olnud ootustest suurem.')).toBe('et');
    expect(detectLanguage('GIEŁDA: WIG20 ZYSKUJE 1,2%\n\nWarszawa – WIG20 wzrósł o 1,2% do 2 481 pkt. PKO BP +2,1%, Orlen +1,4%, KGHM −0,8%. Złoty: 4,31 za euro. Analityk: "The market likes the new budget." Obroty 1,4 mld zł. Najmocniej drożały spółki paliwowe.')).toBe('pl');
    // franc's first guess has no stopword list here (Serbian, whose list is Cyrillic): a close guess whose stopwords the
    // text uses wins.
    expect(detectLanguage('Zagreb: novi tramvaji stižu u ožujku\n\nGradska uprava potpisala je ugovor za dvadeset novih tramvaja. Prvi će stići u ožujku, a svi do kraja godine. Vrijednost ugovora je 60 milijuna eura. Građani se žale na gužve u prometu i kašnjenja.')).toBe('hr');
    // ...but not one whose stopwords lack a letter the text writes often: Azerbaijani, which has no list, uses Turkish's
    // "bu", "bir", "ilk", but Turkish writes no "ə" (a third languages trial: a recipe read as Turkish, or as English
    // under the "en" locale).
    const plov = 'Evdə əsl Azərbaycan plovu necə bişirilir: addım-addım şah plov resepti\n\nAzərbaycan süfrəsinin şahı, heç şübhəsiz, plovdur. ' +
      'Toylarda, bayramlarda, Novruzda, qonaq gələndə ilk bişirilən yemək məhz plov olur. Bu gün sizə ən təntənəli növlərdən biri olan şah plovun evdə ' +
      'necə hazırlandığını addım-addım izah edəcəyik. Bu resepti mənə nənəm Lənkəranda öyrədib.';
    expect(detectLanguage(plov)).toBe('az');
    expect(clearlyOtherLanguage(plov, 'en')).toBe('az');
    // Only lower-case words' letters count: a name's are its own language's (a review: an English brief on Škoda).
    const recall = 'Škoda Octavia recall: 40,000 cars in UK, airbag fault. Škoda dealers to fix free, owners get letters from March. Škoda says no injuries. Octavia built in Mladá Boleslav, Czechia. Also Kodiaq, Superb checked.';
    expect(detectLanguage(recall)).toBe('en');
    expect(clearlyOtherLanguage(recall, 'pl')).toBe('en');
  });

  it('reads a headline and its first sentence in their own language', () => {
    expect(detectLanguage('Élection présidentielle américaine de 2012 : Obama réélu. Le président sortant a remporté le scrutin.')).toBe('fr');
    expect(detectLanguage('O velho farol da ilha foi restaurado pelos voluntários da associação.')).toBe('pt');
    expect(detectLanguage('El viejo faro de la isla fue restaurado por los voluntarios de la asociación.')).toBe('es');
  });
});

describe('text typed with combining accents', () => {
  it('reads it as the same text composed: stopwords and keyphrases alike (Yoruba keyboards type "ọ̀" so)', () => {
    const article = { title: 'Owó epo bẹntiróòlù tún gbé òkè ní Èkó àti Àbújá', text: 'Èkó, Nàìjíríà (NAN) – Owó epo bẹntiróòlù tún lọ sókè ní àwọn ilé epo ní ìlú Èkó àti Àbújá ní ọjọ́ Àbámẹ́ta, bí ilé iṣẹ́ epo ìjọba àpapọ̀, NNPC, ṣe yí owó lítà kan padà láti ₦1,050 sí ₦1,120.\n\nAkọ̀ròyìn àjọ ìròyìn ilẹ̀ Nàìjíríà (NAN) tó ṣàbẹ̀wò sí àwọn ilé epo ní agbègbè Ìkẹjà, Yaba àti Lẹ́kí ṣàkíyèsí pé ọ̀pọ̀ àwọn awakọ̀ ló wà ní ìlà gígùn láti ra epo kí owó tó tún gòkè sí i.\n\nÀwọn ilé epo aládàáni kan ní Èkó ti ń ta lítà kan ní ₦1,150 sí ₦1,200.\n\n## Ohun tó fà á\n\nAgbẹnusọ NNPC, nínú àtẹ̀jáde kan, sọ pé àlékún owó náà wáyé nítorí bí owó epo rọ̀bì ṣe lọ sókè ní ọjà àgbáyé àti bí owó náírà ṣe ń jó rẹ̀yìn sí dọ́là.\n\nÓ ní ilé iṣẹ́ ìfọ̀pọ̀ epo Dangote kò tíì lè pèsè gbogbo epo tí orílẹ̀-èdè nílò,' };
    const decomposed = { title: article.title.normalize('NFD'), text: article.text.normalize('NFD') };
    expect(decomposed.text).not.toBe(article.text);
    expect(detectLanguage(`${decomposed.title}\n\n${decomposed.text}`)).toBe('yo');
    expect(extractKeyphrases(decomposed, { limit: 10 }).map((k) => k.phrase)).toEqual(extractKeyphrases(article, { limit: 10 }).map((k) => k.phrase));
  });
});

describe('language detection before its detector is loaded', () => {
  it('fails in plain words instead of reading the article as having no keyphrases', () => {
    jest.isolateModules(() => {
      // A fresh copy of the module, whose detector nothing has loaded yet.
      const fresh = {
        ...jest.requireActual<typeof import('../../server/src/domain/keyphrases')>('../../server/src/domain/keyphrases'),
        ...jest.requireActual<typeof import('../../server/src/domain/language')>('../../server/src/domain/language'),
      };
      expect(() => fresh.detectLanguage('Des bénévoles restaurent le vieux phare.')).toThrow(/await loadLanguageDetector\(\) first/);
      expect(() => fresh.extractKeyphrases({ text: 'Des bénévoles restaurent le vieux phare.' })).toThrow(/not loaded/);
      // With the article's locale nothing needs detecting.
      expect(fresh.extractKeyphrases({ text: 'Des bénévoles restaurent le vieux phare.', lang: 'fr' }).length).toBeGreaterThan(0);
    });
  });
});

describe('a language detector that cannot be loaded (a broken install)', () => {
  it('says why on every detection, while articles with a locale are still read', async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock('franc-all', () => {
        throw new Error("Cannot find package 'franc-all'");
      });
      const fresh = {
        ...jest.requireActual<typeof import('../../server/src/domain/keyphrases')>('../../server/src/domain/keyphrases'),
        ...jest.requireActual<typeof import('../../server/src/domain/language')>('../../server/src/domain/language'),
      };
      await expect(fresh.loadLanguageDetector()).rejects.toThrow(/franc/);
      expect(() => fresh.detectLanguage('Des bénévoles restaurent le vieux phare.')).toThrow(/could not be loaded \(Cannot find package 'franc-all'\): reinstall/);
      expect(fresh.extractKeyphrases({ text: 'Des bénévoles restaurent le vieux phare.', lang: 'fr' }).length).toBeGreaterThan(0);
    });
  });
});

describe('answeredInEnglish (a description asked for in another language)', () => {
  it('tells an English sentence from one in the language asked for, and never guesses when it cannot tell', () => {
    expect(answeredInEnglish('An editorial scene in soft natural light.', 'pl')).toBe(true);
    expect(answeredInEnglish('Volunteers repair the old lighthouse on the island.', 'de-DE')).toBe(true);
    // Another script: a Latin-script English sentence is not Russian or Greek.
    expect(answeredInEnglish('A white lighthouse on a rocky cliff at sunset.', 'ru')).toBe(true);
    expect(answeredInEnglish('A lighthouse on a rock.', 'el')).toBe(true);
    // A language franc has no profile of, in Latin letters (a new user's Basque article got English alt text).
    for (const language of ['eu', 'cy', 'mt', 'is']) expect(answeredInEnglish('A new library opened in Bilbao on Monday, with three floors.', language)).toBe(true);
    expect(answeredInEnglish('Bilboko liburutegi berria, hiru solairurekin, astelehenean ireki zuten.', 'eu')).toBe(false);
    expect(answeredInEnglish('Llyfrgell newydd yng Nghaerdydd gyda thri llawr a chaffi.', 'cy')).toBe(false);
    // Sentences franc alone ranks Sardinian, Scots or Tiv first (review): its English a hair behind, and English's
    // function words that the asked language lacks, tell them.
    for (const [language, sentence] of [
      ['fr', 'A white lighthouse on a cliff at sunset.'], ['fr', 'A rock concert in a stadium.'], ['de', 'Close-up of a sourdough loaf on a wooden board.'],
      ['es', 'A crowded subway platform in the morning.'], ['pl', 'A woman reads a newspaper in a cafe.'], ['ja', 'An old man feeds pigeons in a square.'],
      ['pl', 'Tram in Kraków.'],
    ]) {
      expect([language, sentence, answeredInEnglish(sentence, language)]).toEqual([language, sentence, true]);
    }
    for (const [language, sentence] of [
      ['pl', 'Sadownik zbiera jabłka w sadzie o zachodzie słońca.'], ['pl', 'Tramwaj w Krakowie.'], ['fr', 'Un phare blanc sur une falaise au coucher du soleil.'],
      ['nl', 'Een witte vuurtoren op een rots aan zee.'], ['de', 'Ein Team von Freiwilligen am Hafen.'], ['ro', 'Un far alb pe o stâncă la malul mării.'],
      ['ru', 'Белый маяк на скале у моря.'], ['el', 'Λευκός φάρος σε βράχο.'], ['vi', 'Ngọn hải đăng trắng bên bờ biển.'], ['no', 'Et hvitt fyr ved havet i solnedgang.'],
      ['en', 'A white lighthouse.'], ['xx', 'A white lighthouse.'], ['pl', 'Hi'],
      // English words in another language's sentence do not make it English.
      ['it', 'Team building in ufficio.'], ['nl', 'Open space in een modern kantoor.'], ['fr', 'Un homme lit le New York Times dans un café.'],
      ['de', 'Hotel Marriott im Stadtzentrum von Berlin.'], ['tr', 'Stadion rock konseri.'], ['pt', 'Um autocarro vermelho na neve.'],
    ]) {
      expect([language, sentence, answeredInEnglish(sentence, language)]).toEqual([language, sentence, false]);
    }
  });
});

describe('clearlyOtherLanguage (a locale that does not match the text)', () => {
  const polish = 'Sadownicy z Grójca kończą zbiory jabłek. Ceny skupu są najniższe od dekady, a wielu z nich nie wie, czy przetrwa zimę. W tym roku zbiory były dobre, ale skupy płacą mniej niż za koszt zbioru.';
  it('reads a text clearly in another language than its locale says, and never overrules a close neighbour', () => {
    expect(clearlyOtherLanguage(polish, 'en')).toBe('pl');
    expect(clearlyOtherLanguage(polish, 'en-GB')).toBe('pl');
    expect(clearlyOtherLanguage(french.text, 'en')).toBe('fr');
    // Shorter openings, and other scripts, that the stopword test alone leaves open.
    expect(clearlyOtherLanguage("İzmir'de yeni metro hattı hizmete girdi. Büyükşehir Belediye Başkanı Cemil Tugay, Buca metro hattının pazartesi günü hizmete girdiğini açıkladı. Yeni hat, kentin doğusundaki mahalleleri merkeze bağlıyor ve günde yüz bin yolcu taşıyacak.", 'en')).toBe('tr');
    expect(clearlyOtherLanguage('У Львові відреставрували старовинну ратушу. Міський голова Андрій Садовий подякував реставраторам, які працювали над фасадом два роки.', 'en')).toBe('uk');
    // News whose names and numbers make franc score every Latin-script language within a tenth: its stopwords tell.
    expect(clearlyOtherLanguage("Tennis : Roland-Garros 2024, Iga Swiatek sacrée\n\nTennis : Roland-Garros 2024, Iga Swiatek sacrée\n\n8 juin 2024. - La Polonaise Iga Swiatek a remporté samedi son quatrième titre à Roland-Garros en battant l'Italienne Jasmine Paolini 6-2, 6-1 sur le court Philippe-Chatrier.", 'en')).toBe('fr');
    expect(clearlyOtherLanguage('Andelen torsk med plastpartiklar ökar i Östersjön\n\nForskare vid Stockholms universitet har undersökt torsk från hela Östersjön under tre år. Andelen fiskar med plast i magen var högre än väntat, och den ökar för varje år. Forskarna vill nu att EU skärper reglerna för utsläpp från fartyg och från avloppsreningsverk.', 'en')).toBe('sv');
    // A locale whose language has no stopword list is not overruled by a neighbour's (Serbian in Latin letters).
    expect(clearlyOtherLanguage('Vlada danas predstavlja budžet za sledeću godinu, a ministar finansija kaže da će biti strožiji nego prošle godine. Opozicija tvrdi da budžet ne donosi dovoljno novca za bolnice i škole, dok sindikati najavljuju proteste ispred skupštine.', 'sr')).toBeUndefined();
    // A neighbour sharing most function words is its own language where franc agrees, clearly enough (Catalan under
    // "es", which stayed Spanish; French news under "es" too), and the locale stands where it is right.
    const catalan = "El Govern aprova el pressupost de l'any vinent\n\nEl Govern de la Generalitat ha aprovat aquest dimarts el projecte de pressupostos per a l'any vinent, que preveu més diners per a la sanitat i l'educació. La consellera d'Economia ha dit que els comptes són els més socials de la darrera dècada.";
    expect(clearlyOtherLanguage(catalan, 'es')).toBe('ca');
    expect(clearlyOtherLanguage(catalan, 'ca')).toBeUndefined();
    const spanish = 'El Gobierno aprueba el presupuesto del año que viene\n\nEl Gobierno de España ha aprobado este martes el proyecto de presupuestos para el año que viene, que prevé más dinero para la sanidad y la educación. La ministra de Hacienda ha dicho que las cuentas son las más sociales de la última década.';
    expect([clearlyOtherLanguage(spanish, 'ca'), clearlyOtherLanguage(spanish, 'es'), clearlyOtherLanguage(spanish, 'gl')]).toEqual(['es', undefined, 'es']);
    // A headline's neighbours trade places in franc's ranking: it needs the wider lead (a review: these were read as
    // Norwegian, Slovenian, Danish).
    for (const [headline, locale] of [['Skuespilleren Ghita Nørby er død, 87 år', 'da'], ['Inflacija pala na 3,2 posto', 'hr'], ['Ny bro över Öresund öppnar 2027', 'sv'], ['Novi most preko Drine otvara se 2027.', 'bs']]) {
      expect(clearlyOtherLanguage(headline, locale)).toBeUndefined();
    }
    // A language without a list as franc's near-best still counts (a review: Belarusian under "ru" was kept Russian).
    expect(clearlyOtherLanguage('Дынама перамагло БАТЭ з лікам 2:1', 'ru')).toBe('be');
    expect(clearlyOtherLanguage(polish, 'pl')).toBeUndefined();
    expect(clearlyOtherLanguage(french.text, 'fr')).toBeUndefined();
    // Indonesian news by its headline, byline and names: stopwords-iso's Malay list holds content words ("tanah",
    // "malam", "minggu", "kawasan") that outnumber Indonesian's stopwords there; franc reads it as Indonesian.
    const indonesian = 'Festival Film Ditutup, Tanah Air Raih Penghargaan Tertinggi\n\nYOGYAKARTA - Film Tanah Air karya sutradara Dewi Lestari meraih penghargaan tertinggi pada malam penutupan festival di Yogyakarta, Sabtu malam. Reporter: Budi Santoso. Editor: Rina Wulandari. Minggu, 7 Desember. Film berdurasi 98 menit itu mengisahkan kehidupan sebuah keluarga petani garam di pesisir Madura yang terancam kehilangan lahan akibat proyek kawasan industri. Dewan juri menilai film tersebut berhasil.';
    expect(clearlyOtherLanguage(indonesian, 'id')).toBeUndefined();
    expect(clearlyOtherLanguage('Oljefondet passerte 20 000 milliarder kroner for første gang i går, og fondet har aldri vært større enn nå.', 'da')).toBeUndefined();
    expect(clearlyOtherLanguage('Short.', 'de')).toBeUndefined();
    expect(clearlyOtherLanguage(polish, 'xx')).toBeUndefined();
  });
});

describe('endings after an apostrophe (Turkish case endings on names)', () => {
  it('reads "Kapadokya\'da" and "Göreme\'deki" as the names, in phrases as in counts', () => {
    const found = phrases({
      title: "Kapadokya'da balon turları yeniden başladı",
      text: "Kapadokya'da sıcak hava balonu turları bu sabah yeniden başladı. Turistler Kapadokya'ya akın ediyor. Kapadokya balon pilotları sezonun iyi geçeceğini umuyor. Göreme'deki oteller de dolu.",
      lang: 'tr',
    });
    // The name with its case ending ("in Cappadocia") is a phrase of its own: "Kapadokya | balon turları".
    expect(found).toContain('kapadokya');
    expect(found.some((phrase) => /^balonu? turları$/.test(phrase))).toBe(true);
    expect(found.filter((phrase) => /kapadokya balonu? turları/.test(phrase))).toEqual([]);
    expect(found.join(' | ')).not.toMatch(/['’]/);
    // Elsewhere an apostrophe before an ending is part of a name ("Moody's", "Cléac'h").
    const french = phrases({ title: "Moody's et la Bretagne", text: "L'agence Moody's abaisse la note. M. Cléac'h réagit. Moody's maintient sa position.", lang: 'fr' });
    expect(french).toContain("moody's");
    expect(french.join(' | ')).toMatch(/cléac'h/);
  });
});

describe('what a story says about itself, in any language', () => {
  const shown = (input: { title?: string; text: string; lang?: string }, limit = 30) => extractKeyphrases(input, { limit }).map((k) => k.phrase);

  it('web and e-mail addresses are no keyphrases, nor are units and currencies written after a number', () => {
    const found = shown({
      title: 'Ceny paliw rekordowe',
      text:
        'Według danych portalu https://e-petrol.pl/notowania średnia cena benzyny wzrosła do 6,89 zł/l. Olej napędowy kosztuje 6,95 zł/l, ' +
        'o 12 gr więcej niż tydzień temu. Pytania prosimy kierować na adres redakcja@gazeta-przyklad.pl lub www.gazeta-przyklad.pl/kontakt. ' +
        'Kierowcy płacą za benzynę coraz więcej, a stacje paliw notują spadek sprzedaży.',
      lang: 'pl',
    });
    expect(found.join(' | ')).not.toMatch(/https|www|notowania|redakcja|gazeta-przyklad|kontakt|\bpl\b/);
    expect(found).not.toContain('zł/l');
    expect(found).not.toContain('gr');
    expect(found.join(' | ')).toMatch(/benzyn/);
  });

  it("English quoted in another language keeps its function words out (\"in\", \"and\"), and so do dotted abbreviations (\"m.in.\", \"u.a.\")", () => {
    const polish = shown({
      title: 'Polski startup pozyskał 40 milionów dolarów',
      text:
        'Warszawska firma ElevenTech pozyskała 40 milionów dolarów od funduszy venture capital. ' +
        '"We believe Polish engineering talent is among the best in the world, and this team has built something unique," said Sarah Kim, partner at Sequoia Capital, in a statement. ' +
        'Klienci firmy to m.in. PKO Bank Polski i Orange Polska. "Our heart is in Warsaw," he told reporters in English.',
      lang: 'pl',
    }, 40);
    expect(polish.filter((phrase) => /^(?:in|and|the|is|our|m\.in)\b/i.test(phrase) || /\b(?:in|and|the)$/i.test(phrase))).toEqual([]);
    expect(polish).toEqual(expect.arrayContaining(['Sequoia Capital', 'PKO Bank Polski', 'Sarah Kim']));
    const german = shown({ title: 'Neue Radwege in Leipzig', text: 'Die Stadt baut u.a. neue Radwege und z.B. sichere Kreuzungen. Die Radwege sollen bis 2026 fertig sein.', lang: 'de' });
    expect(german.join(' | ')).not.toMatch(/\bu\.a|\bz\.B|^a$|\| a \|/);
    expect(german).toContain('Radwege');
  });

  it('a dateline opening the story is no keyphrase (the place in capitals, then a comma, a tag or a dash)', () => {
    const russian = shown({
      title: 'Паводок в Приморье',
      text: 'ВЛАДИВОСТОК, 14 августа. Мощный тайфун вызвал паводок в Приморье. Жители Приморья эвакуированы, паводок продолжается.',
      lang: 'ru',
    });
    expect(russian.join(' | ')).not.toMatch(/ВЛАДИВОСТОК/i);
    const german = shown({ title: 'Hochwasser an der Oder', text: 'FRANKFURT (ODER) (dpa) - Das Hochwasser an der Oder steigt. Die Stadt bereitet Sandsäcke vor.', lang: 'de' });
    expect(german.join(' | ')).not.toMatch(/FRANKFURT|dpa/);
    expect(german).toContain('Hochwasser');
    // The agency a dateline names is no keyphrase wherever the story names it, its tag before a dash or the story's
    // first word; a region between slashes is the dateline's (a trial of European wire news).
    const sweden = shown({ title: 'Skogsbrand i Ljusdal', text: 'Ljusdal (TT) Den stora skogsbranden sprider sig. Räddningstjänsten säger till TT att skogsbranden växer. TT har talat med de evakuerade.', lang: 'sv' }, 20);
    const portuguese = shown({ title: 'Greve na CP', text: 'Lisboa, 9 out 2025 (Lusa) - A greve na CP parou os comboios. Os sindicatos disseram à Lusa que a greve continua. A Lusa ouviu os passageiros.', lang: 'pt' }, 20);
    const estonian = shown({ title: 'Laulupidu Tallinnas', text: 'TALLINN (ERR) – Laulupidu toimus pühapäeval lauluväljakul. Laulupeol osales kolmkümmend tuhat lauljat. ERR kandis laulupidu otse üle ja ERR portaal näitas pilte.', lang: 'et' }, 20);
    expect([...sweden, ...portuguese].filter((phrase) => /^(?:TT|Lusa)$/.test(phrase))).toEqual([]);
    expect(estonian.join(' | ')).not.toMatch(/ERR/);
    // Not an acronym that tags a name the same way (a review: "Ανανεώσιμες Πηγές Ενέργειας (ΑΠΕ) –", renewables).
    expect(shown({ title: 'Ενέργεια', text: 'Ανανεώσιμες Πηγές Ενέργειας (ΑΠΕ) – Η Ελλάδα παράγει πλέον το μισό ρεύμα της από ΑΠΕ. Οι ΑΠΕ καλύπτουν το 50% της ζήτησης. Οι επενδύσεις στις ΑΠΕ αυξάνονται.', lang: 'el' }, 20)).toContain('ΑΠΕ');
    const tass = shown({ title: 'Ангара стартовала', text: 'ЦИОЛКОВСКИЙ /Амурская область/, 27 ноября. /ТАСС/. Ракета «Ангара-А5» стартовала с космодрома. Запуск ракеты прошел штатно.', lang: 'ru' }, 20);
    expect(tass.join(' | ')).not.toMatch(/ЦИОЛКОВСКИЙ|ТАСС/);
    // After a standfirst: the story's first paragraph.
    const italian = shown({ title: 'Il Mose si alza', text: 'Le paratoie proteggono la città.\n\nVENEZIA, 1 dicembre – Il Mose si è alzato per la centesima volta. Le paratoie hanno protetto la laguna.', lang: 'it' });
    expect(italian.join(' | ')).not.toMatch(/VENEZIA/i);
    // With its date and agency; and a name in capitals opening a paragraph without them stays.
    const spanish = shown({ title: 'Aranceles al acero', text: 'MADRID, 5 Mar. (EUROPA PRESS) - El Gobierno estudia los aranceles al acero.\n\nONU, UE y OMC piden calma ante los aranceles.', lang: 'es' });
    expect(spanish.join(' | ')).not.toMatch(/MADRID|EUROPA PRESS/);
    expect(spanish).toContain('ONU');
    // Its date and tag ending in a colon (a simplification pass found this form untested).
    const kenya = shown({ title: 'Nouvelle ligne ferroviaire au Kenya', text: 'NAIROBI, 5 décembre (AFP): Le président kényan a inauguré la nouvelle ligne ferroviaire entre Nairobi et Mombasa. La ligne ferroviaire transporte des passagers.', lang: 'fr' });
    expect(kenya.join(' | ')).not.toMatch(/NAIROBI|AFP/);
    const swedish = shown({ title: 'Nytt varuhus i Uppsala', text: 'Inledning.\n\nIKEA, företaget med 200 varuhus – öppnar ett nytt varuhus i Uppsala.', lang: 'sv' });
    expect(swedish).toEqual(expect.arrayContaining(['IKEA', 'företaget']));
    const turkish = shown({ title: 'NATO zirvesi', text: "Giriş.\n\nNATO, 4 Nisan 1949'da kuruldu. NATO zirvesi yarın başlıyor.", lang: 'tr' });
    expect(turkish.join(' | ')).toMatch(/NATO/);
    const german2 = shown({ title: 'Autobauer unter Druck', text: 'BMW (Bayerische Motoren Werke) hat weniger Autos verkauft.\n\nBMW, Mercedes und Audi spüren die Flaute.', lang: 'de' });
    expect(german2).toContain('BMW');
    // A year's abbreviation, an agency between slashes, a place not in capitals with its date, a script without capitals.
    const datelines: [string, string, RegExp][] = [
      ['pl', 'KRAKÓW, 2 grudnia 2026 r. – Rada miasta przyjęła budżet. Radni głosowali nad budżetem przez sześć godzin.', /KRAKÓW/],
      ['pl', 'Kraków, 2 grudnia (PAP) – Rada miasta przyjęła budżet. Radni głosowali nad budżetem przez sześć godzin.', /Kraków|PAP/],
      ['ru', 'ЕКАТЕРИНБУРГ, 29 ноября 2026 г. – Городская дума приняла бюджет. Депутаты обсуждали бюджет шесть часов.', /ЕКАТЕРИНБУРГ/],
      ['ru', 'ЕКАТЕРИНБУРГ, 29 ноября. /ТАСС/. Городская дума приняла бюджет. Депутаты обсуждали бюджет шесть часов.', /ЕКАТЕРИНБУРГ|ТАСС/],
      ['ru', 'ЕКАТЕРИНБУРГ, 29 ноя — РИА Новости. Городская дума приняла бюджет. Депутаты обсуждали бюджет шесть часов.', /ЕКАТЕРИНБУРГ|РИА|Новости/],
      ['ar', 'عمّان، 2 كانون الأول/ديسمبر 2026 – أقر المجلس البلدي موازنة العام المقبل بعد نقاش طويل حول الموازنة.', /عمّان|كانون|ديسمبر/],
      ['pt', 'Ílhavo, 2 de dezembro - A câmara aprovou o orçamento. O orçamento cresce.', /Ílhavo|dezembro/],
      // Where the story opens: a place and a dash, with a source, or in capitals with a full stop.
      ['cs', 'Mladá Boleslav – Automobilka v pondělí oficiálně zahájí sériovou výrobu malého elektromobilu. Výroba začne v pondělí.', /Mladá|Boleslav/],
      ['id', 'Jakarta, Kompas — Tim peneliti Badan Riset dan Inovasi Nasional mengumumkan penemuan katak baru. Katak itu kecil.', /Jakarta|Kompas/],
      ['sv', 'STOCKHOLM. Regeringen fick igenom sin budget. Budgeten röstades igenom i natt.', /STOCKHOLM/i],
      ['ru', 'ST. PETERSBURG. Городская дума приняла бюджет. Депутаты обсуждали бюджет шесть часов.', /ST|PETERSBURG/],
      ['cs', 'Brno – „Nechceme další zdražování," řekl primátor na tiskové konferenci k rozpočtu města.', /Brno/],
      ['pl', 'Kraków – 24 lutego rada miasta przyjęła nowy budżet na przyszły rok po długiej debacie.', /Kraków/],
      // A year's full stop, a full stop for the dash after an agency's tag, a day's abbreviation (a trial's wires).
      ['hr', 'DUBROVNIK, 5. prosinca 2026. (Hina) – Gradsko vijeće izglasalo je proračun. Vijeće je glasalo šest sati.', /DUBROVNIK|Hina/],
      ['ca', 'Barcelona, 6 de desembre (ACN).- Una avaria en el sistema de senyalització ha aturat els trens de rodalies.', /Barcelona|ACN/],
      ['lt', 'Vilnius, gruodžio 5 d. (ELTA). Rail Baltica tiltas per Nerį bus baigtas statyti kitų metų pavasarį.', /Vilnius|ELTA/],
      // A script without capitals: a place or agency and a dash, perhaps a desk or writer and a dash or colon.
      ['fa', 'تهران- ایرنا- کارگروه اضطرار آلودگی هوای استان تهران با توجه به تداوم آلودگی هوا مدارس را تعطیل کرد.', /ایرنا/],
      // Place and agency in one tag, the writers before an equals sign (Korean wires; a languages trial).
      ['ko', '(공주=연합뉴스) 김민수 이지현 기자 = 사흘째 이어진 집중호우로 충청남도 곳곳에서 산사태가 잇따랐다. 산사태로 주택이 무너졌다.', /공주|연합뉴스|김민수|기자/],
      // Any script's digits, commas and stops; a calendar's month ICU does not name before an agency's tag; a tag
      // alone on the dateline's line; an agency and a stop after the date (a trial's wires).
      ['ne', 'काठमाडौं, मंसिर २० (रासस) — मेलम्ची खानेपानी आयोजनाको सुरुङमार्गबाट शनिबारदेखि काठमाडौं उपत्यकामा फेरि पानी आउन थालेको छ।', /रासस|मंसिर/],
      ['am', 'አዲስ አበባ፣ ኅዳር 27/2019 (ኢዜአ)፦ ኢትዮጵያ ወደ ውጭ ከላከችው ቡና ገቢ ማግኘቷን የኢትዮጵያ ቡናና ሻይ ባለሥልጣን አስታወቀ።', /ኢዜአ|ኅዳር/],
      ['hy', 'ԵՐԵՎԱՆ, 6 ԴԵԿՏԵՄԲԵՐԻ, ԱՐՄԵՆՊՐԵՍ։ Սևանա լճի մակարդակը բարձրացել է 18 սանտիմետրով։', /ԵՐԵՎԱՆ|ԱՐՄԵՆՊՐԵՍ|ԴԵԿՏԵՄԲԵՐԻ/],
      // ...after a place in running case too (a third languages trial's wires).
      ['lv', 'Rīga, 14. maijs, LETA. Rail Baltica projekta Rīgas Centrālās stacijas pārbūve varētu ilgt vēl piecus gadus.', /LETA/],
      ['gl', 'Vigo, 6 de decembro. O Real Club Celta de Vigo derrotou este sábado o Real Betis por 2-1 en Balaídos.', /^Vigo$|decembro/],
      ['kk', 'Астана, 6 желтоқсан. Континенттік хоккей лигасының тұрақты маусымы аясында ойын өтті.', /Астана|желтоқсан/],
      // Georgian writes no capitals, though Unicode calls its letters lower case (a third languages trial).
      ['ka', 'თბილისი, 9 იანვარი (ინტერპრესნიუსი) – საქართველოდან ღვინის ექსპორტი გაიზარდა. ღვინის ექსპორტი რეკორდულია.', /თბილისი|ინტერპრესნიუსი/],
      ['yo', 'Èkó, Nàìjíríà (NAN) – Owó epo bẹntiróòlù tún lọ sókè ní àwọn ilé epo ní ìlú Àbújá ní ọjọ́ Àbámẹ́ta.', /NAN|Èkó/],
    ];
    for (const [lang, text, dateline] of datelines) expect(shown({ title: '', text, lang }).join(' | ')).not.toMatch(dateline);
    // A hyphen after the day ("5-dekabr", as ICU writes Uzbek dates); a place in running case and an agency's tag at
    // the story's start (the second languages trial).
    expect(shown({ title: 'Metro', text: 'Toshkent, 5-dekabr – Poytaxtda yangi halqa liniyasining navbatdagi uchastkasi yoʻlovchilar uchun ochildi. Yangi bekatlar kuniga ming yoʻlovchiga xizmat qiladi.', lang: 'uz' }).join(' | ')).not.toMatch(/Toshkent|dekabr/);
    // (Not "(x=y)" opening a paragraph of code: a third review.)
    expect(shown({ title: 'Python', text: '(x=y) affectation simple en Python = rapide et lisible pour les débutants.', lang: 'fr' })).toContain('affectation simple');
    // A line of its own: place, dash, agency's tag, a source (a languages trial's Arabic wire).
    expect(shown({ title: 'أمطار غزيرة تغرق دبي', text: 'دبي - (رويترز) - وكالات\n\nشهدت دولة الإمارات أمطاراً غزيرة أغرقت الطرق في دبي. وتعطلت الرحلات في مطار دبي الدولي بسبب الأمطار.', lang: 'ar' }).join(' | '))
      .not.toMatch(/رويترز|وكالات/);
    expect(shown({ title: 'Fatahaad', text: 'Beledweyne (SONNA) – Fatahaadda webiga Shabeelle ayaa barakacisay kumanaan qoys oo ku noolaa magaalada iyo tuulooyinka ku xeeran.', lang: 'so' }).join(' | ')).not.toMatch(/SONNA|Beledweyne/);
    const galician = shown({ title: 'Peche do marisqueo', text: 'SANTIAGO DE COMPOSTELA, 6 (EUROPA PRESS)\n\nA Consellería do Mar decretou o peche temporal do marisqueo.', lang: 'gl' });
    expect(galician.join(' | ')).not.toMatch(/EUROPA|SANTIAGO/);
    // Not in capitals, a place's date must name a month: a person's age, a count or a club is no dateline (review).
    const openings: [string, string, string][] = [
      ['fr', 'Marie Dupont, 34 ans – elle dirige la boulangerie. Marie Dupont forme trois apprentis.', 'Marie Dupont'],
      ['fr', 'Renault, 12 usines — le groupe réduit sa production. Renault ferme deux sites.', 'Renault'],
      ['ar', 'محمد صلاح (ليفربول) - سجل هدفين في المباراة. محمد صلاح هداف الدوري.', 'محمد صلاح'],
      // Further in, a name and a dash is a score line; at the opening too when no story follows, and a name before a
      // dash that opens a lower-case aside, or an abbreviation before its full stop, is no place (review).
      ['cs', 'Hokejisté vyhráli.\n\nSparta – Pardubice 2:5. Sparta, Pardubice.', 'Sparta'],
      ['cs', 'Sparta – Pardubice 5:2 (1:0, 2:1, 2:1)\n\nSparta vyhrála doma. Sparta je první.', 'Sparta'],
      ['de', 'Die Bundesregierung – so heißt es in Berlin – plant neue Steuern. Die Bundesregierung will sparen.', 'Bundesregierung'],
      ['es', 'EE.UU. anunció nuevos aranceles. EE.UU. y China negocian.', 'EE.UU'],
      ['cs', 'Sparta – Pardubice 5:2 (1:0, 2:1, 2:1). Domácí hokejisté ovládli derby a vedou tabulku extraligy. Sparta vede.', 'Sparta'],
      // Without capitals a phrase and one dash may be the sentence's subject set off (review): no dateline.
      ['he', 'שר האוצר - הודיע היום על קיצוץ בתקציב המדינה בשנה הבאה, בעקבות הגירעון הגדל והלחץ על הממשלה.', 'שר האוצר'],
      // A speaker and a party or town in parentheses is no dateline: an agency's tag has no lower-case letter (review).
      ['fr', 'Jean-Luc Mélenchon, Insoumis (LFI) : « Nous voterons contre ce budget injuste. » Le groupe votera contre.', 'Jean-Luc Mélenchon'],
      ['fr', "Sophie, 41 ans (Lyon) – « Je n'ai jamais eu autant de mal à payer mon loyer. » Sophie travaille.", 'Sophie'],
    ];
    for (const [lang, text, name] of openings) expect(shown({ title: '', text, lang })).toContain(name);
  });

  it('drops a metadata line in any language: short fields between bars, one of them a date or time', () => {
    const lines: [string, string, RegExp][] = [
      ['he', 'ספורט | אבי רוזן | פורסם: 06.12.26, 00:31\n\nמכבי תל אביב ניצחה את פנרבחצ\'ה. מכבי תל אביב שיחקה בבית.', /ספורט|אבי רוזן/],
      ['hr', 'INTERVJU | Petra Knežević | 4. prosinca 2026. u 09:00\n\nAnte Zec obrađuje kamen trideset godina. Kamen je s Brača.', /INTERVJU|Petra/],
      ['lt', 'Sportas | 15min.lt | 2026-12-05 23:10\n\nŽalgiris įveikė Fenerbahçe Kauno arenoje. Žalgiris laimėjo.', /Sportas|15min/],
      ['en', 'Reviews | Priya Natarajan | Updated 5 Dec 2026\n\nThe espresso machine heats up in three seconds. The espresso machine is small.', /Reviews|Priya/],
    ];
    for (const [lang, text, metadata] of lines) expect(shown({ title: 'News', text, lang }).join(' | ')).not.toMatch(metadata);
    // Bars in prose, or fields without a date, stay: a table's row, a list of names, a score line (review).
    expect(shown({ title: 'Liga', text: 'Sevilla | Bilbao | Girona\n\nMadrid y Barcelona compiten. Valencia también.', lang: 'es' })).toContain('Sevilla');
    expect(shown({ title: 'Derby', text: 'Arsenal 2-1 Chelsea | Emirates Stadium\n\nArsenal won on Sunday.', lang: 'en' }).join(' | ')).toMatch(/emirates stadium/i);
    // A kicker is a spaced script's short label: a first line without spaces is a sentence (review).
    expect(shown({ title: '冬奥会', text: '北京冬奥会开幕式今晚在鸟巢举行\n\n开幕式在鸟巢举行，观众很多。鸟巢是北京的体育场。', lang: 'zh' })).toContain('北京');
  });

  it("drops a caption's credit after its sentence in any language ('Foto:', 'Fot.', 'Photo :'; a European magazines trial)", () => {
    const captions: [string, string, RegExp, string][] = [
      ['de', 'Das Fördergerüst der Zeche Zollverein. Foto: Stadtarchiv Essen / Sammlung Hoffmann\n\nDie Zeche Zollverein ist ein Denkmal.', /Stadtarchiv|Hoffmann/, 'Zeche Zollverein'],
      ['pl', 'Budynek dawnej przędzalni w Żyrardowie. Fot. Tomasz Wójcik / Muzeum Mazowsza\n\nPrzędzalnia w Żyrardowie jest zabytkiem.', /Wójcik|Muzeum/, 'Żyrardowie'],
      ['fr', 'Une osmie cornue sur une fleur de pommier. Photo : Pierre Lambert / Muséum de Toulouse\n\nLes abeilles sauvages aiment la fleur de pommier.', /Lambert|Muséum/, 'fleur de pommier'],
    ];
    for (const [lang, text, credit, kept] of captions) {
      const found = shown({ title: 'Artikel', text, lang });
      expect(found.join(' | ')).not.toMatch(credit);
      expect(found).toContain(kept);
    }
  });

  it('drops a label and a name alone on a line, a byline, when the name is written nowhere else (a fourth languages trial)', () => {
    const found = shown({
      title: 'Бульба і дранікі',
      text: 'Дранікі робяць з бульбы. У кожнай сям\'і свой рэцэпт дранікаў, але бульба заўсёды свежая.\n\nАўтар: Алена Каваленка\n\nДранікі ядуць са смятанай.',
      lang: 'be',
    });
    expect(found.join(' | ')).not.toMatch(/Каваленка|Аўтар/);
    // A review's "Director: …" names someone it tells of; a subheading's words the text writes in lower case are no name
    // (a review: "Background: Severe Drought").
    const review = shown({ title: 'Il piano', text: 'Regia: Jane Campion\n\nIl film di Jane Campion racconta una pianista muta. Campion gira in Nuova Zelanda.', lang: 'it' });
    expect(review.join(' | ')).toMatch(/Jane Campion/);
    // Nor, in a script without capitals, any two words after a colon (Hebrew "Background: a severe drought").
    const drought = shown({ title: 'העיר שנשארה בלי מים', text: 'תושבי העיר עומדים בתורים ארוכים מול מכליות המים כבר חודשים.\n\nהרקע: בצורת קשה\n\nהגשמים לא ירדו כבר שנתיים, והבארות הישנות בכפרים הסמוכים יבשו.', lang: 'he' });
    expect(drought).toContain('בצורת קשה');
  });

  it("drops the page's header in any language: short lines, one a date in any digits, before a blank line", () => {
    const headers: [string, string, RegExp][] = [
      ['et', 'Mari Tamm\nERR\n05.12.2026 14:32\n\nRail Baltic Estonia teatas, et Pärnu reisiterminali ehitus lükkub. Terminal valmib hiljem.', /Mari Tamm|ERR/],
      ['bn', 'নিজস্ব প্রতিবেদক\nঢাকা\nপ্রকাশ: ০৬ ডিসেম্বর ২০২৬, ১৩: ৪৫\n\nশীত শুরু হলেও দেশে ডেঙ্গুর প্রকোপ কমছে না। ডেঙ্গু নিয়ে হাসপাতালে ভর্তি।', /প্রতিবেদক|ঢাকা/],
      ['hr', 'Ana Horvat\n5. prosinca 2026.\n\nBled je pun turista. Turisti dolaze na Bled.', /Ana Horvat/],
    ];
    for (const [lang, text, header] of headers) expect(shown({ title: 'News', text, lang }).join(' | ')).not.toMatch(header);
    // One line is a heading, a score is no date, and a sentence is no field: they stay.
    expect(shown({ title: 'Derbi', text: '# Partizan – Crvena zvezda 88:82\n\nKošarkaši su pobedili. Publika je uživala.', lang: 'sr' }).join(' | ')).toMatch(/Partizan/);
    expect(shown({ title: 'Derby', text: 'Sparta won the derby.\nIt was 2026 at last.\n\nThe fans sang all night.', lang: 'en' }).join(' | ')).toMatch(/derby/);
    // A year alone is no date: a standfirst of short lines stays (review).
    const standfirst = 'Harbour lighthouse restored\nThe keepers house, empty since 1962, opens to visitors\n\nThe town council bought the lighthouse.';
    expect(shown({ title: 'Open day', text: standfirst, lang: 'en' }).join(' | ')).toMatch(/keepers house/);
    // Fields straight before the story's first sentence, no blank line between (a trial of untuned news); a standfirst
    // among them keeps the header (prose).
    const polish = 'Opublikowano: 28 maja 2026, 14:05\nAutor: Agnieszka Wróbel\nLeśnicy z Nadleśnictwa Stuposiany pochwalili się nagraniem z fotopułapki, na którym widać młodego żubra.';
    expect(shown({ title: 'Żubr w Bieszczadach', text: polish, lang: 'pl' }).join(' | ')).not.toMatch(/Opublikowano|Wróbel/);
    // A kick-off's or a concert's facts carry a time too, but no labelled field (a review).
    const match = 'Celtic v Rangers\nCeltic Park, Sunday 4 January 2026, 12:00\nThe champions host their rivals in the first derby of the year.';
    expect(shown({ title: 'Old Firm derby', text: match, lang: 'en' }).join(' | ')).toMatch(/Celtic Park/i);
    const fire = 'Police appeal for witnesses after second blaze\nBy Sophie Langdon\nPosted: Sun 11 Jan 2026 09:14\nA family of five escaped unhurt after a fire destroyed the roof of their cottage.';
    expect(shown({ title: 'Cottage fire', text: fire, lang: 'en' }).join(' | ')).toMatch(/witnesses|blaze/);
    // A date with particles or an ordinal's dot, and a newsroom signing as itself (a second trial).
    const dated: [string, string, RegExp][] = [
      ['es', 'Por Lucía Ferrer\nValencia, 26 de agosto de 2026\n\nMás de 22.000 personas participaron en la Tomatina de Buñol.', /Ferrer/],
      ['es', 'Economía\n\nRedacción | Málaga\n\nEl precio medio del alquiler en Málaga alcanzó los 14,2 euros.', /Redacción/],
      ['nl', 'Redactie\n\nDe gemeente Utrecht heeft een nieuwe fietsenstalling bij het station.', /Redactie/],
    ];
    for (const [lang, text, header] of dated) expect(shown({ title: 'Nieuws', text, lang }).join(' | ')).not.toMatch(header);
    // A byline after a standfirst, a Malay dateline with a colon, a British date in an English one (a new user's trial).
    const later: [string, string, RegExp][] = [
      ['de', 'Die Rheinbahn wird am Montag bestreikt.\n\nVon Katrin Albers\n\nIn Düsseldorf fallen Busse und Bahnen aus.', /Albers/],
      ['ms', 'Hujan lebat melanda ibu negara.\n\nOleh Ahmad Faizal\n\nPenduduk terpaksa dipindahkan ke pusat pemindahan.', /Faizal/],
      // (One list of other languages' "by" for a first line and a later one: Polish "Przez".)
      // (A name's particles: "de", "bin".)
      ['nl', 'De gemeente opent een nieuwe fietsenstalling.\n\nDoor Jan de Vries\n\nUtrecht biedt plek aan 3000 fietsen bij het station.', /Vries|\bJan\b/],
      ['ms', 'Banjir kilat melanda ibu negara.\n\nOleh Ahmad Faizal bin Hassan\n\nPenduduk terpaksa dipindahkan ke pusat pemindahan.', /Faizal|Hassan/],
      // (A given name sought unaccented: the lists are English.)
      ['es', 'Valencia abre el primer tramo del corredor verde.\n\nPor José Luis de la Fuente\n\nLas obras del nuevo parque duraron dos años.', /José|Fuente/],
      ['pl', 'Przez Tomasz Wójcik\nKraków, 28 maja 2026\n\nSmok Wawelski wrócił nad Wisłę w czasie parady smoków.', /Wójcik/],
      ['ms', 'KUALA LUMPUR: Beberapa kawasan di ibu negara dilanda banjir kilat petang semalam selepas hujan lebat.', /KUALA/],
      ['en', 'SHREWSBURY, England, 15 December 2026 — The River Severn burst its banks after heavy rain.', /SHREWSBURY/i],
      ['en', 'A gentle walk along the canal.\n\nPosted by Sam Okafor\n\nThe towpath runs from Leeds to Shipley.', /Okafor/i],
      ['en', 'Allotment holders swap seeds.\n\nPosted by Sam Okafor on March 12, 2026\n\nThe open day drew 200 people.', /Okafor|march/i],
    ];
    for (const [lang, text, furniture] of later) expect(shown({ title: 'News', text, lang }).join(' | ')).not.toMatch(furniture);
    // A sentence opening with those words stays, as does a subject before a colon (a review).
    const stays: [string, string, RegExp][] = [
      ['es', 'El partido fue intenso.\n\nPor Atlético Nacional, anotó Dorlan Pabón.\n\nEl estadio estaba lleno.', /Dorlan Pabón/],
      ['it', 'Il vertice si è chiuso.\n\nDi Giorgia Meloni, nessuna traccia.\n\nI ministri sono partiti.', /Giorgia Meloni/],
      ['es', 'NASA: La misión Artemis II despegará en abril desde Florida con cuatro astronautas.', /NASA/],
      ['es', 'UNICEF: Millones de niños siguen sin escuela en la región, según el último informe.', /UNICEF/],
      ['id', 'KPK: Tersangka kasus suap proyek jalan tol diperiksa pekan ini di Jakarta.', /KPK/],
      ['id', 'Harga beras naik di banyak daerah.\n\nDi Jawa Tengah\n\nHarga beras medium mencapai Rp14.000 per kilogram.', /Jawa Tengah/],
      ['en', 'Ballots were late.\n\nPosted by Royal Mail on Monday, the ballot papers reached voters in Orkney two weeks late.', /Royal Mail/],
      // Headings and lines a byline's "by" or particles could take (a review): an avenue ("Av", Swedish "by", only on a
      // first line), a heading whose first word is no given name, a sentence's "bin".
      ['pt', 'A prefeitura vai interditar o trânsito para a obra do VLT.\n\nA interdição vale para a seguinte via:\nAv Rio Branco\n\nOs ônibus serão desviados.', /Rio Branco/],
      ['pt', 'O técnico anuncia os 26 convocados para a Copa do Mundo.\n\nPor Dentro da Seleção\n\nA comissão técnica observou 60 jogadores.', /Seleção/],
      ['es', 'La ruta sale de Valladolid y atraviesa pueblos de adobe.\n\nPor Tierra de Campos\n\nLos palomares marcan el paisaje.', /Tierra de Campos|Campos/],
      ['en', 'By Christmas bin collections should be back to normal across Leeds, the council said.\n\nRubbish has piled up for six weeks.', /bin collections/],
    ];
    for (const [lang, text, kept] of stays) expect(shown({ title: 'Noticia', text, lang }).join(' | ')).toMatch(kept);
    // Without a publishing time, short lines with a date are an event's or a match's facts (a review); "Top 10 albums
    // of 2026" is no date.
    expect(shown({ title: 'Best of the year', text: 'Top 10 albums of 2026\nChosen by our critics\n\nThe year belonged to debut records.', lang: 'en' }).join(' | ')).toMatch(/albums/);
    const fair = 'Harvest Fair\nSaturday 12 September 2026\nHolmfirth Town Hall\nJoin us for a day of produce, crafts and music in the heart of the town.';
    expect(shown({ title: 'Come to the fair', text: fair, lang: 'en' }).join(' | ')).toMatch(/Holmfirth Town Hall/i);
    expect(shown({ title: 'Porto', text: 'Words and photos by Claire Dunmore\n\nPorto is a city of tiles and port cellars.', lang: 'en' }).join(' | ')).not.toMatch(/Dunmore/);
    expect(shown({ title: 'Nets', text: 'Business | Features\n\nInterview by Helen Wragge\n\nThe company recycles fishing nets.', lang: 'en' }).join(' | ')).not.toMatch(/Wragge/i);
  });

  it("drops an interview's repeated labels written nowhere else; a speaker the title names stays", () => {
    const interview = 'Godlisten Massawe ameongoza watalii.\n\nSwali: Maisha ya mpagazi yakoje leo?\n\nJibu: Bado ni magumu kwa wapagazi.\n\nSwali: Kilimanjaro inabadilika?\n\n**Jibu:** Ndiyo, barafu inayeyuka.';
    expect(shown({ title: 'Mwongozaji wa Kilimanjaro', text: interview, lang: 'sw' }).join(' | ')).not.toMatch(/Swali|Jibu/);
    // French typography puts a space before the colon ("Question :"), as Marathi sites do ("हेही वाचा :").
    const french = 'Claire Dubois garde le phare depuis vingt ans.\n\nQuestion : Comment va la lanterne ?\n\nRéponse : La lanterne brille encore.\n\nQuestion : Et la tempête ?\n\nRéponse : Le phare a tenu.';
    expect(shown({ title: 'La gardienne du phare', text: french, lang: 'fr' }).join(' | ')).not.toMatch(/Question|Réponse/);
    // So are a guide's numbered steps ("Étape 1 :", "Giorno 2:"; a European magazines trial).
    const steps = 'Repeindre des volets en bois demande du temps.\n\nÉtape 1 : décrocher les volets\n\nPosez les volets sur des tréteaux.\n\nÉtape 2 : poncer le bois\n\nPoncez le bois des volets.\n\nÉtape 3 : la peinture\n\nPeignez les volets.';
    expect(shown({ title: 'Repeindre ses volets', text: steps, lang: 'fr' }).join(' | ')).not.toMatch(/Étape/);
    const named = 'Kos has kept bees for forty years.\n\nKos: The season was poor.\n\nKos: The acacia bloomed in the rain.';
    expect(shown({ title: 'Beekeeper Janez Kos', text: named, lang: 'en' }).join(' | ')).toMatch(/Kos/);
  });

  it('drops a byline on the first line in any language when the name is written nowhere else', () => {
    const bylines: [string, string, RegExp][] = [
      ['sr', 'Razgovarao: Nikola Perić\n\nJelena Radić, pulmolog u bolnici, upozorava na zagađenje vazduha. Zagađenje je veliko.', /Nikola|Perić|Razgovarao/],
      ['bg', 'Интервю на Елена Маринова\n\nСтефан Илиев е енолог и собственик на винарна. Винарната е малка.', /Елена|Маринова|Интервю/],
      ['sw', 'Na Baraka Mollel, Moshi\n\nGodlisten Massawe amefanya kazi ya kuongoza watalii katika Mlima Kilimanjaro.', /Baraka|Mollel/],
      // In a script without capitals, the name's words as they are (a Marathi reporter's name).
      ['mr', 'सुनीता कुलकर्णी\n\nधरणातील पाणीसाठा २२ टक्के इतका खाली आला आहे. पाणीसाठा कमी झाल्याने शेतकरी चिंतेत आहेत.', /सुनीता|कुलकर्णी/],
      // Another line of the header may follow at once: a rating, a date (a prompts trial's review; a languages trial).
      ['en', 'Review by Helen Carver, Arts Editor\n★★★★☆\n\nThousands of ropes hang from the ceiling of the Turbine Hall. The ropes absorb sound.', /Helen|Carver|arts editor/i],
      ['ha', 'Daga Aminu Abdullahi, Kano\nAn wallafa: Asabar, 5 ga Disamba, 2026\n\nFarashin kayan abinci ya fara sauka a kasuwar hatsi. Farashin masara ya sauka.', /Aminu|Abdullahi/],
    ];
    for (const [lang, text, byline] of bylines) expect(shown({ title: 'Interview', text, lang }).join(' | ')).not.toMatch(byline);
    // Without capitals only a name's few words: an opening line of more is the story's (Hebrew, Arabic; Thai's
    // space-separated runs are clauses).
    const ledes: [string, string, RegExp][] = [
      ['he', 'פיגוע דקירה בשער שכם\n\nמחבל דקר שני שוטרים בשער שכם בירושלים.', /פיגוע דקירה/],
      ['ar', 'عاجل: انفجار ضخم في مرفأ بيروت\n\nهز انفجار ضخم مرفأ بيروت مساء اليوم.', /انفجار ضخم/],
      ['th', 'น้ำท่วมหนักในเชียงใหม่ ประชาชนอพยพ\n\nฝนตกหนักต่อเนื่องสามวัน', /เชียงใหม่/],
    ];
    for (const [lang, text, lede] of ledes) expect(shown({ title: 'ข่าว', text, lang }).join(' | ')).toMatch(lede);
    // A name the story goes on to tell of is its subject.
    const subject = shown({ title: 'Rückkehr', text: 'Ein Besuch im Alten Land\n\nDas Alte Land blüht im Frühling. Die Obstbauern im Alten Land ernten.', lang: 'de' });
    expect(subject.join(' | ')).toMatch(/Alte/);
    // A first line running on into the story, with no blank line after it, is its opening (a review).
    const opening = shown({ title: 'Up close', text: 'Apple Vision Pro\nThe headset costs 3,500 dollars. The reviewer wore it for a week.', lang: 'en' });
    expect(opening.join(' | ')).toMatch(/apple vision/i);
    // Only a byline with a label, an outlet or a role has a date or rating line under it: a heading's date is its own.
    const heading = shown({ title: 'A night to remember', text: 'Remembering Queen Elizabeth\n1926 – 2022\n\nThousands gathered outside the palace. The crowd sang.', lang: 'en' });
    expect(heading.join(' | ')).toMatch(/queen elizabeth/i);
  });

  it('ends a phrase at a line break in every language, as the English tagger does (a second review)', () => {
    const swahili = shown({ title: 'Kilimanjaro', text: 'Mlima Kilimanjaro\nWapandaji walifika kileleni asubuhi na mapema. Wapandaji walisema mlima ulikuwa na theluji.', lang: 'sw' });
    expect(swahili).toContain('Mlima Kilimanjaro');
    expect(swahili.join(' | ')).not.toMatch(/Kilimanjaro Wapandaji/);
  });

  it('drops a title\'s section label in any language (words before a colon or bar the body never writes)', () => {
    const latvian = shown({ title: 'Viedoklis: Latgale nav jāglābj', text: 'Latgales skolas un ceļi. Latgale dzīvo.', lang: 'lv' });
    expect(latvian.join(' | ')).not.toMatch(/Viedoklis/);
    expect(latvian.join(' | ')).toMatch(/Latgale/);
    // Up to three words, none the body writes; a short one whole ("Case study:", "Job:"; trial of non-news pieces).
    const caseStudy = shown({ title: 'Case study: How St Aidan\'s Hospital cut waiting times', text: 'St Aidan\'s Hospital cut outpatient waiting times by 38% with a booking system.', lang: 'en' });
    expect(caseStudy.join(' | ')).not.toMatch(/[Cc]ase|study/);
    expect(shown({ title: 'Job: Senior nurse, Leeds', text: 'A senior nurse will lead our ward team in Leeds.', lang: 'en' }).join(' | ')).not.toMatch(/Job/);
    expect(shown({ title: 'Taiwan quake: death toll rises', text: 'The earthquake in Taiwan killed nine people.', lang: 'en' }).join(' | ')).toMatch(/Taiwan/);
    expect(shown({ title: 'Junk food ads: TV ban delayed again', text: 'Adverts for foods high in fat will stay on screens.', lang: 'en' }).join(' | ')).toMatch(/[Jj]unk food/);
    const tagalog = shown({ title: 'OPINYON | Ang dyip ay hindi basura', text: 'Ang modernisasyon ng dyip ay mabigat sa mga tsuper.', lang: 'tl' });
    expect(tagalog.join(' | ')).not.toMatch(/OPINYON/);
    // What the story is about stays: the body writes it.
    expect(shown({ title: 'Brexit: what happens next', text: 'After Brexit, the ports will need new checks. Brexit changed trade.', lang: 'en' }).join(' | ')).toMatch(/Brexit/);
    // In any form the body writes it ("Ukrainian", "Latvijas"); a short word may be a name ("EU", "NHS").
    expect(shown({ title: 'Ukraine: drones hit Kyiv', text: 'Ukrainian officials said drones hit Kyiv overnight.', lang: 'en' }).join(' | ')).toMatch(/Ukraine/);
    expect(shown({ title: 'Latvija: jauni noteikumi', text: 'Latvijas valdība pieņēma jaunus noteikumus.', lang: 'lv' }).join(' | ')).toMatch(/Latvija/);
  });

  it('joins a dotted abbreviation of letters with vowel signs into one word (Tamil "செ.மீ.", centimetres)', () => {
    const rain = shown({ title: 'சென்னையில் கனமழை', text: 'சென்னையில் 24 செ.மீ. மழை பதிவானது. சென்னையில் பள்ளிகளுக்கு விடுமுறை.', lang: 'ta' }, 20);
    expect(rain.filter((phrase) => phrase === 'மீ' || phrase === 'செ')).toEqual([]);
  });

  it('reads Serbian, in Latin and Cyrillic letters, with the function words it shares with Croatian', () => {
    const cyrillic = shown({ title: 'Почела изградња депоа метроа', text: 'На локацији Макиш данас је почела изградња депоа метроа, саопштило је министарство. Депо ће бити готов за три године.', lang: 'sr' });
    expect(cyrillic.join(' | ')).not.toMatch(/(^| )(је|ће|на|за)( |$)/);
    expect(cyrillic.join(' | ')).toMatch(/Макиш/);
    const latin = shown({ title: 'Valjevo zimi diše zagađen vazduh', text: 'Jelena Radić kaže da je vazduh u Valjevu loš. Ona kaže da se to vidi u bolnici.', lang: 'sr' });
    expect(latin.join(' | ')).not.toMatch(/(^| )(da|je|se|to)( |$)/);
  });

  it('a headline in capitals is one with the body: Greek without its accents, Turkish with its dotted capital İ', () => {
    const greek = extractKeyphrases({ title: 'ΣΕΙΣΜΟΣ ΣΤΗΝ ΚΡΗΤΗ', text: 'Ισχυρός σεισμός στην Κρήτη. Ο σεισμός προκάλεσε ζημιές σε σπίτια. Η Κρήτη μετρά τις ζημιές.', lang: 'el' });
    // One candidate, the title's and the body's: the best, as the body writes it.
    expect(greek.map((k) => k.phrase).slice(0, 2).sort()).toEqual(['Κρήτη', 'σεισμός']);
    expect(greek.map((k) => k.phrase).join(' | ')).not.toMatch(/ΣΕΙΣΜΟΣ|ΚΡΗΤΗ/);
    // Greek's stopword list is written without accents, as capitals are: "ότι" (that), "όπως" (as) are stopwords.
    const accented = shown({ title: 'Νέος νόμος για τη στέγαση', text: 'Η κυβέρνηση λέει ότι ο νόμος βοηθά τους νέους, όπως και τις οικογένειες. Ο νόμος ψηφίστηκε.', lang: 'el' });
    expect(accented.join(' | ')).not.toMatch(/ότι|όπως/);
    const turkish = shown({ title: "İZMİR'DE ORMAN YANGINI", text: "İzmir'de çıkan orman yangını sürüyor. Yangın İzmir'in güneyinde büyüdü.", lang: 'tr' });
    expect(turkish).toContain('İzmir');
    expect(turkish.join(' | ')).not.toMatch(/İZMİR|i̇/);
  });

  it('a phrase only the headline writes, in capitals, is shown as the body writes its words', () => {
    const found = shown({ title: 'OIL SPILL FOULS SHETLAND BEACHES', text: 'Crude oil from a damaged tanker has reached the beaches of Shetland. The spill is the largest in a decade.', lang: 'en' });
    expect(found.join(' | ')).not.toMatch(/OIL|SPILL|BEACHES/);
  });
});
