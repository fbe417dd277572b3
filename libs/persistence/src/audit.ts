import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { AuditEventEntity, DocumentEntity } from './entities';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  type: string;
  wfSeq?: number | null;
  actorOfficialId?: string | null;
  actorPositionId?: string | null;
  capacity?: string | null;
  principalOfficialId?: string | null;
  data?: Record<string, string | number | boolean | null>;
  at: Date;
}

export function auditHash(prevHash: string, row: Omit<AuditEventEntity, 'hash' | 'prevHash'>): string {
  const content = canonicalize({ ...row, createdAt: row.createdAt.toISOString() })!;
  return createHash('sha256').update(prevHash).update('|').update(content).digest('hex');
}

/** The hash the next audit event of the document links to: read with the locked row (lockDocument), or from its last event. */
async function lastAuditHash(m: EntityManager, doc: DocumentEntity): Promise<string> {
  if (!doc.auditSeq) return GENESIS_HASH;
  if (doc.auditHash) return doc.auditHash;
  const prev = await m.findOne(AuditEventEntity, { where: { documentId: doc.id, seq: doc.auditSeq }, select: { hash: true } });
  return prev?.hash ?? GENESIS_HASH;
}

/** The audit chain's head hash, selected as `audit_head` beside the document aliased `d` (by primary key; InnoDB reads the scalar subquery without locking under READ COMMITTED). */
export function selectAuditHead<T extends SelectQueryBuilder<DocumentEntity>>(qb: T): T {
  return qb.addSelect('(SELECT a.hash FROM audit_event a WHERE a.document_id = d.id AND a.seq = d.audit_seq)', 'audit_head') as T;
}

/**
 * The document's row locked (SELECT ... FOR UPDATE) with its audit chain's head in the same
 * statement, so that the next insertAuditEvent links to it without reading it again; null when
 * there is no such document. The head is read after the lock is granted; were it not visible, the
 * event would read it itself (lastAuditHash).
 */
export async function lockDocumentForAudit(m: EntityManager, documentId: string): Promise<DocumentEntity | null> {
  const { entities, raw } = await selectAuditHead(m.createQueryBuilder(DocumentEntity, 'd'))
    .where('d.id = :id', { id: documentId })
    .setLock('pessimistic_write')
    .getRawAndEntities<{ audit_head: string | null }>();
  if (!entities.length) return null;
  entities[0].auditHash = raw[0].audit_head ?? null;
  return entities[0];
}

/**
 * Inserts the document's next audit event and advances `doc` (auditSeq, and the in-memory auditHash)
 * only in memory: the caller writes audit_seq with its own UPDATE of the row it holds locked. Throws
 * the driver's ER_DUP_ENTRY when an event with the same wfSeq is there already.
 */
export async function insertAuditEvent(m: EntityManager, doc: DocumentEntity, e: AuditInput): Promise<AuditEventEntity> {
  const prevHash = await lastAuditHash(m, doc);
  const row = {
    documentId: doc.id,
    seq: doc.auditSeq + 1,
    wfSeq: e.wfSeq ?? null,
    type: e.type,
    actorOfficialId: e.actorOfficialId ?? null,
    actorPositionId: e.actorPositionId ?? null,
    capacity: e.capacity ?? null,
    principalOfficialId: e.principalOfficialId ?? null,
    data: e.data ?? {},
    createdAt: new Date(Math.floor(e.at.getTime())),
  };
  const entity = Object.assign(new AuditEventEntity(), row, { prevHash, hash: auditHash(prevHash, row) });
  await m.insert(AuditEventEntity, entity);
  doc.auditSeq = entity.seq;
  doc.auditHash = entity.hash;
  return entity;
}

/**
 * Appends one audit event to a document's hash chain (append-only: every row carries the hash of
 * the row before it). The caller holds the document row locked (SELECT ... FOR UPDATE).
 */
export async function appendAudit(m: EntityManager, doc: DocumentEntity, e: AuditInput): Promise<AuditEventEntity> {
  const entity = await insertAuditEvent(m, doc, e);
  await m.update(DocumentEntity, { id: doc.id }, { auditSeq: doc.auditSeq });
  return entity;
}

export interface AuditChainBreak {
  documentId: string;
  seq: number;
  problem: string;
}

const short = (h: string) => `${h.slice(0, 12)}…`;

/**
 * The first broken link of a document's chain (rows in seq order), or null: a missing or extra
 * row, a prev_hash that is not the hash before it, or a hash that is not its row's content. With
 * `recordedSeq` (the document's audit_seq), rows cut off the end are found too.
 */
export function findAuditChainBreak(documentId: string, rows: readonly AuditEventEntity[], recordedSeq?: number): AuditChainBreak | null {
  let prev = GENESIS_HASH;
  for (const [i, r] of rows.entries()) {
    const at = (problem: string): AuditChainBreak => ({ documentId, seq: r.seq, problem });
    if (r.seq !== i + 1) return { documentId, seq: Math.min(r.seq, i + 1), problem: `seq ${i + 1} is missing (the next row is seq ${r.seq})` };
    if (r.prevHash !== prev) return at(`prev_hash ${short(r.prevHash)} is not the hash of seq ${i} (${short(prev)})`);
    const { hash, prevHash: _prevHash, ...content } = r;
    if (auditHash(prev, content) !== hash) return at(`hash ${short(hash)} does not match the row's content`);
    prev = hash;
  }
  if (recordedSeq !== undefined && recordedSeq !== rows.length) {
    return recordedSeq > rows.length
      ? { documentId, seq: rows.length + 1, problem: `the document records ${recordedSeq} events, the chain ends at seq ${rows.length}` }
      : { documentId, seq: recordedSeq + 1, problem: `the chain goes on past the document's last recorded event (seq ${recordedSeq})` };
  }
  return null;
}

/** Recomputes a document's chain; returns the first broken seq, or null when intact. */
export async function verifyAuditChain(m: EntityManager, documentId: string): Promise<number | null> {
  const rows = await m.find(AuditEventEntity, { where: { documentId }, order: { seq: 'ASC' } });
  return findAuditChainBreak(documentId, rows)?.seq ?? null;
}
