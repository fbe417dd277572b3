import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { InvalidInputException } from './validation';

const KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

/** The optional Idempotency-Key header: a repeat with the same key returns the first answer. */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const raw = ctx.switchToHttp().getRequest().headers['idempotency-key'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !KEY.test(raw)) {
    throw new InvalidInputException([
      { field: 'Idempotency-Key', reasons: ['harus 8-100 karakter huruf, angka, titik, titik dua, garis bawah atau tanda hubung'] },
    ]);
  }
  return raw;
});
