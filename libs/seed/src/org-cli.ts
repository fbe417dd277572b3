import { readFileSync, writeFileSync } from 'node:fs';
import { AppConfig, loadConfigOrExit } from '@naskah/config';
import { createDataSource, DocumentKindEntity, OrganizationEntity } from '@naskah/persistence';
import { OrganizationFileError, OrgFileProblem } from '@naskah/org-files';
import { ImportResult, importOrganizationFile } from './import-organization-file';
import { exportOrganizationFile } from './export-organization-file';
import { checkOrganizationFileText } from './organization-file-check';

const USAGE = ['usage: npm run org -- import <berkas.yaml> [--dry-run]', '       npm run org -- export <KODE> [--out <berkas.yaml>]'].join('\n');

export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Exit codes: 0 done, 1 the file (or the code) was refused, 2 a wrong command line. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

const problemLine = (file: string, p: OrgFileProblem) => `${file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`;

function reportLines(r: ImportResult): string[] {
  const s = r.summary;
  const t = (name: string, x: { created: number; updated: number; unchanged: number }) =>
    `  ${name}: ${x.created} dibuat, ${x.updated} diubah, ${x.unchanged} tetap`;
  const head = r.dryRun
    ? `uji coba (tidak ada yang disimpan): ${r.code}${r.created ? ' akan dibuat' : ''}, ${r.changes.length} perubahan`
    : `${r.code} ${r.created ? 'dibuat' : r.changed ? 'diperbarui' : 'tidak berubah'}: ${r.changes.length} perubahan (sha256 ${r.sha256})`;
  return [
    head,
    t('organisasi', s.organization),
    t('unit', s.units),
    t('jabatan', s.positions),
    t('pegawai', s.officials),
    `  penugasan: ${s.assignments.created} dibuat, ${s.assignments.ended} diakhiri, ${s.assignments.unchanged} tetap`,
    t('kewenangan tanda tangan', s.signingAuthority),
    ...r.changes.map((c) => `  * ${c.message}`),
    ...r.notInFile.map((n) => `  - ${n.message}`),
  ];
}

/**
 * `org import <file> [--dry-run]`: loads a whole organisation from its file (the seed format) into
 * DATABASE_URL, as the API's import does, idempotently; its trail event names no official and the
 * address "cli". New officials cannot log in until their administrator resets their password.
 * `org export <CODE> [--out <file>]`: the organisation as such a file, on stdout or into the file.
 */
export async function runOrgCli(args: string[], cfg: AppConfig, io: CliOutput): Promise<number> {
  const [command, ...rest] = args;
  const flags = rest.filter((a) => a.startsWith('--'));
  const positional = rest.filter((a) => !a.startsWith('--'));
  if (command === 'import') {
    const unknown = flags.filter((f) => f !== '--dry-run');
    if (positional.length !== 1 || unknown.length) {
      io.err(`${unknown.length ? `unknown option ${unknown.join(' ')}\n` : ''}${USAGE}`);
      return EXIT.usage;
    }
    const [path] = positional;
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch (e) {
      io.err(`${path}: berkas tidak dapat dibaca (${e instanceof Error ? e.message : String(e)})`);
      return EXIT.refused;
    }
    return withDatabase(cfg, async (ds) => {
      const documentKinds = (await ds.getRepository(DocumentKindEntity).find({ select: { code: true } })).map((k) => k.code);
      const read = checkOrganizationFileText(source, { documentKinds });
      if (!read.text || read.problems.length) {
        for (const p of read.problems) io.err(problemLine(path, p));
        return EXIT.refused;
      }
      try {
        const result = await importOrganizationFile(ds, read.text, {
          dryRun: flags.includes('--dry-run'),
          trail: { actorOfficialId: null, clientAddress: 'cli' },
          mayChangeCityAdmin: true,
        });
        io.out(reportLines(result).join('\n'));
        return EXIT.ok;
      } catch (e) {
        if (!(e instanceof OrganizationFileError)) throw e;
        for (const p of e.problems) io.err(problemLine(path, p));
        return EXIT.refused;
      }
    });
  }
  if (command === 'export') {
    const outAt = rest.indexOf('--out');
    const out = outAt >= 0 ? rest[outAt + 1] : undefined;
    const others = outAt >= 0 ? rest.filter((_, i) => i !== outAt && i !== outAt + 1) : rest;
    if (others.length !== 1 || others[0].startsWith('--') || (outAt >= 0 && (!out || out.startsWith('--')))) {
      io.err(USAGE);
      return EXIT.usage;
    }
    const [code] = others;
    return withDatabase(cfg, async (ds) => {
      const org = await ds.getRepository(OrganizationEntity).findOne({ where: { code }, select: { id: true } });
      if (!org) {
        io.err(`organisasi dengan kode ${code} tidak ditemukan`);
        return EXIT.refused;
      }
      const exported = (await exportOrganizationFile(ds.manager, org.id))!;
      if (out) {
        writeFileSync(out, exported.yaml, 'utf8');
        io.err(`${code} diekspor ke ${out}`);
      } else io.out(exported.yaml);
      return EXIT.ok;
    });
  }
  io.err(USAGE);
  return EXIT.usage;
}

async function withDatabase(cfg: AppConfig, fn: (ds: ReturnType<typeof createDataSource>) => Promise<number>): Promise<number> {
  const ds = createDataSource({ url: cfg.DATABASE_URL, poolSize: 2 });
  await ds.initialize();
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  runOrgCli(process.argv.slice(2), loadConfigOrExit(), {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  })
    .then((code) => {
      process.exitCode = code;
    })
    .catch((e) => {
      process.stderr.write(`org gagal: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(3);
    });
}
