import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OrganizationFileError, readDocumentKinds, SEED_DATA_DIR } from '@naskah/org-files';
import { checkOrganizationFileText, parseCheckedOrganizationFile } from './organization-file-check';

const KINDS = readDocumentKinds().kinds.map((k) => k.code);
const BATAM = readFileSync(join(SEED_DATA_DIR, 'batam-dkum.yaml'), 'utf8');
const THIRD = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'organizations', 'batam-diskominfo.yaml'), 'utf8');
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
const problemsOf = (text: string) => checkOrganizationFileText(text, { documentKinds: KINDS }).problems;

describe('an organisation file checked by the domain’s rules, each problem at its line', () => {
  it('the seed offices and the third office pass', () => {
    for (const text of [BATAM, THIRD]) expect(problemsOf(text)).toEqual([]);
    expect(parseCheckedOrganizationFile(THIRD).file.code).toBe('BTM-DISKOMINFO');
  });

  it.each([
    ['a birth date that does not exist', '199002302014022001'],
    ['an appointment before 18 years of age', '199003072004022001'],
    ['a sex digit other than 1 or 2', '199003072014023001'],
    ['sequence 000', '199003072014022000'],
  ])('an NIP with %s is refused, naming why', (_, nip) => {
    const text = BATAM.replace('199003072014022001', nip);
    expect(problemsOf(text)).toEqual([
      {
        line: lineOf(text, nip),
        column: expect.any(Number),
        field: 'units.0.units.0.staff.1.holder.nip',
        message: `NIP ${nip} (Siti Aminah) tidak sah: 18 digit: tanggal lahir (YYYYMMDD), TMT CPNS (YYYYMM), jenis kelamin (1 atau 2), nomor urut bukan 000`,
      },
    ]);
  });

  it.each([
    ['without {tahun}: the running number resets each year, so the printed numbers would repeat', '"{kode}/{nomor}/{unit}"', /\{tahun\}/],
    ['without {nomor}', '"{kode}/{unit}/{tahun}"', /\{nomor\}/],
    ['with an unknown placeholder', '"{kode}/{nomor}/{bidang}/{tahun}"', /penanda tidak dikenal: \{bidang\}/],
  ])('a number template %s is refused at its line, as an administrator’s edit is', (_, template, reason) => {
    const text = BATAM.replace('numberTemplate: "{kode}/{nomor}/{unit}/{tahun}"', `numberTemplate: ${template}`);
    expect(problemsOf(text)).toEqual([
      { line: lineOf(text, 'numberTemplate:'), column: expect.any(Number), field: 'numberTemplate', message: expect.stringMatching(reason) },
    ]);
  });

  it('text longer than its column holds is refused at its line (never a database error)', () => {
    const text = BATAM.replace('name: Siti Aminah', `name: ${'A'.repeat(151)}`);
    expect(problemsOf(text)).toEqual([
      {
        line: lineOf(text, 'A'.repeat(151)),
        column: expect.any(Number),
        field: 'units.0.units.0.staff.1.holder.name',
        message: 'paling banyak 150 karakter',
      },
    ]);
  });

  it('the chart’s structural rules (validateOrgChart) point at the unit or position they name', () => {
    const notLevelOne = BATAM.replace('level: 1\n', 'level: 2\n');
    expect(problemsOf(notLevelOne)).toEqual([
      {
        line: lineOf(notLevelOne, 'code: KADIS'),
        column: expect.any(Number),
        field: 'units.0.head',
        message: 'Pimpinan unit puncak harus berjenjang 1 (JPT Pratama)',
      },
    ]);
    const parafWithoutCheck = BATAM.replace('authority: [check, return, paraf, sign]', 'authority: [paraf, sign]');
    expect(problemsOf(parafWithoutCheck)).toEqual([
      expect.objectContaining({
        line: lineOf(parafWithoutCheck, 'code: SEKRETARIS'),
        field: 'units.0.units.0.head',
        message: 'Jabatan Sekretaris yang memaraf/menandatangani/mengembalikan juga harus memeriksa',
      }),
    ]);
    const headless = BATAM.replace(/ {8}head:\n {10}code: SEKRETARIS\n( {10}.*\n)+/, '');
    expect(problemsOf(headless)).toEqual([
      expect.objectContaining({ field: 'units.0.units.0', message: 'Unit Sekretariat harus punya tepat satu pimpinan, ditemukan 0' }),
    ]);
  });

  it('several problems of both kinds at once; the chart is checked only when its codes are sound', () => {
    const text = BATAM.replace('199003072014022001', '199002302014022001').replace('- code: PP\n', '- code: UMPEG\n');
    const problems = problemsOf(text);
    expect(problems.map((p) => p.field)).toEqual(['units.0.units.0.staff.1.holder.nip', 'units.0.units.0.units.1.code']);
    expect(() => parseCheckedOrganizationFile(text)).toThrow(OrganizationFileError);
  });
});
