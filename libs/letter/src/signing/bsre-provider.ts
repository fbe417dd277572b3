import { X509Certificate } from 'node:crypto';
import { certificateInfo } from '../pades/cms';
import { checkPdfSignature } from '../pdf-signature';
import { SigningError } from './signing-provider';
import type { CertificateInfo, CertificateStatus, SigningErrorCode, SigningProvider, Signer, SignRequest, SignResult } from './signing-provider';

export interface BsreOptions {
  /** e.g. https://esign.example.go.id (no trailing /api). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Per request, connection to last byte of the answer. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const BSRE_UNAVAILABLE = 'Layanan TTE BSrE tidak dapat dihubungi; coba lagi nanti';
export const BSRE_CLIENT_REFUSED = 'Layanan TTE menolak kredensial aplikasi; hubungi administrator';
const NIK_FORMAT = 'NIK harus 16 digit angka';
const NIK_NOT_REGISTERED = 'NIK belum terdaftar di BSrE; lakukan pendaftaran sertifikat elektronik';
const INACTIVE = {
  expired: 'Sertifikat elektronik sudah kedaluwarsa; perpanjang sertifikat di BSrE',
  revoked: 'Sertifikat elektronik sudah dicabut; ajukan sertifikat baru ke BSrE',
  suspended: 'Sertifikat elektronik sedang ditangguhkan; hubungi BSrE',
  inactive: 'Sertifikat elektronik tidak aktif; hubungi BSrE',
} as const;
type Inactive = keyof typeof INACTIVE;

/** What a BSrE error answer means for the official; `inactive` says why a certificate cannot sign. */
export interface BsreFailure {
  code: SigningErrorCode;
  message: string;
  inactive?: Inactive;
}

const text = (body: Record<string, unknown> | null, key: string) => (typeof body?.[key] === 'string' ? (body[key] as string) : '');

/**
 * Reads a BSrE answer that is not a signed file. The error codes are not published: the words of
 * `error`/`message`/`status` decide first, whatever the HTTP status (public client code shows a wrong
 * passphrase as 400 and as 500), with the `status_code` values integrators have seen (2031 wrong
 * passphrase, 2011 user not registered); then the HTTP status. `secret` (the passphrase) is cut out
 * of anything BSrE says before it reaches a message.
 */
export function classifyBsreAnswer(httpStatus: number, body: Record<string, unknown> | null, secret?: string): BsreFailure {
  const said = [text(body, 'error'), text(body, 'message'), text(body, 'status')].filter(Boolean).join(' ');
  const code = Number(body?.status_code);
  // Words that say the passphrase was wrong, not merely mention it ("HSM error while verifying passphrase" on a 503 is an outage).
  const wrong =
    /passphrase.{0,40}(salah|tidak (sesuai|valid|cocok|benar)|wrong|invalid|incorrect|mismatch)|(salah|wrong|invalid|incorrect)\W{0,3}(\w+\W+){0,2}passphrase/i;
  if (code === 2031 || wrong.test(said)) return { code: 'WRONG_PASSPHRASE', message: 'Passphrase salah' };
  const unknownUser = /NOT_REGISTERED|\b(tidak|belum) terdaftar\b|\bnot registered\b|\b(user|nik|pengguna)\b.{0,20}\b(tidak ditemukan|not found)\b/i;
  if (code === 2011 || unknownUser.test(said)) return { code: 'NOT_ENROLLED', message: NIK_NOT_REGISTERED };
  const inactive: Inactive | null = /EXPIRED|k[ae]d[ae]?lu[wa]+rsa/i.test(said)
    ? 'expired'
    : /REVOKE|dicabut/i.test(said)
      ? 'revoked'
      : /SUSPEND|ditangguhkan|dibekukan/i.test(said)
        ? 'suspended'
        : /(sertifikat|certificate).{0,30}(tidak aktif|not active|inactive)/i.test(said)
          ? 'inactive'
          : null;
  if (inactive) return { code: 'CERTIFICATE_INACTIVE', message: INACTIVE[inactive], inactive };
  if (httpStatus === 401 || httpStatus === 403) return { code: 'UNAVAILABLE', message: BSRE_CLIENT_REFUSED };
  if (httpStatus < 400 || httpStatus >= 500 || httpStatus === 408 || httpStatus === 429) return { code: 'UNAVAILABLE', message: BSRE_UNAVAILABLE };
  let reason = text(body, 'message') || text(body, 'error');
  if (secret) reason = reason.split(secret).join('***');
  reason = reason.trim().slice(0, 300);
  return { code: 'REJECTED', message: reason ? `BSrE menolak permintaan: ${reason}` : `BSrE menolak permintaan (HTTP ${httpStatus})` };
}

/** Internal: a non-2xx answer, classified; callers turn it into a SigningError. */
class BsreAnswerError extends Error {
  constructor(readonly failure: BsreFailure) {
    super(failure.message);
  }
}

const fail = (f: BsreFailure) => new SigningError(f.code, f.message);
const unavailable = (message = BSRE_UNAVAILABLE) => new SigningError('UNAVAILABLE', message);

/** Signing without a NIK is not being enrolled; linking one that is missing or malformed is a refused request. */
function requireNik(signer: Signer, missing: SigningErrorCode): string {
  if (signer.nik === null) throw new SigningError(missing, missing === 'NOT_ENROLLED' ? NIK_NOT_REGISTERED : NIK_FORMAT);
  if (!/^\d{16}$/.test(signer.nik)) throw new SigningError('REJECTED', NIK_FORMAT);
  return signer.nik;
}

/** A certificate BSrE may add to a status answer (PEM or base64 DER); the field name is a guess. */
function statusCertificate(body: Record<string, unknown>): CertificateInfo | null {
  const raw = text(body, 'certificate');
  if (!raw) return null;
  try {
    return certificateInfo(new X509Certificate(raw.includes('-----BEGIN') ? raw : Buffer.from(raw, 'base64')));
  } catch {
    return null;
  }
}

/**
 * The BSrE esign API v2 of BSSN: the certificate is BSrE's, identified by the official's NIK and
 * unlocked by the passphrase BSrE gave them; the application authenticates with HTTP Basic client
 * credentials. The signature is INVISIBLE: the letter draws its own signature block and QR code,
 * so BSrE only adds the PAdES signature. The passphrase goes into the request body and nowhere else.
 */
export class BsreSigningProvider implements SigningProvider {
  readonly name = 'bsre' as const;
  readonly issuerLabel = 'Balai Besar Sertifikasi Elektronik (BSrE), BSSN';
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(opts: BsreOptions) {
    if (!/^https?:\/\//.test(opts.baseUrl)) throw new Error('BSrE base URL must be http(s)');
    if (!opts.clientId || opts.clientId.includes(':')) throw new Error('BSrE client id must be non-empty and without ":" (HTTP Basic)');
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${opts.clientId}:${opts.clientSecret}`).toString('base64')}`;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs <= 0) throw new Error('BSrE timeout must be a positive number of milliseconds');
    const f = opts.fetch ?? globalThis.fetch;
    this.fetch = (input, init) => f(input, init);
  }

