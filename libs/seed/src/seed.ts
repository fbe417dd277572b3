import { DataSource, EntityManager } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import { OrgChart, isValidNip, validateOrgChart } from '../../domain/src';
import {
  AssignmentEntity,
  ArchiveCodeEntity,
  DocumentKindEntity,
  OfficialEntity,
  OrganizationEntity,
  PositionEntity,
  SigningAuthorityEntity,
  UnitEntity,
} from '../../persistence/src';
import {
  DocumentKindsFile,
  OrganizationFile,
  SeedUnit,
  SignerRole,
  readArchiveCodes,
  readDocumentKinds,
  readOrganizationFile,
  ORGANIZATION_FILES,
} from './seed-file';

/** Namespace for deterministic ids: re-seeding updates rows in place instead of duplicating them. */
const NAMESPACE = '6f1c3a52-4d7e-4b8a-9a41-2f0d5c8e7b13';
export const seedId = (...parts: string[]): string => uuidv5(parts.join('/'), NAMESPACE);

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

interface FlatPosition {
  entity: PositionEntity;
  holder?: NonNullable<SeedUnit['head']>['holder'];
}

function flatten(file: OrganizationFile, orgId: string, orgCode: string) {
  const units: UnitEntity[] = [];
  const positions: FlatPosition[] = [];
  const byCode = new Map<string, string>();
  const pending: Array<{ unit: UnitEntity; via: string }> = [];
  const visit = (u: SeedUnit, parentId: string | null) => {
    const id = seedId(orgCode, 'unit', u.code);
    if (byCode.has(u.code)) throw new Error(`${orgCode}: duplicate unit code ${u.code}`);
    byCode.set(u.code, id);
    const e = Object.assign(new UnitEntity(), {
      id,
      organizationId: orgId,
      parentId,
      reportsViaUnitId: null,
      reportsViaPasal: u.reportsViaPasal ?? null,
      code: u.code,
      name: u.name,
      kind: u.kind,
      pasal: u.pasal,
      sortOrder: units.length,
    });
    units.push(e);
    if (u.reportsVia) pending.push({ unit: e, via: u.reportsVia });
    if (u.head) {
      const a = new Set(u.head.authority);
      positions.push({
        holder: u.head.holder,
        entity: Object.assign(new PositionEntity(), {
          id: seedId(orgCode, 'position', u.head.code),
          organizationId: orgId,
          unitId: id,
          code: u.head.code,
          title: u.head.title,
          level: u.head.level,
          isHead: true,
          mayCheck: a.has('check'),
          mayReturn: a.has('return'),
          mayParaf: a.has('paraf'),
          maySign: a.has('sign'),
          authorityPasal: u.head.authorityPasal,
          pasal: u.pasal,
          sortOrder: positions.length,
        }),
      });
    }
    for (const s of u.staff ?? []) {
      positions.push({
        holder: s.holder,
        entity: Object.assign(new PositionEntity(), {
          id: seedId(orgCode, 'position', s.code),
          organizationId: orgId,
          unitId: id,
          code: s.code,
          title: s.title,
          level: 4,
          isHead: false,
          mayCheck: false,
          mayReturn: false,
          mayParaf: false,
          maySign: false,
          authorityPasal: 'Batam Pasal 5 ayat (3) huruf t; Permendagri 1/2023: pelaksana mengonsep naskah',
          pasal: s.pasal ?? u.pasal,
          sortOrder: positions.length,
        }),
      });
    }
    for (const child of u.units ?? []) visit(child, id);
  };
  visit(file.units[0], null);
  for (const p of pending) {
    const via = byCode.get(p.via);
    if (!via) throw new Error(`${orgCode}: unit ${p.unit.code} reports via unknown unit ${p.via}`);
    p.unit.reportsViaUnitId = via;
  }
  return { units, positions };
}

function signersFor(role: SignerRole, units: UnitEntity[], positions: PositionEntity[]): PositionEntity[] {
  const kindOf = new Map(units.map((u) => [u.id, u.kind]));
  const root = units.find((u) => u.parentId === null)!;
  const heads = positions.filter((p) => p.isHead);
  switch (role) {
    case 'kepala-dinas':
      return heads.filter((p) => p.unitId === root.id);
    case 'sekretaris':
      return heads.filter((p) => kindOf.get(p.unitId) === 'sekretariat');
    case 'kepala-bidang':
      return heads.filter((p) => kindOf.get(p.unitId) === 'bidang');
    case 'kepala-subbagian':
      return heads.filter((p) => kindOf.get(p.unitId) === 'subbagian');
    case 'kepala-uptd':
      return heads.filter((p) => kindOf.get(p.unitId) === 'uptd');
  }
}

