import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { lockOrganization, OfficialEntity, OrganizationEntity, writeTransaction } from '@naskah/persistence';
import { Actor } from '../../common/actor';
import { AdminAccess, isCityAdmin, isOrgAdmin } from '../admin-access';

const officialNotFound = () => new DomainError('NOT_FOUND', 'Pegawai tidak ditemukan', { field: 'id' });

/**
 * AdminAccess applied to people: routes that name an organisation answer 403/404 as AdminAccess
 * does; routes that name an official (or an assignment) answer 404 for one the caller may not
 * administer, like an id that does not exist (as the account routes always have). Every write runs
 * in one transaction holding the organisation's row lock, with the administrator checked again.
 */
@Injectable()
export class PeopleAccess {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: AdminAccess,
  ) {}

  organization(actor: Actor, organizationId: string, m?: EntityManager): Promise<OrganizationEntity> {
    return this.access.organization(actor, organizationId, m);
  }

  /** 403 before anything is looked up for someone who administers nothing (a clerk learns no id). */
  requireAdministrator(actor: Actor): void {
    if (!isOrgAdmin(actor) && !isCityAdmin(actor)) {
      throw new DomainError('FORBIDDEN', 'Hanya administrator organisasi ini (atau administrator kota) yang dapat melakukan ini');
    }
  }

  /** May the actor administer this organisation? Answers false instead of a 403/404. */
  async administers(actor: Actor, organizationId: string, m?: EntityManager): Promise<boolean> {
    try {
      await this.access.organization(actor, organizationId, m);
      return true;
    } catch (e) {
      if (e instanceof DomainError && (e.code === 'FORBIDDEN' || e.code === 'NOT_FOUND')) return false;
      throw e;
    }
  }

  /** The official, when the actor administers their organisation; 404 otherwise. */
  async official(actor: Actor, id: string, m: EntityManager = this.ds.manager): Promise<OfficialEntity> {
    this.requireAdministrator(actor);
    const official = await m.findOneBy(OfficialEntity, { id });
    if (!official || !(await this.administers(actor, official.organizationId, m))) throw officialNotFound();
    return official;
  }

  /**
   * An administrative write to one organisation: its row locked (every organisation-level change
   * takes it first, then officials' rows), the administrator read again under the lock (deactivated
   * or stripped of the role meanwhile: nothing changes) and still allowed there. `me`: the
   * administrator as stored now.
   */
  write<T>(actor: Actor, organizationId: string, fn: (m: EntityManager, me: OfficialEntity) => Promise<T>): Promise<T> {
    return writeTransaction(this.ds, async (m) => {
      if (!(await lockOrganization(m, organizationId))) throw new DomainError('NOT_FOUND', 'Organisasi tidak ditemukan', { field: 'organizationId' });
      const me = await this.access.recheck(m, actor);
      await this.access.organization(fresh(actor, me), organizationId, m);
      return fn(m, me);
    });
  }
}

/** The actor as the database says now (roles and organisation). */
export const fresh = (actor: Actor, me: OfficialEntity): Actor => ({ ...actor, organizationId: me.organizationId, roles: [...me.roles] });
