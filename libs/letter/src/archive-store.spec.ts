import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3TestServer, startS3Server } from './minio-dev-server';
import { importArchiveFolder } from './archive-import';
import { ArchiveStore, archiveKey, ArchiveUnavailable, FilesystemArchiveStore, openArchiveStore, sha256 } from './archive-store';

const pdf = () => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);

/** The port's contract, the same for every adapter. */
function contract(name: string, open: () => ArchiveStore) {
  describe(`${name}: the archive contract`, () => {
    let store: ArchiveStore;
    beforeAll(() => {
      store = open();
    });
    afterAll(() => store.close());

    it('stores content under its SHA-256 and gives back the same bytes', async () => {
      const content = pdf();
      const hash = await store.put(content);
      expect(hash).toBe(sha256(content));
      expect(await store.has(hash)).toBe(true);
      expect((await store.get(hash))?.equals(content)).toBe(true);
    });

    it('a put of the same bytes again is a no-op answering the same hash', async () => {
      const content = pdf();
      const [a, b] = await Promise.all([store.put(content), store.put(content)]);
      expect(a).toBe(sha256(content));
      expect(b).toBe(a);
      expect(await store.put(Buffer.from(content))).toBe(a);
      expect((await store.get(a))?.equals(content)).toBe(true);
    });

    it('an object never stored is absent, not an error', async () => {
      const hash = sha256(randomBytes(32));
      expect(await store.has(hash)).toBe(false);
      expect(await store.get(hash)).toBeNull();
    });

    it('answers the health check when it can be written', async () => {
      await expect(store.ping(3000)).resolves.toBeUndefined();
    });

    it('refuses a name that is not a SHA-256', async () => {
      await expect(store.get('../../etc/passwd')).rejects.toThrow('bad hash');
      await expect(store.has('ABC')).rejects.toThrow('bad hash');
    });
  });
}

