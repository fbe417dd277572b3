import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { parafUpdate, returnForCorrectionUpdate, resubmitUpdate } from '@naskah/contracts';
import { ChainState } from '@naskah/domain';
import { AuditEventEntity, verifyAuditChain } from '@naskah/persistence';
import { expectStatus, startApi, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { acceptedUpdates, actor, apiClient, draftThroughApi, EventType, historyOf, startSubmitted } from '../support/document-workflow';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { startTestWorker } from '../support/worker';

/**
 * A whole chain (a return, a resubmission, paraf, paraf, sign, the signed letter) on a worker with
 * no workflow cache: every workflow task is served by replaying the history from the first event,
 * so any code that does not replay as it ran fails here as it would after a worker restart.
 */
const queue = `naskah-wf-replay-${randomBytes(4).toString('hex')}`;
let api: TestApi;
let stopWorker: () => Promise<void>;
let temporal: { client: Client; close(): Promise<void> };

beforeAll(async () => {
  api = await startApi({ TEMPORAL_TASK_QUEUE: queue });
  stopWorker = (await startTestWorker(api.cfg, { maxCachedWorkflows: 0 })).stop;
  temporal = apiClient(api.cfg);
}, 120_000);
afterAll(async () => {
  // The clients first, while the worker still answers the updates of calls they are finishing.
  await temporal?.close();
  await api?.close();
  await stopWorker?.();
  await closeTestDataSource();
});

describe('forced replay: a worker with maxCachedWorkflows 0', () => {
  it('takes a document through return, resubmission and signature, replaying every task', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const draft = await draftThroughApi(api, org);
    const handle = await startSubmitted(temporal.client, queue, org, draft);
    const v1 = draft.versionHash;

    const returned = await handle.executeUpdate(returnForCorrectionUpdate, {
      args: [{ actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: v1, note: 'Lengkapi dasar hukumnya.' }],
    });
    expect(returned.status).toBe('returned');
    // The drafter saves a new version through the API; the resubmission binds its number and hash.
    const clerk = api.as(await api.login(org.officials['UMPEG-ARSIP'].nip));
    const revised = expectStatus(
      await clerk.put(`/api/v1/documents/${draft.id}`, {
        baseVersionNo: 1,
        subject: 'Undangan Rapat Koordinasi Koperasi',
        body: '<p>Berdasarkan Peraturan Wali Kota Batam Nomor 14 Tahun 2023, kami mengundang Bapak/Ibu.</p>',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
      }),
      200,
    );
    const v2: string = revised.body.currentVersion.contentHash;
    const resubmitted = await handle.executeUpdate(resubmitUpdate, {
      args: [{ byOfficialId: org.officials['UMPEG-ARSIP'].id, versionNo: 2, versionHash: v2 }],
    });
    expect(resubmitted).toMatchObject({ status: 'in_review', round: 2, versionNo: 2 });
    await handle.executeUpdate(parafUpdate, { args: [{ actor: actor(org, 'KASUBBAG-UMPEG'), versionHash: v2 }] });
    await handle.executeUpdate(parafUpdate, { args: [{ actor: actor(org, 'SEKRETARIS'), versionHash: v2 }] });
    // The personal signature through the API (its claim, then the sign with the attempt): a wrong passphrase first.
    const kadis = api.as(await api.login(org.officials.KADIS.nip));
    expectStatus(await kadis.post(`/api/v1/documents/${draft.id}/actions/sign`, { versionHash: v2, passphrase: 'passphrase-yang-salah' }), 422);
    const signed = expectStatus(
      await kadis.post(`/api/v1/documents/${draft.id}/actions/sign`, { versionHash: v2, passphrase: TEST_TTE_PASSPHRASE }),
      200,
    ).body;
    expect(signed.status).toBe('signed');

    const result: ChainState = await handle.result();
    expect(result.status).toBe('signed');
    expect(result.steps.map((s) => [s.state, s.versionHash])).toEqual([
      ['done', v2],
      ['done', v2],
      ['done', v2],
    ]);

    const events = await historyOf(handle);
    expect(acceptedUpdates(events)).toEqual([
      'submit',
      'returnForCorrection',
      'resubmit',
      'paraf',
      'paraf',
      'beginSignature',
      'endSignature',
      'beginSignature',
      'sign',
    ]);
    expect(events.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    // No task failed (a nondeterminism error would fail and retry it), and none went to a sticky
    // queue: with the cache off every task came from the normal queue and was replayed.
    expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toEqual([]);
    const scheduled = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    expect(scheduled.length).toBeGreaterThan(6);
    expect(scheduled.map((e) => e.workflowTaskScheduledEventAttributes?.taskQueue?.name)).toEqual(scheduled.map(() => queue));

    // The projection saw every event once, in order (the letter's own events follow the signature).
    const ds = await testDataSource();
    const audit = await ds.getRepository(AuditEventEntity).find({ where: { documentId: draft.id }, order: { seq: 'ASC' } });
    expect(audit.map((a) => a.type).slice(0, 11)).toEqual([
      'created',
      'submitted',
      'returned',
      'version_saved',
      'resubmitted',
      'paraf',
      'paraf',
      'signature_failed',
      'numbered',
      'signature_made',
      'archived',
    ]);
    expect(audit.map((a) => a.type).slice(11, 12)).toEqual(['signed']);
    expect(await verifyAuditChain(ds.manager, draft.id)).toBeNull();
  });
});
