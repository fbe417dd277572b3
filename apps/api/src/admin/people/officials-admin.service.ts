import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from 'argon2';
import { DataSource, EntityManager, In, IsNull, MoreThanOrEqual } from 'typeorm';
import { DomainError } from '@naskah/domain';
import {
  appendOrganizationAudit,
  AssignmentEntity,
  OFFICIAL_ROLES,
  OfficialEntity,
  OfficialRole,
  OrganizationAuditState,
  todayInJakarta,
} from '@naskah/persistence';
import { SessionsService } from '../../auth/sessions.service';
import { Actor } from '../../common/actor';
import { temporaryPassword } from '../../officials/officials.service';
import { assertMayManageAccount, isCityAdmin } from '../admin-access';
import { assignmentViews } from './assignment-store';
import {
  AdminOfficialDto,
  CreatedOfficialDto,
  CreateOfficialDto,
  ListOfficialsQueryDto,
  OfficialsPageDto,
  UpdateOfficialDto,
} from './dto/official-admin.dto';
import { fresh, PeopleAccess } from './people-access';

/** What the organisation's trail records of an official: never a password or its hash. */
export function recordedOfficial(o: OfficialEntity): OrganizationAuditState {
  return {
    id: o.id,
    nip: o.nip,
    name: o.name,
    gelarDepan: o.gelarDepan,
    gelarBelakang: o.gelarBelakang,
    rank: o.rank,
    email: o.email,
    roles: [...o.roles],
    active: o.active,
  };
}

/** Roles in one order, so that the same set is the same value (and an identical edit changes nothing). */
export const normalizedRoles = (roles: readonly string[]): OfficialRole[] => OFFICIAL_ROLES.filter((r) => roles.includes(r));
const ADMIN_ROLES: readonly OfficialRole[] = ['admin', 'city-admin'];

const CITY_ROLE_REFUSED = () =>
  new DomainError('FORBIDDEN', 'Hanya administrator kota yang dapat memberikan atau mencabut peran administrator kota (city-admin)', {
    field: 'roles',
  });

function encodeCursor(o: Pick<OfficialEntity, 'name' | 'id'>): string {
  return Buffer.from(JSON.stringify([o.name, o.id])).toString('base64url');
}

function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return { name, id };
  } catch {
    // refused below
  }
  throw new DomainError('INVALID_INPUT', 'Kursor tidak sah', { field: 'cursor' });
}

/** Officials as an administrator sees them, each with the assignments in force or still to come. */
export async function officialViews(m: EntityManager, officials: OfficialEntity[], today = todayInJakarta()): Promise<AdminOfficialDto[]> {
  const ids = officials.map((o) => o.id);
  const rows = ids.length
    ? await m.find(AssignmentEntity, {
        where: [
          { officialId: In(ids), validTo: IsNull() },
          { officialId: In(ids), validTo: MoreThanOrEqual(today) },
        ],
        order: { validFrom: 'ASC' },
      })
    : [];
  const views = await assignmentViews(m, rows, today);
  return officials.map((o) => ({
    id: o.id,
    organizationId: o.organizationId,
    nip: o.nip,
    name: o.name,
    gelarDepan: o.gelarDepan,
    gelarBelakang: o.gelarBelakang,
    titledName: o.titledName(),
    rank: o.rank,
    email: o.email,
    roles: normalizedRoles(o.roles ?? []),
    active: o.active,
    mustChangePassword: o.mustChangePassword,
    assignments: views.filter((a) => a.officialId === o.id),
  }));
}

/**
 * Officials of an organisation, kept by its administrators (and the city's): listed, created with
 * a temporary password shown once, edited. The NIP never changes; only the city's administrator
 * gives or takes the city-admin role; an administrator keeps at least one administrative role of
 * their own. Each change is one event on the organisation's trail; the same edit again changes and
 * records nothing.
 */
