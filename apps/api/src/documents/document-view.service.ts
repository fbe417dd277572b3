import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { allowedActions, deputyMayAct, DomainError, RoutePlan } from '@naskah/domain';
import {
  activeDeputyships,
  signatureBlockOf,
  signerPostFacts,
  SignerPostFacts,
  AuditEventEntity,
  DocumentEntity,
  DocumentKindEntity,
  DocumentVersionEntity,
  OfficialEntity,
  PositionEntity,
  RouteStepEntity,
  SignedLetterEntity,
  DelegationEntity,
  OrganizationEntity,
  Holding,
} from '@naskah/persistence';
import { ArchiveStore, ArchiveUnavailable, sha256 } from '@naskah/letter';
import { Actor } from '../common/actor';
import { SignerReadinessDto } from '../signatures/dto/tte.dto';
import { TteService } from '../signatures/tte.service';
import { DocumentDto, LetterSignatureDto, PersonRefDto, StepDto, VersionContentDto } from './dto/document.dto';
import { RoutePlannerService } from './route-planner.service';
import { unsubmitted } from './document-state';
import { DocumentAccess } from './document-access';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** What a request already holds when it asks for the view (see DocumentViewService.get). */
export interface KnownFacts {
  holdings?: Holding[];
  kind?: DocumentKindEntity;
  /** The route plan of a draft's first version (null: no possible route). */
  plan?: RoutePlan | null;
  /** The document's rows as the request itself has just written them (a new draft), instead of reading them back. */
  snapshot?: DocumentSnapshot;
}

export interface DocumentSnapshot {
  doc: DocumentEntity;
  versions: Array<Pick<DocumentVersionEntity, 'versionNo' | 'contentHash' | 'authorOfficialId' | 'createdAt' | 'subject'>>;
  steps: RouteStepEntity[];
  audit: AuditEventEntity[];
  letter: SignedLetterEntity | null;
  current: DocumentVersionEntity;
}

/** Whose signature the letter carries: the official's certificate and the time-stamp, or the organisation's seal (letters signed before TTE). */
export function signatureOf(letter: SignedLetterEntity): LetterSignatureDto {
  return {
    provider: letter.signatureProvider,
    certificate:
      letter.certificateSubject && letter.certificateNotBefore && letter.certificateNotAfter
        ? {
            subject: letter.certificateSubject,
            issuer: letter.certificateIssuer ?? '',
            serialNumber: letter.certificateSerial ?? '',
            notBefore: letter.certificateNotBefore.toISOString(),
            notAfter: letter.certificateNotAfter.toISOString(),
          }
        : null,
    timestampedAt: iso(letter.timestampedAt),
  };
}

