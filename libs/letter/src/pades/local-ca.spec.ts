import { spawn } from 'node:child_process';
import { createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as pkijs from 'pkijs';
import { SigningError } from '../signing/signing-provider';
import { LocalCertificateAuthority } from './local-ca';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const NAME = 'naskah CA Lokal (uji)';
const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'naskah-ca-'));
  dirs.push(d);
  return join(d, 'ca');
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The extension's DER value in a certificate, found by OID; undefined when absent. */
function extension(cert: X509Certificate, oid: string): pkijs.Extension | undefined {
  return pkijs.Certificate.fromBER(cert.raw).extensions?.find((e) => e.extnID === oid);
}

describe('LocalCertificateAuthority', () => {
  const dir = freshDir();
  const ca = LocalCertificateAuthority.open(dir, NAME);

  it('is generated once: a root CA and a time-stamping certificate it issued, files readable by the owner only', () => {
    const root = new X509Certificate(ca.caCertificatePem);
    expect(root.ca).toBe(true);
    expect(root.subject).toContain(`CN=${NAME}`);
    expect(root.checkIssued(root) && root.verify(root.publicKey)).toBe(true);
    expect(new Date(root.validTo).getTime() - Date.now()).toBeGreaterThan(9.9 * 365 * 86_400_000);
    const tsa = ca.tsaCertificate;
    expect(tsa.ca).toBe(false);
    expect(tsa.checkIssued(root) && tsa.verify(root.publicKey)).toBe(true);
    expect(tsa.checkPrivateKey(ca.tsaKey)).toBe(true);
    // RFC 3161 §2.3: extended key usage timeStamping only, critical.
    expect(tsa.keyUsage).toEqual(['1.3.6.1.5.5.7.3.8']);
    expect(extension(tsa, '2.5.29.37')?.critical).toBe(true);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    expect(LocalCertificateAuthority.open(dir, 'another name').caCertificatePem).toBe(ca.caCertificatePem);
  });

  it('issues an official their own certificate: CN name, serialNumber NIP, O organisation, C=ID, for signing', () => {
    const { certificatePem, encryptedKeyPem } = ca.issue(
      { name: 'Dr. Budi Santoso, M.Si.', nip: '197001011995031001', organizationName: 'Dinas Komunikasi dan Informatika' },
      'rahasia-123',
      30,
      { crlUrl: 'http://127.0.0.1:3181/ca.crl' },
    );
    const cert = new X509Certificate(certificatePem);
    expect(cert.subject.split('\n')).toEqual([
      'CN=Dr. Budi Santoso\\, M.Si.',
      'serialNumber=197001011995031001',
      'O=Dinas Komunikasi dan Informatika',
      'C=ID',
    ]);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca.caCertificate) && cert.verify(ca.caCertificate.publicKey)).toBe(true);
    expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36']));
    expect(cert.toLegacyObject().ext_key_usage).toBeDefined();
    expect(extension(cert, '2.5.29.31')).toBeDefined();
    const days = (new Date(cert.validTo).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    expect(encryptedKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    expect(cert.checkPrivateKey(LocalCertificateAuthority.unlock(encryptedKeyPem, 'rahasia-123'))).toBe(true);
    expect(LocalCertificateAuthority.certificateInfo(certificatePem)).toMatchObject({
      subject: cert.subject,
      issuer: ca.caCertificate.subject,
      serialNumber: cert.serialNumber.toUpperCase(),
      notAfter: new Date(cert.validTo),
    });
  });

  it.each(['salah-sekali', '', 'rahasia-1234'])('a wrong passphrase (%j) does not unlock the key', (passphrase) => {
    const { encryptedKeyPem } = ca.issue({ name: 'A', nip: '198001012005011001', organizationName: 'Dinas' }, 'rahasia-123');
    expect(() => LocalCertificateAuthority.unlock(encryptedKeyPem, passphrase)).toThrow(SigningError);
    expect(() => LocalCertificateAuthority.unlock(encryptedKeyPem, passphrase)).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSPHRASE', message: 'Passphrase salah' }),
    );
  });

  it('signs a revocation list that names it and verifies under its key', () => {
    const crl = pkijs.CertificateRevocationList.fromBER(ca.crl());
    expect(crl.issuer.toString()).toBe(pkijs.Certificate.fromBER(ca.caCertificateDer).subject.toString());
    expect(crl.revokedCertificates ?? []).toHaveLength(0);
    expect(crl.nextUpdate!.value.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(
      verify('sha256', Buffer.from(crl.tbsView), createPublicKey(ca.caCertificatePem), Buffer.from(crl.signatureValue.valueBlock.valueHexView)),
    ).toBe(true);
  });

  it('processes opening a new folder at the same moment all end up with one CA', async () => {
    const shared = freshDir();
    const at = Date.now() + 2000;
    const script = `
      const { transformSync } = require('@swc/core');
      const fs = require('node:fs');
      require.extensions['.ts'] = (m, f) =>
        m._compile(transformSync(fs.readFileSync(f, 'utf8'), { filename: f, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }).code, f);
      const { LocalCertificateAuthority } = require(${JSON.stringify(join(__dirname, 'local-ca.ts'))});
      while (Date.now() < ${at});
      process.stdout.write(LocalCertificateAuthority.open(${JSON.stringify(shared)}, 'CA ' + process.pid).caCertificate.fingerprint256);`;
    const run = () =>
      new Promise<string>((done, fail) => {
        const child = spawn(process.execPath, ['-e', script], { cwd: ROOT });
        let out = '';
        let err = '';
        child.stdout.on('data', (b: Buffer) => (out += b));
        child.stderr.on('data', (b: Buffer) => (err += b));
        child.once('exit', (code) => (code === 0 ? done(out) : fail(new Error(err))));
      });
    const seen = await Promise.all(Array.from({ length: 4 }, run));
    expect(new Set(seen).size).toBe(1);
    expect(LocalCertificateAuthority.open(shared, NAME).caCertificate.fingerprint256).toBe(seen[0]);
    expect(readdirSync(shared)).toEqual(['local-ca.json']);
  });
});
