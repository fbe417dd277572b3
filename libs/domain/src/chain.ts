import { CONSIDERATION_PASAL_BEFORE_OFFICE_RULES } from './delegation';
import { DomainError } from './errors';
import { PlannedStep, RoutePlan } from './routing';
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

export type StepState = 'waiting' | 'pending' | 'done' | 'returned' | 'cancelled';

export interface ChainStep extends PlannedStep {
  state: StepState;
  startedAt?: number;
  actedAt?: number;
  actedBy?: ActingAs;
  versionHash?: string;
  note?: string;
  reminded?: boolean;
  escalated?: boolean;
}

export type ChainEventType = 'submitted' | 'paraf' | 'returned' | 'resubmitted' | 'signed' | 'withdrawn' | 'reminder' | 'escalation';

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
}

export interface ChainState {
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
  currentStep: number | null;
  seq: number;
  events: ChainEvent[];
}

export type ChainCommand =
  | { type: 'submit'; byOfficialId: string; versionNo: number; versionHash: string }
  | { type: 'resubmit'; byOfficialId: string; versionNo: number; versionHash: string }
  | { type: 'paraf'; actor: ActingAs; versionHash: string }
  | { type: 'return'; actor: ActingAs; versionHash: string; note: string }
  | { type: 'sign'; actor: ActingAs; versionHash: string }
  | { type: 'withdraw'; byOfficialId: string; note?: string };

export type NewChainInput = Pick<
  ChainState,
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
    events: [],
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

function currentStep(state: ChainState): ChainStep {
  return state.steps[state.currentStep!];
}

function requireTurn(state: ChainState, actor: ActingAs, action: 'paraf' | 'sign' | 'return', versionHash: string): ChainStep {
  requireStatus(state, ['in_review']);
  const step = currentStep(state);
  if (step.positionId !== actor.positionId) throw conflict('Bukan giliran Anda: naskah sedang menunggu pejabat lain');
  if (action === 'paraf' && step.action !== 'paraf') throw conflict('Langkah ini menunggu tanda tangan, bukan paraf');
  if (action === 'sign' && step.action !== 'sign') throw conflict('Langkah ini menunggu paraf, bukan tanda tangan');
  if (versionHash !== state.versionHash) {
    throw conflict('Versi naskah sudah berubah; muat ulang dan periksa versi terbaru', 'versionHash');
  }
  return step;
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
    case 'sign':
      requireTurn(state, cmd.actor, cmd.type, cmd.versionHash);
      checkCapacity(state, cmd.actor, cmd.type);
      return;
    case 'return': {
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
      return;
    }
    case 'withdraw':
      requireDrafter(state, cmd.byOfficialId);
      requireStatus(state, ['in_review', 'returned']);
      return;
  }
}

function emit(state: ChainState, e: Omit<ChainEvent, 'seq' | 'round'>): ChainEvent {
  state.seq += 1;
  const event: ChainEvent = { ...e, seq: state.seq, round: state.round };
  state.events.push(event);
  return event;
}

function startRound(state: ChainState, now: number): void {
  state.steps = state.plan.steps.map((s) => ({ ...s, state: 'waiting' as StepState }));
  state.steps[0].state = 'pending';
  state.steps[0].startedAt = now;
  state.currentStep = 0;
  state.status = 'in_review';
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
      const step = currentStep(state);
      Object.assign(step, { state: 'done', actedAt: now, actedBy: cmd.actor, versionHash: cmd.versionHash });
      if (cmd.type === 'sign') {
        state.status = 'signed';
        state.currentStep = null;
      } else {
        const next = state.steps[state.currentStep! + 1];
        next.state = 'pending';
        next.startedAt = now;
        state.currentStep! += 1;
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
      const step = currentStep(state);
      const note = cmd.note.trim();
      Object.assign(step, { state: 'returned', actedAt: now, actedBy: cmd.actor, versionHash: cmd.versionHash, note });
      state.status = 'returned';
      state.currentStep = null;
      state.returnedVersionNo = state.versionNo;
      return emit(state, {
        type: 'returned',
        at: now,
        actor: cmd.actor,
        stepOrder: step.order,
        versionNo: state.versionNo,
        versionHash: cmd.versionHash,
        note,
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
}

/** When the current step next needs attention, or null when nothing is due any more. */
export function nextReminderAt(state: ChainState, policy: ReminderPolicy): number | null {
  if (state.status !== 'in_review' || state.currentStep === null) return null;
  const step = currentStep(state);
  const remindAt = deadlineAfter(step.startedAt!, policy.reminder);
  if (!step.reminded) return remindAt;
  if (!step.escalated && step.superiorPositionId) return deadlineAfter(remindAt, policy.escalation);
  return null;
}

/** Records the reminder or escalation that is due at `now`, if any. */
export function applyDueReminder(state: ChainState, policy: ReminderPolicy, now: number): ChainEvent | null {
  const due = nextReminderAt(state, policy);
  if (due === null || now < due) return null;
  const step = currentStep(state);
  if (!step.reminded) {
    step.reminded = true;
    return emit(state, { type: 'reminder', at: now, stepOrder: step.order, targetPositionId: step.positionId });
  }
  step.escalated = true;
  return emit(state, { type: 'escalation', at: now, stepOrder: step.order, targetPositionId: step.superiorPositionId! });
}
