import { z } from 'zod';

const durationSeconds = z.coerce.number().int().positive();

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
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: durationSeconds.default(8 * 3600),
  LOGIN_THROTTLE_LIMIT: z.coerce.number().int().positive().default(10),
  LOGIN_THROTTLE_TTL_SECONDS: durationSeconds.default(60),
  /** Reminders (DESIGN §4): working days in production, seconds in tests. */
  STEP_DEADLINE_UNIT: z.enum(['working-days', 'seconds']).default('working-days'),
  STEP_REMINDER_AFTER: z.coerce.number().int().positive().default(3),
  STEP_ESCALATION_AFTER: z.coerce.number().int().positive().default(2),
  /** How long the API waits for the workflow to answer an action before saying 503. */
  ACTION_TIMEOUT_SECONDS: durationSeconds.default(20),
  DATA_DIR: z.string().default('.data'),
  /** Content-addressed archive of signed PDFs; defaults to DATA_DIR/archive. */
  ARCHIVE_DIR: z.string().optional(),
  /** PKCS#12 with the organisation's certificate (a BSrE one in production); unset: a generated development key. */
  SIGNING_P12_PATH: z.string().optional(),
  SIGNING_P12_PASSPHRASE: z.string().default('naskah-dev'),
  /** Worker threads that render and sign letters (0: on the activity event loop). */
  LETTER_RENDER_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AppConfig = Omit<z.infer<typeof schema>, 'JWT_SECRET'> & { JWT_SECRET: string };

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

const DEV_JWT_SECRET = 'naskah-development-secret-not-for-production-use';

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const cfg = parsed.data;
  if (!cfg.JWT_SECRET) {
    if (cfg.NODE_ENV === 'production') throw new ConfigError(['JWT_SECRET: required in production']);
    return { ...cfg, JWT_SECRET: DEV_JWT_SECRET };
  }
  return cfg as AppConfig;
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
