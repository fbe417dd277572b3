import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

const durationSeconds = z.coerce.number().int().positive();

/** An on/off switch written as true/false (or 1/0). */
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** A proxy entry Express understands: a named range, an address, or a CIDR. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/** Express's `trust proxy`: false (the socket's address), a hop count, or the proxies to believe. */
const trustProxy = z
  .string()
  .optional()
  .transform((text, ctx): false | number | string[] => {
    const value = text?.trim() ?? '';
    if (!value || value === '0') return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const bad = entries.filter((e) => !isProxyEntry(e));
    if (bad.length) {
      ctx.addIssue({
        code: 'custom',
        message: `${bad.map((e) => `"${e}"`).join(', ')}: give a hop count, or proxy addresses/CIDRs or loopback, linklocal, uniquelocal (trusting every proxy would let any client choose its address)`,
      });
      return z.NEVER;
    }
    return entries;
  });

/** The one environment schema. Nothing else reads process.env (STYLE §8). */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^mysql:\/\//, 'must be a mysql:// URL')
    .default('mysql://naskah:naskah-dev@127.0.0.1:3306/naskah'),
  DATABASE_ADMIN_URL: z
    .string()
    .regex(/^mysql:\/\//, 'must be a mysql:// URL')
    .default('mysql://root@127.0.0.1:3306'),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(10),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('naskah-documents'),
  TEMPORAL_CLI_PATH: z.string().optional(),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  CACHE_DIR: z.string().optional(),
  /** Unset in development and test: generated once under DATA_DIR/secrets. Required in production. */
  JWT_SECRET: z
    .string()
    .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes (openssl rand -hex 32)')
    .optional(),
  /**
   * Keys of the Temporal payload codec, `id:base64,id2:base64`: the first encrypts, all decrypt (rotation).
   * Unset in development and test: generated once under DATA_DIR/secrets. Required in production.
   */
  TEMPORAL_PAYLOAD_KEYS: z.string().optional(),
  /** The operators' decode-only codec endpoint (libs/temporal/src/cli/codec-server.ts): its port and the UI origins allowed to call it. */
  TEMPORAL_CODEC_PORT: z.coerce.number().int().min(1).max(65535).default(8888),
  TEMPORAL_CODEC_ALLOW_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  JWT_TTL_SECONDS: durationSeconds.default(8 * 3600),
  /** Per client address, in each API process: login attempts per window (a flood brake; the address is the proxy's unless TRUST_PROXY). */
  LOGIN_THROTTLE_LIMIT: z.coerce.number().int().positive().default(10),
  LOGIN_THROTTLE_TTL_SECONDS: durationSeconds.default(60),
  /** Per NIP, shared by every API process through the database: failed logins within the window that lock the NIP, and for how long. */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_ACCOUNT_WINDOW_SECONDS: durationSeconds.default(15 * 60),
  LOGIN_ACCOUNT_LOCK_SECONDS: durationSeconds.default(15 * 60),
  /** The public PDF upload (POST /api/v1/verify), in each API process: uploads per client address per window, and uploads at once. */
  VERIFY_THROTTLE_LIMIT: z.coerce.number().int().positive().default(10),
  VERIFY_THROTTLE_TTL_SECONDS: durationSeconds.default(60),
  VERIFY_MAX_CONCURRENT: z.coerce.number().int().positive().default(2),
  /** Whose X-Forwarded-For to believe: unset trusts no proxy; a hop count, or proxy addresses and CIDRs (or loopback, linklocal, uniquelocal). */
  TRUST_PROXY: trustProxy,
  /** Reminders (DESIGN §4): working days in production, seconds in tests. */
  STEP_DEADLINE_UNIT: z.enum(['working-days', 'seconds']).default('working-days'),
  STEP_REMINDER_AFTER: z.coerce.number().int().positive().default(3),
  STEP_ESCALATION_AFTER: z.coerce.number().int().positive().default(2),
  /** How long the API waits for the workflow to answer an action before saying 503. */
  ACTION_TIMEOUT_SECONDS: durationSeconds.default(20),
  DATA_DIR: z.string().default('.data'),
  /** Where the content-addressed archive of signed PDFs is: 'filesystem' (ARCHIVE_DIR, one machine) or 's3' (S3-compatible object storage, any number of hosts). */
  ARCHIVE_STORE: z.enum(['filesystem', 's3']).default('filesystem'),
  /** The filesystem archive; defaults to DATA_DIR/archive. */
  ARCHIVE_DIR: z.string().optional(),
  /** The S3 archive: the endpoint of a self-hosted server (MinIO, ...); unset: AWS S3 of S3_REGION. */
  S3_ENDPOINT: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http:// or https:// URL')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3-63 lowercase letters, digits, "." or "-"')
    .optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Never logged, never in a message. */
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key), as self-hosted servers want; defaults to true when S3_ENDPOINT is set. */
  S3_FORCE_PATH_STYLE: flag.optional(),
  /** PKCS#12 with the organisation's certificate (a BSrE one in production); unset: a generated development key. */
  SIGNING_P12_PATH: z.string().optional(),
  SIGNING_P12_PASSPHRASE: z.string().default('naskah-dev'),
  /**
   * Who makes the officials' personal signatures (TTE): 'local-ca' (the project's own CA under
   * LOCAL_CA_DIR, development and tests) or 'bsre' (BSrE esign API v2). Per organisation:
   * SIGNING_PROVIDER_BY_ORG, "ORG-CODE=bsre,OTHER=local-ca"; the rest use SIGNING_PROVIDER.
   */
  SIGNING_PROVIDER: z.enum(['local-ca', 'bsre']).default('local-ca'),
  SIGNING_PROVIDER_BY_ORG: z
    .string()
    .default('')
    .transform((s, ctx) => {
      const out: Record<string, 'local-ca' | 'bsre'> = {};
      for (const entry of s
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean)) {
        const [code, provider] = entry.split('=').map((x) => x.trim());
        if (!code || (provider !== 'local-ca' && provider !== 'bsre')) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" must be ORG-CODE=local-ca or ORG-CODE=bsre` });
          continue;
        }
        out[code] = provider;
      }
      return out;
    }),
  /** The local CA's files (CA and TSA keys and certificates); defaults to DATA_DIR/ca. */
  LOCAL_CA_DIR: z.string().optional(),
  /** RFC 3161 time-stamp authority for PAdES B-T (npm start runs the local CA's on TSA_PORT); unset: B-B only. */
  TSA_URL: z.string().url().optional(),
  TSA_PORT: z.coerce.number().int().min(1).max(65535).default(3181),
  /** Where the local CA's revocation list is served (the TSA serves /ca.crl): written into the officials' certificates. */
  LOCAL_CA_CRL_URL: z.string().url().optional(),
  BSRE_BASE_URL: z.string().url().optional(),
  BSRE_CLIENT_ID: z.string().optional(),
  BSRE_CLIENT_SECRET: z.string().optional(),
  BSRE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /**
   * How long a signature claim may stay open before the workflow settles it from the database:
   * longer than a signing request can take (the provider's timeout, the TSA's, rendering).
   */
  SIGNATURE_CLAIM_TTL_SECONDS: durationSeconds.default(180),
  /** Worker threads that render and sign letters (0: on the activity event loop). */
  LETTER_RENDER_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  /** How often the worker tells deputies and principals that appointments started or ended. */
  NOTIFY_SWEEP_SECONDS: durationSeconds.default(30),
  /** How often an open notification stream (SSE) looks for the caller's new notices. */
  NOTIFY_STREAM_POLL_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** E-mail notices over SMTP; unset SMTP_HOST: e-mail deliveries are marked skipped (npm start runs a local mail catcher instead). */
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  SMTP_SECURE: flag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_FROM: z.string().default('Naskah Dinas <no-reply@naskah.local>'),
  /** The worker's delivery loop (e-mail, the offices' webhooks): off for a worker that should only run workflows. */
  NOTIFY_DELIVERY: z.enum(['on', 'off']).default('on'),
  NOTIFY_POLL_MS: z.coerce.number().int().positive().default(1000),
  NOTIFY_BATCH_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Retry after a failed send: base * 2^(attempts-1), at most NOTIFY_RETRY_MAX_MS; after NOTIFY_MAX_ATTEMPTS the row is 'failed' (requeue by hand). */
  NOTIFY_RETRY_BASE_MS: z.coerce.number().int().positive().default(5000),
  NOTIFY_RETRY_MAX_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().positive().default(1000),
  /** The daily digest goes out at this hour, Asia/Jakarta (WIB). */
  NOTIFY_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** npm start's mail catcher (Mailpit) when SMTP_HOST is unset: its SMTP and web ports; MAILPIT_PATH: an existing binary. */
  MAIL_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  MAIL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8025),
  MAILPIT_PATH: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface TemporalPayloadKey {
  id: string;
  /** 32 bytes (AES-256-GCM). */
  key: Buffer;
}

