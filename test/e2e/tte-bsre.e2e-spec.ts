import { spawnSync } from 'node:child_process';
import { KeyObject, randomBytes, randomInt, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  checkPdfSignature,
  LocalCertificateAuthority,
  renderLetter,
  type Signer,
  SigningError,
  type SigningErrorCode,
  signPades,
  startTimestampAuthority,
} from '@naskah/letter';
import { BSRE_CLIENT_REFUSED, BSRE_UNAVAILABLE, type BsreOptions, BsreSigningProvider } from '@naskah/letter';
import { type BsreSimFault, type BsreSimulator, type SimSignatureProperties, type SimUser, startBsreSimulator } from '../support/bsre-simulator';

/**
 * The bsre signing provider against a BSrE stand-in over loopback HTTP: the contract as the README's
 * "TTE with BSrE" section states it. The stand-in signs with a certificate the local CA issues to each
 * official (with an RFC 3161 time-stamp, as BSrE's signatures carry), so the signature names them.
 */

const CLIENT = { clientId: 'naskah-uji', clientSecret: `klien-${randomBytes(8).toString('hex')}` };
/** What every failing sign below sends as the passphrase: it must never come back in any form. */
const SECRET = `Rahasia-${randomBytes(8).toString('hex')}`;
const NIK_FORMAT = 'NIK harus 16 digit angka';
const NOT_REGISTERED = 'NIK belum terdaftar di BSrE; lakukan pendaftaran sertifikat elektronik';

const dir = mkdtempSync(join(tmpdir(), 'naskah-bsre-'));
let ca: LocalCertificateAuthority;
let tsa: { url: string; close(): Promise<void> };
let sim: BsreSimulator;
let letter: Buffer;
/** The officials BSrE holds a key for, by NIK; and what the last signature was asked to show. */
const keys = new Map<string, { name: string; key: KeyObject; cert: X509Certificate }>();
let lastProperties: SimSignatureProperties | null = null;

/** The common name in an X509Certificate subject, its escapes (commas in degrees) undone. */
const commonName = (subject: string) => /^CN=(.*)$/m.exec(subject)?.[1].replace(/\\(.)/g, '$1');
const randomNik = () => `3${Array.from({ length: 15 }, () => randomInt(10)).join('')}`;
const randomNip = () => `19${Array.from({ length: 16 }, () => randomInt(10)).join('')}`;

function signerFor(nik: string | null, name = `Dr. H. Ahmad Fauzi ${randomBytes(2).toString('hex')}, S.H., M.Si.`): Signer {
  return {
    officialId: randomBytes(8).toString('hex'),
    name,
    nip: randomNip(),
    nik,
    organizationName: 'Dinas Koperasi dan Usaha Mikro Kota Batam',
    credential: null,
  };
}

/** An official with a BSrE certificate in the given state and the given passphrase. */
function official(status: SimUser['status'] = 'ISSUE', passphrase = SECRET): Signer {
  const signer = signerFor(randomNik());
  const issued = ca.issue({ name: signer.name, nip: signer.nip, organizationName: signer.organizationName }, passphrase);
  keys.set(signer.nik!, {
    name: signer.name,
    key: LocalCertificateAuthority.unlock(issued.encryptedKeyPem, passphrase),
    cert: new X509Certificate(issued.certificatePem),
  });
  sim.addUser({ nik: signer.nik!, passphrase, status });
  return signer;
}

const provider = (opts: Partial<BsreOptions> = {}) => new BsreSigningProvider({ baseUrl: sim.url, ...CLIENT, timeoutMs: 5_000, ...opts });

const signRequest = (signer: Signer, passphrase = SECRET) => ({
  pdf: letter,
  signer,
  passphrase,
  reason: 'Penandatanganan Surat Dinas',
  location: 'Batam',
  contactInfo: 'dkum@batam.go.id',
});

async function failure(p: Promise<unknown>): Promise<SigningError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof SigningError)) throw new Error(`expected a SigningError, got ${inspect(e)}`);
  return e;
}

/** Every way the error could be shown, logged or serialised. */
const renderings = (e: Error) => [e.message, e.stack ?? '', JSON.stringify(e), String(e), inspect(e, { showHidden: true, depth: null })];

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  ca = LocalCertificateAuthority.open(dir, 'BSrE Simulasi (uji)');
  tsa = await startTimestampAuthority({ ca });
  sim = await startBsreSimulator({
    ...CLIENT,
    sign: async (pdf, user, props) => {
      lastProperties = props;
      const k = keys.get(user.nik)!;
      const signed = await signPades(pdf, {
        key: k.key,
        chain: [k.cert.raw, ca.caCertificateDer],
        reason: props.reason ?? '',
        name: k.name,
        location: props.location ?? '',
        contactInfo: '',
        tsaUrl: tsa.url,
      });
      return signed.pdf;
    },
  });
  letter = await renderLetter({
    letterhead: { government: 'PEMERINTAH KOTA BATAM', office: 'DINAS KOPERASI DAN USAHA MIKRO', address: 'Jl. Engku Putri No. 1, Batam Centre' },
    city: 'Batam',
    kindName: 'Surat Dinas',
    layout: 'surat',
    number: '000.8.3.3/0001/DKUM/2026',
    date: new Date(),
    classification: 'biasa',
    urgency: 'segera',
    attachments: 0,
    subject: 'Undangan Rapat Evaluasi Koperasi Simpan Pinjam',
    recipients: ['Kepala Bidang Izin Usaha Simpan Pinjam'],
    bodyHtml: '<p>Dengan hormat, kami mengundang Bapak/Ibu menghadiri rapat evaluasi.</p>',
    signatureBlock: ['KEPALA DINAS,', '(TTE)', 'Dr. H. Ahmad Fauzi, S.H., M.Si.', 'NIP. 19700101 199003 1 001'],
    tembusan: [],
    verificationUrl: 'https://naskah.example.go.id/api/v1/verify/ABCDEFGHJKLMNPQR',
  });
});

