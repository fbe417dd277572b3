import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { certificateExpiry, DomainError, signingLockedFor } from '@naskah/domain';
import { CertificateStatus, Signer, SigningError, SigningProvider } from '@naskah/letter';
import {
  appendAccountAudit,
  CredentialStatus,
  OfficialEntity,
  OrganizationEntity,
  SigningCredentialEntity,
  SigningGuardEntity,
  writeTransaction,
} from '@naskah/persistence';
import { Actor } from '../common/actor';
import { ActivateTteDto, SignerReadinessDto, TteStatusDto } from './dto/tte.dto';
import { SigningProviders } from './signing-providers';
import { SigningLockedException, signingErrorToDomain } from './signing-errors';

const maskNik = (nik: string | null) => (nik ? `${nik.slice(0, 4)}********${nik.slice(-4)}` : null);

/** What an official must do before signing, by the state of their certificate. */
export function adviceFor(state: CredentialStatus, provider: 'local-ca' | 'bsre', self: boolean): string | null {
  const who = self ? 'Anda' : 'Pejabat penanda tangan';
  switch (state) {
    case 'active':
      return null;
    case 'not_enrolled':
      return provider === 'bsre'
        ? `${who} belum menautkan NIK ke sertifikat elektronik BSrE: buka menu Aktivasi TTE (pengguna tidak terdaftar)`
        : `${who} belum memiliki sertifikat elektronik: buka menu Aktivasi TTE dan tetapkan passphrase`;
    case 'expired':
      return `Sertifikat elektronik ${self ? 'Anda' : 'pejabat penanda tangan'} sudah kedaluwarsa: perbarui melalui menu Aktivasi TTE`;
    case 'revoked':
      return `Sertifikat elektronik ${self ? 'Anda' : 'pejabat penanda tangan'} sudah dicabut: ajukan sertifikat baru kepada BSrE, lalu Aktivasi TTE`;
    case 'suspended':
      return `Sertifikat elektronik ${self ? 'Anda' : 'pejabat penanda tangan'} sedang dibekukan: hubungi BSrE, lalu Aktivasi TTE`;
  }
}

