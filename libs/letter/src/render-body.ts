import { Block, bodyBlocks, Inline } from '@naskah/content';

const FONTS: Record<string, string> = {
  '': 'Helvetica',
  strong: 'Helvetica-Bold',
  em: 'Helvetica-Oblique',
  'strong,em': 'Helvetica-BoldOblique',
};
/** First-line indent of a paragraph of the body (not of list items), as Tata Naskah Dinas sets it. */
const PARAGRAPH_INDENT = 30;
const FONT_SIZE = 11;
/** How far each list level is indented (up to a depth), and the gap between a marker and its item. */
const LEVEL_INDENT = 22;
const MAX_INDENT_LEVELS = 8;
const MARKER_GAP = 5;

type Segment = { text: string; font: string; underline: boolean; width: number };
/** A word (possibly in several fonts: <strong>meng</strong>undang) and the space after it, if any. */
type Word = { segments: Segment[]; width: number; space: { width: number; underline: boolean } | null };
type Line = { words: Word[]; justify: boolean; indent: number };

/**
 * The letter body, drawn from the canonical content model (@naskah/content): exactly its text,
 * in its paragraphs, marks, line breaks and lists, and never anything else of the stored HTML.
 * Lines are laid out here (pdfkit's own wrapping loses spaces between runs of different fonts).
 */
export function renderBody(doc: PDFKit.PDFDocument, html: string, left: number, width: number): void {
  doc.fontSize(FONT_SIZE);
  for (const block of bodyBlocks(html)) {
    renderBlock(doc, block, left, width, 0);
    doc.moveDown(0.5);
  }
  doc.x = left;
}

function renderBlock(doc: PDFKit.PDFDocument, block: Block, x: number, width: number, depth: number): void {
  if (block.type === 'p') {
    paragraph(doc, block.content, x, width, depth ? 0 : PARAGRAPH_INDENT);
    return;
  }
  const step = depth < MAX_INDENT_LEVELS ? LEVEL_INDENT : 0;
  block.items.forEach((item, i) => {
    ensureRoom(doc);
    marker(doc, block.type === 'ol' ? `${i + 1}.` : (['disc', 'circle'][depth] ?? 'square'), x + step, doc.y);
    item.forEach((inner, j) => {
      if (j > 0) doc.moveDown(0.25);
      renderBlock(doc, inner, x + step, width - step, depth + 1);
    });
    doc.moveDown(0.25);
  });
}

const lineHeight = (doc: PDFKit.PDFDocument) => doc.font('Helvetica').currentLineHeight(true);

function ensureRoom(doc: PDFKit.PDFDocument): void {
  if (doc.y + lineHeight(doc) > doc.page.maxY()) {
    doc.addPage();
    doc.y = doc.page.margins.top;
  }
}

/** A number, or a bullet drawn as a shape (the browser's disc, circle, square by list depth), left of x. */
function marker(doc: PDFKit.PDFDocument, kind: string, x: number, y: number): void {
  if (kind.endsWith('.')) {
    const w = doc.font('Helvetica').widthOfString(kind);
    doc.text(kind, x - MARKER_GAP - w, y, { lineBreak: false });
  } else {
    const size = doc.font('Helvetica').currentLineHeight() * 0.3;
    const cx = x - MARKER_GAP - size;
    const cy = y + doc.currentLineHeight() * 0.45;
    doc.save().lineWidth(0.7);
    if (kind === 'disc') doc.circle(cx, cy, size / 2).fill('black');
    else if (kind === 'circle') doc.circle(cx, cy, size / 2).stroke('black');
    else doc.rect(cx - size / 2, cy - size / 2, size, size).fill('black');
    doc.restore();
  }
  doc.y = y;
}

