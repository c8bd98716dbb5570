/**
 * Plain text from Strapi field values, for keyphrase extraction and prompts.
 *
 * The output is prose only: markup, code, URLs, e-mail addresses and images are removed, and block
 * boundaries (paragraphs, headings, list items, table rows) become "\n\n" so that sentence detection
 * sees separate sentences. Nothing here throws: editors' content and plugins' custom fields come in
 * every shape, and a missing illustration is better than a failed publish hook.
 */

export interface AttributeSchema {
  type: string;
  component?: string;
  components?: string[];
  repeatable?: boolean;
}

export type ComponentSchemas = (componentUid: string) => Record<string, AttributeSchema> | undefined;

/** Components can nest components; real schemas stay shallow, this only stops runaway data. */
const MAX_DEPTH = 12;
/** Blocks nest lists in lists; same guard. */
const MAX_BLOCK_DEPTH = 24;
/**
 * A safety net against megabyte-sized fields: keyphrases read 100,000 characters of an article at most, so more
 * than this (room left for the markup removed) only costs time on Strapi's thread, where fields are read.
 */
const MAX_INPUT_CHARS = 200_000;

/**
 * Marks the end of a block that should read as a sentence (headings, list items, table rows): replaced
 * by a period unless the text already ends with terminal punctuation. A private-use character cannot
 * collide with real content.
 */
const SENTENCE_END = '\uE000';

// ---------------------------------------------------------------------------------------------
// Field walker
// ---------------------------------------------------------------------------------------------

/** Plain text of one field value, given its Strapi attribute schema. */
export function extractFieldText(value: unknown, attribute: AttributeSchema, components: ComponentSchemas): string {
  try {
    return fieldText(value, attribute, components, 0);
  } catch {
    // A throwing schema lookup or a getter on a proxied value must not break the caller.
    return '';
  }
}

function fieldText(value: unknown, attribute: AttributeSchema | undefined, components: ComponentSchemas, depth: number): string {
  if (depth > MAX_DEPTH || value === null || value === undefined || !attribute || typeof attribute !== 'object') return '';
  switch (attribute.type) {
    case 'string':
    case 'text':
      return typeof value === 'string' ? plainToText(value) : '';
    case 'richtext':
      return typeof value === 'string' ? markdownToText(value) : '';
    case 'blocks':
      return blocksToText(value);
    case 'component': {
      const items = Array.isArray(value) ? value : [value];
      const schema = attribute.component ? safeSchema(components, attribute.component) : undefined;
      return joinBlocks(items.map((item) => componentText(item, schema, components, depth + 1)));
    }
    case 'dynamiczone': {
      if (!Array.isArray(value)) return '';
      return joinBlocks(
        value.map((item) => {
          const uid = isRecord(item) && typeof item.__component === 'string' ? item.__component : undefined;
          return uid ? componentText(item, safeSchema(components, uid), components, depth + 1) : '';
        }),
      );
    }
    default:
      // email, uid, enumeration, media, relation, json, numbers, dates, booleans, password…: not prose.
      return '';
  }
}

function componentText(item: unknown, schema: Record<string, AttributeSchema> | undefined, components: ComponentSchemas, depth: number): string {
  if (!isRecord(item) || !schema || typeof schema !== 'object') return '';
  // Schema order is the order editors see the fields in, which is the natural reading order.
  return joinBlocks(Object.entries(schema).map(([name, attribute]) => fieldText(item[name], attribute, components, depth)));
}

