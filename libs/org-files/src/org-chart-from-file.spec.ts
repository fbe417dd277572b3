import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { authorityBasis, isValidNip, OrgIndex, TATA_NASKAH_DINAS, TND_PARAF_HIERARKI, validateOrgChart } from '@naskah/domain';
import { chartFromFile, flattenOrganizationFile, positionNode, signingAuthorityRows } from './org-chart-from-file';
import { readDocumentKinds, readOrganizationFile, SeedUnit } from './org-file';

const batam = readOrganizationFile('batam-dkum.yaml');
const cilegon = readOrganizationFile('cilegon-dkukm.yaml');

function allUnits(u: SeedUnit): SeedUnit[] {
  return [u, ...(u.units ?? []).flatMap(allUnits)];
}

describe.each([
  ['Batam 14/2023', batam],
  ['Cilegon 18/2022', cilegon],
])('seed file %s', (_name, file) => {
  const { chart } = chartFromFile(file);

  it('passes the structural checks', () => {
    expect(() => validateOrgChart(chart)).not.toThrow();
  });

  it('gives every official a valid, unique NIP', () => {
    const nips = allUnits(file.units[0])
      .flatMap((u) => [u.head?.holder, ...(u.staff ?? []).map((s) => s.holder)])
      .filter(Boolean)
      .map((h) => h!.nip);
    expect(nips.filter((n) => !isValidNip(n))).toEqual([]);
    expect(new Set(nips).size).toBe(nips.length);
  });

  it('fills every leadership position (a Kelompok Jabatan Fungsional has none) and gives every working unit at least two clerks', () => {
    for (const u of allUnits(file.units[0])) {
      if (u.kind === 'kelompok-fungsional') expect(u.head).toBeUndefined();
      else expect(u.head?.holder).toBeDefined();
      if (u.kind !== 'dinas') expect((u.staff ?? []).filter((s) => s.holder).length).toBeGreaterThanOrEqual(2);
    }
  });

  it("cites a Pasal with its ayat or huruf for every unit head's authority, and a Pasal for every unit", () => {
    for (const u of allUnits(file.units[0])) {
      expect(u.pasal).toMatch(/Pasal/);
      if (u.head) expect(u.head.authorityPasal).toMatch(/^Pasal \d+ (ayat \(\d+\)|huruf [a-z]+)/);
    }
  });

  it("cites each clerk's own basis, the Pasal that places him, never a superior's huruf", () => {
    const { chart } = chartFromFile(file);
    const clerks = chart.positions.filter((p) => !p.isHead);
    expect(clerks.length).toBeGreaterThan(10);
    const staff = new Map(allUnits(file.units[0]).flatMap((u) => (u.staff ?? []).map((s) => [s.code, s.pasal] as const)));
    for (const c of clerks) {
      expect(c.authorityPasal).toBe(staff.get(c.code));
      expect(c.authorityPasal).not.toMatch(/Permendagri|Pasal 5 ayat \(3\) huruf t/);
    }
  });

  it('gives every row of the authority table the regulation and a Pasal with ayat or huruf; none is a bare "Permendagri 1/2023"', () => {
    const rows = signingAuthorityRows(file, readDocumentKinds(), flattenOrganizationFile(file, file.code));
    expect(rows.length).toBeGreaterThan(8);
    for (const r of rows) {
      const pasal = authorityBasis(file.regulationCitation, positionNode(r.position));
      expect(pasal).toMatch(/^Perwako (Batam 14\/2023|Cilegon 18\/2022) Pasal \d+ (ayat \(\d+\)|huruf [a-z]+)/);
      expect(pasal).not.toContain(TATA_NASKAH_DINAS);
      expect(r.position.maySign).toBe(true);
    }
  });
});

