import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chartFromFile, readDocumentKinds, readOrganizationFile } from '@naskah/org-files';
import { DomainError } from './errors';
import { formatLetterNumber, numberSeries } from './numbering';
import {
  accountRolesAbove,
  assertKeepsSigning,
  assertMaySign,
  assertNewAuthorityCited,
  assertPatternKeepsSeries,
  assertTemplateKeepsSeries,
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
  mayManageAccount,
  withUnit,
} from './org-admin';
import { Authority, levelInversion, OrgChart, OrgIndex, reportingLoop, validateOrgChart } from './org-chart';

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
  it.each([
    '{kode}/{nomor}/{unit}/{tahun}',
    'NOMOR {nomor} TAHUN {tahun}',
    '{nomor}/{tahun}',
    '800/{nomor}/DKUM/{tahun}',
    '{kode}.{nomor}-{unit}/{tahun}',
  ])('accepts %s', (template) => {
    expect(numberTemplateProblems(template)).toEqual([]);
    expect(() => validateNumberTemplate(template, 'numberTemplate')).not.toThrow();
    // Every placeholder is filled: nothing in braces is left in the number.
    expect(formatLetterNumber(template, { kode: '000.8.3.3', nomor: 7, unit: 'DKUM', tahun: 2026 })).not.toMatch(/[{}]/);
  });

  it.each<[string, RegExp]>([
    ['', /wajib diisi/],
    ['   ', /wajib diisi/],
    ['{kode}/{unit}/{tahun}', /harus memuat \{nomor\}/],
    ['NOMOR TAHUN', /harus memuat \{nomor\}.*harus memuat \{tahun\}/],
    // The running number starts again each January: without the year, the numbers of one year repeat the last's.
    ['{nomor}', /harus memuat \{tahun\}: nomor urut dimulai lagi setiap tahun/],
    ['{kode}/{nomor}/{unit}', /harus memuat \{tahun\}/],
    ['NOMOR {nomor}', /harus memuat \{tahun\}/],
    ['{kode}/{nomor}/{bidang}/{tahun}', /penanda tidak dikenal: \{bidang\}/],
    ['{NOMOR}/{tahun}', /penanda tidak dikenal: \{NOMOR\}.*harus memuat \{nomor\}/],
    ['{ nomor }', /penanda tidak dikenal/],
    ['{}/{nomor}/{tahun}', /penanda tidak dikenal: \{\}/],
    ['{nomor}/{nomor}/{tahun}', /hanya boleh dipakai sekali: \{nomor\}/],
    ['{nomor}/{tahun}/{tahun}', /hanya boleh dipakai sekali: \{tahun\}/],
    ['{nomor}/{tahun', /tidak berpasangan/],
    ['{nomor}}/{tahun}', /tidak berpasangan/],
    ['{{nomor}}/{tahun}', /tidak berpasangan/],
    ['{nomor}/{tahun}\n', /karakter kendali/],
    [`{nomor}/{tahun}/${'x'.repeat(100)}`, /paling panjang 100/],
  ])('refuses %j', (template, reason) => {
    expect(numberTemplateProblems(template).join('; ')).toMatch(reason);
    expect(refusal(() => validateNumberTemplate(template, 'letterhead.numberTemplate'))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'letterhead.numberTemplate',
    });
  });
});

