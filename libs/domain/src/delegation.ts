import { DomainError } from './errors';
import { Authority, OrgIndex, PositionNode } from './org-chart';

/**
 * The consideration rule of chains started before delegation rules were per office: Cilegon's,
 * as those chains were validated (their input carries no `deputyConsiderationPasal`).
 */
export const CONSIDERATION_PASAL_BEFORE_OFFICE_RULES = 'Perwako Cilegon 18/2022 Pasal 29 ayat (3)';

/** The markers a deputy acts under (Tata Naskah Dinas): a.n. (a mandate) or Plh. (stand-in while the holder is temporarily absent). */
export const DEPUTY_CAPACITIES = ['an', 'plh'] as const;
export type DeputyCapacity = (typeof DEPUTY_CAPACITIES)[number];

/** One article of an office's rules that lets an official appoint a deputy. */
export interface AppointmentRule {
  /** The article that allows the appointment; every refusal of it cites it. */
  pasal: string;
  /** The marker the deputy acts under. */
  capacity: DeputyCapacity;
  /** Where the marker comes from. */
  capacityPasal: string;
}

/** The structural rules of an appointment; an office cites each, or lets the appointing article stand for it. */
export const STRUCTURAL_RULES = ['oneDeputy', 'oneLevelBelow', 'withinLine', 'sameOffice'] as const;
export type StructuralRule = (typeof STRUCTURAL_RULES)[number];

/**
 * Acting for another official, as one office's own regulations say it (DESIGN §5): data per
 * organisation, loaded from its organisation file, never one office's article for every office.
 */
export interface DelegationRules {
  /** The basis in one line, e.g. "Perwako Cilegon 18/2022 Pasal 29 (Hal Mewakili)". */
  basis: string;
  /** The rule in one sentence, in Bahasa Indonesia, for the people who use it. */
  summary: string;
  /** The head of the organisation (jenjang 1) appointing. */
  head: AppointmentRule;
  /** Every other official appointing; `scope` says who counts as one, with its citation. */
  officials: AppointmentRule & { scope: string };
  /** Citations of the structural rules; one left out is stated by the appointing article itself. */
  structure: Partial<Record<StructuralRule, string>>;
  /** The deputy writes a consideration before acting: its citation, or null where the office has no such rule. */
  consideration: string | null;
}

export const DELEGATION_REASONS = ['cuti', 'dinas_luar', 'sakit', 'lainnya'] as const;
export type DelegationReason = (typeof DELEGATION_REASONS)[number];

export interface Period {
  from: number;
  to: number;
}

/** Is this position the head of the organisation (the Kepala Dinas)? */
function headsOrganisation(org: OrgIndex, p: PositionNode): boolean {
  return p.isHead && p.unitId === org.root().id;
}

/** The article under which this position appoints, and the marker its deputy acts under. */
export function appointmentRule(rules: DelegationRules, org: OrgIndex, principalPositionId: string): AppointmentRule {
  const p = org.hasPosition(principalPositionId) ? org.position(principalPositionId) : null;
  const { pasal, capacity, capacityPasal } = p && headsOrganisation(org, p) ? rules.head : rules.officials;
  return { pasal, capacity, capacityPasal };
}

const structural = (rules: DelegationRules, rule: AppointmentRule, which: StructuralRule) => rules.structure[which] ?? rule.pasal;

/** Every position of the jenjang one level below, inside the principal's line: who may be appointed. */
export function deputyCandidates(org: OrgIndex, principalPositionId: string): PositionNode[] {
  const principal = org.position(principalPositionId);
  return org.chart.positions.filter((p) => p.level === principal.level + 1 && org.superiorsOf(p.id).some((s) => s.id === principal.id));
}

/** Can this position appoint anyone at all: is there a jenjang below it? */
export const mayAppoint = (p: Pick<PositionNode, 'level'>): boolean => p.level < 4;

