/**
 * pdfkit (0.10) reads and parses a standard font's AFM metrics (some 3,000 lines through regular
 * expressions) every time a document first uses that font: for a letter in four faces that was
 * about a third of its render time. The parsed tables (attributes, widths, bounding boxes, kerning
 * pairs) are only read after parsing, so one parse per font and process is shared by every document.
 * pdfkit does not export its AFM class; it is reached through the font of a document it made.
 */
interface AfmTables {
  attributes: object;
  glyphWidths: object;
  boundingBoxes: object;
  kernPairs: object;
}
interface AfmFont extends AfmTables {
  contents: string;
  parse(): void;
}

const parsed = new Map<string, AfmTables>();
let shared = false;

/** Installs the shared parse (once per process); `doc` is any document pdfkit made, its current font a standard one. */
export function shareStandardFontMetrics(doc: PDFKit.PDFDocument): void {
  if (shared) return;
  const afm = (doc as unknown as { _font?: { font?: AfmFont } })._font?.font;
  const proto = afm && (Object.getPrototypeOf(afm) as AfmFont);
  if (!proto || typeof proto.parse !== 'function' || typeof afm.contents !== 'string') return; // not pdfkit's AFM font: leave it alone
  const parse = proto.parse;
  proto.parse = function (this: AfmFont) {
    const hit = parsed.get(this.contents);
    if (hit) {
      Object.assign(this, hit);
      return;
    }
    parse.call(this);
    parsed.set(this.contents, {
      attributes: this.attributes,
      glyphWidths: this.glyphWidths,
      boundingBoxes: this.boundingBoxes,
      kernPairs: this.kernPairs,
    });
  };
  shared = true;
}
