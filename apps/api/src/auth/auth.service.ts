import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash, verify } from 'argon2';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { DomainError, LEVEL_NAMES } from '@naskah/domain';
import { In } from 'typeorm';
import { activeDeputyships, OfficialEntity, OrgChartReader, PositionEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';
import { TokenDto } from './dto/login.dto';
import { MeDto } from './dto/me.dto';
import { SessionsService } from './sessions.service';

@Injectable()
export class AuthService {
  private readonly reader: OrgChartReader;
  /** Verified against when the NIP is unknown, so both failures take the same time. */
  private readonly dummyHash: Promise<string> = hash('naskah-timing-equaliser');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {
    this.reader = new OrgChartReader(ds);
  }

  async login(nip: string, password: string): Promise<TokenDto> {
    const official = await this.ds.getRepository(OfficialEntity).findOne({ where: { nip } });
    const ok = official?.active
      ? await verify(official.passwordHash, password).catch(() => false)
      : await verify(await this.dummyHash, password).then(() => false);
    if (!official || !ok) {
      // Never say which part was wrong.
      throw new UnauthorizedException({ code: 'INVALID_CREDENTIALS', message: 'NIP atau kata sandi salah' });
    }
    const accessToken = await this.sessions.issue(official);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.cfg.JWT_TTL_SECONDS };
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
        capacity: 'an' as const,
        principalPositionId: d.principalPositionId,
        principalTitle: principalPositions.find((p) => p.id === d.principalPositionId)?.title ?? '',
        principalName: principals.find((o) => o.id === d.principalOfficialId)?.titledName() ?? '',
        validTo: d.validTo.toISOString(),
      })),
    };
  }
}
