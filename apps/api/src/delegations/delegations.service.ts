import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  appointmentRule,
  AppointmentState,
  appointmentState,
  checkAppointment,
  DelegationRules,
  deputyCandidates,
  deputyLimits,
  DomainError,
  mayAppoint,
  OrgIndex,
} from '@naskah/domain';
import {
  appendAccountAudit,
  appointmentPeriod,
  AssignmentEntity,
  DelegationEntity,
  notifyAppointment,
  OfficialEntity,
  OrganizationEntity,
  OrgChartReader,
  PositionEntity,
  todayInJakarta,
  writeTransaction,
} from '@naskah/persistence';
import { Actor } from '../common/actor';
import {
  CreateDelegationDto,
  DelegationDto,
  DelegationRulesDto,
  ListDelegationsDto,
  MIN_ON_BEHALF_REASON,
  PrincipalOptionDto,
} from './dto/delegation.dto';

/** The office's rules, or a refusal saying they are not loaded: no office borrows another's. */
function rulesOf(org: OrganizationEntity): DelegationRules {
  if (!org.delegationRules) {
    throw new DomainError('RULE_VIOLATION', `Aturan perwakilan ${org.name} belum dimuat: muat berkas organisasinya terlebih dahulu`);
  }
  return org.delegationRules;
}

