import { DomainError } from '@naskah/domain';
import { canonicalAddress, canonicalAddresseeName, canonicalSubject, canonicalText, isPrintable, normalizeChars } from './canonical-text';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, field: e.field, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
};

describe('canonical plain text (subject, addressee): DESIGN §6, what is reviewed is what is signed', () => {
  it.each([
    ['plain text stays', 'Undangan Rapat Koordinasi', 'Undangan Rapat Koordinasi'],
    ['ends trimmed', '  Undangan  ', 'Undangan'],
    ['runs of spaces collapse', 'Undangan    Rapat', 'Undangan Rapat'],
    ['tab, newline, CR LF, form feed, vertical tab are spaces', 'a\tb\nc\r\nd\fe\vf', 'a b c d e f'],
    ['NBSP and the other Unicode spaces are spaces', 'a\u00a0b\u2002c\u2003d\u2009e\u202ff\u205fg\u3000h\u1680i', 'a b c d e f g h i'],
    ['line and paragraph separators are spaces', 'a\u2028b\u2029c\u0085d', 'a b c d'],
    ['zero-width space, non-joiner, joiner removed', 'Ra\u200bhas\u200cia\u200d', 'Rahasia'],
    ['word joiner, BOM, invisible operators removed', '\ufeffa\u2060b\u2062c\u2064', 'abc'],
    [
      'bidi marks, embeddings, overrides, isolates removed',
      '\u200eA\u200fB\u202aC\u202bD\u202cE\u202dF\u202eG\u2066H\u2067I\u2068J\u2069\u061c',
      'ABCDEFGHIJ',
    ],
    ['soft hyphen removed', 'Koo\u00adperasi', 'Kooperasi'],
    ['variation selectors and tag characters removed', 'a\ufe0fb\u{e0041}\u{e0100}c', 'abc'],
    ['Hangul fillers and the combining grapheme joiner removed', 'a\u3164b\u115fc\u034fd', 'abcd'],
    ['C0 and C1 controls and DEL removed', 'a\u0000b\u0007c\u001bd\u007fe\u0080f\u009fg', 'abcdefg'],
    ['lone surrogates removed', 'a\ud800b\udc00c', 'abc'],
    ['decomposed letters composed (NFC)', 'Cafe\u0301 Kope\u0301rasi', 'Café Kopérasi'],
    ['a joiner between a letter and its accent does not stop composition', 'e\u200d\u0301', 'é'],
    ['only invisible characters: empty', '\u200b\u200c\u00a0\t\u2060', ''],
  ])('%s', (_why, input, expected) => {
    expect(canonicalText(input)).toBe(expected);
    expect(canonicalText(expected)).toBe(expected);
  });

  it('normalizeChars keeps the spaces at the ends (runs of a paragraph join up later)', () => {
    expect(normalizeChars(' a\u200b\u00a0')).toBe(' a ');
  });

  it.each([
    ['ASCII letters, digits, punctuation', 'Aa09 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', true],
    ['Latin-1 letters', 'éÉüÜñçßøÅ', true],
    ['Latin-1 signs', '¡¢£¥§©«®°±²µ¶·¹»¼½¾¿×÷', true],
    ['Windows-1252 extras', '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ', true],
    ['Cyrillic a (looks like a Latin a)', '\u0430', false],
    ['Greek omicron', '\u03bf', false],
    ['arrow', '→', false],
    ['emoji', '😀', false],
    ['CJK', '漢', false],
    ['Arabic', 'ب', false],
    ['combining accent on its own', '\u0301', false],
    ['private use', '\ue000', false],
    ['fullwidth A', 'Ａ', false],
    ['soft hyphen', '\u00ad', false],
    ['control', '\u0001', false],
  ])('printable on the letter: %s', (_why, chars, expected) => {
    expect([...chars].every(isPrintable)).toBe(expected);
  });

  describe('the subject, re-checked after cleaning (the DTO saw the raw input)', () => {
    it('is returned canonical', () => {
      expect(canonicalSubject('  Undangan\u200b  Rapat\u00a0Koordinasi ')).toBe('Undangan Rapat Koordinasi');
    });
    it.each([
      ['padded with zero-width characters to pass the minimum', 'a\u200b\u200b\u200bb', 'paling sedikit 3 karakter'],
      ['padded with spaces', '  ab   ', 'paling sedikit 3 karakter'],
      ['only invisible characters', '\u200b\u200c\u200d\u2060', 'paling sedikit 3 karakter'],
      ['longer than 500 characters', 'x'.repeat(501), 'paling panjang 500 karakter'],
      ['a character the letter cannot print', 'Undangan → Rapat', 'tidak dapat dicetak pada naskah: "→" (U+2192)'],
      ['a homoglyph', 'Rapat Koordin\u0430si', '"а" (U+0430)'],
    ])('refuses a subject %s with a 400 on field subject', (_why, input, reason) => {
      const r = refusal(() => canonicalSubject(input));
      expect(r).toMatchObject({ code: 'INVALID_INPUT', field: 'subject' });
      expect(r.message).toContain(reason);
    });
    it('names at most five unprintable characters', () => {
      expect(refusal(() => canonicalSubject('Hal αβγδεζη')).message).toMatch(/\(U\+03B1\), .*\(U\+03B5\), \.\.\.$/);
    });
  });

  describe('external addressees', () => {
    it('a name is canonical and at least 2 visible characters, on the field given', () => {
      expect(canonicalAddresseeName(' Kepala\u00a0Dinas\u200b ', 'recipients[0].name')).toBe('Kepala Dinas');
      expect(refusal(() => canonicalAddresseeName('X\u200b', 'recipients[1].name'))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'recipients[1].name',
      });
      expect(refusal(() => canonicalAddresseeName('Kepala 😀', 'tembusan[0].name'))).toMatchObject({ field: 'tembusan[0].name' });
      expect(refusal(() => canonicalAddresseeName('x'.repeat(301), 'recipients[0].name')).message).toContain('300');
    });
    it('an address is optional: nothing visible means none', () => {
      expect(canonicalAddress(undefined, 'a')).toBeUndefined();
      expect(canonicalAddress(null, 'a')).toBeUndefined();
      expect(canonicalAddress(' \u200b\u00a0', 'a')).toBeUndefined();
      expect(canonicalAddress('Jl.\tEngku  Putri\u200b No. 1', 'a')).toBe('Jl. Engku Putri No. 1');
      expect(refusal(() => canonicalAddress('Jl. → Putri', 'recipients[0].address'))).toMatchObject({ field: 'recipients[0].address' });
    });
  });
});
