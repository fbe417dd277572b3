import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, DomainErrorCode, assertNever } from '@naskah/domain';
import { ArchiveUnavailable } from '@naskah/letter';
import { ErrorResponseDto } from './error-response';

export function statusOf(code: DomainErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
      return HttpStatus.BAD_REQUEST;
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'FORBIDDEN':
      return HttpStatus.FORBIDDEN;
    case 'CONFLICT':
      return HttpStatus.CONFLICT;
    case 'RULE_VIOLATION':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return assertNever(code);
  }
}

const HTTP_CODES: Record<number, { code: string; message: string }> = {
  400: { code: 'INVALID_INPUT', message: 'Permintaan tidak valid' },
  401: { code: 'UNAUTHENTICATED', message: 'Silakan masuk terlebih dahulu' },
  403: { code: 'FORBIDDEN', message: 'Anda tidak berwenang untuk tindakan ini' },
  404: { code: 'NOT_FOUND', message: 'Tidak ditemukan' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'Metode tidak diizinkan' },
  409: { code: 'CONFLICT', message: 'Terjadi konflik keadaan' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: 'Isian terlalu besar' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Jenis isian tidak didukung' },
  422: { code: 'RULE_VIOLATION', message: 'Aturan tidak terpenuhi' },
  429: { code: 'TOO_MANY_REQUESTS', message: 'Terlalu banyak permintaan. Coba lagi nanti.' },
  503: { code: 'UNAVAILABLE', message: 'Layanan sedang tidak tersedia. Coba lagi nanti.' },
};

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.floor(bytes / 1024)} KB`);

/** body-parser's errors (http-errors with a `type`), in Indonesian; the client's fault, so never a 500. */
const BODY_ERRORS: Record<string, (e: { limit?: number }) => Omit<ErrorResponseDto, 'statusCode'> & { status: number }> = {
  'entity.parse.failed': () => ({ status: 400, code: 'INVALID_INPUT', message: 'Isian bukan JSON yang sah', field: 'body' }),
  'entity.too.large': (e) => ({
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: e.limit ? `Isian terlalu besar (paling besar ${size(e.limit)})` : HTTP_CODES[413].message,
  }),
  'charset.unsupported': () => ({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Set karakter tidak didukung: kirim JSON dalam UTF-8' }),
  'encoding.unsupported': () => ({
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Content-Encoding tidak didukung: kirim isian tanpa kompresi',
  }),
  'request.aborted': () => ({ status: 400, code: 'INVALID_INPUT', message: 'Permintaan terputus sebelum isian diterima lengkap' }),
  'request.size.invalid': () => ({ status: 400, code: 'INVALID_INPUT', message: 'Panjang isian tidak sama dengan Content-Length' }),
};

function bodyError(exception: unknown): ErrorResponseDto | undefined {
  const e = exception as { type?: unknown; status?: unknown; expose?: unknown; limit?: number; name?: unknown } | null;
  const mapped = typeof e?.type === 'string' && Object.hasOwn(BODY_ERRORS, e.type) ? BODY_ERRORS[e.type](e) : undefined;
  if (mapped) {
    const { status, ...rest } = mapped;
    return { statusCode: status, ...rest };
  }
  // Any other client error of the request's stream or parser: http-errors marks them `expose`, multer names its own.
  if (e?.name === 'MulterError') return { statusCode: 400, ...HTTP_CODES[400] };
  if (e?.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { statusCode: e.status, ...(HTTP_CODES[e.status] ?? HTTP_CODES[400]) };
  }
  return undefined;
}

const DB_UNAVAILABLE = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR', 'POOL_CLOSED'];

/** The one exception filter: domain errors, HTTP errors, and anything else as a logged 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (exception instanceof ArchiveUnavailable) this.logger.warn(exception.message);
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorResponseDto {
    if (exception instanceof DomainError) {
      return {
        statusCode: statusOf(exception.code),
        code: exception.code,
        message: exception.message,
        ...(exception.pasal ? { pasal: exception.pasal } : {}),
        ...(exception.field ? { field: exception.field } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const r = exception.getResponse();
      const known = HTTP_CODES[status] ?? { code: 'ERROR', message: 'Terjadi kesalahan' };
      if (typeof r === 'object' && r && 'details' in r && status === 503) {
        // Health check: keep which dependency is down.
        return { statusCode: status, ...HTTP_CODES[503], ...(r as object) } as ErrorResponseDto;
      }
      if (typeof r === 'object' && r && 'code' in r) {
        return { statusCode: status, ...(r as Omit<ErrorResponseDto, 'statusCode'>) };
      }
      // Express body-parser errors (malformed JSON) carry English text; say it in Indonesian.
      const type = (exception.cause as { type?: string } | undefined)?.type ?? '';
      if (status === 400 && (type === 'entity.parse.failed' || /JSON/.test(exception.message))) {
        return { statusCode: 400, code: 'INVALID_INPUT', message: 'Isian bukan JSON yang sah', field: 'body' };
      }
      return { statusCode: status, code: known.code, message: known.message };
    }
    // The archive of signed PDFs (S3) cannot be reached: nothing about the letter can be said yet.
    if (exception instanceof ArchiveUnavailable) {
      return { statusCode: 503, code: 'UNAVAILABLE', message: 'Arsip naskah tidak dapat dihubungi. Coba lagi nanti.' };
    }
    // First: a client's socket reset while its body is read also says ECONNRESET.
    const fromBody = bodyError(exception);
    if (fromBody) return fromBody;
    const err = exception as { code?: string; driverError?: { code?: string } };
    const dbCode = err?.driverError?.code ?? err?.code;
    if (dbCode && DB_UNAVAILABLE.includes(dbCode)) {
      return { statusCode: 503, code: 'UNAVAILABLE', message: 'Basis data tidak dapat dihubungi. Coba lagi nanti.' };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Terjadi kesalahan pada server' };
  }
}
