import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { checkTembusanWaiver, DomainError, MIN_NOTE_LENGTH } from '@naskah/domain';
import {
  ArchiveCodeEntity,
  Addressee,
  appendAudit,
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  InboxItemEntity,
  insertAuditEvent,
  OfficialEntity,
  PositionEntity,
  replaceInbox,
  writeInbox,
  UnitEntity,
  nextVersionNo,
  writeTransaction,
} from '@naskah/persistence';
import { Actor } from '../common/actor';
import { canonicalAddress, canonicalAddresseeName, canonicalBody, canonicalLine, canonicalSubject, versionHash } from '@naskah/content';
import { AddresseeDto, CreateDocumentDto, DocumentContentDto, UpdateDocumentDto } from './dto/document-input.dto';
import { DocumentDto } from './dto/document.dto';
import { RoutePlannerService } from './route-planner.service';
import { DocumentAccess } from './document-access';
import { DocumentSnapshot, DocumentViewService } from './document-view.service';

/** The value of a settled read, or its refusal. */
function settledValue<T>(r: PromiseSettledResult<T>): T {
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}

/** Drafts and their versions: created and changed only by the drafter, only while the draft is with the drafter. */
@Injectable()
export class DraftsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly planner: RoutePlannerService,
    private readonly access: DocumentAccess,
    private readonly view: DocumentViewService,
  ) {}

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

  /** The canonical content of a version (subject, body, fields), its hash, and the document columns it sets. */
  async content(doc: Pick<DocumentEntity, 'organizationId'>, kind: DocumentKindEntity, dto: DocumentContentDto) {
    if (dto.archiveCode && !(await this.ds.getRepository(ArchiveCodeEntity).existsBy({ code: dto.archiveCode }))) {
      throw new DomainError('INVALID_INPUT', 'Kode klasifikasi arsip tidak ada dalam daftar (Permendagri 83/2022)', { field: 'archiveCode' });
    }
    // Only the canonical form is stored, hashed, previewed and printed (DESIGN §6, STYLE §14).
    const subject = canonicalSubject(dto.subject);
    const body = canonicalBody(dto.body);
    const recipients = await this.addressees(doc.organizationId, dto.recipients, 'recipients');
    const tembusan = await this.addressees(doc.organizationId, dto.tembusan, 'tembusan');
    const waiver = dto.tembusanWaiverReason
      ? canonicalLine(dto.tembusanWaiverReason, { field: 'tembusanWaiverReason', label: 'alasan tanpa tembusan', min: MIN_NOTE_LENGTH, max: 2000 })
      : null;
    checkTembusanWaiver({ kindCode: kind.code, tembusanCount: tembusan.length, tembusanWaiverReason: waiver });
    const fields = {
      kindCode: kind.code,
      classification: dto.classification,
      urgency: dto.urgency,
      archiveCode: dto.archiveCode ?? null,
      recipients,
      tembusan,
      signerPositionId: dto.signerPositionId ?? null,
      // Part of what the reviewers approve; absent when not stated, so earlier hashes stay as they were.
      ...(waiver ? { tembusanWaiverReason: waiver } : {}),
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
      tembusanWaiverReason: waiver,
      requestedSignerPositionId: fields.signerPositionId,
      currentVersionHash: hash,
    };
    return { fields, hash, columns, subject, body, waiver };
  }

  async create(actor: Actor, dto: CreateDocumentDto, key?: string): Promise<DocumentDto> {
    if (key) {
      const existing = await this.ds.getRepository(DocumentEntity).findOneBy({ drafterOfficialId: actor.officialId, createKey: key });
      if (existing) return this.view.get(actor, existing.id);
    }
    // Independent reads at once; their refusals in the order the form is read.
    const [holdingsRead, kindRead, signerRead, drafterRead] = await Promise.allSettled([
      this.access.holdingsOrFail(actor),
      this.ds.getRepository(DocumentKindEntity).findOneBy({ code: dto.kindCode }),
      dto.signerPositionId ? this.requirePosition(actor.organizationId, dto.signerPositionId, 'signerPositionId') : Promise.resolve(),
      // The drafter's name for the inbox row, read now rather than inside the transaction.
      this.ds.getRepository(OfficialEntity).findOneOrFail({ where: { id: actor.officialId }, select: { id: true, name: true } }),
    ]);
    const holdings = settledValue(holdingsRead);
    const holding = dto.drafterPositionId ? holdings.find((h) => h.position.id === dto.drafterPositionId) : holdings[holdings.length - 1];
    if (!holding) throw new DomainError('FORBIDDEN', 'Anda tidak memegang jabatan penyusun yang dipilih', { field: 'drafterPositionId' });
    const kind = settledValue(kindRead);
    if (!kind) throw new DomainError('INVALID_INPUT', 'Jenis naskah tidak dikenal', { field: 'kindCode' });
    settledValue(signerRead);

    const id = randomUUID();
    const now = new Date();
    const draft = {
      organizationId: actor.organizationId,
      documentKindId: kind.id,
      drafterPositionId: holding.position.id,
      requestedSignerPositionId: dto.signerPositionId ?? null,
      coordinatorPositionIds: dto.coordinatorPositionIds ?? [],
    };
    // An impossible route is refused now, not at submission (before the content's own refusals).
    const [planRead, contentRead] = await Promise.allSettled([this.planner.plan(draft), this.content(draft, kind, dto)]);
    const plan = settledValue(planRead);
    const { fields, hash, columns, subject, body, waiver } = settledValue(contentRead);
    const drafterName = settledValue(drafterRead).name;
    const insert = writeTransaction(this.ds, async (m): Promise<DocumentSnapshot> => {
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
      // Written with its first audit event counted (audit_seq 1), so no UPDATE follows the event below.
      await m.insert(DocumentEntity, { ...doc, auditSeq: 1 });
      const version = Object.assign(new DocumentVersionEntity(), {
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
      await m.insert(DocumentVersionEntity, version);
      const created = await insertAuditEvent(m, doc, {
        type: 'created',
        actorOfficialId: actor.officialId,
        actorPositionId: holding.position.id,
        capacity: 'own',
        data: { versionNo: 1, versionHash: hash, ...(waiver ? { tembusanWaiverReason: waiver } : {}) },
        at: now,
      });
      // A new document has no inbox rows to replace: its one row is written.
      await writeInbox(m, doc, [{ ownerId: actor.officialId, box: 'in_progress' }], now, { kindName: kind.name, drafterName });
      return { doc, versions: [version], steps: [], audit: [created], letter: null, current: version };
    });
    let snapshot: DocumentSnapshot;
    try {
      snapshot = await insert;
    } catch (e) {
      // The same Idempotency-Key sent twice at once: the other request created it.
      if (key && (e as { driverError?: { code?: string } }).driverError?.code === 'ER_DUP_ENTRY') return this.create(actor, dto, key);
      throw e;
    }
    // The view of the new draft from what was just written: nothing is read back.
    return this.view.get(actor, id, { holdings, kind, plan, snapshot });
  }

  private async requirePosition(organizationId: string, id: string, field: string): Promise<void> {
    if (!(await this.ds.getRepository(PositionEntity).existsBy({ id, organizationId }))) {
      throw new DomainError('INVALID_INPUT', 'Jabatan tidak ada di organisasi ini', { field });
    }
  }

  /** A new version: only the drafter, only while the draft is with the drafter (DESIGN §4). */
  async update(actor: Actor, id: string, dto: UpdateDocumentDto, key?: string): Promise<DocumentDto> {
    const doc = await this.access.findOrFail(id);
    if (doc.drafterOfficialId !== actor.officialId) throw new DomainError('FORBIDDEN', 'Hanya penyusun yang dapat mengubah naskah ini');
    // A save key is the author's own: a repeat returns the first answer, before and inside the lock
    // (so concurrent repeats all get it, not one save and a row of conflicts).
    const repeated = (m: EntityManager) =>
      !!key && m.existsBy(DocumentVersionEntity, { documentId: id, saveKey: key, authorOfficialId: actor.officialId });
    if (await repeated(this.ds.manager)) return this.view.get(actor, id);
    if (dto.signerPositionId) await this.requirePosition(doc.organizationId, dto.signerPositionId, 'signerPositionId');
    const kind = await this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId });
    const coordinatorPositionIds = dto.coordinatorPositionIds ?? doc.coordinatorPositionIds ?? [];
    // The route, paraf koordinasi included, was fixed at the first submission; a resubmission runs it again as it was.
    const unchanged = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (doc.round > 0 && !unchanged(coordinatorPositionIds, doc.coordinatorPositionIds ?? [])) {
      throw new DomainError('CONFLICT', 'Paraf koordinasi ditetapkan saat naskah pertama kali diajukan dan tidak dapat diubah lagi', {
        field: 'coordinatorPositionIds',
      });
    }
    await this.planner.plan({ ...doc, requestedSignerPositionId: dto.signerPositionId ?? null, coordinatorPositionIds });
    const { fields, hash, columns: contentColumns, subject, body, waiver } = await this.content(doc, kind, dto);
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
      const versionNo = await nextVersionNo(m, id);
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
      const columns = { ...contentColumns, coordinatorPositionIds, currentVersionNo: versionNo, updatedAt: now };
      Object.assign(locked, columns);
      await m.update(DocumentEntity, { id }, columns);
      await appendAudit(m, locked, {
        type: 'version_saved',
        actorOfficialId: actor.officialId,
        capacity: 'own',
        data: { versionNo, versionHash: hash, ...(waiver ? { tembusanWaiverReason: waiver } : {}) },
        at: now,
      });
      await m.update(InboxItemEntity, { documentId: id }, { subject, classification: dto.classification, urgency: dto.urgency, updatedAt: now });
    });
    return this.view.get(actor, id);
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
}
