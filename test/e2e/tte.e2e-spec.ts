import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentWorkflowId } from '@naskah/contracts';
import { checkPdfSignature, LOCAL_CA_ISSUER_LABEL, LOCAL_CA_NAME, LocalCertificateAuthority } from '@naskah/letter';
import {
  AccountAuditEventEntity,
  AuditEventEntity,
  DocumentEntity,
  findAuditChainBreak,
  SignatureAttemptEntity,
  verifyAccountAuditChain,
  SignedLetterEntity,
  SigningCredentialEntity,
} from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { decodeHistoryPayloads } from '@naskah/temporal';
import { asBinary, expectEventually, expectStatus, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { apiClient } from '../support/document-workflow';
import { batamLetterAtSigner, sekretarisActsForKadis } from '../support/chain';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { recordWorkflowHistory } from '../support/history';
import { useApiAndWorker } from '../support/stack';
import { pdfcpuValidate, pdfsigValidate } from '../support/verifiers';

/**
 * Personal electronic signatures (TTE, DESIGN §6): the Kepala Dinas activates his certificate,
 * signs with a wrong passphrase (422, the step still waits, no number used), then with the right
 * one; two verifiers that are not ours (poppler's pdfsig, pdfcpu) find a valid PAdES signature by
 * his certificate with a time-stamp, and catch a flipped byte. A deputy signing a.n. signs with his
 * own certificate. Five wrong passphrases lock signing for 15 minutes, even when guessed in parallel.
 */
let api: TestApi;
const stack = useApiAndWorker('naskah-tte');
beforeAll(() => {
  api = stack.api;
});

const PASSPHRASE = 'Kadis-TTE-2026!';
const dir = mkdtempSync(join(tmpdir(), 'naskah-tte-'));
const caPem = () => LocalCertificateAuthority.open(join(process.env.DATA_DIR!, 'ca'), LOCAL_CA_NAME).caCertificatePem;

/** Officials of a fresh office, logged in without TTE: each activates (or not) in the test. */
function officials(org: SeededOrganization) {
  const tokens = new Map<string, string>();
  return async (code: string) => {
    if (!tokens.has(code)) tokens.set(code, await api.login(org.officials[code].nip, undefined, { tte: false }));
    return api.as(tokens.get(code)!);
  };
}

async function activate(as: ReturnType<typeof officials>, code: string, passphrase = TEST_TTE_PASSPHRASE) {
  return expectStatus(await (await as(code)).post('/api/v1/tte/activation', { passphrase, passphraseConfirmation: passphrase }), 200).body;
}

/** A Surat Dinas initialled up to the Kepala Dinas, who is to sign it. */
const waitingForKadis = (org: SeededOrganization, as: ReturnType<typeof officials>, subject = 'Undangan Rapat Evaluasi TTE') =>
  batamLetterAtSigner(as, org.units.ISP, subject);

const counterOf = async (orgId: string) =>
  Number(
    (
      (await (
        await testDataSource()
      ).query('SELECT COALESCE(SUM(last_value), 0) AS n FROM number_counter WHERE organization_id = ?', [orgId])) as Array<{ n: number }>
    )[0].n,
  );

function save(pdf: Buffer, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  return path;
}

describe('personal TTE: activation, passphrase, PAdES B-T by the official himself', () => {
  it('the Kepala Dinas activates, signs with a wrong passphrase (422, nothing numbered), then the right one; both verifiers name him', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const as = officials(org);
    const ds = await testDataSource();

    // Before activation: the drafter sees that the signer cannot sign yet; the signer is told what to do.
    const { id, versionHash } = await waitingForKadis(org, as);
    const seenByDrafter = expectStatus(await (await as('UMPEG-ARSIP')).get(`/api/v1/documents/${id}`), 200).body;
    expect(seenByDrafter.signerReadiness).toMatchObject({ provider: 'local-ca', ready: false });
    expect(seenByDrafter.signerReadiness.entries[0]).toMatchObject({ officialId: org.officials.KADIS.id, role: 'signer', state: 'not_enrolled' });
    expect(seenByDrafter.signerReadiness.message).toMatch(/Aktivasi TTE/);
    expect(expectStatus(await (await as('KADIS')).get('/api/v1/tte'), 200).body).toMatchObject({ state: 'not_enrolled', certificate: null });
    const unready = expectStatus(
      await (await as('KADIS')).post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: PASSPHRASE }),
      422,
    ).body;
    expect(unready.message).toMatch(/Aktivasi TTE/);

    // Activation: the passphrase twice, the rules said in words.
    const kadis = await as('KADIS');
    const mismatch = expectStatus(await kadis.post('/api/v1/tte/activation', { passphrase: PASSPHRASE, passphraseConfirmation: 'lain' }), 400);
    expect(mismatch.body.field).toBe('passphraseConfirmation');
    expect(
      expectStatus(await kadis.post('/api/v1/tte/activation', { passphrase: 'pendek', passphraseConfirmation: 'pendek' }), 422).body.message,
    ).toMatch(/minimal 8 karakter/);
    const nip = org.officials.KADIS.nip;
    expect(expectStatus(await kadis.post('/api/v1/tte/activation', { passphrase: nip, passphraseConfirmation: nip }), 422).body.message).toMatch(
      /NIP/,
    );
    const active = await activate(as, 'KADIS', PASSPHRASE);
    expect(active).toMatchObject({ provider: 'local-ca', state: 'active', expiresSoon: false, lockedUntil: null, advice: null });
    expect(active.certificate.subject).toContain(`serialNumber=${nip}`);
    expect(active.issuer).toContain('bukan BSrE');
    // The passphrase is nowhere in the database: the key is stored only encrypted under it.
    const row = await ds
      .getRepository(SigningCredentialEntity)
      .findOneOrFail({ where: { officialId: org.officials.KADIS.id }, select: ['encryptedKeyPem', 'certificatePem'] });
    expect(row.encryptedKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const everything =
      JSON.stringify(await ds.query('SELECT * FROM signing_credential')) + JSON.stringify(await ds.query('SELECT * FROM account_audit_event'));
    expect(everything).not.toContain(PASSPHRASE);
    expect(await ds.getRepository(AccountAuditEventEntity).findOneBy({ officialId: org.officials.KADIS.id, action: 'tte_activated' })).not.toBeNull();
    expect(expectStatus(await (await as('UMPEG-ARSIP')).get(`/api/v1/documents/${id}`), 200).body.signerReadiness).toMatchObject({
      ready: true,
      message: null,
    });

    // A wrong passphrase: 422 in words, the step still waits, no number is used.
    const before = await counterOf(org.id);
    const wrong = expectStatus(
      await kadis.post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: 'bukan-passphrase-nya' }),
      422,
    ).body;
    expect(wrong).toMatchObject({ field: 'passphrase' });
    expect(wrong.message).toMatch(/Passphrase salah\. Sisa 4 kali/);
    const stillWaiting = expectStatus(await kadis.get(`/api/v1/documents/${id}`), 200).body;
    expect(stillWaiting.status).toBe('in_review');
    expect(stillWaiting.route.at(-1).state).toBe('pending');
    expect(stillWaiting.letter).toBeNull();
    expect(stillWaiting.allowedActions).toContain('sign');
    expect(await counterOf(org.id)).toBe(before);
    expect(await ds.getRepository(SignedLetterEntity).findOneBy({ documentId: id })).toBeNull();
    // The refusal before activation made no attempt; the wrong passphrase is one, failed.
    expect((await ds.getRepository(SignatureAttemptEntity).findBy({ documentId: id })).map((a) => [a.state, a.failure])).toEqual([
      ['failed', 'wrong_passphrase'],
    ]);

    // The right passphrase: signed, numbered, a PAdES B-T signature by his certificate.
    const signed = expectStatus(await kadis.post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: PASSPHRASE }), 200).body;
    expect(signed.status).toBe('signed');
    const view = await expectEventually(async () => {
      const v = expectStatus(await kadis.get(`/api/v1/documents/${id}`), 200).body;
      expect(v.letter?.delivered).toBe(true);
      return v;
    });
    expect(view.letter.number).toBe(`000.8.3.3/0001/DKUM/${new Date().getFullYear()}`);
    expect(view.letter.signature).toMatchObject({ provider: 'local-ca' });
    expect(view.letter.signature.certificate.subject).toContain(nip);
    expect(view.letter.signature.certificate.serialNumber).toBe(active.certificate.serialNumber);
    expect(Date.parse(view.letter.signature.timestampedAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(view.history.map((h: { type: string }) => h.type)).toEqual(expect.arrayContaining(['signature_failed', 'signature_made', 'signed']));
    // The signature's events (numbered, signature_made, archived) are written with one update of the
    // document's audit_seq, after the failed attempt's: the chain is whole and the row counts all of it.
    const trail = await ds.getRepository(AuditEventEntity).find({ where: { documentId: id }, order: { seq: 'ASC' } });
    const { auditSeq } = await ds.getRepository(DocumentEntity).findOneByOrFail({ id });
    expect(findAuditChainBreak(id, trail, auditSeq)).toBeNull();
    const signing = trail.map((e) => e.type).filter((t) => ['signature_failed', 'numbered', 'signature_made', 'archived'].includes(t));
    expect(signing).toEqual(['signature_failed', 'numbered', 'signature_made', 'archived']);

    const pdf = asBinary(kadis.get(`/api/v1/documents/${id}/pdf`));
    const file = expectStatus(await pdf, 200).body as Buffer;
    const ours = checkPdfSignature(file);
    expect(ours.ok).toBe(true);
    if (!ours.ok) return;
    expect(ours.subject).toContain(nip);
    expect(ours.timestampedAt).not.toBeNull();
    expect(ours.chainLength).toBeGreaterThanOrEqual(2);

    const path = save(file, 'kadis.pdf');
    const [sig, cpu] = await Promise.all([pdfsigValidate(path, { trustCaPem: caPem() }), pdfcpuValidate(path, { trustCaPem: caPem() })]);
    expect(sig).toMatchObject({ valid: true, trusted: true });
    expect(active.certificate.subject.replace(/\\,/g, ',')).toContain(`CN=${sig.signerCommonName}`);
    expect(sig.signerDistinguishedName).toContain(nip);
    expect(cpu.valid).toBe(true);
    expect(cpu.signerText).toBe(sig.signerCommonName);
    // The footer names the real issuer: the local CA, never BSrE.
    const text = spawnSync('pdftotext', [path, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(`sertifikat elektronik yang diterbitkan oleh ${LOCAL_CA_ISSUER_LABEL}.`);
    expect(text).not.toContain('BSSN');

    // A flipped byte inside the signed range: all three verifiers see it.
    const flipped = Buffer.from(file);
    flipped[200] ^= 0x01;
    const flippedPath = save(flipped, 'kadis-flipped.pdf');
    expect(checkPdfSignature(flipped).ok).toBe(false);
    expect((await pdfsigValidate(flippedPath, { trustCaPem: caPem() })).valid).toBe(false);
    expect((await pdfcpuValidate(flippedPath, { trustCaPem: caPem() })).valid).toBe(false);

    // The verification page shows the signer's certificate and the time-stamp.
    const page = expectStatus(await api.http.get(`/api/v1/verify/${view.letter.verificationCode}`).set('Accept', 'application/json'), 200).body;
    expect(page.signature.certificate.serialNumber).toBe(active.certificate.serialNumber);
    expect(page.signature.certificate.issuer).toContain(LOCAL_CA_NAME);
    expect(page.signature.timestampedAt).not.toBeNull();
  });

  it('the passphrase never reaches Temporal: not in the workflow history, not even encrypted', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const as = officials(org);
    await activate(as, 'KADIS', PASSPHRASE);
    const { id, versionHash } = await waitingForKadis(org, as, 'Undangan Rapat Tanpa Jejak Passphrase');
    expectStatus(await (await as('KADIS')).post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: 'tebakan-yang-salah' }), 422);
    expectStatus(await (await as('KADIS')).post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: PASSPHRASE }), 200);
    await recordWorkflowHistory(api.cfg, documentWorkflowId(org.id, id), 'personal-signature');
    const { client, close } = apiClient(api.cfg);
    try {
      const history = await client.workflow.getHandle(documentWorkflowId(org.id, id)).fetchHistory();
      const decoded = JSON.stringify(await decodeHistoryPayloads(history, api.cfg.TEMPORAL_PAYLOAD_KEYS));
      expect(decoded).toContain('beginSignature');
      for (const secret of [PASSPHRASE, 'tebakan-yang-salah']) {
        expect(decoded).not.toContain(secret);
        expect(JSON.stringify(history)).not.toContain(secret);
      }
    } finally {
      await close();
    }
  });

  it("a deputy signing a.n. signs with his own certificate, not the principal's", async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const as = officials(org);
    await activate(as, 'KADIS', PASSPHRASE);
    await activate(as, 'SEKRETARIS');
    await sekretarisActsForKadis(await as('KADIS'), org.positions);
    const { id, versionHash } = await waitingForKadis(org, as, 'Undangan Rapat Ditandatangani Wakil');
    const readiness = expectStatus(await (await as('UMPEG-ARSIP')).get(`/api/v1/documents/${id}`), 200).body.signerReadiness;
    expect(readiness.entries.map((e: { role: string; state: string }) => [e.role, e.state])).toEqual([
      ['signer', 'active'],
      ['deputy', 'active'],
    ]);
    // The principal's passphrase does not unlock the deputy's key.
    expectStatus(await (await as('SEKRETARIS')).post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: PASSPHRASE }), 422);
    expectStatus(await (await as('SEKRETARIS')).post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: TEST_TTE_PASSPHRASE }), 200);
    const view = await expectEventually(async () => {
      const v = expectStatus(await (await as('SEKRETARIS')).get(`/api/v1/documents/${id}`), 200).body;
      expect(v.letter?.pdfReady).toBe(true);
      return v;
    });
    expect(view.signatureBlock[0]).toMatch(/^a\.n\. /);
    const file = expectStatus(await asBinary((await as('SEKRETARIS')).get(`/api/v1/documents/${id}/pdf`)), 200).body as Buffer;
    const check = checkPdfSignature(file);
    expect(check.ok && check.subject).toContain(org.officials.SEKRETARIS.nip);
    expect(check.ok && check.subject).not.toContain(org.officials.KADIS.nip);
    const sig = await pdfsigValidate(save(file, 'deputy.pdf'), { trustCaPem: caPem() });
    expect(sig.valid).toBe(true);
    expect(sig.signerDistinguishedName).toContain(org.officials.SEKRETARIS.nip);
  });
});

