import { DataSource, MoreThan } from 'typeorm';
import { inForce, OrgChart, UnitNode } from '@naskah/domain';
import { AssignmentEntity, AssignmentKind, DelegationEntity, OfficialEntity, OrganizationEntity, PositionEntity, UnitEntity } from './entities';

/** Calendar date in Indonesia's western time zone, where both seed offices are. */
// Built once: constructing an Intl formatter costs more than the queries it dates (CPU profile of npm run bench).
const jakartaDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' });

export function todayInJakarta(now = new Date()): string {
  return jakartaDate.format(now);
}

export interface Holding {
  assignment: AssignmentEntity;
  position: PositionEntity;
  unit: UnitEntity;
}

export interface HolderView {
  officialId: string;
  nip: string;
  name: string;
  titledName: string;
  rank: string;
  assignmentKind: AssignmentKind;
}

/** Read-side queries over the organisation chart, shared by the API and the worker. */
export class OrgChartReader {
  constructor(private readonly ds: DataSource) {}

  organization(id: string): Promise<OrganizationEntity | null> {
    return this.ds.getRepository(OrganizationEntity).findOne({ where: { id } });
  }

  async chart(organizationId: string): Promise<{ chart: OrgChart; units: UnitEntity[]; positions: PositionEntity[] }> {
    const [units, positions] = await Promise.all([
      this.ds.getRepository(UnitEntity).find({ where: { organizationId }, order: { sortOrder: 'ASC' } }),
      this.ds.getRepository(PositionEntity).find({ where: { organizationId }, order: { sortOrder: 'ASC' } }),
    ]);
    const unitNodes: UnitNode[] = units.map((u) => ({
      id: u.id,
      parentId: u.parentId,
      reportsViaUnitId: u.reportsViaUnitId,
      code: u.code,
      name: u.name,
      kind: u.kind,
      pasal: u.pasal,
    }));
    return { chart: { units: unitNodes, positions: positions.map((p) => p.toNode()) }, units, positions };
  }

  /** Positions an official holds on a date: definitive, Plt. or Plh. */
  async holdings(officialId: string, on = todayInJakarta()): Promise<Holding[]> {
    const rows = await this.ds
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .innerJoinAndMapOne('a.position', PositionEntity, 'p', 'p.id = a.position_id')
      .innerJoinAndMapOne('a.unit', UnitEntity, 'u', 'u.id = p.unit_id')
      .where('a.official_id = :officialId', { officialId })
      .andWhere('a.valid_from <= :on', { on })
      .andWhere('(a.valid_to IS NULL OR a.valid_to >= :on)', { on })
      .orderBy('p.level', 'ASC')
      .getMany();
    return rows.map((a) => {
      const { position, unit } = a as AssignmentEntity & { position: PositionEntity; unit: UnitEntity };
      return { assignment: a, position, unit };
    });
  }

  /** Current holders of every position of an organisation, keyed by position id. */
  async holders(organizationId: string, on = todayInJakarta()): Promise<Map<string, HolderView[]>> {
    const rows: Array<{
      position_id: string;
      official_id: string;
      kind: AssignmentKind;
    }> = await this.ds.query(
      `SELECT a.position_id, a.official_id, a.kind
         FROM assignment a JOIN org_position p ON p.id = a.position_id
        WHERE p.organization_id = ? AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?)`,
      [organizationId, on, on],
    );
    const officials = rows.length ? await this.ds.getRepository(OfficialEntity).find({ where: rows.map((r) => ({ id: r.official_id })) }) : [];
    const byId = new Map(officials.map((o) => [o.id, o]));
    const out = new Map<string, HolderView[]>();
    for (const r of rows) {
      const o = byId.get(r.official_id);
      if (!o) continue;
      const list = out.get(r.position_id) ?? [];
      list.push({
        officialId: o.id,
        nip: o.nip,
        name: o.name,
        titledName: o.titledName(),
        rank: o.rank,
        assignmentKind: r.kind,
      });
      out.set(r.position_id, list);
    }
    return out;
  }
}

/** An appointment row as the domain's rules see it. */
export const appointmentPeriod = (d: DelegationEntity) => ({
  from: d.validFrom.getTime(),
  to: d.validTo.getTime(),
  revokedAt: d.revokedAt?.getTime() ?? null,
});

/** Is this appointment in force at `now`: the domain's one definition, applied to a row. */
export const delegationInForce = (d: DelegationEntity, now = new Date()): boolean => inForce(appointmentPeriod(d), now.getTime());

/**
 * Appointments in force now in which this official is the deputy (authority at the moment of the
 * act). An appointment binds two officials in two posts: it lapses when either no longer holds the
 * post it was made for (a transfer, a new head), whatever its period says.
 */
export async function activeDeputyships(ds: DataSource, officialId: string, now = new Date()): Promise<DelegationEntity[]> {
  // Only appointments that have not ended yet can be in force; the rule itself is the domain's.
  const rows = (await ds.getRepository(DelegationEntity).findBy({ deputyOfficialId: officialId, validTo: MoreThan(now) })).filter((d) =>
    delegationInForce(d, now),
  );
  if (!rows.length) return [];
  const on = todayInJakarta(now);
  const holds = async (officialId: string, positionId: string) =>
    ds
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .where('a.official_id = :officialId AND a.position_id = :positionId', { officialId, positionId })
      .andWhere('a.valid_from <= :on AND (a.valid_to IS NULL OR a.valid_to >= :on)', { on })
      .getExists();
  const checked = await Promise.all(
    rows.map(async (d) => (await holds(d.deputyOfficialId, d.deputyPositionId)) && (await holds(d.principalOfficialId, d.principalPositionId))),
  );
  return rows.filter((_, i) => checked[i]);
}
