import { Document, isMap, isPair, isScalar, isSeq, visit } from 'yaml';
import type { AssignmentKind, DelegationRules, Level, TndSourceKey, UnitKind } from '@naskah/domain';
import { OrganizationImportFile, SeedHeadPosition, SeedHolder, SeedStaffPosition, SeedUnit } from './org-file';

/** The rows an export reads (the columns of the organisation, unit, org_position, official, assignment and signing_authority tables). */
export interface OrganizationExportRows {
  organization: {
    code: string;
    name: string;
    city: string;
    regulation: string;
    regulationCitation: string;
    reportTembusanPasal: string | null;
    letterhead: { government: string; office: string; address: string; phone?: string | null; email?: string | null; website?: string | null };
    numberTemplate: string;
    delegationRules: DelegationRules | null;
    discrepancies: Array<{ pasal: string; text: string; resolution: string }>;
  };
  units: Array<{
    id: string;
    parentId: string | null;
    reportsViaUnitId: string | null;
    reportsViaPasal: string | null;
    code: string;
    name: string;
    kind: UnitKind;
    pasal: string;
    sortOrder: number;
  }>;
  positions: Array<{
    id: string;
    unitId: string;
    code: string;
    title: string;
    level: Level;
    isHead: boolean;
    mayCheck: boolean;
    mayReturn: boolean;
    mayParaf: boolean;
    maySign: boolean;
    authorityPasal: string;
    tataNaskahDinas: TndSourceKey[] | null;
    pasal: string;
    sortOrder: number;
  }>;
  /** Assignments in force on the day of the export, with their officials. */
  holders: Array<{
    positionId: string;
    nip: string;
    name: string;
    gelarDepan: string;
    gelarBelakang: string;
    rank: string;
    roles: string[];
    kind: AssignmentKind;
    validFrom: string;
  }>;
  signing: Array<{ kindCode: string; positionId: string }>;
  /** Every document kind of the instance: each is listed in `signingAuthority`, an empty list where nobody signs it. */
  kindCodes: string[];
}

export interface OrganizationExport {
  file: OrganizationImportFile;
  /** What the file format cannot say about the stored organisation (written at the top of the file). */
  notes: string[];
}

const KIND_ORDER: Record<AssignmentKind, number> = { definitif: 0, plt: 1, plh: 2 };
const KIND_LABEL: Record<AssignmentKind, string> = { definitif: 'definitif', plt: 'Plt.', plh: 'Plh.' };
const bySortOrder = (a: { sortOrder: number; code: string }, b: { sortOrder: number; code: string }) =>
  a.sortOrder - b.sortOrder || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const FILE_ROLES = ['admin', 'city-admin'] as const;

/**
 * An organisation as an organisation file (the seed format): the unit tree with each unit's head
 * and staff, the holder of each position on the day (a definitive holder before a Plt. before a
 * Plh.), and the authority table listed explicitly for every document kind. Importing the file
 * again changes nothing.
 */
