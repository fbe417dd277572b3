import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import {
  actionUpdateId,
  DocumentAction,
  DOCUMENT_WORKFLOW_TYPE,
  DocumentWorkflowInput,
  documentWorkflowId,
  DrafterCommand,
  correctUpdate,
  parafUpdate,
  resubmitUpdate,
  returnForCorrectionUpdate,
  stateQuery,
  submitUpdate,
  withdrawUpdate,
} from '@naskah/contracts';
import {
  ActingAs,
  appointmentRule,
  capacityOfAssignment,
  ChainSnapshot,
  checkDeputyAct,
  checkReportTembusan,
  cite,
  DomainError,
  MIN_NOTE_LENGTH,
  OrgIndex,
  pendingSteps,
  PLT_PLH_STRATEGIC_PASAL,
} from '@naskah/domain';
import {
  activeDeputyships,
  chainInputOf,
  AssignmentKind,
  AuditEventEntity,
  DelegationEntity,
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  OrganizationEntity,
  PositionEntity,
  RouteStepEntity,
  nextVersionNo,
  upcomingHolidays,
  writeTransaction,
} from '@naskah/persistence';
import { Actor } from '../common/actor';
import { DocumentAccess } from '../documents/document-access';
import { DraftsService } from '../documents/drafts.service';
import { ChainStateDto } from '../documents/dto/document.dto';
import { CorrectDocumentDto } from '../documents/dto/document-input.dto';
import { RoutePlannerService } from '../documents/route-planner.service';
import { callWorkflow, callWorkflowPatiently } from './temporal-call';

export function toChainDto(s: ChainSnapshot): ChainStateDto {
  const current = s.currentStep === null ? null : s.steps[s.currentStep];
  const waiting = pendingSteps(s);
  return {
    documentId: s.documentId,
    status: s.status,
    round: s.round,
    versionNo: s.versionNo,
    versionHash: s.versionHash,
    currentStep: current ? { order: current.order, positionId: current.positionId, action: current.action } : null,
    waitingSteps: waiting.map((x) => ({ order: x.order, positionId: x.positionId, action: x.action })),
    steps: s.steps.map((x) => ({
      order: x.order,
      positionId: x.positionId,
      action: x.action,
      kind: x.kind ?? 'hierarki',
      group: x.group ?? x.order,
      state: x.state,
      corrected: !!x.corrected,
      actedByOfficialId: x.actedBy?.officialId ?? null,
      capacity: x.actedBy?.capacity ?? null,
      principalOfficialId: x.actedBy?.principalOfficialId ?? null,
      consideration: x.actedBy?.consideration ?? null,
      note: x.note ?? null,
    })),
  };
}

type StepAction = 'paraf' | 'return' | 'sign' | 'correct';

/** Without a key every call is a new request; with one, a repeat by the same official for the same action returns the first answer. */
export const updateIdFor = (actor: Actor, action: DocumentAction, key?: string) =>
  key ? actionUpdateId(actor.officialId, action, key) : randomUUID();