function safeSchema(components: ComponentSchemas, uid: string): Record<string, AttributeSchema> | undefined {
  try {
    return typeof components === 'function' ? components(uid) : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinBlocks(parts: string[]): string {
  return parts.map((p) => p.trim()).filter(Boolean).join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Shared cleaning
// ---------------------------------------------------------------------------------------------

// The last character may not be punctuation, so "see https://x.org." keeps its period.
const URL_PATTERN = /\b(?:(?:https?|ftp):\/\/|www\.)[^\s<>"\uE000]*[^\s<>".,;:!?'")\]}\uE000]/gi;
// The lookbehind makes matches start at the beginning of a token (linear time on "a.a.a.a…").
const EMAIL_PATTERN = /(?:mailto:)?(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Removes URLs and e-mail addresses, then tidies the holes they leave. */
function dropUrlsAndEmails(text: string): string {
  return text.replace(EMAIL_PATTERN, ' ').replace(URL_PATTERN, ' ');
}

/** Collapses whitespace inside a block and repairs punctuation left dangling by removals. */
function tidy(text: string): string {
  return text
    .replace(/\(\s*\)|\[\s*\]|\{\s*\}/g, ' ') // "(see https://…)" → "()" → gone
    .replace(/[ \t\f\v\u00a0\n\r]+/g, ' ')
    .replace(/ ([,.;:!?])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .trim()
    .replace(/^[,;:]\s*/, '');
}

/** Ends a sentence with a period unless it already ends with punctuation (or with a symbol). */
function endSentence(text: string): string {
  const trimmed = text.trimEnd();
  if (/[.!?…:;]["'”’»)\]]*$/.test(trimmed) || !/[\p{L}\p{N}"'”’»)\]]$/u.test(trimmed)) return trimmed;
  return `${trimmed}.`;
}

/** Replaces sentence-end markers with a period where the text does not already end a sentence. */
function finishSentences(text: string): string {
  let out = '';
  text.split(SENTENCE_END).forEach((part, i) => {
    if (i > 0) out = endSentence(out);
    const piece = part.trim();
    if (piece) out = out ? `${out} ${piece}` : piece;
  });
  return out;
}

/** Plain 'string'/'text' values: pasted links and addresses are noise, and so is HTML typed or pasted into them. */
function plainToText(value: string): string {
  const text = withoutHtml(value.slice(0, MAX_INPUT_CHARS).replace(/\r\n?/g, '\n'));
  return joinBlocks(text.split(/\n\s*\n/).map((block) => tidy(finishSentences(dropUrlsAndEmails(block)))));
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', middot: '·', bull: '•', copy: '©', reg: '®', trade: '™',
  deg: '°', euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', times: '×', divide: '÷', minus: '−',
  iexcl: '¡', iquest: '¿', shy: '', zwj: '', zwnj: '',
  agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç',
  egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï',
  ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö', oslash: 'ø', oelig: 'œ',
  ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', yuml: 'ÿ', szlig: 'ß',
  Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Atilde: 'Ã', Auml: 'Ä', Aring: 'Å', AElig: 'Æ', Ccedil: 'Ç',
  Egrave: 'È', Eacute: 'É', Ecirc: 'Ê', Euml: 'Ë', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï',
  Ntilde: 'Ñ', Ograve: 'Ò', Oacute: 'Ó', Ocirc: 'Ô', Otilde: 'Õ', Ouml: 'Ö', Oslash: 'Ø', OElig: 'Œ',
  Ugrave: 'Ù', Uacute: 'Ú', Ucirc: 'Û', Uuml: 'Ü', Yacute: 'Ý',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (_match, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return ' ';
      return code === 0xa0 ? ' ' : String.fromCodePoint(code);
    }
    // Unknown named entities are dropped rather than left as "&foo;" noise.
    return NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()] ?? ' ';
  });
}

const BLOCK_TAGS = 'p|div|section|article|aside|header|footer|main|nav|blockquote|figure|figcaption|ul|ol|dl|dt|dd|table|thead|tbody|tfoot|tr|hr|address|details|summary|center';

/**
 * The rest of a tag after its name: attributes, quoted values included (`alt="a > b"` does not end the tag, so
 * `onerror=...` after it is not left as text). A quoted value stops at "<", which keeps every scan linear.
 */
const TAG_REST = `(?:[^<>"']|"[^"<]*"|'[^'<]*')*`;
/** Elements that are never prose, removed with their content; unclosed, to the end (as browsers do). */
const NON_PROSE = new RegExp(
  `<(script|style|pre|code|kbd|samp|template|noscript|svg|math|iframe|object|video|audio|canvas|select|textarea|button)\\b${TAG_REST}>[\\s\\S]*?(?:<\\/\\1\\s*>|$)`,
  'gi',
);
const EMBED_TAG = new RegExp(`<(?:img|source|track|embed|input|wbr)\\b${TAG_REST}>`, 'gi');
const HEADING_OPEN = new RegExp(`<h[1-6]\\b${TAG_REST}>`, 'gi');
const LIST_ITEM_OPEN = new RegExp(`<li\\b${TAG_REST}>`, 'gi');
const BLOCK_TAG = new RegExp(`</?(?:${BLOCK_TAGS})\\b${TAG_REST}>`, 'gi');
const LINK_OPEN = new RegExp(`<a\\b${TAG_REST}>`, 'gi');
/** Any other tag (<strong>, <span>, <br/>, a custom element...). */
const INLINE_TAG = new RegExp(`<\\/?[a-z][a-z0-9-]*(?:\\s${TAG_REST})?\\/?>`, 'gi');
/** A tag cut off at the end of the text. */
const CUT_OFF_TAG = new RegExp(`<\\/?[a-z][a-z0-9-]*(?:\\s${TAG_REST})?$`, 'i');

/**
 * Turns block-level HTML into blank-line boundaries and drops content that is never prose (code,
 * scripts, styles, embeds). Inline tags are left for the inline pass.
 */
function htmlBlocksToBreaks(text: string): string {
  return (
    text
      .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
      .replace(NON_PROSE, ' ')
      .replace(EMBED_TAG, ' ')
      .replace(/<br\s*\/?>/gi, '\n') // a line break inside a paragraph, not a new paragraph
      // Headings, list items and table cells end a sentence.
      .replace(HEADING_OPEN, '\n\n')
      .replace(/<\/h[1-6]\s*>/gi, `${SENTENCE_END}\n\n`)
      .replace(LIST_ITEM_OPEN, '\n\n')
      .replace(/<\/li\s*>/gi, `${SENTENCE_END}\n\n`)
      .replace(/<\/t[dh]\s*>/gi, ', ')
      .replace(/<\/tr\s*>/gi, `${SENTENCE_END}\n\n`)
      .replace(BLOCK_TAG, '\n\n')
  );
}

/**
 * Fields that are not HTML (plain strings, Blocks text) still get HTML typed or pasted into them
 * (`<img src=x onerror=...>`): it is markup, never prose. Entities are decoded first, so escaped markup
 * goes too.
 */
function withoutHtml(text: string): string {
  if (!/[<&]/.test(text)) return text;
  return htmlBlocksToBreaks(decodeEntities(text)).replace(LINK_OPEN, '').replace(INLINE_TAG, ' ').replace(CUT_OFF_TAG, ' ');
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/** Backslash-escaped punctuation is hidden in the private-use area so no later rule treats it as markup. */
const ESCAPE_BASE = 0xe100;

function protectEscapes(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, (_, c: string) => String.fromCharCode(ESCAPE_BASE + c.charCodeAt(0)));
}

function restoreEscapes(text: string): string {
  return text.replace(/[\ue100-\ue17f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - ESCAPE_BASE));
}

/** Inline Markdown and inline HTML of one block → plain text. */
function inlineToText(block: string): string {
  let text = block
    // Images (inline and reference style) carry no prose; links keep their text, never their target.
    // Bracket contents exclude "[" so a run of unmatched brackets stays linear.
    .replace(/!\[[^[\]]*\]\((?:[^()]|\([^()]*\))*\)/g, ' ')
    .replace(/!\[[^[\]]*\]\[[^[\]]*\]/g, ' ')
    .replace(/\[([^[\]]*)\]\((?:[^()]|\([^()]*\))*\)/g, '$1')
    .replace(/\[\^[^[\]]+\]/g, '') // footnote references
    .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, '$1')
    .replace(/<(?:(?:https?|ftp|mailto):[^<>\s]*|[^<>\s@]+@[^<>\s]+)>/gi, ' ') // autolinks (no "<" inside: linear on "<<<<…")
    .replace(LINK_OPEN, '')
    .replace(INLINE_TAG, '')
    .replace(CUT_OFF_TAG, '');

  text = dropUrlsAndEmails(text)
    // Spans are bounded ({0,500}) so unmatched markers cannot make these scans quadratic.
    .replace(/(\*\*|__)(?=\S)([\s\S]{0,500}?\S)\1/g, '$2')
    .replace(/~~(?=\S)([\s\S]{0,500}?\S)~~/g, '$1')
    .replace(/==(?=\S)([\s\S]{0,500}?\S)==/g, '$1')
    .replace(/\*(?=\S)([^*]*?\S)\*/g, '$1')
    // Underscore emphasis only at word edges, so snake_case words survive.
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]*?\S)_(?![\p{L}\p{N}_])/gu, '$1$2')
    .replace(/(?:\*{2,}|_{2,}|~{2,})/g, ' ');

  return tidy(decodeEntities(restoreEscapes(text)));
}

/** Inline code spans are code: removed with their content. A span never crosses a blank line. */
function dropInlineCode(text: string): string {
  return text.replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (match) => (/\n[ \t]*\n/.test(match) ? match : ' '));
}

