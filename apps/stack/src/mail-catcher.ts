import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Mailpit, the local mail catcher of `npm start`: every e-mail the worker sends lands in its web
 * view. Built like the Temporal CLI (libs/temporal/src/temporal-cli.ts): from its Go module, once,
 * into the cache. The module holds the web UI's sources but not its compiled assets, so the build
 * runs the UI's own esbuild script (its locked npm dependencies) before `go build` embeds them.
 */
export const MAILPIT_VERSION = 'v1.27.11';
const MODULE = 'github.com/axllent/mailpit';

export class MailpitUnavailable extends Error {}

export function mailpitCacheDir(cacheDir?: string): string {
  return join(cacheDir ?? join(homedir(), '.cache', 'naskah'), 'mailpit', MAILPIT_VERSION);
}

function runs(binary: string): boolean {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return false;
  }
  const r = spawnSync(binary, ['version', '--no-release-check'], { encoding: 'utf8', timeout: 15000 });
  return r.status === 0 && r.stdout.includes(MAILPIT_VERSION);
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new MailpitUnavailable(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

/** The module cache is read-only; the copy we build in must not be. */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(path);
    else chmodSync(path, 0o644);
  }
}

export interface EnsureMailpitOptions {
  /** MAILPIT_PATH: an existing binary (e.g. a release download) to use as is. */
  binaryPath?: string;
  cacheDir?: string;
  log?: (line: string) => void;
}

export async function ensureMailpit(opts: EnsureMailpitOptions = {}): Promise<string> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (opts.binaryPath) {
    if (!runs(opts.binaryPath)) throw new MailpitUnavailable(`MAILPIT_PATH=${opts.binaryPath} is not Mailpit ${MAILPIT_VERSION}`);
    return opts.binaryPath;
  }
  const dir = mailpitCacheDir(opts.cacheDir);
  const binary = join(dir, 'mailpit');
  if (runs(binary)) return binary;
  for (const [tool, arg] of [
    ['go', 'version'],
    ['npm', '--version'],
  ]) {
    if (spawnSync(tool, [arg], { encoding: 'utf8' }).status !== 0) {
      throw new MailpitUnavailable(
        `Building the mail catcher needs Go 1.23+ and npm (${tool} is missing); or download Mailpit ${MAILPIT_VERSION} from https://github.com/axllent/mailpit/releases and set MAILPIT_PATH`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.building');
  // Another `npm start` may be building: wait for it instead of building twice.
  try {
    mkdirSync(lock);
  } catch {
    log(`Waiting for another build of Mailpit in ${dir} ...`);
    const stale = Date.now() - statSync(lock).mtimeMs > 20 * 60_000;
    if (stale) rmSync(lock, { recursive: true, force: true });
    else {
      while (existsSync(lock)) await new Promise((r) => setTimeout(r, 2000));
      if (runs(binary)) return binary;
    }
    mkdirSync(lock, { recursive: true });
  }
  const work = mkdtempSync(join(tmpdir(), 'naskah-mailpit-'));
  try {
    log(`Building Mailpit ${MAILPIT_VERSION} (the local mail catcher) into ${dir} (first run only; a few minutes) ...`);
    const started = Date.now();
    const goEnv = { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };
    const download = spawnSync('go', ['mod', 'download', '-json', `${MODULE}@${MAILPIT_VERSION}`], { encoding: 'utf8', env: goEnv });
    const moduleDir = download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
    if (!moduleDir) throw new MailpitUnavailable(`go mod download ${MODULE}@${MAILPIT_VERSION} failed: ${download.stderr.trim()}`);
    const src = join(work, 'src');
    cpSync(moduleDir, src, { recursive: true });
    makeWritable(src);
    await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], src, process.env);
    await run(process.execPath, ['esbuild.config.mjs'], src, { ...process.env, MINIFY: 'true' });
    await run('go', ['build', '-ldflags', `-s -w -X ${MODULE}/config.Version=${MAILPIT_VERSION}`, '-o', binary, '.'], src, goEnv);
    if (!runs(binary)) throw new MailpitUnavailable(`The build finished but ${binary} does not run`);
    log(`Mailpit built in ${Math.round((Date.now() - started) / 1000)} s`);
    return binary;
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface MailCatcher {
  smtpPort: number;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Mailpit on host:smtpPort (SMTP, no auth, no TLS) and host:uiPort (web view), its messages kept in dbFile. */
export async function startMailCatcher(opts: {
  binary: string;
  host: string;
  smtpPort: number;
  uiPort: number;
  dbFile: string;
  stdio: 'ignore' | number;
}): Promise<MailCatcher> {
  const args = [
    '--smtp',
    `${opts.host}:${opts.smtpPort}`,
    '--listen',
    `${opts.host}:${opts.uiPort}`,
    '--database',
    opts.dbFile,
    '--disable-version-check',
  ];
  const child = spawn(opts.binary, args, { stdio: ['ignore', opts.stdio, opts.stdio] });
  const uiUrl = `http://${opts.host}:${opts.uiPort}`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`mailpit exited with ${code}`))));
  exited.catch(() => undefined);
  const ready = async () => {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        if ((await fetch(`${uiUrl}/api/v1/info`)).ok) return;
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`mailpit not ready at ${uiUrl} after 30 s`);
  };
  try {
    await Promise.race([ready(), exited]);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    smtpPort: opts.smtpPort,
    uiUrl,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
