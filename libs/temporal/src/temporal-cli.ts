import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** v1.6+ carry a `replace` directive that makes `go install` fail, so the version is pinned. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = 'github.com/temporalio/cli/cmd/temporal';

export interface EnsureCliOptions {
  /** TEMPORAL_CLI_PATH: an existing binary to use as is. */
  cliPath?: string;
  /** Base cache folder; defaults to ~/.cache/naskah. */
  cacheDir?: string;
  log?: (line: string) => void;
}

export function temporalCliCacheDir(cacheDir?: string): string {
  return join(cacheDir ?? join(homedir(), '.cache', 'naskah'), 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function runs(binary: string): boolean {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return false;
  }
  const r = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 15000 });
  return r.status === 0 && /temporal version/.test(r.stdout);
}

export class TemporalCliUnavailable extends Error {}

/**
 * Returns a usable Temporal CLI binary (it contains the development server): TEMPORAL_CLI_PATH,
 * else the cached build for TEMPORAL_CLI_VERSION, else builds it from its Go module into the cache.
 */
export async function ensureTemporalCli(opts: EnsureCliOptions = {}): Promise<string> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  if (opts.cliPath) {
    if (!runs(opts.cliPath)) throw new TemporalCliUnavailable(`TEMPORAL_CLI_PATH=${opts.cliPath} is not a working Temporal CLI`);
    return opts.cliPath;
  }
  const dir = temporalCliCacheDir(opts.cacheDir);
  const binary = join(dir, 'temporal');
  if (runs(binary)) return binary;

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new TemporalCliUnavailable(
      [
        'The Temporal CLI (which contains the development server) is needed and Go is not installed to build it.',
        `Either install Go 1.23 or newer and run again (it runs: CGO_ENABLED=0 GOTOOLCHAIN=local go install ${MODULE}@${TEMPORAL_CLI_VERSION}),`,
        `or download the Temporal CLI ${TEMPORAL_CLI_VERSION} for your platform from https://github.com/temporalio/cli/releases`,
        'and set TEMPORAL_CLI_PATH to the binary.',
      ].join('\n'),
    );
  }
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.building');
  // Another process (a parallel test run) may be building: wait for it instead of building twice.
  try {
    mkdirSync(lock);
  } catch {
    log(`Waiting for another build of the Temporal CLI in ${dir} ...`);
    const stale = Date.now() - statSync(lock).mtimeMs > 20 * 60_000;
    if (stale) rmSync(lock, { recursive: true, force: true });
    else {
      while (existsSync(lock)) await new Promise((r) => setTimeout(r, 2000));
      if (runs(binary)) return binary;
    }
    mkdirSync(lock, { recursive: true });
  }
  try {
    log(`Building the Temporal CLI ${TEMPORAL_CLI_VERSION} from its Go module into ${dir} (first run only; a few minutes) ...`);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', `${MODULE}@${TEMPORAL_CLI_VERSION}`], {
        env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOBIN: dir, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new TemporalCliUnavailable(`go install exited with ${code}`))));
    });
    if (!runs(binary)) throw new TemporalCliUnavailable(`The build finished but ${binary} does not run`);
    log(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s`);
    return binary;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
