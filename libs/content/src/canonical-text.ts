import { DomainError } from '@naskah/domain';

// Invisible code points: format characters (zero-width, bidi controls, word joiner, BOM, tags,
// soft hyphen) and everything Unicode says to render as nothing (variation selectors, fillers).
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;
// Line ends, tabs and every Unicode space (NBSP, em space, ideographic space...) read as a space.
const SPACE = /\p{White_Space}/gu;
// Any other control character (C0, DEL, C1).
const CONTROL = /\p{Cc}/gu;

/**
 * The characters a letter can carry: those the PDF's standard fonts print (Windows-1252, which
 * pdfkit's Helvetica encodes), less the controls. Anything else would show in the web preview
 * and print as something else, or nothing, in the signed PDF.
 */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export function isPrintable(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff && c !== 0xad) || WIN_ANSI_EXTRA.includes(ch);
}

/**
 * One run of text in canonical form, spaces not yet collapsed: invisible and control characters
 * removed, Unicode NFC, every kind of whitespace a plain space. Idempotent.
 */
export function normalizeChars(value: string): string {
  return value.replace(INVISIBLE, '').replace(SPACE, ' ').replace(CONTROL, '').normalize('NFC');
}

/** normalizeChars, then runs of spaces collapsed to one and the ends trimmed. */
export function canonicalText(value: string): string {
  return normalizeChars(value).replace(/ {2,}/g, ' ').trim();
}

const codePoint = (ch: string) => `"${ch}" (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;

/** Refuses text with characters the letter cannot print, naming them (at most five). */
export function requirePrintable(text: string, field: string, label: string): void {
  const bad = [...new Set([...text].filter((ch) => !isPrintable(ch)))];
  if (bad.length) {
    throw new DomainError(
      'INVALID_INPUT',
      `${label} memuat karakter yang tidak dapat dicetak pada naskah: ${bad.slice(0, 5).map(codePoint).join(', ')}${bad.length > 5 ? ', ...' : ''}`,
      { field },
    );
  }
}

export interface LineRule {
  field: string;
  /** How the field is named to the user, e.g. "hal (perihal)". */
  label: string;
  min: number;
  max: number;
}

/**
 * A one-line text field (subject, addressee) in canonical form, checked again after cleaning:
 * the DTO's length checks saw the raw input, which may have been padded with invisible characters.
 */
export function canonicalLine(value: string, rule: LineRule): string {
  const text = canonicalText(value);
  if (text.length < rule.min) {
    throw new DomainError(
      'INVALID_INPUT',
      rule.min === 1
        ? `${rule.label} wajib diisi dengan karakter yang terlihat`
        : `${rule.label} paling sedikit ${rule.min} karakter (tidak termasuk spasi dan karakter tak terlihat)`,
      { field: rule.field },
    );
  }
  if (text.length > rule.max) throw new DomainError('INVALID_INPUT', `${rule.label} paling panjang ${rule.max} karakter`, { field: rule.field });
  requirePrintable(text, rule.field, rule.label);
  return text;
}

/** The subject (hal) of a letter: 3 to 500 characters, as the API's input rules say. */
export function canonicalSubject(value: string, field = 'subject'): string {
  return canonicalLine(value, { field, label: 'hal (perihal)', min: 3, max: 500 });
}

/** An external addressee's name: 2 to 300 characters. */
export function canonicalAddresseeName(value: string, field: string): string {
  return canonicalLine(value, { field, label: 'nama penerima', min: 2, max: 300 });
}

/** An external addressee's address: optional (undefined when nothing visible is left), at most 300 characters. */
export function canonicalAddress(value: string | null | undefined, field: string): string | undefined {
  if (value == null || !canonicalText(value)) return undefined;
  return canonicalLine(value, { field, label: 'alamat', min: 1, max: 300 });
}
