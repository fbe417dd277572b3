import { chartFromFile, flattenOrganizationFile, readDocumentKinds, readOrganizationFile, signingAuthorityRows } from '@naskah/org-files';
import { DomainError } from './errors';
import { OrgChart, OrgIndex, PositionNode } from './org-chart';
import { planRoute } from './routing';
import { TATA_NASKAH_DINAS, TND_PARAF_HIERARKI, TND_SIGNING_AUTHORITY } from './sources';

function org(file: string) {
  const organization = readOrganizationFile(file);
  const { chart, positionsByCode } = chartFromFile(organization);
  const index = new OrgIndex(chart);
  const id = (code: string) => positionsByCode.get(code)!.id;
  const codeOf = new Map([...positionsByCode.values()].map((p) => [p.id, p.code]));
  const route = (drafter: string, signers: string[], requested?: string) =>
    planRoute({
      org: index,
      regulation: organization.regulationCitation,
      drafterPositionId: id(drafter),
      kind: { code: 'SURAT_DINAS', name: 'Surat Dinas' },
      allowedSignerIds: signers.map(id),
      requestedSignerId: requested ? id(requested) : undefined,
    });
  const plan = (drafter: string, signers: string[], requested?: string) =>
    route(drafter, signers, requested).steps.map((s) => `${s.action}:${codeOf.get(s.positionId)}`);
  const refusal = (drafter: string, signers: string[], requested?: string): DomainError => {
    try {
      plan(drafter, signers, requested);
    } catch (e) {
      return e as DomainError;
    }
    throw new Error('expected a refusal');
  };
  return { plan, route, refusal, id };
}

const batam = org('batam-dkum.yaml');
const cilegon = org('cilegon-dkukm.yaml');
/** The seeded authority tables for Nota Dinas: in Batam no Kepala Bidang signs (Pasal 7-10 ayat (4)). */
const BATAM_NOTA = ['KADIS', 'SEKRETARIS'];
const CILEGON_NOTA = ['KADIS', 'SEKRETARIS', 'KABID-KOP', 'KABID-UMKM'];

