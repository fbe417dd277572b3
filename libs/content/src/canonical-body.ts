import sanitizeHtml from 'sanitize-html';
import { DomainError } from '@naskah/domain';
import { normalizeChars, requirePrintable } from './canonical-text';
import { hiddenByAttributes } from './hidden-by-attributes';

/**
 * The one content model of a letter body (DESIGN §6, STYLE §14): exactly what the web editor can
 * produce (apps/web RichTextEditor: Tiptap StarterKit without headings, quotes, code, rules,
 * strike or links) and nothing else. Paragraphs of text with bold, italic and underline and line
 * breaks; numbered and bulleted lists, nested. No attributes, no tables (the editor has none).
 *
 * The canonical HTML is what Tiptap itself writes for that content, so the preview (which loads
 * it through the editor's schema) shows every character, and the PDF prints the same model.
 */
export type Mark = 'strong' | 'em' | 'u';
export type Inline = { text: string; marks: Mark[] } | { br: true };
export type Paragraph = { type: 'p'; content: Inline[] };
export type List = { type: 'ol' | 'ul'; items: Block[][] };
export type Block = Paragraph | List;

/** The editor schema's mark order (bold, italic, underline): the outer tag comes first. */
const MARK_ORDER: Mark[] = ['strong', 'em', 'u'];

const KEPT = ['p', 'br', 'strong', 'em', 'u', 'ol', 'ul', 'li', 'div'];
const ALIAS: Record<string, string> = { b: 'strong', i: 'em' };
/** Elements whose content a reader does not see as text of the page: dropped with everything in them. */
const DROPPED = new Set(
  (
    'script style template noscript object applet embed param title svg math head iframe frame frameset noframes noembed ' +
    'textarea select option optgroup datalist xmp plaintext canvas video audio picture source track img image area input ' +
    'meter progress rp base link meta portal fencedframe bgsound keygen isindex command'
  ).split(' '),
);
/** Block elements outside the model: their text stays, as paragraphs of its own (a <div> in the intermediate form). */
const BLOCKS = new Set(
  (
    'address article aside blockquote caption center colgroup dd details dialog dir div dl dt fieldset figcaption figure footer ' +
    'form h1 h2 h3 h4 h5 h6 header hgroup hr legend listing main menu nav pre search section summary table tbody td tfoot th thead tr'
  ).split(' '),
);
const DROP = 'x-drop';
const PREFIX = 'c-';

/**
 * The element's name in the intermediate form: a kept tag prefixed (every kept element renamed, so
 * that sanitize-html's rename bookkeeping never carries a stale name over from a dropped sibling),
 * or x-drop, or a <span>, which sanitize-html unwraps keeping its text.
 */
