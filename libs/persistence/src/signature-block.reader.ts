import { DataSource, MoreThan } from 'typeorm';
import { Capacity, capacityOfAssignment, expectedSignerOf, signatureBlock } from '@naskah/domain';
import {
  AssignmentEntity,
  AssignmentKind,
  DelegationEntity,
  DocumentEntity,
  DocumentKindEntity,
  OfficialEntity,
  PositionEntity,
  RouteStepEntity,
} from './entities';
import { delegationInForce, todayInJakarta } from './org-chart.reader';

/** Who holds one position on a date (definitive, Plt., Plh.), with the official: one statement, not the organisation's every holder. */
export async function positionHolders(
  ds: DataSource,
  positionId: string,
  on = todayInJakarta(),
): Promise<Array<{ official: OfficialEntity; assignmentKind: AssignmentKind }>> {
  const rows = await ds
    .getRepository(AssignmentEntity)
    .createQueryBuilder('a')
    .innerJoinAndMapOne('a.official', OfficialEntity, 'o', 'o.id = a.official_id')
    .where('a.position_id = :positionId', { positionId })
    .andWhere('a.valid_from <= :on AND (a.valid_to IS NULL OR a.valid_to >= :on)', { on })
    .getMany();
  return rows.map((a) => ({ official: (a as AssignmentEntity & { official: OfficialEntity }).official, assignmentKind: a.kind }));
}

/** Who could sign at a signer post now: the appointments in force for it, and its holders. */
export interface SignerPostFacts {
  appointments: DelegationEntity[];
  holders: Array<{ official: OfficialEntity; assignmentKind: AssignmentKind }>;
}

export async function signerPostFacts(ds: DataSource, positionId: string, now = new Date()): Promise<SignerPostFacts> {
  const [rows, holders] = await Promise.all([
    ds.getRepository(DelegationEntity).findBy({ principalPositionId: positionId, validTo: MoreThan(now) }),
    positionHolders(ds, positionId, todayInJakarta(now)),
  ]);
  return { appointments: rows.filter((x) => delegationInForce(x, now)), holders };
}

/**
 * The block the signature carries: from the sign step once signed; before that, as things stand
 * now: an appointment in force (a.n. or Plh., as the appointment says), else the holder of the signer
 * position (own, Plt., Plh.).
 */
export async function signatureBlockOf(
  ds: DataSource,
  doc: DocumentEntity,
  kind: DocumentKindEntity,
  steps: Array<Partial<RouteStepEntity> & Pick<RouteStepEntity, 'action' | 'positionId' | 'round'>>,
  // A caller that needs the same facts for another purpose (signer readiness) shares one read.
  postFacts: (positionId: string) => Promise<SignerPostFacts> = (positionId) => signerPostFacts(ds, positionId),
): Promise<string[] | null> {
  const sign = steps.filter((s) => s.round === doc.round || doc.status === 'draft').find((s) => s.action === 'sign');
  if (!sign) return null;
  const signerPos = await ds.getRepository(PositionEntity).findOneByOrFail({ id: sign.positionId });
  let signer: OfficialEntity | null = null;
  let capacity: Capacity = 'own';
  let signerTitle = signerPos.title;
  if (sign.actedByOfficialId) {
    signer = await ds.getRepository(OfficialEntity).findOneBy({ id: sign.actedByOfficialId });
    capacity = (sign.actingCapacity as Capacity) ?? 'own';
  } else {
    const { appointments, holders } = await postFacts(signerPos.id);
    const d = appointments[0];
    if (d) {
      signer = await ds.getRepository(OfficialEntity).findOneBy({ id: d.deputyOfficialId });
      capacity = d.capacity;
      signerTitle = (await ds.getRepository(PositionEntity).findOneByOrFail({ id: d.deputyPositionId })).title;
    } else {
      const holder = expectedSignerOf(holders);
      if (holder) {
        signer = holder.official;
        capacity = capacityOfAssignment(holder.assignmentKind);
      }
    }
  }
  if (!signer) return null;
  if (capacity === 'an' && sign.actedByOfficialId) {
    // The deputy signs in the post the appointment in force at the act was made for, not whichever post he ever held.
    const at = sign.actedAt ?? new Date();
    const appointment = (await ds.getRepository(DelegationEntity).findBy({ principalPositionId: signerPos.id, deputyOfficialId: signer.id })).find(
      (d) => delegationInForce(d, at),
    );
    if (appointment) signerTitle = (await ds.getRepository(PositionEntity).findOneByOrFail({ id: appointment.deputyPositionId })).title;
  }
  return signatureBlock({
    capacity,
    principalTitle: signerPos.title,
    signerTitle,
    signer: { name: signer.name, gelarDepan: signer.gelarDepan, gelarBelakang: signer.gelarBelakang, rank: signer.rank, nip: signer.nip },
    withoutGelar: kind.layout === 'keputusan',
  });
}