/** Authority first, then Temporal, then the answer (STYLE §5). */
@Injectable()
export class ApprovalsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: DocumentAccess,
    private readonly drafts: DraftsService,
    private readonly planner: RoutePlannerService,
    private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  handle(doc: DocumentEntity) {
    return this.temporal.workflow.getHandle(documentWorkflowId(doc.organizationId, doc.id));
  }

  call<T>(fn: () => Promise<T>): Promise<T> {
    return callWorkflow(fn, this.cfg.ACTION_TIMEOUT_SECONDS * 1000);
  }

  /** An idempotent call made after the database committed: repeated through a short Temporal outage (callWorkflowPatiently). */
  callPatiently<T>(fn: () => Promise<T>): Promise<T> {
    return callWorkflowPatiently(fn, this.cfg.ACTION_TIMEOUT_SECONDS * 1000);
  }

  private async drafterDoc(actor: Actor, id: string): Promise<DocumentEntity> {
    const doc = await this.access.findOrFail(id);
    if (doc.drafterOfficialId !== actor.officialId) throw new DomainError('FORBIDDEN', 'Hanya penyusun naskah yang dapat melakukan tindakan ini');
    return doc;
  }

  /**
   * Fixes the version a (re)submission binds: a draft (or a returned draft) becomes `submitting`
   * under the same row lock that edits and withdrawals of drafts take, so an edit or a withdrawal
   * racing the submission is serialised with it: it either happens first (and is what gets
   * submitted, or nothing is) or is refused. A `submitting` document is a submission that has not
   * reached the workflow yet (Temporal down): repeating the call finishes it.
   */
  private freezeForSubmission(actor: Actor, id: string, from: 'draft' | 'returned'): Promise<DocumentEntity> {
    return writeTransaction(this.ds, async (m) => {
      const doc = await m.findOne(DocumentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!doc) throw new DomainError('NOT_FOUND', 'Naskah tidak ditemukan', { field: 'id' });
      if (doc.drafterOfficialId !== actor.officialId) throw new DomainError('FORBIDDEN', 'Hanya penyusun naskah yang dapat melakukan tindakan ini');
      if (doc.status === from) {
        await this.requireReportTembusan(m, doc);
        // A first submission names its workflow now, in the same statement: an answer lost to a timeout still leaves it named.
        const named = from === 'draft' ? { workflowId: documentWorkflowId(doc.organizationId, doc.id) } : {};
        Object.assign(doc, { status: 'submitting', ...named });
        await m.update(DocumentEntity, { id }, { status: 'submitting', updatedAt: new Date(), ...named });
      }
      return doc;
    });
  }

  /** The office's rule on tembusan of reports (Cilegon Pasal 28 ayat (9)), on the version being frozen. */
  private async requireReportTembusan(m: EntityManager, doc: DocumentEntity): Promise<void> {
    const [kind, org] = await Promise.all([
      m.findOneByOrFail(DocumentKindEntity, { id: doc.documentKindId }),
      m.findOneByOrFail(OrganizationEntity, { id: doc.organizationId }),
    ]);
    checkReportTembusan(org.reportTembusanPasal ? cite(org.regulationCitation, org.reportTembusanPasal) : null, {
      kindCode: kind.code,
      tembusanCount: doc.tembusan.length,
      tembusanWaiverReason: doc.tembusanWaiverReason,
    });
  }

  /**
   * Runs the submission's calls to the workflow. A `submitting` document goes back to the drafter
   * only when the workflow itself still has the draft with the drafter (a refusal such as "nothing
   * new to resubmit"): a refusal because an earlier attempt was already taken (its answer lost to a
   * timeout, its projection not yet written) must leave the version frozen. An unreachable or slow
   * Temporal leaves it `submitting` too, and repeating the call finishes it.
   */
  private async submitting<T>(doc: DocumentEntity, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof DomainError && doc.status === 'submitting' && (await this.stillWithDrafter(doc))) {
        await this.ds
          .getRepository(DocumentEntity)
          .update({ id: doc.id, status: 'submitting', projectedWfSeq: doc.projectedWfSeq }, { status: doc.round === 0 ? 'draft' : 'returned' });
      }
      throw e;
    }
  }

  /** Has the workflow not taken this (re)submission? A first submission whose workflow never started has not. */
  private async stillWithDrafter(doc: DocumentEntity): Promise<boolean> {
    try {
      const state = await this.call(() => this.handle(doc).query(stateQuery));
      return doc.round === 0 ? state.status === 'draft' : state.status === 'returned' && state.round === doc.round;
    } catch (e) {
      return doc.round === 0 && e instanceof DomainError && e.code === 'CONFLICT';
    }
  }

  submit(actor: Actor, id: string, key?: string): Promise<ChainStateDto> {
    return this.freezeForSubmission(actor, id, 'draft').then((doc) => this.submitting(doc, () => this.submitFrozen(actor, doc, key)));
  }

  /**
   * A first submission starts the chain and submits in one round trip (update-with-start): the
   * workflow is started unless it runs already (a retried submission: USE_EXISTING), and the update
   * with the same id is answered once. A run that failed (one started by a plain Temporal client
   * fails at once) does not block the real submission; a completed one makes the start fail, which
   * the error mapping answers as "not in approval", as the update to a closed chain was before.
   */
  private async submitFrozen(actor: Actor, doc: DocumentEntity, key?: string): Promise<ChainStateDto> {
    const update = {
      args: [{ byOfficialId: actor.officialId, versionNo: doc.currentVersionNo, versionHash: doc.currentVersionHash }] as [DrafterCommand],
      updateId: updateIdFor(actor, 'submit', key),
    };
    if (doc.status !== 'submitting' || doc.round !== 0)
      return toChainDto(await this.call(() => this.handle(doc).executeUpdate(submitUpdate, update)));
    const workflowId = documentWorkflowId(doc.organizationId, doc.id);
    const [plan, kind, org, holidays] = await Promise.all([
      this.planner.plan(doc, { forSubmission: true }),
      this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId }),
      this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: doc.organizationId }),
      // Edits after this reach the running chain through setHolidays (HolidaysService).
      upcomingHolidays(this.ds.manager, doc.organizationId),
    ]);
    const input: DocumentWorkflowInput = {
      chain: chainInputOf(doc, kind, plan, org),
      reminders: {
        reminder: { unit: this.cfg.STEP_DEADLINE_UNIT, amount: this.cfg.STEP_REMINDER_AFTER },
        escalation: { unit: this.cfg.STEP_DEADLINE_UNIT, amount: this.cfg.STEP_ESCALATION_AFTER },
        holidays,
      },
      signatureClaimTtlMs: this.cfg.SIGNATURE_CLAIM_TTL_SECONDS * 1000,
    };
    // Frozen before the workflow was named at freezing (an upgrade in between): name it now.
    if (doc.workflowId !== workflowId) await this.ds.getRepository(DocumentEntity).update({ id: doc.id }, { workflowId });
    const state = await this.call(() => {
      const start = new WithStartWorkflowOperation(DOCUMENT_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: this.cfg.TEMPORAL_TASK_QUEUE,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      // The SDK (1.13) rejects the operation's own handle promise too when the call fails, with
      // nothing attached to it: unobserved, that rejection would end the process (Node's default for
      // an unhandled rejection). The call's own error is the one mapped (temporalio/sdk-typescript#1960).
      start.workflowHandle().catch(() => undefined);
      return this.temporal.workflow.executeUpdateWithStart(submitUpdate, { ...update, startWorkflowOperation: start });
    });
    return toChainDto(state);
  }

  async resubmit(actor: Actor, id: string, key?: string): Promise<ChainStateDto> {
    const doc = await this.freezeForSubmission(actor, id, 'returned');
    const state = await this.submitting(doc, () =>
      this.call(() =>
        this.handle(doc).executeUpdate(resubmitUpdate, {
          args: [{ byOfficialId: actor.officialId, versionNo: doc.currentVersionNo, versionHash: doc.currentVersionHash }],
          updateId: updateIdFor(actor, 'resubmit', key),
        }),
      ),
    );
    return toChainDto(state);
  }

  async withdraw(actor: Actor, id: string, note: string | undefined, key?: string): Promise<ChainStateDto> {
    const doc = await this.drafterDoc(actor, id);
    if (doc.status === 'draft' && (await this.drafts.withdrawDraft(actor, id))) {
      return {
        documentId: doc.id,
        status: 'withdrawn',
        round: 0,
        versionNo: doc.currentVersionNo,
        versionHash: doc.currentVersionHash,
        currentStep: null,
        waitingSteps: [],
        steps: [],
      };
    }
    const state = await this.call(() =>
      this.handle(doc).executeUpdate(withdrawUpdate, {
        args: [{ byOfficialId: actor.officialId, note }],
        updateId: updateIdFor(actor, 'withdraw', key),
      }),
    );
    return toChainDto(state);
  }

  /**
   * In which position and capacity the caller acts on the document's current step, decided at
   * the moment of the act: a position they hold today (own, Plt., Plh.), else an appointment as
   * deputy in force now (under the marker the office's rules gave it: a.n. or Plh.). A deputy act
   * without a valid appointment, or someone with no position on the route, is 403; someone on the
   * route whose turn it is not gets the workflow's 409.
   */
  async actingAs(actor: Actor, doc: DocumentEntity, action: StepAction, consideration?: string): Promise<ActingAs> {
    const holdings = await this.access.reader.holdings(actor.officialId);
    const own = (positionId: string, kind: AssignmentKind): ActingAs => ({
      officialId: actor.officialId,
      positionId,
      capacity: capacityOfAssignment(kind),
      principalOfficialId: null,
      consideration: null,
    });
    // The positions a step waits at now: one, or each member of a paraf koordinasi group.
    const waiting = (await this.access.waitingSteps(doc)).map((s) => s.positionId);
    const current = holdings.find((h) => waiting.includes(h.position.id));
    if (current && consideration === undefined) return own(current.position.id, current.assignment.kind);
    const deputyship = (await activeDeputyships(this.ds, actor.officialId)).find((d) => waiting.includes(d.principalPositionId));
    if (deputyship) {
      if (doc.drafterOfficialId === actor.officialId) {
        throw new DomainError('FORBIDDEN', 'Penyusun tidak dapat bertindak sebagai wakil atas naskahnya sendiri');
      }
      await this.requireDeputyAuthority(deputyship, action);
      return {
        officialId: actor.officialId,
        positionId: deputyship.principalPositionId,
        capacity: deputyship.capacity,
        principalOfficialId: deputyship.principalOfficialId,
        consideration: consideration ?? null,
      };
    }
    if (current) return own(current.position.id, current.assignment.kind);
    if (consideration !== undefined) {
      const rules = (await this.ds.getRepository(OrganizationEntity).findOneBy({ id: doc.organizationId }))?.delegationRules;
      throw new DomainError(
        'FORBIDDEN',
        'Anda tidak sedang ditunjuk mewakili pejabat pada langkah ini (masa perwakilan berakhir, dicabut, atau tidak ada)',
        rules ? { pasal: rules.basis } : {},
      );
    }
    const route = await this.ds.getRepository(RouteStepEntity).find({ where: { documentId: doc.id }, select: { positionId: true } });
    const onRoute = holdings.find((h) => route.some((r) => r.positionId === h.position.id));
    if (!onRoute) throw new DomainError('FORBIDDEN', 'Naskah ini tidak menunggu tindakan Anda');
    return own(onRoute.position.id, onRoute.assignment.kind);
  }

  /**
   * Whoever holds authority by mandate (a deputy, whatever the marker) takes no strategic decision
   * (organisation, staffing, budget): UU 30/2014 Pasal 14 ayat (7). Checked here, not in the
   * workflow's validator, so that recorded histories replay as they ran.
   */
  async requireNoMandateOnStrategic(doc: DocumentEntity): Promise<void> {
    const kind = await this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId });
    if (kind.strategic) {
      throw new DomainError('RULE_VIOLATION', 'Pejabat yang bertindak mewakili (mandat) tidak berwenang menandatangani keputusan strategis', {
        pasal: PLT_PLH_STRATEGIC_PASAL,
      });
    }
  }

  /** The deputy acts within the deputy's own authority as well as the principal's, cited by the office's appointing article. */
  private async requireDeputyAuthority(d: DelegationEntity, action: StepAction): Promise<void> {
    const [deputy, org] = await Promise.all([
      this.ds.getRepository(PositionEntity).findOneByOrFail({ id: d.deputyPositionId }),
      this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: d.organizationId }),
    ]);
    // Appointments made before the rules were per office carry no article: the office's rule for the principal's post.
    const pasal =
      d.pasal ??
      (org.delegationRules
        ? appointmentRule(org.delegationRules, new OrgIndex((await this.access.reader.chart(d.organizationId)).chart), d.principalPositionId).pasal
        : org.regulation);
    checkDeputyAct(action, { title: deputy.title, authority: deputy.authority(), authorityPasal: deputy.authorityPasal }, pasal, org.regulation);
  }

  async act(
    actor: Actor,
    id: string,
    action: 'paraf' | 'return',
    body: { versionHash: string; note?: string; consideration?: string; toStepOrder?: number },
    key?: string,
  ): Promise<ChainStateDto> {
    const doc = await this.access.findOrFail(id);
    const acting = await this.actingAs(actor, doc, action, body.consideration);
    if (action === 'return' && (body.note ?? '').trim().length < MIN_NOTE_LENGTH) {
      throw new DomainError('INVALID_INPUT', 'Pengembalian naskah wajib disertai catatan tertulis', { field: 'note' });
    }
    const updateId = updateIdFor(actor, action, key);
    const handle = this.handle(doc);
    const state = await this.call(() => {
      switch (action) {
        case 'paraf':
          return handle.executeUpdate(parafUpdate, { args: [{ actor: acting, versionHash: body.versionHash }], updateId });
        case 'return':
          return handle.executeUpdate(returnForCorrectionUpdate, {
            args: [
              {
                actor: acting,
                versionHash: body.versionHash,
                note: body.note ?? '',
                ...(body.toStepOrder === undefined ? {} : { toStepOrder: body.toStepOrder }),
              },
            ],
            updateId,
          });
      }
    });
    return toChainDto(state);
  }

  /**
   * The official whose step it is corrects the draft ("mengoreksi": Batam Pasal 5 ayat (3) huruf t,
   * Pasal 7 ayat (4) huruf z; Cilegon Pasal 10, 13, 16, 19, 22 huruf e angka 4): a new version under
   * their name, then the workflow's `correct`, which validates the turn against the version
   * corrected. The version row is written first (under the document's row lock, numbered after the
   * last one) and removed again if the workflow refuses; a repeat with the same Idempotency-Key
   * finds its version and asks the workflow again, which answers the first time's result.
   */
  async correct(actor: Actor, id: string, dto: CorrectDocumentDto, key?: string): Promise<ChainStateDto> {
    const doc = await this.access.findOrFail(id);
    const acting = await this.actingAs(actor, doc, 'correct', dto.consideration);
    const kind = await this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId });
    const repeatOf = (m: EntityManager) =>
      key ? m.findOneBy(DocumentVersionEntity, { documentId: id, saveKey: key, authorOfficialId: actor.officialId }) : Promise.resolve(null);
    const repeated = await repeatOf(this.ds.manager);
    if (!repeated && doc.status !== 'in_review') throw new DomainError('CONFLICT', 'Naskah hanya dapat dikoreksi selama dalam proses persetujuan');
    const version = repeated ?? (await this.correctionVersion(doc, kind, dto, actor, key, repeatOf));
    try {
      const state = await this.call(() =>
        this.handle(doc).executeUpdate(correctUpdate, {
          args: [{ actor: acting, fromVersionHash: dto.baseVersionHash, versionNo: version.versionNo, versionHash: version.contentHash }],
          updateId: updateIdFor(actor, 'correct', key),
        }),
      );
      return toChainDto(state);
    } catch (e) {
      // Only a refusal is final; after a timeout the workflow may still take the version, and a repeat with the key finishes it.
      if (e instanceof DomainError) await this.discardUnusedVersion(doc, version);
      throw e;
    }
  }

  /** The corrected version, written under the document's row lock and numbered after the last one. */
  private async correctionVersion(
    doc: DocumentEntity,
    kind: DocumentKindEntity,
    dto: CorrectDocumentDto,
    actor: Actor,
    key: string | undefined,
    repeatOf: (m: EntityManager) => Promise<DocumentVersionEntity | null>,
  ): Promise<DocumentVersionEntity> {
    const base = await this.ds.getRepository(DocumentVersionEntity).findOneBy({ documentId: doc.id, contentHash: dto.baseVersionHash });
    if (!base || base.contentHash !== doc.currentVersionHash) {
      throw new DomainError('CONFLICT', 'Versi naskah sudah berubah; muat ulang dan periksa versi terbaru', { field: 'baseVersionHash' });
    }
    // The route was fixed at submission: a correction changes the content, not who signs.
    const { fields, hash, subject, body, waiver } = await this.drafts.content(doc, kind, {
      ...dto,
      signerPositionId: base.fields.signerPositionId ?? undefined,
    });
    if (hash === base.contentHash) throw new DomainError('INVALID_INPUT', 'Koreksi tidak mengubah isi naskah', { field: 'body' });
    // What is signed keeps the office's rule on the tembusan of reports (Cilegon Pasal 28 ayat (9)).
    const org = await this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: doc.organizationId });
    checkReportTembusan(org.reportTembusanPasal ? cite(org.regulationCitation, org.reportTembusanPasal) : null, {
      kindCode: kind.code,
      tembusanCount: fields.tembusan.length,
      tembusanWaiverReason: waiver,
    });
    return writeTransaction(this.ds, async (m) => {
      await m.findOne(DocumentEntity, { where: { id: doc.id }, lock: { mode: 'pessimistic_write' } });
      const repeated = await repeatOf(m);
      if (repeated) return repeated;
      const row = Object.assign(new DocumentVersionEntity(), {
        id: randomUUID(),
        documentId: doc.id,
        versionNo: await nextVersionNo(m, doc.id),
        subject,
        body,
        fields,
        contentHash: hash,
        authorOfficialId: actor.officialId,
        saveKey: key ?? null,
        createdAt: new Date(),
      });
      try {
        await m.insert(DocumentVersionEntity, row);
      } catch (e) {
        if ((e as { driverError?: { code?: string } }).driverError?.code !== 'ER_DUP_ENTRY') throw e;
        throw new DomainError('CONFLICT', 'Idempotency-Key ini sudah dipakai untuk perubahan lain pada naskah ini; gunakan kunci baru', {
          field: 'Idempotency-Key',
        });
      }
      return row;
    });
  }

  /**
   * A correction the workflow did not take leaves no version behind (unless the workflow holds it
   * after all: the chain's version, a step that made it, or the audit trail's correction event).
   */
  private async discardUnusedVersion(doc: DocumentEntity, version: DocumentVersionEntity): Promise<void> {
    try {
      const state = await this.call(() => this.handle(doc).query(stateQuery));
      const made = (s: { versionHash?: string; corrected?: boolean }) => !!s.corrected && s.versionHash === version.contentHash;
      const taken =
        (state.versionNo === version.versionNo && state.versionHash === version.contentHash) ||
        [...state.earlierRounds.flat(), ...state.steps].some(made) ||
        (await this.ds
          .getRepository(AuditEventEntity)
          .createQueryBuilder('a')
          .where("a.document_id = :id AND a.type = 'corrected' AND JSON_VALUE(a.data, '$.versionHash') = :hash", {
            id: doc.id,
            hash: version.contentHash,
          })
          .getExists());
      if (taken) return;
    } catch {
      return; // Temporal unreachable: the version stays for a repeat with the same key to finish
    }
    await this.ds.getRepository(DocumentVersionEntity).delete({ id: version.id });
  }
}
