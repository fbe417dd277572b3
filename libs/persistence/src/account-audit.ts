import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EntityManager } from 'typeorm';
import { AccountAuditAction, AccountAuditEventEntity, AccountState, OfficialEntity } from './entities';
import { GENESIS_HASH } from './audit';

export interface AccountAuditInput {
  action: AccountAuditAction;
  actorOfficialId: string | null;
  clientAddress?: string | null;
  reason?: string | null;
  before: AccountState;
  after: AccountState;
  at?: Date;
}

export function accountAuditHash(prevHash: string, row: Omit<AccountAuditEventEntity, 'hash' | 'prevHash'>): string {
  const content = canonicalize({ ...row, createdAt: row.createdAt.toISOString() })!;
  return createHash('sha256').update(prevHash).update('|').update(content).digest('hex');
}

/**
 * Appends one event to the official's account trail. Takes the official's row lock (FOR UPDATE), which
 * every account change holds, so the chain has no fork.
 */
export async function appendAccountAudit(m: EntityManager, officialId: string, e: AccountAuditInput): Promise<AccountAuditEventEntity> {
  const official = await m.findOne(OfficialEntity, {
    where: { id: officialId },
    select: { id: true, organizationId: true },
    lock: { mode: 'pessimistic_write' },
  });
  if (!official) throw new Error(`account audit: official ${officialId} does not exist`);
  const prev = await m.findOne(AccountAuditEventEntity, { where: { officialId }, order: { seq: 'DESC' }, select: { seq: true, hash: true } });
  const prevHash = prev?.hash ?? GENESIS_HASH;
  const row = {
    officialId,
    seq: (prev?.seq ?? 0) + 1,
    organizationId: official.organizationId,
    action: e.action,
    actorOfficialId: e.actorOfficialId,
    clientAddress: e.clientAddress?.slice(0, 64) ?? null,
    reason: e.reason ?? null,
    before: e.before,
    after: e.after,
    createdAt: new Date(Math.floor((e.at ?? new Date()).getTime())),
  };
  const entity = Object.assign(new AccountAuditEventEntity(), row, { prevHash, hash: accountAuditHash(prevHash, row) });
  await m.insert(AccountAuditEventEntity, entity);
  return entity;
}

/** Recomputes an official's account trail; returns the first broken seq, or null when intact. */
export async function verifyAccountAuditChain(m: EntityManager, officialId: string): Promise<number | null> {
  const rows = await m.find(AccountAuditEventEntity, { where: { officialId }, order: { seq: 'ASC' } });
  let prev = GENESIS_HASH;
  for (const [i, r] of rows.entries()) {
    const { hash, prevHash, ...content } = r;
    if (r.seq !== i + 1 || prevHash !== prev || accountAuditHash(prev, content) !== hash) return r.seq;
    prev = hash;
  }
  return null;
}