export function buildOrganizationExport(rows: OrganizationExportRows): OrganizationExport {
  const notes: string[] = [];
  const o = rows.organization;
  const unitsById = new Map(rows.units.map((u) => [u.id, u]));
  const positionsById = new Map(rows.positions.map((p) => [p.id, p]));

  const holderOf = new Map<string, SeedHolder>();
  const holdersByPosition = new Map<string, OrganizationExportRows['holders']>();
  for (const h of rows.holders) holdersByPosition.set(h.positionId, [...(holdersByPosition.get(h.positionId) ?? []), h]);
  for (const [positionId, list] of holdersByPosition) {
    const [chosen, ...others] = [...list].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.validFrom.localeCompare(b.validFrom));
    const roles = FILE_ROLES.filter((r) => chosen.roles.includes(r));
    holderOf.set(positionId, {
      nip: chosen.nip,
      name: chosen.name,
      ...(chosen.gelarDepan ? { gelarDepan: chosen.gelarDepan } : {}),
      ...(chosen.gelarBelakang ? { gelarBelakang: chosen.gelarBelakang } : {}),
      rank: chosen.rank,
      ...(roles.length ? { roles } : {}),
      assignment: chosen.kind,
    });
    const code = positionsById.get(positionId)?.code ?? positionId;
    for (const h of others)
      notes.push(`${KIND_LABEL[h.kind]} ${h.name} (NIP ${h.nip}) pada jabatan ${code} tidak dimuat: berkas memuat satu pemangku per jabatan.`);
  }

  const positionsOfUnit = (unitId: string) => rows.positions.filter((p) => p.unitId === unitId).sort(bySortOrder);
  const toUnit = (u: OrganizationExportRows['units'][number]): SeedUnit => {
    const mine = positionsOfUnit(u.id);
    const head = mine.find((p) => p.isHead);
    const staff = mine.filter((p) => !p.isHead);
    const children = rows.units.filter((c) => c.parentId === u.id).sort(bySortOrder);
    const via = u.reportsViaUnitId ? unitsById.get(u.reportsViaUnitId) : undefined;
    return {
      code: u.code,
      name: u.name,
      kind: u.kind,
      pasal: u.pasal,
      ...(via ? { reportsVia: via.code } : {}),
      ...(u.reportsViaPasal ? { reportsViaPasal: u.reportsViaPasal } : {}),
      ...(head ? { head: toHead(head, u) } : {}),
      ...(staff.length ? { staff: staff.map(toStaff) } : {}),
      ...(children.length ? { units: children.map(toUnit) } : {}),
    };
  };
  const toHead = (p: OrganizationExportRows['positions'][number], u: OrganizationExportRows['units'][number]): SeedHeadPosition => {
    if (p.pasal !== u.pasal)
      notes.push(
        `Jabatan ${p.code}: dasar jabatannya (${p.pasal}) berbeda dengan dasar unitnya; berkas mencatat pimpinan unit dengan dasar unitnya.`,
      );
    const authority = (['check', 'return', 'paraf', 'sign'] as const).filter((f) =>
      f === 'check' ? p.mayCheck : f === 'return' ? p.mayReturn : f === 'paraf' ? p.mayParaf : p.maySign,
    );
    const holder = holderOf.get(p.id);
    return {
      code: p.code,
      title: p.title,
      level: p.level,
      authority,
      authorityPasal: p.authorityPasal,
      ...(p.tataNaskahDinas?.length ? { tataNaskahDinas: p.tataNaskahDinas } : {}),
      ...(holder ? { holder } : {}),
    };
  };
  const toStaff = (p: OrganizationExportRows['positions'][number]): SeedStaffPosition => {
    if (p.level !== 4 || p.mayCheck || p.mayReturn || p.mayParaf || p.maySign || p.authorityPasal !== p.pasal) {
      notes.push(
        `Jabatan ${p.code}: berkas mencatat staf sebagai jabatan pelaksana/fungsional (jenjang 4, tanpa kewenangan atas naskah); jenjang dan kewenangannya yang tersimpan tidak dimuat.`,
      );
    }
    const holder = holderOf.get(p.id);
    return { code: p.code, title: p.title, pasal: p.pasal, ...(holder ? { holder } : {}) };
  };

  const roots = rows.units.filter((u) => u.parentId === null).sort(bySortOrder);
  if (roots.length !== 1) notes.push(`Organisasi ini memiliki ${roots.length} unit puncak; berkas memerlukan tepat satu.`);

  const signingAuthority: Record<string, string[]> = {};
  const kinds = [...new Set([...rows.kindCodes, ...rows.signing.map((s) => s.kindCode)])].sort();
  for (const kind of kinds) {
    const listed = rows.signing
      .filter((s) => s.kindCode === kind)
      .map((s) => positionsById.get(s.positionId))
      .filter((p): p is OrganizationExportRows['positions'][number] => p !== undefined);
    for (const p of listed.filter((x) => !x.maySign || !x.isHead)) {
      notes.push(`Jabatan ${p.code} tercatat dapat menandatangani ${kind} padahal tidak berwenang menandatangani; tidak dimuat.`);
    }
    signingAuthority[kind] = listed
      .filter((p) => p.maySign && p.isHead)
      .sort(bySortOrder)
      .map((p) => p.code);
  }
  if (!o.delegationRules) notes.push('Aturan hal mewakili (delegation) belum ditetapkan untuk organisasi ini; berkas tidak memuatnya.');

  const lh = o.letterhead;
  const file: OrganizationImportFile = {
    code: o.code,
    name: o.name,
    city: o.city,
    regulation: o.regulation,
    regulationCitation: o.regulationCitation,
    ...(o.reportTembusanPasal ? { reportTembusanPasal: o.reportTembusanPasal } : {}),
    letterhead: {
      government: lh.government,
      office: lh.office,
      address: lh.address,
      ...(lh.phone ? { phone: lh.phone } : {}),
      ...(lh.email ? { email: lh.email } : {}),
      ...(lh.website ? { website: lh.website } : {}),
    },
    numberTemplate: o.numberTemplate,
    ...(o.delegationRules ? { delegation: o.delegationRules } : {}),
    discrepancies: o.discrepancies.map((d) => ({ pasal: d.pasal, text: d.text, resolution: d.resolution })),
    signingAuthority,
    units: roots.slice(0, 1).map(toUnit),
  };
  return { file, notes };
}

/** Keys whose values are written on one line, as the seed files write them. */
const FLOW_KEYS = new Set(['holder', 'authority', 'tataNaskahDinas', 'roles']);

/** The file as YAML, with a short header saying what it is and what it could not hold. */
export function organizationFileYaml(exp: OrganizationExport, meta: { exportedAt: Date; asOf: string }): string {
  const doc = new Document(exp.file);
  visit(doc, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      if (FLOW_KEYS.has(String(pair.key.value)) && (isMap(pair.value) || isSeq(pair.value))) pair.value.flow = true;
    },
  });
  const signing = doc.get('signingAuthority', true);
  if (isMap(signing)) for (const item of signing.items) if (isSeq(item.value)) item.value.flow = true;
  doc.commentBefore = [
    ` Berkas organisasi ${exp.file.name} (${exp.file.code}), ${exp.file.city}: diekspor dari naskah pada ${meta.exportedAt.toISOString()}.`,
    ' Format berkas seed (libs/org-files/src/org-file.ts). Impor kembali dengan POST /api/v1/admin/organizations/import',
    ' (Content-Type: application/yaml) atau `npm run org -- import <berkas>`; impor berkas yang sama tidak mengubah apa pun.',
    ` Pemangku jabatan: penugasan yang berlaku pada ${meta.asOf}. signingAuthority memuat setiap jenis naskah.`,
    ...exp.notes.map((n) => ` Catatan: ${n}`),
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}
