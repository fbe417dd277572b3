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

/** The next unit up a unit's line: the one its head reports through, else its parent (as superiorsOf climbs). */
const upward = (u: Pick<UnitNode, 'reportsViaUnitId' | 'parentId'>): string | null => u.reportsViaUnitId ?? u.parentId;

/**
 * A loop in the lines of reporting, as the codes of its units in order with the first repeated at
 * the end (ISP, SEKRETARIAT, ISP), or undefined. From every unit, climbing to the unit it reports
 * through, else to its parent, must reach the top unit without passing a unit twice: a loop would
 * leave the units on it without the head of the organisation above them (superiorsOf, routing).
 */
export function reportingLoop(units: readonly UnitNode[]): string[] | undefined {
  const byId = new Map(units.map((u) => [u.id, u]));
  const reachesTop = new Set<string>();
  for (const start of units) {
    const path: UnitNode[] = [];
    const at = new Map<string, number>();
    for (let cur: UnitNode | undefined = start; cur && !reachesTop.has(cur.id);) {
      const seen = at.get(cur.id);
      if (seen !== undefined) return [...path.slice(seen), cur].map((u) => u.code);
      at.set(cur.id, path.length);
      path.push(cur);
      const next = upward(cur);
      cur = next === null ? undefined : byId.get(next);
    }
    for (const u of path) reachesTop.add(u.id);
  }
  return undefined;
}

/**
 * The first head met climbing from a unit (itself included) along the lines of reporting, past units
 * without a head (kelompok jabatan fungsional), as superiorsOf climbs. The chart must have no loop.
 */
function firstHeadFrom(unitId: string | null, units: Map<string, UnitNode>, heads: Map<string, PositionNode>): PositionNode | undefined {
  const seen = new Set<string>();
  for (let id = unitId; id !== null && !seen.has(id);) {
    seen.add(id);
    const head = heads.get(id);
    if (head) return head;
    const u = units.get(id);
    if (!u) return undefined;
    id = upward(u);
  }
  return undefined;
}

const levelOf = (p: PositionNode) => `${p.title} berjenjang ${p.level} (${LEVEL_NAMES[p.level]})`;

/**
 * A position whose jenjang does not sit below its superior's (1 is the top), with why, or undefined
 * (ketentuan aplikasi ini, after the order of jenjang in DESIGN §2; Hal Mewakili's "one level below"
 * reads the levels). A unit head sits strictly below the head of its parent unit (climbing past
 * units without a head) and never above the head of the unit it reports through: Cilegon's Kepala
 * Bidang report through the Sekretaris, of the same jenjang (Pasal 3 ayat (3)). Any other position
 * sits strictly below its own unit's head; in a unit without a head, below the head it answers to.
 */
export function levelInversion(chart: OrgChart): { position: PositionNode; message: string } | undefined {
  const units = new Map(chart.units.map((u) => [u.id, u]));
  const heads = new Map<string, PositionNode>();
  for (const p of chart.positions) if (p.isHead && !heads.has(p.unitId)) heads.set(p.unitId, p);
  for (const p of chart.positions) {
    const unit = units.get(p.unitId);
    if (!unit) continue;
    if (p.isHead) {
      if (unit.parentId === null) continue; // the head of the organisation: level 1 (validateOrgChart)
      const superior = firstHeadFrom(unit.parentId, units, heads);
      if (superior && p.level <= superior.level) {
        return {
          position: p,
          message: `Jenjang jabatan harus di bawah jenjang atasannya (jenjang 1 yang tertinggi): ${levelOf(p)}, atasannya ${levelOf(superior)}`,
        };
      }
      const via = unit.reportsViaUnitId === null ? undefined : firstHeadFrom(unit.reportsViaUnitId, units, heads);
      if (via && p.level < via.level) {
        return {
          position: p,
          message: `Jenjang jabatan tidak boleh di atas jenjang pejabat tempatnya melapor (jenjang 1 yang tertinggi): ${levelOf(p)}, melapor melalui ${levelOf(via)}`,
        };
      }
      continue;
    }
    const own = heads.get(unit.id);
    const superior = own && own.id !== p.id ? own : firstHeadFrom(upward(unit), units, heads);
    if (superior && p.level <= superior.level) {
      return {
        position: p,
        message: `Jenjang jabatan harus di bawah jenjang pimpinannya (jenjang 1 yang tertinggi): ${levelOf(p)}, pimpinannya ${levelOf(superior)}`,
      };
    }
  }
  return undefined;
}

/** The fields an edit names for the rules validateOrgChart applies (default: units.CODE or positions.CODE, as organisation files map them). */
export interface OrgChartFields {
  /** A loop in the lines of reporting (reportingLoop). */
  reporting?: string;
  /** A jenjang above its superior's (levelInversion). */
  level?: string;
}

/** Structural checks every organisation chart must pass before it is stored. */
export function validateOrgChart(chart: OrgChart, fields: OrgChartFields = {}): void {
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
  const loop = reportingLoop(chart.units);
  if (loop) {
    fail(
      `Jalur pelaporan unit berputar (${loop.join(' → ')}): pimpinan unit itu tidak akan sampai kepada pimpinan organisasi`,
      fields.reporting ?? `units.${loop[0]}`,
    );
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
  const inverted = levelInversion(chart);
  if (inverted) fail(inverted.message, fields.level ?? `positions.${inverted.position.code}`);
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
