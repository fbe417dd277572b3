import { CONSIDERATION_PASAL_BEFORE_OFFICE_RULES } from './delegation';
import { DomainError } from './errors';
import { groupOf, PlannedStep, RoutePlan } from './routing';
import { Deadline, deadlineAfter } from './working-days';

/**
 * The paraf -> sign chain of one document as a pure state machine (DESIGN §4). The workflow's
 * update validators call `validateCommand` and its handlers `applyCommand`: one rule, one place.
 */
export type ChainStatus = 'draft' | 'in_review' | 'returned' | 'signed' | 'withdrawn';

/** own; a.n. (mandate); u.b.; Plt.; Plh. (DESIGN §5, Tata Naskah Dinas). */
export type Capacity = 'own' | 'an' | 'ub' | 'plt' | 'plh';

/** How an official holds a post: definitively, or as Plt. (post vacant) or Plh. (holder absent). */
export type AssignmentKind = 'definitif' | 'plt' | 'plh';

/** The capacity in which the holder of a post acts on its steps (Tata Naskah Dinas: Plt., Plh. markers; DESIGN §5). */
export function capacityOfAssignment(kind: AssignmentKind): Capacity {
  return kind === 'definitif' ? 'own' : kind;
}

export interface ActingAs {
  officialId: string;
  /** The position whose step is acted on. */
  positionId: string;
  capacity: Capacity;
  /** For a deputy (a.n., Plh. by appointment) and u.b.: the official acted for (responsibility stays with the principal). */
  principalOfficialId?: string | null;
  /** The deputy's weighing of priority, urgency and ethics, where the office's rules ask for it (Cilegon Pasal 29 ayat (3)). */
  consideration?: string | null;
}

/**
 * `superseded`: a paraf given on a version a superior then corrected; it binds other content and
 * no longer counts (DESIGN §3, "mengoreksi").
 */
export type StepState = 'waiting' | 'pending' | 'done' | 'returned' | 'cancelled' | 'superseded';

export interface ChainStep extends PlannedStep {
  state: StepState;
  startedAt?: number;
  actedAt?: number;
  actedBy?: ActingAs;
  versionHash?: string;
  note?: string;
  reminded?: boolean;
  escalated?: boolean;
  /** The official acted by correcting the draft: `versionHash` is the version they made. */
  corrected?: boolean;
}

export type ChainEventType = 'submitted' | 'paraf' | 'returned' | 'resubmitted' | 'corrected' | 'signed' | 'withdrawn' | 'reminder' | 'escalation';

export interface ChainEvent {
  seq: number;
  type: ChainEventType;
  at: number;
  round: number;
  actor?: ActingAs;
  /** The drafter, for submit, resubmit and withdraw. */
  byOfficialId?: string;
  stepOrder?: number;
  versionNo?: number;
  versionHash?: string;
  note?: string;
  /** Reminder and escalation: whose inbox is told. */
  targetPositionId?: string;
  /** A return to an earlier official on the route instead of the drafter: that official's step. */
  toStepOrder?: number;
}

/**
 * A personal signature being made (DESIGN §6): the signer's request numbers, renders and signs the
 * letter with the official's certificate and passphrase outside the workflow, and while it does,
 * nothing else may happen to the document. The claim ends with the signature (a `sign` carrying
 * its attemptId), with the request giving up, or, if the request's process died, when the
 * workflow settles it after its time-to-live from what the database recorded.
 */
export interface SignatureClaim {
  attemptId: string;
  actor: ActingAs;
  versionHash: string;
  since: number;
}

