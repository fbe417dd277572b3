import { loadConfigOrExit } from '@naskah/config';
import { openArchiveStore } from '@naskah/letter';
import { formatAuditReport, parseVerifyAuditArgs, verifyAuditTrail } from '../audit-verification';
import { createDataSource } from '../data-source';

/** `npm run audit:verify [-- --document <id>] [-- --organization <id>]`: exit 0 intact, 1 broken, 2 could not check. */
async function main(): Promise<void> {
  const args = parseVerifyAuditArgs(process.argv.slice(2));
  const cfg = loadConfigOrExit();
  const ds = createDataSource({ url: cfg.DATABASE_URL, poolSize: 1 });
  await ds.initialize();
  // The folder, or the S3 bucket the API and the workers share (ARCHIVE_STORE).
  const archive = openArchiveStore(cfg);
  try {
    const report = await verifyAuditTrail(ds, { archive, ...args });
    process.stdout.write(`${formatAuditReport(report).join('\n')}\n`);
    process.exitCode = report.intact ? 0 : 1;
  } finally {
    await archive.close();
    await ds.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`audit verification failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