/**
 * Appointing, listing and revoking deputies under each office's own rules (its organisation's
 * `delegationRules`). Only the official appoints his deputy; an administrator of the organisation
 * may record an appointment for an absent official, saying why, and it is recorded as such.
 */
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

  /**
   * Who records this appointment: the principal himself, or an administrator of the organisation
   * acting for an absent principal with a stated reason (returned). Anyone else is refused.
   */
  private async recorder(actor: Actor, principalPos: PositionEntity, onBehalfReason: string | undefined): Promise<string | null> {
    // The official himself: the definitive holder (a Plt./Plh. holds the post for him and appoints nobody in his name).
    const isPrincipal = (await this.reader.holdings(actor.officialId)).some(
      (h) => h.position.id === principalPos.id && h.assignment.kind === 'definitif',
    );
    if (isPrincipal) {
      if (onBehalfReason !== undefined) {
        throw new DomainError('INVALID_INPUT', 'Alasan pencatatan atas nama pejabat hanya diisi administrator; Anda menunjuk wakil Anda sendiri', {
          field: 'onBehalfReason',
        });
      }
      return null;
    }
    if (!actor.roles.includes('admin') || actor.organizationId !== principalPos.organizationId) {
      throw new DomainError(
        'FORBIDDEN',
        'Hanya pejabat yang bersangkutan yang dapat menunjuk wakilnya; administrator hanya dapat mencatatnya atas nama pejabat yang berhalangan',
      );
    }
    const reason = onBehalfReason?.trim() ?? '';
    if (reason.length < MIN_ON_BEHALF_REASON) {
      throw new DomainError(
        'INVALID_INPUT',
        `Administrator hanya mencatat penunjukan atas nama pejabat yang berhalangan: tuliskan alasannya (paling sedikit ${MIN_ON_BEHALF_REASON} karakter)`,
        { field: 'onBehalfReason' },
      );
    }
    return reason;
  }

  async create(actor: Actor, dto: CreateDelegationDto): Promise<DelegationDto> {
    const principalPos = await this.position(dto.principalPositionId, 'principalPositionId');
    const deputyPos = await this.position(dto.deputyPositionId, 'deputyPositionId');
    const onBehalfReason = await this.recorder(actor, principalPos, dto.onBehalfReason);
    const org = await this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: principalPos.organizationId });
    const rules = rulesOf(org);
    const from = new Date(dto.validFrom);
    const to = new Date(dto.validTo);
    const index = new OrgIndex((await this.reader.chart(principalPos.organizationId)).chart);

    const id = randomUUID();
    await writeTransaction(this.ds, async (m) => {
      // Serialises appointments of one principal, so two overlapping ones cannot both pass.
      await m.findOne(PositionEntity, { where: { id: principalPos.id }, lock: { mode: 'pessimistic_write' } });
      const existing = await m.find(DelegationEntity, { where: { principalPositionId: principalPos.id } });
      const rule = checkAppointment({
        org: index,
        rules,
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
        throw new DomainError('RULE_VIOLATION', `${principalPos.title} sedang tidak dijabat`, { pasal: rule.pasal, field: 'principalPositionId' });
      if (!deputy)
        throw new DomainError('RULE_VIOLATION', `${deputyPos.title} sedang tidak dijabat`, { pasal: rule.pasal, field: 'deputyPositionId' });
      // An administrator records for an absent official; he never makes himself the deputy.
      if (onBehalfReason !== null && deputy.id === actor.officialId) {
        throw new DomainError(
          'FORBIDDEN',
          'Administrator tidak dapat mencatat dirinya sendiri sebagai wakil; penunjukan itu dibuat oleh pejabat yang bersangkutan',
          {
            field: 'deputyPositionId',
          },
        );
      }
      const row: DelegationEntity = {
        id,
        organizationId: principalPos.organizationId,
        principalPositionId: principalPos.id,
        principalOfficialId: principal.id,
        deputyPositionId: deputyPos.id,
        deputyOfficialId: deputy.id,
        capacity: rule.capacity,
        pasal: rule.pasal,
        validFrom: from,
        validTo: to,
        reason: dto.reason,
        reasonNote: dto.note ?? null,
        createdByOfficialId: actor.officialId,
        recordedByOfficialId: onBehalfReason === null ? null : actor.officialId,
        onBehalfReason,
        createdAt: new Date(),
        revokedAt: null,
        revokedByOfficialId: null,
        startNotifiedAt: null,
        endNotifiedAt: null,
      };
      await m.insert(DelegationEntity, row);
      // The principal's authority, given to a deputy: on his account trail, with who recorded it.
      await appendAccountAudit(m, principal.id, {
        action: 'deputy_appointed',
        actorOfficialId: actor.officialId,
        reason: onBehalfReason,
        before: {},
        after: {
          delegationId: id,
          principalPositionId: principalPos.id,
          deputyOfficialId: deputy.id,
          deputyPositionId: deputyPos.id,
          capacity: rule.capacity,
          pasal: rule.pasal,
          validFrom: from.toISOString(),
          validTo: to.toISOString(),
          recordedOnBehalf: onBehalfReason !== null,
        },
        at: row.createdAt,
      });
      // In force at once: the deputy and the principal are told now (later starts: the worker's sweep).
      if (from <= row.createdAt) await notifyAppointment(m, row, 'deputy_started', row.createdAt);
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
    const found = await this.ds.getRepository(DelegationEntity).findOneBy({ id });
    if (!found) throw new DomainError('NOT_FOUND', 'Penunjukan wakil tidak ditemukan', { field: 'id' });
    const holdings = await this.reader.holdings(actor.officialId);
    const allowed =
      found.principalOfficialId === actor.officialId ||
      holdings.some((h) => h.position.id === found.principalPositionId) ||
      (actor.roles.includes('admin') && actor.organizationId === found.organizationId);
    if (!allowed) throw new DomainError('FORBIDDEN', 'Hanya pejabat yang diwakili atau administrator yang dapat mencabut penunjukan');
    await writeTransaction(this.ds, async (m) => {
      // Under the row's lock: of two revocations at once, one revokes and the other finds it done.
      const d = await m.findOneOrFail(DelegationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const now = new Date();
      if (d.revokedAt || d.validTo <= now) throw new DomainError('CONFLICT', 'Penunjukan ini sudah berakhir atau sudah dicabut');
      await m.update(DelegationEntity, { id }, { revokedAt: now, revokedByOfficialId: actor.officialId });
      await appendAccountAudit(m, d.principalOfficialId, {
        action: 'deputy_revoked',
        actorOfficialId: actor.officialId,
        before: { delegationId: id, deputyOfficialId: d.deputyOfficialId, validTo: d.validTo.toISOString(), revoked: false },
        after: { delegationId: id, revokedAt: now.toISOString(), revoked: true },
        at: now,
      });
      // Ended early: told now, if it had started (one revoked before it began never started).
      if (d.validFrom <= now) await notifyAppointment(m, d, 'deputy_ended', now);
    });
    return (await this.views([await this.ds.getRepository(DelegationEntity).findOneByOrFail({ id })]))[0];
  }

  /**
   * The caller's office's rules, with the posts the caller may appoint a deputy for (his own, and
   * for an administrator every other held post, recorded on behalf) and who could be appointed.
   */
  async rules(actor: Actor): Promise<DelegationRulesDto> {
    const org = await this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: actor.organizationId });
    const rules = rulesOf(org);
    const [{ chart, positions }, holders, holdings] = await Promise.all([
      this.reader.chart(org.id),
      this.reader.holders(org.id),
      this.reader.holdings(actor.officialId),
    ]);
    const index = new OrgIndex(chart);
    const own = new Set(holdings.map((h) => h.position.id));
    const isAdmin = actor.roles.includes('admin');
    const holderNames = (positionId: string) => (holders.get(positionId) ?? []).map((h) => h.titledName);
    const principals: PrincipalOptionDto[] = positions
      .filter((p) => mayAppoint(p) && (own.has(p.id) || (isAdmin && holderNames(p.id).length > 0)))
      .map((p) => {
        const rule = appointmentRule(rules, index, p.id);
        return {
          positionId: p.id,
          title: p.title,
          holderName: holderNames(p.id)[0] ?? null,
          pasal: rule.pasal,
          capacity: rule.capacity,
          onBehalf: !own.has(p.id),
          candidates: deputyCandidates(index, p.id)
            .filter((c) => holderNames(c.id).length > 0)
            .map((c) => ({ positionId: c.id, title: c.title, holders: holderNames(c.id) })),
        };
      })
      // His own posts first, then the others by the chart's order.
      .sort((a, b) => Number(a.onBehalf) - Number(b.onBehalf));
    return {
      organizationId: org.id,
      basis: rules.basis,
      summary: rules.summary,
      head: { pasal: rules.head.pasal, capacity: rules.head.capacity, capacityPasal: rules.head.capacityPasal },
      officials: rules.officials,
      considerationPasal: rules.consideration,
      principals,
    };
  }

  private async views(rows: DelegationEntity[]): Promise<DelegationDto[]> {
    if (!rows.length) return [];
    const orgIds = [...new Set(rows.map((r) => r.organizationId))];
    const [positions, officials, organizations] = await Promise.all([
      this.ds.getRepository(PositionEntity).findBy({ id: In(rows.flatMap((r) => [r.principalPositionId, r.deputyPositionId])) }),
      this.ds.getRepository(OfficialEntity).findBy({
        id: In(rows.flatMap((r) => [r.principalOfficialId, r.deputyOfficialId, ...(r.recordedByOfficialId ? [r.recordedByOfficialId] : [])])),
      }),
      this.ds.getRepository(OrganizationEntity).findBy({ id: In(orgIds) }),
    ]);
    const position = (id: string) => positions.find((p) => p.id === id)!;
    const organization = (id: string) => organizations.find((o) => o.id === id)!;
    // Appointments made before the rules were per office carry no article: the office's rule for the principal's post now.
    const legacy = rows.filter((r) => r.pasal === null);
    const charts = new Map(
      await Promise.all(
        [...new Set(legacy.map((r) => r.organizationId))].map(async (o) => [o, new OrgIndex((await this.reader.chart(o)).chart)] as const),
      ),
    );
    const pasalOf = (r: DelegationEntity) => {
      const rules = organization(r.organizationId).delegationRules;
      return r.pasal ?? (rules ? appointmentRule(rules, charts.get(r.organizationId)!, r.principalPositionId).pasal : '');
    };
    // What the deputy will not be able to do for the principal, within the deputy's own authority.
    const limits = (r: DelegationEntity) => {
      const deputy = position(r.deputyPositionId);
      return deputyLimits(
        { authority: position(r.principalPositionId).authority() },
        { title: deputy.title, authority: deputy.authority(), authorityPasal: deputy.authorityPasal },
        organization(r.organizationId).regulation,
      );
    };
    const official = (id: string) => officials.find((x) => x.id === id)!;
    const party = (positionId: string, officialId: string) => {
      const o = official(officialId);
      return { positionId, positionTitle: position(positionId).title, officialId, name: o.titledName(), nip: o.nip };
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
      pasal: pasalOf(r),
      recordedBy: r.recordedByOfficialId
        ? { officialId: r.recordedByOfficialId, name: official(r.recordedByOfficialId).titledName(), nip: official(r.recordedByOfficialId).nip }
        : null,
      onBehalfReason: r.onBehalfReason,
      limits: limits(r),
    }));
  }
}