afterEach(() => sim.setFault(null));

afterAll(async () => {
  await sim?.close();
  await tsa?.close();
});

describe('status: check/status answers mapped to the port', () => {
  it.each([
    ['ISSUE', { state: 'active', certificate: null }],
    ['EXPIRED', { state: 'expired', certificate: null }],
    ['REVOKE', { state: 'revoked' }],
    ['SUSPEND', { state: 'suspended' }],
  ] as const)('%s', async (status, expected) => {
    await expect(provider().status(official(status))).resolves.toEqual(expected);
  });

  it('a NIK BSrE does not know (NOT_REGISTERED) is not enrolled', async () => {
    await expect(provider().status(signerFor(randomNik()))).resolves.toEqual({ state: 'not_enrolled' });
  });

  it('an official without a NIK is not enrolled, and BSrE is not asked', async () => {
    const before = sim.requests.length;
    await expect(provider().status(signerFor(null))).resolves.toEqual({ state: 'not_enrolled' });
    expect(sim.requests.length).toBe(before);
  });

  it('BSrE refusing the client credentials, or down, is UNAVAILABLE: the status cannot be told', async () => {
    const signer = official();
    const refused = await failure(provider({ clientSecret: 'salah' }).status(signer));
    expect([refused.code, refused.message]).toEqual(['UNAVAILABLE', BSRE_CLIENT_REFUSED]);
    sim.setDown(true);
    const down = await failure(provider().status(signer));
    expect([down.code, down.message]).toEqual(['UNAVAILABLE', BSRE_UNAVAILABLE]);
  });
});

describe('enrol: links a NIK that holds a BSrE certificate; stores nothing', () => {
  it.each([[null], ['1234'], ['32710112345678ab'], ['32710112345678901'], [' 3271011234567890']])(
    'NIK %p is refused before BSrE is asked',
    async (nik) => {
      const before = sim.requests.length;
      const e = await failure(provider().enrol(signerFor(nik), null));
      expect([e.code, e.message]).toEqual(['REJECTED', NIK_FORMAT]);
      expect(sim.requests.length).toBe(before);
    },
  );

  it('an issued certificate: nothing to store, status active; only check/status was asked and no passphrase sent', async () => {
    const signer = official();
    const before = sim.requests.length;
    await expect(provider().enrol(signer, SECRET)).resolves.toEqual({ credential: null, status: { state: 'active', certificate: null } });
    expect(sim.requests.slice(before)).toEqual([{ path: '/api/v2/user/check/status', nik: signer.nik }]);
  });

  it.each([
    ['not registered', () => signerFor(randomNik()), { state: 'not_enrolled' }],
    ['expired', () => official('EXPIRED'), { state: 'expired', certificate: null }],
  ])('%s: the status says so (the caller decides)', async (_, make, status) => {
    await expect(provider().enrol(make(), null)).resolves.toEqual({ credential: null, status });
  });
});

