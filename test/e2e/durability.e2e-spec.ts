import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { actionUpdateId, documentWorkflowId } from '@naskah/contracts';
import { AuditEventEntity, RouteStepEntity, verifyAuditChain } from '@naskah/persistence';
import { expectEventually, expectStatus, startApi, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { killHard, spawnWorkerProcess } from '../support/worker-process';

const STAGE = temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage;
const stageName = (n: number | null | undefined) =>
  Object.keys(STAGE)
    .find((k) => STAGE[k as keyof typeof STAGE] === n)
    ?.replace('UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_', '');

/** A request on its way: its answer, and whether it has come yet. */
function inFlight(request: PromiseLike<Response>): { response: Promise<Response>; answered(): boolean } {
  let answered = false;
  const response = Promise.resolve(request).finally(() => {
    answered = true;
  });
  return { response, answered: () => answered };
}

describe('the worker process killed mid-chain', () => {
  const queue = `naskah-durable-${randomBytes(4).toString('hex')}`;
  let api: TestApi;
  let worker: ChildProcess | undefined;
  let connection: Connection;
  const workerEnv = () => ({ DATABASE_URL: process.env.DATABASE_URL!, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!, TEMPORAL_TASK_QUEUE: queue });

  beforeAll(async () => {
    api = await startApi({ TEMPORAL_TASK_QUEUE: queue, ACTION_TIMEOUT_SECONDS: '120' });
    worker = await spawnWorkerProcess(workerEnv());
    connection = await Connection.connect({ address: api.cfg.TEMPORAL_ADDRESS });
  }, 120_000);

  afterAll(async () => {
    if (worker) await killHard(worker);
    await connection?.close();
    await api.close();
    await closeTestDataSource();
  });

  /** Where Temporal has an update (a non-blocking poll): its lifecycle stage, and how it ended if it has. */
  async function updateStage(workflowId: string, updateId: string): Promise<{ stage: string | undefined; outcome: 'success' | 'failure' | null }> {
    const res = await connection.workflowService.pollWorkflowExecutionUpdate({
      namespace: api.cfg.TEMPORAL_NAMESPACE,
      updateRef: { workflowExecution: { workflowId }, updateId },
      identity: 'durability-test',
    });
    return { stage: stageName(res.stage), outcome: res.outcome?.success ? 'success' : res.outcome?.failure ? 'failure' : null };
  }

  it('finishes the document after a restart with no step lost or doubled', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const as = async (code: string) => api.as(await api.login(org.officials[code].nip));
    const clerk = await as('UMPEG-ARSIP');
    const created = expectStatus(
      await clerk.post('/api/v1/documents', {
        kindCode: 'SURAT_DINAS',
        subject: 'Permohonan Data Koperasi Aktif',
        body: '<p>Mohon disampaikan data koperasi aktif.</p>',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ name: 'Kepala Badan Pusat Statistik Kota Batam' }],
      }),
      201,
    );
    const id = created.body.id as string;
    const versionHash = created.body.currentVersion.contentHash as string;
    expectStatus(await clerk.post(`/api/v1/documents/${id}/submit`), 200);
    expectStatus(await (await as('KASUBBAG-UMPEG')).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }), 200);

    const workflowId = documentWorkflowId(org.id, id);
    const sekretaris = await as('SEKRETARIS');
    const kadis = await as('KADIS');
    const ds = await testDataSource();
    const stepStates = async () =>
      (await ds.getRepository(RouteStepEntity).find({ where: { documentId: id }, order: { stepOrder: 'ASC' } })).map((s) => s.state);

    // 1. Admitted: the worker is killed; the Sekretaris's paraf reaches Temporal, which holds it
    // (admitted, not accepted: no worker runs the validator) while the HTTP request waits.
    await killHard(worker!);
    const parafKey = `durable-paraf-${id}`;
    const pendingParaf = inFlight(sekretaris.post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }).set('Idempotency-Key', parafKey));
    await expectEventually(async () =>
      expect(await updateStage(workflowId, actionUpdateId(org.officials.SEKRETARIS.id, 'paraf', parafKey))).toEqual({
        stage: 'ADMITTED',
        outcome: null,
      }),
    );
    expect(pendingParaf.answered()).toBe(false);
    expect(await stepStates()).toEqual(['done', 'pending', 'waiting']);
    worker = await spawnWorkerProcess(workerEnv());
    const paraf = expectStatus(await pendingParaf.response, 200);
    expect(await updateStage(workflowId, actionUpdateId(org.officials.SEKRETARIS.id, 'paraf', parafKey))).toEqual({
      stage: 'COMPLETED',
      outcome: 'success',
    });
    // Repeating the interrupted request with its key changes nothing.
    const repeat = expectStatus(
      await sekretaris.post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }).set('Idempotency-Key', parafKey),
      200,
    );
    expect(repeat.body).toEqual(paraf.body);

    // 2. Accepted, not completed: the Kepala Dinas signs (his request numbers and signs the letter,
    // which takes the document's row but not its route) while the projection cannot write (the test
    // holds the route's rows), so the handler waits after the workflow accepted the update; the
    // worker is killed in that state, the lock released, and a new worker finishes the update.
    const lock = ds.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query('SELECT step_order FROM route_step WHERE document_id = ? FOR UPDATE', [id]);
    const signKey = `durable-sign-${id}`;
    const pendingSign = inFlight(
      kadis.post(`/api/v1/documents/${id}/actions/sign`, { passphrase: TEST_TTE_PASSPHRASE, versionHash }).set('Idempotency-Key', signKey),
    );
    try {
      await expectEventually(
        async () =>
          expect(await updateStage(workflowId, actionUpdateId(org.officials.KADIS.id, 'sign', signKey))).toEqual({
            stage: 'ACCEPTED',
            outcome: null,
          }),
        60_000,
        250,
      );
      expect(pendingSign.answered()).toBe(false);
      await killHard(worker);
    } finally {
      await lock.rollbackTransaction();
      await lock.release();
    }
    expect(await stepStates()).toEqual(['done', 'done', 'pending']);
    worker = await spawnWorkerProcess(workerEnv());
    const signed = expectStatus(await pendingSign.response, 200);
    expect(signed.body.status).toBe('signed');
    expect(await updateStage(workflowId, actionUpdateId(org.officials.KADIS.id, 'sign', signKey))).toEqual({
      stage: 'COMPLETED',
      outcome: 'success',
    });

    const steps = await ds.getRepository(RouteStepEntity).find({ where: { documentId: id }, order: { stepOrder: 'ASC' } });
    expect(steps.map((s) => [s.stepOrder, s.state])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'done'],
    ]);
    const events = await ds.getRepository(AuditEventEntity).find({ where: { documentId: id }, order: { seq: 'ASC' } });
    // The chain's events once each, in order; the signature made in the request precedes 'signed', delivery may follow.
    expect(events.slice(0, 8).map((e) => e.type)).toEqual([
      'created',
      'submitted',
      'paraf',
      'paraf',
      'numbered',
      'signature_made',
      'archived',
      'signed',
    ]);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.slice(8).filter((e) => ['submitted', 'paraf', 'signed', 'numbered'].includes(e.type))).toEqual([]);
    expect(await verifyAuditChain(ds.manager, id)).toBeNull();
  });
});
