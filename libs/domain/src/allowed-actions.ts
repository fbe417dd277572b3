import type { ChainStatus } from './chain';

export type DocumentStatusView = ChainStatus | 'submitting';
export type AllowedAction = 'edit' | 'submit' | 'resubmit' | 'withdraw' | 'paraf' | 'sign' | 'return' | 'correct';

export interface ActionFacts {
  status: DocumentStatusView;
  round: number;
  isDrafter: boolean;
  /** The action of the step waiting now for the caller (one of a paraf koordinasi group), if any. */
  currentStepAction: 'paraf' | 'sign' | null;
  /** The caller holds that step's position, or deputises for it now (the office's Hal Mewakili rule). */
  mayActOnCurrentStep: boolean;
  /** That step's position may return and correct the draft ("mengoreksi", DESIGN §3). */
  stepMayReturn?: boolean;
  /** A deputy corrects only where his own post may too (the correction is his version); default: as stepMayReturn. */
  mayCorrect?: boolean;
}

/**
 * What the caller may do now (DESIGN §4): the drafter edits, submits and withdraws while the draft
 * is theirs, withdraws until it is signed, and repeats a submission that has not reached the chain;
 * whoever holds or deputises for the waiting step gives paraf or signs, and, where the post may
 * correct, returns it or corrects it (a new version under their name).
 */
export function allowedActions(f: ActionFacts): AllowedAction[] {
  const out: AllowedAction[] = [];
  if (f.isDrafter) {
    if (f.status === 'draft') out.push('edit', 'submit', 'withdraw');
    if (f.status === 'returned') out.push('edit', 'resubmit', 'withdraw');
    if (f.status === 'in_review') out.push('withdraw');
    if (f.status === 'submitting') out.push(f.round === 0 ? 'submit' : 'resubmit');
  }
  if (f.status === 'in_review' && f.currentStepAction && f.mayActOnCurrentStep) {
    out.push(f.currentStepAction);
    if (f.stepMayReturn !== false) {
      out.push('return');
      if (f.mayCorrect !== false) out.push('correct');
    }
  }
  return out;
}
