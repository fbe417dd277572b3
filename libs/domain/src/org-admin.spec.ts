import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chartFromFile, readDocumentKinds, readOrganizationFile } from '@naskah/org-files';
import { DomainError } from './errors';
import { formatLetterNumber } from './numbering';
import {
  assertKeepsSigning,
  assertMaySign,
  assertNewAuthorityCited,
  CHART_CODE_PATTERN,
  descendantsOf,
  KIND_CODE_PATTERN,
  LETTER_LAYOUTS,
  numberTemplateProblems,
  positionCitations,
  PositionReferences,
  positionRemovalBlockers,
  repeatedPosition,
  reportsViaIntoOwnSubtree,
  unitRemovalBlockers,
  validateNumberTemplate,
  validateUnitPlacement,
  withoutPosition,
  withoutUnit,
  withPosition,
  withUnit,
} from './org-admin';
import { Authority, validateOrgChart } from './org-chart';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const NONE: Authority = { check: false, return: false, paraf: false, sign: false };
const REVIEWER: Authority = { check: true, return: true, paraf: true, sign: false };
const SIGNER: Authority = { check: true, return: true, paraf: false, sign: true };

const cilegonFile = readOrganizationFile('cilegon-dkukm.yaml');
const cilegon = chartFromFile(cilegonFile);
const unitId = (code: string) => cilegon.unitsByCode.get(code)!.id;
const position = (code: string) => cilegon.chart.positions.find((p) => p.code === code)!;

describe('number templates (DESIGN §6): what formatLetterNumber fills completely', () => {
  it.each(['{kode}/{nomor}/{unit}/{tahun}', 'NOMOR {nomor} TAHUN {tahun}', '{nomor}', '800/{nomor}/DKUM/{tahun}', '{kode}.{nomor}-{unit}/{tahun}'])(
    'accepts %s',
    (template) => {
      expect(numberTemplateProblems(template)).toEqual([]);
      expect(() => validateNumberTemplate(template, 'numberTemplate')).not.toThrow();
      // Every placeholder is filled: nothing in braces is left in the number.
      expect(formatLetterNumber(template, { kode: '000.8.3.3', nomor: 7, unit: 'DKUM', tahun: 2026 })).not.toMatch(/[{}]/);
    },
  );

  it.each<[string, RegExp]>([
    ['', /wajib diisi/],
    ['   ', /wajib diisi/],
    ['{kode}/{unit}/{tahun}', /harus memuat \{nomor\}/],
    ['NOMOR TAHUN', /harus memuat \{nomor\}/],
    ['{kode}/{nomor}/{bidang}/{tahun}', /penanda tidak dikenal: \{bidang\}/],
    ['{NOMOR}/{tahun}', /penanda tidak dikenal: \{NOMOR\}.*harus memuat \{nomor\}/],
    ['{ nomor }', /penanda tidak dikenal/],
    ['{}/{nomor}', /penanda tidak dikenal: \{\}/],
    ['{nomor}/{nomor}', /hanya boleh dipakai sekali: \{nomor\}/],
    ['{nomor}/{tahun}/{tahun}', /hanya boleh dipakai sekali: \{tahun\}/],
    ['{nomor}/{tahun', /tidak berpasangan/],
    ['{nomor}}/x', /tidak berpasangan/],
    ['{{nomor}}', /tidak berpasangan/],
    ['{nomor}\n', /karakter kendali/],
    [`{nomor}/${'x'.repeat(100)}`, /paling panjang 100/],
  ])('refuses %j', (template, reason) => {
    expect(numberTemplateProblems(template).join('; ')).toMatch(reason);
    expect(refusal(() => validateNumberTemplate(template, 'letterhead.numberTemplate'))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'letterhead.numberTemplate',
    });
  });
});

describe('layouts: the ones the letter renderer draws', () => {
  const renderer = readFileSync(join(dirname(require.resolve('@naskah/letter/package.json')), 'src', 'render-letter.ts'), 'utf8');
  const drawn = new Set([...renderer.matchAll(/layout === '([a-z-]+)'/g)].map((m) => m[1]));

  it('every layout offered is one render-letter.ts draws, and every one it draws is offered', () => {
    expect([...drawn].sort()).toEqual([...LETTER_LAYOUTS].sort());
  });

  it('the seeded document kinds use them', () => {
    for (const k of readDocumentKinds().kinds) expect(LETTER_LAYOUTS).toContain(k.layout);
  });
});

