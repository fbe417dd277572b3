import { fullTextPrefix, parseSearch, runPattern, SearchTermsError } from './search-terms';

/** The patterns as the database applies them: PCRE (MariaDB) with Unicode properties, case-insensitive. */
const finds = (q: string, text: string) => parseSearch(q).words.every((w) => new RegExp(w.pattern, 'iu').test(text));

describe('parseSearch: what the inbox search means', () => {
  it.each([
    ['a word at the start of a word', 'undang', 'Undangan Rapat Koordinasi', true],
    ['words in any order', 'rapat undangan', 'Undangan Rapat Koordinasi', true],
    ['not inside a word', 'dangan', 'Undangan Rapat Koordinasi', false],
    ['every word must be there', 'undangan anggaran', 'Undangan Rapat Koordinasi', false],
    ['a short word next to a long one', 'laporan 3', 'Laporan 3', true],
    ['a short word is a word start too', 'laporan 3', 'Laporan 13', false],
    ['a letter number as typed', '800/12/DISKOMINFO', '800/12/DISKOMINFO/2026', true],
    ['a letter number is literal', '800/12/DISKOMINFO', '800/120/DISKOMINFO/2026', false],
    ['part of a number from a word start', '12/DISKOMINFO', '800/12/DISKOMINFO/2026', true],
    ['quotes and signs around words are dropped', '"rapat" +undangan -(koordinasi)', 'Undangan Rapat Koordinasi', true],
    ['a percent sign is no wildcard', '100%', 'Anggaran 100 juta', true],
    ['a percent sign inside a word is literal', '100%0', 'Anggaran 100 juta', false],
    ['an underscore joins a word', 'rapat', 'pra_rapat', false],
    ['letters beyond ASCII', 'pengaduan', 'Tindak lanjut pengaduan warga Cañada', true],
    ['a letter beyond ASCII is no word boundary', '800', 'é800', false],
  ])('%s: %p in %p: %p', (_, q, text, expected) => {
    expect(finds(q, text)).toBe(expected);
  });

  it('keeps each word once and gives the index its Latin runs, longest first', () => {
    const t = parseSearch('Rapat rapat 800/12/DISKOMINFO Ωμέγα');
    expect(t.words.map((w) => w.text)).toEqual(['Rapat', '800/12/DISKOMINFO', 'Ωμέγα']);
    expect(t.indexable).toEqual(['diskominfo', 'rapat', '800']);
  });

  it("leaves runs outside the index's token sizes to the patterns", () => {
    expect(parseSearch('rapat abcd', { min: 4, max: 84 }).indexable).toEqual(['rapat', 'abcd']);
    expect(parseSearch('rapat abc', { min: 4, max: 84 }).indexable).toEqual(['rapat']);
    expect(parseSearch('rapat koordinasi', { min: 3, max: 6 }).indexable).toEqual(['rapat']);
  });

  it("never looks up one of InnoDB's stopwords in the index (a rebuild with stopwords on would drop it), only matches it", () => {
    const t = parseSearch('laporan for the www.batam.go.id');
    expect(t.indexable).toEqual(['laporan', 'batam']);
    expect(t.words.map((w) => w.text)).toEqual(['laporan', 'for', 'the', 'www.batam.go.id']);
    expect(finds('laporan for', 'Laporan for Investment')).toBe(true);
    // A stopword alone is still a search, read from the box rather than the index.
    expect(parseSearch('with').indexable).toEqual([]);
    expect(parseSearch('forum').indexable).toEqual(['forum']);
  });

  it.each([['ab'], ['3 4'], ['%'], ['+-"*()~<>@'], ['a.b/c'], ['\u0000\u0001 ab']])('refuses %p: no word of three letters or digits', (q) => {
    expect(() => parseSearch(q)).toThrow(SearchTermsError);
    expect(() => parseSearch(q)).toThrow(/paling sedikit satu kata 3 huruf atau angka/);
  });

  it('leaves no operator of the full-text syntax in what it looks up', () => {
    const t = parseSearch('+rapat* -anggaran "laporan" (dinas) ~kota <a> @2 abc');
    for (const run of t.indexable) expect(fullTextPrefix(run)).toMatch(/^\+[\p{L}\p{N}_]+\*$/u);
  });

  it('escapes every ASCII sign in the patterns', () => {
    const t = parseSearch('a.b(c)[d]{e}|f^g$h?i*j+k\\lmn');
    expect(new RegExp(t.words[0].pattern, 'iu').test('x a.b(c)[d]{e}|f^g$h?i*j+k\\lmn')).toBe(true);
    expect(new RegExp(t.words[0].pattern, 'iu').test('x aXb(c)[d]{e}|f^g$h?i*j+k\\lmn')).toBe(false);
    expect(runPattern('rapat')).toBe('(^|[^\\p{L}\\p{N}_])rapat');
  });
});
