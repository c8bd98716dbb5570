import { placeholderAltText } from '../../server/src/domain/alt-text';
import { extractKeyphrases } from '../../server/src/domain/keyphrases';
import { loadLanguageDetector } from '../../server/src/domain/language';
import { blocksToText, extractFieldText, markdownToText, type AttributeSchema, type ComponentSchemas } from '../../server/src/domain/text';
import { textHashOf } from '../../server/src/services/pipeline/preparation';

// franc (language detection) is an ES module, loaded once before the first detection.
beforeAll(() => loadLanguageDetector());

const paragraphs = (text: string) => text.split('\n\n');

describe('markdownToText', () => {
  const article = [
    '---',
    'title: Balcony tomatoes',
    'tags: [garden]',
    '---',
    '',
    '# Growing tomatoes on a balcony',
    '',
    'Tomatoes **love** sun. Read [the guide](https://example.com/guide_(v2) "Guide") or visit https://garden.example.org/tips.',
    'Write to jane.doe@example.com for *seeds*.',
    '',
    '![A tomato plant](https://img.example.com/t.png)',
    '',
    '## What you need',
    '',
    '- A large pot',
    '- Good soil, ideally `peat-free`',
    '  and well drained',
    '- [x] Sunlight',
    '',
    '1. Water daily',
    '2. Feed weekly!',
    '',
    '```js',
    'const tomatoes = 42;',
    '```',
    '',
    '    indented code line',
    '    another code line',
    '',
    '> A quote from *someone* famous.',
    '',
    '| Variety | Colour |',
    '|---------|:------:|',
    '| Roma    | Red    |',
    '',
    'Harvest time',
    '============',
    '',
    'Use snake_case_names and 2 * 3 * 4. Caf&eacute; &amp; cr&egrave;me&#x21; \\*not emphasis\\*',
    '<div class="note">Inline <strong>HTML</strong> here<br>and there</div>',
    '', // an HTML block runs to the next blank line (CommonMark): without it the next line would be raw HTML-block text
    'See [the docs][1] and a footnote[^1].',
    '',
    '[1]: https://example.com/docs',
  ].join('\n');
  const text = markdownToText(article);

  it('keeps prose, one block per paragraph, heading and list item', () => {
    expect(paragraphs(text)).toEqual([
      'Growing tomatoes on a balcony.',
      'Tomatoes love sun. Read the guide or visit.\nWrite to for seeds.',
      'What you need.',
      'A large pot.',
      'Good soil, ideally\nand well drained.',
      'Sunlight.',
      'Water daily.',
      'Feed weekly!',
      'A quote from someone famous.',
      'Variety, Colour.',
      'Roma, Red.',
      'Harvest time.',
      'Use snake_case_names and 2 * 3 * 4. Café & crème! *not emphasis*',
      'Inline HTML here\nand there',
      'See the docs and a footnote.',
    ]);
  });

  it('removes front matter, code, URLs, e-mail addresses, images and markup', () => {
    for (const gone of ['title:', 'tags', 'const tomatoes', 'indented code', 'peat-free', 'http', 'example.', '@', 'tomato plant', '#', '**', '](', '|', '<', '&amp;', '---', '[x]', '[1]']) {
      expect(text).not.toContain(gone);
    }
  });

  it('treats HTML from a rich-text editor as HTML, not as indented Markdown', () => {
    const html = [
      '<h2>Le marché</h2>',
      '<p>Le <a href="https://x.fr/marche">marché</a> de Lyon&nbsp;est <em>ouvert</em>.</p>',
      '    <ul>',
      '        <li>Fromages</li>',
      '        <li>Pain&hellip;</li>',
      '    </ul>',
      '<figure class="image"><img src="a.jpg" alt="x"><figcaption>Vue du marché</figcaption></figure>',
      '<pre><code>console.log(1)</code></pre>',
      '<script>alert(1)</script><!-- note -->',
    ].join('\n');
    expect(paragraphs(markdownToText(html))).toEqual(['Le marché.', 'Le marché de Lyon est ouvert.', 'Fromages.', 'Pain…', 'Vue du marché']);
  });

  it('reads pretty-printed HTML as HTML when a style, a script, an embed or a comment opens it', () => {
    const paragraphsAfter = (opening: string) =>
      `${opening}\n<section class="article-body">\n    <p>Lava rose above the fissure.</p>\n\n    <p>Residents were evacuated.</p>\n</section>`;
    for (const opening of ['<style>.lead{font-size:120%}</style>', '<script>track()</script>', '<iframe src="https://v.example/1"></iframe>', '<!-- imported -->']) {
      expect(paragraphs(markdownToText(paragraphsAfter(opening)))).toEqual(['Lava rose above the fissure.', 'Residents were evacuated.']);
    }
  });

  it('ends an HTML table\'s row as a sentence, its last cell\'s comma gone', () => {
    const table = '<table><tr><th>Season</th><th>Gardens</th></tr>\n<tr><td>March–October</td><td>9:00–19:00</td></tr></table>';
    expect(paragraphs(markdownToText(table))).toEqual(['Season, Gardens.', 'March–October, 9:00–19:00.']);
  });

  it('leaves out social posts embedded as quotes, in HTML and in Markdown; a quote of the story stays', () => {
    const tweet = '<blockquote class="twitter-tweet"><p lang="en">Two walkers safe.</p>&mdash; Patterdale MRT (@PatterdaleMRT) <a href="https://twitter.com/x">January 14, 2026</a></blockquote>';
    expect(paragraphs(markdownToText(`<p>The team rescued two walkers.</p>\n${tweet}\n<p>They were unhurt.</p>`))).toEqual(['The team rescued two walkers.', 'They were unhurt.']);
    const post = '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/x/"><div><a href="https://www.instagram.com/p/x/">A post shared by Sam Okafor (@samferments)</a></div></blockquote>';
    expect(paragraphs(markdownToText(`Intro paragraph.\n\n${post}\n\nMore text.`))).toEqual(['Intro paragraph.', 'More text.']);
    expect(markdownToText('<blockquote><p>A quote of the story.</p></blockquote>')).toBe('A quote of the story.');
  });

  it('reads Markdown that opens with an embed\'s HTML as Markdown', () => {
    const markdown = [
      '<div class="video-embed"><iframe src="https://player.vimeo.com/video/1"></iframe></div>',
      '',
      '## Why the **Kestrel Trek** won',
      '',
      'Our [full test](https://example.com/test) compared three bikes.',
      '',
      '| Bike | Price |',
      '|---|---|',
      '| Voltra City | £999 |',
      '',
      '```js',
      'const range = battery / consumption;',
      '```',
    ].join('\n');
    expect(paragraphs(markdownToText(markdown))).toEqual(['Why the Kestrel Trek won.', 'Our full test compared three bikes.', 'Bike, Price.', 'Voltra City, £999.']);
    // Not Markdown's look inside code, nor a link typed in a paragraph, in pretty-printed HTML (a review).
    const html = '<article>\n    <p>Read [our guide](https://x.org/guide) first.</p>\n    <pre><code># install\nhandlers[name](event);</code></pre>\n\n    <p>Each handler gets the event.</p>\n</article>';
    expect(paragraphs(markdownToText(html))).toEqual(['Read [our guide] first.', 'Each handler gets the event.']);
    // Paragraphs closed as HTML closes them are HTML, whatever a line in them reads (a second review).
    const list = '<p>Shopping list:<br>\n- eggs<br>\n- flour</p>\n\n    <p>Whisk the eggs well.</p>\n\n    <p>Bake for twenty minutes.</p>';
    expect(markdownToText(list)).toContain('Bake for twenty minutes.');
    // A README's centred badges and an entity are no paragraph of words: its Markdown is read.
    expect(markdownToText('<p align="center"><a href="x"><img src="b.svg"></a>&nbsp;<a href="y"><img src="c.svg"></a></p>\n\n# Project\n\nSome text.')).toBe('Project.\n\nSome text.');
  });

  it('does not add a period after a heading that already ends a sentence', () => {
    expect(markdownToText('## Why now?\n\nBecause.')).toBe('Why now?\n\nBecause.');
  });

  it('drops an unclosed fence to the end, as Markdown renderers do', () => {
    expect(markdownToText('Intro.\n\n~~~\ncode\nmore code')).toBe('Intro.');
  });

  it('keeps fenced code inside a list item out; a line indented past the item goes on in the item (CommonMark)', () => {
    expect(markdownToText('- one\n\n  ```\n  x = 1\n  ```\n\n    still in the item\n\nAfter.')).toBe('one.\n\nstill in the item.\n\nAfter.');
  });

  // Each of these read wrong with the hand-written line scanner markdown-it replaced.
  it('reads a setext heading inside a list item as a heading', () => {
    expect(markdownToText('- Harvest\n  =======\n  Pick the fruit when red.')).toBe('Harvest.\n\nPick the fruit when red.');
  });

  it('resolves shortcut reference links and drops definitions spread over several lines', () => {
    const text = 'See the [guide] and the [full manual][manual].\n\n[guide]: https://example.com/guide\n[manual]:\n  https://example.com/manual\n  "The manual"';
    expect(markdownToText(text)).toBe('See the guide and the full manual.');
  });

  it('keeps link text holding brackets, and nested emphasis inside a link', () => {
    expect(markdownToText('A [link with [nested] brackets](https://x.org) and **[the *full* report](https://x.org)**.')).toBe(
      'A link with [nested] brackets and the full report.',
    );
  });

  it('does not read a hard-wrapped line starting with a year as a list (only "1." interrupts a paragraph)', () => {
    expect(markdownToText('The storm that hit the whole Atlantic coast in\n1986. It was the worst in a century.')).toBe(
      'The storm that hit the whole Atlantic coast in 1986. It was the worst in a century.',
    );
  });

  it("keeps a short line's break (a kicker, byline or dateline on its own line) and joins a line its writer's editor wrapped", () => {
    const wire = 'Obituary\nBy Alasdair Munro, Scotland editor\nThe former miner who led the pit strike in the valley\nhas died aged 91, his family said.\nHe was born in Fife.';
    const expected = 'Obituary\nBy Alasdair Munro, Scotland editor\nThe former miner who led the pit strike in the valley has died aged 91, his family said.\nHe was born in Fife.';
    expect(markdownToText(wire)).toBe(expected);
    expect(extractFieldText(wire, { type: 'text' }, () => undefined)).toBe(expected);
    // So the byline is known as one and stays out of the keyphrases (it was read as "Alasdair Munro", "Scotland editor").
    const phrases = extractKeyphrases({ title: 'Miners’ strike leader dies at 91', text: expected, lang: 'en' }).map((p) => p.phrase);
    expect(phrases).toContain('pit strike');
    expect(phrases.join('|')).not.toMatch(/Munro|editor/i);
    // Existing images keep the text hash they were made for: a line break counts as the space it was read as before.
    expect(textHashOf({ title: 'T', text: expected })).toBe(textHashOf({ title: 'T', text: expected.replace(/\n/g, ' ') }));
  });

  it('treats indented lines as code inside list items and quotes too, HTML in them included', () => {
    expect(markdownToText('Intro.\n\n    <p>Code sample, not prose</p>\n\nAfter.')).toBe('Intro.\n\nAfter.');
    expect(markdownToText('* a\n\n      code in the item\n\n* b\n\n> quoted\n>\n>     code in the quote')).toBe('a.\n\nb.\n\nquoted');
  });

  it('reads a backslash line break as a break, and text that only looks like markup literally', () => {
    expect(markdownToText('Line one\\\nLine two')).toBe('Line one\nLine two');
    // "&lt;script&gt;" is shown as text: it must not be read as an unclosed script that hides the rest.
    expect(markdownToText('The &lt;script&gt; tag runs code.\n\nAnother paragraph.')).toBe('The <script> tag runs code.\n\nAnother paragraph.');
  });

  it('keeps the words of code and image descriptions when asked (prompts), still without markup or URLs', () => {
    const text = 'Run `npm i` then:\n\n```\nmake tea\n```\n\n![A *tomato* plant](https://x.org/t.png)';
    expect(markdownToText(text, { keepCodeAndImageText: true })).toBe('Run npm i then:\n\nmake tea\n\nA tomato plant');
    expect(markdownToText(text)).toBe('Run then:');
  });

  it('drops footnotes (an aside or a source) and their markers, as Strapi\'s editor reads them', () => {
    const text = markdownToText('Measles cases rose sharply[^who] this spring.^[An inline aside.]\n\nClinics opened late.\n\n[^who]: WHO/UNICEF joint press release, 2024.\n    Measles monthly report.');
    expect(text).toBe('Measles cases rose sharply this spring.\n\nClinics opened late.');
  });

  it('never throws on odd input', () => {
    for (const odd of [null, undefined, 42, {}, [], '', '   ', '`', '[', '![](', '<', '&#xffffffff;', '|---|', '#', '> ', '* * *']) {
      expect(() => markdownToText(odd as unknown as string)).not.toThrow();
    }
    expect(markdownToText(null as unknown as string)).toBe('');
  });

  it('stays fast on pathological input (no quadratic regex scans)', () => {
    const nasty = ['['.repeat(50_000), '!['.repeat(25_000), '**a '.repeat(12_000), '<a href="x" '.repeat(5_000), 'a.'.repeat(25_000) + '@', '`a '.repeat(15_000)];
    const started = Date.now();
    for (const input of nasty) markdownToText(input);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('blocksToText', () => {
  const blocks = [
    { type: 'heading', level: 2, children: [{ type: 'text', text: 'Why bees matter' }] },
    {
      type: 'paragraph',
      children: [
        { type: 'text', text: 'Bees pollinate ' },
        { type: 'text', text: 'a third', bold: true },
        { type: 'text', text: ' of our food. See ' },
        { type: 'link', url: 'https://bees.example.org/report', children: [{ type: 'text', text: 'the report', italic: true }] },
        { type: 'text', text: ' or run ' },
        { type: 'text', text: 'npm i bees', code: true },
        { type: 'text', text: '.' },
      ],
    },
    {
      type: 'list',
      format: 'unordered',
      children: [
        { type: 'list-item', children: [{ type: 'text', text: 'Plant wildflowers' }] },
        { type: 'list-item', children: [{ type: 'text', text: 'Avoid pesticides!' }] },
        { type: 'list', format: 'ordered', indentLevel: 1, children: [{ type: 'list-item', children: [{ type: 'text', text: 'Especially neonicotinoids' }] }] },
      ],
    },
    { type: 'code', language: 'javascript', children: [{ type: 'text', text: 'const bees = 1;' }] },
    { type: 'image', image: { url: '/uploads/bee.jpg', alternativeText: 'A bee', name: 'bee.jpg' }, children: [{ type: 'text', text: '' }] },
    { type: 'quote', children: [{ type: 'text', text: 'No bees, no food. Mail bees@example.org' }] },
    { type: 'paragraph', children: [{ type: 'text', text: '' }] },
  ];

  it('keeps text and link text, leaves out code, images and URLs', () => {
    expect(paragraphs(blocksToText(blocks))).toEqual([
      'Why bees matter.',
      'Bees pollinate a third of our food. See the report or run.',
      'Plant wildflowers.',
      'Avoid pesticides!',
      'Especially neonicotinoids.',
      'No bees, no food. Mail',
    ]);
  });

  it('accepts the JSON still serialized', () => {
    expect(blocksToText(JSON.stringify(blocks.slice(0, 1)))).toBe('Why bees matter.');
  });

  it('never throws on malformed values and caps depth', () => {
    for (const odd of [null, undefined, 'not json', 7, {}, [null, 1, 'x', { type: 'paragraph' }, { type: 'paragraph', children: 'x' }], [{ type: 'list', children: [null, { children: 5 }] }]]) {
      expect(() => blocksToText(odd)).not.toThrow();
    }
    let deep: Record<string, unknown> = { type: 'text', text: 'bottom' };
    for (let i = 0; i < 10_000; i++) deep = { type: 'link', children: [deep] };
    expect(() => blocksToText([{ type: 'paragraph', children: [deep] }])).not.toThrow();
  });
});

describe('extractFieldText', () => {
  const schemas: Record<string, Record<string, AttributeSchema>> = {
    'shared.quote': { author: { type: 'string' }, body: { type: 'text' }, email: { type: 'email' } },
    'shared.rich-text': { body: { type: 'richtext' } },
    'shared.media': { file: { type: 'media' }, caption: { type: 'string' } },
    'shared.section': { heading: { type: 'string' }, quotes: { type: 'component', component: 'shared.quote', repeatable: true } },
    'shared.loop': { self: { type: 'component', component: 'shared.loop' }, label: { type: 'string' } },
  };
  const components: ComponentSchemas = (uid) => schemas[uid];

  it('drops shortcodes of a site moved from WordPress, keeping the words between them; "[sic]" stays', () => {
    const value = '[caption id="attachment_55" align="alignnone" width="300"]<img src="seal.jpg" /> Grey seal pups on the beach[/caption]\n\nThe colony grew. [gallery ids="1,2,3"]\n\n[embed]https://youtu.be/abc[/embed]\n\nHe said [sic] it was fine.';
    for (const type of ['text', 'richtext']) {
      expect(extractFieldText(value, { type }, components)).toBe('Grey seal pups on the beach\n\nThe colony grew.\n\nHe said [sic] it was fine.');
    }
  });

  it('drops bare addresses under a country\'s second-level domain ("bbc.co.uk/sport", "festival.org.au")', () => {
    expect(extractFieldText('Full table: bbc.co.uk/sport/football/table. Tickets at sydneyfestival.org.au/whats-on now.', { type: 'text' }, components)).toBe('Full table:. Tickets at now.');
  });

  it('reads plain strings, dropping pasted URLs', () => {
    expect(extractFieldText('  Hello   world https://x.org  ', { type: 'string' }, components)).toBe('Hello world');
    expect(extractFieldText('Visit example.com/page or Example.ORG today, see www.x.org.', { type: 'string' }, components)).toBe('Visit or today, see.');
    expect(extractFieldText('First paragraph.\n\n\nSecond paragraph, its first line long enough to be wrapped\nby an editor.', { type: 'text' }, components)).toBe(
      'First paragraph.\n\nSecond paragraph, its first line long enough to be wrapped by an editor.',
    );
    // French sets ; : ! ? off with a space: kept (a new-user trial's alt text read "Pas-de-Calais: les habitants").
    expect(extractFieldText('Inondations dans le Pas-de-Calais\u00a0: les habitants évacués !', { type: 'string' }, components)).toBe(
      'Inondations dans le Pas-de-Calais : les habitants évacués !',
    );
  });

  it('reads rich text (Markdown) and blocks', () => {
    expect(extractFieldText('## Title\n\nSome **bold** text.', { type: 'richtext' }, components)).toBe('Title.\n\nSome bold text.');
    expect(extractFieldText([{ type: 'paragraph', children: [{ type: 'text', text: 'Hi.' }] }], { type: 'blocks' }, components)).toBe('Hi.');
  });

  it('skips attribute types that hold no prose', () => {
    const skipped = ['email', 'uid', 'enumeration', 'media', 'relation', 'json', 'integer', 'decimal', 'float', 'biginteger', 'date', 'datetime', 'time', 'boolean', 'password'];
    for (const type of skipped) expect(extractFieldText('some-value text', { type }, components)).toBe('');
  });

  it('walks a dynamic zone with each component schema', () => {
    const zone = [
      { __component: 'shared.rich-text', id: 1, body: 'Intro with a [link](https://x.org).' },
      { __component: 'shared.media', id: 2, file: { url: '/uploads/a.jpg', name: 'a.jpg' }, caption: 'A caption' },
      {
        __component: 'shared.section',
        id: 3,
        heading: 'Voices',
        quotes: [
          { id: 4, author: 'Ada', body: 'Numbers are poetry.', email: 'ada@example.com' },
          { id: 5, author: 'Grace', body: 'Ship it.' },
        ],
      },
      { __component: 'shared.unknown', id: 6, body: 'ignored' },
      null,
      'garbage',
    ];
    expect(paragraphs(extractFieldText(zone, { type: 'dynamiczone', components: ['shared.rich-text', 'shared.media', 'shared.section'] }, components))).toEqual([
      'Intro with a link.',
      'A caption',
      'Voices',
      'Ada',
      'Numbers are poetry.',
      'Grace',
      'Ship it.',
    ]);
  });

  it('leaves out links and credits inside components: another page\'s title, a picture\'s maker', () => {
    const linked: Record<string, Record<string, AttributeSchema>> = {
      'blocks.related': { heading: { type: 'string' }, links: { type: 'component', component: 'blocks.link', repeatable: true } },
      'blocks.link': { label: { type: 'string' }, url: { type: 'string' } },
      'blocks.figure': { image: { type: 'media' }, caption: { type: 'string' }, credit: { type: 'string' } },
      'blocks.paragraph': { text: { type: 'richtext' } },
    };
    const zone = [
      { __component: 'blocks.figure', caption: 'Volunteers lower a new oak gate into Lock 7.', credit: 'Getty Images / Reuters' },
      { __component: 'blocks.related', heading: 'Related', links: [{ label: 'Best pizza restaurants in Cardiff', url: 'https://news.example/pizza' }, { label: 'New cycle lanes', url: '/news/cycle-lanes' }] },
      { __component: 'blocks.paragraph', text: 'The canal reopens in May.' },
    ];
    expect(paragraphs(extractFieldText(zone, { type: 'dynamiczone' }, (uid) => linked[uid]))).toEqual(['Volunteers lower a new oak gate into Lock 7.', 'Related', 'The canal reopens in May.']);
    // Beside prose a link's target goes, not the prose (a review: a page-builder section's text was lost).
    const section = { heading: { type: 'string' }, body: { type: 'richtext' }, ctaUrl: { type: 'string' }, ctaLabel: { type: 'string' } } as const;
    const withCta = { heading: 'The restoration', body: 'The river gardens reopened after a two-year restoration.', ctaUrl: '/tickets', ctaLabel: 'Book tickets' };
    expect(paragraphs(extractFieldText(withCta, { type: 'component', component: 'blocks.section' }, () => section))).toEqual([
      'The restoration', 'The river gardens reopened after a two-year restoration.', 'Book tickets',
    ]);
    // Two short strings and a path are a hero's heading and subheading, not a link (a second review).
    const hero = { heading: { type: 'string' }, subheading: { type: 'string' }, background: { type: 'string' } } as const;
    const heroItem = { heading: 'Riverside gardens reopen after two years', subheading: 'Volunteers restored the Victorian glasshouse', background: '/uploads/hero.jpg' };
    expect(paragraphs(extractFieldText(heroItem, { type: 'component', component: 'blocks.hero' }, () => hero))).toEqual([
      'Riverside gardens reopen after two years', 'Volunteers restored the Victorian glasshouse',
    ]);
    // A link's one-word values are no second label: "Food", "_blank", "arrow-right" (a third review).
    const card = { title: { type: 'string' }, url: { type: 'string' }, category: { type: 'string' }, icon: { type: 'string' } } as const;
    const cardItem = { title: 'Best pizza restaurants in Cardiff', url: '/food/pizza-cardiff', category: 'Food', icon: 'arrow-right' };
    expect(extractFieldText(cardItem, { type: 'component', component: 'blocks.card' }, () => card)).toBe('');
    // Nor a switch or a choice (a fourth review: "isExternal", "target").
    const button = { label: { type: 'string' }, url: { type: 'string' }, isExternal: { type: 'boolean' }, target: { type: 'enumeration' } } as const;
    expect(extractFieldText({ label: 'Book tickets', url: 'https://x.org/t', isExternal: true, target: '_blank' }, { type: 'component', component: 'blocks.button' }, () => button)).toBe('');
  });

  it('reads single and repeatable components', () => {
    expect(extractFieldText({ author: 'Ada', body: 'Hi.' }, { type: 'component', component: 'shared.quote' }, components)).toBe('Ada\n\nHi.');
    expect(extractFieldText([{ author: 'A' }, { author: 'B' }], { type: 'component', component: 'shared.quote', repeatable: true }, components)).toBe('A\n\nB');
  });

  it('never throws: wrong shapes, throwing schema lookups, runaway nesting', () => {
    expect(extractFieldText({ x: 1 }, { type: 'string' }, components)).toBe('');
    expect(extractFieldText('x', { type: 'component', component: 'missing.schema' }, components)).toBe('');
    expect(extractFieldText({}, { type: 'dynamiczone' }, components)).toBe('');
    expect(extractFieldText([{ __component: 'shared.quote', author: 'A' }], { type: 'dynamiczone' }, () => { throw new Error('boom'); })).toBe('');
    expect(extractFieldText('x', null as unknown as AttributeSchema, components)).toBe('');

    // A value that nests itself (cannot come from the database, but must not hang or overflow).
    const loop: Record<string, unknown> = { label: 'Level' };
    loop.self = loop;
    const text = extractFieldText(loop, { type: 'component', component: 'shared.loop' }, components);
    expect(text.split('\n\n').length).toBeLessThanOrEqual(20);
    expect(text.startsWith('Level')).toBe(true);
  });
});

describe('HTML typed into fields', () => {
  const none = () => undefined;
  const MARKUP_WORDS = /\b(?:img|src|onerror|alert|script|span|href|class|style|div)\b/i;

  it('a Blocks paragraph starting with <img onerror>: no tag words in the text, keyphrases or placeholder alt text', () => {
    const body = [{ type: 'paragraph', children: [{ type: 'text', text: '<img src=x onerror=alert(1)> Harbour reopens' }] }];
    const text = extractFieldText(body, { type: 'blocks' }, none);
    expect(text).toBe('Harbour reopens');
    const keyphrases = extractKeyphrases({ title: 'Storm repairs finished', text }).map((k) => k.phrase);
    expect(keyphrases.map((k) => k.toLowerCase())).toContain('harbour');
    expect(keyphrases.join(' ')).not.toMatch(MARKUP_WORDS);
    expect(placeholderAltText({ title: 'Storm repairs finished', keyphrases, locale: 'en' })).not.toMatch(MARKUP_WORDS);
  });

  it('string and text fields lose tags and their attributes, script and style content; entities are decoded', () => {
    expect(extractFieldText('<img src=x onerror=alert(1)> Harbour reopens', { type: 'string' }, none)).toBe('Harbour reopens');
    expect(extractFieldText('Title <span class="x">here</span>', { type: 'string' }, none)).toBe('Title here');
    expect(extractFieldText('<p>Harbour <b>reopens</b></p><script>alert("x")</script><style>p{}</style><p>Boats return</p>', { type: 'text' }, none))
      .toBe('Harbour reopens\n\nBoats return');
    expect(extractFieldText('Fish &amp; chips &lt;script&gt;alert(1)&lt;/script&gt; shop', { type: 'string' }, none)).toBe('Fish & chips shop');
    // Not markup: comparisons stay.
    expect(extractFieldText('a < b and c > d, 3 <4', { type: 'string' }, none)).toBe('a < b and c > d, 3 <4');
  });

  it('a ">" inside a quoted attribute value does not end the tag (rich text, Blocks and plain fields)', () => {
    const html = '<img src="x" alt="a > b" onerror="alert(1)"> Harbour reopens';
    expect(extractFieldText(html, { type: 'richtext' }, none)).toBe('Harbour reopens');
    expect(extractFieldText(html, { type: 'text' }, none)).toBe('Harbour reopens');
    expect(blocksToText([{ type: 'paragraph', children: [{ type: 'text', text: html }] }])).toBe('Harbour reopens');
  });

  it('an unclosed script element is dropped to the end, as browsers do', () => {
    expect(extractFieldText('Harbour reopens. <script>alert(1) and everything after', { type: 'text' }, none)).toBe('Harbour reopens.');
    expect(markdownToText('Harbour reopens. <script>alert(1) and everything after')).toBe('Harbour reopens.');
  });

  it('stays linear on hostile markup (each of these took seconds to minutes with a quadratic scan)', () => {
    const nasty: Array<[string, number]> = [['<', 200_000], ['<script>', 25_000], ['<a href="x" ', 16_000], ['<img alt="', 20_000], ['&amp;', 40_000], ['<a ', 60_000], ['[x] ', 20_000], ['[x] [/y] ', 10_000]];
    const timeOf = (share: number) => {
      const started = process.hrtime.bigint();
      for (const [piece, count] of nasty) {
        const input = piece.repeat(count * share);
        markdownToText(input);
        extractFieldText(input, { type: 'text' }, none);
        blocksToText([{ type: 'paragraph', children: [{ type: 'text', text: input }] }]);
      }
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    // Four times the input: about four times the time when linear, sixteen when quadratic. A ratio measured in one run
    // holds on a loaded machine, where a fixed time limit failed.
    timeOf(0.25);
    const [quarter, whole] = [timeOf(0.25), timeOf(1)];
    expect(whole).toBeLessThan(8 * quarter + 250);
  });

  it('caps what it reads of megabyte-sized fields, Blocks included (keyphrases read 100,000 characters at most)', () => {
    const sentence = 'The harbour reopened on Monday after storm repairs. ';
    const paragraphs = Array.from({ length: 4000 }, () => ({ type: 'paragraph', children: [{ type: 'text', text: sentence.repeat(5) }] }));
    for (const [value, type] of [[sentence.repeat(20_000), 'text'], [sentence.repeat(20_000), 'richtext'], [paragraphs, 'blocks']] as const) {
      const text = extractFieldText(value, { type }, none);
      expect(text.length).toBeGreaterThan(100_000);
      expect(text.length).toBeLessThan(250_000);
    }
  });
});
