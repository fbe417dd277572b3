import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { TooManyAttemptsException } from './login-attempts.service';

/** A locked NIP's 429 says when to try again (Retry-After, in seconds). */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        if (e instanceof TooManyAttemptsException) ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(e.retryAfterSeconds));
        return throwError(() => e);
      }),
    );
  }
}