function intermediateTag(tag: string, attribs: Record<string, string>): string {
  if (DROPPED.has(tag) || hiddenByAttributes(tag, attribs)) return DROP;
  const kept = ALIAS[tag] ?? (KEPT.includes(tag) ? tag : BLOCKS.has(tag) ? 'div' : null);
  return kept ? `${PREFIX}${kept}` : 'span';
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: KEPT.map((t) => `${PREFIX}${t}`),
  allowedAttributes: {},
  disallowedTagsMode: 'discard',
  nonTextTags: [DROP],
  transformTags: { '*': (tagName, attribs) => ({ tagName: intermediateTag(tagName, attribs), attribs: {} }) },
  // Deeper markup is unwrapped (its text kept): bounds the depth of everything below.
  nestingLimit: 48,
  parser: { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
};

const TOKEN = /<(\/?)c-([a-z]+)\s*\/?>|([^<]+)|</g;
const ENTITY = /&(amp|lt|gt|quot|#39);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

type Container = { kind: 'container'; blocks: Block[]; para: { content: Inline[]; explicit: boolean } | null; implicit?: boolean };
type Frame = { tag: string } & (Container | { kind: 'list'; list: List } | { kind: 'mark'; mark: Mark } | { kind: 'block' });

/**
 * Reads sanitize-html's output (only the KEPT tags, no attributes, text escaped) into blocks. A
 * stack machine rather than recursion: no nesting, however malformed, can overflow the stack.
 */
function build(intermediate: string): Block[] {
  const root: Frame = { tag: '#root', kind: 'container', blocks: [], para: null };
  const stack: Frame[] = [root];
  /** The innermost item, body or list: where the next block goes. */
  const structure = () => {
    for (let i = stack.length - 1; ; i--) {
      const f = stack[i];
      if (f.kind === 'container' || f.kind === 'list') return f;
    }
  };
  const flush = (c: Container) => {
    if (!c.para) return;
    const content = normalizeInlines(c.para.content);
    if (c.para.explicit || content.length) c.blocks.push({ type: 'p', content });
    c.para = null;
  };
  /** Where content goes; inside a list but outside its items, a new item of its own. */
  const container = (): Container => {
    const at = structure();
    if (at.kind === 'container') return at;
    const item: Frame = { tag: 'li', kind: 'container', blocks: [], para: null, implicit: true };
    at.list.items.push(item.blocks);
    stack.push(item);
    return item;
  };
  const close = (f: Frame) => {
    if (f.kind === 'container') flush(f);
    else if (f.kind === 'block') {
      const at = structure();
      if (at.kind === 'container') flush(at);
    }
  };
  const inline = (item: Inline) => {
    if ('text' in item && !item.text.trim() && structure().kind === 'list') return;
    const c = container();
    c.para ??= { content: [], explicit: false };
    c.para.content.push(item);
  };
  /** A list, or the implicit item that loose content opened in one. */
  const isList = (f: Frame) => f.kind === 'list' || (f.kind === 'container' && !!f.implicit);
  const marks = () => MARK_ORDER.filter((m) => stack.some((f) => f.kind === 'mark' && f.mark === m));

  for (const [, slash, tag, text] of intermediate.matchAll(TOKEN)) {
    if (tag === undefined) {
      inline({ text: (text ?? '<').replace(ENTITY, (_, e: string) => ENTITIES[e]), marks: marks() });
    } else if (slash) {
      let at = stack.length - 1;
      while (at > 0 && (stack[at].tag !== tag || (stack[at].kind === 'container' && (stack[at] as Container).implicit))) at--;
      if (at > 0) for (const f of stack.splice(at).reverse()) close(f);
    } else if (tag === 'br') {
      inline({ br: true });
    } else if (tag === 'strong' || tag === 'em' || tag === 'u') {
      stack.push({ tag, kind: 'mark', mark: tag });
    } else if (tag === 'p') {
      const c = container();
      flush(c);
      c.para = { content: [], explicit: true };
      stack.push({ tag, kind: 'block' });
    } else if (tag === 'ol' || tag === 'ul') {
      const c = container();
      flush(c);
      const list: List = { type: tag, items: [] };
      c.blocks.push(list);
      stack.push({ tag, kind: 'list', list });
    } else if (tag === 'li' && isList(structure())) {
      // A new item ends the implicit one that loose content may have opened.
      while (stack[stack.length - 1].kind !== 'list') close(stack.pop()!);
      const item: Frame = { tag, kind: 'container', blocks: [], para: null };
      (stack[stack.length - 1] as { list: List }).list.items.push(item.blocks);
      stack.push(item);
    } else {
      // <div>, or an <li> outside any list: a block boundary and nothing more.
      const at = structure();
      if (at.kind === 'container') flush(at);
      stack.push({ tag, kind: 'block' });
    }
  }
  for (const f of stack.splice(1).reverse()) close(f);
  flush(root);
  return tidy(root.blocks, true);
}

const isEmptyParagraph = (b: Block) => b.type === 'p' && b.content.length === 0;

/**
 * The shape Tiptap gives a document: no empty lists; every list item starts with a paragraph
 * (schema `paragraph block*`); and here also no empty paragraphs at the start or end of the body.
 */
function tidy(blocks: Block[], top: boolean): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    if (b.type === 'p') out.push(b);
    else {
      const items = b.items.map((item) => {
        const inner = tidy(item, false);
        return inner[0]?.type === 'p' ? inner : [{ type: 'p' as const, content: [] }, ...inner];
      });
      if (items.length) out.push({ type: b.type, items });
    }
  }
  if (top) {
    while (out.length && isEmptyParagraph(out[0])) out.shift();
    while (out.length && isEmptyParagraph(out[out.length - 1])) out.pop();
  }
  return out;
}

