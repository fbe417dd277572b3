import { join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { BsreSigningProvider, LOCAL_CA_NAME, LocalCaSigningProvider, LocalCertificateAuthority, SigningProvider } from '@naskah/letter';
import { OrganizationEntity } from '@naskah/persistence';

/** The signing provider each organisation uses (SIGNING_PROVIDER, SIGNING_PROVIDER_BY_ORG), built once. */
@Injectable()
export class SigningProviders {
  private local?: LocalCaSigningProvider;
  private bsre?: BsreSigningProvider;

  constructor(@Inject(APP_CONFIG) private readonly cfg: AppConfig) {}

  nameFor(org: Pick<OrganizationEntity, 'code'>): 'local-ca' | 'bsre' {
    return this.cfg.SIGNING_PROVIDER_BY_ORG[org.code] ?? this.cfg.SIGNING_PROVIDER;
  }

  forOrganization(org: Pick<OrganizationEntity, 'code'>): SigningProvider {
    if (this.nameFor(org) === 'bsre') {
      this.bsre ??= new BsreSigningProvider({
        baseUrl: this.cfg.BSRE_BASE_URL!,
        clientId: this.cfg.BSRE_CLIENT_ID!,
        clientSecret: this.cfg.BSRE_CLIENT_SECRET!,
        timeoutMs: this.cfg.BSRE_TIMEOUT_MS,
      });
      return this.bsre;
    }
    this.local ??= new LocalCaSigningProvider({
      ca: LocalCertificateAuthority.open(resolve(this.cfg.LOCAL_CA_DIR ?? join(this.cfg.DATA_DIR, 'ca')), LOCAL_CA_NAME),
      tsaUrl: this.cfg.TSA_URL,
      crlUrl: this.cfg.LOCAL_CA_CRL_URL,
    });
    return this.local;
  }
}