describe('number series (DESIGN §6): a kind keeps the series it numbers in', () => {
  const ORG = '{kode}/{nomor}/{unit}/{tahun}';
  const kinds = readDocumentKinds().kinds.map(({ code, name, numberPattern }) => ({ code, name, numberPattern }));
  const decree = kinds.find((k) => k.code === 'SURAT_KEPUTUSAN')!;

  it('the seeded kinds: decrees in their own series, the rest in the organisation’s', () => {
    expect(kinds.filter((k) => numberSeries(k.code, k.numberPattern, ORG).series !== 'umum').map((k) => k.code)).toEqual(['SURAT_KEPUTUSAN']);
  });

  it.each(['{kode}/{nomor}/DKUM/{tahun}', '800/{nomor}/{unit}/{tahun}', '{kode}.{nomor}-{unit}/{tahun}', ORG])(
    'an organisation template %s that moves no kind is accepted',
    (after) => expect(() => assertTemplateKeepsSeries(kinds, ORG, after, 'numberTemplate')).not.toThrow(),
  );

  it('an organisation template equal to the decrees’ own pattern would put decrees into the shared series: refused, saying why', () => {
    // The probe: decrees numbered NOMOR 1..7 TAHUN 2026 in their series, then the shared counter (at 3, say) issues NOMOR 4 TAHUN 2026 again.
    expect(numberSeries(decree.code, decree.numberPattern, 'NOMOR {nomor} TAHUN {tahun}').series).toBe('umum');
    const e = refusal(() => assertTemplateKeepsSeries(kinds, ORG, 'NOMOR {nomor} TAHUN {tahun}', 'numberTemplate'));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: 'numberTemplate' });
    expect(e.message).toMatch(/Surat Keputusan \(NOMOR \{nomor\} TAHUN \{tahun\}\) dari serinya sendiri ke seri umum/);
    expect(e.message).toMatch(/nomor dapat berulang/);
    // And back: an organisation whose template is the decrees' pattern keeps them in the shared series.
    expect(() => assertTemplateKeepsSeries(kinds, 'NOMOR {nomor} TAHUN {tahun}', ORG, 'numberTemplate')).toThrow(/dari seri umum/);
  });

  it('a kind’s pattern keeps its series under every organisation’s template', () => {
    const templates = [ORG, '{kode}/{nomor}/DKUM/{tahun}'];
    const ordinary = { code: 'SURAT_PERINTAH', name: 'Surat Perintah', numberPattern: ORG };
    expect(() => assertPatternKeepsSeries(ordinary, '{kode}/{nomor}/SPRIN/{tahun}', templates, 'numberPattern')).not.toThrow();
    expect(() => assertPatternKeepsSeries(decree, 'KEPUTUSAN NOMOR {nomor} TAHUN {tahun}', templates, 'numberPattern')).not.toThrow();
    const own = refusal(() => assertPatternKeepsSeries(ordinary, 'NOMOR {nomor} TAHUN {tahun}', templates, 'numberPattern'));
    expect(own).toMatchObject({ code: 'INVALID_INPUT', field: 'numberPattern' });
    expect(own.message).toMatch(/Surat Perintah dari seri umum \(bersama jenis lain\) ke serinya sendiri/);
    expect(() => assertPatternKeepsSeries(decree, '{kode}/{nomor}/{unit}/{tahun}', templates, 'numberPattern')).toThrow(/ke seri umum/);
    // Equal to one organisation's template: into that organisation's shared series.
    expect(() => assertPatternKeepsSeries(decree, '{kode}/{nomor}/DKUM/{tahun}', templates, 'numberPattern')).toThrow(/bertemplat/);
    expect(() => assertPatternKeepsSeries(decree, '{kode}/{nomor}/{unit}/{tahun}', [], 'numberPattern')).not.toThrow();
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

describe('lines of reporting never loop (validateOrgChart): every unit reaches the head of the organisation', () => {
  const chart = cilegon.chart;
  const linked = (c: OrgChart, code: string, via: string | null): OrgChart => ({
    ...c,
    units: c.units.map((u) => (u.code === code ? { ...u, reportsViaUnitId: via === null ? null : unitId(via) } : u)),
  });

  it('the seed offices have none', () => {
    expect(reportingLoop(chart.units)).toBeUndefined();
    expect(reportingLoop(chartFromFile(readOrganizationFile('batam-dkum.yaml')).chart.units)).toBeUndefined();
  });

  it('two units reporting through each other: refused, naming the loop', () => {
    // The probe: the Bidang reports through the Sekretariat (as seeded), then the Sekretariat through the Bidang.
    const looped = linked(chart, 'SEKRETARIAT', 'KOP');
    expect(reportingLoop(looped.units)).toEqual(['SEKRETARIAT', 'KOP', 'SEKRETARIAT']);
    const e = refusal(() => validateOrgChart(looped));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: 'units.SEKRETARIAT' });
    expect(e.message).toMatch(/Jalur pelaporan unit berputar \(SEKRETARIAT → KOP → SEKRETARIAT\)/);
    expect(refusal(() => validateOrgChart(looped, { reporting: 'reportsViaUnitId' })).field).toBe('reportsViaUnitId');
    // Without the check, the line of command stops at the loop: the Kepala Dinas is lost.
    expect(new OrgIndex(looped).superiorsOf(position('KABID-KOP').id).map((p) => p.code)).not.toContain('KADIS');
  });

  it('longer loops, and one through the parent link, are refused too; a unit reporting through itself as well', () => {
    const three = linked(linked(linked(chart, 'KOP', 'UMKM'), 'UMKM', 'UPT'), 'UPT', 'KOP');
    expect(reportingLoop(three.units)).toEqual(['KOP', 'UMKM', 'UPT', 'KOP']);
    // UMPEG sits under the Sekretariat; the Sekretariat reporting through UMPEG climbs back to itself.
    expect(reportingLoop(linked(chart, 'SEKRETARIAT', 'UMPEG').units)).toEqual(['SEKRETARIAT', 'UMPEG', 'SEKRETARIAT']);
    expect(reportingLoop(linked(chart, 'UPT', 'UPT').units)).toEqual(['UPT', 'UPT']);
    // The top unit reporting through anyone: everything above that unit is the top unit again.
    expect(reportingLoop(linked(chart, 'DKUKM', 'UPT').units)).toEqual(['DKUKM', 'UPT', 'DKUKM']);
  });

  it('a chain of reports-via links that ends at the top is no loop', () => {
    const chained = linked(linked(chart, 'UPT', 'KOP'), 'KJF', 'UPT');
    expect(reportingLoop(chained.units)).toBeUndefined();
    expect(() => validateOrgChart(chained)).not.toThrow();
  });
});

