import { DomainError } from './errors';
import type { TndSourceKey } from './sources';

/** Jenjang jabatan (DESIGN §2). */
export type Level = 1 | 2 | 3 | 4;

export const LEVEL_NAMES: Record<Level, string> = {
  1: 'Jabatan Pimpinan Tinggi Pratama',
  2: 'Jabatan Administrator',
  3: 'Jabatan Pengawas',
  4: 'Jabatan Fungsional/Pelaksana',
};

/** What a position may do with a draft (DESIGN §3): check, return for correction, paraf, sign. */
export interface Authority {
  check: boolean;
  return: boolean;
  paraf: boolean;
  sign: boolean;
}

export type UnitKind = 'dinas' | 'sekretariat' | 'subbagian' | 'bidang' | 'uptd' | 'kelompok-fungsional';

export interface UnitNode {
  id: string;
  parentId: string | null;
  /** Where the head reports when it is not the structural parent, e.g. Cilegon Pasal 3(3). */
  reportsViaUnitId: string | null;
  code: string;
  name: string;
  kind: UnitKind;
  pasal: string;
}

export interface PositionNode {
  id: string;
  unitId: string;
  code: string;
  title: string;
  level: Level;
  isHead: boolean;
  authority: Authority;
  /** Where the authority comes from in the office's own regulation, e.g. "Pasal 16 huruf f angka 3". */
  authorityPasal: string;
  /** Tata Naskah Dinas sources the authority also rests on (paraf hierarki), cited from libs/domain/src/sources.ts. */
  tataNaskahDinas?: readonly TndSourceKey[];
}

export interface OrgChart {
  units: UnitNode[];
  positions: PositionNode[];
}

/** Structural checks every organisation chart must pass before it is stored. */
export function validateOrgChart(chart: OrgChart): void {
  const fail = (msg: string, field: string) => {
    throw new DomainError('INVALID_INPUT', msg, { field });
  };
  const units = new Map(chart.units.map((u) => [u.id, u]));
  const roots = chart.units.filter((u) => u.parentId === null);
  if (roots.length !== 1) fail(`Struktur harus punya tepat satu unit puncak, ditemukan ${roots.length}`, 'units');
  for (const u of chart.units) {
    if (u.parentId !== null && !units.has(u.parentId)) fail(`Unit induk ${u.parentId} tidak ada`, `units.${u.code}`);
    if (u.reportsViaUnitId !== null && !units.has(u.reportsViaUnitId)) fail(`Unit perantara ${u.reportsViaUnitId} tidak ada`, `units.${u.code}`);
    // A cycle would make routing loop.
    const seen = new Set<string>();
    for (let cur: UnitNode | undefined = u; cur; cur = cur.parentId ? units.get(cur.parentId) : undefined) {
      if (seen.has(cur.id)) fail(`Struktur unit berputar di ${u.code}`, `units.${u.code}`);
      seen.add(cur.id);
    }
    const heads = chart.positions.filter((p) => p.unitId === u.id && p.isHead);
    if (u.kind !== 'kelompok-fungsional' && heads.length !== 1)
      fail(`Unit ${u.name} harus punya tepat satu pimpinan, ditemukan ${heads.length}`, `units.${u.code}`);
  }
  for (const p of chart.positions) {
    if (!units.has(p.unitId)) fail(`Unit ${p.unitId} untuk jabatan ${p.title} tidak ada`, `positions.${p.code}`);
    const a = p.authority;
    if ((a.paraf || a.sign || a.return) && !a.check)
      fail(`Jabatan ${p.title} yang memaraf/menandatangani/mengembalikan juga harus memeriksa`, `positions.${p.code}`);
  }
  const root = roots[0];
  const rootHead = chart.positions.find((p) => p.unitId === root.id && p.isHead);
  if (!rootHead || rootHead.level !== 1) fail('Pimpinan unit puncak harus berjenjang 1 (JPT Pratama)', 'positions');
}

export class OrgIndex {
  private readonly units: Map<string, UnitNode>;
  private readonly positions: Map<string, PositionNode>;
  private readonly headByUnit = new Map<string, PositionNode>();

  constructor(readonly chart: OrgChart) {
    this.units = new Map(chart.units.map((u) => [u.id, u]));
    this.positions = new Map(chart.positions.map((p) => [p.id, p]));
    for (const p of chart.positions) if (p.isHead) this.headByUnit.set(p.unitId, p);
  }

  unit(id: string): UnitNode {
    const u = this.units.get(id);
    if (!u) throw new DomainError('NOT_FOUND', `Unit ${id} tidak ditemukan`, { field: 'unitId' });
    return u;
  }

  position(id: string): PositionNode {
    const p = this.positions.get(id);
    if (!p) throw new DomainError('NOT_FOUND', `Jabatan ${id} tidak ditemukan`, { field: 'positionId' });
    return p;
  }

  hasPosition(id: string): boolean {
    return this.positions.has(id);
  }

  headOf(unitId: string): PositionNode | undefined {
    return this.headByUnit.get(unitId);
  }

  root(): UnitNode {
    return this.chart.units.find((u) => u.parentId === null)!;
  }

  /**
   * The line of command above a position: each superior head in order, ending at the head of
   * the organisation. A unit head reports via `reportsViaUnitId` when the regulation says so
   * (Cilegon Pasal 3(3): Kepala Bidang to the Kepala Dinas through the Sekretaris).
   */
  superiorsOf(positionId: string): PositionNode[] {
    const pos = this.position(positionId);
    const chain: PositionNode[] = [];
    let unit = this.unit(pos.unitId);
    let current: PositionNode = pos;
    const guard = new Set<string>();
    for (;;) {
      let nextUnitId: string | null;
      if (!current.isHead || current.unitId !== unit.id) {
        nextUnitId = unit.id; // a member answers to the head of its own unit
      } else {
        nextUnitId = unit.reportsViaUnitId ?? unit.parentId;
      }
      if (nextUnitId === null) return chain;
      if (guard.has(nextUnitId)) return chain;
      guard.add(nextUnitId);
      unit = this.unit(nextUnitId);
      const head = this.headOf(unit.id);
      if (!head) {
        current = { ...current, isHead: true, unitId: unit.id }; // kelompok fungsional: climb on
        continue;
      }
      if (head.id !== pos.id) chain.push(head);
      current = head;
    }
  }

  /** The direct superior of a position, or undefined for the head of the organisation. */
  superiorOf(positionId: string): PositionNode | undefined {
    return this.superiorsOf(positionId)[0];
  }
}
