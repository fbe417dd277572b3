import { randomUUID } from 'node:crypto';
import canonicalize from 'canonicalize';
import { EntityManager, In } from 'typeorm';
import { AssignmentKind, authorityBasis, DomainError, mayManageAccount, OrgChart } from '@naskah/domain';
import {
  AssignmentEntity,
  DocumentKindEntity,
  OfficialEntity,
  OfficialRole,
  OrganizationEntity,
  PositionEntity,
  SigningAuthorityEntity,
  todayInJakarta,
  UnitEntity,
} from '@naskah/persistence';
import {
  DocumentKindsFile,
  FieldLocator,
  flattenOrganizationFile,
  organizationFileEntries,
  OrganizationFileError,
  OrganizationImportFile,
  OrgFileProblem,
  PositionEntry,
  PositionRow,
  positionNode,
  readDocumentKinds,
  seedId,
  signingAuthorityRows,
  sortProblems,
  UnitRow,
} from '@naskah/org-files';
import { chartProblems, nipProblems } from './organization-file-check';

export type ImportItem = 'organization' | 'unit' | 'position' | 'official' | 'assignment' | 'signing_authority';

/** One change an import made (or, in a dry run, would make). */
export interface ImportChange {
  item: ImportItem;
  action: 'created' | 'updated' | 'ended' | 'removed';
  /** The code, NIP or document kind it concerns. */
  subject: string;
  /** What happened, in Bahasa Indonesia. */
  message: string;
  /** For an update: each field that changed, before and after. */
  fields?: Record<string, { before: unknown; after: unknown }>;
}

export interface ImportTally {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  organization: ImportTally;
  units: ImportTally;
  positions: ImportTally;
  officials: ImportTally;
  assignments: { created: number; ended: number; unchanged: number };
  signingAuthority: ImportTally;
}

/** What an import did: per kind of item created, updated and unchanged, every change, and what the database has that the file left out. */
export interface ImportReport {
  organizationId: string;
  code: string;
  /** The organisation did not exist before. */
  created: boolean;
  changed: boolean;
  dryRun: boolean;
  summary: ImportSummary;
  changes: ImportChange[];
  /** Units and positions stored but absent from the file: kept as they are. */
  notInFile: Array<{ item: 'unit' | 'position'; code: string; message: string }>;
}

export interface AppliedOfficial {
  id: string;
  nip: string;
  name: string;
  positionId: string;
  positionCode: string;
}

export interface AppliedOrganization {
  report: ImportReport;
  id: string;
  code: string;
  units: Record<string, string>;
  positions: Record<string, string>;
  /** Officials by the position code they hold according to the file. */
  officials: Record<string, AppliedOfficial>;
}

export interface ApplyOptions {
  /** Tests load a file under a fresh code and fresh NIPs. */
  codeOverride?: string;
  mapNip?: (nip: string) => string;
  /** Officials the file adds: their password hash and whether the first login must change it; their e-mail address, if any. */
  newOfficials: { passwordHash: string; mustChangePassword: boolean; email?: (nip: string) => string | null };
  /** First day of an assignment to a post nobody held; a post that changes hands changes today. */
  assignmentsFrom?: string;
  /** Today in the offices' time zone (WIB). */
  today?: string;
  /** The default signers of each document kind (document-kinds.yaml). */
  kinds?: DocumentKindsFile;
  at?: FieldLocator;
  /** The file may give or take the role city-admin: only a city administrator's import, the CLI operator's and the seed. */
  mayChangeCityAdmin: boolean;
  /** The organisation the caller was allowed to import into (null: a new one); another one found under the lock is a conflict. */
  expectOrganizationId?: string | null;
  /**
   * The administrator importing through the API, as stored now: he changes no account holding a role
   * he lacks (mayManageAccount) and does not take his own last administrative role. Absent for the
   * seed and the CLI (the operator of the server).
   */
  actor?: { officialId: string; roles: readonly string[] };
}