export interface ChainState {
  /**
   * 'personal': each signature is the official's own TTE, made under a claim (beginSignature);
   * a `sign` without the claim's attemptId is refused. Absent in chains started before personal
   * signatures: those may still be signed as they were (the organisation's seal afterwards).
   */
  signature?: 'personal';
  /** The signature being made now, if any. */
  signing?: SignatureClaim | null;
  /** A strategic kind (organisation, staffing, budget) may not be signed by a Plt./Plh. */
  kindStrategic?: boolean;
  /**
   * The office's rule that a deputy writes a consideration before acting for the principal, by
   * its citation (Cilegon Pasal 29 ayat (3)); null where the office's rules require none.
   * Absent in chains started before delegation rules were per office: Cilegon's rule then, as
   * those chains were validated.
   */
  deputyConsiderationPasal?: string | null;
  documentId: string;
  organizationId: string;
  drafterOfficialId: string;
  drafterPositionId: string;
  plan: RoutePlan;
  status: ChainStatus;
  round: number;
  versionNo: number;
  versionHash: string;
  /** The version that was returned, so a resubmission must bring a newer one. */
  returnedVersionNo: number | null;
  steps: ChainStep[];
  /** Steps of earlier rounds: they stay in the history but no longer count (DESIGN §4). */
  earlierRounds: ChainStep[][];
  /** The first step waiting now (steps of a paraf koordinasi group wait together). */
  currentStep: number | null;
  /** The seq of the last event recorded (the events themselves are the audit trail's, not the state's). */
  seq: number;
}

/**
 * The chain as an action's answer and a projection's input carry it: without the steps of earlier
 * rounds, so its size does not grow with the number of actions (issue 17).
 */
export type ChainSnapshot = Omit<ChainState, 'earlierRounds'>;

/** The state without its earlier rounds (a copy: later changes to the state do not reach it). */
export function chainSnapshot(state: ChainState): ChainSnapshot {
  const { earlierRounds: _earlierRounds, ...rest } = state;
  return JSON.parse(JSON.stringify(rest));
}

/** The officials who acted in earlier rounds, once each, in the order they first acted. */
export function earlierActorsOf(earlierRounds: readonly ChainStep[][]): string[] {
  return [...new Set(earlierRounds.flatMap((round) => round.flatMap((s) => (s.actedBy ? [s.actedBy.officialId] : []))))];
}

export type ChainCommand =
  | { type: 'submit'; byOfficialId: string; versionNo: number; versionHash: string }
  | { type: 'resubmit'; byOfficialId: string; versionNo: number; versionHash: string }
  | { type: 'paraf'; actor: ActingAs; versionHash: string }
  | { type: 'return'; actor: ActingAs; versionHash: string; note: string; toStepOrder?: number }
  | { type: 'correct'; actor: ActingAs; fromVersionHash: string; versionNo: number; versionHash: string }
  | { type: 'sign'; actor: ActingAs; versionHash: string; attemptId?: string }
  | { type: 'withdraw'; byOfficialId: string; note?: string };

export type NewChainInput = Pick<
  ChainState,
  | 'signature'
  | 'kindStrategic'
  | 'deputyConsiderationPasal'
  | 'documentId'
  | 'organizationId'
  | 'drafterOfficialId'
  | 'drafterPositionId'
  | 'plan'
  | 'versionNo'
  | 'versionHash'
>;

/** Cilegon Pasal 13 and Pasal 16: corrections are made "berupa catatan tertulis". */
export const RETURN_NOTE_PASAL = 'Perwako Cilegon 18/2022 Pasal 13 dan Pasal 16 (koreksi berupa catatan tertulis)';
export const MIN_NOTE_LENGTH = 5;
export const PLT_PLH_STRATEGIC_PASAL = 'UU 30/2014 Pasal 14 ayat (7)';

/** Capacity rules that hold whatever the step (DESIGN §5). */
function checkCapacity(state: ChainState, actor: ActingAs, action: 'paraf' | 'sign' | 'return'): void {
  if ((actor.capacity === 'an' || actor.capacity === 'ub') && !actor.principalOfficialId) {
    throw new DomainError('FORBIDDEN', 'Tindakan atas nama harus menyebut pejabat yang diwakili');
  }
  // A deputy (any marker) acting for a principal: the office's consideration rule, if it has one.
  const considerationPasal = state.deputyConsiderationPasal === undefined ? CONSIDERATION_PASAL_BEFORE_OFFICE_RULES : state.deputyConsiderationPasal;
  if (actor.principalOfficialId && considerationPasal && (actor.consideration ?? '').trim().length < MIN_NOTE_LENGTH) {
    throw new DomainError('RULE_VIOLATION', 'Sebelum bertindak mewakili, tuliskan pertimbangan skala prioritas, urgensi dan etika birokrasi', {
      pasal: considerationPasal,
      field: 'consideration',
    });
  }
  if (action === 'sign' && (actor.capacity === 'plt' || actor.capacity === 'plh') && state.kindStrategic) {
    throw new DomainError(
      'RULE_VIOLATION',
      'Pelaksana tugas (Plt.) atau pelaksana harian (Plh.) tidak berwenang menandatangani keputusan strategis (organisasi, kepegawaian, anggaran)',
      {
        pasal: PLT_PLH_STRATEGIC_PASAL,
      },
    );
  }
}

