import { ChainSnapshot, ChainState, earlierActorsOf, pendingSteps } from './chain';

export type InboxBox = 'action' | 'returned' | 'in_progress' | 'finished' | 'overdue' | 'incoming';

export interface InboxRow {
  /** A position for `action` and `overdue` rows, an official for the others. */
  ownerId: string;
  box: InboxBox;
  stepAction?: 'paraf' | 'sign' | null;
  overdue?: boolean;
}

/**
 * Who sees a document in which box while it is in the chain (DESIGN §4, §5). Each step waiting now
 * is in its position's `action` box, so a Plt./Plh. or a deputy of that position sees it without
 * re-projection; once reminded it is marked overdue, and once escalated it is in the superior
 * position's `overdue` box. The drafter follows the document (in progress, returned, finished),
 * and so does every other official who acted on it in any round: `earlierActors` names those of
 * earlier rounds when the state comes without them (a ChainSnapshot).
 */
export function inboxRowsFor(state: ChainState): InboxRow[];
export function inboxRowsFor(state: ChainSnapshot, earlierActors: readonly string[]): InboxRow[];
export function inboxRowsFor(state: ChainSnapshot & { earlierRounds?: ChainState['earlierRounds'] }, earlierActors?: readonly string[]): InboxRow[] {
  const rows: InboxRow[] = [];
  const actedBy = new Set<string>(earlierActors ?? earlierActorsOf(state.earlierRounds ?? []));
  for (const s of state.steps) if (s.actedBy) actedBy.add(s.actedBy.officialId);
  actedBy.delete(state.drafterOfficialId);
  const finished = state.status === 'signed' || state.status === 'withdrawn';
  // Every step waiting now: one, or each member of a paraf koordinasi group still to act.
  for (const step of pendingSteps(state)) {
    rows.push({ ownerId: step.positionId, box: 'action', stepAction: step.action, overdue: !!step.reminded });
    if (step.escalated && step.superiorPositionId && !rows.some((r) => r.ownerId === step.superiorPositionId && r.box === 'overdue'))
      rows.push({ ownerId: step.superiorPositionId, box: 'overdue', stepAction: step.action, overdue: true });
  }
  rows.push({ ownerId: state.drafterOfficialId, box: state.status === 'returned' ? 'returned' : finished ? 'finished' : 'in_progress' });
  for (const official of actedBy) rows.push({ ownerId: official, box: finished ? 'finished' : 'in_progress' });
  return rows;
}
