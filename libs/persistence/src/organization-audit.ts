import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { OrganizationAuditAction, OrganizationAuditEventEntity, OrganizationAuditState, OrganizationEntity } from './entities';
import { GENESIS_HASH } from './audit';

export interface OrganizationAuditInput {
  action: OrganizationAuditAction;
  subject: string;
  /** Null for the organisation-file CLI (no official acted; `clientAddress` says "cli"). */
  actorOfficialId: string | null;
  clientAddress?: string | null;
  before: OrganizationAuditState;
  after: OrganizationAuditState;
  at?: Date;
}

export function organizationAuditHash(prevHash: string, row: Omit<OrganizationAuditEventEntity, 'hash' | 'prevHash'>): string {
  const content = canonicalize({ ...row, createdAt: row.createdAt.toISOString() })!;
  return createHash('sha256').update(prevHash).update('|').update(content).digest('hex');
}

/**
 * Appends one event to the organisation's trail. Takes the organisation's row lock (FOR UPDATE),
 * which every organisation-level change holds, so the chain has no fork.
 */
export async function appendOrganizationAudit(
  m: EntityManager,
  organizationId: string,
  e: OrganizationAuditInput,
): Promise<OrganizationAuditEventEntity> {
  await lockOrganization(m, organizationId);
  const prev = await m.findOne(OrganizationAuditEventEntity, {
    where: { organizationId },
    order: { seq: 'DESC' },
    select: { seq: true, hash: true },
  });
  const prevHash = prev?.hash ?? GENESIS_HASH;
  const row = {
    organizationId,
    seq: (prev?.seq ?? 0) + 1,
    action: e.action,
    subject: e.subject,
    actorOfficialId: e.actorOfficialId,
    clientAddress: e.clientAddress?.slice(0, 64) ?? null,
    before: e.before,
    after: e.after,
    createdAt: new Date(Math.floor((e.at ?? new Date()).getTime())),
  };
  const entity = Object.assign(new OrganizationAuditEventEntity(), row, { prevHash, hash: organizationAuditHash(prevHash, row) });
  // JSON columns of any shape: TypeORM's deep-partial insert type cannot follow `unknown` values.
  await m.insert(OrganizationAuditEventEntity, entity as QueryDeepPartialEntity<OrganizationAuditEventEntity>);
  return entity;
}

/** The organisation's row, locked for an organisation-level change; null when it does not exist. */
export async function lockOrganization(m: EntityManager, organizationId: string): Promise<OrganizationEntity | null> {
  return m.findOne(OrganizationEntity, { where: { id: organizationId }, select: { id: true }, lock: { mode: 'pessimistic_write' } });
}

/** Recomputes an organisation's trail; returns the first broken seq, or null when intact. */
export async function verifyOrganizationAuditChain(m: EntityManager, organizationId: string): Promise<number | null> {
  const rows = await m.find(OrganizationAuditEventEntity, { where: { organizationId }, order: { seq: 'ASC' } });
  let prev = GENESIS_HASH;
  for (const [i, r] of rows.entries()) {
    const { hash, prevHash, ...content } = r;
    if (r.seq !== i + 1 || prevHash !== prev || organizationAuditHash(prev, content) !== hash) return r.seq;
    prev = hash;
  }
  return null;
}
