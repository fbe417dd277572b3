import { EntityManager } from 'typeorm';
import { AssignmentKind } from '@naskah/domain';
import {
  DocumentKindEntity,
  OfficialEntity,
  OrganizationEntity,
  PositionEntity,
  SigningAuthorityEntity,
  todayInJakarta,
  UnitEntity,
} from '@naskah/persistence';
import { buildOrganizationExport, OrganizationExport, OrganizationExportRows, organizationFileYaml } from '@naskah/org-files';

/** The stored rows of an organisation an export reads; null when there is no such organisation. */
export async function readOrganizationExportRows(
  m: EntityManager,
  organizationId: string,
  today = todayInJakarta(),
): Promise<OrganizationExportRows | null> {
  const org = await m.findOneBy(OrganizationEntity, { id: organizationId });
  if (!org) return null;
  const [units, positions, kinds, signing] = await Promise.all([
    m.find(UnitEntity, { where: { organizationId } }),
    m.find(PositionEntity, { where: { organizationId } }),
    m.find(DocumentKindEntity, { select: { id: true, code: true } }),
    m.find(SigningAuthorityEntity, { where: { organizationId } }),
  ]);
  const held: Array<{ positionId: string; officialId: string; kind: AssignmentKind; validFrom: string }> = await m.query(
    `SELECT a.position_id AS positionId, a.official_id AS officialId, a.kind AS kind, a.valid_from AS validFrom
       FROM assignment a JOIN org_position p ON p.id = a.position_id
      WHERE p.organization_id = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)`,
    [organizationId, today, today],
  );
  const officials = held.length ? await m.find(OfficialEntity, { where: [...new Set(held.map((h) => h.officialId))].map((id) => ({ id })) }) : [];
  const officialById = new Map(officials.map((o) => [o.id, o]));
  const kindCode = new Map(kinds.map((k) => [k.id, k.code]));
  return {
    organization: {
      code: org.code,
      name: org.name,
      city: org.city,
      regulation: org.regulation,
      regulationCitation: org.regulationCitation,
      reportTembusanPasal: org.reportTembusanPasal,
      letterhead: org.letterhead,
      numberTemplate: org.numberTemplate,
      delegationRules: org.delegationRules,
      discrepancies: org.discrepancies,
    },
    units,
    positions,
    holders: held.flatMap((h) => {
      const o = officialById.get(h.officialId);
      // The date column may come back as a Date from a raw query; the day is what matters.
      const validFrom = typeof h.validFrom === 'string' ? h.validFrom : new Date(h.validFrom).toISOString().slice(0, 10);
      return o
        ? [
            {
              positionId: h.positionId,
              nip: o.nip,
              name: o.name,
              gelarDepan: o.gelarDepan,
              gelarBelakang: o.gelarBelakang,
              rank: o.rank,
              roles: o.roles,
              kind: h.kind,
              validFrom,
            },
          ]
        : [];
    }),
    signing: signing.map((s) => ({ kindCode: kindCode.get(s.documentKindId) ?? s.documentKindId, positionId: s.positionId })),
    kindCodes: kinds.map((k) => k.code),
  };
}

/** An organisation as an organisation file and its YAML text; null when there is no such organisation. */
export async function exportOrganizationFile(
  m: EntityManager,
  organizationId: string,
  now = new Date(),
): Promise<{ code: string; yaml: string; export: OrganizationExport } | null> {
  const today = todayInJakarta(now);
  const rows = await readOrganizationExportRows(m, organizationId, today);
  if (!rows) return null;
  const exp = buildOrganizationExport(rows);
  return { code: rows.organization.code, yaml: organizationFileYaml(exp, { exportedAt: now, asOf: today }), export: exp };
}