export function newChain(input: NewChainInput): ChainState {
  return {
    ...input,
    status: 'draft',
    round: 0,
    returnedVersionNo: null,
    steps: [],
    earlierRounds: [],
    currentStep: null,
    seq: 0,
  };
}

const conflict = (message: string, field?: string) => new DomainError('CONFLICT', message, field ? { field } : {});

const STATUS_TEXT: Record<ChainStatus, string> = {
  draft: 'masih berupa konsep',
  in_review: 'sedang dalam proses persetujuan',
  returned: 'sedang dikembalikan kepada penyusun untuk diperbaiki',
  signed: 'sudah ditandatangani',
  withdrawn: 'sudah ditarik oleh penyusun',
};

function requireDrafter(state: ChainState, officialId: string): void {
  if (officialId !== state.drafterOfficialId) {
    throw new DomainError('FORBIDDEN', 'Hanya penyusun naskah yang dapat melakukan tindakan ini');
  }
}

function requireStatus(state: ChainState, allowed: ChainStatus[]): void {
  if (!allowed.includes(state.status)) throw conflict(`Naskah ${STATUS_TEXT[state.status]}`);
}

/** The steps waiting now: one, or the members of a paraf koordinasi group still to act. */
export function pendingSteps(state: ChainSnapshot): ChainStep[] {
  return state.status === 'in_review' ? state.steps.filter((s) => s.state === 'pending') : [];
}

type TurnAction = 'paraf' | 'sign' | 'return' | 'correct';

/** While a signature is being made, the document waits for it (SignatureClaim). */
function requireNoSignatureInProgress(state: ChainState): void {
  if (state.signing) throw conflict('Naskah sedang ditandatangani; tunggu hingga penandatanganan selesai');
}

function requireTurn(state: ChainState, actor: ActingAs, action: TurnAction, versionHash: string): ChainStep {
  requireStatus(state, ['in_review']);
  const step = state.steps.find((s) => s.state === 'pending' && s.positionId === actor.positionId);
  if (!step) throw conflict('Bukan giliran Anda: naskah sedang menunggu pejabat lain');
  if (action === 'paraf' && step.action !== 'paraf') throw conflict('Langkah ini menunggu tanda tangan, bukan paraf');
  if (action === 'sign' && step.action !== 'sign') throw conflict('Langkah ini menunggu paraf, bukan tanda tangan');
  if (versionHash !== state.versionHash) {
    throw conflict('Versi naskah sudah berubah; muat ulang dan periksa versi terbaru', 'versionHash');
  }
  return step;
}

/** The earlier official a draft may be returned to: one who initialled before the returning step, in this round. */
function returnTarget(state: ChainState, from: ChainStep, toStepOrder: number): ChainStep {
  const target = state.steps.find((s) => s.order === toStepOrder);
  if (!target || target.state !== 'done' || target.action !== 'paraf' || groupOf(target) >= groupOf(from)) {
    throw new DomainError('INVALID_INPUT', 'Naskah hanya dapat dikembalikan kepada pejabat yang sudah memaraf sebelum Anda pada putaran ini', {
      field: 'toStepOrder',
    });
  }
  return target;
}