describe('sign', () => {
  it("returns BSrE's signed PDF: a valid PAdES signature, time-stamped, by the official's own certificate", async () => {
    const signer = official('ISSUE', 'Passphrase-Benar-123');
    const before = sim.requests.length;
    const result = await provider().sign(signRequest(signer, 'Passphrase-Benar-123'));

    expect(result.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const check = checkPdfSignature(result.pdf);
    if (!check.ok) throw new Error(check.problem);
    expect(commonName(check.subject)).toBe(signer.name);
    expect(result.certificate).toEqual(check.certificate);
    expect(commonName(result.certificate.subject)).toBe(signer.name);
    expect(commonName(result.certificate.issuer)).toBe('BSrE Simulasi (uji)');
    expect(result.certificate.notAfter.getTime()).toBeGreaterThan(Date.now());
    expect(result.timestampedAt).toBeInstanceOf(Date);
    expect(Math.abs(result.timestampedAt!.getTime() - Date.now())).toBeLessThan(60_000);
    // Invisible: the letter already carries its signature block and QR code.
    expect(lastProperties).toEqual({ tampilan: 'INVISIBLE', reason: 'Penandatanganan Surat Dinas', location: 'Batam' });
    expect(sim.requests.slice(before)).toEqual([{ path: '/api/v2/sign/pdf', nik: signer.nik }]);
    expect(JSON.stringify(sim.requests)).not.toContain('Passphrase-Benar-123');

    // As an outside party sees it.
    const file = join(dir, `${signer.nik}.pdf`);
    writeFileSync(file, result.pdf);
    const pdfsig = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    expect(pdfsig.stdout).toContain(`Signer Certificate Common Name: ${signer.name}`);
    expect(pdfsig.stdout).toContain('Signature is Valid');
  });

  interface Case {
    /** The official to sign as; SECRET is always the passphrase sent. */
    signer: () => Signer;
    fault?: BsreSimFault;
    opts?: () => Promise<Partial<BsreOptions>> | Partial<BsreOptions>;
    code: SigningErrorCode;
    message: string | RegExp;
  }
  const inactive = (s: SimUser['status'], words: string): Case => ({
    signer: () => official(s),
    code: 'CERTIFICATE_INACTIVE',
    message: new RegExp(words),
  });
  const unavailable = (fault: BsreSimFault, message: string | RegExp = BSRE_UNAVAILABLE): Case => ({
    signer: () => official(),
    fault,
    code: 'UNAVAILABLE',
    message,
  });
  const cases: Record<string, Case> = {
    'wrong passphrase': { signer: () => official('ISSUE', 'Passphrase-Lain-456'), code: 'WRONG_PASSPHRASE', message: 'Passphrase salah' },
    'NIK not registered at BSrE': { signer: () => signerFor(randomNik()), code: 'NOT_ENROLLED', message: NOT_REGISTERED },
    'no NIK linked': { signer: () => signerFor(null), code: 'NOT_ENROLLED', message: NOT_REGISTERED },
    'NIK malformed': { signer: () => signerFor('12345'), code: 'REJECTED', message: NIK_FORMAT },
    'certificate expired': inactive('EXPIRED', 'kedaluwarsa'),
    'certificate revoked': inactive('REVOKE', 'dicabut'),
    'certificate suspended': inactive('SUSPEND', 'ditangguhkan'),
    'client credentials refused (401)': {
      signer: () => official(),
      opts: () => ({ clientSecret: 'bukan-rahasia-klien' }),
      code: 'UNAVAILABLE',
      message: BSRE_CLIENT_REFUSED,
    },
    'simulator down (503, HTML)': unavailable('down'),
    'server error (500, JSON)': unavailable('server-error'),
    'garbage 200 (HTML)': unavailable('garbage'),
    'hangs: timeout': { ...unavailable('hang'), opts: () => ({ timeoutMs: 500 }) },
    'stops half-way through the answer: timeout': { ...unavailable('hang-body'), opts: () => ({ timeoutMs: 500 }) },
    'nothing listens (connection refused)': {
      signer: () => official(),
      opts: async () => ({ baseUrl: `http://127.0.0.1:${await closedPort()}` }),
      code: 'UNAVAILABLE',
      message: BSRE_UNAVAILABLE,
    },
    '200 with a file that is not a PDF': unavailable('not-pdf', /bukan PDF/),
    '200 with the PDF unsigned': unavailable('unsigned', /tanpa tanda tangan yang sah/),
    '200 carrying an error instead of the file': {
      signer: () => official(),
      fault: 'error-in-200',
      code: 'WRONG_PASSPHRASE',
      message: 'Passphrase salah',
    },
    'a 400 that repeats the passphrase': {
      signer: () => official(),
      fault: 'echo-secret',
      code: 'REJECTED',
      message: 'BSrE menolak permintaan: Dokumen tidak dapat diproses untuk ***',
    },
  };

  it.each(Object.entries(cases))('%s: the right SigningError, and neither the passphrase nor the client secret in it', async (_, c) => {
    const signer = c.signer();
    const p = provider(await c.opts?.());
    if (c.fault) sim.setFault(c.fault);
    const e = await failure(p.sign(signRequest(signer)));
    expect(e.code).toBe(c.code);
    if (typeof c.message === 'string') expect(e.message).toBe(c.message);
    else expect(e.message).toMatch(c.message);
    for (const shown of renderings(e)) {
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(CLIENT.clientSecret);
    }
    expect(JSON.stringify(sim.requests)).not.toContain(SECRET);
  });

  it.each([
    ['never answers', 'hang'],
    ['stops half-way through its answer', 'hang-body'],
  ] as const)('a BSrE that %s is UNAVAILABLE within the configured timeout', async (_, fault) => {
    const signer = official();
    sim.setFault(fault);
    const started = Date.now();
    const e = await failure(provider({ timeoutMs: 800 }).sign(signRequest(signer)));
    const elapsed = Date.now() - started;
    expect([e.code, e.message]).toEqual(['UNAVAILABLE', BSRE_UNAVAILABLE]);
    expect(elapsed).toBeGreaterThanOrEqual(750);
    expect(elapsed).toBeLessThan(800 + 2_000);
  });
});
