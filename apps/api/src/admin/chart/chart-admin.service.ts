import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  assertKeepsSigning,
  assertNewAuthorityCited,
  Authority,
  DomainError,
  OrgChart,
  positionCitations,
  PositionReferences,
  positionRemovalBlockers,
  reportsViaIntoOwnSubtree,
  unitRemovalBlockers,
  validateOrgChart,
  validateUnitPlacement,
  withoutPosition,
  withoutUnit,
  withPosition,
  withUnit,
} from '@naskah/domain';
import { AssignmentEntity, DelegationEntity, OrganizationEntity, OrgChartReader, PositionEntity, UnitEntity } from '@naskah/persistence';
import { AdminAccess } from '../admin-access';
import { Actor } from '../../common/actor';
import { AdminWrites, chartId, notFound, sameState } from './admin-writes';
import { loadChart, positionRecord, positionView, signedKinds, unitNode, unitView } from './chart-records';
import {
  ChartDto,
  ChartPositionDto,
  ChartUnitDto,
  CreatePositionDto,
  CreateUnitDto,
  UnitChangeDto,
  UnitHeadInputDto,
  UpdatePositionDto,
  UpdateUnitDto,
} from './dto/chart.dto';
import { AdminAuthorityInputDto } from './dto/organization-admin.dto';

const NO_AUTHORITY: Authority = { check: false, return: false, paraf: false, sign: false };
const authorityOf = (a: AdminAuthorityInputDto | undefined, base: Authority = NO_AUTHORITY): Authority => ({
  check: a?.check ?? base.check,
  return: a?.return ?? base.return,
  paraf: a?.paraf ?? base.paraf,
  sign: a?.sign ?? base.sign,
});
const nextSortOrder = (rows: Array<{ sortOrder: number }>) => rows.reduce((max, r) => Math.max(max, r.sortOrder + 1), 0);

function conflict(message: string, field?: string): DomainError {
  return new DomainError('CONFLICT', message, field ? { field } : {});
}

/**
 * The organisation chart, edited by its administrators (issue 15): units and positions. Every edit
 * builds the whole chart it would leave and runs the seed's rules on it (validateOrgChart) and the
 * administration's own (libs/domain/src/org-admin.ts). Routes fixed at submission (route_step)
 * are never touched here: documents in review keep theirs.
 */