/** Throws the DomainError that refuses the command, or returns when it is legal now. */
export function validateCommand(state: ChainState, cmd: ChainCommand): void {
  switch (cmd.type) {
    case 'submit':
      requireDrafter(state, cmd.byOfficialId);
      requireStatus(state, ['draft']);
      return;
    case 'resubmit':
      requireDrafter(state, cmd.byOfficialId);
      requireStatus(state, ['returned']);
      if (cmd.versionNo <= (state.returnedVersionNo ?? 0)) {
        throw conflict('Simpan perbaikan naskah (versi baru) sebelum mengajukan kembali', 'versionNo');
      }
      return;
    case 'paraf':
      requireNoSignatureInProgress(state);
      requireTurn(state, cmd.actor, cmd.type, cmd.versionHash);
      checkCapacity(state, cmd.actor, cmd.type);
      return;
    case 'sign':
      requireTurn(state, cmd.actor, cmd.type, cmd.versionHash);
      checkCapacity(state, cmd.actor, cmd.type);
      requireClaim(state, cmd.actor, cmd.versionHash, cmd.attemptId);
      return;
    case 'return': {
      requireNoSignatureInProgress(state);
      const step = requireTurn(state, cmd.actor, 'return', cmd.versionHash);
      checkCapacity(state, cmd.actor, 'return');
      if (!step.mayReturn) {
        throw new DomainError('RULE_VIOLATION', 'Jabatan ini tidak berwenang mengembalikan naskah', { pasal: step.pasal });
      }
      if ((cmd.note ?? '').trim().length < MIN_NOTE_LENGTH) {
        throw new DomainError('RULE_VIOLATION', 'Pengembalian naskah wajib disertai catatan tertulis', {
          pasal: RETURN_NOTE_PASAL,
          field: 'note',
        });
      }
      if (cmd.toStepOrder !== undefined) returnTarget(state, step, cmd.toStepOrder);
      return;
    }
    case 'correct': {
      requireNoSignatureInProgress(state);
      const step = requireTurn(state, cmd.actor, 'correct', cmd.fromVersionHash);
      checkCapacity(state, cmd.actor, 'return');
      if (!step.mayReturn) {
        throw new DomainError('RULE_VIOLATION', 'Jabatan ini tidak berwenang mengoreksi naskah', { pasal: step.pasal });
      }
      if (cmd.versionNo <= state.versionNo) throw conflict('Koreksi harus menjadi versi baru naskah', 'versionNo');
      if (cmd.versionHash === state.versionHash) {
        throw new DomainError('INVALID_INPUT', 'Koreksi tidak mengubah isi naskah', { field: 'body' });
      }
      return;
    }
    case 'withdraw':
      requireDrafter(state, cmd.byOfficialId);
      requireStatus(state, ['in_review', 'returned']);
      requireNoSignatureInProgress(state);
      return;
  }
}

/** A sign completes the claim it was made under; personal chains are signed under a claim only. */
function requireClaim(state: ChainState, actor: ActingAs, versionHash: string, attemptId: string | undefined): void {
  const claim = state.signing;
  if (claim) {
    if (claim.attemptId !== attemptId || claim.actor.officialId !== actor.officialId || claim.versionHash !== versionHash) {
      throw conflict('Naskah sedang ditandatangani; tunggu hingga penandatanganan selesai');
    }
    return;
  }
  if (attemptId !== undefined || state.signature === 'personal') {
    throw conflict('Penandatanganan tidak sedang berlangsung: tanda tangani naskah dengan passphrase Anda', 'attemptId');
  }
}

/** Throws the DomainError that refuses to begin a signature, or returns when the actor may sign now. */
export function validateBeginSignature(state: ChainState, cmd: { actor: ActingAs; versionHash: string; attemptId: string }): void {
  requireNoSignatureInProgress(state);
  requireTurn(state, cmd.actor, 'sign', cmd.versionHash);
  checkCapacity(state, cmd.actor, 'sign');
}

/** The signer's request starts making the signature: the document waits for it (no event; the attempt is recorded by the request). */
export function beginSignature(state: ChainState, cmd: { actor: ActingAs; versionHash: string; attemptId: string }, now: number): SignatureClaim {
  validateBeginSignature(state, cmd);
  state.signing = { attemptId: cmd.attemptId, actor: cmd.actor, versionHash: cmd.versionHash, since: now };
  return state.signing;
}

/** The attempt ended without a signature: the step waits again. Ending an attempt that is not the current one changes nothing. */
export function endSignature(state: ChainState, attemptId: string): boolean {
  if (state.signing?.attemptId !== attemptId) return false;
  state.signing = null;
  return true;
}

/** When the claim is settled by the workflow if its request has not ended it. */
export function signatureClaimDeadline(state: ChainState, ttlMs: number): number | null {
  return state.signing ? state.signing.since + ttlMs : null;
}

function emit(state: ChainState, e: Omit<ChainEvent, 'seq' | 'round'>): ChainEvent {
  state.seq += 1;
  return { ...e, seq: state.seq, round: state.round };
}

