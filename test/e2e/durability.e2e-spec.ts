import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { AuditEventEntity, RouteStepEntity, verifyAuditChain } from '@naskah/persistence';
import { startApi, TestApi } from '../support/api';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { killHard, spawnWorkerProcess } from '../support/worker-process';

describe('the worker process killed mid-chain', () => {
  const queue = `naskah-durable-${randomBytes(4).toString('hex')}`;
  let api: TestApi;
  let worker: ChildProcess | undefined;
  const workerEnv = () => ({ DATABASE_URL: process.env.DATABASE_URL!, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!, TEMPORAL_TASK_QUEUE: queue });

  beforeAll(async () => {
    api = await startApi({ TEMPORAL_TASK_QUEUE: queue, ACTION_TIMEOUT_SECONDS: '120' });
    worker = await spawnWorkerProcess(workerEnv());
  }, 120_000);

  afterAll(async () => {
    if (worker) await killHard(worker);
    await api.close();
    await closeTestDataSource();
  });

  it('finishes the document after a restart with no step lost or doubled', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const as = async (code: string) => api.as(await api.login(org.officials[code].nip));
    const clerk = await as('UMPEG-ARSIP');
    const created = await clerk.post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: 'Permohonan Data Koperasi Aktif',
      body: '<p>Mohon disampaikan data koperasi aktif.</p>',
      classification: 'biasa',
      urgency: 'biasa',
      recipients: [{ name: 'Kepala Badan Pusat Statistik Kota Batam' }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const versionHash = created.body.currentVersion.contentHash as string;
    expect((await clerk.post(`/api/v1/documents/${id}/submit`)).status).toBe(200);
    expect((await (await as('KASUBBAG-UMPEG')).post(`/api/v1/documents/${id}/actions/paraf`, { versionHash })).status).toBe(200);

    await killHard(worker!);
    // The Sekretaris acts while no worker runs: the action waits in Temporal, nothing is lost.
    const sekretaris = await as('SEKRETARIS');
    const pending = sekretaris.post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }).set('Idempotency-Key', `durable-${id}`);
    const answer = pending.then((r) => r);
    worker = await spawnWorkerProcess(workerEnv());
    const paraf = await answer;
    expect(paraf.status).toBe(200);
    // Repeating the interrupted request with its key changes nothing.
    const repeat = await sekretaris.post(`/api/v1/documents/${id}/actions/paraf`, { versionHash }).set('Idempotency-Key', `durable-${id}`);
    expect(repeat.body).toEqual(paraf.body);

    await killHard(worker);
    worker = await spawnWorkerProcess(workerEnv());
    const signed = await (await as('KADIS')).post(`/api/v1/documents/${id}/actions/sign`, { versionHash });
    expect(signed.status).toBe(200);
    expect(signed.body.status).toBe('signed');

    const ds = await testDataSource();
    const steps = await ds.getRepository(RouteStepEntity).find({ where: { documentId: id }, order: { stepOrder: 'ASC' } });
    expect(steps.map((s) => [s.stepOrder, s.state])).toEqual([
      [1, 'done'],
      [2, 'done'],
      [3, 'done'],
    ]);
    const events = await ds.getRepository(AuditEventEntity).find({ where: { documentId: id }, order: { seq: 'ASC' } });
    expect(events.map((e) => e.type)).toEqual(['created', 'submitted', 'paraf', 'paraf', 'signed']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await verifyAuditChain(ds.manager, id)).toBeNull();
  });
});