describe('a number counter behind its letters (a restore)', () => {
  it('stops the signature before anything is signed: 503 naming the number, nothing archived or numbered, the step still waiting; signs 0002 once the counter is right', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const as = officials(org);
    await activate(as, 'KADIS');
    const kadis = await as('KADIS');
    const first = await waitingForKadis(org, as, 'Surat Pertama Sebelum Pemulihan');
    expectStatus(
      await kadis.post(`/api/v1/documents/${first.id}/actions/sign`, { versionHash: first.versionHash, passphrase: TEST_TTE_PASSPHRASE }),
      200,
    );
    const second = await waitingForKadis(org, as, 'Surat Kedua Setelah Pemulihan');
    const ds = await testDataSource();
    // The database restored from a copy older than its letters: the counter says no letter was numbered.
    await ds.query('UPDATE number_counter SET last_value = 0 WHERE organization_id = ?', [org.id]);
    const archiveDir = api.cfg.ARCHIVE_DIR ?? join(api.cfg.DATA_DIR, 'archive');
    const archived = () => readdirSync(archiveDir, { recursive: true }).filter((f) => String(f).endsWith('.pdf')).length;
    const before = archived();

    const refused = expectStatus(
      await kadis.post(`/api/v1/documents/${second.id}/actions/sign`, { versionHash: second.versionHash, passphrase: TEST_TTE_PASSPHRASE }),
      503,
    ).body;
    expect(refused.message).toContain(`Nomor 000.8.3.3/0001/DKUM/${new Date().getFullYear()} sudah dipakai naskah lain`);
    expect(refused.message).toContain('belum ditandatangani dan belum diberi nomor');
    // Stopped before the provider was asked: no PDF was made, no number taken, the failure on the trail.
    expect(archived()).toBe(before);
    expect(await counterOf(org.id)).toBe(0);
    expect(await ds.getRepository(SignedLetterEntity).countBy({ documentId: second.id })).toBe(0);
    expect((await ds.getRepository(SignatureAttemptEntity).findBy({ documentId: second.id })).map((a) => [a.state, a.failure])).toEqual([
      ['failed', 'unavailable'],
    ]);
    const waiting = expectStatus(await kadis.get(`/api/v1/documents/${second.id}`), 200).body;
    expect(waiting.route.at(-1).state).toBe('pending');
    expect(waiting.history.map((h: { type: string }) => h.type)).toContain('signature_failed');

    await ds.query('UPDATE number_counter SET last_value = 1 WHERE organization_id = ?', [org.id]);
    expectStatus(
      await kadis.post(`/api/v1/documents/${second.id}/actions/sign`, { versionHash: second.versionHash, passphrase: TEST_TTE_PASSPHRASE }),
      200,
    );
    const signed = await expectEventually(async () => {
      const v = expectStatus(await kadis.get(`/api/v1/documents/${second.id}`), 200).body;
      expect(v.letter?.pdfReady).toBe(true);
      return v;
    });
    expect(signed.letter.number).toBe(`000.8.3.3/0002/DKUM/${new Date().getFullYear()}`);
  });
});

