import type { SeedHeadPosition, SeedHolder, SeedStaffPosition, SeedUnit } from './org-file';

/** A unit of an organisation file with where it stands in the file (`units.0.units.1`). */
export interface UnitEntry {
  unit: SeedUnit;
  path: string;
  parent: UnitEntry | null;
}

/** A position of an organisation file (a unit's head or one of its staff) with its path. */
export interface PositionEntry {
  code: string;
  title: string;
  unit: UnitEntry;
  head: SeedHeadPosition | null;
  staff: SeedStaffPosition | null;
  holder: SeedHolder | undefined;
  /** `units.0.head` or `units.0.staff.1`. */
  path: string;
}

export interface OrganizationFileEntries {
  units: UnitEntry[];
  positions: PositionEntry[];
}

/**
 * Every unit and position of an organisation file in the order the file gives them (parents
 * before children, a unit's head before its staff), each with its path in the file: what an error
 * about it names, and what finds its line.
 */
export function organizationFileEntries(file: { units: SeedUnit[] }): OrganizationFileEntries {
  const units: UnitEntry[] = [];
  const positions: PositionEntry[] = [];
  const visit = (unit: SeedUnit, path: string, parent: UnitEntry | null) => {
    const entry: UnitEntry = { unit, path, parent };
    units.push(entry);
    if (unit.head) {
      const h = unit.head;
      positions.push({ code: h.code, title: h.title, unit: entry, head: h, staff: null, holder: h.holder, path: `${path}.head` });
    }
    (unit.staff ?? []).forEach((s, i) =>
      positions.push({ code: s.code, title: s.title, unit: entry, head: null, staff: s, holder: s.holder, path: `${path}.staff.${i}` }),
    );
    (unit.units ?? []).forEach((child, i) => visit(child, `${path}.units.${i}`, entry));
  };
  file.units.forEach((u, i) => visit(u, `units.${i}`, null));
  return { units, positions };
}
