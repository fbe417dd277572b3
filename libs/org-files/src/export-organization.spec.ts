import { buildOrganizationExport, OrganizationExportRows, organizationFileYaml } from './export-organization';
import { flattenOrganizationFile, signingAuthorityRows } from './org-chart-from-file';
import { OrganizationFile, readDocumentKinds, readOrganizationFile } from './org-file';
import { readOrganizationFileText } from './org-file-yaml';

const KINDS = readDocumentKinds();

/** The rows a database holds after loading `file` (what the seed writes). */
function rowsOf(file: OrganizationFile): OrganizationExportRows {
  const flat = flattenOrganizationFile(file, file.code);
  return {
    organization: {
      code: file.code,
      name: file.name,
      city: file.city,
      regulation: file.regulation,
      regulationCitation: file.regulationCitation,
      reportTembusanPasal: file.reportTembusanPasal ?? null,
      letterhead: file.letterhead,
      numberTemplate: file.numberTemplate,
      delegationRules: file.delegation,
      discrepancies: file.discrepancies,
    },
    units: flat.units,
    positions: flat.positions.map((p) => p.row),
    holders: flat.positions.flatMap((p) =>
      p.holder
        ? [
            {
              positionId: p.row.id,
              nip: p.holder.nip,
              name: p.holder.name,
              gelarDepan: p.holder.gelarDepan ?? '',
              gelarBelakang: p.holder.gelarBelakang ?? '',
              rank: p.holder.rank,
              roles: p.holder.roles ?? [],
              kind: p.holder.assignment ?? 'definitif',
              validFrom: '2024-01-01',
            },
          ]
        : [],
    ),
    signing: signingAuthorityRows(file, KINDS, flat).map((r) => ({ kindCode: r.kindCode, positionId: r.position.id })),
    kindCodes: KINDS.kinds.map((k) => k.code),
  };
}

describe('an organisation exported as its file', () => {
  it.each(['batam-dkum.yaml', 'cilegon-dkukm.yaml'])('%s: the exported YAML reads back as the same chart, holders and authority table', (name) => {
    const original = readOrganizationFile(name);
    const exp = buildOrganizationExport(rowsOf(original));
    expect(exp.notes).toEqual([]);
    const yaml = organizationFileYaml(exp, { exportedAt: new Date('2026-05-04T03:00:00Z'), asOf: '2026-05-04' });
    expect(yaml).toMatch(/^# Berkas organisasi .* diekspor dari naskah pada 2026-05-04T03:00:00.000Z\./);
    // Holders are written on one line, as in the seed files.
    expect(yaml).toMatch(/holder: \{ nip: "\d{18}", name: /);

    const read = readOrganizationFileText(yaml, { documentKinds: KINDS.kinds.map((k) => k.code) });
    expect(read.problems).toEqual([]);
    expect(read.text!.file).toEqual(exp.file);
    const again = read.text!.file;
    // The same rows (ids derive from codes): units, positions with their authority and citations, holders.
    const before = flattenOrganizationFile(original, original.code);
    const after = flattenOrganizationFile(again, original.code);
    expect(after.units).toEqual(before.units);
    expect(after.positions.map((p) => p.row)).toEqual(before.positions.map((p) => p.row));
    expect(after.positions.map((p) => p.holder && { ...p.holder, assignment: undefined })).toEqual(
      before.positions.map((p) => p.holder && { ...p.holder, assignment: undefined, roles: p.holder.roles }),
    );
    // The authority table, written out for every kind, gives the same rows as the defaults did.
    const rows = (f: OrganizationFile | typeof again) =>
      signingAuthorityRows(f, KINDS, flattenOrganizationFile(f, original.code))
        .map((r) => `${r.kindCode}:${r.position.code}`)
        .sort();
    expect(rows(again)).toEqual(rows(original));
    expect(Object.keys(again.signingAuthority ?? {}).sort()).toEqual(KINDS.kinds.map((k) => k.code).sort());
    expect(again.delegation).toEqual(original.delegation);
  });

  it('one holder per position: the definitive one before a Plt. before a Plh., the others named in a note', () => {
    const rows = rowsOf(readOrganizationFile('batam-dkum.yaml'));
    const kadis = rows.positions.find((p) => p.code === 'KADIS')!;
    rows.holders.unshift({
      positionId: kadis.id,
      nip: '197511202000032002',
      name: 'Nurhayati Siregar',
      gelarDepan: 'Dra.',
      gelarBelakang: 'M.M.',
      rank: 'Pembina Tingkat I (IV/b)',
      roles: [],
      kind: 'plh',
      validFrom: '2026-05-01',
    });
    const exp = buildOrganizationExport(rows);
    expect(exp.file.units[0].head?.holder).toMatchObject({ name: 'Rahmat Hidayat', assignment: 'definitif' });
    expect(exp.notes).toEqual([
      'Plh. Nurhayati Siregar (NIP 197511202000032002) pada jabatan KADIS tidak dimuat: berkas memuat satu pemangku per jabatan.',
    ]);
  });

  it('what the format cannot hold is said at the top of the file: no delegation rules, a staff post with authority, a non-signer in the table', () => {
    const rows = rowsOf(readOrganizationFile('cilegon-dkukm.yaml'));
    rows.organization.delegationRules = null;
    const clerk = rows.positions.find((p) => p.code === 'KOP-ADM')!;
    clerk.mayCheck = true;
    const pepk = rows.positions.find((p) => p.code === 'KASUBBAG-PEPK')!;
    rows.signing.push({ kindCode: 'LAPORAN', positionId: pepk.id });
    const exp = buildOrganizationExport(rows);
    expect(exp.file.delegation).toBeUndefined();
    expect(exp.file.signingAuthority?.LAPORAN).not.toContain('KASUBBAG-PEPK');
    expect(exp.notes).toEqual([
      'Jabatan KASUBBAG-PEPK tercatat dapat menandatangani LAPORAN padahal tidak berwenang menandatangani; tidak dimuat.',
      'Aturan hal mewakili (delegation) belum ditetapkan untuk organisasi ini; berkas tidak memuatnya.',
      expect.stringMatching(/^Jabatan KOP-ADM: berkas mencatat staf sebagai jabatan pelaksana\/fungsional/),
    ]);
    const yaml = organizationFileYaml(exp, { exportedAt: new Date(), asOf: '2026-05-04' });
    expect(yaml).toContain('# Catatan: Aturan hal mewakili (delegation) belum ditetapkan');
    expect(readOrganizationFileText(yaml).problems).toEqual([]);
  });
});
