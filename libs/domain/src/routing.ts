import { DomainError } from './errors';
import { OrgIndex, PositionNode } from './org-chart';
import { authorityBasis, TND_PARAF_HIERARKI, TND_PARAF_KOORDINASI, TND_SIGNING_AUTHORITY } from './sources';

export type StepAction = 'paraf' | 'sign';

/** Paraf hierarki (up the line) or paraf koordinasi (across, from another unit whose work the content touches). */
export type StepKind = 'hierarki' | 'koordinasi';

export interface PlannedStep {
  order: number;
  positionId: string;
  action: StepAction;
  /** Absent in plans recorded before paraf koordinasi: hierarki. */
  kind?: StepKind;
  /**
   * Steps sharing a group wait at the same time (paraf koordinasi, in parallel); the chain moves
   * on when every step of the group is done. Absent: the step is a group of its own (its order).
   */
  group?: number;
  /** Whom a late step escalates to: the holder's own superior (DESIGN §4, reminders). */
  superiorPositionId: string | null;
  /** Whether the step's position may return the draft for correction (DESIGN §3). */
  mayReturn: boolean;
  /** Where this position's authority for the action comes from: regulation and Pasal, ayat, huruf. */
  pasal: string;
}

/** The group a step waits in: steps of one group run in parallel, groups run in order. */
export const groupOf = (s: Pick<PlannedStep, 'order' | 'group'>): number => s.group ?? s.order;

/** A list of steps in order; steps of one group (paraf koordinasi) run in parallel. */
export interface RoutePlan {
  steps: PlannedStep[];
  signerPositionId: string;
}

export interface DocumentKindRef {
  code: string;
  name: string;
}

export interface PlanRouteInput {
  org: OrgIndex;
  /** How the office's own regulation is cited, e.g. "Perwako Batam 14/2023": every Pasal below is of it. */
  regulation: string;
  drafterPositionId: string;
  kind: DocumentKindRef;
  /** Positions the authority table allows to sign this kind in this organisation. */
  allowedSignerIds: readonly string[];
  /** A lower signer named by the drafter, where the authority table allows it. */
  requestedSignerId?: string;
  /** Heads of other units the drafter asks for paraf koordinasi. */
  coordinatorPositionIds?: readonly string[];
  /** The kind requires paraf koordinasi (decrees and regulations, Tata Naskah Dinas): its citation. */
  coordinationRequiredPasal?: string | null;
}

/** Tata Naskah Dinas: a draft whose content touches other units is initialled by their heads (paraf koordinasi). */
export const PARAF_KOORDINASI_PASAL = TND_PARAF_KOORDINASI;
export const MAX_COORDINATORS = 5;

/** Paraf hierarki: at most three initials before the signer (DESIGN §4). */
export const MAX_PARAF_STEPS = 3;

/**
 * The routing plan of a draft: every head on the way up from the drafter initials (paraf), in
 * order, and the authorised official signs. The way up follows the unit tree and its
 * "reports via" links (Cilegon Pasal 3 ayat (3): Kepala Bidang through the Sekretaris). A
 * position without signing authority is never a signer (Cilegon Pasal 16 huruf f angka 3); a
 * draft written by the signer personally needs no paraf.
 */
