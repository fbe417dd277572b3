import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActingAs, ChainEvent, ChainSnapshot, ChainState, ChainStep, NewChainInput, ReminderPolicy } from '@naskah/domain';

/**
 * Message and workflow names are history: never rename them, add new ones (STYLE §2).
 * The API calls `executeUpdate` with these very objects; the workflow handles them.
 */
export const DOCUMENT_WORKFLOW_TYPE = 'documentApproval';

/** Workflow ids are business keys. */
export function documentWorkflowId(organizationId: string, documentId: string): string {
  return `document:${organizationId}:${documentId}`;
}

export type DocumentAction = 'submit' | 'resubmit' | 'paraf' | 'sign' | 'return' | 'correct' | 'withdraw' | 'begin-signature';

/**
 * The update id of an action sent with an Idempotency-Key: the key is the caller's, for one
 * action, so the same key sent by another official or for another action is another request
 * (never someone else's answer). The workflow id already names the document.
 */
export function actionUpdateId(officialId: string, action: DocumentAction, idempotencyKey: string): string {
  return `${action}:${officialId}:${idempotencyKey}`;
}

export interface DocumentWorkflowInput {
  chain: NewChainInput;
  reminders: ReminderPolicy;
  /**
   * How long a signature claim may stay open before the workflow settles it from the database
   * (the signer's request died mid-way). Longer than the slowest signing request may take.
   * Absent in chains started before personal signatures.
   */
  signatureClaimTtlMs?: number;
}

export interface DrafterCommand {
  byOfficialId: string;
  versionNo: number;
  versionHash: string;
}

export interface ActCommand {
  actor: ActingAs;
  versionHash: string;
}

/** A personal signature: begun with `beginSignature`, completed by `sign` with the same attempt. */
export interface SignCommand extends ActCommand {
  attemptId?: string;
}

export interface BeginSignatureCommand extends ActCommand {
  attemptId: string;
}

export interface ReturnCommand extends ActCommand {
  note: string;
  /** An earlier official on the route to return to (their step's order); absent: the drafter. */
  toStepOrder?: number;
}

/** The official whose step it is made a new version (`versionNo`, `versionHash`) from `fromVersionHash`. */
export interface CorrectCommand {
  actor: ActingAs;
  fromVersionHash: string;
  versionNo: number;
  versionHash: string;
}

export interface WithdrawCommand {
  byOfficialId: string;
  note?: string;
}

/** An action's answer is the chain without its earlier rounds (ChainSnapshot): its size does not grow with the chain's length. */
export const submitUpdate = defineUpdate<ChainSnapshot, [DrafterCommand]>('submit');
export const resubmitUpdate = defineUpdate<ChainSnapshot, [DrafterCommand]>('resubmit');
export const parafUpdate = defineUpdate<ChainSnapshot, [ActCommand]>('paraf');
export const returnForCorrectionUpdate = defineUpdate<ChainSnapshot, [ReturnCommand]>('returnForCorrection');
export const signUpdate = defineUpdate<ChainSnapshot, [SignCommand]>('sign');
/** Claims the document for a signature being made (validated as a sign); no event, nothing projected. */
export const beginSignatureUpdate = defineUpdate<ChainSnapshot, [BeginSignatureCommand]>('beginSignature');
/** The attempt ended without a signature (wrong passphrase, provider down): the step waits again. */
export const endSignatureUpdate = defineUpdate<ChainSnapshot, [{ attemptId: string }]>('endSignature');
export const correctUpdate = defineUpdate<ChainSnapshot, [CorrectCommand]>('correct');
export const withdrawUpdate = defineUpdate<ChainSnapshot, [WithdrawCommand]>('withdraw');

/** The organisation's holidays ('YYYY-MM-DD', WIB) as the administrator edited them; days before today are ignored. */
export interface SetHolidaysCommand {
  holidays: string[];
}

/**
 * A holiday list edited after submission: replaces the running chain's holidays from today on and
 * recomputes its next reminder. No event, nothing projected. Answers the list now in force.
 */
export const setHolidaysUpdate = defineUpdate<string[], [SetHolidaysCommand]>('setHolidays');
export const stateQuery = defineQuery<ChainState>('state');

export interface ProjectionInput {
  /**
   * The chain as it stands (its seq may be ahead of the event's), without its earlier rounds.
   * Inputs recorded before issue 17 carry the whole ChainState (every earlier round, and the events).
   */
  state: ChainSnapshot | ChainState;
  event: ChainEvent;
  /** The rounds closed since the previous projection's input, by their round number (the rest are written already). */
  closedRounds?: Array<{ round: number; steps: ChainStep[] }>;
  /** The officials who acted in earlier rounds (the inbox keeps the document in their boxes). */
  earlierActors?: string[];
}

/** Activities the document workflow calls; implemented by apps/worker. */
export interface DocumentActivities {
  /** Writes the MySQL projection for one chain event, idempotently (keyed by document and seq). */
  projectChainEvent(input: ProjectionInput): Promise<void>;
  /** After the signature: number, PDF with PAdES signature and QR, archive, delivery. Idempotent. */
  finalizeSignedLetter(input: { documentId: string; personal?: boolean }): Promise<{ number: string }>;
  /**
   * A signature claim that outlived its time-to-live: under the document's row lock, 'signed' if
   * the attempt recorded its signed letter, else the attempt is closed as abandoned (a request
   * still running then finds it closed and signs nothing).
   */
  settleSignature(input: { documentId: string; attemptId: string }): Promise<{ signed: boolean }>;
}