/**
 * Whitespace as ProseMirror reads HTML (runs collapse to one space; none at the start or end of
 * a paragraph) and stricter still: none next to a line break, no line break at the start or end,
 * no mark on a line break, adjacent runs with the same marks merged.
 */
function normalizeInlines(items: Inline[]): Inline[] {
  const out: Inline[] = [];
  let afterSpace = true;
  const trimEnd = () => {
    for (let last = out[out.length - 1]; last && 'text' in last; last = out[out.length - 1]) {
      last.text = last.text.trimEnd();
      if (last.text) break;
      out.pop();
    }
  };
  for (const item of mergeRuns(items.map((i) => ('text' in i ? { text: normalizeChars(i.text), marks: i.marks } : i)))) {
    if ('br' in item) {
      trimEnd();
      if (out.length) out.push({ br: true });
      afterSpace = true;
      continue;
    }
    let text = item.text.normalize('NFC').replace(/ {2,}/g, ' ');
    if (afterSpace) text = text.replace(/^ /, '');
    if (!text) continue;
    afterSpace = text.endsWith(' ');
    const last = out[out.length - 1];
    if (last && 'text' in last && last.marks.join() === item.marks.join()) last.text += text;
    else out.push({ text, marks: item.marks });
  }
  trimEnd();
  while (out.length && 'br' in out[out.length - 1]) out.pop();
  return out;
}

/** Adjacent text runs with the same marks as one run (as ProseMirror joins text nodes). */
function mergeRuns(items: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if ('text' in item && last && 'text' in last && last.marks.join() === item.marks.join())
      out[out.length - 1] = { text: last.text + item.text, marks: last.marks };
    else out.push(item);
  }
  return out;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Inline content as ProseMirror's DOMSerializer writes it: marks kept open across runs that share them. */
function inlineHtml(items: Inline[]): string {
  let html = '';
  const active: Mark[] = [];
  for (const item of items) {
    const marks = 'br' in item ? [] : item.marks;
    let keep = 0;
    while (keep < active.length && keep < marks.length && active[keep] === marks[keep]) keep++;
    while (active.length > keep) html += `</${active.pop()}>`;
    for (const m of marks.slice(keep)) {
      html += `<${m}>`;
      active.push(m);
    }
    html += 'br' in item ? '<br>' : escapeText(item.text);
  }
  while (active.length) html += `</${active.pop()}>`;
  return html;
}

export function blocksHtml(blocks: Block[]): string {
  return blocks
    .map((b) =>
      b.type === 'p' ? `<p>${inlineHtml(b.content)}</p>` : `<${b.type}>${b.items.map((item) => `<li>${blocksHtml(item)}</li>`).join('')}</${b.type}>`,
    )
    .join('');
}

/**
 * The body's content model, from any HTML: what the canonical form holds and the PDF prints. It
 * never refuses; canonicalBody does. Of canonical HTML it is the exact model.
 */
export function bodyBlocks(html: string): Block[] {
  return build(sanitizeHtml(html, SANITIZE));
}

/** Every text run of the body, in reading order. */
export function bodyTexts(blocks: Block[]): string[] {
  return blocks.flatMap((b) =>
    b.type === 'p' ? b.content.flatMap((i) => ('text' in i ? [i.text] : [])) : b.items.flatMap((item) => bodyTexts(item)),
  );
}

/** The longest body the API accepts, before and after cleaning. */
export const BODY_MAX_LENGTH = 200_000;

/**
 * The body as it is stored, hashed, previewed and printed: canonical(canonical(x)) === canonical(x).
 * Refuses (400 on `field`) a body with no visible text left, one the letter's fonts cannot print,
 * or one that grows past BODY_MAX_LENGTH.
 */
export function canonicalBody(html: string, field = 'body'): string {
  const blocks = bodyBlocks(html);
  const texts = bodyTexts(blocks);
  if (!texts.some((t) => t.trim())) {
    throw new DomainError('INVALID_INPUT', 'isi naskah kosong setelah dibersihkan (hanya markah, ruang kosong, atau bagian yang tersembunyi)', {
      field,
    });
  }
  requirePrintable(texts.join(''), field, 'isi naskah');
  const canonical = blocksHtml(blocks);
  if (canonical.length > BODY_MAX_LENGTH) throw new DomainError('INVALID_INPUT', 'isi naskah terlalu panjang', { field });
  return canonical;
}
