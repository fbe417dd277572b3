import { randomInt } from 'node:crypto';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from 'argon2';
import { DataSource, EntityManager, In } from 'typeorm';
import { DomainError } from '@naskah/domain';
import { appendAccountAudit, LoginAttemptCounterEntity, OfficialEntity, writeTransaction } from '@naskah/persistence';
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

/** An organisation's administrators manage its officials' accounts; every change goes to the account trail. */
@Injectable()
export class OfficialsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sessions: SessionsService,
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
    const password = temporaryPassword();
    const passwordHash = await hash(password);
    const official = await writeTransaction(this.ds, async (m) => {
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
    const official = await writeTransaction(this.ds, async (m) => {
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
      return Object.assign(target, { active });
    });
    this.sessions.forget(id);
    return toDto(official);
  }

  private precheck(actor: Actor, id: string, op: Operation): void {
    if (!actor.roles.includes('admin')) throw new DomainError('FORBIDDEN', 'Hanya administrator organisasi yang dapat mengelola akun pegawai');
    if (id === actor.officialId) throw new DomainError('RULE_VIOLATION', SELF_REFUSED[op]);
  }

  /**
   * Locks the administrator's row and the official's in id order (two administrators acting on each
   * other cannot deadlock, nor both succeed in deactivating each other) and checks both again under
   * the lock. Another organisation's official is "not found", like one that does not exist.
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
    if (!admin.roles.includes('admin')) throw new DomainError('FORBIDDEN', 'Hanya administrator organisasi yang dapat mengelola akun pegawai');
    const target = rows.find((r) => r.id === id);
    if (!target || target.organizationId !== admin.organizationId) throw new DomainError('NOT_FOUND', 'Pegawai tidak ditemukan');
    return target;
  }
}
