import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { OfficialEntity } from '@naskah/persistence';
import { Actor } from '../common/actor';

export const TOKEN_ISSUER = 'naskah-api';
export const TOKEN_AUDIENCE = 'naskah-api';
/** How long this process trusts what it read about an official (roles, active, token version). */
export const SESSION_CACHE_MS = 3_000;

/** The only claims the API trusts: who (sub) and which generation of their tokens (ver). */
interface TokenClaims {
  sub: string;
  ver: number;
  exp: number;
}

interface CachedOfficial {
  actor: Actor;
  active: boolean;
  tokenVersion: number;
  until: number;
}

// Header, payload and signature in base64url; anything else is refused before any crypto.
const BEARER = /^Bearer ([A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,512})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CACHE_LIMIT = 10_000;

const unauthenticated = (message = 'Sesi tidak sah atau sudah berakhir. Silakan masuk kembali.') =>
  new UnauthorizedException({ code: 'UNAUTHENTICATED', message });

/**
 * Bearer tokens: HS256 only, with expiry, issuer and audience. A token names an official and a
 * token version; organisation, roles and active status always come from the database.
 */
@Injectable()
export class SessionsService {
  private readonly cache = new Map<string, CachedOfficial>();
  /** Bumped on every revocation, so a database read that began before it is not cached after it. */
  private generation = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  issue(official: Pick<OfficialEntity, 'id' | 'tokenVersion'>): Promise<string> {
    return this.jwt.signAsync(
      { ver: official.tokenVersion },
      { algorithm: 'HS256', subject: official.id, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, expiresIn: this.cfg.JWT_TTL_SECONDS },
    );
  }

  /** The caller of a request, from its Authorization header; 401 for anything but a current, valid token. */
  async authenticate(header: unknown): Promise<Actor> {
    if (header === undefined || header === '') throw unauthenticated('Silakan masuk terlebih dahulu');
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) throw unauthenticated();
    const claims = await this.verify(match[1]);
    if (!claims) throw unauthenticated();
    // Outside the try: a database that cannot be reached is a 503, not a 401.
    const official = await this.official(claims.sub, claims.ver);
    if (!official || !official.active || official.tokenVersion !== claims.ver) throw unauthenticated();
    return { ...official.actor, roles: [...official.actor.roles] };
  }

  /**
   * Ends every token of the official, on every device (logout, password change, deactivation and
   * password reset by an administrator). This process forgets the official at once; other API
   * processes within SESSION_CACHE_MS. Inside a transaction (`within`), call forget() again once it
   * has committed: a request read in between would otherwise cache the old version.
   */
  async revokeTokens(officialId: string, within?: EntityManager): Promise<void> {
    await (within ?? this.ds.manager)
      .getRepository(OfficialEntity)
      .createQueryBuilder()
      .update()
      .set({ tokenVersion: () => 'token_version + 1' })
      .where('id = :id', { id: officialId })
      .execute();
    this.forget(officialId);
  }

  /** The next request of this official reads the database again. */
  forget(officialId: string): void {
    this.generation++;
    this.cache.delete(officialId);
  }

  private async verify(token: string): Promise<TokenClaims | null> {
    try {
      const p = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        // Requires iat too, and caps a token's life at the configured one whatever its exp says.
        maxAge: this.cfg.JWT_TTL_SECONDS,
      });
      const { sub, ver, exp } = p;
      if (typeof sub !== 'string' || !UUID.test(sub)) return null;
      if (typeof ver !== 'number' || !Number.isSafeInteger(ver) || ver < 0) return null;
      // jsonwebtoken accepts a token without exp; we do not.
      if (typeof exp !== 'number') return null;
      return { sub, ver, exp };
    } catch {
      return null;
    }
  }

  /** `tokenVersion`: a token newer than what is cached (a fresh login elsewhere) is checked against the database. */
  private async official(id: string, tokenVersion: number): Promise<CachedOfficial | null> {
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && hit.until > now && hit.tokenVersion >= tokenVersion) return hit;
    const generation = this.generation;
    const o = await this.ds.getRepository(OfficialEntity).findOne({
      where: { id },
      select: { id: true, organizationId: true, nip: true, roles: true, active: true, tokenVersion: true, mustChangePassword: true },
    });
    if (!o) return null;
    const entry: CachedOfficial = {
      actor: { officialId: o.id, organizationId: o.organizationId, nip: o.nip, roles: o.roles ?? [], mustChangePassword: o.mustChangePassword },
      active: o.active,
      tokenVersion: o.tokenVersion,
      until: Date.now() + SESSION_CACHE_MS,
    };
    if (generation === this.generation) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      this.cache.set(id, entry);
    }
    return entry;
  }
}