@Injectable()
export class ChartAdminService {
  private readonly reader: OrgChartReader;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AdminAccess,
    private readonly writes: AdminWrites,
  ) {
    this.reader = new OrgChartReader(ds);
  }

  async chart(actor: Actor, organizationId: string): Promise<ChartDto> {
    const org = await this.access.organization(actor, organizationId);
    const [{ units, positions }, holders, signs] = await Promise.all([
      loadChart(this.ds.manager, org.id),
      this.reader.holders(org.id),
      signedKinds(this.ds.manager, org.id),
    ]);
    return {
      organizationId: org.id,
      units: units.map(unitView),
      positions: positions.map((p) => positionView(p, org, holders.get(p.id) ?? [], signs.get(p.id) ?? [])),
    };
  }

  // ---- units ----

  /** A unit under an existing one, with its head (every unit but a kelompok jabatan fungsional has exactly one). */
  async createUnit(
    actor: Actor,
    organizationId: string,
    dto: CreateUnitDto,
    clientAddress: string | null,
  ): Promise<{ created: boolean; change: UnitChangeDto }> {
    const r = await this.writes.inOrganization(actor, organizationId, clientAddress, async ({ m, org, trail }) => {
      const { units, positions, chart } = await loadChart(m, org.id);
      const byId = new Map(units.map((u) => [u.id, u]));
      if (!byId.has(dto.parentId)) throw notFound('Unit induk', 'parentId');
      if (dto.reportsViaUnitId && !byId.has(dto.reportsViaUnitId)) throw notFound('Unit perantara', 'reportsViaUnitId');
      if (dto.kind !== 'kelompok-fungsional' && !dto.head) {
        throw new DomainError('INVALID_INPUT', 'Unit ini harus dibuat bersama pimpinannya (head)', { field: 'head' });
      }
      const unit = Object.assign(new UnitEntity(), {
        id: '',
        organizationId: org.id,
        parentId: dto.parentId,
        reportsViaUnitId: dto.reportsViaUnitId ?? null,
        reportsViaPasal: dto.reportsViaPasal?.trim() || null,
        code: dto.code,
        name: dto.name.trim(),
        kind: dto.kind,
        pasal: dto.pasal.trim(),
        sortOrder: dto.sortOrder ?? nextSortOrder(units),
      });
      const existing = units.find((u) => u.code === dto.code);
      if (existing) {
        // The same request again: the unit and its head as they are, nothing recorded.
        const existingHead = positions.find((p) => p.unitId === existing.id && p.isHead) ?? null;
        const requested = Object.assign(new UnitEntity(), unit, { id: existing.id, sortOrder: dto.sortOrder ?? existing.sortOrder });
        const requestedHead = dto.head
          ? this.newPosition(org, requested, dto.head, existingHead?.id ?? '', true, existingHead?.sortOrder ?? 0)
          : null;
        const same =
          sameState(unitView(existing), unitView(requested)) &&
          sameState(existingHead && positionRecord(existingHead), requestedHead && positionRecord(requestedHead));
        if (same) return { created: false, org, unit: existing, head: existingHead };
        throw conflict(`Kode unit ${dto.code} sudah dipakai di organisasi ini`, 'code');
      }
      unit.id = await chartId(m, UnitEntity, org.code, 'unit', dto.code);
      const head = dto.head ? this.newPosition(org, unit, dto.head, '', true, nextSortOrder(positions)) : null;
      if (head) {
        if (positions.some((p) => p.code === head.code)) throw conflict(`Kode jabatan ${head.code} sudah dipakai di organisasi ini`, 'head.code');
        head.id = await chartId(m, PositionEntity, org.code, 'position', head.code);
      }
      validateUnitPlacement(chart.units, unit);
      let after: OrgChart = withUnit(chart, unitNode(unit));
      if (head) after = withPosition(after, head.toNode());
      validateOrgChart(after, { reporting: 'reportsViaUnitId', level: 'head.level' });
      await m.insert(UnitEntity, unit);
      if (head) await m.insert(PositionEntity, head);
      await trail('unit_created', unit.code, null, { unit: unitView(unit), head: head && positionRecord(head) });
      return { created: true, org, unit, head };
    });
    return { created: r.created, change: { unit: unitView(r.unit), head: r.head ? await this.positionOut(r.org, r.head) : null } };
  }

  async updateUnit(actor: Actor, organizationId: string, unitId: string, dto: UpdateUnitDto, clientAddress: string | null): Promise<ChartUnitDto> {
    return this.writes.inOrganization(actor, organizationId, clientAddress, async ({ m, org, trail }) => {
      const { units, chart } = await loadChart(m, org.id);
      const before = units.find((u) => u.id === unitId);
      if (!before) throw notFound('Unit', 'unitId');
      const byId = new Map(units.map((u) => [u.id, u]));
      if (dto.parentId !== undefined && !byId.has(dto.parentId)) throw notFound('Unit induk', 'parentId');
      if (dto.reportsViaUnitId && !byId.has(dto.reportsViaUnitId)) throw notFound('Unit perantara', 'reportsViaUnitId');
      if (dto.code !== undefined && dto.code !== before.code && units.some((u) => u.code === dto.code)) {
        throw conflict(`Kode unit ${dto.code} sudah dipakai di organisasi ini`, 'code');
      }
      if (dto.parentId !== undefined && before.parentId === null) {
        throw new DomainError('INVALID_INPUT', 'Unit puncak organisasi tidak dapat dipindah ke bawah unit lain', { field: 'parentId' });
      }
      // Clearing the link clears its Pasal too, unless another is sent with it.
      const reportsViaUnitId = dto.reportsViaUnitId === undefined ? before.reportsViaUnitId : dto.reportsViaUnitId;
      const reportsViaPasal =
        dto.reportsViaPasal !== undefined ? dto.reportsViaPasal?.trim() || null : dto.reportsViaUnitId === null ? null : before.reportsViaPasal;
      const next = Object.assign(new UnitEntity(), before, {
        ...(dto.code !== undefined ? { code: dto.code } : {}),
        ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
        ...(dto.kind !== undefined ? { kind: dto.kind } : {}),
        ...(dto.pasal !== undefined ? { pasal: dto.pasal.trim() } : {}),
        ...(dto.parentId !== undefined ? { parentId: dto.parentId } : {}),
        ...(dto.sortOrder !== undefined ? { sortOrder: dto.sortOrder } : {}),
        reportsViaUnitId,
        reportsViaPasal,
      });
      if (sameState(unitView(before), unitView(next))) return unitView(before);
      validateUnitPlacement(chart.units, next);
      const after = withUnit(chart, unitNode(next));
      const downwards = reportsViaIntoOwnSubtree(after.units);
      if (downwards.length) {
        throw new DomainError('INVALID_INPUT', `Unit ${downwards.join(', ')} akan melapor melalui unit bawahannya sendiri`, { field: 'parentId' });
      }
      // A loop or a jenjang out of order is the doing of the field this edit changes.
      const moved = dto.reportsViaUnitId !== undefined ? 'reportsViaUnitId' : dto.parentId !== undefined ? 'parentId' : undefined;
      validateOrgChart(after, { reporting: moved, level: dto.parentId !== undefined ? 'parentId' : moved });
      const { id: _id, organizationId: _org, ...columns } = next;
      await m.update(UnitEntity, { id: before.id }, columns);
      await trail('unit_updated', before.code, unitView(before), unitView(next));
      return unitView(next);
    });
  }

  /** Refused while anything hangs on the unit: child units, staff, documents addressing it, or its head's history. */
  async removeUnit(actor: Actor, organizationId: string, unitId: string, clientAddress: string | null): Promise<void> {
    await this.writes.inOrganization(actor, organizationId, clientAddress, async ({ m, org, trail }) => {
      const { units, positions, chart } = await loadChart(m, org.id);
      const unit = units.find((u) => u.id === unitId);
      if (!unit) throw notFound('Unit', 'unitId');
      const own = positions.filter((p) => p.unitId === unit.id);
      const head = unit.kind === 'kelompok-fungsional' ? undefined : own.find((p) => p.isHead);
      const [documents, headRefs] = await Promise.all([
        this.documentsAddressing(m, org.id, unit.id),
        head ? this.references(m, org.id, head.id) : undefined,
      ]);
      const blockers = unitRemovalBlockers({
        isRoot: unit.parentId === null,
        childUnits: units.filter((u) => u.parentId === unit.id).map((u) => u.code),
        positions: own.filter((p) => p !== head).map((p) => p.code),
        documents,
        head: headRefs ? positionRemovalBlockers(headRefs) : [],
      });
      const reportingThrough = units.filter((u) => u.reportsViaUnitId === unit.id).map((u) => u.code);
      if (reportingThrough.length) blockers.push(`unit ${reportingThrough.join(', ')} melapor melalui unit ini`);
      if (blockers.length) throw conflict(`Unit ${unit.code} tidak dapat dihapus: ${blockers.join('; ')}`);
      validateOrgChart(withoutUnit(chart, unit.id));
      if (head) await m.delete(PositionEntity, { id: head.id });
      await m.delete(UnitEntity, { id: unit.id });
      await trail('unit_removed', unit.code, { unit: unitView(unit), head: head ? positionRecord(head) : null }, null);
    });
  }

  // ---- positions ----

  async createPosition(
    actor: Actor,
    organizationId: string,
    dto: CreatePositionDto,
    clientAddress: string | null,
  ): Promise<{ created: boolean; position: ChartPositionDto }> {
    const r = await this.writes.inOrganization(actor, organizationId, clientAddress, async ({ m, org, trail }) => {
      const { units, positions, chart } = await loadChart(m, org.id);
      const unit = units.find((u) => u.id === dto.unitId);
      if (!unit) throw notFound('Unit', 'unitId');
      const existing = positions.find((p) => p.code === dto.code);
      if (existing) {
        const requested = this.newPosition(org, unit, dto, existing.id, dto.isHead ?? false, dto.sortOrder ?? existing.sortOrder);
        if (sameState(positionRecord(existing), positionRecord(requested))) return { created: false, org, position: existing };
        throw conflict(`Kode jabatan ${dto.code} sudah dipakai di organisasi ini`, 'code');
      }
      const position = this.newPosition(org, unit, dto, '', dto.isHead ?? false, dto.sortOrder ?? nextSortOrder(positions));
      position.id = await chartId(m, PositionEntity, org.code, 'position', dto.code);
      validateOrgChart(withPosition(chart, position.toNode()), { level: 'level' });
      await m.insert(PositionEntity, position);
      await trail('position_created', position.code, null, positionRecord(position));
      return { created: true, org, position };
    });
    return { created: r.created, position: await this.positionOut(r.org, r.position) };
  }

  async updatePosition(
    actor: Actor,
    organizationId: string,
    positionId: string,
    dto: UpdatePositionDto,
    clientAddress: string | null,
  ): Promise<ChartPositionDto> {
    const r = await this.writes.inOrganization(actor, organizationId, clientAddress, async ({ m, org, trail }) => {
      const { units, positions, chart } = await loadChart(m, org.id);
      const before = positions.find((p) => p.id === positionId);
      if (!before) throw notFound('Jabatan', 'positionId');
      const unit = units.find((u) => u.id === (dto.unitId ?? before.unitId));
      if (!unit) throw notFound('Unit', 'unitId');
      if (dto.code !== undefined && dto.code !== before.code && positions.some((p) => p.code === dto.code)) {
        throw conflict(`Kode jabatan ${dto.code} sudah dipakai di organisasi ini`, 'code');
      }
      const authority = authorityOf(dto.authority, before.authority());
      assertNewAuthorityCited(before.authority(), authority, dto.authorityPasal !== undefined);
      const isHead = dto.isHead ?? before.isHead;
      const citations = positionCitations({
        isHead,
        unitPasal: unit.pasal,
        authority,
        pasal: dto.pasal ?? before.pasal,
        authorityPasal: dto.authorityPasal ?? before.authorityPasal,
      });
      const next = Object.assign(new PositionEntity(), before, {
        unitId: unit.id,
        code: dto.code ?? before.code,
        title: dto.title?.trim() ?? before.title,
        level: dto.level ?? before.level,
        isHead,
        mayCheck: authority.check,
        mayReturn: authority.return,
        mayParaf: authority.paraf,
        maySign: authority.sign,
        ...citations,
        tataNaskahDinas:
          dto.tataNaskahDinas === undefined ? before.tataNaskahDinas : dto.tataNaskahDinas.length ? [...new Set(dto.tataNaskahDinas)] : null,
        sortOrder: dto.sortOrder ?? before.sortOrder,
      });
      if (sameState(positionRecord(before), positionRecord(next))) return { org, position: before };
      const signs = (await signedKinds(m, org.id, [before.id])).get(before.id) ?? [];
      assertKeepsSigning(
        before.toNode(),
        next.toNode(),
        signs.map((s) => s.kindName),
        org.regulationCitation,
      );
      const changedField = dto.level !== undefined ? 'level' : dto.unitId !== undefined ? 'unitId' : dto.isHead !== undefined ? 'isHead' : undefined;
      validateOrgChart(withPosition(chart, next.toNode()), { level: changedField });
      const { id: _id, organizationId: _org, ...columns } = next;
      await m.update(PositionEntity, { id: before.id }, columns);
      await trail('position_updated', before.code, positionRecord(before), positionRecord(next));
      return { org, position: next };
    });
    return this.positionOut(r.org, r.position);
  }

  /** Refused while history rests on the post (assignments past or present, route steps, the authority table, documents, deputies). */
  async removePosition(actor: Actor, organizationId: string, positionId: string, clientAddress: string | null): Promise<void> {
    await this.writes.inOrganization(actor, organizationId, clientAddress, async ({ m, org, trail }) => {
      const { units, positions, chart } = await loadChart(m, org.id);
      const position = positions.find((p) => p.id === positionId);
      if (!position) throw notFound('Jabatan', 'positionId');
      const blockers = positionRemovalBlockers(await this.references(m, org.id, position.id));
      const unit = units.find((u) => u.id === position.unitId)!;
      if (position.isHead && unit.kind !== 'kelompok-fungsional') {
        blockers.push(`jabatan ini pimpinan unit ${unit.code}, yang tidak boleh tanpa pimpinan; hapus unitnya bila unit itu dihapuskan`);
      }
      if (blockers.length) throw conflict(`Jabatan ${position.code} tidak dapat dihapus: ${blockers.join('; ')}`);
      validateOrgChart(withoutPosition(chart, position.id));
      await m.delete(PositionEntity, { id: position.id });
      await trail('position_removed', position.code, positionRecord(position), null);
    });
  }

  // ---- helpers ----

  private newPosition(
    org: Pick<OrganizationEntity, 'id'>,
    unit: Pick<UnitEntity, 'id' | 'pasal'>,
    dto: UnitHeadInputDto,
    id: string,
    isHead: boolean,
    sortOrder: number,
  ): PositionEntity {
    const authority = authorityOf(dto.authority);
    const citations = positionCitations({ isHead, unitPasal: unit.pasal, authority, pasal: dto.pasal, authorityPasal: dto.authorityPasal });
    return Object.assign(new PositionEntity(), {
      id,
      organizationId: org.id,
      unitId: unit.id,
      code: dto.code,
      title: dto.title.trim(),
      level: dto.level,
      isHead,
      mayCheck: authority.check,
      mayReturn: authority.return,
      mayParaf: authority.paraf,
      maySign: authority.sign,
      ...citations,
      tataNaskahDinas: dto.tataNaskahDinas?.length ? [...new Set(dto.tataNaskahDinas)] : null,
      sortOrder,
    });
  }

  /** Everything that rests on a position (PositionReferences), counted under the organisation's lock. */
  private async references(m: EntityManager, organizationId: string, positionId: string): Promise<PositionReferences> {
    const count = async (sql: string, params: unknown[]) => Number((await m.query(sql, params))[0].n);
    const [assignments, delegations, routeSteps, documents, signs] = await Promise.all([
      m.count(AssignmentEntity, { where: { positionId } }),
      m.count(DelegationEntity, { where: [{ principalPositionId: positionId }, { deputyPositionId: positionId }] }),
      count(
        `SELECT COUNT(*) AS n FROM route_step rs JOIN document d ON d.id = rs.document_id
          WHERE d.organization_id = ? AND rs.position_id = ?`,
        [organizationId, positionId],
      ),
      count(
        `SELECT COUNT(*) AS n FROM document
          WHERE organization_id = ?
            AND (drafter_position_id = ? OR requested_signer_position_id = ? OR current_position_id = ? OR signer_position_id = ?
                 OR JSON_CONTAINS(COALESCE(coordinator_position_ids, JSON_ARRAY()), JSON_QUOTE(?)))`,
        [organizationId, positionId, positionId, positionId, positionId, positionId],
      ),
      signedKinds(m, organizationId, [positionId]),
    ]);
    return { assignments, delegations, routeSteps, documents, signerOf: (signs.get(positionId) ?? []).map((s) => s.kindName) };
  }

  private async documentsAddressing(m: EntityManager, organizationId: string, unitId: string): Promise<number> {
    const rows = await m.query(
      `SELECT COUNT(*) AS n FROM document
        WHERE organization_id = ?
          AND (JSON_SEARCH(recipients, 'one', ?, NULL, '$[*].unitId') IS NOT NULL
               OR JSON_SEARCH(tembusan, 'one', ?, NULL, '$[*].unitId') IS NOT NULL)`,
      [organizationId, unitId, unitId],
    );
    return Number(rows[0].n);
  }

  /** The position as the chart shows it, read after the write committed. */
  private async positionOut(org: OrganizationEntity, p: PositionEntity): Promise<ChartPositionDto> {
    const [holders, signs] = await Promise.all([this.reader.holders(org.id), signedKinds(this.ds.manager, org.id, [p.id])]);
    return positionView(p, org, holders.get(p.id) ?? [], signs.get(p.id) ?? []);
  }
}
