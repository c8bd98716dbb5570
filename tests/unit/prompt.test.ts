import {
  BUILT_IN_STYLE_PRESETS,
  PROMPT_PLACEHOLDERS,
  buildPrompt,
  dedupeNearDuplicates,
  drawsNothing,
  promptFromAssistant,
  sanitizePromptText,
  type StylePreset,
} from '../../server/src/domain/prompt';

const style = (template: string, negativePrompt?: string): StylePreset => ({ id: 'custom', name: 'Custom', template, negativePrompt });
const photo = BUILT_IN_STYLE_PRESETS[0];
const keyphrases = ['oil spill', 'oil spills', 'Louisiana wetlands', 'the spill', 'brown pelicans', 'floating booms', 'Oil Spill', 'hurricane-force winds', 'oyster beds'];

describe('BUILT_IN_STYLE_PRESETS', () => {
  it('has a handful of editorial styles, editorial-photo first, each using known placeholders', () => {
    expect(photo.id).toBe('editorial-photo');
    expect(BUILT_IN_STYLE_PRESETS.map((p) => p.id)).toEqual(
      expect.arrayContaining(['editorial-photo', 'flat-illustration', 'watercolor', 'isometric-3d', 'ink-sketch']),
    );
    expect(new Set(BUILT_IN_STYLE_PRESETS.map((p) => p.id)).size).toBe(BUILT_IN_STYLE_PRESETS.length);
    expect(PROMPT_PLACEHOLDERS).toEqual(expect.arrayContaining(['{title}', '{keyphrases}', '{subject}']));
    for (const preset of BUILT_IN_STYLE_PRESETS) {
      expect(preset.id).toMatch(/^[a-z0-9][a-z0-9-]{0,47}$/);
      for (const placeholder of preset.template.match(/\{[^}]*\}/g) ?? []) expect(PROMPT_PLACEHOLDERS).toContain(placeholder);
      expect(preset.template).toContain('{subject}');
      expect(preset.negativePrompt).toMatch(/text/);
    }
  });
});

describe('promptFromAssistant', () => {
  it("keeps the prompt writer's prompt without the line announcing it nor its quotes (the review's answer)", () => {
    expect(promptFromAssistant('Here is a richer prompt:\n\n"A lighthouse at dusk."')).toBe('A lighthouse at dusk.');
    expect(promptFromAssistant('A lighthouse at dusk, waves: grey and white.')).toBe('A lighthouse at dusk, waves: grey and white.');
    // A label and a closing note go; quotes inside and a line ending in a colon within the prompt stay (review).
    expect(promptFromAssistant('Sure! Here is your prompt:\n\n**Prompt:** A lighthouse at dusk\n\nThis prompt emphasizes mood.')).toBe('A lighthouse at dusk');
    expect(promptFromAssistant('"Open" sign on a bakery door')).toBe('"Open" sign on a bakery door');
    expect(promptFromAssistant('A lighthouse in the style of:\nwatercolour wash, soft light')).toBe('A lighthouse in the style of: watercolour wash, soft light');
  });
});

describe('sanitizePromptText', () => {
  it('removes URLs, e-mail addresses, markup and control characters and collapses whitespace', () => {
    expect(sanitizePromptText('Read <b>this</b>   at https://example.com/a?b=1 or www.example.org now')).toBe('Read this at or now');
    expect(sanitizePromptText('Mail jane.doe@example.com\u0000 today\u200b!')).toBe('Mail today!');
    expect(sanitizePromptText('<p>Fish &amp; chips</p><script>alert(1)</script>')).toBe('Fish & chips');
    expect(sanitizePromptText('**Bold** and _soft_ [link text](https://x.org) ![alt](a.png) `code`')).toBe('Bold and soft link text alt code');
    expect(sanitizePromptText('Braces {title} cannot inject')).toBe('Braces title cannot inject');
    // The same Markdown reader as article text: block marks go, a fenced prompt keeps its words; every HTML entity.
    expect(sanitizePromptText('# A harbour at dawn\n\n- fishing boats\n- gulls\n\n```\nwatercolour, soft light\n```')).toBe(
      'A harbour at dawn. fishing boats. gulls. watercolour, soft light',
    );
    expect(sanitizePromptText('Caf&eacute; &rarr; bar, visit example.com/menu')).toBe('Café → bar, visit');
    expect(sanitizePromptText('')).toBe('');
    expect(sanitizePromptText(undefined as never)).toBe('');
  });
});

describe('dedupeNearDuplicates', () => {
  it('merges inflections, determiners and contained phrases, keeping the first (a lone word in the wording of a two-word phrase)', () => {
    expect(dedupeNearDuplicates(['oil spill', 'oil spills', 'the spill'])).toEqual(['oil spill']);
    // A lone word takes the wording of a later two-word phrase around it, in its own place.
    expect(dedupeNearDuplicates(['The spill', 'oil spill'])).toEqual(['oil spill']);
    expect(dedupeNearDuplicates(['loaf', 'starter', 'sourdough loaf', 'patient sourdough starter'])).toEqual(['sourdough loaf', 'starter']);
    // Not when the lone word only describes the phrase's head: a lighthouse lantern is a lantern, another thing, and
    // beaver dams are not a beaver (an English trial lost "chicken thighs" after "chicken").
    expect(dedupeNearDuplicates(['lighthouse', 'lighthouse lantern'])).toEqual(['lighthouse', 'lighthouse lantern']);
    expect(dedupeNearDuplicates(['beaver dams', 'beaver', 'emergency food parcels', 'food'])).toEqual(['beaver dams', 'beaver', 'emergency food parcels', 'food']);
    // ...but a phrase whose noun draws nothing is about its word: "climate change" is the climate.
    expect(dedupeNearDuplicates(['climate', 'climate change', 'housing crisis', 'housing'])).toEqual(['climate', 'housing crisis']);
    expect(dedupeNearDuplicates(keyphrases)).toEqual(['oil spill', 'Louisiana wetlands', 'brown pelicans', 'floating booms', 'hurricane-force winds', 'oyster beds']);
    expect(dedupeNearDuplicates(['Michael Buble', 'Buble', 'Luisana Lopilato'])).toEqual(['Michael Buble', 'Luisana Lopilato']);
    expect(dedupeNearDuplicates(['heat pumps', 'heat pump', 'heat loss'])).toEqual(['heat pumps', 'heat loss']);
    expect(dedupeNearDuplicates(['the', '', 'river'])).toEqual(['river']);
    // A lone word that takes a later phrase's wording takes the place of every part of it ("Leeds" too).
    expect(dedupeNearDuplicates(['warehouse', 'Leeds', 'fire', 'Leeds warehouse'])).toEqual(['Leeds warehouse', 'fire']);
    // A lone noun takes the name it heads, as written (a long-form trial: "Editorial photograph of line"); not a
    // headline's words in another form ("robber", "Outrageous Bank Robbers").
    expect(dedupeNearDuplicates(['line', 'journey', 'West Highland Line'])).toEqual(['West Highland Line', 'journey']);
    expect(dedupeNearDuplicates(['reef', 'coral', 'Great Barrier Reef'])).toEqual(['Great Barrier Reef', 'coral']);
    expect(dedupeNearDuplicates(['robber', 'Outrageous Bank Robbers'])).toEqual(['robber']);
    // And the name is the thing the story is about, not a setting (the subject).
    expect(buildPrompt({ title: 'The bridge that built a city', keyphrases: ['bridge', 'arch', 'men', 'Sydney Harbour Bridge', 'steel'], style: photo, maxLength: 2048 })
      .usedKeyphrases[0]).toBe('Sydney Harbour Bridge');
  });

  it('names a person in full when first and last name came apart before the full name', () => {
    expect(dedupeNearDuplicates(['Emily', 'Deschanel', 'Bones', 'Emily Deschanel', 'child'])).toEqual(['Emily Deschanel', 'Bones', 'child']);
    // One lone part is not enough: the longer capitalised phrase may be a title's wording ("The Mars Connection").
    expect(dedupeNearDuplicates(['Mars', 'surge deposits', 'Mars Connection'])).toEqual(['Mars', 'surge deposits']);
    // A place by its name and what it is: named in full.
    expect(dedupeNearDuplicates(['Thwaites', 'glacier', 'meltwater', 'Thwaites Glacier'])).toEqual(['Thwaites Glacier', 'meltwater']);
    // English names a storm, a lake or a mountain with its noun first.
    expect(dedupeNearDuplicates(['storm', 'Darragh', 'Wales', 'Storm Darragh'])).toEqual(['Storm Darragh', 'Wales']);
    expect(dedupeNearDuplicates(['lake', 'Como', 'Lake Como'])).toEqual(['Lake Como']);
    // Lower-case words are not a name's parts; a longer phrase is more than the name.
    expect(dedupeNearDuplicates(['heat', 'pump', 'Heat Pump'])).toEqual(['heat', 'pump']);
    expect(dedupeNearDuplicates(['Emily', 'Deschanel', 'Emily Deschanel Bones'])).toEqual(['Emily', 'Deschanel']);
    // German capitalises every noun: capitals name nothing there.
    expect(dedupeNearDuplicates(['Stadt', 'Berlin', 'Stadt Berlin'], 'de')).toEqual(['Stadt', 'Berlin']);
    expect(dedupeNearDuplicates(['Stadt', 'Stadt Berlin'], 'de')).toEqual(['Stadt']);
  });

  it('compares the words of a script without spaces by its dictionary ("月球南极" holds "月球" and "南极")', () => {
    expect(dedupeNearDuplicates(['月球', '月球南极', '水冰'], 'zh')).toEqual(['月球', '水冰']);
    // Its noun last, as in English: "南极" (south pole) then "月球南极" (the moon's south pole) is one place.
    expect(dedupeNearDuplicates(['南极', '月球南极', '水冰'], 'zh')).toEqual(['月球南极', '水冰']);
  });

  it('where the noun comes first, a lone word takes the wording of the phrase it heads ("Galleria Borghese")', () => {
    expect(dedupeNearDuplicates(['Galleria', 'restauro', 'Galleria Borghese'], 'it')).toEqual(['Galleria Borghese', 'restauro']);
    expect(dedupeNearDuplicates(['lago', 'lago Maggiore'], 'it')).toEqual(['lago Maggiore']);
    // Untagged, a lower-case word after it may be its verb: "bénévoles" keeps its own wording.
    expect(dedupeNearDuplicates(['bénévoles', 'bénévoles restaurent'], 'fr')).toEqual(['bénévoles']);
    // English keeps its noun last: "Borghese gallery" would be the gallery.
    expect(dedupeNearDuplicates(['Galleria', 'Galleria Borghese'], 'en')).toEqual(['Galleria']);
  });

  it('compares words left untranslated by their own language\'s stopwords and stems', () => {
    // French Snowball: "phares" is "phare", "cheval" the singular of "chevaux" (English stems keep them apart).
    expect(dedupeNearDuplicates(['vieux phare', 'phare', 'vieux phares', 'chevaux', 'cheval'], 'fr')).toEqual(['vieux phare', 'chevaux']);
    // "le" is an article, not a content word that would make "le phare" more than "phare".
    expect(dedupeNearDuplicates(['phare', 'le phare'], 'fr-FR')).toEqual(['phare']);
    // German Snowball folds the umlaut of a plural: "Leuchttürme" are lighthouses, "Häuser" houses.
    expect(dedupeNearDuplicates(['alten Leuchtturm', 'Leuchtturm', 'Leuchttürme', 'Häuser', 'Haus'], 'de')).toEqual(['alten Leuchtturm', 'Häuser']);
  });
});

