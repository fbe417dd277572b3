import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { In } from 'typeorm';
import { activeDeputyships, OfficialEntity, OrgChartReader, PositionEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { InboxRows, Position } from './inbox-rows';
import { SearchTerms, SearchTermsError } from './search-terms';
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

function decodeCursor(cursor: string): Position {
  const [iso, documentId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso);
  if (!documentId || Number.isNaN(at.getTime()) || !/^[0-9a-f-]{36}$/.test(documentId)) {
    throw new DomainError('INVALID_INPUT', 'Kursor tidak sah', { field: 'cursor' });
  }
  return { at, documentId };
}

/** Served from MySQL only, newest first, keyset pagination on (updated_at, document_id); the SQL is in inbox-rows.ts. */
@Injectable()
export class InboxService {
  private readonly reader: OrgChartReader;
  private readonly rows: InboxRows;

  constructor(@InjectDataSource() private readonly ds: DataSource) {
    this.reader = new OrgChartReader(ds);
    this.rows = new InboxRows(ds);
  }

  private async searchTerms(q: string): Promise<SearchTerms> {
    try {
      return await this.rows.terms(q);
    } catch (e) {
      if (e instanceof SearchTermsError) throw new DomainError('INVALID_INPUT', e.message, { field: 'q' });
      throw e;
    }
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
    // q and the cursor are checked before anything is read.
    const terms = search ? await this.searchTerms(search) : null;
    const from = cursor ? decodeCursor(cursor) : undefined;
    const scope = await this.scope(actor, [box]);
    const owners = ownersOf(scope, box);
    if (!owners.length) return { box, items: [], nextCursor: null };
    // Never list (nor find) what the reader may not open: a Rahasia letter is for the unit head (incomingVisible).
    const rows = { box, owners, staffUnits: box === 'incoming' ? scope.staffUnits : [] };
    const found = terms ? await this.rows.search(rows, terms, limit + 1, from) : await this.rows.page(rows, limit + 1, from);
    const more = found.length > limit;
    const items = found.slice(0, limit);
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

  /** The same owners and the same classification limit as the boxes themselves; each count stops at COUNT_LIMIT. */
  async counts(actor: Actor): Promise<InboxCountsDto> {
    const scope = await this.scope(actor, BOXES);
    const counts = await this.rows.counts(
      BOXES.map((box) => ({ box, owners: ownersOf(scope, box), staffUnits: box === 'incoming' ? scope.staffUnits : [] })),
    );
    return Object.fromEntries(BOXES.map((b) => [b, counts.get(b) ?? 0])) as unknown as InboxCountsDto;
  }
}