describe('jenjang (DESIGN §2, 1 the top): each position sits below its superior (validateOrgChart)', () => {
  const chart = cilegon.chart;
  const batam = chartFromFile(readOrganizationFile('batam-dkum.yaml')).chart;
  const third = chartFromFile(
    readOrganizationFile(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'organizations', 'batam-diskominfo.yaml')),
  ).chart;
  const at = (c: OrgChart, code: string, level: 1 | 2 | 3 | 4): OrgChart => ({
    ...c,
    positions: c.positions.map((p) => (p.code === code ? { ...p, level } : p)),
  });

  it('the seed offices and the third office pass: Cilegon’s Kepala Bidang report through a Sekretaris of the same jenjang', () => {
    for (const c of [chart, batam, third]) {
      expect(levelInversion(c)).toBeUndefined();
      expect(() => validateOrgChart(c)).not.toThrow();
    }
    expect([position('KABID-KOP').level, position('SEKRETARIS').level]).toEqual([2, 2]);
  });

  it.each<[string, string, 1 | 2 | 3 | 4, RegExp]>([
    // The probes: a clerk made JPT Pratama under a level-3 head; the Sekretaris made the Kepala Dinas's equal.
    [
      'a pelaksana above the head of its Sub Bagian',
      'UMPEG-SDM',
      1,
      /Analis Sumber Daya Manusia Aparatur berjenjang 1 .*pimpinannya Kepala Sub Bagian Umum dan Kepegawaian berjenjang 3/,
    ],
    ['a pelaksana level with the head of its Sub Bagian', 'UMPEG-SDM', 3, /pimpinannya Kepala Sub Bagian Umum dan Kepegawaian berjenjang 3/],
    ['the Sekretaris level with the Kepala Dinas', 'SEKRETARIS', 1, /Sekretaris berjenjang 1 .*atasannya Kepala Dinas .* berjenjang 1/],
    ['a Kasubbag level with the Sekretaris', 'KASUBBAG-UMPEG', 2, /atasannya Sekretaris berjenjang 2/],
    ['a Kepala Bidang above the Sekretaris he reports through', 'KABID-KOP', 1, /atasannya Kepala Dinas/],
    ['a functional official level with the Kepala Dinas, in the group without a head', 'KJF-ANALIS', 1, /pimpinannya Kepala Dinas/],
    ['a staff member of the Sekretariat level with the Sekretaris', 'SEKRE-ADM', 2, /pimpinannya Sekretaris berjenjang 2/],
  ])('refuses %s', (_, code, level, reason) => {
    const e = refusal(() => validateOrgChart(at(chart, code, level)));
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: `positions.${code}` });
    expect(e.message).toMatch(reason);
    expect(refusal(() => validateOrgChart(at(chart, code, level), { level: 'level' })).field).toBe('level');
  });

  it('a head lowered below its own staff names the staff member it now outranks no more', () => {
    // The Kasubbag at level 4: his staff (level 4) are no longer below him.
    expect(refusal(() => validateOrgChart(at(chart, 'KASUBBAG-UMPEG', 4))).message).toMatch(
      /pimpinannya Kepala Sub Bagian Umum dan Kepegawaian berjenjang 4/,
    );
  });

  it('a Kepala Bidang reporting through a head of lower jenjang is refused; gaps in jenjang are allowed', () => {
    const throughUpt = { ...chart, units: chart.units.map((u) => (u.code === 'KOP' ? { ...u, reportsViaUnitId: unitId('UPT') } : u)) };
    expect(refusal(() => validateOrgChart(throughUpt)).message).toMatch(/melapor melalui Kepala Unit Pelaksana Teknis berjenjang 3/);
    // The head of the UPT (level 3) directly under the Kepala Dinas (level 1), as seeded.
    expect(position('KA-UPT').level).toBe(3);
    expect(() => validateOrgChart(at(chart, 'KABID-KOP', 3))).not.toThrow();
  });

  it('the head of the top unit stays level 1, said before any other jenjang', () => {
    expect(refusal(() => validateOrgChart(at(chart, 'KADIS', 2))).message).toBe('Pimpinan unit puncak harus berjenjang 1 (JPT Pratama)');
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

describe('whose account an administrator may change (accountRolesAbove; ketentuan aplikasi ini)', () => {
  it.each([
    [['admin'], [], []],
    [['admin'], ['admin'], []],
    [['admin'], ['city-admin'], ['city-admin']],
    [['admin'], ['admin', 'city-admin'], ['city-admin']],
    [['city-admin'], ['admin'], ['admin']],
    [['admin', 'city-admin'], ['admin', 'city-admin'], []],
    [[], ['admin'], ['admin']],
    [['admin'], null, []],
  ])('an administrator holding %j, an account holding %j: roles above him %j', (actor, target, above) => {
    expect(accountRolesAbove(actor, target)).toEqual(above);
    expect(mayManageAccount(actor, target)).toBe(above.length === 0);
  });
});
