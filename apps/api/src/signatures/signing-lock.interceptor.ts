import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { SigningLockedException } from './signing-errors';

/** A locked signer's 429 says when to try again (Retry-After, in seconds). */
@Injectable()
export class SigningLockInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        if (e instanceof SigningLockedException) ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(e.retryAfterSeconds));
        return throwError(() => e);
      }),
    );
  }
}
