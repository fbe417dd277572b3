import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { appointmentPasal, AppointmentState, appointmentState, checkAppointment, deputyLimits, DomainError, OrgIndex } from '@naskah/domain';
import {
  appointmentPeriod,
  AssignmentEntity,
  DelegationEntity,
  OfficialEntity,
  OrganizationEntity,
  OrgChartReader,
  PositionEntity,
  todayInJakarta,
  writeTransaction,
} from '@naskah/persistence';
import { Actor } from '../common/actor';
import { CreateDelegationDto, DelegationDto, ListDelegationsDto } from './dto/delegation.dto';

/** Appointing, listing and revoking deputies (Hal Mewakili, Perwako Cilegon 18/2022 Pasal 29). */
@Injectable()
export class DelegationsService {
  private readonly reader: OrgChartReader;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.reader = new OrgChartReader(ds);
  }

  private async position(id: string, field: string): Promise<PositionEntity> {
    const p = await this.ds.getRepository(PositionEntity).findOneBy({ id });
    if (!p) throw new DomainError('INVALID_INPUT', 'Jabatan tidak ditemukan', { field });
    return p;
  }

  /**
   * The official holding a position today (definitive first, then Plt./Plh.), read through the
   * caller's transaction: a second pool connection taken inside a transaction can starve the pool.
   */
  private async holderOf(m: EntityManager, positionId: string): Promise<OfficialEntity | null> {
    const on = todayInJakarta();
    const a = await m
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .where('a.position_id = :positionId AND a.valid_from <= :on AND (a.valid_to IS NULL OR a.valid_to >= :on)', { positionId, on })
      .orderBy("FIELD(a.kind, 'definitif', 'plt', 'plh')")
      .getOne();
    return a ? m.getRepository(OfficialEntity).findOneBy({ id: a.officialId }) : null;
  }

  async create(actor: Actor, dto: CreateDelegationDto): Promise<DelegationDto> {
    const principalPos = await this.position(dto.principalPositionId, 'principalPositionId');
    const deputyPos = await this.position(dto.deputyPositionId, 'deputyPositionId');
    const holdings = await this.reader.holdings(actor.officialId);
    const isPrincipal = holdings.some((h) => h.position.id === principalPos.id);
    const isAdmin = actor.roles.includes('admin') && actor.organizationId === principalPos.organizationId;
    if (!isPrincipal && !isAdmin) throw new DomainError('FORBIDDEN', 'Hanya pejabat yang bersangkutan atau administrator yang dapat menunjuk wakil');
    const from = new Date(dto.validFrom);
    const to = new Date(dto.validTo);
    const index = new OrgIndex((await this.reader.chart(principalPos.organizationId)).chart);
    const ayat = appointmentPasal(principalPos.level);

    const id = randomUUID();
    await writeTransaction(this.ds, async (m) => {
      // Serialises appointments of one principal, so two overlapping ones cannot both pass.
      await m.findOne(PositionEntity, { where: { id: principalPos.id }, lock: { mode: 'pessimistic_write' } });
      const existing = await m.find(DelegationEntity, { where: { principalPositionId: principalPos.id } });
      checkAppointment({
        org: index,
        principalPositionId: principalPos.id,
        principalOrganizationId: principalPos.organizationId,
        deputyPositionId: deputyPos.id,
        deputyOrganizationId: deputyPos.organizationId,
        period: { from: from.getTime(), to: to.getTime() },
        now: Date.now(),
        existing: existing
          .filter((e) => e.revokedAt === null || e.revokedAt > e.validFrom)
          .map((e) => ({ from: e.validFrom.getTime(), to: Math.min(e.validTo.getTime(), e.revokedAt?.getTime() ?? Infinity) })),
      });
      const principal = await this.holderOf(m, principalPos.id);
      const deputy = await this.holderOf(m, deputyPos.id);
      if (!principal)
        throw new DomainError('RULE_VIOLATION', `${principalPos.title} sedang tidak dijabat`, { pasal: ayat, field: 'principalPositionId' });
      if (!deputy) throw new DomainError('RULE_VIOLATION', `${deputyPos.title} sedang tidak dijabat`, { pasal: ayat, field: 'deputyPositionId' });
      await m.insert(DelegationEntity, {
        id,
        organizationId: principalPos.organizationId,
        principalPositionId: principalPos.id,
        principalOfficialId: principal.id,
        deputyPositionId: deputyPos.id,
        deputyOfficialId: deputy.id,
        capacity: 'an',
        validFrom: from,
        validTo: to,
        reason: dto.reason,
        reasonNote: dto.note ?? null,
        createdByOfficialId: actor.officialId,
        createdAt: new Date(),
        revokedAt: null,
        revokedByOfficialId: null,
      });
    });
    return (await this.views([await this.ds.getRepository(DelegationEntity).findOneByOrFail({ id })]))[0];
  }

  async list(actor: Actor, q: ListDelegationsDto): Promise<DelegationDto[]> {
    const qb = this.ds.getRepository(DelegationEntity).createQueryBuilder('d');
    const mine =
      q.role === 'principal'
        ? 'd.principal_official_id = :me'
        : q.role === 'deputy'
          ? 'd.deputy_official_id = :me'
          : '(d.principal_official_id = :me OR d.deputy_official_id = :me)';
    if (actor.roles.includes('admin') && q.role === 'all')
      qb.where(`(${mine} OR d.organization_id = :org)`, { me: actor.officialId, org: actor.organizationId });
    else qb.where(mine, { me: actor.officialId });
    const now = Date.now();
    const wanted: Record<string, AppointmentState[]> = { active: ['active'], upcoming: ['upcoming'], past: ['ended', 'revoked'] };
    const rows = (await qb.orderBy('d.valid_from', 'DESC').getMany()).filter(
      (d) => q.state === 'all' || wanted[q.state].includes(appointmentState(appointmentPeriod(d), now)),
    );
    return this.views(rows.slice(0, 200));
  }

  async revoke(actor: Actor, id: string): Promise<DelegationDto> {
    const d = await this.ds.getRepository(DelegationEntity).findOneBy({ id });
    if (!d) throw new DomainError('NOT_FOUND', 'Penunjukan wakil tidak ditemukan', { field: 'id' });
    const holdings = await this.reader.holdings(actor.officialId);
    const allowed =
      d.principalOfficialId === actor.officialId ||
      holdings.some((h) => h.position.id === d.principalPositionId) ||
      (actor.roles.includes('admin') && actor.organizationId === d.organizationId);
    if (!allowed) throw new DomainError('FORBIDDEN', 'Hanya pejabat yang diwakili atau administrator yang dapat mencabut penunjukan');
    const now = new Date();
    if (d.revokedAt || d.validTo <= now) throw new DomainError('CONFLICT', 'Penunjukan ini sudah berakhir atau sudah dicabut');
    await this.ds.getRepository(DelegationEntity).update({ id }, { revokedAt: now, revokedByOfficialId: actor.officialId });
    return (await this.views([await this.ds.getRepository(DelegationEntity).findOneByOrFail({ id })]))[0];
  }

  private async views(rows: DelegationEntity[]): Promise<DelegationDto[]> {
    if (!rows.length) return [];
    const [positions, officials, organizations] = await Promise.all([
      this.ds.getRepository(PositionEntity).findBy({ id: In(rows.flatMap((r) => [r.principalPositionId, r.deputyPositionId])) }),
      this.ds.getRepository(OfficialEntity).findBy({ id: In(rows.flatMap((r) => [r.principalOfficialId, r.deputyOfficialId])) }),
      this.ds.getRepository(OrganizationEntity).findBy({ id: In([...new Set(rows.map((r) => r.organizationId))]) }),
    ]);
    const position = (id: string) => positions.find((p) => p.id === id)!;
    // What the deputy will not be able to do for the principal, within the deputy's own authority (Pasal 29).
    const limits = (r: DelegationEntity) => {
      const deputy = position(r.deputyPositionId);
      const regulation = organizations.find((o) => o.id === r.organizationId)?.regulation ?? '';
      return deputyLimits(
        { authority: position(r.principalPositionId).authority() },
        { title: deputy.title, authority: deputy.authority(), authorityPasal: deputy.authorityPasal },
        regulation,
      );
    };
    const party = (positionId: string, officialId: string) => {
      const o = officials.find((x) => x.id === officialId)!;
      return { positionId, positionTitle: positions.find((p) => p.id === positionId)!.title, officialId, name: o.titledName(), nip: o.nip };
    };
    const now = Date.now();
    return rows.map((r) => ({
      id: r.id,
      principal: party(r.principalPositionId, r.principalOfficialId),
      deputy: party(r.deputyPositionId, r.deputyOfficialId),
      capacity: r.capacity,
      validFrom: r.validFrom.toISOString(),
      validTo: r.validTo.toISOString(),
      reason: r.reason,
      note: r.reasonNote,
      state: appointmentState(appointmentPeriod(r), now),
      revokedAt: r.revokedAt?.toISOString() ?? null,
      pasal: appointmentPasal(position(r.principalPositionId).level),
      limits: limits(r),
    }));
  }
}
