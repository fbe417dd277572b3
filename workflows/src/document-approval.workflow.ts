import type { UpdateDefinition } from '@temporalio/common';
import { ApplicationFailure, allHandlersFinished, condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import {
  ActCommand,
  beginSignatureUpdate,
  CorrectCommand,
  correctUpdate,
  DocumentActivities,
  DocumentWorkflowInput,
  DrafterCommand,
  endSignatureUpdate,
  isUnauthenticatedPayload,
  parafUpdate,
  resubmitUpdate,
  ReturnCommand,
  returnForCorrectionUpdate,
  SetHolidaysCommand,
  setHolidaysUpdate,
  SignCommand,
  signUpdate,
  stateQuery,
  submitUpdate,
  UNAUTHENTICATED_PAYLOAD_FAILURE,
  withdrawUpdate,
  WithdrawCommand,
} from '@naskah/contracts';
import {
  applyCommand,
  applyDueReminder,
  beginSignature,
  ChainCommand,
  ChainEvent,
  ChainSnapshot,
  chainSnapshot,
  ChainState,
  DomainError,
  earlierActorsOf,
  endSignature,
  newChain,
  nextReminderAt,
  ReminderPolicy,
  replaceFutureHolidays,
  signatureClaimDeadline,
  validateBeginSignature,
  validateCommand,
  validateHolidayList,
  wibDay,
} from '@naskah/domain';

// Numbering, rendering and delivering one letter take well under a second alone, and a burst of 200
// letters queues for about 25 s: an attempt stuck for a minute (a lost connection, a render thread
// that died) is abandoned and retried; the slow phase is logged by the activity.
const { finalizeSignedLetter } = proxyActivities<DocumentActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Settling a claim waits for the signer's request to release the document's row lock (a BSrE call
// of up to its timeout) and retries through a database outage.
const { settleSignature } = proxyActivities<DocumentActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// A database outage must never lose a step: keep retrying until it is back.
const projectionRetry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;
const { projectChainEvent } = proxyActivities<DocumentActivities>({ startToCloseTimeout: '30 seconds', retry: projectionRetry });
// The same write as a local activity: run inside the workflow task that accepted the update, so an
// action waits for one round trip to the server fewer (sequential action p50 103 ms -> 60 ms in the benchmark).
const { projectChainEvent: projectChainEventLocally } = proxyLocalActivities<DocumentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: projectionRetry,
});

/** Domain refusals travel to the API as non-retryable failures carrying code, Pasal and field. */
function toFailure(e: unknown): unknown {
  if (e instanceof DomainError) {
    return ApplicationFailure.create({ type: e.code, message: e.message, details: [e.details], nonRetryable: true });
  }
  return e;
}

/** What the codec makes of a message that did not come through the API (STYLE §13): refused, never retried. */
const unauthenticated = () =>
  ApplicationFailure.create({ type: UNAUTHENTICATED_PAYLOAD_FAILURE, message: 'Perintah tidak datang melalui API dan ditolak', nonRetryable: true });

/** SIGNATURE_CLAIM_TTL_SECONDS's default, for chains whose input predates it (their histories hold no claim). */
const DEFAULT_SIGNATURE_CLAIM_TTL_MS = 180_000;

/**
 * One workflow per submitted document (DESIGN §7). Actions arrive as Updates whose validators run
 * the domain's rules against the current state; handlers change the state synchronously (so a
 * racing second update is validated against the first one's result), then wait until the MySQL
 * projection of their event is written, so the API answers with what the inbox will show.
 */
