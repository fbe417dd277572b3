import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AssignmentEdit,
  AssignmentField,
  AssignmentRow,
  addDays,
  applyEdits,
  assignmentEditProblems,
  DomainError,
  endsEarlier,
  inForceOn,
  isSecret,
  transferEdits,
  type Classification,
} from '@naskah/domain';
import { appendOrganizationAudit, AssignmentEntity, OfficialEntity, PositionEntity, todayInJakarta } from '@naskah/persistence';
import { Actor } from '../../common/actor';
import { assignmentSubject, assignmentViews, recordedAssignment, rowsConcerning, ruleContext, tellNewHolder, toRow } from './assignment-store';
import { AssignmentDto, CreateAssignmentDto, ListAssignmentsQueryDto, StuckStepDto, UpdateAssignmentDto } from './dto/assignment.dto';
import { TransferDto, TransferResultDto } from './dto/official-admin.dto';
import { PeopleAccess } from './people-access';

const positionNotFound = (field: string) => new DomainError('NOT_FOUND', 'Jabatan tidak ditemukan pada organisasi ini', { field });

/** Checks edits with the domain's rules; the first problem is thrown, its field named as the request names it. */
async function check(m: EntityManager, edits: AssignmentEdit[], stored: AssignmentEntity[], fields: Partial<Record<AssignmentField, string>> = {}) {
  const before = stored.map(toRow);
  const after = applyEdits(before, edits);
  const [first] = assignmentEditProblems(edits, before, after, await ruleContext(m, after));
  if (first) {
    throw new DomainError(first.code, first.message, { field: fields[first.field] ?? first.field, ...(first.pasal ? { pasal: first.pasal } : {}) });
  }
}

