import { chartFromFile, readOrganizationFile } from '@naskah/org-files';
import { DomainError } from './errors';
import { OrgIndex } from './org-chart';
import { planRoute } from './routing';

function org(file: string) {
  const { chart, positionsByCode } = chartFromFile(readOrganizationFile(file));
  const index = new OrgIndex(chart);
  const id = (code: string) => positionsByCode.get(code)!.id;
  const codeOf = new Map([...positionsByCode.values()].map((p) => [p.id, p.code]));
  const plan = (drafter: string, signers: string[], requested?: string) => {
    const p = planRoute({
      org: index,
      drafterPositionId: id(drafter),
      kind: { code: 'SURAT_DINAS', name: 'Surat Dinas' },
      allowedSignerIds: signers.map(id),
      requestedSignerId: requested ? id(requested) : undefined,
    });
    return p.steps.map((s) => `${s.action}:${codeOf.get(s.positionId)}`);
  };
  const refusal = (drafter: string, signers: string[], requested?: string): DomainError => {
    try {
      plan(drafter, signers, requested);
    } catch (e) {
      return e as DomainError;
    }
    throw new Error('expected a refusal');
  };
  return { plan, refusal, id };
}

const batam = org('batam-dkum.yaml');
const cilegon = org('cilegon-dkukm.yaml');
const BATAM_NOTA = ['KADIS', 'SEKRETARIS', 'KABID-ISP', 'KABID-PKSP', 'KABID-PPK', 'KABID-PPUM'];
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

  it('the drafter may name a lower signer where the authority table allows it (Nota Dinas by the Kepala Bidang)', () => {
    expect(batam.plan('ISP-ADM', BATAM_NOTA, 'KABID-ISP')).toEqual(['sign:KABID-ISP']);
    expect(cilegon.plan('KOP-ADM', CILEGON_NOTA, 'SEKRETARIS')).toEqual(['paraf:KABID-KOP', 'sign:SEKRETARIS']);
  });

  it('Cilegon Pasal 16 huruf f angka 3: the Kasubbag PEPK is never a signer, even if named', () => {
    const e = cilegon.refusal('PEPK-KEUANGAN', ['KADIS', 'KASUBBAG-PEPK'], 'KASUBBAG-PEPK');
    expect(e).toMatchObject({ code: 'RULE_VIOLATION', pasal: 'Pasal 16 huruf f angka 3', field: 'signerPositionId' });
  });

  it('a named signer outside the authority table for the kind is refused with 422', () => {
    expect(batam.refusal('UMPEG-ARSIP', ['KADIS'], 'SEKRETARIS')).toMatchObject({ code: 'RULE_VIOLATION', field: 'signerPositionId' });
  });

  it('a named signer outside the drafter line is refused with 422', () => {
    expect(batam.refusal('UMPEG-ARSIP', BATAM_NOTA, 'KABID-ISP').message).toMatch(/garis atasan/);
  });

  it('a kind nobody on the line may sign is refused with 422 naming the kind', () => {
    expect(batam.refusal('UMPEG-ARSIP', [])).toMatchObject({ code: 'RULE_VIOLATION', field: 'kindCode' });
  });

  it('each step names its superior for escalation; the Kepala Dinas has none', () => {
    const { id } = cilegon;
    const steps = planRoute({
      org: new OrgIndex(chartFromFile(readOrganizationFile('cilegon-dkukm.yaml')).chart),
      drafterPositionId: id('KOP-ADM'),
      kind: { code: 'SURAT_DINAS', name: 'Surat Dinas' },
      allowedSignerIds: [id('KADIS')],
    }).steps;
    expect(steps.map((s) => s.superiorPositionId)).toEqual([id('SEKRETARIS'), id('KADIS'), null]);
    expect(steps.map((s) => s.pasal)).toEqual(['Pasal 19 huruf f angka 3', 'Pasal 10 huruf f angka 3', 'Pasal 7 huruf f']);
  });
});
