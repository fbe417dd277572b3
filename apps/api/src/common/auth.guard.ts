import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SessionsService } from '../auth/sessions.service';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, IS_PUBLIC } from './actor';

/** Every route needs a current token unless marked @Public(); the actor comes from the database. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly sessions: SessionsService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    const req = ctx.switchToHttp().getRequest();
    const actor = await this.sessions.authenticate(req.headers.authorization);
    if (actor.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, [ctx.getHandler(), ctx.getClass()])) {
      throw new ForbiddenException({
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: 'Kata sandi sementara harus diganti terlebih dahulu (POST /api/v1/auth/password)',
      });
    }
    req.actor = actor;
    return true;
  }
}
