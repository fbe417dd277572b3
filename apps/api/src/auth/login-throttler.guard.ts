import { ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';

/**
 * Login attempts per client address (req.ip: the socket's address, or the forwarded one only from a
 * proxy TRUST_PROXY names), counted in this process: a brake on one address trying many NIPs. The
 * lock that protects each NIP is LoginAttemptsService, shared through the database.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    throw new HttpException(
      { code: 'TOO_MANY_REQUESTS', message: 'Terlalu banyak percobaan masuk dari alamat ini. Coba lagi beberapa saat lagi.' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
