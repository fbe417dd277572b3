import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { hash } from 'argon2';
import { AppConfig, loadConfigOrExit } from '@naskah/config';
import { createDataSource, ensureDatabase, migrateDatabase } from '@naskah/persistence';
import { DEMO_PASSWORD, seedAll } from '@naskah/seed';
import { LOCAL_CA_NAME, LocalCertificateAuthority, startTimestampAuthority } from '@naskah/letter';
import { DevServer, ensureTemporalCli, startDevServer } from '@naskah/temporal';
import { ensureMailpit, MailCatcher, startMailCatcher } from './mail-catcher';

/**
 * `npm start`: the whole local system in one command. Temporal dev server (persisted under the
 * data folder, Web UI on), database and user, migrations, seed data, then the worker and the API
 * as child processes. Ctrl-C stops every child; nothing is left running.
 */
const log = (m: string) => process.stdout.write(`[naskah] ${m}\n`);
const ROOT = resolve(__dirname, '..', '..', '..', '..');

function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      res(true);
    });
    s.once('error', () => res(false));
  });
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not healthy after ${timeoutMs} ms`);
}

async function prepareDatabase(cfg: AppConfig): Promise<void> {
  const how = await ensureDatabase(cfg.DATABASE_URL, cfg.DATABASE_ADMIN_URL);
  log(how === 'created' ? 'database and user created' : 'database reachable');
  const ran = await migrateDatabase(cfg.DATABASE_URL, cfg.DATABASE_ADMIN_URL);
  log(`migrations: ${ran.length ? ran.join(', ') : 'up to date'}; least-privilege grants applied`);
  const ds = createDataSource({ url: cfg.DATABASE_URL });
  await ds.initialize();
  try {
    const orgs = await seedAll(ds, { passwordHash: await hash(DEMO_PASSWORD) });
    log(`seed data: ${orgs.map((o) => o.code).join(', ')}`);
  } finally {
    await ds.destroy();
  }
}

async function demoLogins(cfg: AppConfig): Promise<string[]> {
  const ds = createDataSource({ url: cfg.DATABASE_URL });
  await ds.initialize();
  try {
    const rows: Array<{ org: string; title: string; nip: string; name: string }> = await ds.query(
      `SELECT o.code AS org, p.title, f.nip, f.name
         FROM official f
         JOIN assignment a ON a.official_id = f.id
         JOIN org_position p ON p.id = a.position_id
         JOIN organization o ON o.id = f.organization_id
        WHERE p.code IN ('KADIS', 'SEKRETARIS', 'KASUBBAG-UMPEG', 'UMPEG-ARSIP', 'UMPEG-SDM')
        ORDER BY o.code, p.level, p.sort_order`,
    );
    return rows.map((r) => `  ${r.org.padEnd(10)} ${r.nip}  ${r.name} (${r.title})`);
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const cfg = loadConfigOrExit();
  const children: Array<{ name: string; proc: ChildProcess }> = [];
  let temporal: DevServer | undefined;
  let tsa: { url: string; crlUrl: string; close(): Promise<void> } | undefined;
  let mail: MailCatcher | undefined;
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping ...');
    await Promise.all(
      children.map(
        ({ proc }) =>
          new Promise<void>((res) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return res();
            const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
            proc.once('exit', () => {
              clearTimeout(t);
              res();
            });
            proc.kill('SIGTERM');
          }),
      ),
    );
    await temporal?.stop();
    await tsa?.close();
    await mail?.stop();
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const dataDir = resolve(ROOT, cfg.DATA_DIR);
    mkdirSync(dataDir, { recursive: true });
    const binary = await ensureTemporalCli({ cliPath: cfg.TEMPORAL_CLI_PATH, cacheDir: cfg.CACHE_DIR, log });
    const [host, portText] = cfg.TEMPORAL_ADDRESS.split(':');
    const port = Number(portText);
    const localTsa = !cfg.TSA_URL;
    const localMail = !cfg.SMTP_HOST;
    for (const p of [
      port,
      cfg.TEMPORAL_UI_PORT,
      cfg.PORT,
      ...(localTsa ? [cfg.TSA_PORT] : []),
      ...(localMail ? [cfg.MAIL_SMTP_PORT, cfg.MAIL_UI_PORT] : []),
    ]) {
      if (await portInUse(host, p))
        throw new Error(
          `port ${p} on ${host} is already in use: stop what holds it, or choose other ports (TEMPORAL_ADDRESS, TEMPORAL_UI_PORT, PORT, TSA_PORT, MAIL_SMTP_PORT, MAIL_UI_PORT)`,
        );
    }
    log(`starting the Temporal dev server (log: ${join(cfg.DATA_DIR, 'temporal.log')}) ...`);
    temporal = await startDevServer({
      binary,
      ip: host,
      port,
      uiPort: cfg.TEMPORAL_UI_PORT,
      dbFile: join(dataDir, 'temporal.db'),
      stdio: openSync(join(dataDir, 'temporal.log'), 'a'),
      readyTimeoutMs: 120_000,
    });
    temporal.process.once('exit', () => {
      if (!stopping) {
        log('the Temporal dev server stopped unexpectedly');
        void stopAll(1);
      }
    });
    await prepareDatabase(cfg);
    if (localTsa) {
      // The local CA's RFC 3161 time-stamp authority: the officials' signatures are PAdES B-T.
      const ca = LocalCertificateAuthority.open(resolve(ROOT, cfg.LOCAL_CA_DIR ?? join(cfg.DATA_DIR, 'ca')), LOCAL_CA_NAME);
      tsa = await startTimestampAuthority({ ca, host: cfg.HOST, port: cfg.TSA_PORT });
      process.env.TSA_URL = tsa.url;
      process.env.LOCAL_CA_CRL_URL = tsa.crlUrl;
      log(`local CA ${join(cfg.LOCAL_CA_DIR ?? join(cfg.DATA_DIR, 'ca'))}, time-stamp authority ${tsa.url}`);
    }
    if (localMail) {
      // No SMTP server configured: the worker's e-mails go to a local catcher with a web view; without one they are skipped.
      try {
        const mailpit = await ensureMailpit({ binaryPath: cfg.MAILPIT_PATH, cacheDir: cfg.CACHE_DIR, log });
        mail = await startMailCatcher({
          binary: mailpit,
          host: cfg.HOST,
          smtpPort: cfg.MAIL_SMTP_PORT,
          uiPort: cfg.MAIL_UI_PORT,
          dbFile: join(dataDir, 'mailpit.db'),
          stdio: openSync(join(dataDir, 'mailpit.log'), 'a'),
        });
        process.env.SMTP_HOST = cfg.HOST;
        process.env.SMTP_PORT = String(cfg.MAIL_SMTP_PORT);
        process.env.SMTP_SECURE = 'false';
        log(`mail catcher ${mail.uiUrl} (SMTP ${cfg.HOST}:${cfg.MAIL_SMTP_PORT}, log: ${join(cfg.DATA_DIR, 'mailpit.log')})`);
      } catch (e) {
        log(`no mail catcher (${e instanceof Error ? e.message : String(e)}): e-mail notices are skipped`);
      }
    }

    const apps: Array<[string, string]> = [
      ['worker', 'dist/apps/worker/src/main.js'],
      ['api', 'dist/apps/api/src/main.js'],
    ];
    for (const [name, entry] of apps) {
      const proc = spawn(process.execPath, [join(ROOT, entry)], { stdio: 'inherit', env: process.env, cwd: ROOT });
      children.push({ name, proc });
      proc.once('exit', (code, signal) => {
        if (!stopping) {
          log(`${name} exited (${signal ?? code}); stopping everything`);
          void stopAll(1);
        }
      });
    }
    const base = `http://${cfg.HOST}:${cfg.PORT}`;
    await waitForHealth(`${base}/api/health`, 120_000);
    const logins = await demoLogins(cfg);
    process.stdout.write(
      [
        '',
        'naskah is running:',
        `  Web inbox      ${base}/`,
        `  API            ${base}/api/v1`,
        `  OpenAPI docs   ${base}/api/docs`,
        `  Health         ${base}/api/health`,
        `  Temporal UI    ${temporal.uiUrl}`,
        `  TSA (RFC 3161) ${process.env.TSA_URL ?? '-'}`,
        `  Mail catcher   ${mail ? mail.uiUrl : cfg.SMTP_HOST ? `- (e-mail goes to ${cfg.SMTP_HOST}:${cfg.SMTP_PORT})` : '- (e-mail notices are skipped)'}`,
        `  Signing        ${cfg.SIGNING_PROVIDER}${
          Object.keys(cfg.SIGNING_PROVIDER_BY_ORG).length
            ? ` (${Object.entries(cfg.SIGNING_PROVIDER_BY_ORG)
                .map(([o, p]) => `${o}: ${p}`)
                .join(', ')})`
            : ''
        }; officials activate their TTE under "Aktivasi TTE"`,
        '',
        `Demo logins (password "${DEMO_PASSWORD}"):`,
        ...logins,
        '',
        'Press Ctrl-C to stop everything.',
        '',
      ].join('\n'),
    );
  } catch (e) {
    log(`failed: ${e instanceof Error ? e.message : String(e)}`);
    await stopAll(1);
  }
}

void main();
