import { DataSource, EntityManager } from 'typeorm';
import { KIND_SOURCE_DEFAULT, TND_SOURCES, validateOrgChart } from '@naskah/domain';
import { ArchiveCodeEntity, DocumentKindEntity, writeTransaction } from '@naskah/persistence';
import {
  chartFromFile,
  DocumentKindsFile,
  OrganizationFile,
  ORGANIZATION_FILES,
  readArchiveCodes,
  readDocumentKinds,
  readOrganizationFile,
  seedId,
} from '@naskah/org-files';
import { applyOrganizationFile } from './apply-organization-file';

export interface SeedOptions {
  /** argon2 hash given to officials created by this run; existing officials keep their password. */
  passwordHash: string;
  /** Tests load the same chart under a fresh code and fresh NIPs. */
  codeOverride?: string;
  mapNip?: (nip: string) => string;
  assignmentsFrom?: string;
}

export interface SeededOfficial {
  id: string;
  nip: string;
  name: string;
  positionId: string;
  positionCode: string;
}

export interface SeededOrganization {
  id: string;
  code: string;
  units: Record<string, string>;
  positions: Record<string, string>;
  /** Officials by the position code they hold. */
  officials: Record<string, SeededOfficial>;
}

/** Document kinds and archive classification codes: shared by every organisation. */
export async function seedReferenceData(m: EntityManager, file: DocumentKindsFile = readDocumentKinds()): Promise<void> {
  const rows = file.kinds.map((k) =>
    Object.assign(new DocumentKindEntity(), {
      id: seedId('document-kind', k.code),
      code: k.code,
      name: k.name,
      category: k.category,
      layout: k.layout,
      numberPattern: k.numberPattern,
      strategic: k.strategic,
      source: k.source ?? KIND_SOURCE_DEFAULT,
      coordinationRequiredPasal: k.coordinationRequired ? TND_SOURCES[k.coordinationRequired] : null,
    }),
  );
  // Added when missing, never overwritten: once installed, the kinds are the city administrator's to edit
  // (PUT /api/v1/admin/document-kinds), and a deploy's `seed --reference-data` must not undo that.
  await m.createQueryBuilder().insert().into(DocumentKindEntity).values(rows).orIgnore().execute();
  await m.upsert(ArchiveCodeEntity, readArchiveCodes().codes, ['code']);
}

/** `<nip>@<domain of the office's letterhead e-mail>`; no letterhead e-mail, no address (in-app notices only). */
export function demoEmail(nip: string, letterheadEmail: string | undefined): string | null {
  const domain = letterheadEmail?.split('@')[1]?.trim();
  return domain ? `${nip}@${domain.toLowerCase()}` : null;
}

/**
 * Loads an organisation file with the seed's choices: the demo password for officials it adds,
 * demo e-mail addresses at the office's domain, assignments from 2024-01-01, no trail event. The
 * same difference-applying import as the API's and the CLI's (applyOrganizationFile), in one
 * transaction with the reference data.
 */
export async function seedOrganization(
  ds: DataSource,
  file: OrganizationFile,
  opts: SeedOptions,
  kinds: DocumentKindsFile = readDocumentKinds(),
): Promise<SeededOrganization> {
  const code = opts.codeOverride ?? file.code;
  // A broken seed file fails here, before any connection is used.
  validateOrgChart(chartFromFile(file, code).chart);
  const applied = await writeTransaction(ds, async (m) => {
    await seedReferenceData(m, kinds);
    return applyOrganizationFile(m, file, {
      codeOverride: opts.codeOverride,
      mapNip: opts.mapNip,
      newOfficials: { passwordHash: opts.passwordHash, mustChangePassword: false, email: (nip) => demoEmail(nip, file.letterhead.email) },
      assignmentsFrom: opts.assignmentsFrom ?? '2024-01-01',
      kinds,
      mayChangeCityAdmin: true,
    });
  });
  return { id: applied.id, code: applied.code, units: applied.units, positions: applied.positions, officials: applied.officials };
}

export async function seedAll(ds: DataSource, opts: SeedOptions): Promise<SeededOrganization[]> {
  const kinds = readDocumentKinds();
  const out: SeededOrganization[] = [];
  for (const f of ORGANIZATION_FILES) out.push(await seedOrganization(ds, readOrganizationFile(f), opts, kinds));
  return out;
}