describe('Aktivasi TTE: who may not, and two activations at once', () => {
  it('without a session every TTE route is 401; eight activations racing all succeed, leaving one credential and an intact account trail', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    expectStatus(await api.http.get('/api/v1/tte'), 401);
    expectStatus(await api.http.post('/api/v1/tte/activation').send({ passphrase: PASSPHRASE, passphraseConfirmation: PASSPHRASE }), 401);
    const as = officials(org);
    const kadis = await as('KADIS');
    // Eight at once (tabs, double clicks): each takes the official's row first, so none deadlocks into a 500.
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => `Kadis-Aktivasi-${i}-2026`).map((p) =>
        kadis.post('/api/v1/tte/activation', { passphrase: p, passphraseConfirmation: p }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    const ds = await testDataSource();
    expect(await ds.getRepository(SigningCredentialEntity).countBy({ officialId: org.officials.KADIS.id })).toBe(1);
    expect(await ds.getRepository(AccountAuditEventEntity).countBy({ officialId: org.officials.KADIS.id, action: 'tte_activated' })).toBe(8);
    expect(await verifyAccountAuditChain(ds.manager, org.officials.KADIS.id)).toBeNull();
    // Each answer names the certificate its own activation made (eight different ones), not the row another
    // activation left at that moment; the one kept is the last written, and GET /tte reports it.
    const serials = answers.map((r) => r.body.certificate.serialNumber as string);
    expect(new Set(serials).size).toBe(8);
    const now = expectStatus(await kadis.get('/api/v1/tte'), 200).body;
    expect(serials).toContain(now.certificate.serialNumber);
  });
});

