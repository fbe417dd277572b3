import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EntityManager } from 'typeorm';
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

/**
 * Appends one audit event to a document's hash chain (append-only: every row carries the hash of
 * the row before it). The caller holds the document row locked (SELECT ... FOR UPDATE).
 */
export async function appendAudit(m: EntityManager, doc: DocumentEntity, e: AuditInput): Promise<AuditEventEntity> {
  const prev = doc.auditSeq ? await m.findOne(AuditEventEntity, { where: { documentId: doc.id, seq: doc.auditSeq }, select: { hash: true } }) : null;
  const prevHash = prev?.hash ?? GENESIS_HASH;
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
  await m.update(DocumentEntity, { id: doc.id }, { auditSeq: row.seq });
  doc.auditSeq = row.seq;
  return entity;
}

/** Recomputes a document's chain; returns the first broken seq, or null when intact. */
export async function verifyAuditChain(m: EntityManager, documentId: string): Promise<number | null> {
  const rows = await m.find(AuditEventEntity, { where: { documentId }, order: { seq: 'ASC' } });
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const { hash, prevHash, ...content } = r;
    if (prevHash !== prev || auditHash(prev, content) !== hash) return r.seq;
    prev = hash;
  }
  return null;
}