  async status(signer: Signer): Promise<CertificateStatus> {
    if (signer.nik === null) return { state: 'not_enrolled' };
    const nik = requireNik(signer, 'REJECTED');
    let body: Record<string, unknown>;
    try {
      body = await this.post('/api/v2/user/check/status', { nik });
    } catch (e) {
      if (e instanceof BsreAnswerError) {
        if (e.failure.code === 'NOT_ENROLLED') return { state: 'not_enrolled' };
        if (e.failure.inactive === 'expired') return { state: 'expired', certificate: null };
        if (e.failure.inactive === 'revoked') return { state: 'revoked' };
        // "Not active" without a reason: the port has no such state; suspended is the one that sends the official to BSrE.
        if (e.failure.inactive === 'suspended' || e.failure.inactive === 'inactive') return { state: 'suspended' };
        throw fail(e.failure);
      }
      throw e;
    }
    const status = text(body, 'status').toUpperCase();
    if (!status) throw unavailable();
    switch (status) {
      case 'ISSUE':
        return { state: 'active', certificate: statusCertificate(body) };
      case 'EXPIRED':
        return { state: 'expired', certificate: statusCertificate(body) };
      case 'REVOKE':
      case 'REVOKED':
        return { state: 'revoked' };
      case 'SUSPEND':
      case 'SUSPENDED':
        return { state: 'suspended' };
      default:
        // NOT_REGISTERED, and any state before issuance (e.g. a registration still being verified): nothing to sign with yet.
        return { state: 'not_enrolled' };
    }
  }

  async enrol(signer: Signer, _passphrase: string | null): Promise<{ credential: null; status: CertificateStatus }> {
    requireNik(signer, 'REJECTED');
    return { credential: null, status: await this.status(signer) };
  }

  async sign(req: SignRequest): Promise<SignResult> {
    const nik = requireNik(req.signer, 'NOT_ENROLLED');
    if (!req.passphrase) throw new SigningError('WRONG_PASSPHRASE', 'Passphrase wajib diisi');
    let body: Record<string, unknown>;
    try {
      body = await this.post(
        '/api/v2/sign/pdf',
        {
          nik,
          passphrase: req.passphrase,
          signatureProperties: [{ tampilan: 'INVISIBLE', reason: req.reason, location: req.location }],
          file: [req.pdf.toString('base64')],
        },
        req.passphrase,
      );
    } catch (e) {
      throw e instanceof BsreAnswerError ? fail(e.failure) : e;
    }
    const file = Array.isArray(body.file) && typeof body.file[0] === 'string' ? Buffer.from(body.file[0], 'base64') : null;
    if (!file) {
      // A 2xx without the file: BSrE's words may still say why (some deployments answer errors with 200), else UNAVAILABLE.
      throw fail(classifyBsreAnswer(200, body, req.passphrase));
    }
    if (file.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw unavailable('Layanan TTE BSrE mengembalikan berkas yang bukan PDF; coba lagi nanti');
    const check = checkPdfSignature(file);
    if (!check.ok) throw unavailable('Layanan TTE BSrE mengembalikan PDF tanpa tanda tangan yang sah; coba lagi nanti');
    return { pdf: file, certificate: check.certificate, timestampedAt: check.timestampedAt };
  }

  /**
   * One JSON POST. Network errors, the timeout, redirects (the body holds the passphrase) and a 2xx
   * that is not a JSON object are UNAVAILABLE; a non-2xx is a BsreAnswerError. Nothing of the request
   * (nor the fetch error, whose cause could carry it) travels on in what is thrown.
   */
  private async post(path: string, payload: object, secret?: string): Promise<Record<string, unknown>> {
    let status: number;
    let raw: string;
    try {
      const res = await this.fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: this.authorization, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(payload),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      raw = await res.text();
    } catch {
      throw unavailable();
    }
    let body: unknown = null;
    try {
      body = JSON.parse(raw);
    } catch {
      body = null;
    }
    const object = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
    if (status >= 200 && status < 300) {
      if (!object) throw unavailable();
      return object;
    }
    throw new BsreAnswerError(classifyBsreAnswer(status, object, secret));
  }
}
