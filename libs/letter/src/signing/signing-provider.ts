/**
 * The signing-provider port: how an official's personal electronic signature (TTE) is made.
 * Two adapters: `local-ca` (the project's own CA, development and tests) and `bsre` (the BSrE
 * esign API v2 of BSSN). The passphrase passes through `sign` and `enrol` and is never kept,
 * logged or returned by any adapter.
 */

/** Who signs: the official as the provider knows them. */
export interface Signer {
  officialId: string;
  /** The name as printed, with degrees (e.g. "Dr. H. Ahmad, S.H., M.Si."). */
  name: string;
  nip: string;
  /** Nomor Induk Kependudukan: BSrE identifies the certificate holder by it; null until linked. */
  nik: string | null;
  organizationName: string;
  /** What the adapter stored at enrolment (local-ca: the certificate and the passphrase-encrypted key); null if never enrolled. */
  credential: StoredCredential | null;
}

/** Kept in the database for a local-ca enrolment: nothing in it unlocks the key without the passphrase. */
export interface StoredCredential {
  /** PEM of the official's certificate. */
  certificatePem: string;
  /** PKCS#8 PEM of the private key, encrypted under the official's passphrase; absent for bsre. */
  encryptedKeyPem?: string;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** Upper-case hex. */
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

export type CertificateStatus =
  | { state: 'active'; certificate: CertificateInfo | null }
  | { state: 'not_enrolled' }
  | { state: 'expired'; certificate: CertificateInfo | null }
  | { state: 'revoked' }
  | { state: 'suspended' };

export interface SignRequest {
  pdf: Buffer;
  signer: Signer;
  passphrase: string;
  reason: string;
  location: string;
  contactInfo: string;
}

export interface SignResult {
  pdf: Buffer;
  certificate: CertificateInfo;
  /** The RFC 3161 time-stamp's genTime (PAdES B-T), null for B-B. */
  timestampedAt: Date | null;
}

export type SigningErrorCode =
  /** The passphrase does not unlock the signer's key. */
  | 'WRONG_PASSPHRASE'
  /** No certificate: never enrolled, or (BSrE) NIK not registered. */
  | 'NOT_ENROLLED'
  /** A certificate, but not usable: expired, revoked, suspended. */
  | 'CERTIFICATE_INACTIVE'
  /** The provider (or its TSA) cannot be reached or answered with a server error or not in time. */
  | 'UNAVAILABLE'
  /** The provider refused the request for another reason it stated. */
  | 'REJECTED';

export class SigningError extends Error {
  constructor(
    readonly code: SigningErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SigningError';
  }
}

export interface SigningProvider {
  readonly name: 'local-ca' | 'bsre';
  /** Who issues the certificates, as the letter's footer names it (never "BSrE" for the local CA). */
  readonly issuerLabel: string;
  /** The signer's certificate now; throws SigningError('UNAVAILABLE') when the provider cannot tell. */
  status(signer: Signer): Promise<CertificateStatus>;
  /**
   * Activation. local-ca: issues a certificate whose key is encrypted under the passphrase and
   * returns what to store. bsre: checks that the NIK holds an issued certificate (the passphrase is
   * BSrE's own and not asked here) and returns what to store (nothing secret).
   */
  enrol(signer: Signer, passphrase: string | null): Promise<{ credential: StoredCredential | null; status: CertificateStatus }>;
  /** A PAdES signature by the signer's own certificate over the whole PDF. */
  sign(req: SignRequest): Promise<SignResult>;
}