export interface AppointmentInput {
  org: OrgIndex;
  rules: DelegationRules;
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
 * May this deputy be appointed, under the office's rules? One deputy per principal at any moment,
 * exactly one jenjang below, inside the principal's line, within the same office, for a period;
 * every refusal cites the office's own article for the rule it breaks. Returns the appointing rule.
 */
export function checkAppointment(input: AppointmentInput): AppointmentRule {
  const { org, rules, period } = input;
  const rule = appointmentRule(rules, org, input.principalPositionId);
  const refuse = (which: StructuralRule, message: string, field: string): never => {
    throw new DomainError('RULE_VIOLATION', message, { pasal: structural(rules, rule, which), field });
  };
  if (input.deputyOrganizationId !== input.principalOrganizationId || !org.hasPosition(input.deputyPositionId)) {
    refuse('sameOffice', 'Wakil harus pejabat pada Dinas yang sama', 'deputyPositionId');
  }
  const principal = org.position(input.principalPositionId);
  const deputy = org.position(input.deputyPositionId);
  if (!mayAppoint(principal)) {
    refuse(
      'oneLevelBelow',
      `Tidak ada jenjang jabatan di bawah ${principal.title}, sehingga tidak ada pejabat yang dapat ditunjuk`,
      'principalPositionId',
    );
  }
  if (deputy.id === principal.id) {
    throw new DomainError('RULE_VIOLATION', 'Pejabat tidak dapat menunjuk dirinya sendiri', { pasal: rule.pasal, field: 'deputyPositionId' });
  }
  if (deputy.level !== principal.level + 1)
    refuse('oneLevelBelow', `Wakil harus pejabat satu tingkat di bawah ${principal.title}`, 'deputyPositionId');
  if (!org.superiorsOf(deputy.id).some((p) => p.id === principal.id)) {
    refuse('withinLine', `${deputy.title} tidak berada dalam garis ${principal.title}`, 'deputyPositionId');
  }
  if (!(period.from < period.to)) {
    throw new DomainError('INVALID_INPUT', 'Akhir masa perwakilan harus sesudah awalnya', { field: 'validTo' });
  }
  if (period.to <= input.now) {
    throw new DomainError('INVALID_INPUT', 'Masa perwakilan sudah berakhir: akhir masa harus di waktu yang akan datang', { field: 'validTo' });
  }
  if (input.existing.some((e) => overlaps(e, period))) {
    refuse('oneDeputy', 'Sudah ada wakil pada masa yang sama: hanya 1 (satu) orang pejabat yang dapat ditunjuk', 'validFrom');
  }
  return rule;
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

export type DeputyAct = 'paraf' | 'sign' | 'return' | 'correct';

const ACT_TEXT: Record<DeputyAct, { verb: string; flag: keyof Authority }> = {
  paraf: { verb: 'memaraf', flag: 'paraf' },
  sign: { verb: 'menandatangani', flag: 'sign' },
  return: { verb: 'mengembalikan untuk diperbaiki', flag: 'return' },
  correct: { verb: 'mengoreksi', flag: 'return' },
};

/**
 * The acts the deputy's own post must be allowed too. Paraf and return are the principal's review,
 * which the deputy takes over in the principal's place (the routine task of an absent official, UU
 * 30/2014 Pasal 14 ayat (2) huruf a), so a pelaksana one level below a Kasubbag may give it; the
 * signature is what the regulations give or withhold post by post (Cilegon Pasal 16 huruf f angka 3
 * withholds it from the Kasubbag PEPK), so a deputy signs only where his own post may sign.
 */
// Correcting rewrites the letter under the deputy's own name: only where the deputy's own post may correct (DESIGN §3).
const OWN_AUTHORITY_ACTS: readonly DeputyAct[] = ['sign', 'correct'];

export interface DeputyPosition {
  title: string;
  authority: Authority;
  /** Where the deputy position's authority comes from, e.g. "Pasal 16 huruf f angka 3". */
  authorityPasal: string;
}

/** May the deputy do this act for the principal, as far as the deputy's own post goes? */
export function deputyMayAct(act: DeputyAct, deputy: Pick<DeputyPosition, 'authority'>): boolean {
  return !OWN_AUTHORITY_ACTS.includes(act) || deputy.authority[ACT_TEXT[act].flag];
}

/**
 * A deputy acts for the principal within the deputy's own authority too: the appointment gives the
 * deputy the principal's turn, not a signature the deputy's own post lacks (DESIGN §5). The Cilegon
 * Kasubbag PEPK, who never signs (Pasal 16 huruf f angka 3), does not sign as a deputy either. Both
 * sources are cited: the office's appointing article and the deputy's authority.
 */
export function checkDeputyAct(act: DeputyAct, deputy: DeputyPosition, appointmentPasal: string, regulation: string): void {
  if (!deputyMayAct(act, deputy)) {
    throw new DomainError(
      'RULE_VIOLATION',
      `Sebagai wakil, ${deputy.title} bertindak dalam batas kewenangannya sendiri dan tidak berwenang ${ACT_TEXT[act].verb} naskah dinas`,
      { pasal: `${appointmentPasal}; ${regulation} ${deputy.authorityPasal}` },
    );
  }
}

/** What a deputy will not be able to do for the principal, said at appointment time. */
export function deputyLimits(principal: Pick<DeputyPosition, 'authority'>, deputy: DeputyPosition, regulation: string): string[] {
  return OWN_AUTHORITY_ACTS.filter((act) => principal.authority[ACT_TEXT[act].flag] && !deputyMayAct(act, deputy)).map(
    (act) =>
      `Tidak dapat ${ACT_TEXT[act].verb} naskah untuk pejabat yang diwakili: ${deputy.title} tidak berwenang (${regulation} ${deputy.authorityPasal})`,
  );
}
