import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UnitEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { DocumentAccess } from './document-access';

@Injectable()
export class TembusanProposalService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: DocumentAccess,
  ) {}

  /** Cilegon Pasal 28 ayat (9): a report to a superior copies the units that work with the drafter's. */
  async tembusanProposal(actor: Actor, kindCode: string): Promise<Array<{ unitId: string; name: string; pasal: string }>> {
    const holdings = await this.access.holdingsOrFail(actor);
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
}
