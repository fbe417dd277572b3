import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigOrExit } from '@naskah/config';
import { importArchiveFolder } from '../archive-import';
import { openArchiveStore } from '../archive-store';

/**
 * `npm run archive:prepare [-- --import <folder>]`: the configured archive (ARCHIVE_STORE) made
 * ready, the folder or the S3 bucket created when missing; with --import, a filesystem archive
 * (the former DATA_DIR/archive) copied into it, each file only if it hashes to its name (a missing
 * folder is skipped). Idempotent, run by a deployment's migrate job. Exit 0 ready, 1 some files
 * refused, 2 not ready.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let from: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--import' && from === undefined && args[i + 1] && !args[i + 1].startsWith('--')) from = args[++i];
    else {
      process.stderr.write(`unknown argument ${args[i]}: usage: prepare-archive [--import <folder of a filesystem archive>]\n`);
      process.exit(2);
    }
  }
  const store = openArchiveStore(loadConfigOrExit());
  try {
    process.stdout.write(`${await store.prepare()}\n`);
    if (from === undefined) return;
    const folder = resolve(from);
    if (folder === store.location) return void process.stdout.write(`${folder} is the archive itself: nothing to import\n`);
    if (!existsSync(folder)) return void process.stdout.write(`no filesystem archive at ${folder}: nothing to import\n`);
    const r = await importArchiveFolder(folder, store);
    process.stdout.write(`imported ${r.copied} PDFs from ${folder} (${r.present} already there)\n`);
    for (const file of r.unfinished) process.stdout.write(`skipped ${file}: a write the filesystem store never finished (no letter names it)\n`);
    for (const file of r.refused) process.stdout.write(`REFUSED ${file}: not a PDF named by its own SHA-256\n`);
    if (r.refused.length) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

main().catch((e) => {
  process.stderr.write(`archive not ready: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
