import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@naskah/config';

const SWEEP_AT = 10_000;

/**
 * The public upload, before a byte of it is read: VERIFY_THROTTLE_LIMIT uploads per client address
 * (req.ip: a forwarded address only from a proxy TRUST_PROXY names) per window, and at most
 * VERIFY_MAX_CONCURRENT at once in this process. Both answer 429 with Retry-After: from the
 * client's side each says "later", and a 5xx would blame the server for what a client sent.
 */
@Injectable()
export class VerifyUploadGuard implements CanActivate {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private active = 0;

  constructor(@Inject(APP_CONFIG) private readonly cfg: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const now = Date.now();
    const key = req.ip ?? req.socket.remoteAddress ?? '';
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size >= SWEEP_AT) this.sweep(now);
      window = { count: 0, resetAt: now + this.cfg.VERIFY_THROTTLE_TTL_SECONDS * 1000 };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (window.count > this.cfg.VERIFY_THROTTLE_LIMIT) {
      throw tooMany(res, Math.ceil((window.resetAt - now) / 1000), 'Terlalu banyak unggahan dari alamat ini. Coba lagi beberapa saat lagi.');
    }
    if (this.active >= this.cfg.VERIFY_MAX_CONCURRENT) {
      throw tooMany(res, 1, 'Terlalu banyak berkas sedang diperiksa. Coba lagi sebentar lagi.');
    }
    this.active += 1;
    res.once('close', () => (this.active -= 1));
    return true;
  }

  private sweep(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
  }
}

function tooMany(res: Response, retryAfterSeconds: number, message: string): HttpException {
  // Not read, the body is drained by Node after the answer (discarded, never hashed or kept); closing
  // the connection instead could reset it before the client has read this answer.
  res.setHeader('Retry-After', String(Math.max(1, retryAfterSeconds)));
  return new HttpException({ code: 'TOO_MANY_REQUESTS', message }, HttpStatus.TOO_MANY_REQUESTS);
}