describe('codes (ketentuan aplikasi ini): capitals, digits, single separators', () => {
  it.each(['DKUM', 'KASUBBAG-UMPEG', 'UMPEG-ARSIP', 'BTM-DKUM', 'KA-UPT', 'A1', 'X_Y'])('a chart code %s', (c) =>
    expect(CHART_CODE_PATTERN.test(c)).toBe(true),
  );
  it.each(['', 'dkum', '-DKUM', 'DKUM-', 'A--B', 'A B', 'Ä', 'A/B', 'A.B'])('not a chart code %j', (c) =>
    expect(CHART_CODE_PATTERN.test(c)).toBe(false),
  );
  it.each(['NOTA_DINAS', 'LAPORAN', 'SURAT_PERINTAH'])('a kind code %s', (c) => expect(KIND_CODE_PATTERN.test(c)).toBe(true));
  it.each(['nota_dinas', 'NOTA-DINAS', '_NOTA', 'NOTA_', 'NOTA1', ''])('not a kind code %j', (c) => expect(KIND_CODE_PATTERN.test(c)).toBe(false));
});

describe('positionCitations: every authority names its source (DESIGN §3)', () => {
  it('an authority without the Pasal that gives it is refused, naming authorityPasal', () => {
    for (const authority of [REVIEWER, SIGNER, { ...NONE, check: true }, { ...NONE, return: true }]) {
      for (const authorityPasal of [undefined, null, '', '   ']) {
        expect(refusal(() => positionCitations({ isHead: true, unitPasal: 'Pasal 8', authority, authorityPasal }))).toMatchObject({
          code: 'INVALID_INPUT',
          field: 'authorityPasal',
        });
      }
    }
  });

  it('a head is placed by its unit’s Pasal unless another is given; the authority keeps its own', () => {
    expect(positionCitations({ isHead: true, unitPasal: 'Pasal 8', authority: REVIEWER, authorityPasal: ' Pasal 10 huruf f ' })).toEqual({
      pasal: 'Pasal 8',
      authorityPasal: 'Pasal 10 huruf f',
    });
    expect(
      positionCitations({ isHead: true, unitPasal: 'Pasal 8', authority: REVIEWER, authorityPasal: 'Pasal 10 huruf f', pasal: 'Pasal 9' }),
    ).toEqual({
      pasal: 'Pasal 9',
      authorityPasal: 'Pasal 10 huruf f',
    });
  });

  it('a position without authority cites what places it, like the seed’s pelaksana', () => {
    expect(positionCitations({ isHead: false, unitPasal: 'Pasal 11', authority: NONE, pasal: 'Pasal 13 huruf a' })).toEqual({
      pasal: 'Pasal 13 huruf a',
      authorityPasal: 'Pasal 13 huruf a',
    });
    expect(positionCitations({ isHead: false, unitPasal: 'Pasal 11', authority: NONE, authorityPasal: 'Pasal 13 huruf b' })).toEqual({
      pasal: 'Pasal 13 huruf b',
      authorityPasal: 'Pasal 13 huruf b',
    });
  });

  it('a staff position citing nothing is refused, naming pasal (the unit’s Pasal places only its head)', () => {
    for (const pasal of [undefined, null, '', ' ']) {
      expect(refusal(() => positionCitations({ isHead: false, unitPasal: 'Pasal 11', authority: NONE, pasal }))).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'pasal',
      });
    }
    expect(refusal(() => positionCitations({ isHead: true, unitPasal: ' ', authority: NONE }))).toMatchObject({ field: 'pasal' });
  });
});

