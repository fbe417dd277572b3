import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from '@naskah/domain';
import { SigningError } from '@naskah/letter';

/** 503 in words: the signing provider (or its time-stamp authority) cannot be reached; nothing was signed or numbered. */
export class SigningUnavailableException extends HttpException {
  constructor(message: string, opts: { committed?: boolean } = {}) {
    super(
      {
        code: 'UNAVAILABLE',
        message: opts.committed ? message : `${message}. Naskah belum ditandatangani dan belum diberi nomor; langkah tetap menunggu Anda.`,
      },
      HttpStatus.SERVICE_UNAVAILABLE,
    );
  }
}

/** A signing transaction that waited too long for a row another signature holds (the number counter): 503, nothing was done. */
export function lockWaitToUnavailable(e: unknown): unknown {
  const code = (e as { driverError?: { code?: string }; code?: string })?.driverError?.code ?? (e as { code?: string })?.code;
  if (code === 'ER_LOCK_WAIT_TIMEOUT' || code === 'ER_LOCK_DEADLOCK') {
    return new SigningUnavailableException('Penomoran naskah sedang dipakai penandatanganan lain');
  }
  return e;
}

/** 429: signing is locked after wrong passphrases; says how long (Retry-After, in seconds). */
export class SigningLockedException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      {
        code: 'TOO_MANY_REQUESTS',
        message: `Penandatanganan dikunci karena passphrase salah 5 kali berturut-turut. Coba lagi dalam ${minutes} menit.`,
        field: 'passphrase',
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** A provider's refusal as the API says it: never with the passphrase (the adapters never put it in a message). */
export function signingErrorToDomain(e: SigningError, provider: 'local-ca' | 'bsre'): Error {
  switch (e.code) {
    case 'UNAVAILABLE':
      return new SigningUnavailableException(e.message);
    case 'WRONG_PASSPHRASE':
      return new DomainError('RULE_VIOLATION', e.message, { field: 'passphrase' });
    case 'NOT_ENROLLED':
      return new DomainError(
        'RULE_VIOLATION',
        provider === 'bsre' ? `${e.message} (pengguna tidak terdaftar); lalu lakukan Aktivasi TTE` : `${e.message}`,
        { field: 'passphrase' },
      );
    case 'CERTIFICATE_INACTIVE':
      return new DomainError('RULE_VIOLATION', `${e.message}; perbarui sertifikat melalui menu Aktivasi TTE`, { field: 'passphrase' });
    case 'REJECTED':
      return new DomainError('RULE_VIOLATION', e.message, { field: provider === 'bsre' ? 'nik' : 'passphrase' });
  }
}