describe('buildPrompt', () => {
  const title = 'Oil spill threatens <em>Louisiana</em> wetlands';

  it('puts the subject first, then three supporting phrases, and leaves out a title the phrases already say', () => {
    const result = buildPrompt({ title, keyphrases, style: photo, maxLength: 2048 });
    expect(result.usedKeyphrases).toEqual(['oil spill', 'Louisiana wetlands', 'brown pelicans', 'floating booms']);
    expect(result.prompt).toBe(
      'Editorial photograph of oil spill, with Louisiana wetlands, brown pelicans, floating booms. Natural light, realistic detail, documentary style, shallow depth of field',
    );
    expect(result.negativePrompt).toBe(photo.negativePrompt);
  });

  it('keeps the title when most of its words are not in the phrases', () => {
    const result = buildPrompt({ title: 'Council votes to close the ferry crossing', keyphrases: ['harbour', 'ferry'], style: photo, maxLength: 2048 });
    expect(result.prompt).toMatch(/^Editorial photograph of ferry, with harbour, for a story about Council votes to close the ferry crossing\. Natural light/);
  });

  it('never makes a lone action the subject and keeps words that draw nothing out', () => {
    const result = buildPrompt({
      title: 'Baking your first sourdough loaf',
      keyphrases: ['baking', 'starter', 'sourdough loaf', 'home', 'heart', 'the first time'],
      style: photo,
      maxLength: 2048,
    });
    expect(result.usedKeyphrases).toEqual(['sourdough loaf', 'starter']);
    expect(result.prompt).toMatch(/^Editorial photograph of sourdough loaf, with starter\. Natural light/);
    // What a blog post is, not what it shows: a recipe, its tips, its minutes.
    expect(buildPrompt({ title: 'T', keyphrases: ['recipe', 'onion tart', 'tips', 'minutes', 'bacon'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['onion tart', 'bacon']);
    // ...an interview, a recap, a guide (translated: "Rencontre", "crónica"), what it shows stays.
    expect(buildPrompt({ title: 'T', keyphrases: ['recap', 'interview', 'beekeeper', 'chronicle', 'guide', 'beehives'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['beekeeper', 'beehives']);
    expect(buildPrompt({ title: 'T', keyphrases: ['easy ways', 'espresso machine', 'weekend guide', 'descaler'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['espresso machine', 'descaler']);
    // Past participles on their own are actions too ("repaired"); nouns that end like one are not ("seabed").
    expect(buildPrompt({ title: 'T', keyphrases: ['repaired', 'lighthouse', 'seabed'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual([
      'lighthouse',
      'seabed',
    ]);
    // Nouns that end like a gerund are things: a building can be the subject.
    expect(buildPrompt({ title: 'T', keyphrases: ['building', 'crane'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['building', 'crane']);
    // So are names that end like one ("Beijing", "Wyoming", "Mohammed").
    expect(buildPrompt({ title: 'T', keyphrases: ['Beijing', 'smog', 'Wyoming', 'Mohammed'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['Beijing', 'smog', 'Wyoming', 'Mohammed']);
    // Past the subject, no phrase headed by what news measures or runs, nor by what a post is; its slot stays empty, no
    // weaker phrase takes it (a prompts trial). A word that may head a thing does not count ("glass case", a review).
    expect(buildPrompt({ title: 'T', keyphrases: ['crown jewels', 'glass case', 'nursing home', 'picnic area'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual([
      'crown jewels',
      'glass case',
      'nursing home',
      'picnic area',
    ]);
    expect(buildPrompt({ title: 'T', keyphrases: ['hut', 'stage-by-stage guide', 'opening hours', 'glacier', 'exam results'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual([
      'hut',
      'glacier',
    ]);
    expect(buildPrompt({ title: 'T', keyphrases: ['coffee', 'chocolate', 'organic sales growth', 'factory', 'Nestlé'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual([
      'coffee',
      'chocolate',
      'factory',
    ]);
    // Only actions and abstractions: the title is drawn instead.
    expect(buildPrompt({ title: 'Learning to swim', keyphrases: ['learning', 'life'], style: photo, maxLength: 2048 }).prompt).toMatch(
      /^Editorial photograph of Learning to swim\. /,
    );
  });

  it('says no act an editorial picture never shows, in a phrase or the title ("sex outside marriage", "murder charge")', () => {
    const bill = buildPrompt({ title: 'Bill to criminalise sex outside marriage faces pushback', keyphrases: ['sex outside marriage', 'Senate Judiciary Committee', 'marriage'], style: photo, maxLength: 2048 });
    expect(bill.prompt).not.toMatch(/sex/i);
    expect(bill.usedKeyphrases).toContain('Senate Judiciary Committee');
    const trial = buildPrompt({ title: 'Man charged', keyphrases: ['murder charge', 'man', 'West Midlands', 'sexual abuse', 'church'], style: photo, maxLength: 2048 });
    expect(trial.prompt).not.toMatch(/murder|abuse/);
    // A name holding such a word is a thing's, as are a crop and a course (reviews); with nothing else to draw, neither is
    // the title.
    expect(buildPrompt({ title: 'Film premiere', keyphrases: ['Suicide Squad', 'cinema'], style: photo, maxLength: 2048 }).prompt).toMatch(/Suicide Squad/);
    expect(buildPrompt({ title: 'Farmers plant less', keyphrases: ['oilseed rape', 'assault course'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['oilseed rape', 'assault course']);
    expect(buildPrompt({ title: 'MURDER TRIAL OPENS', keyphrases: ['murder trial'], style: photo, maxLength: 2048 }).prompt).not.toMatch(/murder/i);
    expect(drawsNothing('MURDER TRIAL OPENS', ['murder trial'])).toBe(true);
    // A title capitalises for style: its act counts in any case (a fourth review: "Murder trial opens" was drawn); a
    // keyphrase's name carries the picture ("Suicide Squad"), and a crop is a crop.
    expect(drawsNothing('Murder trial opens', [])).toBe(true);
    expect(drawsNothing('Suicide Squad Sequel Announced', ['Suicide Squad'])).toBe(false);
    expect(drawsNothing('Farmers plant less Oilseed Rape', [])).toBe(false);
    // A keyphrase's capital from a headline's first word or capitals is no name's (a fifth review: "Murder trial").
    for (const phrase of ['Murder trial', 'MURDER trial']) {
      expect(buildPrompt({ title: 'Trial opens', keyphrases: [phrase, 'Leeds Crown Court'], style: photo, maxLength: 2048 }).prompt).not.toMatch(/murder/i);
    }
  });

  it('draws nothing of what the text is (a newsletter, release notes, an episode), keeping a name before it', () => {
    const school = buildPrompt({ title: 'T', keyphrases: ['school newsletter', 'volcano experiment', 'release notes', 'episode', 'Team news', 'pupils'], style: photo, maxLength: 2048 });
    expect(school.usedKeyphrases).toEqual(['volcano experiment', 'Team', 'pupils']);
    const review = buildPrompt({ title: 'Still the headphones to beat', keyphrases: ['Sony WH-1000XM5 review', 'noise-cancelling headphones'], style: photo, maxLength: 2048 });
    expect(review.usedKeyphrases).toEqual(['noise-cancelling headphones', 'Sony WH-1000XM5']);
    // A capitalised head is a name's ("Fox News", "Nelson's Column"); a number before the head is no name, nor drawable.
    expect(buildPrompt({ title: 'T', keyphrases: ['Fox News', "Nelson's Column", '2024 review', 'Episode 12'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['Fox News', "Nelson's Column"]);
  });

  it('reads a product code or dotted name as a name, so a thing the title names is the subject before it', () => {
    const tutorial = buildPrompt({ title: 'Deploy a Node.js app with Docker containers', keyphrases: ['Node.js', 'Docker containers', 'Nginx'], style: photo, maxLength: 2048 });
    expect(tutorial.usedKeyphrases[0]).toBe('Docker containers');
    const review = buildPrompt({ title: 'WH-1000XM5 headphones tested', keyphrases: ['WH-1000XM5', 'headphones'], style: photo, maxLength: 2048 });
    expect(review.usedKeyphrases[0]).toBe('headphones');
  });

  it('adds no title for its dates and numbers alone ("What\'s on in Manchester: 14–16 June")', () => {
    const events = buildPrompt({ title: 'What\'s On This Weekend in Manchester: 14–16 June', keyphrases: ['Manchester', 'night market'], style: photo, maxLength: 2048 });
    expect(events.prompt).not.toMatch(/for a story about|June|14/);
  });

  it('draws no tax, fee or resale: what news measures is no part of the picture, subject or not', () => {
    const flats = buildPrompt({ title: 'HDB resale prices rise', keyphrases: ['resale', 'fuel levy', 'flats', 'fourth quarter'], style: photo, maxLength: 2048 });
    expect(flats.usedKeyphrases).toEqual(['flats']);
    // In the plural too, and what news decides or a court hears of (a prompts trial: "measles cases", "jobs", "bribery").
    const plant = buildPrompt({ title: 'Carmaker to cut jobs', keyphrases: ['jobs', 'bribery', 'profit forecasts', 'assembly plant', 'points'], style: photo, maxLength: 2048 });
    expect(plant.usedKeyphrases).toEqual(['assembly plant']);
  });

  it('draws nothing the title and text say is not there ("no injuries reported"), nor a title\'s negation', () => {
    const text = 'A fire destroyed the bakery on Harbour Street overnight. There were no injuries. Without power, the street stayed dark.';
    const built = buildPrompt({ title: 'Fire destroys bakery; no injuries reported', keyphrases: ['fire', 'bakery', 'injuries', 'power', 'street'], style: photo, maxLength: 2048, text });
    expect(built.usedKeyphrases).toEqual(['fire', 'bakery', 'street']);
    expect(built.prompt).not.toMatch(/injur|power/);
    // Said once without a negation, in any form, it stays ("Rate limiting an API", "Without a rate limit, …").
    const limits = buildPrompt({ title: 'Rate limiting an API', keyphrases: ['rate limit', 'server'], style: photo, maxLength: 2048, text: 'Without a rate limit, one client can flood the server.' });
    expect(limits.usedKeyphrases).toContain('rate limit');
    const title = buildPrompt({ title: 'Storm batters the coast, no power for thousands of homes', keyphrases: ['terrier'], style: photo, maxLength: 2048 });
    expect(title.prompt).toContain('Storm batters the coast');
    expect(title.prompt).not.toMatch(/power|thousands/);
    // A negation inside a clause or opening the title is left to the title; capitalised, it is a name's (a review).
    for (const kept of ['Man who could not walk climbs Everest', 'No deal Brexit fears grow in Dover', 'Doctors Without Borders opens clinic in Gaza']) {
      expect(buildPrompt({ title: kept, keyphrases: ['terrier'], style: photo, maxLength: 2048 }).prompt).toContain(kept);
    }
    const march = buildPrompt({ title: 'Thousands join No Kings protest in Chicago', keyphrases: ['protest', 'Chicago'], style: photo, maxLength: 2048, text: 'Thousands joined the No Kings protest in Chicago.' });
    expect(march.usedKeyphrases).toContain('protest');
  });

  it('never makes a phrase headed by an action the subject while a thing can be (the demo\'s sourdough guide)', () => {
    // What the extractor gives for the playground's sourdough guide: "baking" takes the wording of "sourdough baking".
    const sourdough = buildPrompt({
      title: 'Baking your first sourdough loaf',
      keyphrases: ['baking', 'starter', 'sourdough loaf', 'Dutch oven', 'patient sourdough starter', 'sourdough baking', 'hot Dutch oven', 'rye flour', 'Good bread', 'home'],
      style: photo,
      maxLength: 2048,
    });
    // (The lone action "baking" goes before near-duplicates are merged: "sourdough baking" keeps its own place.)
    expect(sourdough.usedKeyphrases).toEqual(['sourdough loaf', 'starter', 'Dutch oven', 'sourdough baking']);
    expect(sourdough.prompt).toMatch(/^Editorial photograph of sourdough loaf, with starter, Dutch oven, sourdough baking\. Natural light/);
    // A past participle heads an action too; a noun ending like one does not ("flower bed").
    expect(buildPrompt({ title: 'Roof repaired', keyphrases: ['roof repaired', 'flower bed', 'ladder'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual([
      'flower bed',
      'roof repaired',
      'ladder',
    ]);
    // Nothing else to draw: the action is still the subject rather than nothing.
    expect(buildPrompt({ title: 'T', keyphrases: ['sourdough baking', 'home'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['sourdough baking']);
    // A phrase whose noun draws nothing ("oil prices", "Nike shares") supports the picture but is no subject.
    expect(buildPrompt({
      title: 'Farmers harvest bumper olive crop as oil prices ease', keyphrases: ['oil prices', 'Farmers', 'bumper olive crop', 'southern Spain'], style: photo, maxLength: 2048,
    }).usedKeyphrases).toEqual(['bumper olive crop', 'Farmers', 'southern Spain']);
    // A one-word name, then a longer name it opens: the thing in full, in its place ("Benin Bronzes"); not a person's.
    const bronzes = 'The Smithsonian returned 29 Benin Bronzes to Nigeria. The bronzes were looted by British soldiers in 1897.';
    expect(buildPrompt({ title: 'Smithsonian returns Benin Bronzes', keyphrases: ['Benin', 'Smithsonian', 'Benin Bronzes', 'museum'], style: photo, maxLength: 2048, text: bronzes })
      .usedKeyphrases).toEqual(['Benin Bronzes', 'Smithsonian', 'museum']);
    const president = 'Yoon Suk Yeol declared martial law. Yoon had denied wrongdoing before the Seoul court.';
    expect(buildPrompt({ title: 'Court rules on martial law', keyphrases: ['Yoon', 'martial law', 'Seoul court', 'Yoon Suk Yeol'], style: photo, maxLength: 2048, text: president })
      .usedKeyphrases).not.toContain('Yoon Suk Yeol');
    const jeans = 'Milla Jovovich, usually a knockout, wore high-waisted jeans. Milla paired them with boots.';
    expect(buildPrompt({ title: 'High-waisted jeans return', keyphrases: ['jeans', 'Milla', 'Milla Jovovich'], style: photo, maxLength: 2048, text: jeans })
      .usedKeyphrases).not.toContain('Milla Jovovich');
    const storm = 'Queensland Premier David Crisafulli told reporters the storm was the worst in decades. Queensland braced for floods.';
    expect(buildPrompt({ title: 'Cyclone nears Queensland', keyphrases: ['Queensland', 'cyclone', 'Queensland Premier David Crisafulli'], style: photo, maxLength: 2048, text: storm })
      .usedKeyphrases.join(' ')).not.toMatch(/Crisafulli/);
    // Nor does a condition: the test or the ward shows it.
    expect(buildPrompt({
      title: 'Blood test spots Alzheimer\'s disease early', keyphrases: ['Alzheimer\'s disease', 'blood test vials', 'Lund University'], style: photo, maxLength: 2048,
    }).usedKeyphrases[0]).toBe('blood test vials');
    expect(buildPrompt({ title: 'Nike shares tumble as sales slump', keyphrases: ['Nike', 'Nike shares', 'sales', 'trainers'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual([
      'Nike', 'trainers',
    ]);
    // An institution names no thing to draw, nor does the article's own photo (a world-English trial: "Editorial
    // photograph of forest department", "… of photo" for "photo finish"); a cabinet is furniture (review).
    expect(buildPrompt({
      title: 'Forest department sets up cages for leopard', keyphrases: ['forest department', 'Bengaluru', 'leopard'], style: photo, maxLength: 2048,
    }).usedKeyphrases[0]).toBe('leopard');
    expect(buildPrompt({ title: 'Carpenter restores cabinet', keyphrases: ['cabinet', 'Carpenter'], style: photo, maxLength: 2048 }).usedKeyphrases[0]).toBe('cabinet');
    expect(buildPrompt({ title: 'Chundan wins boat race in photo finish', keyphrases: ['photo', 'Chundan', 'snake boats'], style: photo, maxLength: 2048 })
      .usedKeyphrases).toEqual(['snake boats', 'Chundan']);
    // A lone action merged first would take the thing it describes with it ("cracked", then "cracked bridge").
    expect(buildPrompt({ title: 'Engineers inspect cracked bridge', keyphrases: ['cracked', 'Engineers', 'cracked bridge', 'steel girders'], style: photo, maxLength: 2048 })
      .usedKeyphrases).toContain('cracked bridge');
    // A capitalised last word is a name's part, not a verb form: a person can be the subject.
    expect(buildPrompt({ title: 'Peyton Manning retires', keyphrases: ['Peyton Manning', 'football'], style: photo, maxLength: 2048 }).usedKeyphrases[0]).toBe(
      'Peyton Manning',
    );
  });

  it('says no quote of the title, no feeling, and keeps an activity the phrases name a thing by (a long-form trial)', () => {
    const quoted = buildPrompt({ title: "'We were called thieves': the sub-postmasters who took on the Post Office", keyphrases: ['sub-postmasters', 'Post Office', 'court'], style: photo, maxLength: 2048 });
    expect(quoted.prompt).not.toMatch(/thieves/);
    // A work's title in capitals in a sentence-case title is no quotation (a trial's film review); in Title Case it may be.
    expect(buildPrompt({ title: "Review: 'The Salt Road' is a slow epic about a caravan", keyphrases: ['caravan', 'Sahara'], style: photo, maxLength: 2048 }).prompt)
      .toMatch(/The Salt Road is a slow epic/);
    expect(buildPrompt({ title: "'We Were Called Thieves': Families Evicted From Elm Street", keyphrases: ['families', 'Elm Street'], style: photo, maxLength: 2048 }).prompt).not.toMatch(/Thieves/);
    // Nor is a slogan opening the title before a colon, or one with a comma (a review).
    expect(buildPrompt({ title: "'Welcome to Hell, Liverpool': fans unveil banner", keyphrases: ['banner', 'fans'], style: photo, maxLength: 2048 }).prompt).not.toMatch(/Hell/);
    expect(buildPrompt({ title: "'Stop the War Now': thousands march in London", keyphrases: ['march', 'London'], style: photo, maxLength: 2048 }).prompt).not.toMatch(/Stop the War/);
    expect(buildPrompt({ title: "'Indigo remembers your hands': Q&A with adire artist Folake Adeyemi", keyphrases: ['indigo', 'cloth', 'dye'], style: photo, maxLength: 2048 }).prompt)
      .toMatch(/for a story about adire artist Folake Adeyemi\./);
    // An apostrophe of a word's own is no quote.
    expect(buildPrompt({ title: "The keepers' cottage reopens", keyphrases: ['cottage', 'lighthouse'], style: photo, maxLength: 2048 }).prompt).toMatch(/The keepers' cottage reopens/);
    // A change in a quantity is no subject either ("tax rises" of a budget story, a new user's).
    expect(buildPrompt({ title: 'Chancellor announces tax rises', keyphrases: ['tax rises', 'Treasury', 'budget box'], style: photo, maxLength: 2048 }).usedKeyphrases[0]).not.toBe('tax rises');
    expect(buildPrompt({ title: 'Learning to swim at forty', keyphrases: ['swimming', 'fear', 'swimming pool', 'water'], style: photo, maxLength: 2048 }).usedKeyphrases)
      .toEqual(['swimming pool', 'water']);
    // Nor what the text is ("Photo essay"), a span ("Weekly"), or an office one known person holds ("Mayor"), and no
    // emoji (a developer's trial).
    expect(buildPrompt({ title: 'Photo essay: winter on the Norfolk Broads', keyphrases: ['Photo essay', 'Norfolk Broads', 'winter'], style: photo, maxLength: 2048 }).usedKeyphrases)
      .toEqual(['winter', 'Norfolk Broads']);
    expect(buildPrompt({ title: 'Mayor opens new library in Bristol', keyphrases: ['Mayor', 'new library', 'Bristol'], style: photo, maxLength: 2048 }).usedKeyphrases[0]).toBe('new library');
    expect(buildPrompt({ title: 'The mayor', keyphrases: ['Prime Minister', 'former mayor', 'health minister', 'Tesla CEO', 'Google founder', 'Secretary of State', 'UN Secretary-General', 'library'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['library']);
    expect(buildPrompt({ title: 'Summit', keyphrases: ['ministers', 'President Hotel', 'summit'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['summit', 'ministers', 'President Hotel']);
    // A title naming such a holder is left out of "for a story about" while phrases say what to draw (KPCrowd's
    // "… for a story about Google founder hopes to prove he's ready to lead"); one naming their palace stays.
    expect(buildPrompt({ title: 'Google founder hopes to prove he is ready to lead', keyphrases: ['Google', 'Silicon Valley', 'campus'], style: photo, maxLength: 2048 }).prompt)
      .not.toMatch(/founder/);
    expect(buildPrompt({ title: 'India charges ex-minister for fraud', keyphrases: ['spectrum fraud', 'court'], style: photo, maxLength: 2048 }).prompt).not.toMatch(/minister/);
    expect(buildPrompt({ title: "Fighting rages near president's palace", keyphrases: ['fighting', 'smoke', 'Abidjan'], style: photo, maxLength: 2048 }).prompt).toMatch(/president's palace/);
    // "Executive" in a title is mostly an adjective (a review: "Executive order bans plastic straws" lost its story).
    expect(buildPrompt({ title: 'Executive order bans plastic straws in federal buildings', keyphrases: ['plastic straws', 'drinks'], style: photo, maxLength: 2048 }).prompt).toMatch(/story about Executive order/);
    // A team's captain, a book's author: one person too (a people trial: "white-ball captain", "49-year-old British author").
    expect(buildPrompt({ title: 'Booker shortlist', keyphrases: ['white-ball captain', '49-year-old British author', 'novel'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['novel']);
    // An insurance commissioner is an official (a new user's trial); a sugar substitute a thing (a review).
    expect(buildPrompt({ title: 'Premiums rise', keyphrases: ['Insurance Commissioner', 'stadium'], style: photo, maxLength: 2048 }).usedKeyphrases).toEqual(['stadium']);
    expect(buildPrompt({ title: 'Sweeteners', keyphrases: ['sugar substitute', 'supermarkets'], style: photo, maxLength: 2048 }).usedKeyphrases).toContain('sugar substitute');
    expect(buildPrompt({ title: 'Street food festival 🌮🔥 comes to Glasgow', keyphrases: ['street food 🌮', 'Glasgow'], style: photo, maxLength: 2048 }).prompt).not.toMatch(/\p{Extended_Pictographic}/u);
    // Nor a count, which a translated figure leaves ("5,381 millions" of a company's profit, a European trial's).
    expect(buildPrompt({ title: 'Inditex earns 5,381 millions thanks to Zara', keyphrases: ['millions', 'Inditex', 'Zara', 'shop window'], style: photo, maxLength: 2048 }).usedKeyphrases[0])
      .not.toBe('millions');
    expect(buildPrompt({ title: 'Gloves up in Lagos: the boxing gyms of Lagos Island', keyphrases: ['Lagos', 'boxing', 'gloves', 'gyms'], style: photo, maxLength: 2048 }).usedKeyphrases)
      .toContain('boxing');
    // Not an action the title tells ("admits strangling seven women"), nor a one-word quote (the writer's own).
    expect(buildPrompt({ title: 'Man admits strangling seven women', keyphrases: ['women', 'strangling', 'court'], style: photo, maxLength: 2048 }).usedKeyphrases).not.toContain('strangling');
    expect(buildPrompt({ title: 'Rainn Wilson becomes a "Super" hero', keyphrases: ['hero', 'costume'], style: photo, maxLength: 2048 }).prompt).toMatch(/"Super" hero/);
  });

  it('tells when an English title and keyphrases name nothing to draw, only what the text is or when', () => {
    expect(drawsNothing('Weekly roundup', ['week'])).toBe(true);
    expect(drawsNothing('Newsletter', ['newsletter', 'spring newsletter'])).toBe(true);
    expect(drawsNothing('Weekly roundup', ['harbour crane'])).toBe(false);
    expect(drawsNothing('Starmer visits Sunderland', ['Keir Starmer'])).toBe(false);
    expect(drawsNothing('Sony WH-1000XM5 review', [])).toBe(false);
  });

  it('draws no real person: a full name the phrases also give by its surname alone, nor a title naming them', () => {
    const obituary = buildPrompt({
      title: 'Obituary: Margaret Hale, lighthouse keeper and naturalist',
      keyphrases: ['Hale', 'Margaret Hale', 'lighthouse keeper', 'Bardsey Island', 'Hale family', 'seabirds'], style: photo, maxLength: 2048,
    });
    expect(obituary.usedKeyphrases).toEqual(['lighthouse keeper', 'Bardsey Island', 'seabirds']);
    expect(obituary.prompt).not.toMatch(/Hale|Obituary/);
    // A profile or an obituary calls them by their given name alone (a trial of non-news pieces); a place named after
    // one is no person ("Victoria is", beside "Victoria Park": the park is written in lower case).
    const tribute = 'Margaret Ellison, who founded the Ashgrove Community Garden, has died. Margaret trained as a nurse in Leeds. She turned a car park into a garden.';
    expect(buildPrompt({
      title: 'Ashgrove mourns its gardener', keyphrases: ['Margaret', 'Margaret Ellison', 'Ashgrove Community Garden', 'car park'], style: photo, maxLength: 2048, text: tribute,
    }).prompt).not.toMatch(/Margaret|Ellison/);
    const park = 'Victoria Park reopens on Saturday. Victoria is spending $2m on the park and its lake.';
    expect(buildPrompt({ title: 'Park reopens', keyphrases: ['Victoria Park', 'lake', 'Victoria'], style: photo, maxLength: 2048, text: park }).prompt).toMatch(/Victoria Park/);
    // A club's or a firm's "he" is a player's or a boss's, named between (reviews: "Sydney FC", "Morgan Stanley" were
    // lost as people).
    const aLeague = 'Sydney FC beat Melbourne Victory 3-1. Sydney led twice before half-time through Joe Lolley. He scored both, and they now top the A-League.';
    expect(buildPrompt({ title: 'Sydney win the derby', keyphrases: ['Sydney FC', 'Melbourne Victory', 'Sydney'], style: photo, maxLength: 2048, text: aLeague }).prompt).toMatch(/Sydney FC/);
    const bank = 'Morgan Stanley will cut 300 jobs in Hong Kong. Morgan cut the jobs this week, and its chief executive said his priority was costs.';
    expect(buildPrompt({ title: 'Bank cuts jobs', keyphrases: ['Morgan Stanley', 'Hong Kong', 'jobs'], style: photo, maxLength: 2048, text: bank }).prompt).toMatch(/Morgan Stanley/);
    // A name the text writes after "the" is a thing's, whatever the phrases give by its end (a trial of prompts: the
    // stadium a story was about was taken for a person and left out).
    const stadium = 'The Oakland Coliseum, home to three teams, will be demolished. The Coliseum opened in 1966. Mayor Barbara Lee said the site offered a chance.';
    expect(buildPrompt({
      title: 'Oakland residents mourn as stadium to be demolished', keyphrases: ['Oakland Coliseum', 'Coliseum', 'Oakland residents', 'Barbara Lee'], style: photo, maxLength: 2048, text: stadium,
    }).prompt).toMatch(/Oakland Coliseum/);
    const visit = buildPrompt({
      title: 'Starmer visits car plant', keyphrases: ['Starmer', 'car plant', 'Prime Minister Keir Starmer', 'Nissan', 'production line'], style: photo, maxLength: 2048,
    });
    expect(visit.usedKeyphrases).toEqual(['car plant', 'Nissan', 'production line']);
    // A place's or a thing's name is no person ("Great Britain" and "Britain", "Mount Everest" and "Everest").
    expect(buildPrompt({ title: 'Climbers return to Everest', keyphrases: ['Everest', 'Mount Everest', 'climbers'], style: photo, maxLength: 2048 }).prompt).toMatch(/Everest/);
    expect(buildPrompt({ title: 'Floods in Britain', keyphrases: ['Britain', 'Great Britain', 'floods'], style: photo, maxLength: 2048 }).prompt).toMatch(/Britain/);
    // A name's end the phrases use for something else is a club's, a place's or a firm's (review): kept. A person's
    // circle is still theirs ("Hale family" above).
    const kept: Array<[string, string[], RegExp]> = [
      ['Manchester United beat Chelsea at Old Trafford', ['United', 'Manchester United', 'Old Trafford', 'Chelsea', 'United manager'], /Manchester United/],
      ['Bayern Munich win the Bundesliga again', ['Bayern Munich', 'Munich', 'Bundesliga', 'Munich players'], /Bayern Munich/],
      ['Wildfire spreads across the Sierra Nevada', ['Sierra Nevada', 'Nevada', 'wildfire', 'Nevada officials'], /Sierra Nevada/],
      ['Lakers sign a new centre', ['Lakers', 'Los Angeles Lakers', 'basketball court'], /Lakers/],
      ['Pistons retire Rodman jersey', ['Detroit', 'Pistons', 'Detroit Pistons', 'jersey'], /Detroit Pistons/],
    ];
    for (const [title, phrases, name] of kept) expect(buildPrompt({ title, keyphrases: phrases, style: photo, maxLength: 2048 }).prompt).toMatch(name);
    // A person stays one when news makes their name a noun's ("Trump tariffs", "Swift fans"), is called by first name
    // too ("Bukayo", "Bukayo Saka"), or by an end written in capitals ("Erik ten Hag", "Ten Hag") (the second review).
    const people: Array<[string, string[], RegExp]> = [
      ['Tariffs hit steel', ['Donald Trump', 'Trump', 'Trump tariffs', 'steel imports', 'White House'], /Trump/],
      ['Fans queue for tickets', ['Taylor Swift', 'Swift', 'Swift fans', 'stadium'], /Swift/],
      ['Arsenal beat Chelsea', ['Chelsea', 'Arsenal', 'Bukayo', 'Bukayo Saka', 'Saka', 'late winner'], /Saka/],
      ['United sack their manager', ['Erik ten Hag', 'Ten Hag', 'Old Trafford', 'press conference'], /Hag/],
    ];
    for (const [title, phrases, name] of people) expect(buildPrompt({ title, keyphrases: phrases, style: photo, maxLength: 2048 }).prompt).not.toMatch(name);
    // Named once, after a role or honorific in the article's text (a new user's match report and a trial's business story).
    const text = 'Arsenal manager Mikel Arteta praised the crowd. Ford chief executive Jim Farley said the plant would close. Star Wars fans queued.';
    const named = buildPrompt({ title: 'Plant to close', keyphrases: ['engine plant', 'Mikel Arteta', 'Jim Farley', 'Star Wars', 'jobs'], style: photo, maxLength: 2048, text });
    expect(named.prompt).not.toMatch(/Arteta|Farley/);
    expect(named.prompt).toMatch(/Star Wars/);
    // A possessive, a particle, "Mc", an initial, "CEO"; not across a sentence's end, after a hyphen, or a league's
    // "leader" (the third review).
    const drawn = (keyphrases: string[], text: string) => buildPrompt({ title: 'Story', keyphrases, style: photo, maxLength: 2048, text }).prompt;
    expect(drawn(['Chelsea', 'Mikel Arteta', 'Emirates'], "Arsenal manager Mikel Arteta's side beat Chelsea.")).not.toMatch(/Arteta/);
    expect(drawn(['Erik', 'Erik ten Hag', 'Old Trafford'], 'United sacked manager Erik ten Hag on Monday.')).not.toMatch(/Erik|Hag/);
    expect(drawn(['rugby', 'Brian McDermott'], 'Rugby league coach Brian McDermott was fired.')).not.toMatch(/McDermott/);
    expect(drawn(['library', 'George W. Bush'], 'Former President George W. Bush opened the library.')).not.toMatch(/Bush/);
    expect(drawn(['chip', 'Jensen Huang'], 'Nvidia CEO Jensen Huang unveiled a chip.')).not.toMatch(/Huang/);
    // Officers, officials and a match's substitute, abbreviated or not (a trial of prompts).
    expect(drawn(['soldier', 'Nairac', 'Capt. Robert Nairac'], 'The killing of Capt. Robert Nairac in 1977. Nairac was killed.')).not.toMatch(/Nairac/);
    expect(drawn(['reform', 'Monica Lindeen'], 'said Montana Insurance Commissioner Monica Lindeen, a Democrat.')).not.toMatch(/Lindeen/);
    // Letters after the name (a prompts trial: "Prosecutor James Okafor KC").
    expect(drawn(['court', 'Prosecutor James Okafor KC'], 'Prosecutor James Okafor KC told the court the scheme ran for years.')).not.toMatch(/Okafor/);
    expect(drawn(['late winner', 'Jhon'], "Substitute Jhon Duran's lob won it. Jhon has something special.")).not.toMatch(/Jhon/);
    // A trial of untuned news: an age in a description of a person, a name a "his" goes on from with no other name
    // between; a club the clause names before a person's "his" stays.
    expect(drawn(['vote', 'Bakare-Williams'], 'Okafor defeated Tunde Bakare-Williams. Bakare-Williams, a 41-year-old tech entrepreneur, rejected the result.')).not.toMatch(/Bakare/);
    expect(drawn(['Villa Park', 'Emery'], 'It was a bad day for Unai Emery. Emery was frustrated with his side at Villa Park.')).not.toMatch(/Emery/);
    expect(drawn(['Villa', 'pitch'], 'Aston Villa lost again. Villa lost at home, and Emery said his players were tired.')).toMatch(/Villa/);
    expect(drawn(['Lagos', 'market'], 'She moved to Lagos with her husband in 1990.')).toMatch(/Lagos/);
    // A second trial: an obituary's age; not a thing's age (a review: cheese, a pub).
    expect(drawn(['district nurse', 'Dorothy Pickering'], 'My mother, Dorothy Pickering, who has died aged 94, was a district nurse.')).not.toMatch(/Pickering/);
    // A club, a firm, a place, a ship or a dish whose clause another person's "his" or "he" ends is none (a review).
    expect(drawn(['Manchester United', 'Old Trafford'], 'Manchester United were booed off, and the manager defended his tactics.')).toMatch(/Manchester United/);
    expect(drawn(['Hong Kong', 'harbour'], 'Hong Kong is where he grew up.')).toMatch(/Hong Kong/);
    expect(drawn(['Crystal Palace', 'Selhurst Park'], 'Crystal Palace won 2-0 at home. He scored twice.')).toMatch(/Crystal Palace/);
    expect(drawn(['The Eagle', 'pub'], 'The Eagle, a 400-year-old pub, reopens on Friday.')).toMatch(/The Eagle/);
    expect(drawn(['Bar Italia', 'coffee'], 'Bar Italia, a 75-year-old café, serves coffee all night.')).toMatch(/Bar Italia/);
    expect(drawn(['Parmigiano Reggiano', 'cheese'], 'We used Parmigiano Reggiano, aged 36 months, for the sauce.')).toMatch(/Parmigiano Reggiano/);
    expect(drawn(['budget cuts', 'Scott Brown'], 'Sen. Scott Brown backed the bipartisan deal.')).not.toMatch(/Brown/);
    expect(drawn(['Nottingham Forest', 'pitch'], 'He spoke as the City manager. Nottingham Forest defended deep.')).toMatch(/Nottingham Forest/);
    expect(drawn(['Savoy Hotel', 'London'], 'They stayed at the five-star Savoy Hotel in London.')).toMatch(/Savoy Hotel/);
    expect(drawn(['Inter Milan', 'Serie A'], 'Serie A leader Inter Milan won again.')).toMatch(/Inter Milan/);
    // A name with its particles; a title naming them in capitals; words left untranslated (not German, which
    // capitalises every noun); the title standing in for the subject loses the name.
    expect(buildPrompt({ title: 'Von der Leyen visits Kyiv', keyphrases: ['Ursula von der Leyen', 'von der Leyen', 'Kyiv', 'railway station'], style: photo, maxLength: 2048 }).prompt)
      .not.toMatch(/Leyen/);
    expect(buildPrompt({ title: 'Margaret Hale nous a quittés', keyphrases: ['Margaret Hale', 'Hale', 'phare', 'île de Bardsey'], style: photo, maxLength: 2048, language: 'fr' }).prompt)
      .not.toMatch(/Hale/);
    expect(buildPrompt({ title: 'Starmer visits Sunderland', keyphrases: ['Starmer', 'Keir Starmer'], style: photo, maxLength: 2048 }).prompt).toMatch(/^Editorial photograph of visits Sunderland\./);
    // Named in full, then by last name alone in the article's text, in any language (a European trial's exhibition
    // review: the extractor shows "Morisot" as "Berthe Morisot"); not a name's end after a name or a short word.
    const review = 'Le musée d’Orsay consacre une rétrospective à Berthe Morisot. Dès 1864, Morisot peint en plein air. La critique ignore longtemps ses toiles.';
    const exhibition = buildPrompt({ title: 'Exhibition: the painter the impressionists forgot', keyphrases: ['Berthe Morisot', 'museum', 'Orsay', 'painting'], style: photo, maxLength: 2048, language: 'en', text: review, textLanguage: 'fr' });
    expect(exhibition.prompt).not.toMatch(/Morisot/);
    expect(exhibition.usedKeyphrases[0]).toBe('museum');
    // A sentence's first word may be a club's short name, bare in any language (a second review).
    const palace = 'Le Crystal Palace a battu Arsenal à Selhurst Park. Palace a marqué deux fois.';
    expect(buildPrompt({ title: 'Victoire', keyphrases: ['Crystal Palace', 'Arsenal', 'Selhurst Park'], style: photo, maxLength: 2048, language: 'en', text: palace, textLanguage: 'fr' }).usedKeyphrases)
      .toContain('Crystal Palace');
    const derby = 'El Betis ganó el derbi en el Villamarín. Más de 50.000 aficionados llenaron el Benito Villamarín.';
    expect(buildPrompt({ title: 'Betis wins the derby', keyphrases: ['Benito Villamarín', 'Betis', 'derby'], style: photo, maxLength: 2048, language: 'en', text: derby, textLanguage: 'es' }).prompt).toMatch(/Benito Villamarín/);
    // Not in English, which writes a club's or a firm's short name as bare as a person's (a review).
    const villa = 'Aston Villa beat Chelsea 2-1. Villa scored twice after the break, and Goldman Sachs analysts watched. Sachs said nothing.';
    expect(drawn(['Aston Villa', 'Villa Park', 'Chelsea', 'Goldman Sachs'], villa)).toMatch(/Aston Villa.*Villa Park.*Chelsea/);
    // English names a person by last name as it quotes or titles them (KPCrowd: "Trina Turk … Turk told", "William
    // Hague … Mr Hague", "Ms Temperley" were drawn); an institution says things too ("the Labor Department said").
    const quoted = 'Designer Trina Turk opened a shop in Washington. "It is a good city," Turk told reporters. The Labor Department said jobs grew. ' +
      'William Hague flew to Cairo; Mr Hague met diplomats.';
    expect(drawn(['Trina Turk', 'shop', 'William Hague', 'Labor Department'], quoted)).not.toMatch(/Turk|Hague/);
    expect(drawn(['Trina Turk', 'shop', 'William Hague', 'Labor Department'], quoted)).toMatch(/Labor Department/);
    // A name's generation mark: "Marcos" of "Ferdinand Marcos Jr" and "Marcos Jr" (a people trial).
    expect(drawn(['Marcos', 'flood barriers', 'Ferdinand Marcos Jr', 'Marcos Jr'], 'Floods hit Manila.')).not.toMatch(/Marcos/);
    expect(drawn(['del Socorro', 'school', 'burrito truck'], 'Maria del Socorro ran to the school. "I went to get my son," del Socorro said.')).not.toMatch(/Socorro/);
    // Journalists, lawyers and editors are roles before a name too (a people trial: "journalist Lisa Wilkinson").
    expect(drawn(['Wilkinson', 'defamation case', 'court'], 'The network paid journalist Lisa Wilkinson\'s costs. Wilkinson spoke outside court.')).not.toMatch(/Wilkinson/);
    // (An office's own name is no person: "The Attorney General's Office said", a second review.)
    expect(drawn(["Attorney General's Office", 'courthouse'], "The Attorney General's Office said it would appeal.")).toMatch(/Attorney General's Office/);
    // A club named by its people in the text is no person ("Villa manager Unai Emery": a people trial lost the subject).
    expect(drawn(['Aston Villa', 'Villa', 'late winner', 'Bayern'], 'Aston Villa beat Bayern. Villa manager Unai Emery praised the late winner.')).toMatch(/Aston Villa/);
    // (Not people a person has too: "Trump officials", "Musk employees", a second review.)
    expect(drawn(['Donald Trump', 'Trump', 'White House'], 'Donald Trump spoke. Trump officials and Trump staff met in the White House.')).not.toMatch(/Trump/);
    // A firm's or club's statement is said, not quoted so; "Dr Pepper" is a drink (a review).
    const firms = 'Goldman Sachs said profits rose. Aston Villa said in a statement that the striker had signed. Dr Martens boots and Dr Pepper sold well.';
    expect(drawn(['Goldman Sachs', 'Aston Villa', 'Dr Martens', 'Dr Pepper'], firms)).toMatch(/Goldman Sachs.*Aston Villa.*Dr Martens.*Dr Pepper/);
    // A surname ending in -s is no plural ("Ollie Watkins" beside "Ollie" is no "Detroit Pistons"), and the first name
    // alone goes too (a new user's match report drew "Ollie Watkins", then "Jarrod"); "said Villa manager" is no speech.
    const match = 'Aston Villa beat Brentford at Villa Park, with Ollie Watkins scoring twice. "We were patient," said Villa manager Unai Emery. ' +
      'Villa captain John McGinn said: "Ollie was outstanding." Watkins said the win lifted the squad. Villa said the stand was full.';
    const football = drawn(['Watkins', 'Aston Villa', 'Villa Park', 'Ollie', 'Ollie Watkins'], match);
    expect(football).not.toMatch(/Watkins|Ollie/);
    expect(football).toMatch(/Aston Villa.*Villa Park/);
    // Unquoted, only after a given name: a club, band or firm says things too (a third review: "Villa said they would
    // appeal", "Stones said"); a first name goes only as a keyphrase of its own (not "Sydney Opera House").
    expect(drawn(['Aston Villa', 'Villa Park'], 'Aston Villa have been fined by UEFA. Villa said they would appeal.')).toMatch(/Aston Villa.*Villa Park/);
    expect(drawn(['Rolling Stones', 'stadium stage'], 'The Rolling Stones will tour. Stones said tickets go on sale on Friday.')).toMatch(/Rolling Stones/);
    // A full name after "the" is a club's or a band's, whatever its first word (a fifth review: "Sydney" is a given name).
    expect(drawn(['Sydney Swans', 'SCG', 'premiership'], 'The Sydney Swans won the premiership at the SCG. Swans said the parade would be in Sydney.')).toMatch(/Sydney Swans/);
    // Any given name, whether or not the lists know it (a fourth review: Donald, Mohamed, Narendra are not in them);
    // a first name the text writes as a place stays ("in Florence").
    // ("-is" and "-us" end surnames, not plurals: "Kamala Harris".)
    for (const [name, place, surname] of [['Donald Trump', 'Mar-a-Lago', 'Trump'], ['Mohamed Salah', 'Anfield', 'Salah'], ['Narendra Modi', 'Taj Mahal', 'Modi'], ['Kamala Harris', 'Capitol Hill', 'Harris']]) {
      expect(drawn([name, place], `${name} visited ${place} on Monday. ${surname} said the trip was useful.`)).not.toMatch(new RegExp(surname));
    }
    expect(drawn(['Florence Pugh', 'Florence', 'Duomo'], 'Florence Pugh filmed in Florence. Pugh said the Duomo was stunning.')).toMatch(/Florence.*Duomo|Duomo.*Florence/);
    const sweeney = drawn(['Sydney Sweeney', 'Sydney Opera House', 'film crew'], 'Sydney Sweeney filmed at the Sydney Opera House. Sweeney said the harbour was stunning.');
    expect(sweeney).toMatch(/Sydney Opera House/);
    expect(sweeney).not.toMatch(/Sweeney/);
    // A given name as a keyphrase of its own, or ending one, is the person ("Jarrod" of "Jarrod Bowen", "Dame Vivienne").
    expect(drawn(['Jarrod', 'Jarrod Bowen', 'Bowen', 'Dame Vivienne', 'Vivienne Westwood', 'Westwood', 'catwalk'], 'Jarrod Bowen scored. Vivienne Westwood designed it.')).toBe(
      drawn(['catwalk'], 'Jarrod Bowen scored. Vivienne Westwood designed it.'));
    // "Dr" before another name's end is a title; a quote ended by a full stop is no speech tag ("…patient." Villa added).
    expect(drawn(['Anthony Fauci', 'laboratory'], 'Anthony Fauci visited the laboratory. Dr Fauci said the virus spread.')).not.toMatch(/Fauci/);
    expect(drawn(['Aston Villa', 'Villa Park'], '"We were patient." Villa added a third goal at Villa Park.')).toMatch(/Aston Villa/);
    // So is a full name given an age or a role right after it ("John Floyd Thomas Jr., 74, …"), not a firm described.
    const apposed = 'Li Yuanping, a vice minister at the quarantine agency, spoke. Ana Araujo, 30, lives here. Goldman Sachs, the investment bank, agreed.';
    expect(drawn(['Li Yuanping', 'Ana Araujo', 'Goldman Sachs', 'harbour'], apposed)).not.toMatch(/Li Yuanping|Ana Araujo/);
    expect(drawn(['Li Yuanping', 'Ana Araujo', 'Goldman Sachs', 'harbour'], apposed)).toMatch(/Goldman Sachs/);
    // A last name alone among the keyphrases, its full name only in the text: a person if that name has a middle initial
    // and an age, or the text writes an initial before the last name as scorers' lists do (an English news trial drew
    // "Fontaine" and "Cody"); not an initial inside a name nor a code's letter ("Jackie O Show", "3G Verizon iPhone").
    expect(drawn(['Fontaine', 'city contracts', 'bribery'], 'A jury found Daniel R. Fontaine, 61, guilty of bribery. Fontaine remains free.')).not.toMatch(/Fontaine/);
    expect(drawn(['Cody', 'Croke Park', 'hurling final'], 'Eoin Cody scored twice at Croke Park. Cody collected the ball.\n\nKilkenny: E Cody 2-3, B Drennan 0-11')).not.toMatch(/Cody/);
    expect(drawn(['Jackie O Show', 'radio studio'], 'The Jackie O Show was taken off air at the radio studio.')).toMatch(/Jackie O Show/);
    expect(drawn(['Verizon', 'phone shop'], 'A 3G Verizon iPhone is slower. Verizon said sales were strong at the phone shop.')).toMatch(/Verizon/);
    // A full name read from the text only needs what a person has: a quote or a role after it is a club's or a firm's
    // too ("Palace said", "Aston Villa, whose striker"; a review), and "K Street" or "John F. Kennedy Center" are places.
    expect(drawn(['Palace', 'fine', 'Selhurst Park'], 'Crystal Palace have been fined. "We accept the decision," Palace said in a statement.')).toMatch(/Palace/);
    // A quote tells a person read from the text after a common given name only: firms, clubs and bands are quoted too,
    // after a place, an owner or a description (a third review: "Seattle-based Boeing", "Glasgow Celtic").
    expect(drawn(['Weiner', 'AMC', 'Mad Men'], 'AMC renewed Mad Men, created by Matthew Weiner. "I am glad," Weiner said.')).not.toMatch(/Weiner/);
    // (The full name may be written possessive: KPCrowd's "Wayne Rooney's hat trick".)
    expect(drawn(['Rooney', 'United', 'hat trick'], 'Wayne Rooney\'s hat trick kept United top. "We don\'t give up," Rooney said.')).not.toMatch(/Rooney/);
    for (const [thing, text] of [['Boeing', 'Seattle-based Boeing delayed deliveries. "We are working with the FAA," Boeing said.'],
      ['Celtic', 'Glasgow Celtic won the title. "The fans were magnificent," Celtic said.'], ['Oasis', 'Noel Gallagher\'s Oasis will tour. "The guns have fallen silent," Oasis said.'],
      ['Nvidia', 'Chipmaker Nvidia reported record profits. "Demand is extraordinary," Nvidia said.']]) {
      expect(drawn([thing, 'stadium tour'], text)).toMatch(new RegExp(thing));
    }
    // A role before an initial and a last name, and an age after the last name alone (a second review).
    expect(drawn(['Chandrasekaran', 'Tata Sons', 'steel plant'], 'Tata Sons chairman N. Chandrasekaran visited the steel plant.')).not.toMatch(/Chandrasekaran/);
    expect(drawn(['Almodóvar', 'Golden Lion', 'Venice'], 'Pedro Almodóvar won the Golden Lion in Venice. "Cinema is life," Almodóvar, 74, told the audience.')).not.toMatch(/Almodóvar/);
    expect(drawn(['Villa', 'Brugge', 'quarter-final'], 'Aston Villa, whose striker Ollie Watkins scored twice, beat Brugge in the quarter-final.')).toMatch(/Villa/);
    expect(drawn(['K Street', 'lobbyists'], 'Lobbyists on K Street reported record revenue.')).toMatch(/K Street/);
    expect(drawn(['Kennedy Center', 'John F. Kennedy Center', 'gala'], 'The John F. Kennedy Center for the Performing Arts named its honorees. The Kennedy Center gala is in December.')).toMatch(/Kennedy Center/);
    expect(drawn(['Vice Admiral Michael H. Miller', 'Naval Academy', 'midshipmen'], 'Vice Admiral Michael H. Miller spoke to midshipmen at the Naval Academy.')).not.toMatch(/Miller/);
    // "forward" is mostly no role ("brought forward Black Friday deals"), and a Title Case title's roles are not read:
    // every word there looks like a name ("Mayor Opens New Bridge"; a review).
    expect(drawn(['Black Friday', 'retailers'], 'Retailers brought forward Black Friday deals this year.')).toMatch(/Black Friday/);
    expect(drawn(['Adel Taarabt', 'Chelsea', 'transfer fee'], 'Chelsea will bid for QPR forward Adel Taarabt. The transfer fee is £8m.')).not.toMatch(/Taarabt/);
    expect(drawn(['Viktor Gyokeres', 'Arsenal', 'transfer fee'], 'Arsenal are tracking Sporting forward Viktor Gyokeres. The transfer fee is high.')).not.toMatch(/Gyokeres/);
    expect(drawn(['Nunez', 'Brentford', 'Anfield'], 'Liverpool forward Darwin Nunez scored twice at Anfield. Nunez beat Brentford.')).not.toMatch(/Nunez/);
    // (A date before a name is no given name, though the lists hold "Tuesday": a fourth review.)
    expect(drawn(['Ryanair', 'flights', 'fares'], 'Ryanair cut 500 flights. On Tuesday Ryanair said fares would rise. "Fares will go up," Ryanair said.')).toMatch(/Ryanair/);
    for (const title of ['Mayor Opens New Bridge', 'Mayor Opens New Bridge over the River', 'Mayor Opens New Bridge 7 yrs on', 'Mayor v Council: New Bridge Opens']) {
      expect(buildPrompt({ title, keyphrases: ['new bridge', 'river', 'residents'], style: photo, maxLength: 2048,
        text: 'The mayor opened the new bridge over the river. Residents cheered.' }).prompt).toMatch(/new bridge/);
    }
    expect(drawn(['Morgan Stanley', 'jobs', 'New York'], 'Going forward Morgan Stanley will cut 2,000 jobs, the bank told staff in New York.')).toMatch(/Morgan Stanley/);
    // The title is read for roles too ("Benfica striker João Ferreira": "João" alone is no given name the lists know).
    expect(buildPrompt({ title: 'Arsenal sign Benfica striker João Ferreira', keyphrases: ['Ferreira', 'Benfica', 'João', 'João Ferreira', 'training ground'], style: photo,
      maxLength: 2048, text: 'The Gunners have signed Benfica forward João Ferreira. "João has everything," said the club.' }).prompt).not.toMatch(/João|Ferreira/);
    // (German capitalises every noun: its text is not read so.)
    expect(buildPrompt({ title: 'Bahn', keyphrases: ['Deutsche Bahn', 'Streik'], style: photo, maxLength: 2048, language: 'en', text: 'Die Deutsche Bahn streikt. Bahn fährt nicht.', textLanguage: 'de' }).prompt).toMatch(/Deutsche Bahn/);
  });

  it('prefers as subject a phrase the title names, among the three best', () => {
    const phrases = ['volunteers', 'lantern room', 'old lighthouse', 'Puffin Island'];
    const result = buildPrompt({ title: 'Volunteers restore the old lighthouse on Puffin Island', keyphrases: phrases, style: photo, maxLength: 2048 });
    expect(result.usedKeyphrases[0]).toBe('volunteers');
    const other = buildPrompt({ title: 'The old lighthouse reopens', keyphrases: phrases, style: photo, maxLength: 2048 });
    expect(other.usedKeyphrases).toEqual(['old lighthouse', 'volunteers', 'lantern room', 'Puffin Island']);
    // Fourth or later: not promoted over the best phrases.
    expect(buildPrompt({ title: 'Puffin Island news', keyphrases: phrases, style: photo, maxLength: 2048 }).usedKeyphrases[0]).toBe('volunteers');
    // Of the phrases the title names, a thing before a bare name: the place is the setting (a new-user trial's
    // Dutch story came out "photograph of Rotterdam").
    const solar = buildPrompt({ title: 'Rotterdam opens floating solar park', keyphrases: ['Rotterdam', 'floating solar park', 'solar panels'], style: photo, maxLength: 2048 });
    expect(solar.usedKeyphrases).toEqual(['floating solar park', 'Rotterdam', 'solar panels']);
    // A place named by a compass point is still the setting (a trial's wildfire came out "photograph of southern Oregon").
    const fire = buildPrompt({ title: 'Wildfire forces 30,000 to flee in southern Oregon', keyphrases: ['southern Oregon', 'wildfire', 'Medford'], style: photo, maxLength: 2048 });
    expect(fire.usedKeyphrases[0]).toBe('wildfire');
    // A lone word the title says in a longer phrase further down: that phrase, which says what the story is about.
    const chips = buildPrompt({ title: 'Chipmaker to build $5bn chip factory in Ohio', keyphrases: ['chips', 'Ohio', 'chipmaker', 'jobs', 'chip factory'], style: photo, maxLength: 2048 });
    expect(chips.usedKeyphrases[0]).toBe('chip factory');
    // What the subject says already is not said again.
    const strike = buildPrompt({ title: 'Felixstowe dockworkers strike over pay', keyphrases: ['Felixstowe', 'strike', 'Felixstowe dockworkers strike', 'Hutchison Ports'], style: photo, maxLength: 2048 });
    expect(strike.usedKeyphrases).toEqual(['Felixstowe dockworkers strike', 'Hutchison Ports']);
    // Not in words left untranslated, whose phrases may be verbs without a tagger ("yendi", won).
    const turkish = buildPrompt({ title: 'Galatasaray derbide Fenerbahçe\'yi yendi', keyphrases: ['Galatasaray', 'yendi', 'Fenerbahçe'], style: photo, maxLength: 2048, language: 'tr' });
    expect(turkish.usedKeyphrases[0]).toBe('Galatasaray');
  });

  it('applies the English rules to English words only', () => {
    const result = buildPrompt({ title: 'Le phare', keyphrases: ['vieux phare', 'bénévoles'], style: photo, maxLength: 2048, language: 'fr' });
    expect(result.usedKeyphrases).toEqual(['vieux phare', 'bénévoles']);
    // "home" in a French text is not the English word.
    expect(buildPrompt({ title: 'X', keyphrases: ['home'], style: photo, maxLength: 2048, language: 'fr' }).usedKeyphrases).toEqual(['home']);
  });

  it('reads untranslated words by their own language: the title is left out when the phrases already say it', () => {
    // The demo's French article as the extractor reads it, its words left untranslated (no translation helper).
    const french = buildPrompt({
      title: 'Des bénévoles restaurent le vieux phare de l’île aux Macareux',
      keyphrases: ['bénévoles', 'phare', 'bénévoles restaurent', 'équipe', 'vieux phare', 'réparé', 'lanterne', 'île', 'maison', 'gardien'],
      style: photo,
      maxLength: 2048,
      language: 'fr',
    });
    expect(french.usedKeyphrases).toEqual(['bénévoles', 'vieux phare', 'équipe', 'réparé']);
    expect(french.prompt).toBe(
      'Editorial photograph of bénévoles, with vieux phare, équipe, réparé. Natural light, realistic detail, documentary style, shallow depth of field',
    );
    const german = buildPrompt({
      title: 'Die Freiwilligen haben den alten Leuchtturm auf der Insel restauriert',
      keyphrases: ['alten Leuchtturm', 'Freiwillige', 'Leuchttürme', 'Insel', 'Besucher'],
      style: photo,
      maxLength: 2048,
      language: 'de-DE',
    });
    expect(german.usedKeyphrases).toEqual(['alten Leuchtturm', 'Freiwillige', 'Insel', 'Besucher']);
    expect(german.prompt).toMatch(/^Editorial photograph of alten Leuchtturm, with Freiwillige, Insel, Besucher\. Natural light/);
    // A title that says more than the phrases stays, in any language.
    expect(buildPrompt({ title: 'Le conseil municipal vote la fermeture du bac', keyphrases: ['port', 'bac'], style: photo, maxLength: 2048, language: 'fr' }).prompt).toMatch(
      /^Editorial photograph of bac, with port, for a story about Le conseil municipal vote la fermeture du bac\. /,
    );
  });

  it('respects maxKeyphrases', () => {
    expect(buildPrompt({ title, keyphrases, style: photo, maxLength: 2048, maxKeyphrases: 2 }).usedKeyphrases).toEqual(['oil spill', 'Louisiana wetlands']);
    const none = buildPrompt({ title, keyphrases, style: photo, maxLength: 2048, maxKeyphrases: 0 });
    expect(none.usedKeyphrases).toEqual([]);
    expect(none.prompt).toMatch(/^Editorial photograph of Oil spill threatens Louisiana wetlands\. Natural light/);
  });

  it('leaves no empty placeholder and no doubled punctuation without keyphrases or title', () => {
    const result = buildPrompt({ title: 'Budget vote', keyphrases: [], style: photo, maxLength: 2048 });
    expect(result.prompt).toBe('Editorial photograph of Budget vote. Natural light, realistic detail, documentary style, shallow depth of field');
    const empty = buildPrompt({ title: '', keyphrases: [], style: photo, maxLength: 2048 });
    expect(empty.prompt).toBe('Natural light, realistic detail, documentary style, shallow depth of field');
    for (const preset of BUILT_IN_STYLE_PRESETS) {
      for (const phrases of [[], ['river'], ['river', 'bridge']]) {
        const { prompt } = buildPrompt({ title: 'A title', keyphrases: phrases, style: preset, maxLength: 2048 });
        expect(prompt).not.toMatch(/[{}]|([,.;:!?])\s*[,.;:!?]|\s[,.;:]|^\W/);
      }
    }
  });

  it('leaves unknown placeholders out cleanly', () => {
    const result = buildPrompt({
      title: 'Harbour festival',
      keyphrases: ['tall ships', 'fireworks'],
      style: style('A {mood} poster of {subject} in {place}, with {keyphrases}; about {title}. {unknown}'),
      maxLength: 2048,
    });
    expect(result.prompt).toBe('A poster of tall ships, with fireworks; about Harbour festival.');
  });

  it('uses only the keyphrases a template has room for', () => {
    const subjectOnly = buildPrompt({ title: 'T', keyphrases: ['a river', 'a bridge'], style: style('Painting of {subject}'), maxLength: 100 });
    expect(subjectOnly).toEqual({ prompt: 'Painting of a river', usedKeyphrases: ['a river'] });
    const listOnly = buildPrompt({ title: 'T', keyphrases: ['river', 'bridge'], style: style('Painting: {keyphrases}'), maxLength: 100 });
    expect(listOnly).toEqual({ prompt: 'Painting: river, bridge', usedKeyphrases: ['river', 'bridge'] });
    expect(buildPrompt({ title: 'T', keyphrases: ['river'], style: style('A plain painting'), maxLength: 100 }).usedKeyphrases).toEqual([]);
  });

  it('caps the length at a word boundary, dropping trailing keyphrases before cutting the title', () => {
    const full = buildPrompt({ title, keyphrases, style: photo, maxLength: 2048 }).prompt;
    const shorter = buildPrompt({ title, keyphrases, style: photo, maxLength: full.length - 10 });
    expect(shorter.prompt.length).toBeLessThanOrEqual(full.length - 10);
    expect(shorter.usedKeyphrases).toEqual(['oil spill', 'Louisiana wetlands', 'brown pelicans']);
    const withTitle = { title: 'Council votes to close the ferry crossing', keyphrases: ['ferry', 'harbour', 'car deck'], style: photo };
    const long = buildPrompt({ ...withTitle, maxLength: 2048 }).prompt;
    const cut = buildPrompt({ ...withTitle, maxLength: long.length - 5 });
    expect(cut.usedKeyphrases).toEqual(['ferry', 'harbour']);
    expect(cut.prompt).toContain('Council votes to close the ferry crossing');

    const longTitle = 'A very long headline about the regional council meeting that went on well into the night';
    for (const maxLength of [60, 90, 120, 150]) {
      const result = buildPrompt({ title: longTitle, keyphrases: ['council meeting', 'night session'], style: photo, maxLength });
      expect(result.prompt.length).toBeLessThanOrEqual(maxLength);
      expect(result.prompt).toContain('council meeting');
      // Ends on a whole word of the template or title.
      expect(`${photo.template} ${longTitle} council meeting`).toContain(result.prompt.split(' ').pop()!.replace(/[.,]$/, ''));
    }
    const capped = buildPrompt({ title: longTitle, keyphrases: ['council meeting'], style: photo, maxLength: 60 });
    expect(capped.usedKeyphrases).toEqual(['council meeting']);
    expect(buildPrompt({ title, keyphrases, style: photo, maxLength: 0 }).prompt).toBe('');
  });

  it('reads a hostile text in time: 100,000 spaces or tabs between names (a lookbehind tried at every place took 30 s)', () => {
    for (const gap of [' '.repeat(99_000), '\t \t'.repeat(33_000)]) {
      const started = Date.now();
      const built = buildPrompt({ title: 'Story', keyphrases: ['Fontaine', 'city hall'], style: photo, maxLength: 2048, text: `Daniel Fontaine was here.${gap} Fontaine said.` });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(built.prompt).toMatch(/city hall/);
    }
    // A title or keyphrase holding a whole text is read as far as a title goes (a review: 100,000 characters took the
    // process's whole heap).
    const started = Date.now();
    const huge = buildPrompt({ title: 'škoda '.repeat(16_666), keyphrases: ['škoda '.repeat(833)], style: photo, maxLength: 2048 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(huge.prompt.length).toBeLessThanOrEqual(2048);
    // ...cut between words, never inside a character (a fourth review: "…work and a long w.", a lone surrogate).
    const cut = buildPrompt({ title: `${'a'.repeat(999)}😀tail`, keyphrases: [`${'harbour '.repeat(130)}seals`], style: photo, maxLength: 4096 }).prompt;
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\bharbo\b/);
  });

  it('sanitizes the keyphrases and the negative prompt too', () => {
    const result = buildPrompt({
      title: 'Title',
      keyphrases: ['<b>river</b> https://x.org', '\u0007bridge'],
      style: style('{keyphrases}', ' blurry,  <i>text</i> '),
      maxLength: 200,
    });
    expect(result).toEqual({ prompt: 'river, bridge', negativePrompt: 'blurry, text', usedKeyphrases: ['river', 'bridge'] });
  });
});
