import { DomainError } from './errors';
import { Authority, OrgIndex } from './org-chart';

/** Perwako Cilegon 18/2022 Pasal 29 (Hal Mewakili), cited by ayat in every refusal. */
export const PASAL_29_1 = 'Perwako Cilegon 18/2022 Pasal 29 ayat (1)';
export const PASAL_29_2 = 'Perwako Cilegon 18/2022 Pasal 29 ayat (2)';
export const PASAL_29_3 = 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)';

/** Ayat (1) for the Kepala Dinas (level 1), ayat (2) for every other official of the Dinas. */
export const appointmentPasal = (principalLevel: number): string => (principalLevel === 1 ? PASAL_29_1 : PASAL_29_2);

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
  /** The moment of the appointment: a period already over cannot be appointed (nor revoked later). */
  now: number;
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
  if (period.to <= input.now) {
    throw new DomainError('INVALID_INPUT', 'Masa perwakilan sudah berakhir: akhir masa harus di waktu yang akan datang', { field: 'validTo' });
  }
  if (input.existing.some((e) => overlaps(e, period))) {
    throw new DomainError('RULE_VIOLATION', 'Sudah ada wakil pada masa yang sama: hanya 1 (satu) orang pejabat yang dapat ditunjuk', {
      pasal: ayat,
      field: 'validFrom',
    });
  }
}

/**
 * Is an appointment in force at this moment (authority is checked at the moment of the act)? The
 * one definition: every reader of appointments (the inbox, the acts, the signature block, the
 * list) filters with it.
 */
export function inForce(d: Period & { revokedAt: number | null }, now: number): boolean {
  return d.from <= now && now < d.to && (d.revokedAt === null || now < d.revokedAt);
}

export type AppointmentState = 'active' | 'upcoming' | 'ended' | 'revoked';

export function appointmentState(d: Period & { revokedAt: number | null }, now: number): AppointmentState {
  if (d.revokedAt !== null && d.revokedAt <= now) return 'revoked';
  if (inForce(d, now)) return 'active';
  return d.from > now ? 'upcoming' : 'ended';
}

export type DeputyAct = 'paraf' | 'sign' | 'return';

const ACT_TEXT: Record<DeputyAct, { verb: string; flag: keyof Authority }> = {
  paraf: { verb: 'memaraf', flag: 'paraf' },
  sign: { verb: 'menandatangani', flag: 'sign' },
  return: { verb: 'mengembalikan untuk diperbaiki', flag: 'return' },
};

export interface DeputyPosition {
  title: string;
  authority: Authority;
  /** Where the deputy position's authority comes from, e.g. "Pasal 16 huruf f angka 3". */
  authorityPasal: string;
}

/**
 * A deputy acts for the principal within the deputy's own authority too: Pasal 29 gives the
 * deputy the principal's turn, not powers the deputy's own position lacks (ayat (2): "sesuai
 * dengan ketentuan yang berlaku"; DESIGN §5). The Cilegon Kasubbag PEPK, who never signs (Pasal 16
 * huruf f angka 3), does not sign as a deputy either. Both sources are cited.
 */
export function checkDeputyAct(act: DeputyAct, deputy: DeputyPosition, appointmentPasal: string, regulation: string): void {
  const { verb, flag } = ACT_TEXT[act];
  if (!deputy.authority[flag]) {
    throw new DomainError(
      'RULE_VIOLATION',
      `Sebagai wakil, ${deputy.title} bertindak dalam batas kewenangannya sendiri dan tidak berwenang ${verb} naskah dinas`,
      { pasal: `${appointmentPasal}; ${regulation} ${deputy.authorityPasal}` },
    );
  }
}

/** What a deputy will not be able to do for the principal, said at appointment time. */
export function deputyLimits(principal: Pick<DeputyPosition, 'authority'>, deputy: DeputyPosition, regulation: string): string[] {
  return (Object.keys(ACT_TEXT) as DeputyAct[])
    .filter((act) => principal.authority[ACT_TEXT[act].flag] && !deputy.authority[ACT_TEXT[act].flag])
    .map(
      (act) =>
        `Tidak dapat ${ACT_TEXT[act].verb} naskah atas nama pejabat yang diwakili: ${deputy.title} tidak berwenang (${regulation} ${deputy.authorityPasal})`,
    );
}
