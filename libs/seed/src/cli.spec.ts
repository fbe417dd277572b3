import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@naskah/config';
import { runSeed } from './cli';

describe('seed command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'naskah-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A database nobody listens on: a refusal must come before any connection.
  const production = loadConfig({
    NODE_ENV: 'production',
    DATA_DIR: dir,
    DATABASE_URL: 'mysql://nobody:nothing@127.0.0.1:1/none',
    JWT_SECRET: randomBytes(32).toString('hex'),
    TEMPORAL_PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    SIGNING_PROVIDER: 'bsre',
    BSRE_BASE_URL: 'https://esign.example.go.id',
    BSRE_CLIENT_ID: 'naskah',
    BSRE_CLIENT_SECRET: 'rahasia-klien',
  });

  it('refuses the demo offices and their published password in production, before touching the database', async () => {
    await expect(runSeed([], production)).rejects.toThrow(/refusing to seed the demo offices with NODE_ENV=production.*--reference-data/);
  });

  it('refuses an unknown argument instead of guessing', async () => {
    await expect(runSeed(['--demo'], production)).rejects.toThrow(/unknown argument --demo/);
  });
});
