import { join, resolve } from 'node:path';
import { loadConfigOrExit } from '@naskah/config';
import { ArchiveStore } from '@naskah/letter';
import { formatAuditReport, parseVerifyAuditArgs, verifyAuditTrail } from '../audit-verification';
import { createDataSource } from '../data-source';

/** `npm run audit:verify [-- --document <id>] [-- --organization <id>]`: exit 0 intact, 1 broken, 2 could not check. */
async function main(): Promise<void> {
  const args = parseVerifyAuditArgs(process.argv.slice(2));
  const cfg = loadConfigOrExit();
  const ds = createDataSource({ url: cfg.DATABASE_URL, poolSize: 1 });
  await ds.initialize();
  try {
    const archive = new ArchiveStore(resolve(cfg.ARCHIVE_DIR ?? join(cfg.DATA_DIR, 'archive')));
    const report = await verifyAuditTrail(ds, { archive, ...args });
    process.stdout.write(`${formatAuditReport(report).join('\n')}\n`);
    process.exitCode = report.intact ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`audit verification failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