export function planRoute(input: PlanRouteInput): RoutePlan {
  const { org, kind } = input;
  const basis = (p: PositionNode) => authorityBasis(input.regulation, p);
  const drafter = org.position(input.drafterPositionId);
  const line: PositionNode[] = [drafter, ...org.superiorsOf(drafter.id)];
  const allowed = new Set(input.allowedSignerIds);

  let signerIndex: number;
  if (input.requestedSignerId) {
    const requested = org.hasPosition(input.requestedSignerId) ? org.position(input.requestedSignerId) : undefined;
    if (!requested) throw new DomainError('INVALID_INPUT', 'Penanda tangan tidak ditemukan', { field: 'signerPositionId' });
    if (!requested.authority.sign) {
      throw new DomainError('RULE_VIOLATION', `${requested.title} tidak berwenang menandatangani naskah dinas`, {
        pasal: basis(requested),
        field: 'signerPositionId',
      });
    }
    // He signs "sesuai dengan kewenangannya": the table by kind (defaults from Tata Naskah Dinas) does not list him.
    if (!allowed.has(requested.id)) {
      throw new DomainError('RULE_VIOLATION', `${requested.title} tidak berwenang menandatangani ${kind.name} menurut tabel kewenangan organisasi`, {
        pasal: `${basis(requested)}; ${TND_SIGNING_AUTHORITY}`,
        field: 'signerPositionId',
      });
    }
    signerIndex = line.findIndex((p) => p.id === requested.id);
    if (signerIndex < 0) {
      throw new DomainError('RULE_VIOLATION', `${requested.title} tidak berada pada garis atasan penyusun naskah`, {
        pasal: TND_PARAF_HIERARKI,
        field: 'signerPositionId',
      });
    }
  } else {
    // By default the highest official on the line who may sign this kind.
    signerIndex = -1;
    line.forEach((p, i) => {
      if (allowed.has(p.id) && p.authority.sign) signerIndex = i;
    });
    if (signerIndex < 0) {
      // The basis of the rows the table has for this kind (none: the Tata Naskah Dinas defaults name nobody here).
      const rows = input.allowedSignerIds.filter((id) => org.hasPosition(id)).map((id) => basis(org.position(id)));
      throw new DomainError('RULE_VIOLATION', `Tidak ada pejabat pada garis atasan yang berwenang menandatangani ${kind.name}`, {
        pasal: rows.length ? rows.join('; ') : TND_SIGNING_AUTHORITY,
        field: 'kindCode',
      });
    }
  }

  const signer = line[signerIndex];
  const initials = line.slice(1, signerIndex);
  for (const p of initials) {
    if (!p.authority.paraf) {
      throw new DomainError('RULE_VIOLATION', `${p.title} berada pada garis atasan tetapi tidak berwenang memaraf`, {
        pasal: basis(p),
      });
    }
  }
  if (initials.length > MAX_PARAF_STEPS) {
    throw new DomainError('RULE_VIOLATION', `Paraf hierarki paling banyak ${MAX_PARAF_STEPS} sebelum penanda tangan`, {
      pasal: TND_PARAF_HIERARKI,
    });
  }
  const superior = (id: string) => org.superiorOf(id)?.id ?? null;
  const coordinators = coordinatorsOf(input, line, signer);
  const hierarki = (p: PositionNode, action: StepAction) => ({
    positionId: p.id,
    action,
    kind: 'hierarki' as const,
    superiorPositionId: superior(p.id),
    mayReturn: p.authority.return,
    pasal: basis(p),
  });
  // Paraf koordinasi comes once the draft has left the drafter's own unit (its head has initialled),
  // before the hierarchy continues up; the coordinators initial in parallel.
  const split = initials.length > 0 && initials[0].unitId === drafter.unitId ? 1 : 0;
  const sequence: Array<Omit<PlannedStep, 'order' | 'group'> & { parallel?: boolean }> = [
    ...initials.slice(0, split).map((p) => hierarki(p, 'paraf')),
    ...coordinators.map((p) => ({
      positionId: p.id,
      action: 'paraf' as const,
      kind: 'koordinasi' as const,
      superiorPositionId: superior(p.id),
      mayReturn: p.authority.return,
      pasal: PARAF_KOORDINASI_PASAL,
      parallel: true,
    })),
    ...initials.slice(split).map((p) => hierarki(p, 'paraf')),
    hierarki(signer, 'sign'),
  ];
  let group = 0;
  const steps: PlannedStep[] = sequence.map(({ parallel, ...s }, i) => {
    if (!(parallel && i > 0 && sequence[i - 1].parallel)) group = i + 1;
    return { ...s, order: i + 1, group };
  });
  return { steps, signerPositionId: signer.id };
}

/**
 * The heads of other units asked for paraf koordinasi: each a unit head of this organisation who
 * may initial, off the drafter's line of command, named once; a kind that requires coordination
 * gets at least one.
 */
function coordinatorsOf(input: PlanRouteInput, line: PositionNode[], signer: PositionNode): PositionNode[] {
  const ids = input.coordinatorPositionIds ?? [];
  if (ids.length === 0 && input.coordinationRequiredPasal) {
    throw new DomainError('RULE_VIOLATION', `${input.kind.name} wajib diparaf koordinasi oleh pimpinan unit lain yang terkait`, {
      pasal: input.coordinationRequiredPasal,
      field: 'coordinatorPositionIds',
    });
  }
  if (ids.length > MAX_COORDINATORS) {
    throw new DomainError('INVALID_INPUT', `Paraf koordinasi paling banyak ${MAX_COORDINATORS} pejabat`, { field: 'coordinatorPositionIds' });
  }
  const onLine = new Set([...line.map((p) => p.id), signer.id]);
  return ids.map((id, i) => {
    const field = `coordinatorPositionIds[${i}]`;
    if (!input.org.hasPosition(id)) throw new DomainError('INVALID_INPUT', 'Jabatan paraf koordinasi tidak ditemukan', { field });
    if (ids.indexOf(id) !== i) throw new DomainError('INVALID_INPUT', 'Jabatan paraf koordinasi disebut lebih dari sekali', { field });
    const p = input.org.position(id);
    if (!p.isHead || !p.authority.paraf) {
      throw new DomainError('RULE_VIOLATION', `${p.title} bukan pimpinan unit yang berwenang memaraf`, {
        pasal: authorityBasis(input.regulation, p),
        field,
      });
    }
    if (onLine.has(p.id)) {
      throw new DomainError('RULE_VIOLATION', `${p.title} sudah memaraf atau menandatangani dalam garis hierarki naskah ini`, {
        pasal: PARAF_KOORDINASI_PASAL,
        field,
      });
    }
    return p;
  });
}