/** The chart a seed file describes, as the pure domain sees it (for rules and their tests). */
export function chartFromFile(file: OrganizationFile, code = file.code): { chart: OrgChart; positionsByCode: Map<string, PositionEntity>; unitsByCode: Map<string, UnitEntity> } {
  const { units, positions } = flatten(file, seedId(code, 'organization'), code);
  return {
    chart: { units: units.map((u) => ({ ...u })), positions: positions.map((p) => p.entity.toNode()) },
    positionsByCode: new Map(positions.map((p) => [p.entity.code, p.entity])),
    unitsByCode: new Map(units.map((u) => [u.code, u])),
  };
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
    }),
  );
  await m.upsert(DocumentKindEntity, rows, ['id']);
  await m.upsert(ArchiveCodeEntity, readArchiveCodes().codes, ['code']);
}

export async function seedOrganization(
  ds: DataSource,
  file: OrganizationFile,
  opts: SeedOptions,
  kinds: DocumentKindsFile = readDocumentKinds(),
): Promise<SeededOrganization> {
  const code = opts.codeOverride ?? file.code;
  const orgId = seedId(code, 'organization');
  const { units, positions } = flatten(file, orgId, code);
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
        letterhead: file.letterhead,
        numberTemplate: file.numberTemplate,
        discrepancies: file.discrepancies,
      },
      ['id'],
    );
    // Parents first so the self-referencing foreign keys hold; reports-via afterwards.
    await m.upsert(UnitEntity, units.map((u) => ({ ...u, reportsViaUnitId: null })), ['id']);
    for (const u of units.filter((x) => x.reportsViaUnitId)) {
      await m.update(UnitEntity, { id: u.id }, { reportsViaUnitId: u.reportsViaUnitId, reportsViaPasal: u.reportsViaPasal });
    }
    await m.upsert(PositionEntity, positions.map((p) => p.entity), ['id']);

    for (const { entity: pos, holder } of positions) {
      if (!holder) continue;
      const nip = mapNip(holder.nip);
      if (!isValidNip(nip)) throw new Error(`${code}: NIP ${nip} of ${holder.name} is not a valid NIP`);
      const officialId = seedId(code, 'official', holder.nip);
      const existing = await m.findOne(OfficialEntity, { where: { id: officialId }, select: { id: true } });
      const fields = {
        organizationId: orgId,
        nip,
        name: holder.name,
        gelarDepan: holder.gelarDepan ?? '',
        gelarBelakang: holder.gelarBelakang ?? '',
        rank: holder.rank,
        roles: holder.roles ?? [],
      };
      if (existing) await m.update(OfficialEntity, { id: officialId }, fields);
      else await m.insert(OfficialEntity, { id: officialId, ...fields, passwordHash: opts.passwordHash, active: true });
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

    const entities = positions.map((p) => p.entity);
    const rows: SigningAuthorityEntity[] = [];
    for (const k of kinds.kinds) {
      const override = file.signingAuthority?.[k.code];
      const chosen = override
        ? entities.filter((p) => override.includes(p.code))
        : k.signers.flatMap((r) => signersFor(r, units, entities));
      // A position without signing authority never signs, whatever the table says (DESIGN §3).
      for (const p of chosen.filter((x) => x.maySign)) {
        rows.push({ organizationId: orgId, documentKindId: seedId('document-kind', k.code), positionId: p.id });
      }
    }
    if (rows.length) await m.createQueryBuilder().insert().into(SigningAuthorityEntity).values(rows).orIgnore().execute();
  });
  return result;
}

export async function seedAll(ds: DataSource, opts: SeedOptions): Promise<SeededOrganization[]> {
  const kinds = readDocumentKinds();
  const out: SeededOrganization[] = [];
  for (const f of ORGANIZATION_FILES) out.push(await seedOrganization(ds, readOrganizationFile(f), opts, kinds));
  return out;
}
