import { randomInt } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from 'argon2';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError } from '@naskah/domain';
import {
  appendAccountAudit,
  appendOrganizationAudit,
  lockOrganization,
  LoginAttemptCounterEntity,
  OfficialEntity,
  writeTransaction,
} from '@naskah/persistence';
import { assertMayManageAccount, isCityAdmin, isOrgAdmin } from '../admin/admin-access';
import { fresh, PeopleAccess } from '../admin/people/people-access';
import { SessionsService } from '../auth/sessions.service';
import { Actor } from '../common/actor';
import { AccountChangeDto, OfficialAccountDto, PasswordResetDto } from './dto/official-account.dto';

// No 0/O, 1/l/I: read aloud or copied from paper without doubt.
const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** 16 characters from 56 (about 93 bits), in groups of four. */
export function temporaryPassword(): string {
  const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)]).join(''));
  return groups.join('-');
}

const toDto = (o: OfficialEntity): OfficialAccountDto => ({
  id: o.id,
  nip: o.nip,
  name: o.name,
  organizationId: o.organizationId,
  active: o.active,
  mustChangePassword: o.mustChangePassword,
});

type Operation = 'deactivate' | 'activate' | 'password-reset';

const SELF_REFUSED: Record<Operation, string> = {
  deactivate: 'Administrator tidak dapat menonaktifkan akunnya sendiri',
  activate: 'Administrator tidak dapat mengaktifkan akunnya sendiri',
  'password-reset': 'Administrator tidak dapat mengatur ulang kata sandinya sendiri; gunakan penggantian kata sandi (POST /api/v1/auth/password)',
};

const NOT_ADMINISTRATOR = () =>
  new DomainError('FORBIDDEN', 'Hanya administrator organisasi (atau administrator kota) yang dapat mengelola akun pegawai');

/**
 * An organisation's administrators, and the city's administrator for every organisation of the
 * city, manage its officials' accounts; every change goes to the official's account trail and to
 * the organisation's trail, in one transaction that takes the organisation's lock first.
 */
@Injectable()
export class OfficialsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sessions: SessionsService,
    private readonly people: PeopleAccess,
  ) {}

  async deactivate(actor: Actor, id: string, dto: AccountChangeDto, clientAddress: string | null): Promise<OfficialAccountDto> {
    return this.setActive(actor, id, false, dto, clientAddress);
  }

  async activate(actor: Actor, id: string, dto: AccountChangeDto, clientAddress: string | null): Promise<OfficialAccountDto> {
    return this.setActive(actor, id, true, dto, clientAddress);
  }

  /** A one-time password, returned once; every token ends, a login lock is lifted, and the next login must replace it. */
  async resetPassword(actor: Actor, id: string, dto: AccountChangeDto, clientAddress: string | null): Promise<PasswordResetDto> {
    this.precheck(actor, id, 'password-reset');
    const found = await this.people.official(actor, id);
    const password = temporaryPassword();
    const passwordHash = await hash(password);
    const official = await writeTransaction(this.ds, async (m) => {
      await lockOrganization(m, found.organizationId);
      const target = await this.lockTarget(m, actor, id);
      const lockCleared = (await m.delete(LoginAttemptCounterEntity, { nip: target.nip })).affected ?? 0;
      await m.update(OfficialEntity, { id }, { passwordHash, mustChangePassword: true });
      await this.sessions.revokeTokens(id, m);
      await appendAccountAudit(m, id, {
        action: 'password_reset',
        actorOfficialId: actor.officialId,
        clientAddress,
        reason: dto.reason ?? null,
        before: { mustChangePassword: target.mustChangePassword },
        after: { mustChangePassword: true, tokensRevoked: true, loginCounterCleared: lockCleared > 0 },
      });
      await appendOrganizationAudit(m, target.organizationId, {
        action: 'official_password_reset',
        subject: target.nip,
        actorOfficialId: actor.officialId,
        clientAddress,
        before: { nip: target.nip, mustChangePassword: target.mustChangePassword },
        after: { nip: target.nip, mustChangePassword: true, tokensRevoked: true, reason: dto.reason ?? null },
      });
      return Object.assign(target, { mustChangePassword: true });
    });
    this.sessions.forget(id);
    return { official: toDto(official), temporaryPassword: password };
  }

  /** Idempotent: an official already in that state is answered as is, and nothing is recorded. */
  private async setActive(
    actor: Actor,
    id: string,
    active: boolean,
    dto: AccountChangeDto,
    clientAddress: string | null,
  ): Promise<OfficialAccountDto> {
    this.precheck(actor, id, active ? 'activate' : 'deactivate');
    const found = await this.people.official(actor, id);
    const official = await writeTransaction(this.ds, async (m) => {
      await lockOrganization(m, found.organizationId);
      const target = await this.lockTarget(m, actor, id);
      if (target.active === active) return target;
      await m.update(OfficialEntity, { id }, { active });
      // Deactivation ends every session at once; an activation starts without any from before.
      await this.sessions.revokeTokens(id, m);
      await appendAccountAudit(m, id, {
        action: active ? 'activated' : 'deactivated',
        actorOfficialId: actor.officialId,
        clientAddress,
        reason: dto.reason ?? null,
        before: { active: target.active },
        after: { active, tokensRevoked: true },
      });
      await appendOrganizationAudit(m, target.organizationId, {
        action: active ? 'official_activated' : 'official_deactivated',
        subject: target.nip,
        actorOfficialId: actor.officialId,
        clientAddress,
        before: { nip: target.nip, active: target.active },
        after: { nip: target.nip, active, tokensRevoked: true, reason: dto.reason ?? null },
      });
      return Object.assign(target, { active });
    });
    this.sessions.forget(id);
    return toDto(official);
  }

  private precheck(actor: Actor, id: string, op: Operation): void {
    if (!isOrgAdmin(actor) && !isCityAdmin(actor)) throw NOT_ADMINISTRATOR();
    if (id === actor.officialId) throw new DomainError('RULE_VIOLATION', SELF_REFUSED[op]);
  }

  /**
   * Under the organisation's lock, locks the administrator's row and the official's in id order (two
   * administrators acting on each other cannot deadlock, nor both succeed in deactivating each other)
   * and checks both again under the lock. An official of an organisation the administrator does not
   * administer is "not found", like one that does not exist.
   */
  private async lockTarget(m: EntityManager, actor: Actor, id: string): Promise<OfficialEntity> {
    const rows = await m.find(OfficialEntity, {
      where: { id: In([actor.officialId, id]) },
      order: { id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const admin = rows.find((r) => r.id === actor.officialId);
    if (!admin?.active)
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'Sesi tidak sah atau sudah berakhir. Silakan masuk kembali.' });
    if (!isOrgAdmin(admin) && !isCityAdmin(admin)) throw NOT_ADMINISTRATOR();
    const target = rows.find((r) => r.id === id);
    if (!target || !(await this.people.administers(fresh(actor, admin), target.organizationId, m))) {
      throw new DomainError('NOT_FOUND', 'Pegawai tidak ditemukan', { field: 'id' });
    }
    assertMayManageAccount(admin.roles, target);
    return target;
  }
}