export async function documentApproval(input: DocumentWorkflowInput): Promise<ChainState> {
  if (isUnauthenticatedPayload(input)) throw unauthenticated();
  const state = newChain(input.chain);
  const queue: ChainEvent[] = [];
  let projectedSeq = 0;
  /** How many of the earlier rounds a projection's input has carried: each later input carries only the rounds closed since. */
  let projectedRounds = 0;
  /** Counts claims begun and ended, so the main loop wakes to recompute when it must next wake. */
  let claimChanges = 0;
  // Holidays edited after submission replace the list (setHolidays); the deadlines are the rest of the input's.
  const reminders: ReminderPolicy = { ...input.reminders };
  let holidayChanges = 0;

  /**
   * A claim whose request never ended it (its process died): what the database recorded decides.
   * A signed letter there is the signature (the sign is applied as the signer made it); anything
   * else closes the attempt and the step waits again.
   */
  async function settleClaim(attemptId: string): Promise<void> {
    const { signed } = await settleSignature({ documentId: state.documentId, attemptId });
    const claim = state.signing;
    if (!claim || claim.attemptId !== attemptId) return; // ended meanwhile by the request itself
    if (signed) {
      queue.push(applyCommand(state, { type: 'sign', actor: claim.actor, versionHash: claim.versionHash, attemptId }, Date.now()));
    } else {
      endSignature(state, attemptId);
    }
    claimChanges += 1;
  }

  function handle<A>(def: UpdateDefinition<ChainSnapshot, [A]>, toCommand: (a: A) => ChainCommand): void {
    setHandler(
      def,
      async (arg: A) => {
        let event: ChainEvent;
        try {
          event = applyCommand(state, toCommand(arg), Date.now());
        } catch (e) {
          throw toFailure(e);
        }
        const answer = chainSnapshot(state);
        queue.push(event);
        await condition(() => projectedSeq >= event.seq);
        return answer;
      },
      {
        validator: (arg: A) => {
          if (isUnauthenticatedPayload(arg)) throw unauthenticated();
          try {
            validateCommand(state, toCommand(arg));
          } catch (e) {
            throw toFailure(e);
          }
        },
      },
    );
  }

  handle(submitUpdate, (c: DrafterCommand) => ({ type: 'submit', ...c }));
  handle(resubmitUpdate, (c: DrafterCommand) => ({ type: 'resubmit', ...c }));
  handle(parafUpdate, (c: ActCommand) => ({ type: 'paraf', ...c }));
  handle(returnForCorrectionUpdate, (c: ReturnCommand) => ({ type: 'return', ...c }));
  handle(signUpdate, (c: SignCommand) => ({ type: 'sign', ...c }));
  handle(correctUpdate, (c: CorrectCommand) => ({ type: 'correct', ...c }));
  handle(withdrawUpdate, (c: WithdrawCommand) => ({ type: 'withdraw', ...c }));
  // A personal signature: the claim, then `sign` with its attempt (or `endSignature`). No event:
  // the attempt itself is recorded by the signer's request in the database.
  setHandler(
    beginSignatureUpdate,
    (c) => {
      beginSignature(state, c, Date.now());
      claimChanges += 1;
      return chainSnapshot(state);
    },
    {
      validator: (c) => {
        if (isUnauthenticatedPayload(c)) throw unauthenticated();
        try {
          validateBeginSignature(state, c);
        } catch (e) {
          throw toFailure(e);
        }
      },
    },
  );
  setHandler(
    endSignatureUpdate,
    ({ attemptId }) => {
      if (endSignature(state, attemptId)) claimChanges += 1;
      return chainSnapshot(state);
    },
    {
      validator: (c) => {
        if (isUnauthenticatedPayload(c)) throw unauthenticated();
      },
    },
  );
  setHandler(
    setHolidaysUpdate,
    (c: SetHolidaysCommand) => {
      const next = replaceFutureHolidays(reminders.holidays, c.holidays, wibDay(Date.now()));
      // The same list again (an edit of a past day, a repeated propagation) leaves the timer as it is.
      if (next.join() !== (reminders.holidays ?? []).join()) {
        reminders.holidays = next;
        holidayChanges += 1;
      }
      return next;
    },
    {
      validator: (c: SetHolidaysCommand) => {
        if (isUnauthenticatedPayload(c)) throw unauthenticated();
        try {
          validateHolidayList(c.holidays);
        } catch (e) {
          throw toFailure(e);
        }
      },
    },
  );
  setHandler(stateQuery, () => state);

  const finished = () => state.status === 'signed' || state.status === 'withdrawn';
  // Chains started before personal signatures carry no time-to-live, yet are signed under a claim too.
  const claimTtl = input.signatureClaimTtlMs ?? DEFAULT_SIGNATURE_CLAIM_TTL_MS;
  while (!(finished() && queue.length === 0)) {
    const reminderDue = nextReminderAt(state, reminders);
    const claimDue = signatureClaimDeadline(state, claimTtl);
    const due = claimDue === null ? reminderDue : reminderDue === null ? claimDue : Math.min(claimDue, reminderDue);
    const seenClaimChanges = claimChanges;
    const seenHolidayChanges = holidayChanges;
    // A claim begun or ended, or holidays edited, change when the loop must next wake: it wakes to recompute.
    const wake = () => queue.length > 0 || claimChanges !== seenClaimChanges || holidayChanges !== seenHolidayChanges;
    // An event already queued: no wait. A condition with a timeout would start and cancel a timer in
    // this activation; a replay, which batches activations otherwise, would then number timers differently.
    const woke = queue.length > 0 || (due === null ? await condition(wake).then(() => true) : await condition(wake, Math.max(1, due - Date.now())));
    if (!woke && claimDue !== null && Date.now() >= claimDue && state.signing) {
      await settleClaim(state.signing.attemptId);
      continue;
    }
    if (!woke) {
      const reminder = applyDueReminder(state, reminders, Date.now());
      if (reminder) queue.push(reminder);
    }
    // Projections are written one at a time, in event order, so the audit hash chain holds.
    while (queue.length > 0) {
      const event = queue.shift()!;
      // Histories recorded before the local projection replay with the activity they scheduled.
      const project = patched('local-projection-v1') ? projectChainEventLocally : projectChainEvent;
      // The input's size stays the same however long the chain grows (issue 17): the state without
      // its earlier rounds, the rounds closed since the previous input, and who acted in them.
      const closed = state.earlierRounds.slice(projectedRounds).map((steps, i) => ({ round: projectedRounds + i + 1, steps }));
      await project({
        state: chainSnapshot(state),
        event,
        ...(closed.length ? { closedRounds: closed } : {}),
        earlierActors: earlierActorsOf(state.earlierRounds),
      });
      projectedRounds += closed.length;
      projectedSeq = event.seq;
    }
  }
  // The signed letter: number, sealed PDF, archive, delivery. Histories recorded before this step
  // existed replay without it (the patch marker).
  if (state.status === 'signed' && patched('signed-letter-v1')) {
    // A personal signature made the letter already: the worker delivers it, and never seals one in its place.
    await finalizeSignedLetter({ documentId: state.documentId, ...(state.signature === 'personal' ? { personal: true } : {}) });
  }
  await condition(allHandlersFinished);
  return state;
}
