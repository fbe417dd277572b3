import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchiveStore } from './archive-store';

/**
 * MinIO, the reference S3-compatible server, for the tests of the S3 archive (development tooling,
 * like the local CA and its TSA; it loads no AWS SDK until a bucket is made): built once from its
 * Go module into the cache like the Temporal CLI and pdfcpu (never a mock, never a download but the
 * Go module proxy). MinIO's releases are tagged RELEASE.<date>, not semver, so the module is pinned
 * by its pseudo-version: the last commit of github.com/minio/minio (2026-02-12).
 */
export const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';
const MINIO_MODULE = 'github.com/minio/minio';

export function minioCacheDir(cacheDir = process.env.CACHE_DIR): string {
  return join(cacheDir || join(homedir(), '.cache', 'naskah'), 'minio', MINIO_VERSION);
}

function minioRuns(binary: string): boolean {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return false;
  }
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 && /minio version/i.test(r.stdout);
}

/** The MinIO binary (MINIO_PATH, else the cached build, else built now: a few minutes the first time); parallel runs wait for one build. */
export async function ensureMinio(opts: { cacheDir?: string; log?: (line: string) => void } = {}): Promise<string> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  if (process.env.MINIO_PATH) {
    if (!minioRuns(process.env.MINIO_PATH)) throw new Error(`MINIO_PATH=${process.env.MINIO_PATH} is not a working MinIO server`);
    return process.env.MINIO_PATH;
  }
  const dir = minioCacheDir(opts.cacheDir);
  const binary = join(dir, 'minio');
  if (minioRuns(binary)) return binary;
  if (spawnSync('go', ['version']).status !== 0)
    throw new Error(
      `MinIO (the S3 server of the archive tests) is needed and Go is not installed to build it (go install ${MINIO_MODULE}@${MINIO_VERSION})`,
    );
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.building');
  try {
    mkdirSync(lock);
  } catch {
    log(`Waiting for another build of MinIO in ${dir} ...`);
    if (Date.now() - statSync(lock).mtimeMs > 30 * 60_000) rmSync(lock, { recursive: true, force: true });
    else {
      while (existsSync(lock)) await new Promise((r) => setTimeout(r, 2000));
      if (minioRuns(binary)) return binary;
    }
    mkdirSync(lock, { recursive: true });
  }
  try {
    log(`Building MinIO ${MINIO_VERSION} from its Go module into ${dir} (first run only; several minutes) ...`);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', `${MINIO_MODULE}@${MINIO_VERSION}`], {
        env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOBIN: dir, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${MINIO_MODULE} exited with ${code}`))));
    });
    if (!minioRuns(binary)) throw new Error(`the build finished but ${binary} does not run`);
    log(`MinIO built in ${Math.round((Date.now() - started) / 1000)} s`);
    return binary;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A running MinIO on a loopback port, its data in a folder of its own; stop() and start() again keep the objects. */
export interface S3TestServer {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The env an API or worker process needs to keep its archive in `bucket` of this server. */
  env(bucket: string): Record<string, string>;
  createBucket(bucket: string): Promise<void>;
  /** Stops the server (the S3 outage of a test); start() brings it back on the same port with the same objects. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

export async function startS3Server(opts: { cacheDir?: string; readyTimeoutMs?: number } = {}): Promise<S3TestServer> {
  const binary = await ensureMinio({ cacheDir: opts.cacheDir });
  const data = mkdtempSync(join(tmpdir(), 'naskah-minio-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const accessKeyId = `naskah-${randomBytes(4).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('hex');
  const region = 'us-east-1';
  let child: ChildProcess | undefined;

  const start = async () => {
    let output = '';
    const proc = spawn(binary, ['server', data, '--address', `127.0.0.1:${port}`, '--quiet'], {
      env: {
        ...process.env,
        MINIO_ROOT_USER: accessKeyId,
        MINIO_ROOT_PASSWORD: secretAccessKey,
        MINIO_REGION: region,
        MINIO_BROWSER: 'off',
        MINIO_UPDATE: 'off',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    proc.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`MinIO exited with ${proc.exitCode}:\n${output}`);
      const ready = await fetch(`${endpoint}/minio/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`MinIO not ready at ${endpoint}:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGKILL');
    });

  await start();
  return {
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    env: (bucket) => ({
      ARCHIVE_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_REGION: region,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    }),
    async createBucket(bucket) {
      const store = openArchiveStore({
        ARCHIVE_STORE: 's3',
        DATA_DIR: data,
        S3_ENDPOINT: endpoint,
        S3_REGION: region,
        S3_BUCKET: bucket,
        S3_ACCESS_KEY_ID: accessKeyId,
        S3_SECRET_ACCESS_KEY: secretAccessKey,
        S3_FORCE_PATH_STYLE: true,
      });
      try {
        await store.prepare();
      } finally {
        await store.close();
      }
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