describe('an authority gained in an edit cites the Pasal that gives it, in that edit', () => {
  it.each<[string, Authority, Authority]>([
    ['sign', REVIEWER, { ...REVIEWER, sign: true }],
    ['check, return and paraf', NONE, REVIEWER],
    ['check', NONE, { ...NONE, check: true }],
  ])('gaining %s without authorityPasal is refused', (_, before, after) => {
    expect(refusal(() => assertNewAuthorityCited(before, after, false))).toMatchObject({ code: 'INVALID_INPUT', field: 'authorityPasal' });
    expect(() => assertNewAuthorityCited(before, after, true)).not.toThrow();
  });

  it.each<[string, Authority, Authority]>([
    ['unchanged', SIGNER, SIGNER],
    ['losing some', SIGNER, { ...SIGNER, sign: false }],
    ['losing all', REVIEWER, NONE],
  ])('%s needs no new citation', (_, before, after) => expect(() => assertNewAuthorityCited(before, after, false)).not.toThrow());
});

describe('who may be made a signer (DESIGN §3; Cilegon Pasal 16 huruf f angka 3)', () => {
  it('a position with signing authority may', () => {
    expect(() => assertMaySign(position('KADIS'), cilegonFile.regulationCitation, 'positions.0.positionId')).not.toThrow();
    expect(() => assertMaySign(position('SEKRETARIS'), cilegonFile.regulationCitation, 'positions.0.positionId')).not.toThrow();
  });

  it('the Cilegon Kasubbag PEPK may not, and the refusal cites his Pasal', () => {
    const e = refusal(() => assertMaySign(position('KASUBBAG-PEPK'), cilegonFile.regulationCitation, 'positions.1.positionId'));
    expect(e).toMatchObject({ code: 'RULE_VIOLATION', pasal: 'Perwako Cilegon 18/2022 Pasal 16 huruf f angka 3', field: 'positions.1.positionId' });
    expect(e.message).toMatch(/jabatan ini tidak berwenang menandatangani menurut Perwako Cilegon 18\/2022 Pasal 16 huruf f angka 3/);
  });

  it('nor may a pelaksana, citing what places him', () => {
    const clerk = position('UMPEG-ARSIP');
    expect(refusal(() => assertMaySign(clerk, cilegonFile.regulationCitation, 'f'))).toMatchObject({
      code: 'RULE_VIOLATION',
      pasal: `Perwako Cilegon 18/2022 ${clerk.authorityPasal}`,
    });
  });
});

describe('a signer keeps its signing authority while the authority table names it', () => {
  const sekretaris = position('SEKRETARIS');
  const reg = cilegonFile.regulationCitation;

  it('losing sign while a signer of kinds is refused, naming the kinds and citing the Pasal', () => {
    const after = { ...sekretaris, authority: { ...sekretaris.authority, sign: false }, authorityPasal: 'Pasal 10 huruf e' };
    const e = refusal(() => assertKeepsSigning(sekretaris, after, ['Nota Dinas', 'Surat Undangan'], reg));
    expect(e).toMatchObject({ code: 'RULE_VIOLATION', pasal: 'Perwako Cilegon 18/2022 Pasal 10 huruf e', field: 'authority.sign' });
    expect(e.message).toMatch(/Nota Dinas, Surat Undangan/);
  });

  it.each<[string, Authority, Authority, string[]]>([
    ['keeps sign', SIGNER, SIGNER, ['Nota Dinas']],
    ['signs nothing in the table', SIGNER, REVIEWER, []],
    ['never could sign', REVIEWER, NONE, ['Nota Dinas']],
    ['gains sign', REVIEWER, SIGNER, []],
  ])('allowed when it %s', (_, before, after, kinds) => {
    expect(() => assertKeepsSigning({ authority: before }, { ...sekretaris, authority: after }, kinds, reg)).not.toThrow();
  });
});