describe('Batam 14/2023 organisation (Pasal 2, 3 ayat (5))', () => {
  const { positionsByCode, unitsByCode } = chartFromFile(batam);

  it('has the Sekretariat with two Sub Bagian (Pasal 4 ayat (5)), the four Bidang of Pasal 3 ayat (5) b-e and the UPTD', () => {
    expect([...unitsByCode.values()].map((u) => u.name)).toEqual([
      'Dinas Koperasi dan Usaha Mikro',
      'Sekretariat',
      'Sub Bagian Umum dan Kepegawaian',
      'Sub Bagian Perencanaan Program',
      'Bidang Izin Usaha Simpan Pinjam/Koperasi Simpan Pinjam, Pengawasan dan Pemeriksaan',
      'Bidang Penilaian Kesehatan Simpan Pinjam/Koperasi Simpan Pinjam',
      'Bidang Pemberdayaan dan Perlindungan Koperasi',
      'Bidang Pemberdayaan dan Pengembangan Usaha Mikro',
      'UPTD Dinas Koperasi dan Usaha Mikro',
    ]);
  });

  it('notes the copy errors of the published text (Pasal 1 angka 8, 3 ayat (4) huruf b and r, 7 ayat (2), 7-10 ayat (4), 8 ayat (1))', () => {
    const cited = batam.discrepancies.map((d) => d.pasal);
    expect(cited).toEqual(
      expect.arrayContaining([
        'Pasal 1 angka 8',
        'Pasal 3 ayat (4) huruf b',
        'Pasal 3 ayat (4) huruf r',
        'Pasal 7 ayat (2)',
        'Pasal 7 ayat (4) huruf a',
        'Pasal 8 ayat (1)',
        'Pasal 8 ayat (4) huruf a',
        'Pasal 9 ayat (4) huruf a',
        'Pasal 10 ayat (4) huruf bb',
        'Pasal 10 ayat (4) huruf h-ff',
      ]),
    );
    for (const d of batam.discrepancies) expect(d.text.length && d.resolution.length).toBeTruthy();
  });

  const ALL = { check: true, return: true, paraf: true, sign: true };
  const NO_SIGN = { check: true, return: true, paraf: true, sign: false };
  it.each([
    ['KADIS', 1, { ...ALL, paraf: false }, 'Pasal 3 ayat (4) huruf j', undefined],
    ['SEKRETARIS', 2, ALL, 'Pasal 4 ayat (4) huruf cc', undefined],
    ['KASUBBAG-UMPEG', 3, NO_SIGN, 'Pasal 5 ayat (3) huruf g dan huruf t', undefined],
    ['KABID-ISP', 2, NO_SIGN, 'Pasal 7 ayat (4) huruf z', ['paraf-hierarki']],
    ['KABID-PKSP', 2, NO_SIGN, 'Pasal 8 ayat (4) huruf y', ['paraf-hierarki']],
    ['KABID-PPK', 2, NO_SIGN, 'Pasal 9 ayat (4) huruf k', ['paraf-hierarki']],
    ['KABID-PPUM', 2, NO_SIGN, 'Pasal 10 ayat (4) huruf aa', ['paraf-hierarki']],
  ])('%s has level %i and authority %j from %s (Tata Naskah Dinas: %j)', (code, level, authority, pasal, tnd) => {
    const p = positionsByCode.get(code)!;
    expect(p.level).toBe(level);
    expect(positionNode(p).authority).toEqual(authority);
    expect(p.authorityPasal).toBe(pasal);
    expect(positionNode(p).tataNaskahDinas).toEqual(tnd);
  });

  it('Pasal 7-10 ayat (4) ("mengoreksi ... untuk ditandatangani pimpinan") and Pasal 5 ayat (3) huruf t: no Kepala Bidang or Kasubbag Umum dan Kepegawaian row in the authority table', () => {
    const rows = signingAuthorityRows(batam, readDocumentKinds(), flattenOrganizationFile(batam, batam.code));
    expect([...new Set(rows.map((r) => r.position.code))].sort()).toEqual(['KADIS', 'SEKRETARIS']);
    expect(rows.find((r) => r.position.code === 'KADIS')).toBeDefined();
    expect(authorityBasis(batam.regulationCitation, positionNode(positionsByCode.get('KADIS')!))).toBe(
      'Perwako Batam 14/2023 Pasal 3 ayat (4) huruf j',
    );
    // A Kepala Bidang's paraf rests on the Tata Naskah Dinas catalogue, named once.
    expect(authorityBasis(batam.regulationCitation, positionNode(positionsByCode.get('KABID-ISP')!))).toBe(
      `Perwako Batam 14/2023 Pasal 7 ayat (4) huruf z; ${TND_PARAF_HIERARKI}`,
    );
  });

  it('has no rule on tembusan of reports (no article like Cilegon Pasal 28 ayat (9))', () => {
    expect(batam.reportTembusanPasal).toBeUndefined();
  });

  it('Batam Bidang heads answer to the Kepala Dinas directly (Pasal 7 ayat (2))', () => {
    const idx = new OrgIndex(chartFromFile(batam).chart);
    expect(idx.superiorsOf(positionsByCode.get('KABID-PPK')!.id).map((p) => p.code)).toEqual(['KADIS']);
  });
});