@Injectable()
export class OfficialsAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly people: PeopleAccess,
    private readonly sessions: SessionsService,
  ) {}

  async list(actor: Actor, organizationId: string, q: ListOfficialsQueryDto): Promise<OfficialsPageDto> {
    await this.people.organization(actor, organizationId);
    const qb = this.ds.getRepository(OfficialEntity).createQueryBuilder('o').where('o.organization_id = :organizationId', { organizationId });
    if (q.active !== undefined) qb.andWhere('o.active = :active', { active: q.active === 'true' });
    if (q.q) {
      const digits = q.q.replace(/\s/g, '');
      if (/^\d+$/.test(digits)) qb.andWhere('o.nip LIKE :nip', { nip: `${digits}%` });
      else qb.andWhere('o.name LIKE :name', { name: `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    }
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      qb.andWhere('(o.name > :cname OR (o.name = :cname AND o.id > :cid))', { cname: c.name, cid: c.id });
    }
    const rows = await qb
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(q.limit + 1)
      .getMany();
    const items = rows.slice(0, q.limit);
    return {
      items: await officialViews(this.ds.manager, items),
      nextCursor: rows.length > q.limit ? encodeCursor(items[items.length - 1]) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<AdminOfficialDto> {
    const official = await this.people.official(actor, id);
    return (await officialViews(this.ds.manager, [official]))[0];
  }

  /** A new official with a temporary password, returned this once; the first login must replace it. */
  async create(actor: Actor, organizationId: string, dto: CreateOfficialDto, clientAddress: string | null): Promise<CreatedOfficialDto> {
    await this.people.organization(actor, organizationId);
    const roles = normalizedRoles(dto.roles ?? []);
    if (roles.includes('city-admin') && !isCityAdmin(actor)) throw CITY_ROLE_REFUSED();
    const password = temporaryPassword();
    const passwordHash = await hash(password);
    const official = await this.people.write(actor, organizationId, async (m, me) => {
      if (roles.includes('city-admin') && !isCityAdmin(fresh(actor, me))) throw CITY_ROLE_REFUSED();
      if (await m.existsBy(OfficialEntity, { nip: dto.nip })) throw nipTaken();
      const row = Object.assign(new OfficialEntity(), {
        id: randomUUID(),
        organizationId,
        nip: dto.nip,
        name: dto.name,
        gelarDepan: dto.gelarDepan ?? '',
        gelarBelakang: dto.gelarBelakang ?? '',
        rank: dto.rank,
        email: dto.email ?? null,
        passwordHash,
        roles,
        active: true,
        mustChangePassword: true,
        tokenVersion: 0,
      });
      try {
        await m.insert(OfficialEntity, row);
      } catch (e) {
        if (isDuplicate(e)) throw nipTaken();
        throw e;
      }
      await appendOrganizationAudit(m, organizationId, {
        action: 'official_created',
        subject: row.nip,
        actorOfficialId: actor.officialId,
        clientAddress,
        before: null,
        after: { ...recordedOfficial(row), mustChangePassword: true },
      });
      return m.findOneByOrFail(OfficialEntity, { id: row.id });
    });
    return { official: (await officialViews(this.ds.manager, [official]))[0], temporaryPassword: password };
  }

  async update(actor: Actor, id: string, dto: UpdateOfficialDto, clientAddress: string | null): Promise<AdminOfficialDto> {
    const found = await this.people.official(actor, id);
    const official = await this.people.write(actor, found.organizationId, async (m, me) => {
      const target = await m.findOneOrFail(OfficialEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      assertMayManageAccount(me.roles, target);
      if (dto.nip !== undefined && dto.nip !== target.nip) {
        throw new DomainError(
          'RULE_VIOLATION',
          'NIP tidak dapat diubah: NIP mengenali pegawai pada naskah, tanda tangan dan jejak audit. Untuk NIP yang salah, nonaktifkan pegawai ini dan daftarkan pegawai dengan NIP yang benar',
          { field: 'nip', pasal: 'Ketentuan aplikasi ini: NIP pegawai tetap' },
        );
      }
      const next = {
        name: dto.name ?? target.name,
        gelarDepan: dto.gelarDepan ?? target.gelarDepan,
        gelarBelakang: dto.gelarBelakang ?? target.gelarBelakang,
        rank: dto.rank ?? target.rank,
        email: dto.email === undefined ? target.email : dto.email,
        roles: dto.roles ? normalizedRoles(dto.roles) : normalizedRoles(target.roles ?? []),
      };
      const before = normalizedRoles(target.roles ?? []);
      if (before.includes('city-admin') !== next.roles.includes('city-admin') && !isCityAdmin(fresh(actor, me))) throw CITY_ROLE_REFUSED();
      if (target.id === me.id && !next.roles.some((r) => ADMIN_ROLES.includes(r))) {
        throw new DomainError('RULE_VIOLATION', 'Administrator tidak dapat mencabut peran administrator terakhirnya sendiri', {
          field: 'roles',
          pasal: 'Ketentuan aplikasi ini: administrator tidak mengunci dirinya sendiri',
        });
      }
      const unchanged =
        next.name === target.name &&
        next.gelarDepan === target.gelarDepan &&
        next.gelarBelakang === target.gelarBelakang &&
        next.rank === target.rank &&
        next.email === target.email &&
        next.roles.join(',') === before.join(',');
      if (unchanged) return { row: target, changed: false };
      const was = recordedOfficial(target);
      await m.update(OfficialEntity, { id }, next);
      const row = await m.findOneByOrFail(OfficialEntity, { id });
      await appendOrganizationAudit(m, target.organizationId, {
        action: 'official_updated',
        subject: target.nip,
        actorOfficialId: actor.officialId,
        clientAddress,
        before: was,
        after: recordedOfficial(row),
      });
      return { row, changed: true };
    });
    // Roles count from the next request in this process (others within SESSION_CACHE_MS).
    if (official.changed) this.sessions.forget(id);
    return (await officialViews(this.ds.manager, [official.row]))[0];
  }
}

const nipTaken = () => new DomainError('CONFLICT', 'NIP ini sudah terdaftar', { field: 'nip' });
export const isDuplicate = (e: unknown) => (e as { driverError?: { code?: string } }).driverError?.code === 'ER_DUP_ENTRY';