/** The paragraph as words, with null for each line break. */
function words(doc: PDFKit.PDFDocument, content: Inline[]): Array<Word | null> {
  const out: Array<Word | null> = [];
  let word: Word | null = null;
  for (const item of content) {
    if ('br' in item) {
      if (word) out.push(word);
      out.push((word = null));
      continue;
    }
    const font = FONTS[item.marks.filter((m) => m !== 'u').join()];
    const underline = item.marks.includes('u');
    doc.font(font);
    item.text.split(' ').forEach((part, i) => {
      if (i > 0) {
        // A space: it ends the word before it (canonical text has no two spaces in a row).
        if (word) {
          word.space = { width: doc.widthOfString(' '), underline };
          out.push(word);
        }
        word = null;
      }
      if (!part) return;
      word ??= { segments: [], width: 0, space: null };
      const width = doc.widthOfString(part);
      word.segments.push({ text: part, font, underline, width });
      word.width += width;
    });
  }
  if (word) out.push(word);
  return out;
}

/** A word wider than the line, cut into pieces that fit (by character). */
function split(doc: PDFKit.PDFDocument, word: Word, width: number): Word[] {
  const pieces: Word[] = [];
  let piece: Word = { segments: [], width: 0, space: null };
  for (const seg of word.segments) {
    doc.font(seg.font);
    for (const ch of seg.text) {
      const w = doc.widthOfString(ch);
      if (piece.width + w > width && piece.width > 0) {
        pieces.push(piece);
        piece = { segments: [], width: 0, space: null };
      }
      const last = piece.segments[piece.segments.length - 1];
      if (last && last.font === seg.font && last.underline === seg.underline) last.text += ch;
      else piece.segments.push({ text: ch, font: seg.font, underline: seg.underline, width: 0 });
      piece.segments[piece.segments.length - 1].width += w;
      piece.width += w;
    }
  }
  piece.space = word.space;
  pieces.push(piece);
  return pieces;
}

function lines(doc: PDFKit.PDFDocument, content: Inline[], width: number, indent: number): Line[] {
  const out: Line[] = [];
  let line: Line = { words: [], justify: false, indent };
  let used = 0;
  const end = (justify: boolean) => {
    out.push({ ...line, justify });
    line = { words: [], justify: false, indent: 0 };
    used = 0;
  };
  for (const token of words(doc, content)) {
    if (token === null) {
      end(false);
      continue;
    }
    const room = width - line.indent;
    const pieces = token.width > room ? split(doc, token, room) : [token];
    for (const word of pieces) {
      const before = line.words.length ? (line.words[line.words.length - 1].space?.width ?? 0) : 0;
      if (line.words.length && used + before + word.width > width - line.indent) end(true);
      used += (line.words.length ? before : 0) + word.width;
      line.words.push(word);
    }
  }
  if (line.words.length || !out.length) end(false);
  return out;
}

function paragraph(doc: PDFKit.PDFDocument, content: Inline[], x: number, width: number, indent: number): void {
  for (const line of lines(doc, content, width, indent)) {
    ensureRoom(doc);
    const y = doc.y;
    const natural = line.words.reduce((sum, w, i) => sum + w.width + (i < line.words.length - 1 ? (w.space?.width ?? 0) : 0), 0);
    const gaps = line.words.length - 1;
    const extra = line.justify && gaps > 0 ? (width - line.indent - natural) / gaps : 0;
    let at = x + line.indent;
    const underlines: Array<[number, number]> = [];
    const underline = (from: number, to: number) => {
      const last = underlines[underlines.length - 1];
      if (last && Math.abs(last[1] - from) < 0.01) last[1] = to;
      else underlines.push([from, to]);
    };
    line.words.forEach((word, i) => {
      for (const seg of word.segments) {
        doc.font(seg.font).text(seg.text, at, y, { lineBreak: false });
        if (seg.underline) underline(at, at + seg.width);
        at += seg.width;
      }
      if (i < gaps && word.space) {
        const w = word.space.width + extra;
        if (word.space.underline) underline(at, at + w);
        at += w;
      }
    });
    if (underlines.length) {
      // As pdfkit underlines: a tenth of the font size thick, at the bottom of the line.
      const thickness = Math.floor(FONT_SIZE / 10);
      const lineY = y + doc.font('Helvetica').currentLineHeight() - thickness;
      doc.save().lineWidth(thickness);
      for (const [from, to] of underlines) doc.moveTo(from, lineY).lineTo(to, lineY).stroke('black');
      doc.restore();
    }
    doc.y = y + lineHeight(doc);
  }
  doc.font('Helvetica');
  doc.x = x;
}
