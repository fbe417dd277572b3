import { X509Certificate } from 'node:crypto';
import { certificateInfo } from '../pades/cms';
import { LocalCertificateAuthority } from '../pades/local-ca';
import { signPades } from '../pades/pades-signer';
import { CertificateStatus, SigningError, SigningProvider, Signer, SignRequest, SignResult, StoredCredential } from './signing-provider';

export const MIN_PASSPHRASE_LENGTH = 8;
/** What the letter's footer says of the issuer: never BSrE. */
export const LOCAL_CA_ISSUER_LABEL = 'CA lokal naskah (pengembangan, bukan BSrE)';

/** Officials' certificates parsed once (a PEM parse per status check and per signature cost about a millisecond each). */
const parsed = new Map<string, X509Certificate>();
const PARSED_KEPT = 256;

function x509(pem: string): X509Certificate {
  let cert = parsed.get(pem);
  if (!cert) {
    cert = new X509Certificate(pem);
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
    parsed.set(pem, cert);
  }
  return cert;
}

/** Why a passphrase is refused at enrolment, in the words shown to the official; null when it is acceptable. */
export function passphraseProblem(passphrase: string | null, signer: Pick<Signer, 'nip'>): string | null {
  if (!passphrase) return 'Passphrase wajib diisi';
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) return `Passphrase minimal ${MIN_PASSPHRASE_LENGTH} karakter`;
  if (passphrase === signer.nip) return 'Passphrase tidak boleh sama dengan NIP';
  return null;
}

/**
 * Personal TTE with the project's own CA: each official has a certificate issued to them (CN = name,
 * serialNumber = NIP) whose key is stored encrypted under their passphrase. Development and tests only:
 * its certificates are not BSrE's and its footer says so.
 */
export class LocalCaSigningProvider implements SigningProvider {
  readonly name = 'local-ca' as const;
  readonly issuerLabel: string;
  private readonly ca: LocalCertificateAuthority;
  private readonly tsaUrl?: string;
  private readonly crlUrl?: string;
  private readonly now: () => Date;

  /** `tsaUrl`: PAdES B-T with that time-stamp authority; `crlUrl`: where the CA's revocation list is served, written into new certificates. */
  constructor(opts: { ca: LocalCertificateAuthority; tsaUrl?: string; crlUrl?: string; now?: () => Date }) {
    this.ca = opts.ca;
    this.tsaUrl = opts.tsaUrl;
    this.crlUrl = opts.crlUrl;
    this.now = opts.now ?? (() => new Date());
    this.issuerLabel = LOCAL_CA_ISSUER_LABEL;
  }

  async status(signer: Signer): Promise<CertificateStatus> {
    if (!signer.credential) return { state: 'not_enrolled' };
    const cert = x509(signer.credential.certificatePem);
    // A certificate of another (e.g. regenerated) local CA cannot be verified: enrol again.
    if (!this.issuedHere(cert)) return { state: 'not_enrolled' };
    const certificate = certificateInfo(cert);
    const now = this.now();
    if (certificate.notAfter < now || certificate.notBefore > now) return { state: 'expired', certificate };
    return { state: 'active', certificate };
  }

  private issuedHere(cert: X509Certificate): boolean {
    return cert.checkIssued(this.ca.caCertificate) && cert.verify(this.ca.caCertificate.publicKey);
  }

  async enrol(signer: Signer, passphrase: string | null): Promise<{ credential: StoredCredential | null; status: CertificateStatus }> {
    const problem = passphraseProblem(passphrase, signer);
    if (problem) throw new SigningError('REJECTED', problem);
    const credential = this.ca.issue({ name: signer.name, nip: signer.nip, organizationName: signer.organizationName }, passphrase!, undefined, {
      crlUrl: this.crlUrl,
    });
    return { credential, status: await this.status({ ...signer, credential }) };
  }

  async sign(req: SignRequest): Promise<SignResult> {
    const credential = req.signer.credential;
    if (!credential?.encryptedKeyPem)
      throw new SigningError('NOT_ENROLLED', 'Pejabat belum memiliki sertifikat elektronik; lakukan aktivasi TTE terlebih dahulu');
    const status = await this.status(req.signer);
    if (status.state === 'not_enrolled')
      throw new SigningError('NOT_ENROLLED', 'Sertifikat elektronik pejabat tidak diterbitkan oleh CA lokal ini; lakukan aktivasi ulang TTE');
    if (status.state !== 'active')
      throw new SigningError('CERTIFICATE_INACTIVE', 'Sertifikat elektronik pejabat sudah tidak berlaku; lakukan aktivasi ulang TTE');
    const key = LocalCertificateAuthority.unlock(credential.encryptedKeyPem, req.passphrase);
    const cert = x509(credential.certificatePem);
    if (!cert.checkPrivateKey(key)) throw new SigningError('REJECTED', 'Kunci privat tidak cocok dengan sertifikat elektronik pejabat');
    const { pdf, timestampedAt } = await signPades(req.pdf, {
      key,
      chain: [cert.raw, this.ca.caCertificateDer],
      reason: req.reason,
      name: req.signer.name,
      location: req.location,
      contactInfo: req.contactInfo,
      tsaUrl: this.tsaUrl,
    });
    return { pdf, certificate: certificateInfo(cert), timestampedAt };
  }
}
