import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { Actor, IS_PUBLIC } from './actor';

interface TokenPayload {
  sub: string;
  org: string;
  nip: string;
  roles: string[];
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest();
    const header: string | undefined = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (!token) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'Silakan masuk terlebih dahulu' });
    try {
      const p = await this.jwt.verifyAsync<TokenPayload>(token);
      const actor: Actor = { officialId: p.sub, organizationId: p.org, nip: p.nip, roles: p.roles ?? [] };
      req.actor = actor;
      return true;
    } catch {
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'Sesi tidak sah atau sudah berakhir. Silakan masuk kembali.' });
    }
  }
}