describe('five wrong passphrases lock signing for 15 minutes', () => {
  it('four 422 counting down, the fifth locks, then 429 with Retry-After even for the right passphrase; the step still waits', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const as = officials(org);
    await activate(as, 'KADIS', PASSPHRASE);
    const { id, versionHash } = await waitingForKadis(org, as, 'Undangan Rapat Penguncian');
    const kadis = await as('KADIS');
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      messages.push(
        expectStatus(await kadis.post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: `salah-${i}-xxxx` }), 422).body.message,
      );
    }
    expect(messages.slice(0, 4).map((m) => /Sisa (\d) kali/.exec(m)?.[1])).toEqual(['4', '3', '2', '1']);
    expect(messages[4]).toMatch(/dikunci selama 15 menit/);
    const locked = expectStatus(await kadis.post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: PASSPHRASE }), 429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    expect(locked.body.message).toMatch(/Coba lagi dalam 15 menit/);
    expect(expectStatus(await kadis.get('/api/v1/tte'), 200).body.lockedUntil).not.toBeNull();
    const view = expectStatus(await kadis.get(`/api/v1/documents/${id}`), 200).body;
    expect([view.status, view.route.at(-1).state, view.letter]).toEqual(['in_review', 'pending', null]);
    const ds = await testDataSource();
    expect(await ds.getRepository(AccountAuditEventEntity).countBy({ officialId: org.officials.KADIS.id, action: 'tte_signing_locked' })).toBe(1);
  });

  it('guesses sent at once on six letters: at most five passphrases are tried, the rest are refused as locked', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const as = officials(org);
    await activate(as, 'KADIS', PASSPHRASE);
    const docs = [];
    for (let i = 0; i < 6; i++) docs.push(await waitingForKadis(org, as, `Undangan Rapat Tebakan Serentak ${i + 1}`));
    const kadis = await as('KADIS');
    const answers = await Promise.all(
      docs.map((d, i) => kadis.post(`/api/v1/documents/${d.id}/actions/sign`, { versionHash: d.versionHash, passphrase: `serentak-${i}-xxxx` })),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([422, 422, 422, 422, 422, 429]);
    const ds = await testDataSource();
    const ids = docs.map((d) => d.id);
    const tried = (await ds.getRepository(SignatureAttemptEntity).findBy({ failure: 'wrong_passphrase' })).filter((a) => ids.includes(a.documentId));
    expect(tried).toHaveLength(5);
    for (const d of docs) expect(await ds.getRepository(SignedLetterEntity).findOneBy({ documentId: d.id })).toBeNull();
    // The one refused as locked left its document free: the step still waits for him.
    for (const d of docs) expect(expectStatus(await kadis.get(`/api/v1/documents/${d.id}`), 200).body.route.at(-1).state).toBe('pending');
  });
});
