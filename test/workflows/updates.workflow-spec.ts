import { ApplicationFailure, Client, WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { parafUpdate, returnForCorrectionUpdate, setHolidaysUpdate, signUpdate, stateQuery, submitUpdate, withdrawUpdate } from '@naskah/contracts';
import { SeededOrganization } from '@naskah/seed';
import { acceptedUpdates, actor, apiClient, draftThroughApi, DraftRef, EventType, historyOf, startSubmitted } from '../support/document-workflow';
import { AuditEventEntity } from '@naskah/persistence';
import { createTestOrganization, OfficeFile, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * The document workflow on the dev server, with the real bundle and the real worker on this file's
 * task queue: what its update validators refuse never enters the history, and of two updates racing
 * for one step exactly one is accepted.
 */
const stack = useApiAndWorker('naskah-wf-updates');
let temporal: { client: Client; close(): Promise<void> };
beforeAll(() => {
  temporal = apiClient(stack.api.cfg);
});
afterAll(() => temporal.close());

/** A Sub Bagian draft (Batam unless said), submitted: waiting at the Kasubbag's paraf (then Sekretaris, then Kepala Dinas). */
async function submitted(file: OfficeFile = 'batam-dkum.yaml'): Promise<{ org: SeededOrganization; draft: DraftRef; handle: WorkflowHandle }> {
  const org = await createTestOrganization(file);
  const draft = await draftThroughApi(stack.api, org);
  return { org, draft, handle: await startSubmitted(temporal.client, stack.queue, org, draft) };
}

/** The ApplicationFailure an update failed with, or a test failure naming what happened instead. */
async function refusal(update: Promise<unknown>): Promise<ApplicationFailure> {
  const e = await update.then(
    () => new Error('the update was accepted'),
    (x: unknown) => x,
  );
  if (!(e instanceof WorkflowUpdateFailedError) || !(e.cause instanceof ApplicationFailure)) throw e;
  return e.cause;
}

type Send = (h: WorkflowHandle, org: SeededOrganization, d: DraftRef) => Promise<unknown>;

describe('update validators (the domain rules): a refused update leaves no event in the history', () => {
  const cases: Array<[string, Send, { type: string; field?: string; pasal?: RegExp; office?: OfficeFile }]> = [
    [
      'paraf by an official whose step it is not',
      (h, org, d) => h.executeUpdate(parafUpdate, { args: [{ actor: actor(org, 'SEKRETARIS'), versionHash: d.versionHash }] }),
      { type: 'CONFLICT' },
    ],
    [
      'paraf on a version that is not the one under review',
      (h, org) => h.executeUpdate(parafUpdate, { args: [{ actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: 'a'.repeat(64) }] }),
      { type: 'CONFLICT', field: 'versionHash' },
    ],
    [
      'a signature at a paraf step',
      (h, org, d) => h.executeUpdate(signUpdate, { args: [{ actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: d.versionHash }] }),
      { type: 'CONFLICT' },
    ],
    [
      'a return without a written note (Cilegon Pasal 13 and 16)',
      (h, org, d) =>
        h.executeUpdate(returnForCorrectionUpdate, { args: [{ actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: d.versionHash, note: ' ' }] }),
      { type: 'RULE_VIOLATION', field: 'note', pasal: /Pasal 13/ },
    ],
    [
      // The rule is the office's (its chain input): Cilegon's, whose deputies write one; Batam's rules ask for none.
      'acting for the Cilegon Kasubbag without the consideration of Cilegon Pasal 29 ayat (3)',
      (h, org, d) =>
        h.executeUpdate(parafUpdate, {
          args: [
            {
              actor: {
                ...actor(org, 'KASUBBAG-UMPEG', 'an'),
                officialId: org.officials['UMPEG-SDM'].id,
                principalOfficialId: org.officials['KASUBBAG-UMPEG'].id,
              },
              versionHash: d.versionHash,
            },
          ],
        }),
      { type: 'RULE_VIOLATION', field: 'consideration', pasal: /^Perwako Cilegon 18\/2022 Pasal 29 ayat \(3\)$/, office: 'cilegon-dkukm.yaml' },
    ],
    [
      'a second submission',
      (h, org, d) =>
        h.executeUpdate(submitUpdate, {
          args: [{ byOfficialId: org.officials['UMPEG-ARSIP'].id, versionNo: d.versionNo, versionHash: d.versionHash }],
        }),
      { type: 'CONFLICT' },
    ],
    [
      'a withdrawal by someone other than the drafter',
      (h, org) => h.executeUpdate(withdrawUpdate, { args: [{ byOfficialId: org.officials['KASUBBAG-UMPEG'].id }] }),
      { type: 'FORBIDDEN' },
    ],
    [
      'a holiday list that is not calendar days',
      (h) => h.executeUpdate(setHolidaysUpdate, { args: [{ holidays: ['2026-12-25', '2026-02-30'] }] }),
      { type: 'INVALID_INPUT', field: 'holidays' },
    ],
  ];

  it.each(cases)('%s', async (_, send, expected) => {
    const { org, draft, handle } = await submitted(expected.office);
    const before = await historyOf(handle);
    const stateBefore = await handle.query(stateQuery);

    const failure = await refusal(send(handle, org, draft));
    expect(failure.type).toBe(expected.type);
    const details = (failure.details?.[0] ?? {}) as { field?: string; pasal?: string };
    if (expected.field) expect(details.field).toBe(expected.field);
    if (expected.pasal) expect(details.pasal).toMatch(expected.pasal);

    // Rejected in the validator: the server keeps no trace of it, not even the workflow task that ran the validator.
    const after = await historyOf(handle);
    expect(after.map((e) => e.eventType)).toEqual(before.map((e) => e.eventType));
    expect(acceptedUpdates(after)).toEqual(['submit']);
    expect(await handle.query(stateQuery)).toEqual(stateBefore);

    // And the step is still there to be taken.
    const done = await handle.executeUpdate(parafUpdate, { args: [{ actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: draft.versionHash }] });
    expect(done.steps[0].state).toBe('done');
    expect(acceptedUpdates(await historyOf(handle))).toEqual(['submit', 'paraf']);
  });
});

describe('two updates racing for one step', () => {
  it('exactly one is accepted; the other is refused by the validator, which sees the first one’s result', async () => {
    const { org, draft, handle } = await submitted();
    // The Kasubbag and a Plh. of the same position, at once.
    const results = await Promise.allSettled([
      handle.executeUpdate(parafUpdate, { args: [{ actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: draft.versionHash }], updateId: 'paraf-own' }),
      handle.executeUpdate(parafUpdate, {
        args: [{ actor: { ...actor(org, 'KASUBBAG-UMPEG', 'plh'), officialId: org.officials['UMPEG-SDM'].id }, versionHash: draft.versionHash }],
        updateId: 'paraf-plh',
      }),
    ]);

    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((lost[0].reason as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'CONFLICT' });

    const events = await historyOf(handle);
    expect(acceptedUpdates(events)).toEqual(['submit', 'paraf']);
    expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED)).toHaveLength(2);
    const state = await handle.query(stateQuery);
    expect(state.steps.map((s) => s.state)).toEqual(['done', 'pending', 'waiting']);
    expect(state.seq).toBe(2);
    const ds = await testDataSource();
    expect(await ds.getRepository(AuditEventEntity).countBy({ documentId: draft.id, type: 'paraf' })).toBe(1);
  });
});
