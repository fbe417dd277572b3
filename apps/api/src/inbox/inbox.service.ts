import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, SECRET_CLASSIFICATIONS } from '@naskah/domain';
import { In } from 'typeorm';
import { activeDeputyships, InboxItemEntity, OfficialEntity, OrgChartReader, PositionEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { Box, BOXES, InboxCountsDto, InboxItemDto, InboxPageDto } from './dto/inbox.dto';

/** Whose rows the caller sees, box by box. */
interface Scope {
  officialId: string;
  held: string[];
  /** The principal positions the caller deputises for, with the marker (a.n., Plh.) their items carry. */
  actingFor: Map<string, InboxItemDto['actingFor']>;
  /** Posts held as Plt. or Plh. (not definitively): their steps carry the marker. */
  heldAs: Map<string, NonNullable<InboxItemDto['heldAs']>>;
  /** Units of the positions held, split by whether the caller heads them (Rahasia is for the head). */
  headedUnits: string[];
  staffUnits: string[];
}

/**
 * The owners of a box's rows: units for incoming, positions (whoever holds them today) for action and
 * overdue, the official for the rest. A deputy sees the principal's waiting steps (action) and nothing
 * else of the principal's (DESIGN §5): an escalation to the principal is not a step of his.
 */
function ownersOf(scope: Scope, box: Box): string[] {
  if (box === 'incoming') return [...scope.headedUnits, ...scope.staffUnits];
  if (box === 'action') return [...scope.held, ...scope.actingFor.keys()];
  if (box === 'overdue') return scope.held;
  return [scope.officialId];
}

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

  /** Loads only what the boxes asked for need (the official's own boxes need nothing). */
  private async scope(actor: Actor, boxes: readonly Box[]): Promise<Scope> {
    const holdings = boxes.some((b) => b === 'action' || b === 'overdue' || b === 'incoming') ? await this.reader.holdings(actor.officialId) : [];
    const held = holdings.map((h) => h.position.id);
    const headedUnits = [...new Set(holdings.filter((h) => h.position.isHead).map((h) => h.unit.id))];
    // Letters delivered to the units of the positions held (DESIGN §1, Sub Bagian Umum receives).
    const staffUnits = [...new Set(holdings.map((h) => h.unit.id))].filter((u) => !headedUnits.includes(u));
    const actingFor = new Map<string, InboxItemDto['actingFor']>();
    const deputyships = boxes.includes('action')
      ? (await activeDeputyships(this.ds, actor.officialId)).filter((d) => !held.includes(d.principalPositionId))
      : [];
    if (deputyships.length) {
      const [positions, officials] = await Promise.all([
        this.ds.getRepository(PositionEntity).findBy({ id: In(deputyships.map((d) => d.principalPositionId)) }),
        this.ds.getRepository(OfficialEntity).findBy({ id: In(deputyships.map((d) => d.principalOfficialId)) }),
      ]);
      for (const d of deputyships) {
        actingFor.set(d.principalPositionId, {
          capacity: d.capacity,
          principalPositionId: d.principalPositionId,
          principalTitle: positions.find((p) => p.id === d.principalPositionId)?.title ?? '',
          principalName: officials.find((o) => o.id === d.principalOfficialId)?.titledName() ?? '',
        });
      }
    }
    const heldAs = new Map<string, NonNullable<InboxItemDto['heldAs']>>();
    for (const h of holdings) {
      const kind = h.assignment.kind;
      if (kind === 'plt' || kind === 'plh') heldAs.set(h.position.id, { kind, positionTitle: h.position.title });
    }
    return { officialId: actor.officialId, held, actingFor, heldAs, headedUnits, staffUnits };
  }

  async page(actor: Actor, box: Box, limit: number, cursor?: string, search?: string): Promise<InboxPageDto> {
    const scope = await this.scope(actor, [box]);
    const owners = ownersOf(scope, box);
    if (!owners.length) return { box, items: [], nextCursor: null };
    const qb = this.ds
      .getRepository(InboxItemEntity)
      .createQueryBuilder('i')
      .where('i.owner_id IN (:...owners)', { owners })
      .andWhere('i.box = :box', { box })
      .orderBy('i.updated_at', 'DESC')
      .addOrderBy('i.document_id', 'DESC')
      .limit(limit + 1);
    if (box === 'incoming' && scope.staffUnits.length) {
      // Never list (nor find) what the reader may not open: a Rahasia letter is for the unit head (incomingVisible).
      qb.andWhere('(i.owner_id NOT IN (:...staff) OR i.classification NOT IN (:...secret))', {
        staff: scope.staffUnits,
        secret: SECRET_CLASSIFICATIONS,
      });
    }
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
        actingFor: scope.actingFor.get(r.ownerId) ?? null,
        heldAs: box === 'action' || box === 'overdue' ? (scope.heldAs.get(r.ownerId) ?? null) : null,
      })),
      nextCursor: more && last ? encodeCursor(last.updatedAt, last.documentId) : null,
    };
  }

  /** The same owners and the same classification limit as the boxes themselves. */
  async counts(actor: Actor): Promise<InboxCountsDto> {
    const scope = await this.scope(actor, BOXES);
    const counts = Object.fromEntries(BOXES.map((b) => [b, 0])) as unknown as InboxCountsDto;
    const owners = [...new Set(BOXES.flatMap((b) => ownersOf(scope, b)))];
    const staff = scope.staffUnits.length ? scope.staffUnits : [''];
    const rows: Array<{ box: Box; owner_id: string; n: string }> = await this.ds.query(
      `SELECT box, owner_id, COUNT(*) AS n FROM inbox_item
        WHERE owner_id IN (${owners.map(() => '?').join(',')})
          AND NOT (box = 'incoming' AND owner_id IN (${staff.map(() => '?').join(',')}) AND classification IN (${SECRET_CLASSIFICATIONS.map(() => '?').join(',')}))
        GROUP BY box, owner_id`,
      [...owners, ...staff, ...SECRET_CLASSIFICATIONS],
    );
    for (const r of rows) if (ownersOf(scope, r.box).includes(r.owner_id)) counts[r.box] += Number(r.n);
    return counts;
  }
}
