import { ChainStatus } from './chain';
import { DomainError } from './errors';

/** Security classification of a naskah dinas (DESIGN §4): Biasa, Terbatas, Rahasia, Sangat Rahasia. */
export type Classification = 'biasa' | 'terbatas' | 'rahasia' | 'sangat_rahasia';

/** Classifications that limit readers to those the letter is for, by office (Permendagri 1/2023). */
export const SECRET_CLASSIFICATIONS: readonly Classification[] = ['rahasia', 'sangat_rahasia'];

export const isSecret = (c: Classification): boolean => SECRET_CLASSIFICATIONS.includes(c);

/**
 * Does a unit's incoming item show to one of its officials? The letter is delivered to the unit,
 * but a Rahasia or Sangat Rahasia one is for its head only: staff neither see nor find it.
 */
export const incomingVisible = (classification: Classification, headsUnit: boolean): boolean => headsUnit || !isSecret(classification);

/** A position the reader holds today (definitive, Plt. or Plh.). */
export interface HeldPosition {
  positionId: string;
  unitId: string;
  isHead: boolean;
}

/** Plain facts about one reader and one document; the caller loads them, the rule decides. */
export interface ReadingFacts {
  sameOrganization: boolean;
  isDrafter: boolean;
  isAdmin: boolean;
  held: readonly HeldPosition[];
  /** Principal positions of the appointments in force in which the reader is the deputy. */
  deputisedPositionIds: readonly string[];
  /** The reader acted on a step of the document himself (own or a.n.), in any round. */
  actedOnIt: boolean;
  status: ChainStatus | 'submitting';
  classification: Classification;
  /** Positions on the route, every round; for a draft not yet submitted, the route it would take. */
  routePositionIds: readonly string[];
  /** The position the current step waits at (meaningful while in review). */
  currentPositionId: string | null;
  /** Every position a step waits at now (a paraf koordinasi group waits at several). */
  waitingPositionIds?: readonly string[];
  /** Superior positions told that the current step is late (DESIGN §4, reminders). */
  escalatedToPositionIds: readonly string[];
  /** Recipient and tembusan units inside the organisation. */
  recipientUnitIds: readonly string[];
}

export type ReadingGround = 'drafter' | 'route' | 'acted' | 'deputy' | 'escalation' | 'recipient' | 'admin';

/**
 * Why this reader may read this document, or null. The drafter; whoever holds a position on its
 * route; whoever acted on it; a deputy only while the step waits at the principal's position, since
 * he sees the principal's pending steps and nothing else (DESIGN §5, Cilegon Pasal 29); the superior
 * told that the waiting step is late; once signed, the officials of the recipient and tembusan
 * units; the organisation's administrators. Rahasia and Sangat Rahasia limit recipients to the heads
 * of those units and exclude administrators.
 */
export function readingGround(f: ReadingFacts): ReadingGround | null {
  if (!f.sameOrganization) return null;
  if (f.isDrafter) return 'drafter';
  const held = new Set(f.held.map((h) => h.positionId));
  if (f.routePositionIds.some((p) => held.has(p))) return 'route';
  if (f.actedOnIt) return 'acted';
  const waiting = f.status === 'in_review';
  const waitingAt = [...(f.waitingPositionIds ?? []), ...(f.currentPositionId === null ? [] : [f.currentPositionId])];
  if (waiting && waitingAt.some((p) => f.deputisedPositionIds.includes(p))) return 'deputy';
  if (waiting && f.escalatedToPositionIds.some((p) => held.has(p))) return 'escalation';
  const recipient = f.held.some((h) => f.recipientUnitIds.includes(h.unitId) && incomingVisible(f.classification, h.isHead));
  if (f.status === 'signed' && recipient) return 'recipient';
  if (f.isAdmin && !isSecret(f.classification)) return 'admin';
  return null;
}

/** readingGround, refused as FORBIDDEN; another organisation learns nothing of the document. */
export function requireReading(f: ReadingFacts): ReadingGround {
  const ground = readingGround(f);
  if (ground) return ground;
  throw new DomainError(
    'FORBIDDEN',
    f.sameOrganization && isSecret(f.classification)
      ? 'Naskah ini berklasifikasi rahasia dan tidak dapat Anda buka'
      : 'Anda tidak berhak membuka naskah ini',
  );
}
