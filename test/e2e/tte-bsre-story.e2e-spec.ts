import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPdfSignature, LocalCertificateAuthority, signPades, startTimestampAuthority } from '@naskah/letter';
import { SignedLetterEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { asBinary, expectEventually, expectStatus, TestApi } from '../support/api';
import { BsreSimulator, startBsreSimulator } from '../support/bsre-simulator';
import { batamLetterAtSigner } from '../support/chain';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';
import { pdfcpuValidate, pdfsigValidate } from '../support/verifiers';

/**
 * The personal-TTE story with the `bsre` adapter, against the BSrE simulator (the esign API v2
 * contract, signing with per-official certificates of a CA standing in for BSrE): the Kepala Dinas
 * links his NIK, a wrong passphrase is 422 with nothing numbered, the right one signs with his
 * certificate and a time-stamp; BSrE down is 503 in words and the step still waits.
 */
const CLIENT = { clientId: 'naskah-uji', clientSecret: 'rahasia-klien-uji' };
const BSRE_PASSPHRASE = 'Passphrase-BSrE-Kadis';
const dir = mkdtempSync(join(tmpdir(), 'naskah-bsre-story-'));
const ca = LocalCertificateAuthority.open(join(dir, 'ca'), 'BSrE Simulasi (uji)');
let tsa: { url: string; crlUrl: string; close(): Promise<void> };
let sim: BsreSimulator;
const keys = new Map<string, { name: string; key: ReturnType<typeof LocalCertificateAuthority.unlock>; cert: X509Certificate }>();
const overrides: Record<string, string> = {
  SIGNING_PROVIDER: 'bsre',
  BSRE_CLIENT_ID: CLIENT.clientId,
  BSRE_CLIENT_SECRET: CLIENT.clientSecret,
  BSRE_TIMEOUT_MS: '3000',
};

// Before the API starts (useApiAndWorker's beforeAll comes after this one): the simulator's URL goes into its configuration.
beforeAll(async () => {
  tsa = await startTimestampAuthority({ ca });
  sim = await startBsreSimulator({
    ...CLIENT,
    sign: async (pdf, user, props) => {
      const k = keys.get(user.nik)!;
      return (
        await signPades(pdf, {
          key: k.key,
          chain: [k.cert.raw, ca.caCertificateDer],
          reason: props.reason ?? '',
          name: k.name,
          location: props.location ?? '',
          contactInfo: '',
          tsaUrl: tsa.url,
        })
      ).pdf;
    },
  });
  overrides.BSRE_BASE_URL = sim.url;
});
afterAll(async () => {
  await sim?.close();
  await tsa?.close();
});
const stack = useApiAndWorker('naskah-tte-bsre', overrides);
let api: TestApi;
beforeAll(() => {
  api = stack.api;
});

/** BSrE registers the official's NIK with a certificate of his own (as BSrE's registration would). */
function registerAtBsre(org: SeededOrganization, code: string, nik: string, name: string) {
  const issued = ca.issue({ name, nip: org.officials[code].nip, organizationName: 'Pemerintah Kota Batam' }, BSRE_PASSPHRASE, 730, {
    crlUrl: tsa.crlUrl,
  });
  keys.set(nik, {
    name,
    key: LocalCertificateAuthority.unlock(issued.encryptedKeyPem, BSRE_PASSPHRASE),
    cert: new X509Certificate(issued.certificatePem),
  });
  sim.addUser({ nik, passphrase: BSRE_PASSPHRASE, status: 'ISSUE' });
}

describe('personal TTE through BSrE (esign API v2, simulated)', () => {
  it('links the NIK, refuses a wrong passphrase without a number, signs with his BSrE certificate, and answers 503 while BSrE is down', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const tokens = new Map<string, string>();
    const as = async (code: string) => {
      if (!tokens.has(code)) tokens.set(code, await api.login(org.officials[code].nip, undefined, { tte: false }));
      return api.as(tokens.get(code)!);
    };
    const kadis = await as('KADIS');
    const nik = `3171${String(Date.now()).slice(-12)}`;

    // Not registered at BSrE yet: "pengguna tidak terdaftar", said before any letter reaches him.
    expectStatus(await kadis.post('/api/v1/tte/activation', { nik: '12345' }), 400);
    const unregistered = expectStatus(await kadis.post('/api/v1/tte/activation', { nik }), 422).body;
    expect(unregistered.message).toMatch(/tidak terdaftar/);
    registerAtBsre(org, 'KADIS', nik, 'H. Rahmat Hidayat, S.E., M.Si.');
    const linked = expectStatus(await kadis.post('/api/v1/tte/activation', { nik }), 200).body;
    expect(linked).toMatchObject({ provider: 'bsre', state: 'active', issuer: 'Balai Besar Sertifikasi Elektronik (BSrE), BSSN' });
    expect(linked.nik).toBe(`${nik.slice(0, 4)}********${nik.slice(-4)}`);

    const { id, versionHash } = await batamLetterAtSigner(as, org.units.ISP, 'Undangan Rapat Penandatanganan Melalui BSrE');
    const sign = (passphrase: string) => kadis.post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase });
    const ds = await testDataSource();

    // BSrE down: 503 in words; the step still waits and nothing is numbered.
    sim.setDown(true);
    const down = expectStatus(await sign(BSRE_PASSPHRASE), 503).body;
    expect(down.message).toMatch(/BSrE tidak dapat dihubungi[\s\S]*belum diberi nomor/);
    sim.setDown(false);
    // A wrong passphrase, as BSrE answers it: 422, nothing numbered.
    expect(expectStatus(await sign('bukan-passphrase-bsre'), 422).body.message).toMatch(/Passphrase salah/);
    expect(await ds.getRepository(SignedLetterEntity).findOneBy({ documentId: id })).toBeNull();
    const waiting = expectStatus(await kadis.get(`/api/v1/documents/${id}`), 200).body;
    expect([waiting.status, waiting.route.at(-1).state]).toEqual(['in_review', 'pending']);
    // Never the passphrase in what the simulator recorded.
    expect(JSON.stringify(sim.requests)).not.toContain(BSRE_PASSPHRASE);

    expect(expectStatus(await sign(BSRE_PASSPHRASE), 200).body.status).toBe('signed');
    const view = await expectEventually(async () => {
      const v = expectStatus(await kadis.get(`/api/v1/documents/${id}`), 200).body;
      expect(v.letter?.delivered).toBe(true);
      return v;
    });
    expect(view.letter.number).toBe(`000.8.3.3/0001/DKUM/${new Date().getFullYear()}`);
    expect(view.letter.signature.provider).toBe('bsre');
    expect(view.letter.signature.timestampedAt).not.toBeNull();
    const file = expectStatus(await asBinary(kadis.get(`/api/v1/documents/${id}/pdf`)), 200).body as Buffer;
    const check = checkPdfSignature(file);
    expect(check.ok && check.subject).toContain(org.officials.KADIS.nip);
    const path = join(dir, 'bsre.pdf');
    writeFileSync(path, file);
    const [sig, cpu] = await Promise.all([
      pdfsigValidate(path, { trustCaPem: ca.caCertificatePem }),
      pdfcpuValidate(path, { trustCaPem: ca.caCertificatePem }),
    ]);
    expect(sig).toMatchObject({ valid: true, trusted: true, signerCommonName: 'H. Rahmat Hidayat, S.E., M.Si.' });
    expect(cpu.valid).toBe(true);
    // The footer names BSrE, the issuer that signed.
    expect(spawnSync('pdftotext', [path, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ')).toContain(
      'sertifikat elektronik yang diterbitkan oleh Balai Besar Sertifikasi Elektronik (BSrE), BSSN',
    );
    // While BSrE was down the certificate check already failed: no letter was sent to be signed then.
    expect(sim.requests.filter((r) => r.path === '/api/v2/sign/pdf')).toHaveLength(2);
  });
});