describe('unit placement: the tree stays a tree, reports-via cites its Pasal (Cilegon Pasal 3 ayat (3))', () => {
  const units = cilegon.chart.units;
  const sekretariat = unitId('SEKRETARIAT');
  const base = (over: Partial<Parameters<typeof validateUnitPlacement>[1]>) => ({
    id: sekretariat,
    parentId: unitId('DKUKM'),
    reportsViaUnitId: null,
    reportsViaPasal: null,
    ...over,
  });

  it('descendants: the whole subtree, not the unit itself', () => {
    const below = descendantsOf(units, sekretariat);
    expect([...below].sort()).toEqual([unitId('UMPEG'), unitId('PEPK')].sort());
    expect(descendantsOf(units, unitId('DKUKM')).size).toBe(units.length - 1);
    expect(descendantsOf(units, unitId('UMPEG')).size).toBe(0);
  });

  it('a unit may move anywhere outside its own subtree', () => {
    expect(() => validateUnitPlacement(units, base({ id: unitId('UMPEG'), parentId: unitId('KOP') }))).not.toThrow();
    expect(() => validateUnitPlacement(units, base({}))).not.toThrow();
  });

  it.each(['SEKRETARIAT', 'UMPEG', 'PEPK'])('not under itself or its descendant %s', (under) => {
    expect(refusal(() => validateUnitPlacement(units, base({ parentId: unitId(under) })))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'parentId',
    });
  });

  it('reports via another unit outside its subtree, with the Pasal', () => {
    expect(() =>
      validateUnitPlacement(units, base({ id: unitId('KOP'), reportsViaUnitId: sekretariat, reportsViaPasal: 'Pasal 3 ayat (3)' })),
    ).not.toThrow();
    expect(
      refusal(() => validateUnitPlacement(units, base({ id: unitId('KOP'), reportsViaUnitId: sekretariat, reportsViaPasal: ' ' }))),
    ).toMatchObject({
      field: 'reportsViaPasal',
    });
    expect(
      refusal(() => validateUnitPlacement(units, base({ id: unitId('KOP'), reportsViaUnitId: sekretariat, reportsViaPasal: null }))),
    ).toMatchObject({
      field: 'reportsViaPasal',
    });
    for (const via of ['SEKRETARIAT', 'UMPEG']) {
      expect(refusal(() => validateUnitPlacement(units, base({ reportsViaUnitId: unitId(via), reportsViaPasal: 'Pasal 3' })))).toMatchObject({
        field: 'reportsViaUnitId',
      });
    }
    expect(refusal(() => validateUnitPlacement(units, base({ reportsViaPasal: 'Pasal 3 ayat (3)' })))).toMatchObject({ field: 'reportsViaPasal' });
  });
});

describe('reports-via links after a move (Cilegon Pasal 3 ayat (3))', () => {
  const units = cilegon.chart.units;

  it('the seeded links point outside their units’ subtrees', () => {
    expect(
      units
        .filter((u) => u.reportsViaUnitId)
        .map((u) => u.code)
        .sort(),
    ).toEqual(['KOP', 'UMKM']);
    expect(reportsViaIntoOwnSubtree(units)).toEqual([]);
  });

  it('moving the Sekretariat under a Bidang that reports through it turns that link downwards', () => {
    const moved = units.map((u) => (u.code === 'SEKRETARIAT' ? { ...u, parentId: unitId('KOP') } : u));
    expect(reportsViaIntoOwnSubtree(moved)).toEqual(['KOP']);
  });

  it('a link to the unit itself is refused too', () => {
    expect(reportsViaIntoOwnSubtree(units.map((u) => (u.code === 'UPT' ? { ...u, reportsViaUnitId: u.id } : u)))).toEqual(['UPT']);
  });
});