/** The organisation of the file was made (or replaced) between the caller's check and the import's lock: check again. */
export class OrganizationChangedError extends DomainError {
  constructor(code: string) {
    super('CONFLICT', `Organisasi ${code} berubah selama impor berjalan; kirim berkas sekali lagi`, { field: 'code' });
  }
}

const tally = (): ImportTally => ({ created: 0, updated: 0, unchanged: 0 });
const same = (a: unknown, b: unknown) => canonicalize(a ?? null) === canonicalize(b ?? null);
const KIND_LABEL: Record<AssignmentKind, string> = { definitif: 'definitif', plt: 'Plt.', plh: 'Plh.' };

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The fields of `after` that differ from `before`, each with both values. */
function diff<T extends object>(before: T, after: Partial<T>): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    const was = (before as Record<string, unknown>)[k];
    if (!same(was, v)) out[k] = { before: was ?? null, after: v ?? null };
  }
  return out;
}

const setOfRoles = (roles: readonly string[]) => [...new Set(roles)].sort();

/**
 * Applies an organisation file to the database, inside the caller's transaction, as a difference
 * against what is stored: the organisation by its code, units and positions by code within it
 * (existing ids kept, new ones from seedId), officials by NIP, the holder of each position as an
 * assignment in force (a post changing hands: the old assignment ends yesterday, the new one starts
 * today), and the authority table set per document kind from the file's signingAuthority or the
 * kinds' default signers. What the file leaves out is kept and listed. Nothing is written until
 * every check passed; problems come out as one OrganizationFileError naming line and field. The
 * same file applied twice: the second time changes nothing.
 */