/** Stands where a code block was removed: it ends any open list or paragraph, like the code did. */
const CODE_GAP = '\uE001';

const FENCE_OPEN = /^\s*(`{3,}|~{3,})/; // any indent: fences nested in list items are code too

function dropFencedCode(lines: string[]): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of lines) {
    if (fence === undefined) {
      const open = FENCE_OPEN.exec(line);
      if (open && !(open[1][0] === '`' && line.slice(open[0].length).includes('`'))) fence = open[1];
      else out.push(line);
    } else if (new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line)) {
      fence = undefined;
      out.push(CODE_GAP);
    }
  }
  return out;
}

function dropFrontMatter(text: string): string {
  return text.replace(/^\uFEFF?(?:---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)|\+\+\+[ \t]*\n[\s\S]*?\n\+\+\+[ \t]*(?:\n|$))/, '');
}

const HR = /^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const LIST_ITEM = /^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)(?:\[[ xX]\][ \t]+)?/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;
const REFERENCE_DEFINITION = /^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*\S+/;
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^[^\]]+\]:[ \t]*/;

function tableCells(line: string): string {
  return line
    .replace(/^\s*\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())
    .filter(Boolean)
    .join(', ');
}

/** Markdown (possibly mixed with HTML, as rich-text editors produce) → plain text. */
export function markdownToText(markdown: string): string {
  try {
    return markdownToTextUnsafe(markdown);
  } catch {
    return '';
  }
}

function markdownToTextUnsafe(markdown: string): string {
  if (typeof markdown !== 'string' || !markdown.trim()) return '';
  let text = dropFrontMatter(markdown.slice(0, MAX_INPUT_CHARS).replace(/\r\n?/g, '\n'));
  text = protectEscapes(text);
  text = dropFencedCode(text.split('\n')).join('\n');
  text = dropInlineCode(text);

  // Content that is HTML (e.g. a CKEditor field) has no Markdown indentation semantics: pretty-printed
  // HTML must not turn into "indented code".
  const isHtml = /^\s*<(?:p|div|h[1-6]|ul|ol|figure|blockquote|table|section|article|span|strong|em|a)\b/i.test(text);
  text = htmlBlocksToBreaks(text);

  const blocks: string[] = [];
  let current: string[] = [];
  let currentIsItem = false; // list items and headings read as sentences of their own
  let inList = false; // indented lines after a list item continue it (they are not code)
  let inTable = false;
  let inIndentedCode = false;
  let previousBlank = true;

  const flush = () => {
    if (current.length) blocks.push(current.join('\n') + (currentIsItem ? SENTENCE_END : ''));
    current = [];
    currentIsItem = false;
  };

  for (const rawLine of text.split('\n')) {
    let line = isHtml ? rawLine.trim() : rawLine.replace(/\t/g, '    ');

    if (inIndentedCode) {
      if (!line.trim() || /^ {4}/.test(line)) continue;
      inIndentedCode = false;
    }
    if (!line.trim() || line.trim() === CODE_GAP) {
      flush();
      inTable = false;
      previousBlank = true;
      if (line.trim() === CODE_GAP) inList = false;
      continue;
    }
    const afterBlank = previousBlank;
    previousBlank = false;

    const indented = /^ {4}/.test(line);
    if (inList && afterBlank && !indented && !LIST_ITEM.test(line)) inList = false;
    // Indented code starts after a blank line, outside a list.
    if (!isHtml && indented && afterBlank && !inList) {
      inIndentedCode = true;
      continue;
    }

    line = line.replace(/^(?: {0,3}>[ \t]?)+/, ''); // blockquote markers
    if (!line.trim()) {
      flush();
      continue;
    }
    if (REFERENCE_DEFINITION.test(line)) continue;

    if (inTable) {
      blocks.push(tableCells(line) + SENTENCE_END);
      continue;
    }
    if (TABLE_DELIMITER.test(line) && line.includes('|') && current.length && current[current.length - 1].includes('|')) {
      const header = current.pop() as string; // the line above was the header row
      flush();
      blocks.push(tableCells(header) + SENTENCE_END);
      inTable = true;
      continue;
    }
    if (SETEXT_UNDERLINE.test(line) && current.length && !currentIsItem) {
      currentIsItem = true; // "Title\n=====" is a heading
      flush();
      continue;
    }
    if (HR.test(line)) {
      flush();
      inList = false;
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      flush();
      inList = false;
      if (heading[1]) blocks.push(heading[1] + SENTENCE_END);
      continue;
    }
    const footnote = FOOTNOTE_DEFINITION.exec(line);
    if (footnote) {
      flush();
      current.push(line.slice(footnote[0].length));
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      inList = true;
      currentIsItem = true;
      current.push(line.slice(item[0].length));
      continue;
    }
    current.push(line.trim());
  }
  flush();

  return joinBlocks(blocks.map((block) => finishSentences(inlineToText(block))));
}

// ---------------------------------------------------------------------------------------------
// Blocks (Strapi 5 rich text JSON)
// ---------------------------------------------------------------------------------------------

/** Text of inline children: text leaves and links (their text, never their URL). Inline code is dropped. */
function inlineNodesText(children: unknown, depth: number): string {
  if (!Array.isArray(children) || depth > MAX_BLOCK_DEPTH) return '';
  let out = '';
  for (const child of children) {
    if (!isRecord(child)) continue;
    if (child.type === 'text') {
      if (child.code === true) out += ' ';
      else if (typeof child.text === 'string') out += child.text;
    } else if (child.type === 'link') {
      out += inlineNodesText(child.children, depth + 1);
    } else if (Array.isArray(child.children)) {
      out += inlineNodesText(child.children, depth + 1);
    }
  }
  return out;
}

function blockNodeText(node: unknown, depth: number, out: string[]): void {
  if (!isRecord(node) || depth > MAX_BLOCK_DEPTH) return;
  switch (node.type) {
    case 'code':
    case 'image':
      return;
    case 'heading':
      out.push(inlineNodesText(node.children, depth + 1) + SENTENCE_END);
      return;
    case 'list': {
      if (!Array.isArray(node.children)) return;
      for (const child of node.children) {
        if (isRecord(child) && child.type === 'list') blockNodeText(child, depth + 1, out);
        else if (isRecord(child)) {
          // A list item may hold a nested list next to its own text.
          const own = Array.isArray(child.children) ? child.children.filter((c) => !(isRecord(c) && c.type === 'list')) : [];
          out.push(inlineNodesText(own, depth + 1) + SENTENCE_END);
          if (Array.isArray(child.children)) for (const c of child.children) if (isRecord(c) && c.type === 'list') blockNodeText(c, depth + 1, out);
        }
      }
      return;
    }
    case 'list-item':
      out.push(inlineNodesText(node.children, depth + 1) + SENTENCE_END);
      return;
    default:
      // paragraph, quote, and unknown block types from future versions or plugins: keep their text.
      out.push(inlineNodesText(node.children, depth + 1));
  }
}

/** Strapi Blocks JSON → plain text, one block per paragraph. Code blocks and images are left out. */
export function blocksToText(blocks: unknown): string {
  try {
    let nodes = blocks;
    if (typeof nodes === 'string') {
      // Some API paths hand over the JSON still serialized.
      try {
        nodes = JSON.parse(nodes);
      } catch {
        return '';
      }
    }
    if (!Array.isArray(nodes)) return '';
    const out: string[] = [];
    let length = 0;
    for (const node of nodes) {
      const before = out.length;
      blockNodeText(node, 0, out);
      for (let i = before; i < out.length; i++) length += out[i].length;
      if (length > MAX_INPUT_CHARS) break;
    }
    return joinBlocks(out.map((block) => tidy(finishSentences(dropUrlsAndEmails(withoutHtml(block.slice(0, MAX_INPUT_CHARS)))))));
  } catch {
    return '';
  }
}
