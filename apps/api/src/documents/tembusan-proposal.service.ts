import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { cite, REPORT_KIND_CODE } from '@naskah/domain';
import { OrganizationEntity, UnitEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { DocumentAccess } from './document-access';

@Injectable()
export class TembusanProposalService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: DocumentAccess,
  ) {}

  /**
   * A report to a superior copies the units that work with the drafter's: mandatory where the
   * office's regulation says so (Cilegon Pasal 28 ayat (9), cited), a proposal elsewhere (no citation).
   */
  async tembusanProposal(actor: Actor, kindCode: string): Promise<Array<{ unitId: string; name: string; pasal: string | null }>> {
    const holdings = await this.access.holdingsOrFail(actor);
    if (kindCode !== REPORT_KIND_CODE) return [];
    const org = await this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: actor.organizationId });
    const pasal = org.reportTembusanPasal ? cite(org.regulationCitation, org.reportTembusanPasal) : null;
    const own = holdings[holdings.length - 1].unit;
    const units = await this.ds.getRepository(UnitEntity).find({ where: { organizationId: actor.organizationId }, order: { sortOrder: 'ASC' } });
    // A Kelompok Jabatan Fungsional without a head is no addressee the draft form offers.
    const siblings = units.filter(
      (u) =>
        u.id !== own.id &&
        u.kind !== 'kelompok-fungsional' &&
        u.parentId !== null &&
        (u.parentId === own.parentId || (u.reportsViaUnitId ?? u.parentId) === (own.reportsViaUnitId ?? own.parentId)),
    );
    return siblings.map((u) => ({ unitId: u.id, name: u.name, pasal }));
  }
}