export async function applyOrganizationFile(m: EntityManager, file: OrganizationImportFile, opts: ApplyOptions): Promise<AppliedOrganization> {
  const code = opts.codeOverride ?? file.code;
  const mapNip = opts.mapNip ?? ((n: string) => n);
  const today = opts.today ?? todayInJakarta();
  const at: FieldLocator = opts.at ?? (() => ({ line: 0, column: 0 }));
  const kinds = opts.kinds ?? readDocumentKinds();
  const problems: OrgFileProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ ...at(field), field, message });

  const entries = organizationFileEntries(file);
  const flat = flattenOrganizationFile(file, code);
  problems.push(...nipProblems(file, at, mapNip));

  // The organisation, locked: imports and administrators' edits of one organisation run one at a time.
  let org = await m.findOne(OrganizationEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
  if (opts.expectOrganizationId !== undefined && (org?.id ?? null) !== opts.expectOrganizationId) {
    throw new OrganizationChangedError(code);
  }
  const orgId = org?.id ?? seedId(code, 'organization');
  if (org && org.city !== file.city) problem('city', `Organisasi ${code} tercatat di ${org.city}; berkas tidak dapat memindahkannya ke ${file.city}`);

  const [dbUnits, dbPositions] = org
    ? await Promise.all([m.find(UnitEntity, { where: { organizationId: orgId } }), m.find(PositionEntity, { where: { organizationId: orgId } })])
    : [[], []];
  const dbUnitByCode = new Map(dbUnits.map((u) => [u.code, u]));
  const dbPositionByCode = new Map(dbPositions.map((p) => [p.code, p]));
  const takenIds = new Set([...dbUnits.map((u) => u.id), ...dbPositions.map((p) => p.id)]);
  const freshId = (seeded: string) => (takenIds.has(seeded) ? randomUUID() : seeded);

  // Units: ids, then the rows the file wants (parents and "reports via" by code).
  const unitId = new Map<string, string>();
  for (const u of flat.units) unitId.set(u.code, dbUnitByCode.get(u.code)?.id ?? freshId(u.id));
  const unitOrder = siblingOrder(
    entries.units.map((e, i) => ({ code: e.unit.code, group: e.parent?.unit.code ?? '', index: flat.units[i].sortOrder })),
    (c) => dbUnitByCode.get(c)?.sortOrder,
  );
  const wantedUnits: UnitRow[] = flat.units.map((u, i) => {
    const e = entries.units[i];
    return {
      ...u,
      id: unitId.get(u.code)!,
      organizationId: orgId,
      parentId: e.parent ? unitId.get(e.parent.unit.code)! : null,
      reportsViaUnitId: e.unit.reportsVia ? unitId.get(e.unit.reportsVia)! : null,
      sortOrder: unitOrder.get(u.code)!,
    };
  });

  const positionId = new Map<string, string>();
  for (const p of flat.positions) positionId.set(p.row.code, dbPositionByCode.get(p.row.code)?.id ?? freshId(p.row.id));
  const positionOrder = siblingOrder(
    entries.positions.map((e, i) => ({ code: e.code, group: e.unit.unit.code, index: flat.positions[i].row.sortOrder })),
    (c) => dbPositionByCode.get(c)?.sortOrder,
  );
  const wantedPositions: PositionRow[] = flat.positions.map((p, i) => ({
    ...p.row,
    id: positionId.get(p.row.code)!,
    organizationId: orgId,
    unitId: unitId.get(entries.positions[i].unit.unit.code)!,
    sortOrder: positionOrder.get(p.row.code)!,
  }));

  // The chart as it will be, with what the file leaves out: it must still pass the structural rules.
  const fileUnitCodes = new Set(wantedUnits.map((u) => u.code));
  const filePositionCodes = new Set(wantedPositions.map((p) => p.code));
  const keptUnits = dbUnits.filter((u) => !fileUnitCodes.has(u.code));
  const keptPositions = dbPositions.filter((p) => !filePositionCodes.has(p.code));
  const chart: OrgChart = {
    units: [...wantedUnits, ...keptUnits].map((u) => ({
      id: u.id,
      parentId: u.parentId,
      reportsViaUnitId: u.reportsViaUnitId,
      code: u.code,
      name: u.name,
      kind: u.kind,
      pasal: u.pasal,
    })),
    positions: [...wantedPositions.map(positionNode), ...keptPositions.map((p) => p.toNode())],
  };
  if (!problems.length) problems.push(...chartProblems(chart, entries, at));

  // Officials by NIP: one of another organisation is refused; city-admin only from a city administrator.
  const holders = entries.positions.filter((p): p is PositionEntry & { holder: NonNullable<PositionEntry['holder']> } => !!p.holder);
  const nips = [...new Set(holders.map((p) => mapNip(p.holder.nip)))];
  const dbOfficials = nips.length ? await m.find(OfficialEntity, { where: { nip: In(nips) }, lock: { mode: 'pessimistic_write' } }) : [];
  const dbOfficialByNip = new Map(dbOfficials.map((o) => [o.nip, o]));
  const firstHolding = new Map<string, (typeof holders)[number]>();
  for (const p of holders) {
    const nip = mapNip(p.holder.nip);
    if (firstHolding.has(nip)) continue;
    firstHolding.set(nip, p);
    const existing = dbOfficialByNip.get(nip);
    if (existing && (!org || existing.organizationId !== orgId)) {
      problem(
        `${p.path}.holder.nip`,
        `NIP ${nip} sudah terdaftar sebagai pegawai organisasi lain; pegawai tidak dipindahkan antarorganisasi melalui berkas`,
      );
      continue;
    }
    const before = existing?.roles.includes('city-admin') ?? false;
    const after = (p.holder.roles ?? []).includes('city-admin');
    if (before !== after && !opts.mayChangeCityAdmin) {
      problem(`${p.path}.holder.roles`, `Peran city-admin hanya dapat ${after ? 'diberikan' : 'dicabut'} oleh administrator kota`);
    }
    if (existing && opts.actor) {
      const wanted = {
        name: p.holder.name,
        gelarDepan: p.holder.gelarDepan ?? '',
        gelarBelakang: p.holder.gelarBelakang ?? '',
        rank: p.holder.rank,
        roles: setOfRoles((p.holder.roles ?? []) as OfficialRole[]),
      };
      const changes = Object.keys(diff({ ...existing, roles: setOfRoles(existing.roles) }, wanted as typeof wanted & { roles: OfficialRole[] }));
      if (changes.length && !mayManageAccount(opts.actor.roles, existing.roles)) {
        problem(
          `${p.path}.holder`,
          `Data ${existing.name} (NIP ${nip}) tidak dapat diubah melalui berkas ini: akunnya memegang peran administrator yang tidak Anda pegang`,
        );
      }
      const adminRoles = (rs: readonly string[]) => rs.filter((r) => r === 'admin' || r === 'city-admin');
      if (existing.id === opts.actor.officialId && adminRoles(existing.roles ?? []).length && !adminRoles(p.holder.roles ?? []).length) {
        problem(`${p.path}.holder.roles`, 'Administrator tidak dapat mencabut peran administrator terakhirnya sendiri (ketentuan aplikasi ini)');
      }
    }
  }

  // Kinds the file names must exist; the kinds of document-kinds.yaml that exist get their default signers.
  const dbKinds = await m.find(DocumentKindEntity, { select: { id: true, code: true } });
  const kindIdByCode = new Map(dbKinds.map((k) => [k.code, k.id]));
  for (const kind of Object.keys(file.signingAuthority ?? {})) {
    if (!kindIdByCode.has(kind)) problem(`signingAuthority.${kind}`, `Jenis naskah ${kind} tidak ada`);
  }
  if (problems.length) throw new OrganizationFileError(sortProblems(problems));

  const report: ImportReport = {
    organizationId: orgId,
    code,
    created: !org,
    changed: false,
    dryRun: false,
    summary: {
      organization: tally(),
      units: tally(),
      positions: tally(),
      officials: tally(),
      assignments: { created: 0, ended: 0, unchanged: 0 },
      signingAuthority: tally(),
    },
    changes: [],
    notInFile: [
      ...keptUnits.map((u) => ({ item: 'unit' as const, code: u.code, message: `Unit ${u.code} (${u.name}) tidak ada dalam berkas, dibiarkan` })),
      ...keptPositions.map((p) => ({
        item: 'position' as const,
        code: p.code,
        message: `Jabatan ${p.code} (${p.title}) tidak ada dalam berkas, dibiarkan`,
      })),
    ],
  };
  const record = (c: ImportChange) => report.changes.push(c);

  // The organisation row.
  const orgFields = {
    name: file.name,
    city: file.city,
    regulation: file.regulation,
    regulationCitation: file.regulationCitation,
    reportTembusanPasal: file.reportTembusanPasal ?? null,
    letterhead: file.letterhead,
    numberTemplate: file.numberTemplate,
    // Absent from the file: the stored rules stay.
    delegationRules: file.delegation ?? org?.delegationRules ?? null,
    discrepancies: file.discrepancies,
  };
  if (!org) {
    await m.insert(OrganizationEntity, { id: orgId, code, ...orgFields });
    org = await m.findOneByOrFail(OrganizationEntity, { id: orgId });
    report.summary.organization.created++;
    record({ item: 'organization', action: 'created', subject: code, message: `Organisasi ${code} (${file.name}) dibuat` });
  } else {
    const fields = diff(org, orgFields);
    if (Object.keys(fields).length) {
      await m.update(OrganizationEntity, { id: orgId }, orgFields);
      report.summary.organization.updated++;
      record({
        item: 'organization',
        action: 'updated',
        subject: code,
        message: `Organisasi ${code} diubah: ${Object.keys(fields).join(', ')}`,
        fields,
      });
    } else report.summary.organization.unchanged++;
  }

  // Units: new ones parents first without "reports via" (it may point at a later one), then changes, then the new ones' links.
  const newUnits = wantedUnits.filter((u) => !dbUnitByCode.has(u.code));
  for (const u of newUnits) {
    await m.insert(UnitEntity, { ...u, reportsViaUnitId: null });
    report.summary.units.created++;
    record({ item: 'unit', action: 'created', subject: u.code, message: `Unit ${u.code} (${u.name}) dibuat` });
  }
  for (const u of wantedUnits) {
    const before = dbUnitByCode.get(u.code);
    if (!before) continue;
    const { id: _id, organizationId: _org, code: _code, ...columns } = u;
    const fields = diff(before, columns);
    if (!Object.keys(fields).length) {
      report.summary.units.unchanged++;
      continue;
    }
    await m.update(UnitEntity, { id: before.id }, columns);
    report.summary.units.updated++;
    record({ item: 'unit', action: 'updated', subject: u.code, message: `Unit ${u.code} diubah: ${Object.keys(fields).join(', ')}`, fields });
  }
  for (const u of newUnits.filter((x) => x.reportsViaUnitId)) await m.update(UnitEntity, { id: u.id }, { reportsViaUnitId: u.reportsViaUnitId });

  // Positions.
  for (const p of wantedPositions) {
    const before = dbPositionByCode.get(p.code);
    if (!before) {
      await m.insert(PositionEntity, p);
      report.summary.positions.created++;
      record({ item: 'position', action: 'created', subject: p.code, message: `Jabatan ${p.code} (${p.title}) dibuat` });
      continue;
    }
    const { id: _id, organizationId: _org, code: _code, ...columns } = p;
    const fields = diff(before, columns);
    if (!Object.keys(fields).length) {
      report.summary.positions.unchanged++;
      continue;
    }
    await m.update(PositionEntity, { id: before.id }, columns);
    report.summary.positions.updated++;
    record({ item: 'position', action: 'updated', subject: p.code, message: `Jabatan ${p.code} diubah: ${Object.keys(fields).join(', ')}`, fields });
  }

  // Officials.
  const officialIdByNip = new Map<string, string>();
  for (const [nip, p] of firstHolding) {
    const h = p.holder;
    const columns = {
      name: h.name,
      gelarDepan: h.gelarDepan ?? '',
      gelarBelakang: h.gelarBelakang ?? '',
      rank: h.rank,
      roles: (h.roles ?? []) as OfficialRole[],
    };
    const before = dbOfficialByNip.get(nip);
    if (!before) {
      const id = seedId(code, 'official', h.nip);
      const free = !(await m.exists(OfficialEntity, { where: { id } }));
      const official = {
        id: free ? id : randomUUID(),
        organizationId: orgId,
        nip,
        ...columns,
        email: opts.newOfficials.email?.(nip) ?? null,
        passwordHash: opts.newOfficials.passwordHash,
        mustChangePassword: opts.newOfficials.mustChangePassword,
        active: true,
      };
      await m.insert(OfficialEntity, official);
      officialIdByNip.set(nip, official.id);
      report.summary.officials.created++;
      record({ item: 'official', action: 'created', subject: nip, message: `Pegawai ${h.name} (NIP ${nip}) ditambahkan` });
      continue;
    }
    officialIdByNip.set(nip, before.id);
    const fields = diff({ ...before, roles: setOfRoles(before.roles) }, { ...columns, roles: setOfRoles(columns.roles) as OfficialRole[] });
    if (!Object.keys(fields).length) {
      report.summary.officials.unchanged++;
      continue;
    }
    await m.update(OfficialEntity, { id: before.id }, columns);
    report.summary.officials.updated++;
    record({
      item: 'official',
      action: 'updated',
      subject: nip,
      message: `Data pegawai NIP ${nip} diubah: ${Object.keys(fields).join(', ')}`,
      fields,
    });
  }

  await applyAssignments(m, { code, today, assignmentsFrom: opts.assignmentsFrom, holders, mapNip, positionId, officialIdByNip, report, record, at });
  await applySigningAuthority(m, { file, kinds, flat, orgId, org, kindIdByCode, wantedPositions, dbPositionByCode, report, record });

  report.changed = report.changes.length > 0;
  const officials: Record<string, AppliedOfficial> = {};
  for (const p of holders) {
    const nip = mapNip(p.holder.nip);
    officials[p.code] = { id: officialIdByNip.get(nip)!, nip, name: p.holder.name, positionId: positionId.get(p.code)!, positionCode: p.code };
  }
  return {
    report,
    id: orgId,
    code,
    units: Object.fromEntries(wantedUnits.map((u) => [u.code, u.id])),
    positions: Object.fromEntries(wantedPositions.map((p) => [p.code, p.id])),
    officials,
  };
}