describe('filesystem adapter', () => {
  const root = mkdtempSync(join(tmpdir(), 'naskah-archive-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  contract('filesystem', () => new FilesystemArchiveStore(root));

  it('keeps files read-only under ab/<hash>.pdf (the layout the archive always had)', async () => {
    const store = new FilesystemArchiveStore(root);
    const hash = await store.put(pdf());
    expect(archiveKey(hash)).toBe(`${hash.slice(0, 2)}/${hash}.pdf`);
    expect(statSync(join(root, archiveKey(hash))).mode & 0o777).toBe(0o444);
  });

  it('prepare() makes the folder', async () => {
    const store = new FilesystemArchiveStore(join(root, 'new', 'archive'));
    expect(await store.prepare()).toBe(`the archive folder ${join(root, 'new', 'archive')} is ready`);
    expect(statSync(store.root).isDirectory()).toBe(true);
  });

  it('the health check makes a missing folder (as the first put would), and fails on a folder it cannot write', async () => {
    const fresh = new FilesystemArchiveStore(join(root, 'health', 'archive'));
    await fresh.ping(3000);
    expect(statSync(fresh.root).isDirectory()).toBe(true);
    // A file where the folder should be: nothing can be stored there, whoever runs the test (root included).
    const blocked = join(root, 'not-a-folder');
    writeFileSync(blocked, 'x');
    const failure = await new FilesystemArchiveStore(join(blocked, 'archive')).ping(3000).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ArchiveUnavailable);
    expect((failure as Error).message).toContain(join(blocked, 'archive'));
  });

  it('is the default: DATA_DIR/archive unless ARCHIVE_DIR', () => {
    const settings = { ARCHIVE_STORE: 'filesystem' as const, DATA_DIR: root, S3_REGION: 'us-east-1' };
    expect(openArchiveStore(settings).location).toBe(join(root, 'archive'));
    expect(openArchiveStore({ ...settings, ARCHIVE_DIR: join(root, 'elsewhere') }).location).toBe(join(root, 'elsewhere'));
  });
});

describe('S3 adapter against a real MinIO', () => {
  let server: S3TestServer;
  const bucket = `naskah-unit-${randomBytes(4).toString('hex')}`;
  const settings = () => ({
    ARCHIVE_STORE: 's3' as const,
    DATA_DIR: tmpdir(),
    S3_ENDPOINT: server.endpoint,
    S3_REGION: server.region,
    S3_BUCKET: bucket,
    S3_ACCESS_KEY_ID: server.accessKeyId,
    S3_SECRET_ACCESS_KEY: server.secretAccessKey,
  });

  // The first run on a machine builds MinIO from its Go module (several minutes); later runs start it in about a second.
  beforeAll(async () => {
    server = await startS3Server();
    await server.createBucket(bucket);
  }, 30 * 60_000);
  afterAll(() => server?.close());

  contract('s3', () => openArchiveStore(settings()));

  it('sends the SHA-256 with each put (the server refuses bytes that do not match) and never replaces an object', async () => {
    const store = openArchiveStore(settings());
    const client = new S3Client({ endpoint: server.endpoint, region: server.region, forcePathStyle: true, credentials: server });
    try {
      const content = pdf();
      const hash = await store.put(content);
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: archiveKey(hash), ChecksumMode: 'ENABLED' }));
      expect(head.ChecksumSHA256).toBe(Buffer.from(hash, 'hex').toString('base64'));
      expect(head.ContentType).toBe('application/pdf');
      // Someone else's bytes under that name (what If-None-Match keeps out) are refused, and a put again leaves the object as it is.
      await expect(client.send(new PutObjectCommand({ Bucket: bucket, Key: archiveKey(hash), Body: pdf(), IfNoneMatch: '*' }))).rejects.toMatchObject(
        { $metadata: { httpStatusCode: 412 } },
      );
      expect(await store.put(content)).toBe(hash);
      expect(sha256((await store.get(hash))!)).toBe(hash);
      expect(store.location).toBe(`s3://${bucket} at ${server.endpoint}`);
    } finally {
      client.destroy();
      await store.close();
    }
  });

  it('prepare() creates a missing bucket once, and leaves an existing one', async () => {
    const fresh = `naskah-prepare-${randomBytes(4).toString('hex')}`;
    const store = openArchiveStore({ ...settings(), S3_BUCKET: fresh });
    try {
      await expect(store.put(pdf())).rejects.toBeInstanceOf(ArchiveUnavailable);
      expect(await store.prepare()).toBe(`the archive s3://${fresh} at ${server.endpoint} was created`);
      expect(await store.prepare()).toBe(`the archive s3://${fresh} at ${server.endpoint} exists`);
      const content = pdf();
      expect(await store.get(await store.put(content))).toEqual(content);
    } finally {
      await store.close();
    }
  });

  it('imports a filesystem archive, each file only if it hashes to its name; a second import copies nothing', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'naskah-archive-import-'));
    const store = openArchiveStore({ ...settings(), S3_BUCKET: `naskah-import-${randomBytes(4).toString('hex')}` });
    try {
      const disk = new FilesystemArchiveStore(folder);
      const good = [pdf(), pdf()];
      const hashes = await Promise.all(good.map((c) => disk.put(c)));
      const tampered = await disk.put(pdf());
      chmodSync(disk.path(tampered), 0o644);
      writeFileSync(disk.path(tampered), pdf());
      writeFileSync(join(folder, hashes[0].slice(0, 2), 'notes.txt'), 'not a letter');
      // What an interrupted put of the filesystem store leaves: skipped, not refused (a deploy's import goes on).
      const unfinished = `${disk.path(hashes[1])}.4242.1732000000000.tmp`;
      writeFileSync(unfinished, pdf().subarray(0, 100));
      await store.prepare();

      const first = await importArchiveFolder(folder, store);
      expect(first).toEqual({
        copied: 2,
        present: 0,
        refused: [disk.path(tampered), join(folder, hashes[0].slice(0, 2), 'notes.txt')].sort(),
        unfinished: [unfinished],
      });
      for (const [i, hash] of hashes.entries()) expect((await store.get(hash))?.equals(good[i])).toBe(true);
      expect(await store.has(tampered)).toBe(false);
      expect(await importArchiveFolder(folder, store)).toMatchObject({ copied: 0, present: 2 });
    } finally {
      await store.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('wrong credentials or a missing bucket: ArchiveUnavailable, naming the bucket and never the secret', async () => {
    for (const wrong of [{ S3_SECRET_ACCESS_KEY: 'not-the-secret-key' }, { S3_BUCKET: 'naskah-no-such-bucket' }]) {
      const store = openArchiveStore({ ...settings(), ...wrong });
      try {
        const failure = await store.put(pdf()).then(
          () => null,
          (e: unknown) => e,
        );
        expect(failure).toBeInstanceOf(ArchiveUnavailable);
        expect((failure as Error).message).toContain(`s3://${wrong.S3_BUCKET ?? bucket}`);
        expect((failure as Error).message).not.toContain(server.secretAccessKey);
        await expect(store.get(sha256(pdf()))).rejects.toBeInstanceOf(ArchiveUnavailable);
        await expect(store.ping(3000)).rejects.toBeInstanceOf(ArchiveUnavailable);
        if (wrong.S3_SECRET_ACCESS_KEY) await expect(store.has(sha256(pdf()))).rejects.toThrow(/403 access denied \(check S3_ACCESS_KEY_ID/);
      } finally {
        await store.close();
      }
    }
  });

  it('the server down: ArchiveUnavailable on put, get and has; back up, the objects are there', async () => {
    const store = openArchiveStore(settings());
    try {
      const content = pdf();
      const hash = await store.put(content);
      await server.stop();
      await expect(store.put(pdf())).rejects.toBeInstanceOf(ArchiveUnavailable);
      await expect(store.get(hash)).rejects.toBeInstanceOf(ArchiveUnavailable);
      await expect(store.has(hash)).rejects.toBeInstanceOf(ArchiveUnavailable);
      const started = Date.now();
      await expect(store.ping(1000)).rejects.toBeInstanceOf(ArchiveUnavailable);
      // Within its own limit, not the client's retries and 30 s request timeout.
      expect(Date.now() - started).toBeLessThan(2500);
      await server.start();
      await expect(store.ping(3000)).resolves.toBeUndefined();
      expect((await store.get(hash))?.equals(content)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
