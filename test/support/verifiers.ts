import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Two verifiers of the letters' PAdES signatures that share no code with ours: poppler's pdfsig (NSS)
 * and pdfcpu (Go's crypto/x509 and its own CMS). Each is run as an outside party would run it.
 */

export const PDFCPU_VERSION = 'v0.11.1';
const PDFCPU_MODULE = 'github.com/pdfcpu/pdfcpu/cmd/pdfcpu';

export function pdfcpuCacheDir(cacheDir = process.env.CACHE_DIR): string {
  return join(cacheDir || join(homedir(), '.cache', 'naskah'), 'pdfcpu', PDFCPU_VERSION);
}

function pdfcpuRuns(binary: string): boolean {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return false;
  }
  // `-c disable`: no config folder is written into the home directory just to print the version.
  const r = spawnSync(binary, ['version', '-c', 'disable'], { encoding: 'utf8', timeout: 15_000 });
  return r.status === 0 && r.stdout.includes(`pdfcpu: ${PDFCPU_VERSION}`);
}

/** The pdfcpu binary, built once from its Go module into the cache (about a minute); parallel runs wait for one build. */
export async function ensurePdfcpu(opts: { cacheDir?: string; log?: (line: string) => void } = {}): Promise<string> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const dir = pdfcpuCacheDir(opts.cacheDir);
  const binary = join(dir, 'pdfcpu');
  if (pdfcpuRuns(binary)) return binary;
  if (spawnSync('go', ['version']).status !== 0)
    throw new Error(`pdfcpu ${PDFCPU_VERSION} is needed and Go is not installed to build it (go install ${PDFCPU_MODULE}@${PDFCPU_VERSION})`);
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.building');
  try {
    mkdirSync(lock);
  } catch {
    log(`Waiting for another build of pdfcpu in ${dir} ...`);
    if (Date.now() - statSync(lock).mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
    else {
      while (existsSync(lock)) await new Promise((r) => setTimeout(r, 1000));
      if (pdfcpuRuns(binary)) return binary;
    }
    mkdirSync(lock, { recursive: true });
  }
  try {
    log(`Building pdfcpu ${PDFCPU_VERSION} from its Go module into ${dir} (first run only) ...`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn('go', ['install', `${PDFCPU_MODULE}@${PDFCPU_VERSION}`], {
        env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOBIN: dir, GOFLAGS: '-mod=mod' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install ${PDFCPU_MODULE} exited with ${code}`))));
    });
    if (!pdfcpuRuns(binary)) throw new Error(`the build finished but ${binary} does not run`);
    return binary;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const field = (raw: string, label: string): string | undefined => {
  const m = new RegExp(`^\\s*(?:- )?${label}:[ \\t]*(.*)$`, 'm').exec(raw);
  return m ? m[1].trim() : undefined;
};

export interface PdfcpuReport {
  /** pdfcpu's verdict: "signature is valid" (the document unchanged and the chain trusted, revocation checked). */
  valid: boolean;
  status: string;
  reason: string;
  /** Who signed as pdfcpu names them: the certificate's common name, else the signature's /Name. */
  signerText: string;
  /** The signature time-stamp's time, when pdfcpu found one. */
  timestamp?: Date;
  /** The PAdES level pdfcpu reports for a valid signature (e.g. "B-T"). */
  pades?: string;
  raw: string;
}

/**
 * `pdfcpu signatures validate -full` in a config folder of its own, trusting only `trustCaPem` (if
 * given) besides pdfcpu's bundled lists. pdfcpu calls a signature valid only after a revocation check,
 * so the certificate's CRL must be reachable while it runs.
 */
export async function pdfcpuValidate(file: string, opts: { trustCaPem?: string } = {}): Promise<PdfcpuReport> {
  const binary = await ensurePdfcpu();
  const conf = mkdtempSync(join(tmpdir(), 'naskah-pdfcpu-'));
  try {
    if (opts.trustCaPem) {
      writeFileSync(join(conf, 'trusted-ca.pem'), opts.trustCaPem);
      const imported = spawnSync(binary, ['certificates', 'import', '-c', conf, join(conf, 'trusted-ca.pem')], { encoding: 'utf8', timeout: 60_000 });
      if (imported.status !== 0) throw new Error(`pdfcpu certificates import failed: ${imported.stderr || imported.stdout}`);
    }
    const r = await run(binary, ['signatures', 'validate', '-full', '-c', conf, file]);
    const raw = r.stdout + r.stderr;
    const status = field(raw, 'Status') ?? '';
    const identity = field(raw, 'SignerIdentity');
    // "false" without a token, "invalid" for one pdfcpu could not read, else "2006-01-02 15:04:05 -0700".
    const stamp = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)$/.exec(field(raw, 'Timestamp') ?? '');
    return {
      valid: status === 'signature is valid',
      status,
      reason: field(raw, 'Reason') ?? '',
      signerText: identity && identity !== 'Unknown' ? identity : (field(raw, 'Subject') ?? field(raw, 'SignerName') ?? ''),
      timestamp: stamp ? new Date(`${stamp[1]}T${stamp[2]}${stamp[3]}:${stamp[4]}`) : undefined,
      pades: field(raw, 'PAdES'),
      raw,
    };
  } finally {
    rmSync(conf, { recursive: true, force: true });
  }
}

export interface PdfsigReport {
  /** "Signature is Valid." */
  valid: boolean;
  /** "Certificate is Trusted." */
  trusted: boolean;
  signerCommonName?: string;
  signerDistinguishedName?: string;
  signatureValidation?: string;
  certificateValidation?: string;
  /** As pdfsig prints it (the signature dictionary's /M when the CMS has no signing-time). */
  signingTime?: string;
  signatureType?: string;
  raw: string;
}

/**
 * poppler's pdfsig on the file's (first) signature. With `trustCaPem` it runs against a fresh NSS
 * database (certutil) that trusts that CA, so "Certificate Validation" tells whether the chain holds.
 */
export async function pdfsigValidate(file: string, opts: { trustCaPem?: string } = {}): Promise<PdfsigReport> {
  const nss = opts.trustCaPem ? mkdtempSync(join(tmpdir(), 'naskah-nss-')) : null;
  try {
    const args = [file];
    if (nss) {
      const ca = join(nss, 'ca.pem');
      writeFileSync(ca, opts.trustCaPem!);
      for (const certutil of [
        ['-N', '-d', `sql:${nss}`, '--empty-password'],
        ['-A', '-d', `sql:${nss}`, '-n', 'naskah-test-ca', '-t', 'CT,C,C', '-i', ca],
      ]) {
        const r = spawnSync('certutil', certutil, { encoding: 'utf8', timeout: 30_000 });
        if (r.error || r.status !== 0) throw new Error(`certutil ${certutil[0]} failed: ${r.error?.message ?? r.stderr}`);
      }
      args.unshift('-nssdir', `sql:${nss}`);
    }
    const r = await run('pdfsig', args);
    const raw = r.stdout + r.stderr;
    const signatureValidation = field(raw, 'Signature Validation');
    const certificateValidation = field(raw, 'Certificate Validation');
    return {
      valid: signatureValidation === 'Signature is Valid.',
      trusted: certificateValidation === 'Certificate is Trusted.',
      signerCommonName: field(raw, 'Signer Certificate Common Name'),
      signerDistinguishedName: field(raw, 'Signer full Distinguished Name'),
      signatureValidation,
      certificateValidation,
      signingTime: field(raw, 'Signing Time'),
      signatureType: field(raw, 'Signature Type'),
      raw,
    };
  } finally {
    if (nss) rmSync(nss, { recursive: true, force: true });
  }
}

/** Asynchronous, so an in-process server (the CRL, the TSA) keeps answering while the tool runs. */
function run(command: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
