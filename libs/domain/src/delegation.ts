import { DomainError } from './errors';
import { OrgIndex } from './org-chart';

/** Perwako Cilegon 18/2022 Pasal 29 (Hal Mewakili), cited by ayat in every refusal. */
export const PASAL_29_1 = 'Perwako Cilegon 18/2022 Pasal 29 ayat (1)';
export const PASAL_29_2 = 'Perwako Cilegon 18/2022 Pasal 29 ayat (2)';
export const PASAL_29_3 = 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)';

export const DELEGATION_REASONS = ['cuti', 'dinas_luar', 'sakit', 'lainnya'] as const;
export type DelegationReason = (typeof DELEGATION_REASONS)[number];

export interface Period {
  from: number;
  to: number;
}

export interface AppointmentInput {
  org: OrgIndex;
  principalPositionId: string;
  principalOrganizationId: string;
  deputyPositionId: string;
  /** The organisation the deputy's position belongs to (another Dinas is refused). */
  deputyOrganizationId: string;
  period: Period;
  /** Active (not revoked) appointments of the same principal position. */
  existing: Period[];
}

const overlaps = (a: Period, b: Period) => a.from < b.to && b.from < a.to;

/**
 * May this deputy be appointed? Ayat (1): the Kepala Dinas appoints one official one level below
 * him to act a.n.; ayat (2): any official of the Dinas likewise appoints one official one level
 * below. Hence one deputy per principal at any moment, exactly one level below, inside the
 * principal's line, within the same Dinas, for a period.
 */
export function checkAppointment(input: AppointmentInput): void {
  const { org, period } = input;
  const isHead = input.org.hasPosition(input.principalPositionId) && org.position(input.principalPositionId).isHead;
  const ayat = isHead && org.position(input.principalPositionId).level === 1 ? PASAL_29_1 : PASAL_29_2;
  if (input.deputyOrganizationId !== input.principalOrganizationId || !org.hasPosition(input.deputyPositionId)) {
    throw new DomainError('RULE_VIOLATION', 'Wakil harus pejabat lingkup Dinas yang sama', { pasal: ayat, field: 'deputyPositionId' });
  }
  const principal = org.position(input.principalPositionId);
  const deputy = org.position(input.deputyPositionId);
  if (!principal.isHead) {
    throw new DomainError('RULE_VIOLATION', 'Hanya pejabat (pimpinan unit) yang dapat menunjuk wakil', {
      pasal: PASAL_29_2,
      field: 'principalPositionId',
    });
  }
  if (deputy.id === principal.id) {
    throw new DomainError('RULE_VIOLATION', 'Pejabat tidak dapat menunjuk dirinya sendiri', { pasal: ayat, field: 'deputyPositionId' });
  }
  if (deputy.level !== principal.level + 1 || !deputy.isHead) {
    throw new DomainError('RULE_VIOLATION', `Wakil harus pejabat satu tingkat di bawah ${principal.title}`, {
      pasal: ayat,
      field: 'deputyPositionId',
    });
  }
  if (!org.superiorsOf(deputy.id).some((p) => p.id === principal.id)) {
    throw new DomainError('RULE_VIOLATION', `${deputy.title} tidak berada dalam garis ${principal.title}`, {
      pasal: ayat,
      field: 'deputyPositionId',
    });
  }
  if (!(period.from < period.to)) {
    throw new DomainError('INVALID_INPUT', 'Akhir masa perwakilan harus sesudah awalnya', { field: 'validTo' });
  }
  if (input.existing.some((e) => overlaps(e, period))) {
    throw new DomainError('RULE_VIOLATION', 'Sudah ada wakil pada masa yang sama: hanya 1 (satu) orang pejabat yang dapat ditunjuk', {
      pasal: ayat,
      field: 'validFrom',
    });
  }
}

/** Is an appointment in force at this moment (authority is checked at the moment of the act)? */
export function inForce(d: Period & { revokedAt: number | null }, now: number): boolean {
  return d.from <= now && now < d.to && (d.revokedAt === null || now < d.revokedAt);
}
