import { EntityManager } from 'typeorm';
import { authorityBasis, LEVEL_NAMES, OrgChart, PositionNode, UnitNode } from '@naskah/domain';
import { DocumentKindEntity, HolderView, OrganizationEntity, PositionEntity, SigningAuthorityEntity, UnitEntity } from '@naskah/persistence';
import { AdminDocumentKindDto } from './dto/document-kind-admin.dto';
import { ChartPositionDto, ChartUnitDto, SignedKindDto } from './dto/chart.dto';
import { AdminOrganizationDto } from './dto/organization-admin.dto';

/** What the trail records of each thing an administrator changes, and what the API answers. */

export const unitNode = (u: UnitEntity): UnitNode => ({
  id: u.id,
  parentId: u.parentId,
  reportsViaUnitId: u.reportsViaUnitId,
  code: u.code,
  name: u.name,
  kind: u.kind,
  pasal: u.pasal,
});

export const unitView = (u: UnitEntity): ChartUnitDto & Record<string, unknown> => ({
  id: u.id,
  code: u.code,
  name: u.name,
  kind: u.kind,
  pasal: u.pasal,
  parentId: u.parentId,
  reportsViaUnitId: u.reportsViaUnitId,
  reportsViaPasal: u.reportsViaPasal,
  sortOrder: u.sortOrder,
});

/** A position as recorded on the trail: every column an administrator may change. */
export const positionRecord = (p: PositionEntity) => ({
  id: p.id,
  unitId: p.unitId,
  code: p.code,
  title: p.title,
  level: p.level,
  isHead: p.isHead,
  authority: p.authority(),
  authorityPasal: p.authorityPasal,
  tataNaskahDinas: p.tataNaskahDinas ?? [],
  pasal: p.pasal,
  sortOrder: p.sortOrder,
});

export function positionView(
  p: PositionEntity,
  org: Pick<OrganizationEntity, 'regulationCitation'>,
  holders: readonly HolderView[],
  signs: readonly SignedKindDto[],
): ChartPositionDto {
  return {
    ...positionRecord(p),
    levelName: LEVEL_NAMES[p.level],
    authorityBasis: authorityBasis(org.regulationCitation, p.toNode()),
    holders: holders.map((h) => ({ officialId: h.officialId, nip: h.nip, name: h.name, titledName: h.titledName, kind: h.assignmentKind })),
    signs: [...signs],
  };
}

export const organizationRecord = (o: OrganizationEntity) => ({
  code: o.code,
  name: o.name,
  city: o.city,
  regulation: o.regulation,
  regulationCitation: o.regulationCitation,
  reportTembusanPasal: o.reportTembusanPasal,
  letterhead: o.letterhead,
  numberTemplate: o.numberTemplate,
});

export const organizationView = (o: OrganizationEntity): AdminOrganizationDto => ({
  id: o.id,
  ...organizationRecord(o),
  delegationRules: o.delegationRules,
});

export const kindView = (k: DocumentKindEntity): AdminDocumentKindDto & Record<string, unknown> => ({
  code: k.code,
  name: k.name,
  category: k.category,
  layout: k.layout,
  numberPattern: k.numberPattern,
  strategic: k.strategic,
  source: k.source,
  coordinationRequiredPasal: k.coordinationRequiredPasal,
});

/** The chart as stored, read inside the write (after the organisation's lock): entities and the pure view. */
export async function loadChart(
  m: EntityManager,
  organizationId: string,
): Promise<{ units: UnitEntity[]; positions: PositionEntity[]; chart: OrgChart }> {
  const [units, positions] = await Promise.all([
    m.find(UnitEntity, { where: { organizationId }, order: { sortOrder: 'ASC' } }),
    m.find(PositionEntity, { where: { organizationId }, order: { sortOrder: 'ASC' } }),
  ]);
  return { units, positions, chart: { units: units.map(unitNode), positions: positions.map((p): PositionNode => p.toNode()) } };
}

/** The kinds each position signs in the organisation's authority table, by position id. */
export async function signedKinds(m: EntityManager, organizationId: string, positionIds?: string[]): Promise<Map<string, SignedKindDto[]>> {
  const qb = m
    .createQueryBuilder(SigningAuthorityEntity, 'sa')
    .innerJoin(DocumentKindEntity, 'k', 'k.id = sa.document_kind_id')
    .select(['sa.position_id AS positionId', 'k.code AS kindCode', 'k.name AS kindName', 'sa.pasal AS pasal'])
    .where('sa.organization_id = :organizationId', { organizationId })
    .orderBy('k.name', 'ASC');
  if (positionIds) {
    if (!positionIds.length) return new Map();
    qb.andWhere('sa.position_id IN (:...positionIds)', { positionIds });
  }
  const rows: Array<{ positionId: string; kindCode: string; kindName: string; pasal: string }> = await qb.getRawMany();
  const out = new Map<string, SignedKindDto[]>();
  for (const r of rows) out.set(r.positionId, [...(out.get(r.positionId) ?? []), { kindCode: r.kindCode, kindName: r.kindName, pasal: r.pasal }]);
  return out;
}
