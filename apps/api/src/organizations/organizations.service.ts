import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, LEVEL_NAMES } from '@naskah/domain';
import { OrganizationEntity, OrgChartReader } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { OrganizationDto, UnitTreeDto } from './dto/organization.dto';

@Injectable()
export class OrganizationsService {
  private readonly reader: OrgChartReader;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.reader = new OrgChartReader(ds);
  }

  async list(): Promise<OrganizationDto[]> {
    const orgs = await this.ds.getRepository(OrganizationEntity).find({ order: { code: 'ASC' } });
    return orgs.map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      city: o.city,
      regulation: o.regulation,
      letterhead: o.letterhead,
      discrepancies: o.discrepancies,
    }));
  }

  async units(actor: Actor, organizationId: string): Promise<UnitTreeDto[]> {
    const org = await this.reader.organization(organizationId);
    if (!org) throw new DomainError('NOT_FOUND', 'Organisasi tidak ditemukan', { field: 'id' });
    // Holders' NIPs are personal data: only the organisation's own officials see its chart.
    if (org.id !== actor.organizationId) {
      throw new DomainError('FORBIDDEN', 'Struktur organisasi ini hanya dapat dilihat oleh pegawainya');
    }
    const [{ units, positions }, holders] = await Promise.all([this.reader.chart(organizationId), this.reader.holders(organizationId)]);
    const nodes = new Map<string, UnitTreeDto>(
      units.map((u) => [
        u.id,
        {
          id: u.id,
          code: u.code,
          name: u.name,
          kind: u.kind,
          pasal: u.pasal,
          reportsViaUnitId: u.reportsViaUnitId,
          reportsViaPasal: u.reportsViaPasal,
          positions: [],
          units: [],
        },
      ]),
    );
    for (const p of positions) {
      nodes.get(p.unitId)!.positions.push({
        id: p.id,
        code: p.code,
        title: p.title,
        level: p.level,
        levelName: LEVEL_NAMES[p.level],
        isHead: p.isHead,
        authority: p.authority(),
        authorityPasal: p.authorityPasal,
        pasal: p.pasal,
        holders: holders.get(p.id) ?? [],
      });
    }
    const roots: UnitTreeDto[] = [];
    for (const u of units) {
      if (u.parentId) nodes.get(u.parentId)!.units.push(nodes.get(u.id)!);
      else roots.push(nodes.get(u.id)!);
    }
    return roots;
  }
}
