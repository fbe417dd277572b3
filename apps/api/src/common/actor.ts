import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

/** Who is calling: the verified token's subject, with organisation and roles read from the database. */
export interface Actor {
  officialId: string;
  organizationId: string;
  nip: string;
  roles: string[];
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor as Actor;
});

export const IS_PUBLIC = 'naskah:public';
/** Marks a route that needs no login (login itself, health, public verification). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
