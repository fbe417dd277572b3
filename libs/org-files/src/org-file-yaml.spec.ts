import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDocumentKinds, SEED_DATA_DIR } from './org-file';
import { OrganizationFileError, parseOrganizationFileText, readOrganizationFileText } from './org-file-yaml';

const KINDS = readDocumentKinds().kinds.map((k) => k.code);
const BATAM = readFileSync(join(SEED_DATA_DIR, 'batam-dkum.yaml'), 'utf8');
const CILEGON = readFileSync(join(SEED_DATA_DIR, 'cilegon-dkukm.yaml'), 'utf8');
const THIRD = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'organizations', 'batam-diskominfo.yaml'), 'utf8');

const problemsOf = (text: string) => readOrganizationFileText(text, { documentKinds: KINDS }).problems;
/** Line (from 1) of the first occurrence of `needle`. */
const lineOf = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the text`);
  return text.slice(0, at).split('\n').length;
};
/** Column (from 1) of `needle` on its line. */
const columnOf = (text: string, needle: string) => {
  const at = text.indexOf(needle);
  return at - text.lastIndexOf('\n', at - 1);
};

describe('organisation files read from YAML, every problem with its line and field', () => {
  it.each([
    ['batam-dkum.yaml', BATAM],
    ['cilegon-dkukm.yaml', CILEGON],
    ['the third office (test fixture)', THIRD],
  ])('%s has no problem', (_, text) => {
    const r = readOrganizationFileText(text, { documentKinds: KINDS });
    expect(r.problems).toEqual([]);
    expect(r.text?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds the line and column of a nested field', () => {
    const { at } = parseOrganizationFileText(BATAM);
    const nip = '"198104092006041003"';
    expect(at('units.0.units.0.units.0.head.holder.nip')).toEqual({ line: lineOf(BATAM, nip), column: columnOf(BATAM, nip) });
    expect(at('code')).toEqual({ line: lineOf(BATAM, 'BTM-DKUM'), column: columnOf(BATAM, 'BTM-DKUM') });
  });

  it('a YAML syntax error: its line and column, in Bahasa Indonesia', () => {
    const text = 'code: X\nname: [Dinas\ncity: Kota Batam\n';
    expect(problemsOf(text)).toEqual([{ line: 3, column: 1, field: '', message: expect.stringMatching(/^Sintaks YAML tidak sah: /) }]);
    expect(problemsOf('code: A\ncode: B\n')).toEqual([
      { line: 2, column: 1, field: '', message: 'Sintaks YAML tidak sah: kunci yang sama ditulis dua kali dalam satu peta' },
    ]);
    expect(problemsOf('code: A\n---\ncode: B\n')[0].message).toMatch(/lebih dari satu dokumen YAML/);
  });

  it('an empty file, a file that is not a map, a file of aliases', () => {
    expect(problemsOf('')).toEqual([{ line: 1, column: 1, field: '', message: 'Berkas organisasi kosong' }]);
    expect(problemsOf('  \n# hanya komentar\n')).toEqual([
      { line: 1, column: 1, field: '', message: 'Berkas organisasi harus berupa peta YAML (kunci: nilai), mulai dari code, name, city, ...' },
    ]);
    expect(problemsOf('[1, 2]')[0].message).toMatch(/harus berupa peta YAML/);
    const laughs = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => `${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ];
    expect(problemsOf(laughs.join('\n'))[0].message).toMatch(/alias YAML terlalu banyak/);
  });

  it('the schema: several problems at once, each with its field, line and message in Bahasa Indonesia', () => {
    const text = BATAM.replace(/^name: .*\n/m, '')
      .replace('level: 1\n', 'level: 7\n')
      .replace('kind: sekretariat', 'kind: biro')
      .replace('authority: [check, return, paraf, sign]', 'authority: check')
      .replace('"199003072014022001"', '"19900307"');
    expect(problemsOf(text)).toEqual([
      { line: lineOf(text, 'code: BTM-DKUM'), column: 1, field: 'name', message: 'wajib diisi' },
      { line: lineOf(text, 'level: 7'), column: columnOf(text, '7\n'), field: 'units.0.head.level', message: 'jenjang harus 1, 2, 3 atau 4' },
      {
        line: lineOf(text, 'kind: biro'),
        column: columnOf(text, 'biro'),
        field: 'units.0.units.0.kind',
        message: 'harus salah satu dari: dinas, sekretariat, subbagian, bidang, uptd, kelompok-fungsional',
      },
      {
        line: lineOf(text, 'authority: check'),
        column: columnOf(text, 'check\n'),
        field: 'units.0.units.0.head.authority',
        message: 'harus berupa daftar',
      },
      {
        line: lineOf(text, '"19900307"'),
        column: columnOf(text, '"19900307"'),
        field: 'units.0.units.0.staff.1.holder.nip',
        message: 'NIP harus 18 digit angka',
      },
    ]);
  });

  it('a required field left empty names the key; more than one top unit is named', () => {
    const text = BATAM.replace('regulation: Peraturan Wali Kota Batam Nomor 14 Tahun 2023', 'regulation:');
    expect(problemsOf(text)).toEqual([
      { line: lineOf(text, 'regulation:\n'), column: 1, field: 'regulation', message: 'wajib diisi (nilainya kosong)' },
    ]);
    const twoRoots = `${BATAM}  - code: LAIN\n    name: Lain\n    kind: dinas\n    pasal: Pasal 1\n`;
    expect(problemsOf(twoRoots)).toEqual([
      expect.objectContaining({ field: 'units', message: 'harus memuat tepat satu unit puncak (unit-unit lain di bawahnya)' }),
    ]);
  });

  it('a key the schema does not know (a misspelling) is named, not dropped', () => {
    const text = BATAM.replace('reportTembusanPasal', 'x').replace('  website: dkum.batam.go.id', '  situs: dkum.batam.go.id');
    expect(problemsOf(text)).toEqual([{ line: lineOf(text, 'situs:'), column: 3, field: 'letterhead.situs', message: 'isian tidak dikenal: situs' }]);
    const holder = BATAM.replace('name: Rahmat Hidayat,', 'nama: Rahmat Hidayat, name: Rahmat Hidayat,');
    expect(problemsOf(holder)).toEqual([expect.objectContaining({ field: 'units.0.head.holder.nama', message: 'isian tidak dikenal: nama' })]);
  });

  it('duplicate codes and unknown "reports via" units point at the second occurrence, naming the first’s line', () => {
    const text = CILEGON.replace('- code: PEPK\n', '- code: UMPEG\n')
      .replace('code: KASUBBAG-PEPK', 'code: KASUBBAG-UMPEG')
      .replace('reportsVia: SEKRETARIAT', 'reportsVia: SETDA');
    expect(problemsOf(text)).toEqual([
      {
        line: 118,
        column: 19,
        field: 'units.0.units.0.units.1.code',
        message: 'Kode unit UMPEG sudah dipakai di baris 98',
      },
      { line: 123, column: 21, field: 'units.0.units.0.units.1.head.code', message: 'Kode jabatan KASUBBAG-UMPEG sudah dipakai di baris 103' },
      { line: 143, column: 21, field: 'units.0.units.1.reportsVia', message: 'Unit SETDA (reportsVia) tidak ada dalam berkas' },
    ]);
  });

  it('one person holds one definitive post; a Plt. on top is allowed if the person is written the same way', () => {
    const kadis = '"197203141998031004"';
    const twice = BATAM.replace(
      '"199003072014022001", name: Siti Aminah, rank: Pengatur (II/c)',
      `${kadis}, name: Siti Aminah, rank: Pengatur (II/c)`,
    );
    expect(problemsOf(twice)).toEqual([
      expect.objectContaining({
        field: 'units.0.units.0.staff.1.holder.nip',
        message: `NIP 197203141998031004 sudah memangku jabatan definitif KADIS (baris ${lineOf(twice, kadis)}); seorang pegawai memangku satu jabatan definitif`,
      }),
    ]);
    const plt = BATAM.replace(
      '"199003072014022001", name: Siti Aminah, rank: Pengatur (II/c)',
      '"197511202000032002", name: Nurhayati Siregar, gelarDepan: "Dra.", gelarBelakang: "M.M.", rank: Pembina Tingkat I (IV/b), assignment: plt',
    );
    expect(problemsOf(plt)).toEqual([]);
    const different = plt.replace(
      'name: Nurhayati Siregar, gelarDepan: "Dra.", gelarBelakang: "M.M.", rank: Pembina Tingkat I (IV/b), assignment',
      'name: Nurhayati, rank: Pembina (IV/a), assignment',
    );
    expect(problemsOf(different)).toEqual([
      expect.objectContaining({
        field: 'units.0.units.0.staff.1.holder.nip',
        message: expect.stringMatching(/^Data pegawai NIP 197511202000032002 berbeda/),
      }),
    ]);
  });

  it('the authority table: kinds that exist, positions of the file that may sign, each once', () => {
    const text = BATAM.replace(
      'units:\n  - code: DKUM',
      [
        'signingAuthority:',
        '  NOTA_DINAS: [KADIS, SEKRETARIS, SEKRETARIS]',
        '  SURAT_TUGAS: [KABID-ISP, SEKRE-ADM, KASUBBAG-XYZ]',
        '  SURAT_RAHASIA: [KADIS]',
        'units:',
        '  - code: DKUM',
      ].join('\n'),
    );
    const at = lineOf(text, 'signingAuthority:');
    expect(problemsOf(text)).toEqual([
      { line: at + 1, column: expect.any(Number), field: 'signingAuthority.NOTA_DINAS.2', message: 'Jabatan SEKRETARIS disebut dua kali' },
      {
        line: at + 2,
        column: expect.any(Number),
        field: 'signingAuthority.SURAT_TUGAS.0',
        message: expect.stringMatching(
          /^Jabatan KABID-ISP \(.*\) tidak berwenang menandatangani: kewenangannya \(authority\) tidak memuat sign; tidak dapat menjadi penanda tangan SURAT_TUGAS$/,
        ),
      },
      {
        line: at + 2,
        column: expect.any(Number),
        field: 'signingAuthority.SURAT_TUGAS.1',
        message: expect.stringMatching(
          /^Jabatan SEKRE-ADM \(Pengadministrasi Perkantoran\) tidak berwenang menandatangani: jabatan pelaksana\/fungsional/,
        ),
      },
      { line: at + 2, column: expect.any(Number), field: 'signingAuthority.SURAT_TUGAS.2', message: 'Jabatan KASUBBAG-XYZ tidak ada dalam berkas' },
      {
        line: at + 3,
        column: 3,
        field: 'signingAuthority.SURAT_RAHASIA',
        message: expect.stringMatching(/^Jenis naskah SURAT_RAHASIA tidak ada \(yang ada: /),
      },
    ]);
    // Without the list of kinds, kinds are not checked here (the import checks them against the database).
    expect(readOrganizationFileText(text).problems.map((p) => p.field)).not.toContain('signingAuthority.SURAT_RAHASIA');
  });

  it('parseOrganizationFileText throws every problem at once', () => {
    const text = BATAM.replace(/^name: .*\n/m, '').replace(/^city: .*\n/m, '');
    expect(() => parseOrganizationFileText(text)).toThrow(OrganizationFileError);
    try {
      parseOrganizationFileText(text);
    } catch (e) {
      expect((e as OrganizationFileError).problems.map((p) => p.field)).toEqual(['name', 'city']);
      expect((e as Error).message).toMatch(/^baris \d+, kolom 1, name: wajib diisi\nbaris \d+, kolom 1, city: wajib diisi$/);
    }
  });

  it('an imported file may leave out the delegation rules', () => {
    const text = BATAM.replace(/^delegation:\n( {2}.*\n|\s*#.*\n)*/m, '');
    expect(text).not.toMatch(/^delegation:/m);
    const r = readOrganizationFileText(text);
    expect(r.problems).toEqual([]);
    expect(r.text?.file.delegation).toBeUndefined();
  });
});
