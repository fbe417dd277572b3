import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash, verify } from 'argon2';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { DomainError, LEVEL_NAMES } from '@naskah/domain';
import { In } from 'typeorm';
import { activeDeputyships, appendAccountAudit, OfficialEntity, OrgChartReader, PositionEntity, writeTransaction } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { TokenDto } from './dto/login.dto';
import { ChangePasswordDto } from './dto/password.dto';
import { MeDto } from './dto/me.dto';
import { LoginAttemptsService } from './login-attempts.service';
import { passwordViolations } from './password-policy';
import { SessionsService } from './sessions.service';

@Injectable()
export class AuthService {
  private readonly reader: OrgChartReader;
  /** Verified against when the NIP is unknown, so both failures take the same time. */
  private readonly dummyHash: Promise<string> = hash('naskah-timing-equaliser');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sessions: SessionsService,
    private readonly attempts: LoginAttemptsService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {
    this.reader = new OrgChartReader(ds);
  }

  /** The NIP's lock (429) is checked before anything is read about it: a known NIP and an unknown one are refused alike. */
  async login(nip: string, password: string, clientAddress: string | null): Promise<TokenDto> {
    const attempt = await this.attempts.begin(nip);
    const official = await this.ds.getRepository(OfficialEntity).findOne({ where: { nip } });
    const ok = official?.active
      ? await verify(official.passwordHash, password).catch(() => false)
      : await verify(await this.dummyHash, password).then(() => false);
    if (!official || !ok) {
      await this.attempts.failed(nip, attempt, clientAddress);
      // Never say which part was wrong.
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'NIP atau kata sandi salah' });
    }
    await this.attempts.succeeded(nip);
    return this.token(official);
  }

  /**
   * The official's own change: the current password (counted against the NIP's lock like a login),
   * the policy, then every token of the official ends and a fresh one is returned.
   */
  async changePassword(actor: Actor, dto: ChangePasswordDto, clientAddress: string | null): Promise<TokenDto> {
    const attempt = await this.attempts.begin(actor.nip);
    const repo = this.ds.getRepository(OfficialEntity);
    const official = await repo.findOne({ where: { id: actor.officialId } });
    if (!official?.active)
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'Sesi tidak sah atau sudah berakhir. Silakan masuk kembali.' });
    if (!(await verify(official.passwordHash, dto.currentPassword).catch(() => false))) {
      await this.attempts.failed(actor.nip, attempt, clientAddress);
      throw new ForbiddenException({ code: 'INVALID_CREDENTIALS', message: 'Kata sandi saat ini salah' });
    }
    await this.attempts.succeeded(actor.nip);
    const broken = passwordViolations(dto.newPassword, official, dto.currentPassword);
    if (broken.length)
      throw new DomainError('RULE_VIOLATION', `Kata sandi baru belum memenuhi aturan: ${broken.join('; ')}`, { field: 'newPassword' });
    const passwordHash = await hash(dto.newPassword);
    await writeTransaction(this.ds, async (m) => {
      const locked = await m.findOne(OfficialEntity, { where: { id: official.id }, lock: { mode: 'pessimistic_write' } });
      // Changed by a racing request (another change, an administrator's reset) since it was checked.
      if (!locked?.active || locked.passwordHash !== official.passwordHash) {
        throw new DomainError('CONFLICT', 'Kata sandi akun ini baru saja diubah atau akunnya dinonaktifkan. Silakan masuk kembali.');
      }
      await m.update(OfficialEntity, { id: official.id }, { passwordHash, mustChangePassword: false });
      await this.sessions.revokeTokens(official.id, m);
      await appendAccountAudit(m, official.id, {
        action: 'password_changed',
        actorOfficialId: actor.officialId,
        clientAddress,
        before: { mustChangePassword: locked.mustChangePassword },
        after: { mustChangePassword: false, tokensRevoked: true },
      });
    });
    this.sessions.forget(official.id);
    return this.token(await repo.findOneOrFail({ where: { id: official.id } }));
  }

  private async token(official: OfficialEntity): Promise<TokenDto> {
    const accessToken = await this.sessions.issue(official);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.cfg.JWT_TTL_SECONDS, mustChangePassword: official.mustChangePassword };
  }

  /** Signs the official out everywhere: every token issued so far stops working. */
  logout(actor: Actor): Promise<void> {
    return this.sessions.revokeTokens(actor.officialId);
  }

  async me(actor: Actor): Promise<MeDto> {
    const official = await this.ds.getRepository(OfficialEntity).findOne({ where: { id: actor.officialId } });
    if (!official || !official.active) throw new DomainError('NOT_FOUND', 'Pegawai tidak ditemukan');
    const [org, holdings, deputyships] = await Promise.all([
      this.reader.organization(official.organizationId),
      this.reader.holdings(official.id),
      activeDeputyships(this.ds, official.id),
    ]);
    const [principalPositions, principals] = deputyships.length
      ? await Promise.all([
          this.ds.getRepository(PositionEntity).findBy({ id: In(deputyships.map((d) => d.principalPositionId)) }),
          this.ds.getRepository(OfficialEntity).findBy({ id: In(deputyships.map((d) => d.principalOfficialId)) }),
        ])
      : [[], []];
    return {
      id: official.id,
      nip: official.nip,
      name: official.name,
      titledName: official.titledName(),
      rank: official.rank,
      roles: official.roles,
      mustChangePassword: official.mustChangePassword,
      organization: { id: org!.id, code: org!.code, name: org!.name, city: org!.city },
      positions: holdings.map(({ assignment, position, unit }) => ({
        positionId: position.id,
        code: position.code,
        title: position.title,
        level: position.level,
        levelName: LEVEL_NAMES[position.level],
        unit: { id: unit.id, code: unit.code, name: unit.name },
        assignmentKind: assignment.kind,
        validFrom: assignment.validFrom,
        validTo: assignment.validTo,
        authority: position.authority(),
        authorityPasal: position.authorityPasal,
      })),
      actingFor: deputyships.map((d) => ({
        delegationId: d.id,
        capacity: d.capacity,
        principalPositionId: d.principalPositionId,
        principalTitle: principalPositions.find((p) => p.id === d.principalPositionId)?.title ?? '',
        principalName: principals.find((o) => o.id === d.principalOfficialId)?.titledName() ?? '',
        validTo: d.validTo.toISOString(),
      })),
    };
  }
}
