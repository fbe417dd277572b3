import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

/** Who is calling: the verified token's subject, with organisation and roles read from the database. */
export interface Actor {
  officialId: string;
  organizationId: string;
  nip: string;
  roles: string[];
  /** After an administrator's reset: only the routes marked @AllowedBeforePasswordChange() answer. */
  mustChangePassword: boolean;
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor as Actor;
});

export const IS_PUBLIC = 'naskah:public';
/** Marks a route that needs no login (login itself, health, public verification). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'naskah:allowed-before-password-change';
/** Marks a route an official with a temporary password may call (the change itself, who am I, logout). */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