describe('Cilegon 18/2022 organisation (Pasal 3)', () => {
  const { chart, positionsByCode } = chartFromFile(cilegon);
  const idx = new OrgIndex(chart);
  const codes = (positionCode: string) => idx.superiorsOf(positionsByCode.get(positionCode)!.id).map((p) => p.code);

  it('Pasal 16 huruf f angka 3: the Kasubbag PEPK gives paraf and never signs', () => {
    const p = positionsByCode.get('KASUBBAG-PEPK')!;
    expect(positionNode(p).authority).toEqual({ check: true, return: true, paraf: true, sign: false });
    expect(p.authorityPasal).toBe('Pasal 16 huruf f angka 3');
  });

  it('Pasal 3 ayat (3): Bidang heads answer to the Kepala Dinas through the Sekretaris', () => {
    expect(codes('KABID-KOP')).toEqual(['SEKRETARIS', 'KADIS']);
    expect(codes('KABID-UMKM')).toEqual(['SEKRETARIS', 'KADIS']);
    expect(codes('KOP-ADM')).toEqual(['KABID-KOP', 'SEKRETARIS', 'KADIS']);
  });

  it('Pasal 3 ayat (4): Sub Bagian heads answer to the Sekretaris', () => {
    expect(codes('PEPK-KEUANGAN')).toEqual(['KASUBBAG-PEPK', 'SEKRETARIS', 'KADIS']);
    expect(codes('KASUBBAG-UMPEG')).toEqual(['SEKRETARIS', 'KADIS']);
  });

  it('the head of the organisation has no superior', () => {
    expect(codes('KADIS')).toEqual([]);
  });

  it('Pasal 3 ayat (1) huruf e, Pasal 24 ayat (1): the stand-alone Kelompok Jabatan Fungsional has no head; its officials answer to the Kepala Dinas', () => {
    const kjf = chart.units.find((u) => u.code === 'KJF')!;
    expect(kjf).toMatchObject({ kind: 'kelompok-fungsional', parentId: chart.units.find((u) => u.code === 'DKUKM')!.id });
    expect(kjf.pasal).toMatch(/^Pasal 3 ayat \(1\) huruf e/);
    expect(idx.headOf(kjf.id)).toBeUndefined();
    expect(codes('KJF-ANALIS')).toEqual(['KADIS']);
    expect(codes('KJF-PENGAWAS')).toEqual(['KADIS']);
    expect(positionsByCode.get('KJF-ANALIS')!.authorityPasal).toBe('Pasal 3 ayat (1) huruf e; Pasal 24 ayat (1)');
  });

  it("Pasal 28 ayat (9): tembusan of reports is mandatory, cited as the office's own Pasal", () => {
    expect(cilegon.regulationCitation).toBe('Perwako Cilegon 18/2022');
    expect(cilegon.reportTembusanPasal).toBe('Pasal 28 ayat (9)');
  });

  it('notes the copy errors of the OCR text (Pasal 22 huruf i angka 3 "Bidang Pemukiman", Pasal 22 citing Pasal 21 for Pasal 20, Pasal 28 ayat numbers)', () => {
    expect(cilegon.discrepancies.map((d) => d.pasal)).toEqual(expect.arrayContaining(['Pasal 22 huruf i angka 3', 'Pasal 22', 'Pasal 28']));
  });
});

describe('document kinds (DESIGN §4)', () => {
  it('has at least the eight kinds, each with a category and a number pattern', () => {
    const kinds = readDocumentKinds().kinds;
    expect(kinds.map((k) => k.name)).toEqual(
      expect.arrayContaining([
        'Nota Dinas',
        'Surat Dinas',
        'Surat Undangan',
        'Surat Edaran',
        'Surat Keputusan',
        'Surat Tugas',
        'Laporan',
        'Telaahan Staf',
      ]),
    );
    expect(kinds.find((k) => k.code === 'SURAT_KEPUTUSAN')!.strategic).toBe(true);
  });
});

describe('delegation rules per office (DESIGN §5)', () => {
  it('Cilegon cites its own Pasal 29: ayat (1) a.n., ayat (2) Plh. for every Pejabat lingkup Dinas (Pasal 1 angka 14-17), ayat (3) consideration', () => {
    const rules = readOrganizationFile('cilegon-dkukm.yaml').delegation;
    expect(rules.head).toMatchObject({ pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (1)', capacity: 'an' });
    expect(rules.officials).toMatchObject({ pasal: 'Perwako Cilegon 18/2022 Pasal 29 ayat (2)', capacity: 'plh' });
    expect(rules.officials.scope).toContain('Pasal 1 angka 14-17');
    expect(rules.consideration).toBe('Perwako Cilegon 18/2022 Pasal 29 ayat (3)');
  });

  it('Batam rests on UU 30/2014 Pasal 14 and Tata Naskah Dinas, a.n., no consideration, and never on Cilegon Pasal 29', () => {
    const rules = readOrganizationFile('batam-dkum.yaml').delegation;
    for (const rule of [rules.head, rules.officials]) {
      expect(rule.pasal).toMatch(/^UU 30\/2014 Pasal 14 ayat \(3\); Tata Naskah Dinas \(Permendagri 1\/2023\)/);
      expect(rule.capacity).toBe('an');
    }
    expect(rules.consideration).toBeNull();
    expect(JSON.stringify(rules)).not.toMatch(/Cilegon|Pasal 29/);
  });

  it('a file without delegation rules, or with an unknown marker, is refused', () => {
    const file = readOrganizationFile('batam-dkum.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'naskah-org-'));
    const write = (data: unknown) => {
      const path = join(dir, `${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(path, stringify(data));
      return path;
    };
    const { delegation: _omitted, ...without } = file;
    expect(() => readOrganizationFile(write(without))).toThrow(/delegation/);
    expect(() =>
      readOrganizationFile(write({ ...file, delegation: { ...file.delegation, head: { ...file.delegation.head, capacity: 'ub' } } })),
    ).toThrow(/delegation\.head\.capacity/);
  });
});
