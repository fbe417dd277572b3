import { hash } from 'argon2';
import { AppConfig, loadConfigOrExit } from '@naskah/config';
import { createDataSource } from '@naskah/persistence';
import { DEMO_PASSWORD } from './demo';
import { seedAll, seedReferenceData } from './seed';

const REFERENCE_ONLY = '--reference-data';

/**
 * `seed`: the reference lists and both demo offices, whose officials share the published demo
 * password (development and tests). `seed --reference-data`: document kinds and archive codes only,
 * the regulations' lists every organisation uses. With NODE_ENV=production only the latter runs: the
 * demo officials are fictitious people, so even without a usable password they do not belong in a
 * real organisation chart; a real office loads its own.
 */
export async function runSeed(args: string[], cfg: AppConfig, say: (line: string) => void = () => undefined): Promise<void> {
  const unknown = args.filter((a) => a !== REFERENCE_ONLY);
  if (unknown.length) throw new Error(`unknown argument ${unknown.join(' ')} (only ${REFERENCE_ONLY})`);
  const referenceOnly = args.includes(REFERENCE_ONLY);
  if (cfg.NODE_ENV === 'production' && !referenceOnly) {
    throw new Error(
      'refusing to seed the demo offices with NODE_ENV=production: their officials are fictitious and share the published password; ' +
        `run with ${REFERENCE_ONLY} to load only the document kinds and archive codes`,
    );
  }
  const ds = createDataSource({ url: cfg.DATABASE_URL, poolSize: 2 });
  await ds.initialize();
  try {
    if (referenceOnly) {
      await ds.transaction((m) => seedReferenceData(m));
      say('seeded the reference data: document kinds, archive codes');
      return;
    }
    const orgs = await seedAll(ds, { passwordHash: await hash(DEMO_PASSWORD) });
    for (const o of orgs) say(`seeded ${o.code}: ${Object.keys(o.units).length} units, ${Object.keys(o.positions).length} positions`);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  runSeed(process.argv.slice(2), loadConfigOrExit(), (line) => process.stdout.write(`${line}\n`)).catch((e) => {
    process.stderr.write(`seeding failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
