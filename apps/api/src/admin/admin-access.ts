import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { accountRolesAbove, DomainError } from '@naskah/domain';
import { OfficialEntity, OrganizationEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';

/** The two administrative roles (OFFICIAL_ROLES): an organisation's own administrator, and the city's. */
export const isOrgAdmin = (a: Pick<Actor, 'roles'>) => a.roles.includes('admin');
export const isCityAdmin = (a: Pick<Actor, 'roles'>) => a.roles.includes('city-admin');

/** accountRolesAbove (libs/domain/src/org-admin.ts) as the API's refusal: 403 naming the role the caller lacks. */
export function assertMayManageAccount(actorRoles: readonly string[], target: { roles: readonly string[] | null }): void {
  const above = accountRolesAbove(actorRoles, target.roles);
  if (above.includes('city-admin')) {
    throw new DomainError('FORBIDDEN', 'Akun administrator kota hanya dapat diubah oleh administrator kota', { field: 'id' });
  }
  if (above.length) throw new DomainError('FORBIDDEN', 'Akun administrator organisasi hanya dapat diubah oleh administrator', { field: 'id' });
}

const SESSION_ENDED = () =>
  new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'Sesi tidak sah atau sudah berakhir. Silakan masuk kembali.' });

/**
 * Who may administer what (issue 15): an organisation's administrator ("admin") its own
 * organisation; the city's administrator ("city-admin") every organisation of the city where the
 * administrator's own office is (organization.city), and may create organisations there and edit
 * the document kinds. Anyone else: 403. An organisation that does not exist: 404, and so is one of
 * another city (its existence is not the caller's business).
 */
@Injectable()
export class AdminAccess {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The organisation, when the actor may administer it. */
  async organization(actor: Actor, organizationId: string, m: EntityManager = this.ds.manager): Promise<OrganizationEntity> {
    if (!isOrgAdmin(actor) && !isCityAdmin(actor)) throw forbidden();
    const org = await m.findOneBy(OrganizationEntity, { id: organizationId });
    if (!org) throw new DomainError('NOT_FOUND', 'Organisasi tidak ditemukan', { field: 'organizationId' });
    if (org.id === actor.organizationId) return org;
    if (isCityAdmin(actor) && org.city === (await this.cityOf(actor, m))) return org;
    if (isCityAdmin(actor)) throw new DomainError('NOT_FOUND', 'Organisasi tidak ditemukan', { field: 'organizationId' });
    throw forbidden();
  }

  /** The city the actor administers (their own organisation's), when the actor is its administrator. */
  async city(actor: Actor, m: EntityManager = this.ds.manager): Promise<string> {
    if (!isCityAdmin(actor)) throw new DomainError('FORBIDDEN', 'Hanya administrator kota yang dapat melakukan ini');
    return this.cityOf(actor, m);
  }

  /**
   * Inside a write transaction: the administrator's own row, locked (FOR SHARE) and checked again,
   * so that an administrator deactivated or stripped of the role meanwhile changes nothing.
   */
  async recheck(m: EntityManager, actor: Actor): Promise<OfficialEntity> {
    // Written out: TypeORM's pessimistic_read says FOR SHARE to any server reporting 8.0 or later, MariaDB 10.x included, which knows only this form.
    await m.query('SELECT id FROM official WHERE id = ? LOCK IN SHARE MODE', [actor.officialId]);
    const me = await m.findOneBy(OfficialEntity, { id: actor.officialId });
    if (!me?.active) throw SESSION_ENDED();
    if (!me.roles.includes('admin') && !me.roles.includes('city-admin')) throw forbidden();
    return me;
  }

  private async cityOf(actor: Actor, m: EntityManager): Promise<string> {
    const own = await m.findOne(OrganizationEntity, { where: { id: actor.organizationId }, select: { id: true, city: true } });
    if (!own) throw SESSION_ENDED();
    return own.city;
  }
}

function forbidden(): DomainError {
  return new DomainError('FORBIDDEN', 'Hanya administrator organisasi ini (atau administrator kota) yang dapat melakukan ini');
}
