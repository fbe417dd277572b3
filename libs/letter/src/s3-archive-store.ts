import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ArchiveStore, archiveKey, ArchiveUnavailable, sha256 } from './archive-store';

export interface S3ArchiveOptions {
  /** A self-hosted server (MinIO, ...); unset: AWS S3 of the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** endpoint/bucket/key instead of bucket.endpoint/key: what self-hosted servers expect. */
  forcePathStyle: boolean;
  /** How long to wait for a connection, and for an answer (ms). */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Tries of one request, the first included (the SDK's backoff between them). */
  maxAttempts?: number;
}

interface S3Failure {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const status = (e: unknown) => (e as S3Failure)?.$metadata?.httpStatusCode;

/**
 * The archive in an S3-compatible bucket, shared by every API and worker host. Objects are
 * private (no ACL is ever set: the bucket's own policy applies), named `ab/<sha256>.pdf`, written
 * once: the put carries the content's SHA-256 (the server refuses bytes that do not match it) and
 * `If-None-Match: *`, so an object that exists is never replaced; the same bytes put again are a
 * no-op. The secret key stays in the client: messages name the bucket and endpoint only.
 */
export class S3ArchiveStore extends ArchiveStore {
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(opts: S3ArchiveOptions) {
    super();
    this.bucket = opts.bucket;
    this.location = `s3://${opts.bucket}${opts.endpoint ? ` at ${opts.endpoint}` : ` (AWS ${opts.region})`}`;
    this.client = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region,
      forcePathStyle: opts.forcePathStyle,
      credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
      maxAttempts: opts.maxAttempts ?? 3,
      requestHandler: { connectionTimeout: opts.connectionTimeoutMs ?? 3_000, requestTimeout: opts.requestTimeoutMs ?? 30_000 },
      // Our own SHA-256 on put is the checksum; no second one computed by the SDK.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private unavailable(action: string, e: unknown): ArchiveUnavailable {
    const f = e as S3Failure;
    // A HEAD answer has no body to name the error: say what a 403 means.
    const named = f?.name && f.name !== 'UnknownError' && f.name !== 'Unknown' ? f.name : undefined;
    const why =
      status(e) === 403 && !named
        ? "403 access denied (check S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY and the key's rights on the bucket)"
        : [status(e), f?.code ?? named, f?.message].filter(Boolean).join(' ');
    return new ArchiveUnavailable(`the archive ${this.location} could not ${action}: ${why || String(e)}`, { cause: e });
  }

  async put(content: Buffer): Promise<string> {
    const hash = sha256(content);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: archiveKey(hash),
          Body: content,
          ContentLength: content.length,
          ContentType: 'application/pdf',
          ChecksumSHA256: Buffer.from(hash, 'hex').toString('base64'),
          IfNoneMatch: '*',
        }),
      );
    } catch (e) {
      // 412: the object exists, and its name is its content's hash: stored. 409: the same object being written concurrently.
      if (status(e) === 412) return hash;
      if (status(e) === 409 && (await this.has(hash))) return hash;
      throw this.unavailable('store a PDF', e);
    }
    return hash;
  }

  async get(hash: string): Promise<Buffer | null> {
    const Key = archiveKey(hash);
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      return Buffer.from(await res.Body!.transformToByteArray());
    } catch (e) {
      if (status(e) === 404 && (e as S3Failure).name !== 'NoSuchBucket') return null;
      throw this.unavailable('read a PDF', e);
    }
  }

  async has(hash: string): Promise<boolean> {
    const Key = archiveKey(hash);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (e) {
      // HEAD has no body: a missing bucket is a 404 too, told apart by asking for the object itself.
      if (status(e) === 404) return (await this.get(hash)) !== null;
      throw this.unavailable('look up a PDF', e);
    }
  }

  /** The bucket answers (HEAD, with this store's credentials), within `timeoutMs` whatever the client's own limits. */
  async ping(timeoutMs: number): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(timeoutMs) });
    } catch (e) {
      throw this.unavailable('be reached', e);
    }
  }

  /** Creates the bucket when it does not exist (private: no ACL, no policy); an existing one is left as it is. */
  async prepare(): Promise<string> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return `the archive ${this.location} exists`;
    } catch (e) {
      if (status(e) !== 404) throw this.unavailable('be reached', e);
    }
    try {
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    } catch (e) {
      // Another process created it meanwhile.
      if (status(e) !== 409) throw this.unavailable('be created', e);
    }
    return `the archive ${this.location} was created`;
  }

  override async close(): Promise<void> {
    this.client.destroy();
  }
}
