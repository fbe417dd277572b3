import { randomBytes, randomInt } from 'node:crypto';
import { hash } from 'argon2';
import { DataSource, QueryFailedError } from 'typeorm';
import { loadConfig } from '@naskah/config';
import { createDataSource } from '@naskah/persistence';
import { OrganizationFileError, readDocumentKinds, readOrganizationFile } from '@naskah/org-files';
import { DEMO_PASSWORD, SeededOrganization, seedOrganization } from '@naskah/seed';
import { TEST_PASSWORD_HASH_OPTIONS } from '../setup/test-env';

/** The file's data source, once initialised: callers racing for it (Promise.all of two seeds) share one initialisation. */
let ds: Promise<DataSource> | undefined;
let passwordHash: Promise<string> | undefined;

export function testDataSource(): Promise<DataSource> {
  ds ??= (async () => {
    const source = createDataSource({ url: loadConfig(process.env).DATABASE_URL, poolSize: 4 });
    await source.initialize();
    return source;
  })().catch((e: unknown) => {
    ds = undefined;
    throw e;
  });
  return ds;
}

export async function closeTestDataSource(): Promise<void> {
  const source = ds;
  ds = undefined;
  await (await source?.catch(() => undefined))?.destroy();
}

const DAY_MS = 86_400_000;
const FIRST_BIRTH_DAY = Date.UTC(1960, 0, 1) / DAY_MS;
const BIRTH_DAYS = (Date.UTC(2000, 0, 1) - Date.UTC(1960, 0, 1)) / DAY_MS;

/**
 * A random NIP of valid format, so every test organisation has its own officials: any birth day of
 * 1960–1999, appointed 20 to 26 years later, either sex, sequence 001–999 (about 2.4 × 10⁹ NIPs; a
 * run draws some thousands, and `createTestOrganization` draws again on the rare collision).
 */
export function randomNip(): string {
  const birth = new Date((FIRST_BIRTH_DAY + randomInt(BIRTH_DAYS)) * DAY_MS);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const ymd = `${birth.getUTCFullYear()}${pad(birth.getUTCMonth() + 1)}${pad(birth.getUTCDate())}`;
  const appointed = `${birth.getUTCFullYear() + randomInt(20, 27)}${pad(randomInt(1, 13))}`;
  return `${ymd}${appointed}${randomInt(1, 3)}${pad(randomInt(1, 1000), 3)}`;
}

/** True when seeding failed only because a drawn NIP is already another organisation's official. */
function isNipCollision(e: unknown): boolean {
  if (e instanceof OrganizationFileError) return e.problems.every((p) => /^NIP \d+ sudah terdaftar/.test(p.message));
  return e instanceof QueryFailedError && (e.driverError as { code?: string } | undefined)?.code === 'ER_DUP_ENTRY' && /nip/i.test(e.message);
}

export type OfficeFile = 'batam-dkum.yaml' | 'cilegon-dkukm.yaml';

/** Loads a seed office under a fresh code and fresh NIPs: each test makes its own organisation. */
export async function createTestOrganization(file: OfficeFile): Promise<SeededOrganization> {
  passwordHash ??= hash(DEMO_PASSWORD, TEST_PASSWORD_HASH_OPTIONS);
  for (let attempt = 1; ; attempt++) {
    const nips = new Map<string, string>();
    try {
      // One transaction: a collision leaves nothing behind, and the next attempt draws other NIPs.
      return await seedOrganization(
        await testDataSource(),
        readOrganizationFile(file),
        {
          passwordHash: await passwordHash,
          codeOverride: `T-${randomBytes(5).toString('hex')}`,
          mapNip: (nip) => {
            if (!nips.has(nip)) nips.set(nip, randomNip());
            return nips.get(nip)!;
          },
        },
        readDocumentKinds(),
      );
    } catch (e) {
      if (attempt >= 3 || !isNipCollision(e)) throw e;
      // Rare (about 2.4 × 10⁹ NIPs to draw from): seen often, randomNip has lost its range.
      console.warn(`createTestOrganization: a drawn NIP is another organisation's, drawing again (${(e as Error).message.split('\n')[0]})`);
    }
  }
}
