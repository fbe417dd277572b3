import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { In } from 'typeorm';
import { activeDeputyships, InboxItemEntity, OfficialEntity, OrgChartReader, PositionEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { Box, BOXES, InboxCountsDto, InboxItemDto, InboxPageDto } from './dto/inbox.dto';

/** Boxes owned by positions (whoever holds them today sees them); the rest by the official. */
const POSITION_BOXES: Box[] = ['action', 'overdue'];

function encodeCursor(at: Date, documentId: string): string {
  return Buffer.from(`${at.toISOString()}|${documentId}`).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; documentId: string } {
  const [iso, documentId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso);
  if (!documentId || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(documentId)) {
    throw new DomainError('INVALID_INPUT', 'Kursor tidak sah', { field: 'cursor' });
  }
  return { at, documentId };
}

/** Served from MySQL only, newest first, keyset pagination on (updated_at, document_id). */
@Injectable()
export class InboxService {
  private readonly reader: OrgChartReader;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.reader = new OrgChartReader(ds);
  }

  /** Owners whose rows the caller sees; a deputy also sees the principal's waiting steps (a.n.). */
  private async owners(actor: Actor, box: Box): Promise<{ ids: string[]; actingFor: Map<string, InboxItemDto['actingFor']> }> {
    const actingFor = new Map<string, InboxItemDto['actingFor']>();
    if (box === 'incoming') {
      // Letters delivered to the units of the positions held (DESIGN §1, Sub Bagian Umum receives).
      return { ids: [...new Set((await this.reader.holdings(actor.officialId)).map((h) => h.unit.id))], actingFor };
    }
    if (!POSITION_BOXES.includes(box)) return { ids: [actor.officialId], actingFor };
    const held = (await this.reader.holdings(actor.officialId)).map((h) => h.position.id);
    const deputyships = (await activeDeputyships(this.ds, actor.officialId)).filter((d) => !held.includes(d.principalPositionId));
    if (deputyships.length) {
      const [positions, officials] = await Promise.all([
        this.ds.getRepository(PositionEntity).findBy({ id: In(deputyships.map((d) => d.principalPositionId)) }),
        this.ds.getRepository(OfficialEntity).findBy({ id: In(deputyships.map((d) => d.principalOfficialId)) }),
      ]);
      for (const d of deputyships) {
        actingFor.set(d.principalPositionId, {
          capacity: 'an',
          principalPositionId: d.principalPositionId,
          principalTitle: positions.find((p) => p.id === d.principalPositionId)?.title ?? '',
          principalName: officials.find((o) => o.id === d.principalOfficialId)?.titledName() ?? '',
        });
      }
    }
    return { ids: [...held, ...actingFor.keys()], actingFor };
  }

  async page(actor: Actor, box: Box, limit: number, cursor?: string, search?: string): Promise<InboxPageDto> {
    const { ids: owners, actingFor } = await this.owners(actor, box);
    if (!owners.length) return { box, items: [], nextCursor: null };
    const qb = this.ds
      .getRepository(InboxItemEntity)
      .createQueryBuilder('i')
      .where('i.owner_id IN (:...owners)', { owners })
      .andWhere('i.box = :box', { box })
      .orderBy('i.updated_at', 'DESC')
      .addOrderBy('i.document_id', 'DESC')
      .limit(limit + 1);
    if (search) {
      // The owner and box narrow the rows first (ix_inbox_owner_box_time); the pattern is matched literally.
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(i.subject LIKE :pattern OR i.number LIKE :pattern)', { pattern });
    }
    if (cursor) {
      const c = decodeCursor(cursor);
      qb.andWhere('(i.updated_at < :at OR (i.updated_at = :at AND i.document_id < :doc))', { at: c.at, doc: c.documentId });
    }
    const rows = await qb.getMany();
    const more = rows.length > limit;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      box,
      items: items.map((r) => ({
        documentId: r.documentId,
        subject: r.subject,
        kindName: r.kindName,
        classification: r.classification,
        urgency: r.urgency,
        status: r.status,
        drafterName: r.drafterName,
        stepAction: r.stepAction,
        overdue: r.overdue,
        number: r.number,
        updatedAt: r.updatedAt.toISOString(),
        actingFor: actingFor.get(r.ownerId) ?? null,
      })),
      nextCursor: more && last ? encodeCursor(last.updatedAt, last.documentId) : null,
    };
  }

  async counts(actor: Actor): Promise<InboxCountsDto> {
    const positions = (await this.owners(actor, 'action')).ids;
    const units = (await this.owners(actor, 'incoming')).ids;
    const counts = Object.fromEntries(BOXES.map((b) => [b, 0])) as unknown as InboxCountsDto;
    const owners = [actor.officialId, ...positions, ...units];
    const rows: Array<{ box: Box; owner_id: string; n: string }> = await this.ds.query(
      `SELECT box, owner_id, COUNT(*) AS n FROM inbox_item WHERE owner_id IN (${owners.map(() => '?').join(',')}) GROUP BY box, owner_id`,
      owners,
    );
    for (const r of rows) {
      const owner = r.box === 'incoming' ? units : POSITION_BOXES.includes(r.box) ? positions : [actor.officialId];
      if (owner.includes(r.owner_id)) counts[r.box] += Number(r.n);
    }
    return counts;
  }
}
