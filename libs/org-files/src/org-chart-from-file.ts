import { v5 as uuidv5 } from 'uuid';
import type { Level, OrgChart, PositionNode, TndSourceKey, UnitKind } from '@naskah/domain';
import { DocumentKindsFile, OrganizationFile, SeedUnit, SignerRole } from './org-file';

/** Namespace for deterministic ids: re-seeding updates rows in place instead of duplicating them. */
const NAMESPACE = '6f1c3a52-4d7e-4b8a-9a41-2f0d5c8e7b13';
export const seedId = (...parts: string[]): string => uuidv5(parts.join('/'), NAMESPACE);

/** A unit as an organisation file describes it, with its deterministic id (the `unit` table's columns). */
export interface UnitRow {
  id: string;
  organizationId: string;
  parentId: string | null;
  reportsViaUnitId: string | null;
  reportsViaPasal: string | null;
  code: string;
  name: string;
  kind: UnitKind;
  pasal: string;
  sortOrder: number;
}

/** A position as an organisation file describes it (the `org_position` table's columns). */
export interface PositionRow {
  id: string;
  organizationId: string;
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
  /** Tata Naskah Dinas sources the authority also rests on, by catalogue key; null for none. */
  tataNaskahDinas: TndSourceKey[] | null;
  pasal: string;
  sortOrder: number;
}

export type Holder = NonNullable<SeedUnit['head']>['holder'];

export interface FlatOrganization {
  units: UnitRow[];
  positions: Array<{ row: PositionRow; holder?: Holder }>;
}

export function positionNode(p: PositionRow): PositionNode {
  return {
    id: p.id,
    unitId: p.unitId,
    code: p.code,
    title: p.title,
    level: p.level,
    isHead: p.isHead,
    authority: { check: p.mayCheck, return: p.mayReturn, paraf: p.mayParaf, sign: p.maySign },
    authorityPasal: p.authorityPasal,
    ...(p.tataNaskahDinas?.length ? { tataNaskahDinas: p.tataNaskahDinas } : {}),
  };
}

/** The unit tree of an organisation file as rows, parents before children. */
export function flattenOrganizationFile(file: Pick<OrganizationFile, 'units'>, orgCode: string): FlatOrganization {
  const orgId = seedId(orgCode, 'organization');
  const units: UnitRow[] = [];
  const positions: FlatOrganization['positions'] = [];
  const byCode = new Map<string, string>();
  const pending: Array<{ unit: UnitRow; via: string }> = [];
  const visit = (u: SeedUnit, parentId: string | null) => {
    const id = seedId(orgCode, 'unit', u.code);
    if (byCode.has(u.code)) throw new Error(`${orgCode}: duplicate unit code ${u.code}`);
    byCode.set(u.code, id);
    const unit: UnitRow = {
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
    };
    units.push(unit);
    if (u.reportsVia) pending.push({ unit, via: u.reportsVia });
    if (u.head) {
      const a = new Set(u.head.authority);
      positions.push({
        holder: u.head.holder,
        row: {
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
          tataNaskahDinas: u.head.tataNaskahDinas?.length ? u.head.tataNaskahDinas : null,
          pasal: u.pasal,
          sortOrder: positions.length,
        },
      });
    }
    for (const s of u.staff ?? []) {
      positions.push({
        holder: s.holder,
        row: {
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
          // A clerk drafts by virtue of his own post: cite what places him, never a superior's duty.
          authorityPasal: s.pasal,
          tataNaskahDinas: null,
          pasal: s.pasal,
          sortOrder: positions.length,
        },
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

/** The positions a signer role of the document-kinds file names in this chart. */
export function signersFor(role: SignerRole, units: UnitRow[], positions: PositionRow[]): PositionRow[] {
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

/** A row of the authority table: a position that may sign a document kind (DESIGN §3). */
export interface SigningAuthorityRow {
  kindCode: string;
  position: PositionRow;
}

/**
 * The authority table an organisation file and the document kinds give: the file's own list for a
 * kind, else the kind's default signer roles. A position without signing authority never signs,
 * whatever the lists say (DESIGN §3; e.g. Cilegon Pasal 16 huruf f angka 3, the Batam Kepala Bidang).
 */
export function signingAuthorityRows(
  file: Pick<OrganizationFile, 'signingAuthority'>,
  kinds: { kinds: ReadonlyArray<Pick<DocumentKindsFile['kinds'][number], 'code' | 'signers'>> },
  flat: FlatOrganization,
): SigningAuthorityRow[] {
  const positions = flat.positions.map((p) => p.row);
  return kinds.kinds.flatMap((k) => {
    const override = file.signingAuthority?.[k.code];
    const chosen = override ? positions.filter((p) => override.includes(p.code)) : k.signers.flatMap((r) => signersFor(r, flat.units, positions));
    return chosen.filter((p) => p.maySign).map((position) => ({ kindCode: k.code, position }));
  });
}

/** The chart an organisation file describes, as the pure domain sees it (for rules and their tests). */
export function chartFromFile(
  file: Pick<OrganizationFile, 'units' | 'code'>,
  code = file.code,
): { chart: OrgChart; positionsByCode: Map<string, PositionRow>; unitsByCode: Map<string, UnitRow> } {
  const { units, positions } = flattenOrganizationFile(file, code);
  return {
    chart: { units: units.map((u) => ({ ...u })), positions: positions.map((p) => positionNode(p.row)) },
    positionsByCode: new Map(positions.map((p) => [p.row.code, p.row])),
    unitsByCode: new Map(units.map((u) => [u.code, u])),
  };
}