/**
 * The order of siblings (the units under one parent, the positions of one unit) as the file gives
 * it. A stored row keeps its number while the order already agrees with the file, so a file
 * exported and imported again changes nothing; a row out of order, or new, takes the next number.
 */
function siblingOrder(
  items: Array<{ code: string; group: string; index: number }>,
  stored: (code: string) => number | undefined,
): Map<string, number> {
  const out = new Map<string, number>();
  const last = new Map<string, number>();
  for (const it of items) {
    const prev = last.get(it.group) ?? -Infinity;
    const was = stored(it.code);
    const n = was !== undefined && was > prev ? was : Math.max(prev + 1, it.index);
    out.set(it.code, n);
    last.set(it.group, n);
  }
  return out;
}

interface AssignmentContext {
  at: FieldLocator;
  code: string;
  today: string;
  assignmentsFrom?: string;
  holders: Array<PositionEntry & { holder: NonNullable<PositionEntry['holder']> }>;
  mapNip: (nip: string) => string;
  positionId: Map<string, string>;
  officialIdByNip: Map<string, string>;
  report: ImportReport;
  record: (c: ImportChange) => void;
}

/**
 * What a file may not do to assignments, because it carries neither a period nor a decree: appoint
 * a Plt. or Plh. (temporary by nature, UU 30/2014 Pasal 14 ayat (2); the application requires their
 * end date and Surat Perintah: the Penugasan page), make an inactive official a holder, or cut across
 * an assignment already set to start later (a mutasi dated ahead). The whole import is refused,
 * naming the holder's line.
 */
