import { rmSync } from 'node:fs';
import { loadConfig } from '@naskah/config';
import { dropDatabase } from '@naskah/persistence';
import type { DevServer } from '@naskah/temporal';
import { TEST_ENV_KEYS } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__naskahTemporal as DevServer | undefined;
  await server?.stop();
  await ((globalThis as Record<string, unknown>).__naskahTsa as { close(): Promise<void> } | undefined)?.close();
  const db = process.env[TEST_ENV_KEYS.dbName];
  if (db && !process.env.KEEP_TEST_DB) await dropDatabase(loadConfig(process.env).DATABASE_ADMIN_URL, db);
  if (process.env.DATA_DIR?.includes('naskah-test-') && !process.env.KEEP_TEST_DB) rmSync(process.env.DATA_DIR, { recursive: true, force: true });
}
