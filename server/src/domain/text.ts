/**
 * Plain text from Strapi field values, for keyphrase extraction and prompts.
 *
 * The output is prose only: markup, code, URLs, e-mail addresses and images are removed, and block
 * boundaries (paragraphs, headings, list items, table rows) become "\n\n" so that sentence detection
 * sees separate sentences. Nothing here throws: editors' content and plugins' custom fields come in
 * every shape, and a missing illustration is better than a failed publish hook.
 */
import { decodeHTMLStrict } from 'entities';
import MarkdownIt from 'markdown-it';
import markdownItFootnote from 'markdown-it-footnote';

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

/** A field holding a web address or a site's path alone: a link's target ("url", "href"). */
const LINK_TARGET = /^(?:(?:https?:)?\/\/|\/|www\.|mailto:|tel:)\S*$/i;
/** A link's label is a headline's length at most. */
const LINK_LABEL_CHARS = 120;
/** Attribute types that hold words. */
const TEXT_TYPES: ReadonlySet<string | undefined> = new Set(['string', 'text', 'richtext', 'blocks', 'component', 'dynamiczone']);
/** A component's fields named for who made a picture or a quote's source, not what it says ("credit", "photographer"). */
const CREDIT_FIELD = /^(?:photo_?|image_?)?(?:credits?|copyright|attribution|photographer|byline)$/i;