describe('planRoute: paraf hierarki up the unit tree, the authorised official signs (DESIGN §4)', () => {
  it('Batam Pasal 4 ayat (5), Pasal 5: a Sub Bagian draft goes Kasubbag -> Sekretaris -> Kepala Dinas', () => {
    expect(batam.plan('UMPEG-ARSIP', ['KADIS'])).toEqual(['paraf:KASUBBAG-UMPEG', 'paraf:SEKRETARIS', 'sign:KADIS']);
  });

  it('Cilegon Pasal 3 ayat (4): a Sub Bagian draft goes Kasubbag -> Sekretaris -> Kepala Dinas', () => {
    expect(cilegon.plan('PEPK-KEUANGAN', ['KADIS'])).toEqual(['paraf:KASUBBAG-PEPK', 'paraf:SEKRETARIS', 'sign:KADIS']);
  });

  it('Cilegon Pasal 3 ayat (3): a Bidang draft passes the Sekretaris: Kepala Bidang -> Sekretaris -> Kepala Dinas', () => {
    expect(cilegon.plan('KOP-ADM', ['KADIS'])).toEqual(['paraf:KABID-KOP', 'paraf:SEKRETARIS', 'sign:KADIS']);
    expect(cilegon.plan('UMKM-ANALIS', ['KADIS'])).toEqual(['paraf:KABID-UMKM', 'paraf:SEKRETARIS', 'sign:KADIS']);
  });

  it('Batam Pasal 7 ayat (2): a Bidang draft goes from the Kepala Bidang straight to the Kepala Dinas', () => {
    expect(batam.plan('PPK-PENYULUH', ['KADIS'])).toEqual(['paraf:KABID-PPK', 'sign:KADIS']);
  });

  it('a Kepala Bidang drafting needs no paraf of his own', () => {
    expect(cilegon.plan('KABID-KOP', ['KADIS'])).toEqual(['paraf:SEKRETARIS', 'sign:KADIS']);
  });

  it('a draft written by the signer personally needs no paraf', () => {
    expect(batam.plan('KADIS', ['KADIS'])).toEqual(['sign:KADIS']);
    expect(batam.plan('SEKRETARIS', BATAM_NOTA, 'SEKRETARIS')).toEqual(['sign:SEKRETARIS']);
  });

  it('by default the highest official on the line who may sign the kind signs', () => {
    expect(batam.plan('ISP-ADM', BATAM_NOTA)).toEqual(['paraf:KABID-ISP', 'sign:KADIS']);
  });

  it('the drafter may name a lower signer where the authority table allows it (Cilegon Pasal 19 huruf f angka 3, Batam Pasal 4 ayat (4) huruf cc)', () => {
    expect(cilegon.plan('KOP-ADM', CILEGON_NOTA, 'KABID-KOP')).toEqual(['sign:KABID-KOP']);
    expect(cilegon.plan('KOP-ADM', CILEGON_NOTA, 'SEKRETARIS')).toEqual(['paraf:KABID-KOP', 'sign:SEKRETARIS']);
    expect(batam.plan('SEKRE-ADM', BATAM_NOTA, 'SEKRETARIS')).toEqual(['sign:SEKRETARIS']);
  });

  it('Cilegon Pasal 16 huruf f angka 3: the Kasubbag PEPK is never a signer, even if named', () => {
    const e = cilegon.refusal('PEPK-KEUANGAN', ['KADIS', 'KASUBBAG-PEPK'], 'KASUBBAG-PEPK');
    expect(e).toMatchObject({ code: 'RULE_VIOLATION', pasal: 'Perwako Cilegon 18/2022 Pasal 16 huruf f angka 3', field: 'signerPositionId' });
  });

  it.each([
    ['KABID-ISP', 'ISP-ADM', 'Pasal 7 ayat (4) huruf z'],
    ['KABID-PKSP', 'PKSP-ADM', 'Pasal 8 ayat (4) huruf y'],
    ['KABID-PPK', 'PPK-ANALIS', 'Pasal 9 ayat (4) huruf k'],
    ['KABID-PPUM', 'PPUM-ADM', 'Pasal 10 ayat (4) huruf aa'],
  ])('Batam %s corrects "untuk ditandatangani pimpinan" (%s drafts; %s): never a signer, even if the table named him', (kabid, clerk, pasal) => {
    const e = batam.refusal(clerk, [...BATAM_NOTA, kabid], kabid);
    expect(e).toMatchObject({ code: 'RULE_VIOLATION', field: 'signerPositionId', pasal: `Perwako Batam 14/2023 ${pasal}; ${TND_PARAF_HIERARKI}` });
    // By default his paraf (paraf hierarki), then the Kepala Dinas signs.
    expect(batam.plan(clerk, [...BATAM_NOTA, kabid])).toEqual([`paraf:${kabid}`, 'sign:KADIS']);
    expect(batam.route(clerk, BATAM_NOTA).steps[0].pasal).toBe(`Perwako Batam 14/2023 ${pasal}; ${TND_PARAF_HIERARKI}`);
  });

  it('Batam Pasal 5 ayat (3) huruf g and t: the Kasubbag Umum dan Kepegawaian gives paraf, never signs', () => {
    expect(batam.refusal('UMPEG-ARSIP', [...BATAM_NOTA, 'KASUBBAG-UMPEG'], 'KASUBBAG-UMPEG')).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'signerPositionId',
      pasal: 'Perwako Batam 14/2023 Pasal 5 ayat (3) huruf g dan huruf t',
    });
  });

  it('a named signer outside the authority table for the kind is refused, citing his own Pasal and the table by kind', () => {
    expect(batam.refusal('UMPEG-ARSIP', ['KADIS'], 'SEKRETARIS')).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'signerPositionId',
      pasal: `Perwako Batam 14/2023 Pasal 4 ayat (4) huruf cc; ${TND_SIGNING_AUTHORITY}`,
    });
  });

  it('a named signer outside the drafter line is refused, citing paraf hierarki', () => {
    const e = cilegon.refusal('UMPEG-ARSIP', CILEGON_NOTA, 'KABID-KOP');
    expect(e.message).toMatch(/garis atasan/);
    expect(e.pasal).toBe(TND_PARAF_HIERARKI);
  });

  it('a kind nobody on the line may sign is refused naming the kind and the basis of the rows the table has', () => {
    expect(batam.refusal('ISP-ADM', ['SEKRETARIS'])).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'kindCode',
      pasal: 'Perwako Batam 14/2023 Pasal 4 ayat (4) huruf cc',
    });
    expect(batam.refusal('UMPEG-ARSIP', [])).toMatchObject({ code: 'RULE_VIOLATION', field: 'kindCode', pasal: TND_SIGNING_AUTHORITY });
  });

  it('Cilegon Pasal 3 ayat (1) huruf e: a member of the stand-alone Kelompok Jabatan Fungsional (no head) goes to the Kepala Dinas', () => {
    expect(cilegon.plan('KJF-ANALIS', ['KADIS'])).toEqual(['sign:KADIS']);
    expect(cilegon.plan('KJF-PENGAWAS', CILEGON_NOTA)).toEqual(['sign:KADIS']);
    expect(cilegon.route('KJF-ANALIS', ['KADIS']).steps[0]).toMatchObject({
      superiorPositionId: null,
      pasal: 'Perwako Cilegon 18/2022 Pasal 7 huruf f',
    });
  });

  it('each step names its superior for escalation; the Kepala Dinas has none', () => {
    const { id } = cilegon;
    const steps = planRoute({
      org: new OrgIndex(chartFromFile(readOrganizationFile('cilegon-dkukm.yaml')).chart),
      regulation: 'Perwako Cilegon 18/2022',
      drafterPositionId: id('KOP-ADM'),
      kind: { code: 'SURAT_DINAS', name: 'Surat Dinas' },
      allowedSignerIds: [id('KADIS')],
    }).steps;
    expect(steps.map((s) => s.superiorPositionId)).toEqual([id('SEKRETARIS'), id('KADIS'), null]);
    expect(steps.map((s) => s.pasal)).toEqual([
      'Perwako Cilegon 18/2022 Pasal 19 huruf f angka 3',
      'Perwako Cilegon 18/2022 Pasal 10 huruf f angka 3',
      'Perwako Cilegon 18/2022 Pasal 7 huruf f',
    ]);
  });
});

