import { randomBytes, randomInt } from 'node:crypto';
import { hash } from 'argon2';
import { DataSource } from 'typeorm';
import { loadConfig } from '@naskah/config';
import { createDataSource } from '@naskah/persistence';
import { readDocumentKinds, readOrganizationFile } from '@naskah/org-files';
import { DEMO_PASSWORD, SeededOrganization, seedOrganization } from '@naskah/seed';

let ds: DataSource | undefined;
let passwordHash: Promise<string> | undefined;

export async function testDataSource(): Promise<DataSource> {
  if (!ds) {
    ds = createDataSource({ url: loadConfig(process.env).DATABASE_URL, poolSize: 4 });
    await ds.initialize();
  }
  return ds;
}

export async function closeTestDataSource(): Promise<void> {
  await ds?.destroy();
  ds = undefined;
}

/** A random NIP of valid format, so every test organisation has its own officials. */
export function randomNip(): string {
  const year = randomInt(1965, 2000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const birth = `${year}${pad(randomInt(1, 13))}${pad(randomInt(1, 29))}`;
  const appointed = `${year + randomInt(20, 26)}${pad(randomInt(1, 13))}`;
  return `${birth}${appointed}${randomInt(1, 3)}${pad(randomInt(1, 1000), 3)}`;
}

export type OfficeFile = 'batam-dkum.yaml' | 'cilegon-dkukm.yaml';

/** Loads a seed office under a fresh code and fresh NIPs: each test makes its own organisation. */
export async function createTestOrganization(file: OfficeFile): Promise<SeededOrganization> {
  passwordHash ??= hash(DEMO_PASSWORD);
  const nips = new Map<string, string>();
  return seedOrganization(
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
}
