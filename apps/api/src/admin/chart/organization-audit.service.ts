import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, LessThan } from 'typeorm';
import { OfficialEntity, OrganizationAuditEventEntity, verifyOrganizationAuditChain } from '@naskah/persistence';
import { AdminAccess } from '../admin-access';
import { Actor } from '../../common/actor';
import { ListOrganizationAuditDto, OrganizationAuditPageDto } from './dto/organization-audit.dto';

/** The organisation's trail for its administrators: newest first, who acted, and whether the hash chain is intact. */
@Injectable()
export class OrganizationAuditService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AdminAccess,
  ) {}

  async page(actor: Actor, organizationId: string, q: ListOrganizationAuditDto): Promise<OrganizationAuditPageDto> {
    const org = await this.access.organization(actor, organizationId);
    const [rows, brokenAtSeq] = await Promise.all([
      this.ds.getRepository(OrganizationAuditEventEntity).find({
        where: { organizationId: org.id, ...(q.cursor ? { seq: LessThan(q.cursor) } : {}) },
        order: { seq: 'DESC' },
        take: q.limit + 1,
      }),
      verifyOrganizationAuditChain(this.ds.manager, org.id),
    ]);
    const events = rows.slice(0, q.limit);
    const actorIds = [...new Set(events.map((e) => e.actorOfficialId).filter((id): id is string => id !== null))];
    const actors = actorIds.length ? await this.ds.getRepository(OfficialEntity).findBy({ id: In(actorIds) }) : [];
    const byId = new Map(actors.map((a) => [a.id, a]));
    return {
      chainIntact: brokenAtSeq === null,
      brokenAtSeq,
      events: events.map((e) => {
        const who = e.actorOfficialId ? byId.get(e.actorOfficialId) : undefined;
        return {
          seq: e.seq,
          action: e.action,
          subject: e.subject,
          at: e.createdAt.toISOString(),
          actor: who ? { officialId: who.id, nip: who.nip, name: who.titledName() } : null,
          clientAddress: e.clientAddress,
          before: e.before,
          after: e.after,
        };
      }),
      nextCursor: rows.length > q.limit ? events[events.length - 1].seq : null,
    };
  }
}
