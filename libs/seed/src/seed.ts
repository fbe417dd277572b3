import { DataSource, EntityManager, In } from 'typeorm';
import { authorityBasis, isValidNip, KIND_SOURCE_DEFAULT, TND_SOURCES, validateOrgChart } from '@naskah/domain';
import {
  AssignmentEntity,
  ArchiveCodeEntity,
  DocumentKindEntity,
  OfficialEntity,
  OrganizationEntity,
  PositionEntity,
  SigningAuthorityEntity,
  UnitEntity,
} from '@naskah/persistence';
import {
  chartFromFile,
  DocumentKindsFile,
  flattenOrganizationFile,
  OrganizationFile,
  positionNode,
  ORGANIZATION_FILES,
  readArchiveCodes,
  readDocumentKinds,
  readOrganizationFile,
  seedId,
  signingAuthorityRows,
} from '@naskah/org-files';

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
  await m.upsert(DocumentKindEntity, rows, ['id']);
  await m.upsert(ArchiveCodeEntity, readArchiveCodes().codes, ['code']);
}

/** `<nip>@<domain of the office's letterhead e-mail>`; no letterhead e-mail, no address (in-app notices only). */
export function demoEmail(nip: string, letterheadEmail: string | undefined): string | null {
  const domain = letterheadEmail?.split('@')[1]?.trim();
  return domain ? `${nip}@${domain.toLowerCase()}` : null;
}

export async function seedOrganization(
  ds: DataSource,
  file: OrganizationFile,
  opts: SeedOptions,
  kinds: DocumentKindsFile = readDocumentKinds(),
): Promise<SeededOrganization> {
  const code = opts.codeOverride ?? file.code;
  const orgId = seedId(code, 'organization');
  const flat = flattenOrganizationFile(file, code);
  const units = flat.units.map((u) => Object.assign(new UnitEntity(), u));
  const positions = flat.positions.map((p) => ({ holder: p.holder, entity: Object.assign(new PositionEntity(), p.row) }));
  validateOrgChart(chartFromFile(file, code).chart);
  const mapNip = opts.mapNip ?? ((n: string) => n);
  const result: SeededOrganization = { id: orgId, code, units: {}, positions: {}, officials: {} };
  for (const u of units) result.units[u.code] = u.id;
  for (const p of positions) result.positions[p.entity.code] = p.entity.id;

  await ds.transaction(async (m) => {
    await seedReferenceData(m, kinds);
    await m.upsert(
      OrganizationEntity,
      {
        id: orgId,
        code,
        name: file.name,
        city: file.city,
        regulation: file.regulation,
        regulationCitation: file.regulationCitation,
        reportTembusanPasal: file.reportTembusanPasal ?? null,
        letterhead: file.letterhead,
        numberTemplate: file.numberTemplate,
        delegationRules: file.delegation,
        discrepancies: file.discrepancies,
      },
      ['id'],
    );
    // Parents first so the self-referencing foreign keys hold; reports-via afterwards.
    await m.upsert(
      UnitEntity,
      units.map((u) => ({ ...u, reportsViaUnitId: null })),
      ['id'],
    );
    for (const u of units.filter((x) => x.reportsViaUnitId)) {
      await m.update(UnitEntity, { id: u.id }, { reportsViaUnitId: u.reportsViaUnitId, reportsViaPasal: u.reportsViaPasal });
    }
    await m.upsert(
      PositionEntity,
      positions.map((p) => p.entity),
      ['id'],
    );

    for (const { entity: pos, holder } of positions) {
      if (!holder) continue;
      const nip = mapNip(holder.nip);
      if (!isValidNip(nip)) throw new Error(`${code}: NIP ${nip} of ${holder.name} is not a valid NIP`);
      const officialId = seedId(code, 'official', holder.nip);
      const existing = await m.findOne(OfficialEntity, { where: { id: officialId }, select: { id: true, email: true } });
      const fields = {
        organizationId: orgId,
        nip,
        name: holder.name,
        gelarDepan: holder.gelarDepan ?? '',
        gelarBelakang: holder.gelarBelakang ?? '',
        rank: holder.rank,
        roles: holder.roles ?? [],
      };
      // A demo address at the office's own domain (the letterhead's), kept if someone has since changed it.
      const email = existing?.email ?? demoEmail(nip, file.letterhead.email);
      if (existing) await m.update(OfficialEntity, { id: officialId }, { ...fields, email });
      else await m.insert(OfficialEntity, { id: officialId, ...fields, email, passwordHash: opts.passwordHash, active: true });
      await m.upsert(
        AssignmentEntity,
        {
          id: seedId(code, 'assignment', pos.code, holder.nip),
          officialId,
          positionId: pos.id,
          kind: holder.assignment ?? 'definitif',
          validFrom: opts.assignmentsFrom ?? '2024-01-01',
          validTo: null,
          decreeRef: null,
        },
        ['id'],
      );
      result.officials[pos.code] = { id: officialId, nip, name: holder.name, positionId: pos.id, positionCode: pos.code };
    }

    // Each row cites the regulation and the Pasal that give the position its signature.
    const rows: SigningAuthorityEntity[] = signingAuthorityRows(file, kinds, flat).map((r) => ({
      organizationId: orgId,
      documentKindId: seedId('document-kind', r.kindCode),
      positionId: r.position.id,
      pasal: authorityBasis(file.regulationCitation, positionNode(r.position)),
    }));
    // Rows of a position that lost its signature (Batam Kepala Bidang, Kasubbag Umum dan Kepegawaian) go.
    const nonSigners = flat.positions.filter((p) => !p.row.maySign).map((p) => p.row.id);
    if (nonSigners.length) await m.delete(SigningAuthorityEntity, { organizationId: orgId, positionId: In(nonSigners) });
    if (rows.length) await m.upsert(SigningAuthorityEntity, rows, ['organizationId', 'documentKindId', 'positionId']);
  });
  return result;
}

export async function seedAll(ds: DataSource, opts: SeedOptions): Promise<SeededOrganization[]> {
  const kinds = readDocumentKinds();
  const out: SeededOrganization[] = [];
  for (const f of ORGANIZATION_FILES) out.push(await seedOrganization(ds, readOrganizationFile(f), opts, kinds));
  return out;
}