describe('paraf hierarki: at most three initials before the signer (Tata Naskah Dinas)', () => {
  // A synthetic line five heads deep: four would initial before the head of the root.
  const chart: OrgChart = { units: [], positions: [] };
  const authority = { check: true, return: true, paraf: true, sign: true };
  for (let i = 0; i < 5; i++) {
    chart.units.push({
      id: `u${i}`,
      parentId: i ? `u${i - 1}` : null,
      reportsViaUnitId: null,
      code: `U${i}`,
      name: `Unit ${i}`,
      kind: 'bidang',
      pasal: 'Pasal 1',
    });
    chart.positions.push({
      id: `h${i}`,
      unitId: `u${i}`,
      code: `H${i}`,
      title: `Kepala ${i}`,
      level: 1,
      isHead: true,
      authority,
      authorityPasal: `Pasal ${i} ayat (1) huruf a`,
    });
  }
  const clerk: PositionNode = {
    id: 'c',
    unitId: 'u4',
    code: 'C',
    title: 'Pelaksana',
    level: 4,
    isHead: false,
    authority: { check: false, return: false, paraf: false, sign: false },
    authorityPasal: 'Pasal 9 ayat (1)',
  };
  chart.positions.push(clerk);

  it('four initials are refused citing the catalogue, not a bare "Permendagri 1/2023"', () => {
    let e: DomainError | undefined;
    try {
      planRoute({
        org: new OrgIndex(chart),
        regulation: 'Perwako X 1/2024',
        drafterPositionId: 'c',
        kind: { code: 'SURAT_DINAS', name: 'Surat Dinas' },
        allowedSignerIds: ['h0'],
      });
    } catch (x) {
      e = x as DomainError;
    }
    expect(e).toMatchObject({ code: 'RULE_VIOLATION', pasal: TND_PARAF_HIERARKI });
    expect(e!.pasal!.startsWith(TATA_NASKAH_DINAS)).toBe(true);
  });
});

describe.each(['batam-dkum.yaml', 'cilegon-dkukm.yaml'])('every citation a route or a refusal gives in %s', (file) => {
  const organization = readOrganizationFile(file);
  const { chart } = chartFromFile(organization);
  const index = new OrgIndex(chart);
  const rows = signingAuthorityRows(organization, readDocumentKinds(), flattenOrganizationFile(organization, organization.code));
  const kinds = [...new Set(rows.map((r) => r.kindCode))];
  const cited: string[] = [];
  for (const kindCode of kinds) {
    const allowed = rows.filter((r) => r.kindCode === kindCode).map((r) => r.position.id);
    for (const drafter of chart.positions) {
      for (const requested of [undefined, ...chart.positions.map((p) => p.id)]) {
        try {
          const plan = planRoute({
            org: index,
            regulation: organization.regulationCitation,
            drafterPositionId: drafter.id,
            kind: { code: kindCode, name: kindCode },
            allowedSignerIds: allowed,
            requestedSignerId: requested,
          });
          cited.push(...plan.steps.map((s) => s.pasal));
        } catch (e) {
          cited.push((e as DomainError).pasal ?? '(tanpa pasal)');
        }
      }
    }
  }

  it('cites the office regulation with a Pasal and its ayat or huruf, or the Tata Naskah Dinas catalogue; never a bare "Permendagri 1/2023"', () => {
    expect(cited.length).toBeGreaterThan(100);
    for (const c of new Set(cited)) {
      expect(c).not.toMatch(/^Permendagri 1\/2023( \(|$)/);
      if (c.startsWith(TATA_NASKAH_DINAS)) continue;
      expect(c).toMatch(new RegExp(`^${organization.regulationCitation.replace('/', '\\/')} Pasal \\d+ (ayat \\(\\d+\\)|huruf [a-z]+)`));
    }
  });
});