/** Aktivasi TTE, the official's certificate as the app knows it, and whether the planned signer can sign. */
@Injectable()
export class TteService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly providers: SigningProviders,
  ) {}

  private org(organizationId: string): Promise<OrganizationEntity> {
    return this.ds.getRepository(OrganizationEntity).findOneByOrFail({ id: organizationId });
  }

  /** The official as the signing provider sees them, with the stored credential (the encrypted key included). */
  async signerOf(officialId: string, m: EntityManager = this.ds.manager): Promise<{ signer: Signer; row: SigningCredentialEntity | null }> {
    const official = await m.findOneByOrFail(OfficialEntity, { id: officialId });
    const org = await m.findOneByOrFail(OrganizationEntity, { id: official.organizationId });
    const row = await m
      .getRepository(SigningCredentialEntity)
      .createQueryBuilder('c')
      .addSelect('c.encryptedKeyPem')
      .where('c.official_id = :id', { id: officialId })
      .getOne();
    const usable = row && row.provider === this.providers.nameFor(org) ? row : null;
    return {
      row: usable,
      signer: {
        officialId,
        name: official.titledName(),
        nip: official.nip,
        nik: usable?.nik ?? null,
        organizationName: org.name,
        credential: usable?.certificatePem
          ? { certificatePem: usable.certificatePem, ...(usable.encryptedKeyPem ? { encryptedKeyPem: usable.encryptedKeyPem } : {}) }
          : null,
      },
    };
  }

  /** The stored state, re-judged against today's date (a certificate expires without anyone saying so). */
  private stateOf(row: SigningCredentialEntity | null, now: Date): CredentialStatus {
    if (!row) return 'not_enrolled';
    if (row.status === 'active' && row.notAfter && row.notAfter <= now) return 'expired';
    return row.status;
  }

  async status(actor: Actor): Promise<TteStatusDto> {
    const official = await this.ds.getRepository(OfficialEntity).findOneByOrFail({ id: actor.officialId });
    const org = await this.org(official.organizationId);
    const provider = this.providers.forOrganization(org);
    const { row } = await this.signerOf(actor.officialId);
    const guard = await this.ds.getRepository(SigningGuardEntity).findOneBy({ officialId: actor.officialId });
    return this.statusOf(provider, row, guard);
  }

  /** What the official is told of his credential `row` (none: null) with the provider and his signing guard. */
  private statusOf(provider: SigningProvider, row: SigningCredentialEntity | null, guard: SigningGuardEntity | null): TteStatusDto {
    const now = new Date();
    const state = this.stateOf(row, now);
    const expiry = certificateExpiry(row?.notAfter ?? null, now);
    return {
      provider: provider.name,
      issuer: provider.issuerLabel,
      state,
      certificate:
        row?.subject && row.notBefore && row.notAfter
          ? {
              subject: row.subject,
              issuer: row.issuer ?? '',
              serialNumber: row.serialNumber ?? '',
              notBefore: row.notBefore.toISOString(),
              notAfter: row.notAfter.toISOString(),
            }
          : null,
      nik: maskNik(row?.nik ?? null),
      daysLeft: expiry.daysLeft,
      expiresSoon: state === 'active' && expiry.expiresSoon,
      lockedUntil: guard?.lockedUntil && guard.lockedUntil > now ? guard.lockedUntil.toISOString() : null,
      advice:
        adviceFor(state, provider.name, true) ??
        (expiry.expiresSoon ? `Sertifikat elektronik Anda berakhir dalam ${expiry.daysLeft} hari: perbarui melalui menu Aktivasi TTE` : null),
    };
  }

  /**
   * Aktivasi TTE. local-ca: a new certificate whose key is encrypted under the passphrase given
   * (twice); it replaces an earlier one (a forgotten passphrase is recovered this way). bsre: the
   * NIK is linked if BSrE holds an issued certificate for it. The passphrase is not stored.
   */
  async activate(actor: Actor, dto: ActivateTteDto, clientAddress: string | null): Promise<TteStatusDto> {
    const official = await this.ds.getRepository(OfficialEntity).findOneByOrFail({ id: actor.officialId });
    const org = await this.org(official.organizationId);
    const provider = this.providers.forOrganization(org);
    // A new key while signing is locked would sidestep the lock on guessing the passphrase.
    const guard = await this.ds.getRepository(SigningGuardEntity).findOneBy({ officialId: actor.officialId });
    const lockedFor = signingLockedFor(guard, new Date());
    if (lockedFor > 0) throw new SigningLockedException(lockedFor);
    const { signer } = await this.signerOf(actor.officialId);
    if (dto.nik) {
      // One NIK, one official: a certificate is its holder's alone.
      const taken = await this.ds.getRepository(SigningCredentialEntity).findOneBy({ nik: dto.nik });
      if (taken && taken.officialId !== actor.officialId) {
        throw new DomainError('CONFLICT', 'NIK ini sudah ditautkan ke akun pejabat lain; sertifikat elektronik hanya milik pemegangnya', {
          field: 'nik',
        });
      }
    }
    let result: { credential: { certificatePem: string; encryptedKeyPem?: string } | null; status: CertificateStatus };
    if (provider.name === 'bsre') {
      if (!dto.nik) throw new DomainError('INVALID_INPUT', 'NIK wajib diisi untuk menautkan sertifikat elektronik BSrE', { field: 'nik' });
      result = await this.call(provider, () => provider.enrol({ ...signer, nik: dto.nik! }, null));
    } else {
      if (!dto.passphrase) throw new DomainError('INVALID_INPUT', 'Passphrase wajib diisi', { field: 'passphrase' });
      if (dto.passphrase !== dto.passphraseConfirmation) {
        throw new DomainError('INVALID_INPUT', 'Konfirmasi passphrase tidak sama', { field: 'passphraseConfirmation' });
      }
      result = await this.call(provider, () => provider.enrol(signer, dto.passphrase!));
    }
    const status = result.status;
    const certificate = 'certificate' in status ? status.certificate : null;
    const now = new Date();
    const written = this.credentialRow(actor, org, provider.name, dto, result, now);
    await writeTransaction(this.ds, async (m) => {
      // The official's row first, as every account change takes it (appendAccountAudit): two activations
      // at once (two tabs, a double click) then run one after the other instead of deadlocking.
      await m.findOne(OfficialEntity, { where: { id: actor.officialId }, select: { id: true }, lock: { mode: 'pessimistic_write' } });
      const before = await m.findOneBy(SigningCredentialEntity, { officialId: actor.officialId });
      await m.upsert(SigningCredentialEntity, written, ['officialId']).catch((e: unknown) => {
        if ((e as { driverError?: { code?: string } }).driverError?.code !== 'ER_DUP_ENTRY') throw e;
        throw new DomainError('CONFLICT', 'NIK ini sudah ditautkan ke akun pejabat lain; sertifikat elektronik hanya milik pemegangnya', {
          field: 'nik',
        });
      });
      await appendAccountAudit(m, actor.officialId, {
        action: 'tte_activated',
        actorOfficialId: actor.officialId,
        clientAddress,
        before: { provider: before?.provider ?? null, serialNumber: before?.serialNumber ?? null, status: before?.status ?? null },
        after: { provider: provider.name, serialNumber: certificate?.serialNumber ?? null, status: status.state },
        at: now,
      });
    });
    if (status.state !== 'active') {
      throw new DomainError('RULE_VIOLATION', adviceFor(status.state, provider.name, true)!, {
        field: provider.name === 'bsre' ? 'nik' : 'passphrase',
      });
    }
    // The certificate this activation made, not whatever another activation at the same moment (a second tab) left in the
    // row; the signing guard as it is now (a lock set meanwhile by wrong passphrases in another tab is said).
    return this.statusOf(provider, written, await this.ds.getRepository(SigningGuardEntity).findOneBy({ officialId: actor.officialId }));
  }

  private credentialRow(
    actor: Actor,
    org: OrganizationEntity,
    provider: 'local-ca' | 'bsre',
    dto: ActivateTteDto,
    result: { credential: { certificatePem: string; encryptedKeyPem?: string } | null; status: CertificateStatus },
    now: Date,
  ): SigningCredentialEntity {
    const certificate = 'certificate' in result.status ? result.status.certificate : null;
    return Object.assign(new SigningCredentialEntity(), {
      officialId: actor.officialId,
      organizationId: org.id,
      provider,
      nik: provider === 'bsre' ? dto.nik! : null,
      certificatePem: result.credential?.certificatePem ?? null,
      encryptedKeyPem: result.credential?.encryptedKeyPem ?? null,
      subject: certificate?.subject ?? null,
      issuer: certificate?.issuer ?? null,
      serialNumber: certificate?.serialNumber ?? null,
      notBefore: certificate?.notBefore ?? null,
      notAfter: certificate?.notAfter ?? null,
      status: result.status.state,
      checkedAt: now,
      createdAt: now,
    });
  }

  private async call<T>(provider: SigningProvider, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (e instanceof SigningError) throw signingErrorToDomain(e, provider.name);
      throw e;
    }
  }

  /**
   * Signer readiness (shown at submission and on the document page): the planned signer's
   * certificate, and an active deputy's, from what activation and signatures last recorded.
   */
  async readiness(org: OrganizationEntity, people: Array<{ officialId: string; role: 'signer' | 'deputy' }>): Promise<SignerReadinessDto> {
    const provider = this.providers.nameFor(org);
    const now = new Date();
    const entries = await Promise.all(
      people.map(async ({ officialId, role }) => {
        const official = await this.ds.getRepository(OfficialEntity).findOneByOrFail({ id: officialId });
        const row = await this.ds.getRepository(SigningCredentialEntity).findOneBy({ officialId });
        const state = this.stateOf(row && row.provider === provider ? row : null, now);
        const expiry = certificateExpiry(row?.notAfter ?? null, now);
        const expiresSoon = state === 'active' && expiry.expiresSoon;
        return {
          officialId,
          name: official.titledName(),
          role,
          state,
          notAfter: row?.notAfter?.toISOString() ?? null,
          expiresSoon,
          ready: state === 'active',
          advice:
            adviceFor(state, provider, false) ??
            (expiresSoon ? `Sertifikat elektronik ${official.titledName()} berakhir dalam ${expiry.daysLeft} hari` : null),
        };
      }),
    );
    const ready = entries.some((e) => e.ready);
    const missing = entries.filter((e) => !e.ready);
    return {
      provider,
      ready,
      entries,
      message: !entries.length
        ? null
        : !ready
          ? `Naskah ini belum dapat ditandatangani secara elektronik: ${missing.map((e) => `${e.name} (${e.advice})`).join('; ')}`
          : entries.some((e) => e.expiresSoon)
            ? entries
                .filter((e) => e.expiresSoon)
                .map((e) => e.advice)
                .join('; ')
            : null,
    };
  }
}
