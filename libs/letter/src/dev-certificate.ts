import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { SigningIdentity } from './sign-pdf';

/**
 * The organisation's signing identity: a configured PKCS#12 (production, e.g. a BSrE
 * certificate), else a self-signed development certificate generated once under the data folder.
 */
export function signingIdentity(opts: {
  p12Path?: string;
  passphrase: string;
  dataDir: string;
  organizationCode: string;
  organizationName: string;
  production: boolean;
}): SigningIdentity {
  if (opts.p12Path) return { p12: readFileSync(opts.p12Path), passphrase: opts.passphrase };
  if (opts.production) throw new Error('SIGNING_P12_PATH is required in production (a certified BSrE certificate)');
  const dir = join(opts.dataDir, 'keys');
  const file = join(dir, `${opts.organizationCode}.p12`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
    cert.validity.notBefore = new Date(Date.now() - 86_400_000);
    cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 86_400_000);
    const subject = [
      { name: 'commonName', value: `${opts.organizationName} (pengembangan)` },
      { name: 'organizationName', value: opts.organizationName },
      { name: 'countryName', value: 'ID' },
    ];
    cert.setSubject(subject);
    cert.setIssuer(subject);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true },
    ]);
    cert.sign(key, forge.md.sha256.create());
    const p12 = forge.pkcs12.toPkcs12Asn1(key, [cert], opts.passphrase, { algorithm: '3des' });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'), { mode: 0o600 });
    renameSync(tmp, file);
  }
  return { p12: readFileSync(file), passphrase: opts.passphrase };
}