function componentText(item: unknown, schema: Record<string, AttributeSchema> | undefined, components: ComponentSchemas, depth: number): string {
  if (!isRecord(item) || !schema || typeof schema !== 'object') return '';
  const fields = Object.entries(schema).filter(([name]) => !CREDIT_FIELD.test(name));
  // A link (a target and short values, one label of words at most) names another page ("Related: Best pizza
  // restaurants in Cardiff", "Book tickets"): its label is no prose of this one. Beside prose, the target alone goes.
  const isTarget = (name: string, attribute: AttributeSchema) => attribute?.type === 'string' && typeof item[name] === 'string' && LINK_TARGET.test(item[name].trim());
  // (Short: a switch, a number or a choice, "isExternal", "target", or a string of a headline's length.)
  const isShort = (name: string, attribute: AttributeSchema) =>
    item[name] === null || item[name] === undefined || !TEXT_TYPES.has(attribute?.type) ||
    (attribute.type === 'string' && typeof item[name] === 'string' && item[name].length <= LINK_LABEL_CHARS);
  // (One label of several words at most, beside one-word values, "Food", "_blank", "arrow-right": a hero's heading
  // and subheading beside its background's path are prose.)
  const labels = fields.filter(([name, attribute]) => !isTarget(name, attribute) && typeof item[name] === 'string' && /\S\s+\S/.test(item[name]));
  if (fields.some(([name, attribute]) => isTarget(name, attribute)) && labels.length <= 1 && fields.every(([name, attribute]) => isShort(name, attribute))) return '';
  // Schema order is the order editors see the fields in, which is the natural reading order.
  return joinBlocks(fields.filter(([name, attribute]) => !isTarget(name, attribute)).map(([name, attribute]) => fieldText(item[name], attribute, components, depth)));
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
// The lookbehinds make matches start at the beginning of a token (linear time on "a.a.a.a…").
const EMAIL_PATTERN = /(?:mailto:)?(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/**
 * Addresses written without a scheme ("example.com/page"), for the common top-level domains, a country's after them
 * too ("bbc.co.uk/sport", "sydneyfestival.org.au").
 */
const BARE_DOMAIN_PATTERN = /(?<![\w.@/-])(?:[a-z0-9-]+\.)+(?:com|org|net|io|co|gov|edu|ac|info|biz|ly|me|app|dev)(?:\.[a-z]{2})?(?![\w-])(?:\/[^\s<>"\uE000]*[^\s<>".,;:!?'")\]}\uE000])?/gi;
/**
 * A shortcode of a site moved from WordPress ("[caption id=…]", "[gallery ids=…]", "[/embed]"): a closing one, one
 * with attributes, or one closed later; the words between stay ("[caption …]Grey seal pups[/caption]"). Not "[sic]".
 */
const SHORTCODE = /\[(\/)?([a-z][\w-]{0,40})([ \t][^\]\n]{0,500})?\]/g;
const CLOSING_SHORTCODE = /\[\/([a-z][\w-]{0,40})\]/g;

/** Removes URLs, e-mail addresses and shortcodes (the holes they leave are tidied later). */
function dropAddressesAndShortcodes(text: string): string {
  // (The closed names found once: a search per tag made a field of 50,000 "[x]" take 16 s.)
  const closed = text.includes('[/') ? new Set(Array.from(text.matchAll(CLOSING_SHORTCODE), (match) => match[1])) : new Set<string>();
  const shortcode = (tag: string, closing: string | undefined, name: string, attributes: string | undefined) => (closing || attributes?.includes('=') || closed.has(name) ? ' ' : tag);
  // (Shortcodes first: an address runs on into a closing one, "https://youtu.be/x[/embed]".)
  return text.replace(SHORTCODE, shortcode).replace(EMAIL_PATTERN, ' ').replace(URL_PATTERN, ' ').replace(BARE_DOMAIN_PATTERN, ' ');
}

/**
 * The text with the line breaks inside its paragraphs read as spaces (blank lines stay): as extractFieldText read every
 * field before it kept them, so a text hash or a one-line title is what it always was.
 */
export const lineBreaksAsSpaces = (text: string): string => text.replace(/(?<!\n)\n(?!\n)/g, ' ');

/** A line this long that ends mid-sentence was wrapped by its writer's editor: its break is a space. */
const WRAPPED_LINE_CHARS = 40;
const wrapped = (line: string) => line.length > WRAPPED_LINE_CHARS && !/[.!?…:;]["'”’»)\]]*$/.test(line.slice(-8));

/**
 * Collapses whitespace inside a block and repairs punctuation left dangling by removals. A line break after a short
 * line or a finished sentence stays one (a kicker, byline or dateline on its own line is known by where its line
 * starts); a hard wrap becomes a space. textHashOf reads every break as a space.
 */
function tidy(text: string): string {
  return text
    .replace(/\(\s*\)|\[\s*\]|\{\s*\}/g, ' ') // "(see https://…)" → "()" → gone
    .replace(/[ \t\f\v\u00a0\n\r]+/g, (space) => (space.includes('\n') ? '\n' : ' '))
    .split('\n')
    .map((line, index, lines) => (index === lines.length - 1 ? line : `${line}${wrapped(line) ? ' ' : '\n'}`))
    .join('')
    // (Not before ; : ! ?, which French sets off with a space: "Pas-de-Calais : les habitants".)
    .replace(/[ \n]([,.])/g, '$1')
    .replace(/([,;:])(?:\s*[,;:])+/g, '$1')
    .trim()
    .replace(/^[,;:]\s*/, '');
}

/** Ends a sentence with a period unless it already ends with punctuation (or with a symbol). */
function endSentence(text: string): string {
  // (A table row's last cell leaves its comma: "Season, Gardens," ends "Season, Gardens.")
  const trimmed = text.trimEnd().replace(/,$/, '');
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

/**
 * Plain 'string'/'text' values, and what the Markdown reader leaves: pasted links and addresses are noise, and so
 * is HTML typed or pasted into them.
 */
function plainToText(value: string): string {
  const text = withoutHtml(value.slice(0, MAX_INPUT_CHARS).replace(/\r\n?/g, '\n'));
  return joinBlocks(text.split(/\n\s*\n/).map((block) => tidy(finishSentences(dropAddressesAndShortcodes(block)))));
}

// ---------------------------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------------------------

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
 * A social post embedded as a quote (X, Instagram, TikTok, Bluesky, Threads, Facebook, Reddit, Mastodon): another's
 * words and their byline ("— Patterdale MRT (@PatterdaleMRT) January 14, 2026", "A post shared by …"); unclosed, to a
 * blank line.
 */
const SOCIAL_EMBED = new RegExp(
  `<blockquote\\b[^<>]*\\bclass\\s*=\\s*["'][^"'<>]*\\b(?:twitter-tweet|twitter-video|instagram-media|tiktok-embed|bluesky-embed|text-post-media|fb-xfbml-parse-ignore|reddit-embed-bq|mastodon-embed)\\b[^<>]*>[\\s\\S]*?(?:<\\/blockquote\\s*>|(?=\\n[ \\t]*\\n)|$)`,
  'gi',
);
/** Comments, and content that is never prose (code, scripts, styles, embeds), out. */
const nonProseOut = (text: string) => text.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(NON_PROSE, ' ').replace(SOCIAL_EMBED, ' ').replace(EMBED_TAG, ' ');

/**
 * Turns block-level HTML into blank-line boundaries and drops content that is never prose (code,
 * scripts, styles, embeds). Inline tags are left for the inline pass.
 */
function htmlBlocksToBreaks(text: string): string {
  return (
    nonProseOut(text)
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
 * (`<img src=x onerror=...>`): it is markup, never prose. Entities are decoded first (strictly: "&notes" in
 * plain text is not "¬es"), so escaped markup goes too.
 */
function withoutHtml(text: string): string {
  if (!/[<&]/.test(text)) return text;
  return htmlBlocksToBreaks(decodeHTMLStrict(text)).replace(LINK_OPEN, '').replace(INLINE_TAG, ' ').replace(CUT_OFF_TAG, ' ');
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

/**
 * CommonMark with GFM tables and strikethrough, and footnotes as Strapi's editor previews them. Raw HTML stays in the
 * tokens, for withoutHtml. The CommonMark preset also nests at most 20 levels: the default preset's 100 makes a field
 * of 200,000 "![" take seconds, not tenths.
 */
const markdownParser = new MarkdownIt('commonmark', { html: true }).enable(['table', 'strikethrough']).use(markdownItFootnote);

/**
 * What markdown-it read as text ("\<b>", "&lt;b&gt;") is shown literally: its "<" and "&" are hidden from the HTML
 * pass in the private-use area, and put back at the end.
 */
const LITERAL_LT = '\uE001';
const LITERAL_AMP = '\uE002';

function literal(text: string): string {
  return text.replace(/</g, LITERAL_LT).replace(/&/g, LITERAL_AMP);
}

function restoreLiterals(text: string): string {
  return text.replace(/\uE001/g, '<').replace(/\uE002/g, '&');
}

/**
 * Content that is HTML (e.g. a CKEditor field): its pretty-printed indentation is not Markdown code. It opens with an
 * element of prose, after any comments, styles, scripts or embeds ("<style>…</style><section>", "<iframe>…").
 */
const OPENS_WITH_PROSE_TAG = new RegExp(`^\\s*<(?:${BLOCK_TAGS}|h[1-6]|li|span|strong|em|b|i|u|a)\\b`, 'i');
/**
 * Markdown's own syntax at a line's start (a heading, a fence, a table row, a list item, a quote) or a Markdown link or
 * image: Markdown that opens with an embed's HTML ("<div class="video-embed">…") is still Markdown.
 */
const MARKDOWN_SYNTAX = /^[ \t]{0,3}(?:#{1,6}[ \t]|```|~~~|\|.*\|[ \t]*$|(?:[-*+]|\d{1,9}[.)])[ \t]+\S|>[ \t]+\S)|!?\[[^[\]\n]{1,500}\]\([^()\s]{1,2000}\)/m;
function looksLikeHtml(source: string): boolean {
  const markup = nonProseOut(source);
  if (!OPENS_WITH_PROSE_TAG.test(markup)) return false;
  // Paragraphs closed as HTML closes them are HTML's, whatever a line in them reads ("- eggs<br>"); else Markdown's
  // syntax on lines of their own (not in code, nor in a line a tag opens: "<p>[our guide](…)</p>") makes Markdown.
  return paragraphClosed(markup) || !MARKDOWN_SYNTAX.test(markup.split('\n').filter((line) => !/^\s*</.test(line)).join('\n'));
}
/** A paragraph of words closed as HTML closes it (not a README's centred logo: `<p align="center"><img …></p>`). */
function paragraphClosed(markup: string): boolean {
  // (Each stretch between an opening and its closing read once: linear on any input.)
  let open = -1;
  for (const tag of markup.matchAll(/<(\/?)p(?=[\s>/])/gi)) {
    if (!tag[1]) open = tag.index;
    else if (open >= 0) {
      if (/\p{L}/u.test(markup.slice(open, tag.index).replace(/<[^<>]*>|&#?\w+;/g, ''))) return true;
      open = -1;
    }
  }
  return false;
}

const TASK_MARKER = /^\s*\[[ xX]\]\s+/;

export interface MarkdownTextOptions {
  /**
   * Keep the words of code and of image descriptions. An article's prose leaves them out; a prompt (a title, a
   * prompt someone wrote) keeps every word and loses only the markup.
   */
  keepCodeAndImageText?: boolean;
}

/** Markdown (possibly mixed with HTML, as rich-text editors produce) → plain text. */
export function markdownToText(markdown: string, options: MarkdownTextOptions = {}): string {
  try {
    if (typeof markdown !== 'string' || !markdown.trim()) return '';
    const source = dropFrontMatter(markdown.slice(0, MAX_INPUT_CHARS).replace(/\r\n?/g, '\n'));
    if (looksLikeHtml(source)) return plainToText(source);
    const blocks = markdownBlocks(markdownParser.parse(source, {}), options.keepCodeAndImageText === true);
    return restoreLiterals(plainToText(blocks.join('\n\n')));
  } catch {
    return '';
  }
}

/** markdown-it does not read front matter (YAML "---" or TOML "+++"): metadata, not prose. */
function dropFrontMatter(text: string): string {
  return text.replace(/^\uFEFF?(?:---[ \t]*\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\n|$)|\+\+\+[ \t]*\n[\s\S]*?\n\+\+\+[ \t]*(?:\n|$))/, '');
}

/**
 * The text of each block: paragraphs, headings, list items and table rows (cells joined by commas) are blocks of
 * their own, and all but paragraphs end a sentence. Raw HTML is kept for withoutHtml.
 */
function markdownBlocks(tokens: MarkdownIt.Token[], keepCode: boolean): string[] {
  const blocks: string[] = [];
  let row: string[] | undefined;
  let openListItems = 0;
  let inHeading = false;
  let inFootnotes = false;
  for (const token of tokens) {
    switch (token.type) {
      // A footnote is an aside or a source ("WHO/UNICEF joint press release, 2024"), not what the article is about; its
      // marker ("[^1]") is no word either.
      case 'footnote_block_open':
      case 'footnote_block_close':
        inFootnotes = token.nesting === 1;
        break;
      case 'inline': {
        if (inFootnotes) break;
        const text = inlineText(token.children ?? [], keepCode);
        if (row) row.push(text);
        else if (inHeading) blocks.push(text + SENTENCE_END);
        else if (openListItems > 0) blocks.push(text.replace(TASK_MARKER, '') + SENTENCE_END);
        else blocks.push(text);
        break;
      }
      case 'heading_open':
      case 'heading_close':
        inHeading = token.nesting === 1;
        break;
      case 'list_item_open':
      case 'list_item_close':
        openListItems += token.nesting;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        if (row) blocks.push(row.filter((cell) => cell.trim()).join(', ') + SENTENCE_END);
        row = undefined;
        break;
      case 'html_block':
        blocks.push(token.content);
        break;
      case 'fence':
      case 'code_block':
        if (keepCode) blocks.push(literal(token.content));
        break;
      default:
      // Block markers (paragraphs, lists, quotes, rules) carry no text; their boundaries are the block breaks.
    }
  }
  return blocks;
}

/** A footnote's marker whose note was not pasted with it ("a footnote[^1]."): the plugin reads only a defined one. */
const FOOTNOTE_MARKER = /\[\^[^\s[\]]{1,100}\]/g;

/** Text of a block's inline tokens: links keep their text (an autolink's text is its URL), markup goes. */
function inlineText(tokens: MarkdownIt.Token[], keepCode: boolean): string {
  let out = '';
  let inAutolink = false;
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        if (!inAutolink) out += literal(token.content.replace(FOOTNOTE_MARKER, ''));
        break;
      case 'softbreak':
      case 'hardbreak':
        out += '\n';
        break;
      case 'html_inline':
        out += token.content;
        break;
      case 'code_inline':
        out += keepCode ? ` ${literal(token.content)} ` : ' ';
        break;
      case 'image':
        out += keepCode ? ` ${inlineText(token.children ?? [], keepCode)} ` : ' ';
        break;
      case 'link_open':
      case 'link_close':
        inAutolink = token.nesting === 1 && token.markup === 'autolink';
        break;
      default:
      // Emphasis, strong, strikethrough: their words are in the text tokens.
    }
  }
  return out;
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
    return joinBlocks(out.map((block) => tidy(finishSentences(dropAddressesAndShortcodes(withoutHtml(block.slice(0, MAX_INPUT_CHARS)))))));
  } catch {
    return '';
  }
}