async function refuseAssignmentByFile(
  m: EntityManager,
  c: AssignmentContext,
  p: { path: string; code: string; holder: NonNullable<PositionEntry['holder']> },
  a: { kind: AssignmentKind; officialId: string; positionId: string },
): Promise<void> {
  const refuse = (field: string, message: string) => {
    throw new OrganizationFileError([{ ...c.at(field), field, message }]);
  };
  if (a.kind !== 'definitif') {
    refuse(
      `${p.path}.holder.assignment`,
      `${KIND_LABEL[a.kind]} ${p.code} tidak ditugaskan melalui berkas: penugasan ${KIND_LABEL[a.kind]} bersifat sementara dan memerlukan masa serta surat perintah (UU 30/2014 Pasal 14 ayat (2)); gunakan halaman Penugasan`,
    );
  }
  const official = await m.findOne(OfficialEntity, { where: { id: a.officialId }, select: { id: true, active: true, name: true } });
  if (official && !official.active) {
    refuse(`${p.path}.holder.nip`, `${official.name} tidak aktif dan tidak dapat memangku jabatan ${p.code}; aktifkan akunnya lebih dahulu`);
  }
  const ahead = await m
    .createQueryBuilder(AssignmentEntity, 'x')
    .where('(x.position_id = :positionId OR x.official_id = :officialId)', a)
    .andWhere('x.valid_from > :today', { today: c.today })
    .getCount();
  if (ahead) {
    refuse(
      `${p.path}.holder`,
      `Jabatan ${p.code} atau pemangku barunya sudah mempunyai penugasan yang akan berlaku kemudian; ubah melalui halaman Penugasan, bukan melalui berkas`,
    );
  }
}

