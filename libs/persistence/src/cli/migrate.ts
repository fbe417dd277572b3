import { loadConfigOrExit } from '@naskah/config';
import { ensureDatabase, migrateDatabase } from '../database-bootstrap';

async function main(): Promise<void> {
  const cfg = loadConfigOrExit();
  await ensureDatabase(cfg.DATABASE_URL, cfg.DATABASE_ADMIN_URL);
  // As DATABASE_ADMIN_URL's user on the application's database; the application user then gets its least-privilege grants.
  const ran = await migrateDatabase(cfg.DATABASE_URL, cfg.DATABASE_ADMIN_URL, { logging: true });
  process.stdout.write(`migrations applied: ${ran.length ? ran.join(', ') : 'none pending'}\n`);
}

main().catch((e) => {
  process.stderr.write(`migration failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