/**
 * Assignments (definitif, Plt., Plh.) with their period and decree, mutasi, and the steps stuck at
 * a post nobody holds. Every change runs under the organisation's lock, checked by the domain's
 * rules (libs/domain/src/assignments.ts), one trail event each; an identical request again changes
 * and records nothing. Whoever an assignment makes the holder of a post today is told of the steps
 * waiting there: steps name posts, so they follow the post, not the person.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly people: PeopleAccess,
  ) {}

  async list(actor: Actor, organizationId: string, q: ListAssignmentsQueryDto): Promise<AssignmentDto[]> {
    await this.people.organization(actor, organizationId);
    const qb = this.ds
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .innerJoin(PositionEntity, 'p', 'p.id = a.position_id')
      .where('p.organization_id = :organizationId', { organizationId });
    if (q.positionId) qb.andWhere('a.position_id = :positionId', { positionId: q.positionId });
    if (q.officialId) qb.andWhere('a.official_id = :officialId', { officialId: q.officialId });
    if (q.on) qb.andWhere('a.valid_from <= :on AND (a.valid_to IS NULL OR a.valid_to >= :on)', { on: q.on });
    const rows = await qb.orderBy('p.sort_order', 'ASC').addOrderBy('a.valid_from', 'DESC').addOrderBy('a.id', 'ASC').getMany();
    return assignmentViews(this.ds.manager, rows);
  }

  async create(actor: Actor, organizationId: string, dto: CreateAssignmentDto, clientAddress: string | null): Promise<AssignmentDto> {
    await this.people.organization(actor, organizationId);
    const row = await this.people.write(actor, organizationId, async (m) => {
      const position = await m.findOneBy(PositionEntity, { id: dto.positionId });
      if (!position || position.organizationId !== organizationId) throw positionNotFound('positionId');
      // Deactivations take the organisation's lock too: the official read here stays as read until this commits.
      const official = await m.findOneBy(OfficialEntity, { id: dto.officialId });
      // An official of an organisation the caller does not administer is as unknown as one that does not exist.
      if (!official || (official.organizationId !== organizationId && !(await this.people.administers(actor, official.organizationId, m))))
        throw new DomainError('NOT_FOUND', 'Pegawai tidak ditemukan', { field: 'officialId' });
      const stored = await rowsConcerning(m, [position.id], [official.id]);
      const validTo = dto.validTo ?? null;
      const same = stored.find(
        (a) =>
          a.officialId === official.id &&
          a.positionId === position.id &&
          a.kind === dto.kind &&
          a.validFrom === dto.validFrom &&
          a.validTo === validTo &&
          a.decreeRef === dto.decreeRef,
      );
      if (same) return same;
      const candidate: AssignmentRow = {
        id: randomUUID(),
        officialId: official.id,
        positionId: position.id,
        kind: dto.kind,
        validFrom: dto.validFrom,
        validTo,
      };
      await check(m, [{ before: null, after: candidate }], stored);
      const entity = Object.assign(new AssignmentEntity(), { ...candidate, decreeRef: dto.decreeRef });
      await m.insert(AssignmentEntity, entity);
      await appendOrganizationAudit(m, organizationId, {
        action: 'assignment_created',
        subject: assignmentSubject(entity, official, position),
        actorOfficialId: actor.officialId,
        clientAddress,
        before: null,
        after: recordedAssignment(entity, official, position),
      });
      await tellNewHolder(m, candidate, organizationId);
      return entity;
    });
    return (await assignmentViews(this.ds.manager, [row]))[0];
  }

  /** Ends an assignment or corrects its end or decree; never an end before its start. */
  async update(actor: Actor, id: string, dto: UpdateAssignmentDto, clientAddress: string | null): Promise<AssignmentDto> {
    this.people.requireAdministrator(actor);
    const found = await this.ds.getRepository(AssignmentEntity).findOneBy({ id });
    const post = found && (await this.ds.getRepository(PositionEntity).findOneBy({ id: found.positionId }));
    if (!found || !post || !(await this.people.administers(actor, post.organizationId))) {
      throw new DomainError('NOT_FOUND', 'Penugasan tidak ditemukan', { field: 'id' });
    }
    const row = await this.people.write(actor, post.organizationId, async (m) => {
      const was = await m.findOneOrFail(AssignmentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const next = Object.assign(new AssignmentEntity(), was, {
        validTo: dto.validTo === undefined ? was.validTo : dto.validTo,
        decreeRef: dto.decreeRef ?? was.decreeRef,
      });
      if (next.validTo === was.validTo && next.decreeRef === was.decreeRef) return was;
      if (next.validTo !== was.validTo) {
        const stored = await rowsConcerning(m, [was.positionId], [was.officialId]);
        await check(m, [{ before: toRow(was), after: toRow(next) }], stored);
      }
      await m.update(AssignmentEntity, { id }, { validTo: next.validTo, decreeRef: next.decreeRef });
      const [official, position] = await Promise.all([
        m.findOneByOrFail(OfficialEntity, { id: was.officialId }),
        m.findOneByOrFail(PositionEntity, { id: was.positionId }),
      ]);
      await appendOrganizationAudit(m, post.organizationId, {
        action: endsEarlier(was, next) ? 'assignment_ended' : 'assignment_updated',
        subject: assignmentSubject(was, official, position),
        actorOfficialId: actor.officialId,
        clientAddress,
        before: recordedAssignment(was, official, position),
        after: recordedAssignment(next, official, position),
      });
      const today = todayInJakarta();
      if (!inForceOn(was, today) && inForceOn(next, today)) await tellNewHolder(m, toRow(next), post.organizationId);
      return next;
    });
    return (await assignmentViews(this.ds.manager, [row]))[0];
  }

  /**
   * Mutasi: in one transaction the official's definitif post ends the day before `effectiveFrom`
   * and the new one starts on it (refused when the new post has a definitif holder then, or any
   * other rule of assignments fails). The same transfer again changes and records nothing.
   */
  async transfer(actor: Actor, officialId: string, dto: TransferDto, clientAddress: string | null): Promise<TransferResultDto> {
    const found = await this.people.official(actor, officialId);
    const result = await this.people.write(actor, found.organizationId, async (m) => {
      const official = await m.findOneByOrFail(OfficialEntity, { id: officialId });
      const position = await m.findOneBy(PositionEntity, { id: dto.toPositionId });
      if (!position || position.organizationId !== official.organizationId) throw positionNotFound('toPositionId');
      const own = await rowsConcerning(m, [], [official.id]);
      const dayBefore = addDays(dto.effectiveFrom, -1);
      const started = own.find(
        (a) => a.kind === 'definitif' && a.positionId === position.id && a.validFrom === dto.effectiveFrom && a.decreeRef === dto.decreeRef,
      );
      const ended = own.find((a) => a.kind === 'definitif' && a.validTo === dayBefore && a.positionId !== position.id);
      if (started && ended) return { ended, started };
      const edits = transferEdits(own.map(toRow), {
        id: randomUUID(),
        officialId: official.id,
        toPositionId: position.id,
        effectiveFrom: dto.effectiveFrom,
      });
      const [end, start] = edits;
      const stored = await rowsConcerning(m, [end.after.positionId, position.id], [official.id]);
      await check(m, edits, stored, { positionId: 'toPositionId', validFrom: 'effectiveFrom', validTo: 'effectiveFrom', kind: 'toPositionId' });

      const old = stored.find((a) => a.id === end.after.id)!;
      const oldPosition = await m.findOneByOrFail(PositionEntity, { id: old.positionId });
      const endedRow = Object.assign(new AssignmentEntity(), old, { validTo: end.after.validTo });
      const startedRow = Object.assign(new AssignmentEntity(), { ...start.after, decreeRef: dto.decreeRef });
      await m.update(AssignmentEntity, { id: old.id }, { validTo: endedRow.validTo });
      await m.insert(AssignmentEntity, startedRow);
      // The ended assignment keeps its own decree; the trail names the mutasi's.
      await appendOrganizationAudit(m, official.organizationId, {
        action: 'assignment_ended',
        subject: assignmentSubject(old, official, oldPosition),
        actorOfficialId: actor.officialId,
        clientAddress,
        before: recordedAssignment(old, official, oldPosition),
        after: { ...recordedAssignment(endedRow, official, oldPosition), transferDecreeRef: dto.decreeRef },
      });
      await appendOrganizationAudit(m, official.organizationId, {
        action: 'assignment_created',
        subject: assignmentSubject(startedRow, official, position),
        actorOfficialId: actor.officialId,
        clientAddress,
        before: null,
        after: { ...recordedAssignment(startedRow, official, position), transferFrom: oldPosition.code },
      });
      await tellNewHolder(m, start.after, official.organizationId);
      return { ended: endedRow, started: startedRow };
    });
    const [ended, started] = await assignmentViews(this.ds.manager, [result.ended, result.started]);
    return { ended, started };
  }

  /**
   * Steps waiting (pending, document in review) at a post that nobody active holds today: no
   * definitif, Plt. or Plh. in force. The administrator assigns someone; the step then waits for
   * them. A Rahasia or Sangat Rahasia document's subject is not shown.
   */
  async stuckSteps(actor: Actor, organizationId: string): Promise<StuckStepDto[]> {
    await this.people.organization(actor, organizationId);
    const today = todayInJakarta();
    const rows: Array<{
      document_id: string;
      round: number;
      step_order: number;
      action: string;
      position_id: string;
      started_at: Date | null;
      subject: string;
      classification: Classification;
      kind_code: string;
      kind_name: string;
      position_code: string;
      position_title: string;
    }> = await this.ds.query(
      `SELECT rs.document_id, rs.round, rs.step_order, rs.action, rs.position_id, rs.started_at,
              d.subject, d.classification, k.code AS kind_code, k.name AS kind_name, p.code AS position_code, p.title AS position_title
         FROM route_step rs
         JOIN document d ON d.id = rs.document_id AND d.round = rs.round
         JOIN document_kind k ON k.id = d.document_kind_id
         JOIN org_position p ON p.id = rs.position_id
        WHERE d.organization_id = ? AND d.status = 'in_review' AND rs.state = 'pending'
          AND NOT EXISTS (
            SELECT 1 FROM assignment a JOIN official o ON o.id = a.official_id
             WHERE a.position_id = rs.position_id AND o.active = TRUE
               AND a.valid_from <= ? AND (a.valid_to IS NULL OR a.valid_to >= ?))
        ORDER BY rs.started_at ASC, rs.document_id ASC, rs.step_order ASC`,
      [organizationId, today, today],
    );
    return rows.map((r) => ({
      documentId: r.document_id,
      kindCode: r.kind_code,
      kindName: r.kind_name,
      classification: r.classification,
      subject: isSecret(r.classification) ? null : r.subject,
      round: Number(r.round),
      stepOrder: Number(r.step_order),
      action: r.action,
      positionId: r.position_id,
      positionCode: r.position_code,
      positionTitle: r.position_title,
      waitingSince: r.started_at ? new Date(r.started_at).toISOString() : null,
    }));
  }
}