/**
 * The holder of each position as an assignment in force today. The same official in the same
 * capacity: nothing to do. Otherwise the post's holder in that capacity (definitif and Plt. hold the
 * post, a Plh. stands in beside its holder) ends yesterday (or, appointed today, is withdrawn), as
 * does the official's own other definitive post (one definitive post per official, ketentuan
 * aplikasi ini), and the new assignment starts today.
 */
async function applyAssignments(m: EntityManager, c: AssignmentContext): Promise<void> {
  const pids = [...c.positionId.values()];
  const oids = [...c.officialIdByNip.values()];
  const inForce = pids.length
    ? await m
        .createQueryBuilder(AssignmentEntity, 'a')
        .where('(a.position_id IN (:...pids) OR a.official_id IN (:...oids))', { pids, oids: oids.length ? oids : [''] })
        .andWhere('a.valid_from <= :today AND (a.valid_to IS NULL OR a.valid_to >= :today)', { today: c.today })
        .orderBy('a.id')
        .setLock('pessimistic_write')
        .getMany()
    : [];
  const yesterday = dayBefore(c.today);
  const codeOfPosition = new Map([...c.positionId].map(([code, id]) => [id, code]));
  for (const p of c.holders) {
    const nip = c.mapNip(p.holder.nip);
    const officialId = c.officialIdByNip.get(nip)!;
    const positionId = c.positionId.get(p.code)!;
    const kind: AssignmentKind = p.holder.assignment ?? 'definitif';
    if (inForce.some((a) => a.positionId === positionId && a.officialId === officialId && a.kind === kind)) {
      c.report.summary.assignments.unchanged++;
      continue;
    }
    await refuseAssignmentByFile(m, c, p, { kind, officialId, positionId });
    const ending = inForce.filter(
      (a) =>
        (a.positionId === positionId && (kind === 'plh') === (a.kind === 'plh')) ||
        (a.positionId === positionId && a.officialId === officialId) ||
        (kind === 'definitif' && a.officialId === officialId && a.kind === 'definitif'),
    );
    for (const a of ending) {
      if (a.validFrom < c.today) await m.update(AssignmentEntity, { id: a.id }, { validTo: yesterday });
      else await m.delete(AssignmentEntity, { id: a.id });
      inForce.splice(inForce.indexOf(a), 1);
      c.report.summary.assignments.ended++;
      const where = codeOfPosition.get(a.positionId) ?? a.positionId;
      c.record({
        item: 'assignment',
        action: 'ended',
        subject: where,
        message:
          a.validFrom < c.today
            ? `Penugasan ${KIND_LABEL[a.kind]} pada jabatan ${where} berakhir ${yesterday}`
            : `Penugasan ${KIND_LABEL[a.kind]} pada jabatan ${where} yang mulai ${a.validFrom} dibatalkan`,
        fields: {
          officialId: { before: a.officialId, after: a.officialId },
          validTo: { before: a.validTo, after: a.validFrom < c.today ? yesterday : null },
        },
      });
    }
    const seeded = seedId(c.code, 'assignment', p.code, p.holder.nip);
    const id = (await m.exists(AssignmentEntity, { where: { id: seeded } })) ? randomUUID() : seeded;
    const validFrom = ending.some((a) => a.positionId === positionId) ? c.today : (c.assignmentsFrom ?? c.today);
    const row = { id, officialId, positionId, kind, validFrom, validTo: null, decreeRef: null };
    await m.insert(AssignmentEntity, row);
    inForce.push(Object.assign(new AssignmentEntity(), row));
    c.report.summary.assignments.created++;
    c.record({
      item: 'assignment',
      action: 'created',
      subject: p.code,
      message: `${p.holder.name} (NIP ${nip}) memangku jabatan ${p.code} sebagai ${KIND_LABEL[kind]} mulai ${validFrom}`,
    });
  }
}

