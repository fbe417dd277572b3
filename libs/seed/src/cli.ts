import { hash } from 'argon2';
import { loadConfigOrExit } from '@naskah/config';
import { createDataSource } from '@naskah/persistence';
import { DEMO_PASSWORD } from './demo';
import { seedAll } from './seed';

async function main(): Promise<void> {
  const cfg = loadConfigOrExit();
  const ds = createDataSource({ url: cfg.DATABASE_URL });
  await ds.initialize();
  const orgs = await seedAll(ds, { passwordHash: await hash(DEMO_PASSWORD) });
  for (const o of orgs) {
    process.stdout.write(`seeded ${o.code}: ${Object.keys(o.units).length} units, ${Object.keys(o.positions).length} positions\n`);
  }
  await ds.destroy();
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`seeding failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
