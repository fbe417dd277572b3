import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const HASH = /^[0-9a-f]{64}$/;

/** The object's name under the archive: `ab/abcdef….pdf`, the same on a disk and in a bucket. */
export function archiveKey(hash: string): string {
  if (!HASH.test(hash)) throw new Error('bad hash');
  return `${hash.slice(0, 2)}/${hash}.pdf`;
}

/** The archive cannot be reached or refused the request (S3 down, wrong credentials, no bucket): nothing was stored or read. */
export class ArchiveUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveUnavailable';
  }
}

/**
 * The archive of signed PDFs (port): immutable and content-addressed, an object's name is its
 * SHA-256. `put` is idempotent (the same bytes, the same name; an existing object is never
 * replaced) and answers the hash; `get` answers the bytes as stored (callers that vouch for a
 * letter hash them against the row), null when there is no such object. A store that cannot be
 * reached throws ArchiveUnavailable. Also the DI token of the API.
 */
export abstract class ArchiveStore {
  /** Where it is, for logs and messages: never a secret. */
  abstract readonly location: string;
  abstract put(content: Buffer): Promise<string>;
  abstract get(hash: string): Promise<Buffer | null>;
  abstract has(hash: string): Promise<boolean>;
  /** Makes the place ready once per deployment (the folder, the bucket), idempotent; answers what it did. */
  abstract prepare(): Promise<string>;
  /** Whether the archive can be written now (the API's health): throws ArchiveUnavailable within about `timeoutMs`. */
  abstract ping(timeoutMs: number): Promise<void>;
  /** Releases connections (the S3 client's sockets). */
  async close(): Promise<void> {}
  /** Nest calls this on the API's provider. */
  onModuleDestroy(): Promise<void> {
    return this.close();
  }
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT';

/** The archive in a folder of one machine (`npm start`'s default): read-only files, written under a temporary name and renamed. */
export class FilesystemArchiveStore extends ArchiveStore {
  readonly location: string;

  constructor(readonly root: string) {
    super();
    this.location = root;
  }

  path(hash: string): string {
    return join(this.root, archiveKey(hash));
  }

  async put(content: Buffer): Promise<string> {
    const hash = sha256(content);
    const file = this.path(hash);
    if (await this.has(hash)) return hash;
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await writeFile(tmp, content);
      await chmod(tmp, 0o444);
      await rename(tmp, file);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    return hash;
  }

  async get(hash: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(hash));
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async prepare(): Promise<string> {
    await mkdir(this.root, { recursive: true });
    return `the archive folder ${this.root} is ready`;
  }

  /** The folder exists (made as the first letter's put would make it) and this process may write into it; a local folder needs no time limit. */
  async ping(_timeoutMs?: number): Promise<void> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
    } catch (e) {
      throw new ArchiveUnavailable(`the archive folder ${this.root} cannot be written: ${(e as Error).message}`, { cause: e });
    }
  }

  async has(hash: string): Promise<boolean> {
    try {
      return (await stat(this.path(hash))).isFile();
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }
}

/** The configuration an archive is opened from (a part of AppConfig). */
export interface ArchiveStoreSettings {
  ARCHIVE_STORE: 'filesystem' | 's3';
  DATA_DIR: string;
  ARCHIVE_DIR?: string;
  S3_ENDPOINT?: string;
  S3_REGION: string;
  S3_BUCKET?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  S3_FORCE_PATH_STYLE?: boolean;
}

/** The configured archive: the API, the worker and the audit verification all open it this way. */
/**
 * What one request to the S3 archive may take at most, in the API (a put inside the signing
 * transaction, which holds the document and the number counter's rows): two tries of 10 s, 3 s to
 * connect each. The signing transaction's lock wait allows for it (ARCHIVE_REQUEST_BUDGET_MS).
 */
export const API_ARCHIVE_LIMITS = { maxAttempts: 2, requestTimeoutMs: 10_000, connectionTimeoutMs: 3_000 } as const;
export const ARCHIVE_REQUEST_BUDGET_MS =
  API_ARCHIVE_LIMITS.maxAttempts * (API_ARCHIVE_LIMITS.requestTimeoutMs + API_ARCHIVE_LIMITS.connectionTimeoutMs);

export function openArchiveStore(
  cfg: ArchiveStoreSettings,
  limits: { maxAttempts?: number; requestTimeoutMs?: number; connectionTimeoutMs?: number } = {},
): ArchiveStore {
  if (cfg.ARCHIVE_STORE === 'filesystem') return new FilesystemArchiveStore(resolve(cfg.ARCHIVE_DIR ?? join(cfg.DATA_DIR, 'archive')));
  // Loaded only when used: the filesystem default never loads the AWS SDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { S3ArchiveStore } = require('./s3-archive-store') as typeof import('./s3-archive-store');
  if (!cfg.S3_BUCKET || !cfg.S3_ACCESS_KEY_ID || !cfg.S3_SECRET_ACCESS_KEY) {
    throw new Error('ARCHIVE_STORE=s3 needs S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  }
  return new S3ArchiveStore({
    endpoint: cfg.S3_ENDPOINT,
    region: cfg.S3_REGION,
    bucket: cfg.S3_BUCKET,
    accessKeyId: cfg.S3_ACCESS_KEY_ID,
    secretAccessKey: cfg.S3_SECRET_ACCESS_KEY,
    forcePathStyle: cfg.S3_FORCE_PATH_STYLE ?? !!cfg.S3_ENDPOINT,
    ...limits,
  });
}
