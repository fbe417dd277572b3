import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError, requireReading } from '@naskah/domain';
import {
  activeDeputyships,
  ArchiveCodeEntity,
  signatureBlockOf,
  Addressee,
  appendAudit,
  AuditEventEntity,
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  Holding,
  InboxItemEntity,
  OfficialEntity,
  OrgChartReader,
  PositionEntity,
  ReminderEntity,
  replaceInbox,
  RouteStepEntity,
  SignedLetterEntity,
  UnitEntity,
  writeTransaction,
} from '@naskah/persistence';
import { ArchiveStore } from '@naskah/letter';
import { Actor } from '../common/actor';
import { canonicalAddress, canonicalAddresseeName, canonicalBody, canonicalSubject, versionHash } from '@naskah/content';
import { AddresseeDto, CreateDocumentDto, DocumentContentDto, UpdateDocumentDto } from './dto/document-input.dto';
import { DocumentDto, PersonRefDto, StepDto, VersionContentDto } from './dto/document.dto';
import { RoutePlannerService } from './route-planner.service';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
/** Not yet in the workflow: the route shown is the one it would take. */
const unsubmitted = (doc: DocumentEntity) => doc.status === 'draft' || (doc.status === 'submitting' && doc.round === 0);

/** Drafts, versions and the read side of documents. Workflow actions live in approvals/. */
@Injectable()
export class DocumentsService {
  readonly reader: OrgChartReader;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly planner: RoutePlannerService,
    private readonly archive: ArchiveStore,
  ) {
    this.reader = new OrgChartReader(ds);
  }

  async holdingsOrFail(actor: Actor): Promise<Holding[]> {
    const holdings = await this.reader.holdings(actor.officialId);
    if (!holdings.length) throw new DomainError('FORBIDDEN', 'Anda tidak sedang memegang jabatan apa pun');
    return holdings;
  }

  async findOrFail(id: string, m: EntityManager = this.ds.manager): Promise<DocumentEntity> {
    const doc = await m.findOneBy(DocumentEntity, { id });
    if (!doc) throw new DomainError('NOT_FOUND', 'Naskah tidak ditemukan', { field: 'id' });
    return doc;
  }

  private async addressees(organizationId: string, list: AddresseeDto[] | undefined, field: string): Promise<Addressee[]> {
    const items = list ?? [];
    const unitIds = items.filter((a) => a.unitId).map((a) => a.unitId!);
    const units = unitIds.length ? await this.ds.getRepository(UnitEntity).findBy({ id: In(unitIds), organizationId }) : [];
    const byId = new Map(units.map((u) => [u.id, u]));
    return items.map((a, i) => {
      if (!!a.unitId === !!a.name) {
        throw new DomainError('INVALID_INPUT', 'Isi unitId (penerima internal) atau name (penerima luar), salah satu saja', {
          field: `${field}[${i}]`,
        });
      }
      if (a.unitId) {
        const u = byId.get(a.unitId);
        if (!u) throw new DomainError('INVALID_INPUT', 'Unit penerima tidak ada di organisasi ini', { field: `${field}[${i}].unitId` });
        return { type: 'unit' as const, unitId: u.id, name: u.name };
      }
      const address = canonicalAddress(a.address, `${field}[${i}].address`);
      return { type: 'external' as const, name: canonicalAddresseeName(a.name!, `${field}[${i}].name`), ...(address ? { address } : {}) };
    });
  }

  private async content(doc: Pick<DocumentEntity, 'organizationId'>, kind: DocumentKindEntity, dto: DocumentContentDto) {
    if (dto.archiveCode && !(await this.ds.getRepository(ArchiveCodeEntity).existsBy({ code: dto.archiveCode }))) {
      throw new DomainError('INVALID_INPUT', 'Kode klasifikasi arsip tidak ada dalam daftar (Permendagri 83/2022)', { field: 'archiveCode' });
    }
    // Only the canonical form is stored, hashed, previewed and printed (DESIGN §6, STYLE §14).
    const subject = canonicalSubject(dto.subject);
    const body = canonicalBody(dto.body);
    const recipients = await this.addressees(doc.organizationId, dto.recipients, 'recipients');
    const tembusan = await this.addressees(doc.organizationId, dto.tembusan, 'tembusan');
    const fields = {
      kindCode: kind.code,
      classification: dto.classification,
      urgency: dto.urgency,
      archiveCode: dto.archiveCode ?? null,
      recipients,
      tembusan,
      signerPositionId: dto.signerPositionId ?? null,
    };
    const hash = versionHash({ fields, subject, body });
    // The document columns a version of this content sets (create and update alike).
    const columns = {
      subject,
      classification: dto.classification,
      urgency: dto.urgency,
      archiveCode: fields.archiveCode,
      recipients,
      tembusan,
      requestedSignerPositionId: fields.signerPositionId,
      currentVersionHash: hash,
    };
    return { fields, hash, columns, subject, body };
  }

  async create(actor: Actor, dto: CreateDocumentDto, key?: string): Promise<DocumentDto> {
    if (key) {
      const existing = await this.ds.getRepository(DocumentEntity).findOneBy({ drafterOfficialId: actor.officialId, createKey: key });
      if (existing) return this.get(actor, existing.id);
    }
    const holdings = await this.holdingsOrFail(actor);
    const holding = dto.drafterPositionId ? holdings.find((h) => h.position.id === dto.drafterPositionId) : holdings[holdings.length - 1];
    if (!holding) throw new DomainError('FORBIDDEN', 'Anda tidak memegang jabatan penyusun yang dipilih', { field: 'drafterPositionId' });
    const kind = await this.ds.getRepository(DocumentKindEntity).findOneBy({ code: dto.kindCode });
    if (!kind) throw new DomainError('INVALID_INPUT', 'Jenis naskah tidak dikenal', { field: 'kindCode' });
    if (dto.signerPositionId) await this.requirePosition(actor.organizationId, dto.signerPositionId, 'signerPositionId');

    const id = randomUUID();
    const now = new Date();
    const draft = {
      organizationId: actor.organizationId,
      documentKindId: kind.id,
      drafterPositionId: holding.position.id,
      requestedSignerPositionId: dto.signerPositionId ?? null,
    };
    await this.planner.plan(draft); // an impossible route is refused now, not at submission
    const { fields, hash, columns, subject, body } = await this.content(draft, kind, dto);
    const insert = writeTransaction(this.ds, async (m) => {
      const doc = Object.assign(new DocumentEntity(), {
        ...draft,
        ...columns,
        id,
        drafterOfficialId: actor.officialId,
        status: 'draft',
        currentVersionNo: 1,
        round: 0,
        currentStepOrder: null,
        currentPositionId: null,
        signerPositionId: null,
        workflowId: null,
        createKey: key ?? null,
        projectedWfSeq: 0,
        auditSeq: 0,
        submittedAt: null,
        finishedAt: null,
        createdAt: now,
        updatedAt: now,
      });
      await m.insert(DocumentEntity, doc);
      await m.insert(DocumentVersionEntity, {
        id: randomUUID(),
        documentId: id,
        versionNo: 1,
        subject,
        body,
        fields,
        contentHash: hash,
        authorOfficialId: actor.officialId,
        saveKey: null,
        createdAt: now,
      });
      await appendAudit(m, doc, {
        type: 'created',
        actorOfficialId: actor.officialId,
        actorPositionId: holding.position.id,
        capacity: 'own',
        data: { versionNo: 1, versionHash: hash },
        at: now,
      });
      await replaceInbox(m, doc, [{ ownerId: actor.officialId, box: 'in_progress' }], now);
    });
    try {
      await insert;
    } catch (e) {
      // The same Idempotency-Key sent twice at once: the other request created it.
      if (key && (e as { driverError?: { code?: string } }).driverError?.code === 'ER_DUP_ENTRY') return this.create(actor, dto, key);
      throw e;
    }
    return this.get(actor, id);
  }

  private async requirePosition(organizationId: string, id: string, field: string): Promise<void> {
    if (!(await this.ds.getRepository(PositionEntity).existsBy({ id, organizationId }))) {
      throw new DomainError('INVALID_INPUT', 'Jabatan tidak ada di organisasi ini', { field });
    }
  }

  /** A new version: only the drafter, only while the draft is with the drafter (DESIGN §4). */
  async update(actor: Actor, id: string, dto: UpdateDocumentDto, key?: string): Promise<DocumentDto> {
    const doc = await this.findOrFail(id);
    if (doc.drafterOfficialId !== actor.officialId) throw new DomainError('FORBIDDEN', 'Hanya penyusun yang dapat mengubah naskah ini');
    // A save key is the author's own: a repeat returns the first answer, before and inside the lock
    // (so concurrent repeats all get it, not one save and a row of conflicts).
    const repeated = (m: EntityManager) => !!key && m.existsBy(DocumentVersionEntity, { documentId: id, saveKey: key, authorOfficialId: actor.officialId });
    if (await repeated(this.ds.manager)) return this.get(actor, id);
    if (dto.signerPositionId) await this.requirePosition(doc.organizationId, dto.signerPositionId, 'signerPositionId');
    const kind = await this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId });
    await this.planner.plan({ ...doc, requestedSignerPositionId: dto.signerPositionId ?? null });
    const { fields, hash, columns: contentColumns, subject, body } = await this.content(doc, kind, dto);
    await writeTransaction(this.ds, async (m) => {
      const locked = (await m.findOne(DocumentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } }))!;
      if (await repeated(m)) return;
      if (locked.status !== 'draft' && locked.status !== 'returned') {
        throw new DomainError('CONFLICT', 'Naskah hanya dapat diubah selama berada pada penyusun (konsep atau dikembalikan)');
      }
      if (dto.baseVersionNo !== locked.currentVersionNo) {
        throw new DomainError('CONFLICT', `Naskah sudah berubah (versi ${locked.currentVersionNo}); muat ulang sebelum menyimpan`, {
          field: 'baseVersionNo',
        });
      }
      const now = new Date();
      const versionNo = locked.currentVersionNo + 1;
      await m.insert(DocumentVersionEntity, {
        id: randomUUID(),
        documentId: id,
        versionNo,
        subject,
        body,
        fields,
        contentHash: hash,
        authorOfficialId: actor.officialId,
        saveKey: key ?? null,
        createdAt: now,
      });
      const columns = { ...contentColumns, currentVersionNo: versionNo, updatedAt: now };
      Object.assign(locked, columns);
      await m.update(DocumentEntity, { id }, columns);
      await appendAudit(m, locked, {
        type: 'version_saved',
        actorOfficialId: actor.officialId,
        capacity: 'own',
        data: { versionNo, versionHash: hash },
        at: now,
      });
      await m.update(InboxItemEntity, { documentId: id }, { subject, classification: dto.classification, urgency: dto.urgency, updatedAt: now });
    });
    return this.get(actor, id);
  }

  /** Withdrawing a draft that was never submitted needs no workflow. */
  async withdrawDraft(actor: Actor, id: string): Promise<boolean> {
    return writeTransaction(this.ds, async (m) => {
      const doc = await m.findOne(DocumentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!doc || doc.status !== 'draft' || doc.drafterOfficialId !== actor.officialId) return false;
      const now = new Date();
      doc.status = 'withdrawn';
      await m.update(DocumentEntity, { id }, { status: 'withdrawn', finishedAt: now, updatedAt: now });
      await appendAudit(m, doc, { type: 'withdrawn', actorOfficialId: actor.officialId, capacity: 'own', data: {}, at: now });
      await replaceInbox(m, doc, [{ ownerId: actor.officialId, box: 'finished' }], now);
      return true;
    });
  }

  /**
   * Who may read a document is the domain's rule (readingGround: DESIGN §5 for deputies, classification
   * for recipients and administrators); this loads the facts it decides on. `deputyFor`: the principal
   * positions of the caller's appointments in force; `routePositionIds`: every round, or the planned
   * route of a draft.
   */
  async requireReader(actor: Actor, doc: DocumentEntity, holdings: Holding[], deputyFor: string[], routePositionIds: string[]): Promise<void> {
    const waiting = doc.status === 'in_review' && doc.currentStepOrder !== null;
    const [actedOnIt, escalations] = await Promise.all([
      this.ds.getRepository(RouteStepEntity).existsBy({ documentId: doc.id, actedByOfficialId: actor.officialId }),
      waiting
        ? this.ds.getRepository(ReminderEntity).findBy({ documentId: doc.id, round: doc.round, stepOrder: doc.currentStepOrder!, kind: 'escalation' })
        : [],
    ]);
    requireReading({
      sameOrganization: doc.organizationId === actor.organizationId,
      isDrafter: doc.drafterOfficialId === actor.officialId,
      isAdmin: actor.roles.includes('admin'),
      held: holdings.map((h) => ({ positionId: h.position.id, unitId: h.position.unitId, isHead: h.position.isHead })),
      deputisedPositionIds: deputyFor,
      actedOnIt,
      status: doc.status,
      classification: doc.classification,
      routePositionIds,
      currentPositionId: doc.currentPositionId,
      escalatedToPositionIds: escalations.map((r) => r.targetPositionId),
      recipientUnitIds: [...doc.recipients, ...doc.tembusan].flatMap((a) => (a.type === 'unit' ? [a.unitId] : [])),
    });
  }

  async pdf(actor: Actor, id: string): Promise<{ file: Buffer; number: string }> {
    const doc = await this.findOrFail(id);
    await this.requireReaderOf(actor, doc);
    const letter = await this.ds.getRepository(SignedLetterEntity).findOneBy({ documentId: id });
    const file = letter?.pdfSha256 ? this.archive.get(letter.pdfSha256) : null;
    if (!letter || !file)
      throw new DomainError(
        'NOT_FOUND',
        doc.status === 'signed' ? 'PDF naskah sedang disiapkan; coba sebentar lagi' : 'Naskah belum ditandatangani',
        { field: 'id' },
      );
    return { file, number: letter.number };
  }

  /** Cilegon Pasal 28 ayat (9): a report to a superior copies the units that work with the drafter's. */
  async tembusanProposal(actor: Actor, kindCode: string): Promise<Array<{ unitId: string; name: string; pasal: string }>> {
    const holdings = await this.holdingsOrFail(actor);
    if (kindCode !== 'LAPORAN') return [];
    const own = holdings[holdings.length - 1].unit;
    const units = await this.ds.getRepository(UnitEntity).find({ where: { organizationId: actor.organizationId }, order: { sortOrder: 'ASC' } });
    const siblings = units.filter(
      (u) =>
        u.id !== own.id &&
        u.parentId !== null &&
        (u.parentId === own.parentId || (u.reportsViaUnitId ?? u.parentId) === (own.reportsViaUnitId ?? own.parentId)),
    );
    return siblings.map((u) => ({ unitId: u.id, name: u.name, pasal: 'Perwako Cilegon 18/2022 Pasal 28 ayat (9)' }));
  }

  /** requireReader with what it needs loaded; for a draft, the route it would take (as get() shows it). */
  private async requireReaderOf(actor: Actor, doc: DocumentEntity): Promise<void> {
    const [holdings, deputyships, steps] = await Promise.all([
      this.reader.holdings(actor.officialId),
      activeDeputyships(this.ds, actor.officialId),
      this.ds.getRepository(RouteStepEntity).find({ where: { documentId: doc.id }, select: { positionId: true } }),
    ]);
    const route = unsubmitted(doc) ? ((await this.planner.plan(doc).catch(() => null))?.steps ?? []) : steps;
    await this.requireReader(
      actor,
      doc,
      holdings,
      deputyships.map((d) => d.principalPositionId),
      route.map((s) => s.positionId),
    );
  }

  /** One version's content, for those who may read the document (the diff after a return). */
  async version(actor: Actor, id: string, versionNo: number): Promise<VersionContentDto> {
    await this.requireReaderOf(actor, await this.findOrFail(id));
    const v = await this.ds.getRepository(DocumentVersionEntity).findOneBy({ documentId: id, versionNo });
    if (!v) throw new DomainError('NOT_FOUND', `Versi ${versionNo} tidak ada`, { field: 'versionNo' });
    const author = await this.ds.getRepository(OfficialEntity).findOneByOrFail({ id: v.authorOfficialId });
    return {
      versionNo: v.versionNo,
      contentHash: v.contentHash,
      subject: v.subject,
      body: v.body,
      fields: v.fields as unknown as Record<string, unknown>,
      author: { officialId: author.id, name: author.titledName(), nip: author.nip },
      createdAt: v.createdAt.toISOString(),
    };
  }

  /**
   * The document's own rows read as one snapshot (REPEATABLE READ), so that a view taken while the
   * workflow projects an event never shows, say, a delivered letter without its 'delivered' entry.
   */
  private snapshot(id: string) {
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      const doc = await this.findOrFail(id, m);
      const versions = await m.find(DocumentVersionEntity, {
        where: { documentId: id },
        order: { versionNo: 'ASC' },
        select: { versionNo: true, contentHash: true, authorOfficialId: true, createdAt: true, subject: true },
      });
      const steps = await m.find(RouteStepEntity, { where: { documentId: id }, order: { round: 'ASC', stepOrder: 'ASC' } });
      const audit = await m.find(AuditEventEntity, { where: { documentId: id }, order: { seq: 'ASC' } });
      const letter = await m.findOneBy(SignedLetterEntity, { documentId: id });
      const current = await m.findOneByOrFail(DocumentVersionEntity, { documentId: id, versionNo: doc.currentVersionNo });
      return { doc, versions, steps, audit, letter, current };
    });
  }

  async get(actor: Actor, id: string): Promise<DocumentDto> {
    const { doc, versions, steps, audit, letter, current } = await this.snapshot(id);
    const [holdings, kind] = await Promise.all([
      this.reader.holdings(actor.officialId),
      this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId }),
    ]);
    // A draft shows the route it would take (the proposed plan) before it is submitted.
    let planned: Array<Pick<RouteStepEntity, 'round' | 'stepOrder' | 'positionId' | 'action' | 'state' | 'pasal'> & Partial<RouteStepEntity>> = steps;
    if (unsubmitted(doc)) {
      const plan = await this.planner.plan(doc).catch(() => null);
      planned = (plan?.steps ?? []).map((s) => ({
        round: 0,
        stepOrder: s.order,
        positionId: s.positionId,
        action: s.action,
        state: 'waiting',
        pasal: s.pasal,
      }));
    }
    const deputyships = await activeDeputyships(this.ds, actor.officialId);
    // A deputy reads what waits for the principal (Cilegon Pasal 29).
    await this.requireReader(
      actor,
      doc,
      holdings,
      deputyships.map((d) => d.principalPositionId),
      planned.map((s) => s.positionId),
    );

    const officialIds = new Set<string>([doc.drafterOfficialId, ...versions.map((v) => v.authorOfficialId)]);
    for (const s of steps) [s.actedByOfficialId, s.principalOfficialId].forEach((x) => x && officialIds.add(x));
    for (const a of audit) [a.actorOfficialId, a.principalOfficialId].forEach((x) => x && officialIds.add(x));
    const positionIds = new Set<string>([
      doc.drafterPositionId,
      ...planned.map((s) => s.positionId),
      ...audit.map((a) => a.actorPositionId).filter((x): x is string => !!x),
    ]);
    const [officials, positions] = await Promise.all([
      this.ds.getRepository(OfficialEntity).findBy({ id: In([...officialIds]) }),
      this.ds.getRepository(PositionEntity).findBy({ id: In([...positionIds]) }),
    ]);
    const person = (oid: string | null | undefined): PersonRefDto | null => {
      const o = oid ? officials.find((x) => x.id === oid) : undefined;
      return o ? { officialId: o.id, name: o.titledName(), nip: o.nip } : null;
    };
    const position = (pid: string) => ({ positionId: pid, title: positions.find((p) => p.id === pid)?.title ?? '' });
    const stepDto = (s: (typeof planned)[number]): StepDto => ({
      round: s.round,
      order: s.stepOrder,
      action: s.action,
      state: s.state,
      position: position(s.positionId),
      pasal: s.pasal,
      actedBy: person(s.actedByOfficialId),
      capacity: s.actingCapacity ?? null,
      principal: person(s.principalOfficialId),
      consideration: s.consideration ?? null,
      actedAt: iso(s.actedAt),
      versionHash: s.versionHash ?? null,
      note: s.note ?? null,
      overdue: !!s.reminded,
    });
    const route = planned.filter((s) => s.round === doc.round).map(stepDto);
    const earlierRounds = planned.filter((s) => s.round !== doc.round).map(stepDto);

    const mine = new Set(holdings.map((h) => h.position.id));
    const allowedActions: string[] = [];
    if (doc.drafterOfficialId === actor.officialId) {
      if (doc.status === 'draft') allowedActions.push('edit', 'submit', 'withdraw');
      if (doc.status === 'returned') allowedActions.push('edit', 'resubmit', 'withdraw');
      if (doc.status === 'in_review') allowedActions.push('withdraw');
      // A submission that has not reached the workflow yet is finished by repeating it.
      if (doc.status === 'submitting') allowedActions.push(doc.round === 0 ? 'submit' : 'resubmit');
    }
    const deputyFor = deputyships.find((d) => d.principalPositionId === doc.currentPositionId);
    if (doc.status === 'in_review' && doc.currentPositionId && (mine.has(doc.currentPositionId) || deputyFor)) {
      const step = route.find((s) => s.order === doc.currentStepOrder);
      allowedActions.push(step?.action === 'sign' ? 'sign' : 'paraf', 'return');
    }
    const principal =
      deputyFor && !mine.has(doc.currentPositionId!)
        ? await this.ds.getRepository(OfficialEntity).findOneBy({ id: deputyFor.principalOfficialId })
        : null;
    return {
      id: doc.id,
      organizationId: doc.organizationId,
      kind: { code: kind.code, name: kind.name, category: kind.category },
      subject: doc.subject,
      classification: doc.classification,
      urgency: doc.urgency,
      archiveCode: doc.archiveCode,
      recipients: doc.recipients,
      tembusan: doc.tembusan,
      status: doc.status,
      drafter: person(doc.drafterOfficialId)!,
      drafterPosition: position(doc.drafterPositionId),
      round: doc.round,
      currentVersion: {
        versionNo: current.versionNo,
        contentHash: current.contentHash,
        subject: current.subject,
        body: current.body,
        createdAt: current.createdAt.toISOString(),
      },
      versions: versions.map((v) => ({
        versionNo: v.versionNo,
        contentHash: v.contentHash,
        author: person(v.authorOfficialId)!,
        createdAt: v.createdAt.toISOString(),
      })),
      route,
      earlierRounds,
      history: audit.map((a) => ({
        seq: a.seq,
        type: a.type,
        at: a.createdAt.toISOString(),
        actor: person(a.actorOfficialId),
        position: a.actorPositionId ? position(a.actorPositionId) : null,
        capacity: a.capacity,
        principal: person(a.principalOfficialId),
        data: a.data,
        hash: a.hash,
      })),
      allowedActions,
      actingFor: principal ? { capacity: 'an', principalName: principal.titledName(), principalTitle: position(doc.currentPositionId!).title } : null,
      signatureBlock: letter?.signatureBlock ?? (await signatureBlockOf(this.ds, doc, kind, planned)),
      letter: letter
        ? {
            number: letter.number,
            signedAt: letter.signedAt.toISOString(),
            verificationCode: letter.verificationCode,
            pdfReady: !!letter.pdfSha256,
            delivered: !!letter.deliveredAt,
          }
        : null,
      createdAt: doc.createdAt.toISOString(),
      updatedAt: doc.updatedAt.toISOString(),
    };
  }
}
