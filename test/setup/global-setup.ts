import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from 'argon2';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from '@naskah/worker';
import { loadConfig } from '@naskah/config';
import { createDataSource, dropDatabase, ensureDatabase, migrateDatabase, parseDatabaseUrl } from '@naskah/persistence';
import { DEMO_PASSWORD, seedAll } from '@naskah/seed';
import { LOCAL_CA_NAME, LocalCertificateAuthority, startTimestampAuthority } from '@naskah/letter';
import { ensureTemporalCli, startDevServer } from '@naskah/temporal';
import { ensurePdfcpu } from '../support/verifiers';
import { quietBundlerLogger } from '../support/worker';
import { TEST_DB_PASSWORD, TEST_DB_USER, TEST_ENV_KEYS, TEST_PASSWORD_HASH_OPTIONS } from './test-env';

/**
 * Once per run: a Temporal dev server from the cached CLI binary (our own readiness timeout,
 * not the SDK launcher's 5 s), a throwaway MariaDB database with the migrations applied and
 * both seed organisations loaded.
 */
/**
 * Debian tools the end-to-end tests use as an outside party would: poppler's pdfsig (verifies the
 * letters' signatures) and pdftoppm (renders a page to read its QR code), NSS's certutil (a trust
 * store for pdfsig holding the local CA), and Chromium, which Playwright drives for the web inbox
 * (no browser download: the registry's playwright-core only).
 */
const DEBIAN_TOOLS: Array<{ command: string; versionArg: string; pkg: string; why: string }> = [
  { command: 'pdfsig', versionArg: '-v', pkg: 'poppler-utils', why: 'pdfsig, pdftoppm, pdftotext' },
  { command: 'certutil', versionArg: '-H', pkg: 'libnss3-tools', why: 'certutil, an NSS trust store for pdfsig' },
  { command: 'chromium', versionArg: '--version', pkg: 'chromium', why: 'the browser for the web inbox test' },
];

function ensureDebianTools(): void {
  const missing = DEBIAN_TOOLS.filter((t) => spawnSync(t.command, [t.versionArg]).error);
  if (!missing.length) return;
  process.stdout.write(`\n[setup] installing ${missing.map((t) => `${t.pkg} (${t.why})`).join(', ')} ...\n`);
  const sudo = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  const run = (args: string[]) =>
    spawnSync(sudo.length ? sudo[0] : args[0], sudo.length ? [...sudo.slice(1), ...args] : args.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...missing.map((t) => t.pkg)]);
  const still = missing.filter((t) => spawnSync(t.command, [t.versionArg]).error);
  if (still.length) throw new Error(`missing and could not be installed: ${still.map((t) => `${t.command} (Debian package ${t.pkg})`).join(', ')}`);
}

export default async function globalSetup(): Promise<void> {
  const t0 = Date.now();
  ensureDebianTools();
  process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'naskah-test-'));
  // The test workers do not deliver notices: a spec that does runs its own loop, scoped to its offices (the database is shared).
  process.env.NOTIFY_DELIVERY ??= 'off';
  const cfg = loadConfig(process.env);
  // pdfcpu, the second PAdES verifier, is built into the cache alongside; only the specs that use it fail without it.
  const [binary] = await Promise.all([
    ensureTemporalCli({ cliPath: cfg.TEMPORAL_CLI_PATH, cacheDir: cfg.CACHE_DIR }),
    ensurePdfcpu({ cacheDir: cfg.CACHE_DIR }).catch((e) =>
      process.stdout.write(`\n[setup] pdfcpu unavailable: ${e instanceof Error ? e.message : String(e)}\n`),
    ),
  ]);
  // The workflows bundled once for the run (a few seconds of webpack each time): every spec's worker runs this file.
  const [started, bundled] = await Promise.allSettled([
    startDevServer({ binary, readyTimeoutMs: 120_000 }),
    bundleWorkflowsOnce(process.env.DATA_DIR),
  ]);
  if (started.status === 'rejected') throw started.reason;
  const server = started.value;
  // Jest runs no teardown when the setup fails: stop the server here.
  if (bundled.status === 'rejected') {
    await server.stop();
    throw bundled.reason;
  }
  (globalThis as Record<string, unknown>).__naskahTemporal = server;
  // The run's local CA (under its DATA_DIR) and its RFC 3161 time-stamp authority: officials' signatures are PAdES B-T.
  const tsa = await startTimestampAuthority({
    ca: LocalCertificateAuthority.open(join(process.env.DATA_DIR, 'ca'), LOCAL_CA_NAME),
    host: '127.0.0.1',
    port: 0,
  });
  (globalThis as Record<string, unknown>).__naskahTsa = tsa;
  process.env.TSA_URL = tsa.url;
  process.env.LOCAL_CA_CRL_URL = tsa.crlUrl;

  try {
    await prepareDatabase(cfg.DATABASE_ADMIN_URL, server.address);
  } catch (e) {
    await server.stop();
    throw e;
  }
  process.stdout.write(`\n[setup] Temporal ${server.address}, database ${process.env[TEST_ENV_KEYS.dbName]} ready in ${Date.now() - t0} ms\n`);
}

async function bundleWorkflowsOnce(dir: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ ...workflowBundleOptions, logger: quietBundlerLogger });
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, code);
  process.env[TEST_ENV_KEYS.workflowBundle] = path;
}

async function prepareDatabase(adminUrl: string, temporalAddress: string): Promise<void> {
  const admin = parseDatabaseUrl(adminUrl);
  const dbName = `naskah_test_${randomBytes(4).toString('hex')}`;
  const url = `mysql://${TEST_DB_USER}:${TEST_DB_PASSWORD}@${admin.host}:${admin.port}/${dbName}`;
  await ensureDatabase(url, adminUrl);
  const ds = createDataSource({ url });
  try {
    await migrateDatabase(url, adminUrl);
    await ds.initialize();
    await seedAll(ds, { passwordHash: await hash(DEMO_PASSWORD, TEST_PASSWORD_HASH_OPTIONS) });
  } catch (e) {
    await dropDatabase(adminUrl, dbName);
    throw e;
  } finally {
    if (ds.isInitialized) await ds.destroy();
  }

  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: url,
    TEMPORAL_ADDRESS: temporalAddress,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    LOGIN_THROTTLE_LIMIT: process.env.LOGIN_THROTTLE_LIMIT ?? '100000',
    LOGIN_ACCOUNT_MAX_FAILURES: process.env.LOGIN_ACCOUNT_MAX_FAILURES ?? '100000',
    [TEST_ENV_KEYS.dbName]: dbName,
  });
}
