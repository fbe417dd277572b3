import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError, requireReading } from '@naskah/domain';
import {
  activeDeputyships,
  DocumentEntity,
  Holding,
  OrgChartReader,
  ReminderEntity,
  RouteStepEntity,
  signedVersionOf,
  SignedVersionMismatch,
  VersionFields,
} from '@naskah/persistence';
import { Actor } from '../common/actor';
import { RoutePlannerService } from './route-planner.service';
import { unsubmitted } from './document-state';

/**
 * Finding a document and deciding whether the caller may read it: the facts the domain's reading
 * rule (readingGround) decides on, loaded once per request.
 */
@Injectable()
export class DocumentAccess {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly planner: RoutePlannerService,
    readonly reader: OrgChartReader,
  ) {}

  async holdingsOrFail(actor: Actor): Promise<Holding[]> {
    const holdings = await this.reader.holdings(actor.officialId);
    if (!holdings.length) throw new DomainError('FORBIDDEN', 'Anda tidak sedang memegang jabatan apa pun');
    return holdings;
  }

  /** The steps waiting now: one, or the members of a paraf koordinasi group still to act. */
  async waitingSteps(doc: DocumentEntity, m: EntityManager = this.ds.manager): Promise<RouteStepEntity[]> {
    if (doc.status !== 'in_review') return [];
    return m.find(RouteStepEntity, { where: { documentId: doc.id, round: doc.round, state: 'pending' }, order: { stepOrder: 'ASC' } });
  }

  async findOrFail(id: string, m: EntityManager = this.ds.manager): Promise<DocumentEntity> {
    const doc = await m.findOneBy(DocumentEntity, { id });
    if (!doc) throw new DomainError('NOT_FOUND', 'Naskah tidak ditemukan', { field: 'id' });
    return doc;
  }

  /**
   * Who may read a document is the domain's rule (readingGround: DESIGN §5 for deputies, classification
   * for recipients and administrators); this loads the facts it decides on. `deputyFor`: the principal
   * positions of the caller's appointments in force; `routePositionIds`: every round, or the planned
   * route of a draft.
   */
  async requireReader(actor: Actor, doc: DocumentEntity, holdings: Holding[], deputyFor: string[], routePositionIds: string[]): Promise<void> {
    // The drafter reads by the rule's first ground: the facts of the others are not loaded (a signed
    // letter's stored content is still checked against its signature first).
    const drafterReads = doc.organizationId === actor.organizationId && doc.drafterOfficialId === actor.officialId && doc.status !== 'signed';
    const waitingSteps = drafterReads ? [] : await this.waitingSteps(doc);
    const [content, actedOnIt, escalations] = drafterReads
      ? [doc, false, []]
      : await Promise.all([
          this.readableContent(doc),
          this.ds.getRepository(RouteStepEntity).existsBy({ documentId: doc.id, actedByOfficialId: actor.officialId }),
          waitingSteps.length
            ? this.ds
                .getRepository(ReminderEntity)
                .findBy({ documentId: doc.id, round: doc.round, stepOrder: In(waitingSteps.map((s) => s.stepOrder)), kind: 'escalation' })
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
      classification: content.classification,
      routePositionIds,
      currentPositionId: doc.currentPositionId,
      waitingPositionIds: waitingSteps.map((s) => s.positionId),
      escalatedToPositionIds: escalations.map((r) => r.targetPositionId),
      recipientUnitIds: [...content.recipients, ...content.tembusan].flatMap((a) => (a.type === 'unit' ? [a.unitId] : [])),
    });
  }

  /**
   * The classification and addressees the reading rule decides on: once signed, those of the
   * version the signature binds (never the document's columns); a signed letter whose stored
   * version no longer matches its hash is read by nobody until an administrator looks into it.
   */
  private async readableContent(doc: DocumentEntity): Promise<Pick<VersionFields, 'classification' | 'recipients' | 'tembusan'>> {
    if (doc.status !== 'signed') return doc;
    try {
      return (await signedVersionOf(this.ds.manager, doc)).version.fields;
    } catch (e) {
      if (e instanceof SignedVersionMismatch) {
        throw new DomainError('CONFLICT', 'Isi naskah yang tersimpan tidak cocok dengan yang ditandatangani; hubungi administrator', { field: 'id' });
      }
      throw e;
    }
  }

  /** requireReader with what it needs loaded; for a draft, the route it would take (as get() shows it). */
  async requireReaderOf(actor: Actor, doc: DocumentEntity): Promise<void> {
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
}
