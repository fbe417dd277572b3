import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { seedId } from '@naskah/org-files';
import {
  appendOrganizationAudit,
  lockOrganization,
  OfficialEntity,
  OrganizationAuditAction,
  OrganizationAuditState,
  OrganizationEntity,
  writeTransaction,
} from '@naskah/persistence';
import { AdminAccess } from '../admin-access';
import { Actor } from '../../common/actor';

/** Records one change on the organisation's trail, inside the write. */
export type Trail = (
  action: OrganizationAuditAction,
  subject: string,
  before: OrganizationAuditState,
  after: OrganizationAuditState,
) => Promise<void>;

export interface AdminWrite {
  m: EntityManager;
  org: OrganizationEntity;
  me: OfficialEntity;
  trail: Trail;
}

/** Two recorded states are the same change (a repeated write records nothing). */
export const sameState = (a: unknown, b: unknown): boolean => isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));

/** A database error of a unique key (two writes racing to the same code). */
export const isDuplicateKey = (e: unknown): boolean => {
  const err = e as { code?: string; driverError?: { code?: string } };
  return (err?.driverError?.code ?? err?.code) === 'ER_DUP_ENTRY';
};

/** The actor as the database says now (roles and organisation). */
const fresh = (actor: Actor, me: OfficialEntity): Actor => ({ ...actor, roles: me.roles, organizationId: me.organizationId });

/**
 * The one way an administrator changes an organisation (issue 15): the access is checked before
 * (403/404 without a transaction), then inside one write transaction the organisation's row is
 * locked first (every organisation-level change and its trail are serialised; the people part and
 * the account routes take the same lock first, so no two writes wait on each other in opposite
 * order), the administrator's own row checked again (deactivated or stripped meanwhile: nothing
 * changes), the access re-evaluated with the roles read under lock, and each change appended to
 * the trail with its before and after.
 */
@Injectable()
export class AdminWrites {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AdminAccess,
  ) {}

  async inOrganization<T>(actor: Actor, organizationId: string, clientAddress: string | null, fn: (w: AdminWrite) => Promise<T>): Promise<T> {
    await this.access.organization(actor, organizationId);
    return writeTransaction(this.ds, async (m) => {
      await lockOrganization(m, organizationId);
      const me = await this.access.recheck(m, actor);
      const org = await this.access.organization(fresh(actor, me), organizationId, m);
      return fn({ m, org, me, trail: this.trailOf(m, organizationId, actor, clientAddress) });
    });
  }

  /** A city administrator's change: recorded on the administrator's own organisation's trail (new organisations, new document kinds). */
  async asCityAdmin<T>(actor: Actor, clientAddress: string | null, fn: (w: AdminWrite & { city: string }) => Promise<T>): Promise<T> {
    await this.access.city(actor);
    return writeTransaction(this.ds, async (m) => {
      await lockOrganization(m, actor.organizationId);
      const me = await this.access.recheck(m, actor);
      // Moved to another organisation since the session began: its lock too (rare; the order then differs, and a deadlock is retried).
      if (me.organizationId !== actor.organizationId) await lockOrganization(m, me.organizationId);
      const city = await this.access.city(fresh(actor, me), m);
      const org = await m.findOneByOrFail(OrganizationEntity, { id: me.organizationId });
      return fn({ m, org, me, city, trail: this.trailOf(m, me.organizationId, actor, clientAddress) });
    });
  }

  /**
   * A city administrator's change that concerns every organisation of the city (a document kind they
   * share): every organisation of the city locked, in id order (the one order in which a write takes
   * several organisation locks), then the administrator checked again; `trailFor` records on the trail of
   * any of them. An organisation of the city the lock set missed (created meanwhile) is locked by `lock`.
   */
  async acrossCity<T>(
    actor: Actor,
    clientAddress: string | null,
    fn: (w: AdminWrite & { city: string; trailFor: (organizationId: string) => Promise<Trail> }) => Promise<T>,
  ): Promise<T> {
    const city = await this.access.city(actor);
    return writeTransaction(this.ds, async (m) => {
      const ids = (await m.find(OrganizationEntity, { where: { city }, select: { id: true } })).map((o) => o.id);
      const locked = new Set<string>();
      const lock = async (id: string) => {
        if (locked.has(id)) return;
        await lockOrganization(m, id);
        locked.add(id);
      };
      for (const id of [...new Set([...ids, actor.organizationId])].sort()) await lock(id);
      const me = await this.access.recheck(m, actor);
      await lock(me.organizationId);
      const cityNow = await this.access.city(fresh(actor, me), m);
      if (cityNow !== city) throw new DomainError('CONFLICT', 'Organisasi administrator berpindah kota selama permintaan ini; ulangi permintaan');
      const org = await m.findOneByOrFail(OrganizationEntity, { id: me.organizationId });
      const trailFor = async (organizationId: string) => {
        await lock(organizationId);
        return this.trailOf(m, organizationId, actor, clientAddress);
      };
      return fn({ m, org, me, city, trail: this.trailOf(m, me.organizationId, actor, clientAddress), trailFor });
    });
  }

  trailOf(m: EntityManager, organizationId: string, actor: Actor, clientAddress: string | null): Trail {
    return async (action, subject, before, after) => {
      await appendOrganizationAudit(m, organizationId, { action, subject, actorOfficialId: actor.officialId, clientAddress, before, after });
    };
  }
}

/**
 * The id of a new unit or position: the one an organisation file would give the same code
 * (seedId), so that a later import matching by code agrees; a fresh one when a renamed row already
 * holds it.
 */
export async function chartId<E extends ObjectLiteral>(
  m: EntityManager,
  entity: EntityTarget<E>,
  orgCode: string,
  kind: 'unit' | 'position',
  code: string,
): Promise<string> {
  const id = seedId(orgCode, kind, code);
  return (await m.getRepository(entity).existsBy({ id } as never)) ? randomUUID() : id;
}

export function notFound(what: string, field: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} tidak ditemukan`, { field });
}