export type AppConfig = Omit<z.infer<typeof schema>, 'JWT_SECRET' | 'TEMPORAL_PAYLOAD_KEYS'> & {
  JWT_SECRET: string;
  TEMPORAL_PAYLOAD_KEYS: TemporalPayloadKey[];
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

/** Parses `id:base64,id2:base64`; the messages name entries by id, never show a key. */
export function parsePayloadKeys(text: string): { keys: TemporalPayloadKey[]; issues: string[] } {
  const keys: TemporalPayloadKey[] = [];
  const issues: string[] = [];
  for (const [i, entry] of text.split(',').entries()) {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon).trim();
    const key = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) issues.push(`entry ${i + 1} must be "id:base64key" with an id of letters, digits, ".", "_" or "-"`);
    else if (!BASE64_32_BYTES.test(key)) issues.push(`key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)`);
    else if (keys.some((k) => k.id === id)) issues.push(`key id "${id}" is given twice`);
    else keys.push({ id, key: Buffer.from(key, 'base64') });
  }
  return { keys, issues };
}

/**
 * A development secret under DATA_DIR/secrets, made on first start and reused afterwards. Written to
 * a private file, then hard-linked into place (which never replaces an existing file), so processes
 * starting together all read the one that won.
 */
function localSecret(variable: string, dataDir: string, name: string, generate: () => string): { value: string; file: string } {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  const read = () => readFileSync(file, 'utf8').trim();
  try {
    try {
      return { value: read(), file };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}`);
    writeFileSync(tmp, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
    try {
      linkSync(tmp, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(tmp);
    }
    return { value: read(), file };
  } catch (e) {
    throw new ConfigError([`${variable}: unset, and no development secret could be kept in ${file} (${(e as Error).message}); set ${variable}`]);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const { JWT_SECRET, TEMPORAL_PAYLOAD_KEYS, ...cfg } = parsed.data;
  const issues: string[] = [];
  if (cfg.ARCHIVE_STORE === 's3') {
    for (const k of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const)
      if (!cfg[k]) issues.push(`${k}: required when ARCHIVE_STORE is s3`);
  }
  const usesBsre = cfg.SIGNING_PROVIDER === 'bsre' || Object.values(cfg.SIGNING_PROVIDER_BY_ORG).includes('bsre');
  if (usesBsre) {
    for (const k of ['BSRE_BASE_URL', 'BSRE_CLIENT_ID', 'BSRE_CLIENT_SECRET'] as const)
      if (!cfg[k]) issues.push(`${k}: required when a signing provider is bsre`);
  }
  if (cfg.NODE_ENV === 'production') {
    // No fixed or generated secret in production: a process that would invent its own could not
    // verify the tokens, nor read the payloads, of the others.
    if (!JWT_SECRET) issues.push('JWT_SECRET: required in production, at least 32 bytes (openssl rand -hex 32)');
    if (!TEMPORAL_PAYLOAD_KEYS) issues.push('TEMPORAL_PAYLOAD_KEYS: required in production, "id:base64key" (e.g. k1:$(openssl rand -base64 32))');
    // The local CA's certificates are this application's own, not certified electronic signatures.
    if (cfg.SIGNING_PROVIDER === 'local-ca' || Object.values(cfg.SIGNING_PROVIDER_BY_ORG).includes('local-ca')) {
      issues.push('SIGNING_PROVIDER: local-ca is for development and tests; production signs with bsre (a certified BSrE certificate per official)');
    }
    if (issues.length) throw new ConfigError(issues);
  }
  let jwtSecret = JWT_SECRET;
  if (!jwtSecret) {
    const s = localSecret('JWT_SECRET', cfg.DATA_DIR, 'jwt-secret', () => randomBytes(32).toString('hex'));
    if (Buffer.byteLength(s.value, 'utf8') < 32)
      issues.push(`JWT_SECRET: the generated secret in ${s.file} is shorter than 32 bytes; delete the file`);
    jwtSecret = s.value;
  }
  let keysText = TEMPORAL_PAYLOAD_KEYS;
  let keysSource = 'TEMPORAL_PAYLOAD_KEYS';
  if (keysText === undefined) {
    const s = localSecret(
      'TEMPORAL_PAYLOAD_KEYS',
      cfg.DATA_DIR,
      'temporal-payload-keys',
      () => `local-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}`,
    );
    keysText = s.value;
    keysSource = `TEMPORAL_PAYLOAD_KEYS (generated in ${s.file})`;
  }
  const payloadKeys = parsePayloadKeys(keysText);
  issues.push(...payloadKeys.issues.map((i) => `${keysSource}: ${i}`));
  if (issues.length) throw new ConfigError(issues);
  return { ...cfg, JWT_SECRET: jwtSecret, TEMPORAL_PAYLOAD_KEYS: payloadKeys.keys };
}

/** For process entry points: print what is wrong and exit non-zero. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