/** A step as planned, without what happened to it. */
function planned(s: ChainStep): ChainStep {
  const { order, positionId, action, kind, group, superiorPositionId, mayReturn, pasal } = s;
  return {
    order,
    positionId,
    action,
    ...(kind === undefined ? {} : { kind }),
    ...(group === undefined ? {} : { group }),
    superiorPositionId,
    mayReturn,
    pasal,
    state: 'waiting',
  };
}

/** Points `currentStep` at the first step waiting now; when none waits, the next group starts. */
function activateNext(state: ChainState, now: number): void {
  if (!state.steps.some((s) => s.state === 'pending')) {
    const next = state.steps.find((s) => s.state === 'waiting');
    if (next) {
      for (const s of state.steps) {
        if (s.state === 'waiting' && groupOf(s) === groupOf(next)) Object.assign(s, { state: 'pending', startedAt: now });
      }
    }
  }
  const first = state.steps.findIndex((s) => s.state === 'pending');
  state.currentStep = first < 0 ? null : first;
}

function startRound(state: ChainState, now: number): void {
  state.steps = state.plan.steps.map((s) => ({ ...s, state: 'waiting' as StepState }));
  state.status = 'in_review';
  activateNext(state, now);
}

/** Ends the current round: what waited is cancelled, and the round stays in the history. */
function closeRound(state: ChainState): ChainStep[] {
  const previous = state.steps;
  for (const s of previous) if (s.state === 'pending') s.state = 'cancelled';
  state.earlierRounds.push(previous);
  state.round += 1;
  return previous;
}

/** Validates, then changes the state in place and returns the event it records. */
export function applyCommand(state: ChainState, cmd: ChainCommand, now: number): ChainEvent {
  validateCommand(state, cmd);
  switch (cmd.type) {
    case 'submit':
      state.round = 1;
      state.versionNo = cmd.versionNo;
      state.versionHash = cmd.versionHash;
      startRound(state, now);
      return emit(state, { type: 'submitted', at: now, byOfficialId: cmd.byOfficialId, versionNo: cmd.versionNo, versionHash: cmd.versionHash });
    case 'resubmit':
      state.earlierRounds.push(state.steps);
      state.round += 1;
      state.versionNo = cmd.versionNo;
      state.versionHash = cmd.versionHash;
      state.returnedVersionNo = null;
      startRound(state, now);
      return emit(state, { type: 'resubmitted', at: now, byOfficialId: cmd.byOfficialId, versionNo: cmd.versionNo, versionHash: cmd.versionHash });
    case 'paraf':
    case 'sign': {
      const step = state.steps.find((s) => s.state === 'pending' && s.positionId === cmd.actor.positionId)!;
      Object.assign(step, { state: 'done', actedAt: now, actedBy: cmd.actor, versionHash: cmd.versionHash });
      if (cmd.type === 'sign') {
        state.status = 'signed';
        state.currentStep = null;
        if (state.signing) state.signing = null;
      } else {
        activateNext(state, now);
      }
      return emit(state, {
        type: cmd.type === 'sign' ? 'signed' : 'paraf',
        at: now,
        actor: cmd.actor,
        stepOrder: step.order,
        versionNo: state.versionNo,
        versionHash: cmd.versionHash,
      });
    }
    case 'return': {
      const step = state.steps.find((s) => s.state === 'pending' && s.positionId === cmd.actor.positionId)!;
      const note = cmd.note.trim();
      Object.assign(step, { state: 'returned', actedAt: now, actedBy: cmd.actor, versionHash: cmd.versionHash, note });
      const event = {
        type: 'returned' as const,
        at: now,
        actor: cmd.actor,
        stepOrder: step.order,
        versionNo: state.versionNo,
        versionHash: cmd.versionHash,
        note,
      };
      if (cmd.toStepOrder !== undefined) {
        // Back to an earlier official on the route: the paraf before that official still bind this
        // very version and carry over; from that official on, the chain runs again.
        const target = returnTarget(state, step, cmd.toStepOrder);
        const previous = closeRound(state);
        state.steps = previous.map((s) =>
          groupOf(s) < groupOf(target) || (groupOf(s) === groupOf(target) && s.order !== target.order && s.state === 'done') ? { ...s } : planned(s),
        );
        state.steps.find((s) => s.order === target.order)!.state = 'pending';
        state.steps.find((s) => s.order === target.order)!.startedAt = now;
        activateNext(state, now);
        return emit(state, { ...event, toStepOrder: target.order });
      }
      for (const s of state.steps) if (s.state === 'pending') s.state = 'cancelled';
      state.status = 'returned';
      state.currentStep = null;
      state.returnedVersionNo = state.versionNo;
      return emit(state, event);
    }
    case 'correct': {
      // The official corrects the draft (a new version under their name): the paraf below them
      // bound other content and become history; the chain goes on from their own paraf (a signer
      // still signs the corrected version); coordinators of their group initial it again, and a
      // coordinator's correction goes back to the first official on the route.
      const at = state.steps.find((s) => s.state === 'pending' && s.positionId === cmd.actor.positionId)!;
      const previous = closeRound(state);
      state.versionNo = cmd.versionNo;
      state.versionHash = cmd.versionHash;
      // A coordinator is no superior of the officials before him: they initial the corrected text
      // again; nor is a superior of the coordinators of another unit, who initial it again too. The
      // rest of the route waits; the first group still to act starts.
      const again = (s: ChainStep) => at.kind === 'koordinasi' || s.kind === 'koordinasi';
      state.steps = previous.map((s) => {
        const fresh = planned(s);
        if (groupOf(s) < groupOf(at)) fresh.state = again(s) ? 'waiting' : 'superseded';
        else if (s.order === at.order && s.action === 'paraf') {
          Object.assign(fresh, { state: 'done', actedAt: now, actedBy: cmd.actor, versionHash: cmd.versionHash, corrected: true });
        }
        return fresh;
      });
      activateNext(state, now);
      return emit(state, {
        type: 'corrected',
        at: now,
        actor: cmd.actor,
        stepOrder: at.order,
        versionNo: cmd.versionNo,
        versionHash: cmd.versionHash,
      });
    }
    case 'withdraw':
      for (const s of state.steps) if (s.state === 'pending' || s.state === 'waiting') s.state = 'cancelled';
      state.status = 'withdrawn';
      state.currentStep = null;
      return emit(state, { type: 'withdrawn', at: now, byOfficialId: cmd.byOfficialId, note: cmd.note });
  }
}

