import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { archiveKey, S3TestServer, sha256, startS3Server } from '@naskah/letter';
import { DocumentEntity, SignatureAttemptEntity, SignedLetterEntity } from '@naskah/persistence';
import { asBinary, expectEventually, expectStatus, officialAgents, startApi, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { batamLetterAtSigner } from '../support/chain';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { killHard, spawnWorkerProcess } from '../support/worker-process';

const VERIFY_AUDIT = join(__dirname, '..', '..', 'dist', 'libs', 'persistence', 'src', 'cli', 'verify-audit.js');

/** `npm run audit:verify` as an operator on a third host runs it: its own DATA_DIR, the archive in the bucket. */
function auditVerify(env: Record<string, string>, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VERIFY_AUDIT, ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/**
 * Beyond one machine (issue 17): the API and the worker are separate processes with different
 * DATA_DIRs, as on two hosts, and share the archive only through a real S3 server (MinIO). The
 * API signs and archives, the worker delivers, the API serves the PDF and the verification page,
 * the audit verification finds the letter; with S3 down, signing answers 503 and numbers nothing.
 */
describe('the signed-letter archive in S3-compatible object storage', () => {
  const queue = `naskah-s3-${randomBytes(4).toString('hex')}`;
  const bucket = `naskah-arsip-${randomBytes(4).toString('hex')}`;
  // Secrets every process of one installation shares (a DATA_DIR of each would generate its own).
  const shared = () => ({
    TEMPORAL_TASK_QUEUE: queue,
    TEMPORAL_PAYLOAD_KEYS: payloadKeys,
    JWT_SECRET: jwtSecret,
    ...s3.env(bucket),
  });
  const payloadKeys = `s3-spec:${randomBytes(32).toString('base64')}`;
  const jwtSecret = randomBytes(32).toString('hex');
  const apiDir = mkdtempSync(join(tmpdir(), 'naskah-s3-api-'));
  const workerDir = mkdtempSync(join(tmpdir(), 'naskah-s3-worker-'));
  let s3: S3TestServer;
  let api: TestApi;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    // The first run on a machine builds MinIO from its Go module (several minutes); later runs start it in about a second.
    s3 = await startS3Server();
    await s3.createBucket(bucket);
    // The officials' certificates come from the run's local CA, whose TSA the global setup started.
    api = await startApi({ ...shared(), DATA_DIR: apiDir, LOCAL_CA_DIR: join(process.env.DATA_DIR!, 'ca'), ACTION_TIMEOUT_SECONDS: '60' });
    worker = await spawnWorkerProcess({
      ...shared(),
      DATA_DIR: workerDir,
      DATABASE_URL: process.env.DATABASE_URL!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
    });
  }, 30 * 60_000);

  afterAll(async () => {
    if (worker) await killHard(worker);
    await api?.close();
    await s3?.close();
    await closeTestDataSource();
  });

  const as = officialAgents(() => api);

  it('a letter signed through the API is stored in the bucket, served by the API, verified, and found by the audit verification', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const { id, versionHash } = await batamLetterAtSigner((code) => as(org, code), org.units.ISP, 'Undangan Rapat Arsip Bersama');
    expectStatus(await (await as(org, 'KADIS')).post(`/api/v1/documents/${id}/actions/sign`, { versionHash, passphrase: TEST_TTE_PASSPHRASE }), 200);
    // Delivered by the worker process, which never saw the API's disk.
    const view = await expectEventually(
      async () => {
        const v = expectStatus(await (await as(org, 'UMPEG-ARSIP')).get(`/api/v1/documents/${id}`), 200).body;
        expect(v.letter).toMatchObject({ pdfReady: true, delivered: true });
        return v;
      },
      60_000,
      200,
    );
    const letter = await (await testDataSource()).getRepository(SignedLetterEntity).findOneByOrFail({ documentId: id });
    expect(view.letter.number).toBe(letter.number);

    // In the bucket, under its hash, with its SHA-256 checksum; on neither process's disk.
    const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: true, credentials: s3 });
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: archiveKey(letter.pdfSha256!), ChecksumMode: 'ENABLED' }));
      expect(head).toMatchObject({ ContentLength: letter.pdfSize, ChecksumSHA256: Buffer.from(letter.pdfSha256!, 'hex').toString('base64') });
    } finally {
      client.destroy();
    }
    expect(existsSync(join(apiDir, 'archive'))).toBe(false);
    expect(existsSync(join(workerDir, 'archive'))).toBe(false);

    // The API serves it: the bytes the row names; the recipient unit reads it too.
    for (const who of ['UMPEG-ARSIP', 'KABID-ISP']) {
      const pdf = expectStatus(await asBinary((await as(org, who)).get(`/api/v1/documents/${id}/pdf`)), 200).body as Buffer;
      expect(sha256(pdf)).toBe(letter.pdfSha256);
    }
    // The QR's verification page reads the archive and says authentic.
    const verified = expectStatus(await api.http.get(`/api/v1/verify/${letter.verificationCode}`), 200).body;
    expect(verified).toMatchObject({ authentic: true, intact: true, number: letter.number, sha256: letter.pdfSha256 });
    const page = expectStatus(await api.http.get(`/api/v1/verify/${letter.verificationCode}`).set('Accept', 'text/html'), 200);
    expect(page.text).toContain('Naskah asli');

    // The audit verification, from a third DATA_DIR, reads the PDF from the bucket and checks it against the chain.
    const audit = await auditVerify(
      { ...shared(), DATA_DIR: mkdtempSync(join(tmpdir(), 'naskah-s3-audit-')), DATABASE_URL: process.env.DATABASE_URL! },
      ['--document', id],
    );
    expect(audit.out).toContain('1 signed letters');
    expect(audit.out).toContain('audit trail intact');
    expect(audit.code).toBe(0);
  });

  it('S3 down: signing answers 503 in words and numbers nothing; the step waits, and signs once S3 is back', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const first = await batamLetterAtSigner((code) => as(org, code), org.units.ISP, 'Surat Pertama Sebelum Gangguan Arsip');
    const second = await batamLetterAtSigner((code) => as(org, code), org.units.ISP, 'Surat Kedua Saat Arsip Terputus');
    const kadis = await as(org, 'KADIS');
    const ds = await testDataSource();
    expectStatus(
      await kadis.post(`/api/v1/documents/${first.id}/actions/sign`, { versionHash: first.versionHash, passphrase: TEST_TTE_PASSPHRASE }),
      200,
    );
    const numbered = await ds.getRepository(SignedLetterEntity).findOneByOrFail({ documentId: first.id });
    expect(numbered.runningNo).toBe(1);

    await s3.stop();
    try {
      const refused = expectStatus(
        await kadis.post(`/api/v1/documents/${second.id}/actions/sign`, { versionHash: second.versionHash, passphrase: TEST_TTE_PASSPHRASE }),
        503,
      );
      expect(refused.body).toMatchObject({ code: 'UNAVAILABLE' });
      expect(refused.body.message).toContain('Arsip naskah tidak dapat dihubungi');
      expect(refused.body.message).toContain('belum diberi nomor');
      expect(await ds.getRepository(SignedLetterEntity).findOneBy({ documentId: second.id })).toBeNull();
      expect(await ds.getRepository(SignatureAttemptEntity).findBy({ documentId: second.id })).toEqual([
        expect.objectContaining({ state: 'failed', failure: 'unavailable' }),
      ]);
      // The step still waits for the Kepala Dinas.
      const doc = await ds.getRepository(DocumentEntity).findOneByOrFail({ id: second.id });
      expect(doc.status).not.toBe('signed');
      // A signed letter cannot be read while the archive is down: 503, not "not signed", not "not authentic".
      const pdf = expectStatus(await kadis.get(`/api/v1/documents/${first.id}/pdf`), 503);
      expect(pdf.body.message).toContain('Arsip naskah tidak dapat dihubungi');
      expectStatus(await api.http.get(`/api/v1/verify/${numbered.verificationCode}`), 503);
      const page = expectStatus(await api.http.get(`/api/v1/verify/${numbered.verificationCode}`).set('Accept', 'text/html'), 503);
      expect(page.text).toContain('Belum dapat diperiksa');
      expect(page.text).not.toContain('Tidak dikenal');
      // The health check names the archive (and only it) as down, for the operators and the load balancer.
      const health = expectStatus(await api.http.get('/api/health'), 503);
      expect(health.body).toMatchObject({
        code: 'UNAVAILABLE',
        details: {
          database: { status: 'up' },
          temporal: { status: 'up' },
          archive: { status: 'down', store: 's3', message: 'Arsip naskah tidak dapat dihubungi' },
        },
      });
      expect(JSON.stringify(health.body)).not.toContain(api.cfg.S3_SECRET_ACCESS_KEY!);
    } finally {
      await s3.start();
    }
    expect(expectStatus(await api.http.get('/api/health'), 200).body.info.archive).toEqual({ status: 'up', store: 's3' });

    // Back up: the same step signs, and takes the next number (the failed attempt used none).
    expectStatus(
      await kadis.post(`/api/v1/documents/${second.id}/actions/sign`, { versionHash: second.versionHash, passphrase: TEST_TTE_PASSPHRASE }),
      200,
    );
    const after = await ds.getRepository(SignedLetterEntity).findOneByOrFail({ documentId: second.id });
    expect(after.runningNo).toBe(2);
    for (const { id } of [first, second]) {
      await expectEventually(
        async () =>
          expect(expectStatus(await kadis.get(`/api/v1/documents/${id}`), 200).body.letter).toMatchObject({ pdfReady: true, delivered: true }),
        60_000,
        200,
      );
    }
  });
});
