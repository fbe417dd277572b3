import { DomainError } from './errors';
import { OrgIndex, PositionNode } from './org-chart';
import { authorityBasis, TND_PARAF_HIERARKI, TND_SIGNING_AUTHORITY } from './sources';

export type StepAction = 'paraf' | 'sign';

export interface PlannedStep {
  order: number;
  positionId: string;
  action: StepAction;
  /** Whom a late step escalates to: the holder's own superior (DESIGN §4, reminders). */
  superiorPositionId: string | null;
  /** Whether the step's position may return the draft for correction (DESIGN §3). */
  mayReturn: boolean;
  /** Where this position's authority for the action comes from: regulation and Pasal, ayat, huruf. */
  pasal: string;
}

/** A list of steps, so that parallel paraf koordinasi can be added later without a rewrite. */
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
}

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
  const steps: PlannedStep[] = [
    ...initials.map((p, i) => ({
      order: i + 1,
      positionId: p.id,
      action: 'paraf' as const,
      superiorPositionId: superior(p.id),
      mayReturn: p.authority.return,
      pasal: basis(p),
    })),
    {
      order: initials.length + 1,
      positionId: signer.id,
      action: 'sign' as const,
      superiorPositionId: superior(signer.id),
      mayReturn: signer.authority.return,
      pasal: basis(signer),
    },
  ];
  return { steps, signerPositionId: signer.id };
}