export interface ReminderPolicy {
  /** How long a step may wait before its holder is reminded. */
  reminder: Deadline;
  /** How long after the reminder the holder's superior is told. */
  escalation: Deadline;
  /**
   * The office's holidays ('YYYY-MM-DD', WIB, sorted), skipped by working-day deadlines like
   * weekends. Absent in chains started before holidays were kept: weekends only.
   */
  holidays?: string[];
}

function dueOf(step: ChainStep, policy: ReminderPolicy, holidays: ReadonlySet<string> | undefined): number | null {
  const remindAt = deadlineAfter(step.startedAt!, policy.reminder, holidays);
  if (!step.reminded) return remindAt;
  if (!step.escalated && step.superiorPositionId) return deadlineAfter(remindAt, policy.escalation, holidays);
  return null;
}

/** The waiting step that next needs attention, first by time, then by order. */
function nextDue(state: ChainState, policy: ReminderPolicy): { step: ChainStep; at: number } | null {
  let best: { step: ChainStep; at: number } | null = null;
  const holidays = policy.holidays?.length ? new Set(policy.holidays) : undefined;
  for (const step of pendingSteps(state)) {
    const at = dueOf(step, policy, holidays);
    if (at !== null && (best === null || at < best.at)) best = { step, at };
  }
  return best;
}

/** When a waiting step next needs attention, or null when nothing is due any more. */
export function nextReminderAt(state: ChainState, policy: ReminderPolicy): number | null {
  return nextDue(state, policy)?.at ?? null;
}

/** Records the reminder or escalation that is due at `now`, if any. */
export function applyDueReminder(state: ChainState, policy: ReminderPolicy, now: number): ChainEvent | null {
  const due = nextDue(state, policy);
  if (due === null || now < due.at) return null;
  const { step } = due;
  if (!step.reminded) {
    step.reminded = true;
    return emit(state, { type: 'reminder', at: now, stepOrder: step.order, targetPositionId: step.positionId });
  }
  step.escalated = true;
  return emit(state, { type: 'escalation', at: now, stepOrder: step.order, targetPositionId: step.superiorPositionId! });
}
