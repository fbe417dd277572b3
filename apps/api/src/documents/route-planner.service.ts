import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrgIndex, planRoute, RoutePlan } from '@naskah/domain';
import { DocumentEntity, DocumentKindEntity, OrganizationEntity, OrgChartReader, SigningAuthorityEntity } from '@naskah/persistence';

/** Loads the organisation chart and authority table, then asks the pure rule for the route. */
@Injectable()
export class RoutePlannerService {
  private readonly reader: OrgChartReader;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.reader = new OrgChartReader(ds);
  }

  async index(organizationId: string): Promise<OrgIndex> {
    return new OrgIndex((await this.reader.chart(organizationId)).chart);
  }

  /**
   * `forSubmission`: the kind's required paraf koordinasi is enforced when the route is fixed; a
   * draft may be saved before its coordinators are chosen.
   */
  async plan(
    doc: Pick<DocumentEntity, 'organizationId' | 'documentKindId' | 'drafterPositionId' | 'requestedSignerPositionId' | 'coordinatorPositionIds'>,
    opts: { forSubmission?: boolean } = {},
  ): Promise<RoutePlan> {
    const [index, org, kind, authority] = await Promise.all([
      this.index(doc.organizationId),
      this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: doc.organizationId }),
      this.ds.getRepository(DocumentKindEntity).findOneByOrFail({ id: doc.documentKindId }),
      this.ds.getRepository(SigningAuthorityEntity).findBy({ organizationId: doc.organizationId, documentKindId: doc.documentKindId }),
    ]);
    return planRoute({
      org: index,
      regulation: org.regulationCitation,
      drafterPositionId: doc.drafterPositionId,
      kind: { code: kind.code, name: kind.name },
      allowedSignerIds: authority.map((a) => a.positionId),
      requestedSignerId: doc.requestedSignerPositionId ?? undefined,
      coordinatorPositionIds: doc.coordinatorPositionIds ?? [],
      coordinationRequiredPasal: opts.forSubmission ? kind.coordinationRequiredPasal : null,
    });
  }
}
