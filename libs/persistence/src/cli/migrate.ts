import { loadConfigOrExit } from '@naskah/config';
import { ensureDatabase } from '../database-bootstrap';
import { createDataSource } from '../data-source';

async function main(): Promise<void> {
  const cfg = loadConfigOrExit();
  await ensureDatabase(cfg.DATABASE_URL, cfg.DATABASE_ADMIN_URL);
  const ds = createDataSource({ url: cfg.DATABASE_URL, logging: true });
  await ds.initialize();
  const ran = await ds.runMigrations({ transaction: 'each' });
  process.stdout.write(`migrations applied: ${ran.length ? ran.map((m) => m.name).join(', ') : 'none pending'}\n`);
  await ds.destroy();
}

main().catch((e) => {
  process.stderr.write(`migration failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
