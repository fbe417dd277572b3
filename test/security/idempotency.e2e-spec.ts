import { DocumentVersionEntity } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectStatus, TestApi } from '../support/api';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { useApiAndWorker } from '../support/stack';

/**
 * An Idempotency-Key is the caller's, for one action on one document. Replaying
 * someone else's key is a request of one's own, not their answer; concurrent repeats of one key
 * all get the first answer.
 */
let api: TestApi;
const stack = useApiAndWorker('naskah-idem');
beforeAll(() => {
  api = stack.api;
});

const content = (subject: string) => ({
  subject,
  body: '<p>Dengan hormat, bersama ini kami sampaikan data koperasi.</p>',
  classification: 'biasa',
  urgency: 'biasa',
  recipients: [{ name: 'Wali Kota Batam' }],
});

describe('Idempotency-Key scoped to the official, the document and the action', () => {
  let org: SeededOrganization;
  const as = async (code: string) => api.as(await api.login(org.officials[code].nip));
  beforeAll(async () => {
    org = await createTestOrganization('batam-dkum.yaml');
  });

  async function submitted(subject: string) {
    const clerk = await as('UMPEG-ARSIP');
    const created = expectStatus(await clerk.post('/api/v1/documents', { kindCode: 'SURAT_DINAS', ...content(subject) }), 201).body;
    expectStatus(await clerk.post(`/api/v1/documents/${created.id}/submit`), 200);
    return { id: created.id as string, versionHash: created.currentVersion.contentHash as string, clerk };
  }

  it("the Sekretaris replaying the Kasubbag's key gives his own paraf, not the Kasubbag's answer", async () => {
    const doc = await submitted('Penyampaian data koperasi aktif');
    const key = `shared-key-${doc.id}`;
    const kasubbag = expectStatus(
      await (
        await as('KASUBBAG-UMPEG')
      )
        .post(`/api/v1/documents/${doc.id}/actions/paraf`, { versionHash: doc.versionHash })
        .set('Idempotency-Key', key),
      200,
    ).body;
    expect(kasubbag.currentStep.order).toBe(2);
    const sekretaris = expectStatus(
      await (await as('SEKRETARIS')).post(`/api/v1/documents/${doc.id}/actions/paraf`, { versionHash: doc.versionHash }).set('Idempotency-Key', key),
      200,
    ).body;
    expect(sekretaris.currentStep.order).toBe(3);
    expect(sekretaris.steps[1]).toMatchObject({ state: 'done', actedByOfficialId: org.officials.SEKRETARIS.id });
  });

  it('the same key for another action of the same official is another request', async () => {
    const doc = await submitted('Penyampaian data koperasi baru');
    const key = `drafter-key-${doc.id}`;
    // The clerk's submit (above) had no key; a withdraw with a key used before by the same clerk for a save is still a withdraw.
    const clerk = doc.clerk;
    const other = expectStatus(await clerk.post('/api/v1/documents', { kindCode: 'SURAT_DINAS', ...content('Konsep lain') }), 201).body;
    expectStatus(
      await clerk.put(`/api/v1/documents/${other.id}`, { ...content('Konsep lain, perbaikan'), baseVersionNo: 1 }).set('Idempotency-Key', key),
      200,
    );
    const withdrawn = expectStatus(await clerk.post(`/api/v1/documents/${doc.id}/actions/withdraw`, {}).set('Idempotency-Key', key), 200).body;
    expect(withdrawn.status).toBe('withdrawn');
  });

  it('10 concurrent PUTs with one key: all get the first answer, one version is saved', async () => {
    const clerk = await as('UMPEG-ARSIP');
    const created = expectStatus(await clerk.post('/api/v1/documents', { kindCode: 'SURAT_DINAS', ...content('Konsep serentak') }), 201).body;
    const key = `put-once-${created.id}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        clerk.put(`/api/v1/documents/${created.id}`, { ...content('Konsep serentak, perbaikan'), baseVersionNo: 1 }).set('Idempotency-Key', key),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((r) => r.body.currentVersion.contentHash)).size).toBe(1);
    expect(answers.every((r) => r.body.currentVersion.versionNo === 2)).toBe(true);
    expect(await (await testDataSource()).getRepository(DocumentVersionEntity).countBy({ documentId: created.id })).toBe(2);
  });

  it('10 concurrent paraf with one key: all get the first answer, the step is acted on once', async () => {
    const doc = await submitted('Penyampaian data koperasi serentak');
    const kasubbag = await as('KASUBBAG-UMPEG');
    const key = `paraf-once-${doc.id}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        kasubbag.post(`/api/v1/documents/${doc.id}/actions/paraf`, { versionHash: doc.versionHash }).set('Idempotency-Key', key),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const view = expectStatus(await kasubbag.get(`/api/v1/documents/${doc.id}`), 200).body;
    expect(view.history.filter((h: { type: string }) => h.type === 'paraf')).toHaveLength(1);
  });
});