interface SigningContext {
  file: OrganizationImportFile;
  kinds: DocumentKindsFile;
  flat: ReturnType<typeof flattenOrganizationFile>;
  orgId: string;
  org: OrganizationEntity;
  kindIdByCode: Map<string, string>;
  wantedPositions: PositionRow[];
  dbPositionByCode: Map<string, PositionEntity>;
  report: ImportReport;
  record: (c: ImportChange) => void;
}

/**
 * The authority table per document kind: the file's own list for a kind, else the kind's default
 * signers, over the file's positions (rows of positions the file leaves out stay). A row keeps a
 * citation someone wrote by hand; one derived from the position follows it. Rows of a position
 * that may not sign go, for every kind (DESIGN §3).
 */
async function applySigningAuthority(m: EntityManager, c: SigningContext): Promise<void> {
  const byFlatId = new Map(c.flat.positions.map((p, i) => [p.row.id, c.wantedPositions[i]]));
  const fileIds = new Set(c.wantedPositions.map((p) => p.id));
  const named = Object.keys(c.file.signingAuthority ?? {});
  const considered = [
    ...c.kinds.kinds.filter((k) => c.kindIdByCode.has(k.code)),
    ...named.filter((k) => !c.kinds.kinds.some((d) => d.code === k)).map((code) => ({ code, signers: [] })),
  ];
  const wanted = signingAuthorityRows(c.file, { kinds: considered }, c.flat);
  const stored = await m.find(SigningAuthorityEntity, { where: { organizationId: c.orgId }, lock: { mode: 'pessimistic_write' } });
  const dbPositionById = new Map([...c.dbPositionByCode.values()].map((p) => [p.id, p]));
  const codeOf = (id: string) => c.wantedPositions.find((p) => p.id === id)?.code ?? dbPositionById.get(id)?.code ?? id;
  // The citation a row had when it was derived from its position (before this import).
  const derivedBefore = (positionId: string) => {
    const p = dbPositionById.get(positionId);
    return p ? authorityBasis(c.org.regulationCitation, p.toNode()) : null;
  };

  for (const kind of considered) {
    const kindId = c.kindIdByCode.get(kind.code)!;
    const mine = stored.filter((r) => r.documentKindId === kindId && fileIds.has(r.positionId));
    const rows = new Map(
      wanted
        .filter((w) => w.kindCode === kind.code)
        .map((w) => {
          const p = byFlatId.get(w.position.id)!;
          return [p.id, authorityBasis(c.file.regulationCitation, positionNode(p))] as const;
        }),
    );
    const removed = mine.filter((r) => !rows.has(r.positionId));
    const added = [...rows.keys()].filter((id) => !mine.some((r) => r.positionId === id));
    const recited = mine.filter((r) => rows.has(r.positionId) && r.pasal !== rows.get(r.positionId) && r.pasal === derivedBefore(r.positionId));
    if (!removed.length && !added.length && !recited.length) {
      c.report.summary.signingAuthority.unchanged++;
      continue;
    }
    const before = mine.map((r) => codeOf(r.positionId)).sort();
    for (const r of removed) await m.delete(SigningAuthorityEntity, { organizationId: c.orgId, documentKindId: kindId, positionId: r.positionId });
    for (const r of recited)
      await m.update(
        SigningAuthorityEntity,
        { organizationId: c.orgId, documentKindId: kindId, positionId: r.positionId },
        { pasal: rows.get(r.positionId)! },
      );
    if (added.length) {
      await m.insert(
        SigningAuthorityEntity,
        added.map((positionId) => ({ organizationId: c.orgId, documentKindId: kindId, positionId, pasal: rows.get(positionId)! })),
      );
    }
    const after = [...rows.keys()].map(codeOf).sort();
    const isNew = !mine.length;
    if (isNew) c.report.summary.signingAuthority.created++;
    else c.report.summary.signingAuthority.updated++;
    c.record({
      item: 'signing_authority',
      action: isNew ? 'created' : 'updated',
      subject: kind.code,
      message: `Penanda tangan ${kind.code}: ${after.length ? after.join(', ') : '(tidak ada)'}`,
      fields: { positions: { before, after } },
    });
  }

  // A position of the file that may no longer sign leaves the table of every kind.
  const nonSigners = new Set(c.wantedPositions.filter((p) => !p.maySign).map((p) => p.id));
  const consideredIds = new Set(considered.map((k) => c.kindIdByCode.get(k.code)));
  for (const r of stored.filter((x) => nonSigners.has(x.positionId) && !consideredIds.has(x.documentKindId))) {
    await m.delete(SigningAuthorityEntity, { organizationId: c.orgId, documentKindId: r.documentKindId, positionId: r.positionId });
    const kindCode = [...c.kindIdByCode].find(([, id]) => id === r.documentKindId)?.[0] ?? r.documentKindId;
    c.record({
      item: 'signing_authority',
      action: 'removed',
      subject: kindCode,
      message: `Jabatan ${codeOf(r.positionId)} tidak lagi berwenang menandatangani; dikeluarkan dari penanda tangan ${kindCode}`,
    });
  }
}