/** The read side of a document: the document as its reader may see it, one version, the signed PDF. */
@Injectable()
export class DocumentViewService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly planner: RoutePlannerService,
    private readonly archive: ArchiveStore,
    private readonly access: DocumentAccess,
    private readonly tte: TteService,
  ) {}

  async pdf(actor: Actor, id: string): Promise<{ file: Buffer; number: string }> {
    const doc = await this.access.findOrFail(id);
    await this.access.requireReaderOf(actor, doc);
    const letter = await this.ds.getRepository(SignedLetterEntity).findOneBy({ documentId: id });
    const file = letter?.pdfSha256 ? await this.archive.get(letter.pdfSha256) : null;
    if (!letter || !file)
      throw new DomainError(
        'NOT_FOUND',
        doc.status === 'signed' ? 'PDF naskah sedang disiapkan; coba sebentar lagi' : 'Naskah belum ditandatangani',
        { field: 'id' },
      );
    // The archive's copy must be the letter's own bytes (the verification page checks the same): a
    // replaced object is never served; the warning names it for the operators.
    if (sha256(file) !== letter.pdfSha256) throw new ArchiveUnavailable(`the archive's copy of ${letter.pdfSha256} does not hash to its name`);
    return { file, number: letter.number };
  }

  /** One version's content, for those who may read the document (the diff after a return). */
  async version(actor: Actor, id: string, versionNo: number): Promise<VersionContentDto> {
    await this.access.requireReaderOf(actor, await this.access.findOrFail(id));
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
  private snapshot(id: string): Promise<DocumentSnapshot> {
    return this.ds.transaction('REPEATABLE READ', async (m) => {
      const doc = await this.access.findOrFail(id, m);
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

  /** A deputy is offered only what his own post allows too (the domain's rule; the act itself is refused otherwise). */
  private async deputyMay(d: DelegationEntity, action: string | undefined): Promise<boolean> {
    const deputy = await this.ds.getRepository(PositionEntity).findOneBy({ id: d.deputyPositionId });
    return !!deputy && deputyMayAct(action === 'sign' ? 'sign' : 'paraf', { authority: deputy.authority() });
  }

  /**
   * Whether whoever will sign can sign electronically (shown from the draft on, so a letter never
   * reaches a signer who cannot sign): the holder of the signer post and an active deputy.
   */
  private async signerReadiness(
    doc: DocumentEntity,
    kind: DocumentKindEntity,
    planned: Array<Pick<RouteStepEntity, 'round' | 'action' | 'positionId'>>,
    postFacts: (positionId: string) => Promise<SignerPostFacts>,
  ): Promise<SignerReadinessDto | null> {
    if (doc.status === 'signed' || doc.status === 'withdrawn') return null;
    const sign = planned.find((s) => s.action === 'sign' && (s.round === doc.round || unsubmitted(doc)));
    if (!sign) return null;
    // Every holder of the post (definitive, Plt., Plh.), and every deputy in force who may sign this kind:
    // a deputy whose own post may not sign, or a mandate on a strategic kind (UU 30/2014 Pasal 14 ayat (7)), cannot.
    const { holders: holding, appointments } = await postFacts(sign.positionId);
    const holders = holding.map((h) => ({ officialId: h.official.id }));
    const deputies = kind.strategic ? [] : await Promise.all(appointments.map(async (d) => ((await this.deputyMay(d, 'sign')) ? d : null)));
    const people = [
      ...holders.map((h) => ({ officialId: h.officialId, role: 'signer' as const })),
      ...deputies.filter((d): d is DelegationEntity => !!d).map((d) => ({ officialId: d.deputyOfficialId, role: 'deputy' as const })),
    ].filter((p, i, all) => all.findIndex((q) => q.officialId === p.officialId) === i);
    const org = await this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: doc.organizationId });
    return this.tte.readiness(org, people);
  }

  /**
   * The document as its reader sees it. `known`: what the caller has just loaded or computed for the
   * same request (the caller's holdings, the kind, a draft's route plan), so it is not read again.
   */
  async get(actor: Actor, id: string, known: KnownFacts = {}): Promise<DocumentDto> {
    const [{ doc, versions, steps, audit, letter, current }, holdings, deputyships] = await Promise.all([
      known.snapshot?.doc.id === id ? known.snapshot : this.snapshot(id),
      known.holdings ?? this.access.reader.holdings(actor.officialId),
      activeDeputyships(this.ds, actor.officialId),
    ]);
    const kind =
      known.kind?.id === doc.documentKindId
        ? known.kind
        : await this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId });
    // A draft shows the route it would take (the proposed plan) before it is submitted.
    let planned: Array<
      Pick<RouteStepEntity, 'round' | 'stepOrder' | 'positionId' | 'action' | 'kind' | 'groupNo' | 'state' | 'pasal'> & Partial<RouteStepEntity>
    > = steps;
    if (unsubmitted(doc)) {
      const plan = known.plan !== undefined && doc.currentVersionNo === 1 ? known.plan : await this.planner.plan(doc).catch(() => null);
      planned = (plan?.steps ?? []).map((s) => ({
        round: 0,
        stepOrder: s.order,
        positionId: s.positionId,
        action: s.action,
        kind: s.kind ?? 'hierarki',
        groupNo: s.group ?? null,
        state: 'waiting',
        pasal: s.pasal,
      }));
    }
    // A deputy reads what waits for the principal (DESIGN §5).
    await this.access.requireReader(
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
      ...(doc.coordinatorPositionIds ?? []),
      ...planned.map((s) => s.positionId),
      ...audit.map((a) => a.actorPositionId).filter((x): x is string => !!x),
    ]);
    // The signature block and the signer's readiness ask the same of the signer post: read once.
    const facts = new Map<string, Promise<SignerPostFacts>>();
    const postFacts = (positionId: string) => facts.get(positionId) ?? facts.set(positionId, signerPostFacts(this.ds, positionId)).get(positionId)!;
    const [officials, positions, signatureBlock, signerReadiness] = await Promise.all([
      this.ds.getRepository(OfficialEntity).findBy({ id: In([...officialIds]) }),
      this.ds.getRepository(PositionEntity).findBy({ id: In([...positionIds]) }),
      letter?.signatureBlock ?? signatureBlockOf(this.ds, doc, kind, planned, postFacts),
      this.signerReadiness(doc, kind, planned, postFacts),
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
      kind: s.kind,
      group: s.groupNo ?? s.stepOrder,
      state: s.state,
      corrected: !!s.corrected,
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
    // The step waiting now for the caller: one of theirs, else one they deputise for (a paraf
    // koordinasi group waits at several positions at once).
    const waiting = doc.status === 'in_review' ? route.filter((s) => s.state === 'pending') : [];
    const ownStep = waiting.find((s) => mine.has(s.position.positionId));
    const deputyFor = ownStep ? undefined : deputyships.find((d) => waiting.some((s) => s.position.positionId === d.principalPositionId));
    const currentStep = ownStep ?? waiting.find((s) => s.position.positionId === deputyFor?.principalPositionId);
    const stepPosition = currentStep ? positions.find((p) => p.id === currentStep.position.positionId) : undefined;
    const actions = allowedActions({
      status: doc.status,
      round: doc.round,
      isDrafter: doc.drafterOfficialId === actor.officialId,
      currentStepAction: currentStep ? (currentStep.action === 'sign' ? 'sign' : 'paraf') : null,
      mayActOnCurrentStep: !!ownStep || (!!deputyFor && (await this.deputyMay(deputyFor, currentStep?.action))),
      stepMayReturn: stepPosition?.mayReturn ?? true,
      mayCorrect: deputyFor ? !!(await this.ds.getRepository(PositionEntity).findOneBy({ id: deputyFor.deputyPositionId }))?.mayReturn : undefined,
    });
    const returnTargets =
      currentStep && actions.includes('return')
        ? route
            .filter((s) => s.state === 'done' && s.action === 'paraf' && s.group < currentStep.group)
            .map((s) => ({ order: s.order, position: s.position, actedBy: s.actedBy }))
        : [];
    const principal = deputyFor ? await this.ds.getRepository(OfficialEntity).findOneBy({ id: deputyFor.principalOfficialId }) : null;
    const rules = principal ? (await this.ds.getRepository(OrganizationEntity).findOneBy({ id: doc.organizationId }))?.delegationRules : null;
    return {
      id: doc.id,
      organizationId: doc.organizationId,
      kind: { code: kind.code, name: kind.name, category: kind.category, coordinationRequired: kind.coordinationRequiredPasal },
      subject: doc.subject,
      classification: doc.classification,
      urgency: doc.urgency,
      archiveCode: doc.archiveCode,
      recipients: doc.recipients,
      tembusan: doc.tembusan,
      tembusanWaiverReason: doc.tembusanWaiverReason,
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
      allowedActions: actions,
      returnTargets,
      coordinators: (doc.coordinatorPositionIds ?? []).map(position),
      actingFor:
        principal && deputyFor
          ? {
              capacity: deputyFor.capacity,
              principalName: principal.titledName(),
              principalTitle: position(deputyFor.principalPositionId).title,
              // The office's rule now; a chain started before the rules were per office keeps Cilegon's, and says so if refused.
              considerationPasal: rules ? rules.consideration : null,
            }
          : null,
      signatureBlock,
      signerReadiness,
      letter: letter
        ? {
            number: letter.number,
            signedAt: letter.signedAt.toISOString(),
            verificationCode: letter.verificationCode,
            pdfReady: !!letter.pdfSha256,
            delivered: !!letter.deliveredAt,
            signature: signatureOf(letter),
          }
        : null,
      createdAt: doc.createdAt.toISOString(),
      updatedAt: doc.updatedAt.toISOString(),
    };
  }
}