describe('chart edits are checked whole by validateOrgChart, like the seed', () => {
  const chart = cilegon.chart;

  it('the edit helpers add, replace and remove without touching the rest', () => {
    const kop = chart.units.find((u) => u.code === 'KOP')!;
    const renamed = withUnit(chart, { ...kop, name: 'Bidang Koperasi dan Simpan Pinjam' });
    expect(renamed.units).toHaveLength(chart.units.length);
    expect(renamed.units.find((u) => u.id === kop.id)!.name).toBe('Bidang Koperasi dan Simpan Pinjam');
    expect(chart.units.find((u) => u.id === kop.id)!.name).not.toBe('Bidang Koperasi dan Simpan Pinjam');
    const added = withUnit(chart, { ...kop, id: 'new', code: 'NEW' });
    expect(added.units).toHaveLength(chart.units.length + 1);
    const withoutKop = withoutUnit(chart, kop.id);
    expect(withoutKop.units.some((u) => u.id === kop.id)).toBe(false);
    expect(withoutKop.positions.some((p) => p.unitId === kop.id)).toBe(false);
    const clerk = position('KOP-ADM');
    expect(withoutPosition(chart, clerk.id).positions).toHaveLength(chart.positions.length - 1);
    expect(withPosition(chart, { ...clerk, title: 'Pengadministrasi Umum' }).positions.find((p) => p.id === clerk.id)!.title).toBe(
      'Pengadministrasi Umum',
    );
    expect(withPosition(chart, { ...clerk, id: 'new', code: 'NEW' }).positions).toHaveLength(chart.positions.length + 1);
    expect(() => validateOrgChart(renamed)).not.toThrow();
  });

  it.each<[string, () => ReturnType<typeof withUnit>]>([
    ['a unit without its head', () => withoutPosition(chart, position('KABID-KOP').id)],
    ['a second head in a unit', () => withPosition(chart, { ...position('KOP-ADM'), isHead: true, authority: REVIEWER })],
    ['a second top unit', () => withUnit(chart, { ...chart.units.find((u) => u.code === 'KOP')!, parentId: null })],
    ['a head of the top unit below level 1', () => withPosition(chart, { ...position('KADIS'), level: 2 })],
    ['a signer who does not check', () => withPosition(chart, { ...position('SEKRETARIS'), authority: { ...SIGNER, check: false } })],
    ['a unit under a unit that is gone', () => withoutUnit(chart, unitId('SEKRETARIAT'))],
  ])('refuses %s', (_, edit) => {
    expect(refusal(() => validateOrgChart(edit()))).toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('removal: the chart keeps every post that history refers to', () => {
  const none: PositionReferences = { assignments: 0, routeSteps: 0, signerOf: [], documents: 0, delegations: 0 };

  it('a position nothing rests on may go', () => expect(positionRemovalBlockers(none)).toEqual([]));

  it.each<[string, Partial<PositionReferences>, RegExp]>([
    ['an assignment, past or present', { assignments: 2 }, /2 penugasan/],
    ['a step of a submitted route', { routeSteps: 1 }, /1 langkah alur naskah/],
    ['a row of the authority table', { signerOf: ['Nota Dinas', 'Laporan'] }, /penandatangan Nota Dinas, Laporan/],
    ['a document', { documents: 3 }, /3 naskah/],
    ['a deputy appointment', { delegations: 1 }, /1 penunjukan wakil/],
  ])('a position with %s stays', (_, refs, reason) => {
    const blockers = positionRemovalBlockers({ ...none, ...refs });
    expect(blockers).toHaveLength(1);
    expect(blockers[0]).toMatch(reason);
  });

  it('every reason is given at once', () => {
    expect(positionRemovalBlockers({ assignments: 1, routeSteps: 1, signerOf: ['Nota Dinas'], documents: 1, delegations: 1 })).toHaveLength(5);
  });

  it('a unit with no child units and no staff may go with its head', () => {
    expect(unitRemovalBlockers({ isRoot: false, childUnits: [], positions: [], documents: 0, head: [] })).toEqual([]);
  });

  it.each<[string, Parameters<typeof unitRemovalBlockers>[0], RegExp]>([
    ['the top unit', { isRoot: true, childUnits: [], positions: [], documents: 0, head: [] }, /unit puncak/],
    ['documents addressing it', { isRoot: false, childUnits: [], positions: [], documents: 2, head: [] }, /dituju oleh 2 naskah/],
    ['child units', { isRoot: false, childUnits: ['UMPEG', 'PEPK'], positions: [], documents: 0, head: [] }, /membawahi unit UMPEG, PEPK/],
    ['staff', { isRoot: false, childUnits: [], positions: ['KOP-ADM'], documents: 0, head: [] }, /memiliki jabatan KOP-ADM/],
    [
      'a head something rests on',
      { isRoot: false, childUnits: [], positions: [], documents: 0, head: ['masih ada 1 penugasan'] },
      /pimpinan unit: masih ada 1 penugasan/,
    ],
  ])('a unit with %s stays', (_, r, reason) => {
    expect(unitRemovalBlockers(r).join('; ')).toMatch(reason);
  });
});

describe('the authority table lists a position once per kind', () => {
  it.each<[string[], number | undefined]>([
    [[], undefined],
    [['a', 'b', 'c'], undefined],
    [['a', 'b', 'a'], 2],
    [['a', 'a', 'b', 'b'], 1],
  ])('%j: first repeat at %s', (ids, at) => expect(repeatedPosition(ids)).toBe(at));
});
