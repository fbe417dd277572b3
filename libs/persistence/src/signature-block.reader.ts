import { DataSource, MoreThan } from 'typeorm';
import { Capacity, capacityOfAssignment, signatureBlock } from '@naskah/domain';
import { DelegationEntity, DocumentEntity, DocumentKindEntity, OfficialEntity, PositionEntity, RouteStepEntity } from './entities';
import { delegationInForce, OrgChartReader } from './org-chart.reader';

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
    const now = new Date();
    const d = (await ds.getRepository(DelegationEntity).findBy({ principalPositionId: signerPos.id, validTo: MoreThan(now) })).find((x) =>
      delegationInForce(x, now),
    );
    if (d) {
      signer = await ds.getRepository(OfficialEntity).findOneBy({ id: d.deputyOfficialId });
      capacity = d.capacity;
      signerTitle = (await ds.getRepository(PositionEntity).findOneByOrFail({ id: d.deputyPositionId })).title;
    } else {
      const holder = (await new OrgChartReader(ds).holders(doc.organizationId)).get(signerPos.id)?.[0];
      if (holder) {
        signer = await ds.getRepository(OfficialEntity).findOneBy({ id: holder.officialId });
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
