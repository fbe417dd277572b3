import type { Response } from 'supertest';
import { documentWorkflowId } from '@naskah/contracts';
import { AuditEventEntity, ReminderEntity, verifyAuditChain } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { expectEventually, expectStatus, startApi, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { recordWorkflowHistory } from '../support/history';
import { useApiAndWorker } from '../support/stack';

let api: TestApi;
const tokens = new Map<string, string>();

async function tokenOf(org: SeededOrganization, positionCode: string): Promise<string> {
  const key = `${org.code}/${positionCode}`;
  if (!tokens.has(key)) tokens.set(key, await api.login(org.officials[positionCode].nip));
  return tokens.get(key)!;
}

async function draft(org: SeededOrganization, drafter: string, extra: Record<string, unknown> = {}) {
  const res = expectStatus(
    await api.as(await tokenOf(org, drafter)).post('/api/v1/documents', {
      kindCode: 'SURAT_DINAS',
      subject: 'Undangan Rapat Koordinasi Koperasi Simpan Pinjam',
      body: '<p>Dengan hormat, kami mengundang Bapak/Ibu untuk menghadiri rapat koordinasi.</p>',
      classification: 'biasa',
      urgency: 'segera',
      archiveCode: '000.8.3.3',
      recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan', address: 'Jl. Engku Putri No. 1' }],
      tembusan: [{ unitId: org.units.SEKRETARIAT }],
      ...extra,
    }),
    201,
  );
  return res.body as {
    id: string;
    currentVersion: { versionNo: number; contentHash: string };
    route: Array<{ position: { positionId: string }; action: string }>;
  };
}

/** Sends an action (submit, actions/paraf, ...) as the holder of the position. */
async function act(org: SeededOrganization, who: string, id: string, action: string, body: object = {}, key?: string): Promise<Response> {
  const req = api.as(await tokenOf(org, who)).post(`/api/v1/documents/${id}/${action}`, body);
  if (key) req.set('Idempotency-Key', key);
  return req;
}

const recordHistory = (org: SeededOrganization, documentId: string, name: string) =>
  recordWorkflowHistory(api.cfg, documentWorkflowId(org.id, documentId), name);

const get = async (org: SeededOrganization, who: string, id: string) =>
  expectStatus(await api.as(await tokenOf(org, who)).get(`/api/v1/documents/${id}`), 200).body;
const inbox = async (org: SeededOrganization, who: string, box: string) =>
  expectStatus(await api.as(await tokenOf(org, who)).get(`/api/v1/inbox?box=${box}`), 200).body.items.map(
    (i: { documentId: string }) => i.documentId,
  );

const stack = useApiAndWorker('naskah-test', { ACTION_TIMEOUT_SECONDS: '30' });
const queue = stack.queue;
beforeAll(() => {
  api = stack.api;
});

describe('full chains over HTTP', () => {
  it('Batam, Sub Bagian draft: Kasubbag paraf -> Sekretaris paraf -> Kepala Dinas signs (Pasal 4(5), 5)', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'UMPEG-ARSIP');
    expect(doc.route.map((s) => [s.position.positionId, s.action])).toEqual([
      [org.positions['KASUBBAG-UMPEG'], 'paraf'],
      [org.positions.SEKRETARIS, 'paraf'],
      [org.positions.KADIS, 'sign'],
    ]);
    const hash = doc.currentVersion.contentHash;
    const submitted = expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
    expect(submitted.body).toMatchObject({ status: 'in_review', round: 1, currentStep: { order: 1, action: 'paraf' } });
    expect(await inbox(org, 'KASUBBAG-UMPEG', 'action')).toContain(doc.id);
    expect(await inbox(org, 'UMPEG-ARSIP', 'in_progress')).toContain(doc.id);

    expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/paraf', { versionHash: hash }), 200);
    expect(await inbox(org, 'KASUBBAG-UMPEG', 'action')).not.toContain(doc.id);
    expect(await inbox(org, 'SEKRETARIS', 'action')).toContain(doc.id);
    expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/paraf', { versionHash: hash }), 200);
    const signed = expectStatus(await act(org, 'KADIS', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: hash }), 200);
    expect(signed.body.status).toBe('signed');

    const full = await get(org, 'UMPEG-ARSIP', doc.id);
    expect(full.status).toBe('signed');
    expect(full.route.map((s: { state: string; versionHash: string; capacity: string }) => [s.state, s.versionHash, s.capacity])).toEqual([
      ['done', hash, 'own'],
      ['done', hash, 'own'],
      ['done', hash, 'own'],
    ]);
    expect(full.route[2].actedBy.nip).toBe(org.officials.KADIS.nip);
    // The personal signature numbers, signs and archives the letter in the signer's request, before the chain records 'signed'.
    expect(full.history.map((h: { type: string }) => h.type).filter((t: string) => t !== 'delivered')).toEqual([
      'created',
      'submitted',
      'paraf',
      'paraf',
      'numbered',
      'signature_made',
      'archived',
      'signed',
    ]);
    expect(await inbox(org, 'UMPEG-ARSIP', 'finished')).toContain(doc.id);
    expect(await inbox(org, 'KADIS', 'finished')).toContain(doc.id);
    expect(await verifyAuditChain((await testDataSource()).manager, doc.id)).toBeNull();

    await recordHistory(org, doc.id, 'full-chain');
  });

  it('Cilegon, Bidang draft passes the Sekretaris (Pasal 3(3)): Kepala Bidang -> Sekretaris -> Kepala Dinas', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const doc = await draft(org, 'KOP-ADM');
    expect(doc.route.map((s) => s.position.positionId)).toEqual([org.positions['KABID-KOP'], org.positions.SEKRETARIS, org.positions.KADIS]);
    const hash = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'KOP-ADM', doc.id, 'submit'), 200);
    expectStatus(await act(org, 'KABID-KOP', doc.id, 'actions/paraf', { versionHash: hash }), 200);
    expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/paraf', { versionHash: hash }), 200);
    expectStatus(await act(org, 'KADIS', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: hash }), 200);
    expect((await get(org, 'KOP-ADM', doc.id)).status).toBe('signed');
  });

  it('Cilegon Pasal 19 huruf f angka 3: a Nota Dinas signed by the Kepala Bidang when the drafter names him (authority table)', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const doc = await draft(org, 'KOP-ADM', {
      kindCode: 'NOTA_DINAS',
      signerPositionId: org.positions['KABID-KOP'],
      recipients: [{ unitId: org.units.SEKRETARIAT }],
    });
    expect(doc.route.map((s) => s.action)).toEqual(['sign']);
    expectStatus(await act(org, 'KOP-ADM', doc.id, 'submit'), 200);
    const res = expectStatus(
      await act(org, 'KABID-KOP', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: doc.currentVersion.contentHash }),
      200,
    );
    expect(res.body.status).toBe('signed');
  });
});

describe("the action's answer (no second read)", () => {
  it('a new draft answers the view a read gives; an action asked for the representation carries the document as its caller then reads it', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const created = expectStatus(
      await api.as(await tokenOf(org, 'UMPEG-ARSIP')).post('/api/v1/documents', {
        kindCode: 'SURAT_DINAS',
        subject: 'Undangan Rapat Evaluasi Koperasi',
        body: '<p>Dengan hormat, kami mengundang Bapak/Ibu.</p>',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
        tembusan: [{ unitId: org.units.SEKRETARIAT }],
      }),
      201,
    ).body;
    // Built from the rows the request wrote, never read back: the same as reading them.
    expect(created).toEqual(await get(org, 'UMPEG-ARSIP', created.id));
    const hash = created.currentVersion.contentHash;

    const representation = async (who: string, action: string, body: object = {}) => {
      const res = expectStatus(
        await api
          .as(await tokenOf(org, who))
          .post(`/api/v1/documents/${created.id}/${action}`, body)
          .set('Prefer', 'return=representation'),
        200,
      );
      return res.body as { status: string; document: { status: string; allowedActions: string[]; history: Array<{ type: string }> } };
    };
    const submitted = await representation('UMPEG-ARSIP', 'submit');
    expect(submitted.status).toBe('in_review');
    expect(submitted.document).toEqual(await get(org, 'UMPEG-ARSIP', created.id));
    expect(submitted.document.history.map((h) => h.type)).toEqual(['created', 'submitted']);

    const paraf = await representation('KASUBBAG-UMPEG', 'actions/paraf', { versionHash: hash });
    expect(paraf.document).toEqual(await get(org, 'KASUBBAG-UMPEG', created.id));
    expect(paraf.document.allowedActions).toEqual([]);
    expect(paraf.document.history.map((h) => h.type)).toEqual(['created', 'submitted', 'paraf']);

    // Not asked: the chain's state only, as before.
    const plain = expectStatus(await act(org, 'SEKRETARIS', created.id, 'actions/paraf', { versionHash: hash }), 200).body;
    expect(plain).toMatchObject({ status: 'in_review', currentStep: { order: 3, action: 'sign' } });
    expect(plain).not.toHaveProperty('document');
  });
});

describe('return for correction, revise, resubmit (DESIGN §4)', () => {
  it('the Sekretaris returns with a note; the clerk revises and resubmits; the chain restarts at step one', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'UMPEG-SDM');
    const h1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'UMPEG-SDM', doc.id, 'submit'), 200);
    expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/paraf', { versionHash: h1 }), 200);
    const returned = expectStatus(
      await act(org, 'SEKRETARIS', doc.id, 'actions/return', {
        versionHash: h1,
        note: 'Dasar hukum pada paragraf pertama belum dicantumkan.',
      }),
      200,
    );
    expect(returned.body.status).toBe('returned');
    expect(await inbox(org, 'UMPEG-SDM', 'returned')).toContain(doc.id);
    expect(await inbox(org, 'SEKRETARIS', 'action')).not.toContain(doc.id);

    // Resubmitting without a new version is refused.
    const early = expectStatus(await act(org, 'UMPEG-SDM', doc.id, 'actions/resubmit'), 409);
    expect(early.body.field).toBe('versionNo');

    const clerk = api.as(await tokenOf(org, 'UMPEG-SDM'));
    const v2 = expectStatus(
      await clerk.put(`/api/v1/documents/${doc.id}`, {
        baseVersionNo: 1,
        subject: 'Undangan Rapat Koordinasi Koperasi Simpan Pinjam',
        body: '<p>Berdasarkan Peraturan Wali Kota Batam Nomor 14 Tahun 2023, kami mengundang Bapak/Ibu.</p>',
        classification: 'biasa',
        urgency: 'segera',
        recipients: [{ name: 'Kepala Dinas Perindustrian dan Perdagangan' }],
      }),
      200,
    );
    const h2 = v2.body.currentVersion.contentHash;
    expect(h2).not.toBe(h1);
    expect(v2.body.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([1, 2]);

    const again = expectStatus(await act(org, 'UMPEG-SDM', doc.id, 'actions/resubmit'), 200);
    expect(again.body).toMatchObject({ status: 'in_review', round: 2, versionNo: 2, currentStep: { order: 1 } });
    // The Kasubbag's earlier paraf approved other content: it must be given again, on the new version.
    const stale = expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/paraf', { versionHash: h1 }), 409);
    expect(stale.body.field).toBe('versionHash');
    expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/paraf', { versionHash: h2 }), 200);

    // Both versions stay readable, to show what changed after the return.
    const [first, second] = await Promise.all(
      [1, 2].map(async (n) => expectStatus(await clerk.get(`/api/v1/documents/${doc.id}/versions/${n}`), 200).body),
    );
    expect(first).toMatchObject({ versionNo: 1, contentHash: h1, body: expect.stringContaining('mengundang Bapak/Ibu untuk menghadiri') });
    expect(second).toMatchObject({ versionNo: 2, contentHash: h2, body: expect.stringContaining('Nomor 14 Tahun 2023') });
    expect(expectStatus(await clerk.get(`/api/v1/documents/${doc.id}/versions/3`), 404).body.field).toBe('versionNo');
    expect(expectStatus(await clerk.get(`/api/v1/documents/${doc.id}/versions/dua`), 400).body.errors[0].field).toBe('versionNo');
    expectStatus(await api.as(await tokenOf(org, 'PP-ANGGARAN')).get(`/api/v1/documents/${doc.id}/versions/1`), 403);

    const full = await get(org, 'UMPEG-SDM', doc.id);
    expect(full.round).toBe(2);
    expect(full.earlierRounds.map((s: { state: string }) => s.state)).toEqual(['done', 'returned', 'waiting']);
    expect(full.earlierRounds[1].note).toBe('Dasar hukum pada paragraf pertama belum dicantumkan.');
    expect(full.route.map((s: { state: string }) => s.state)).toEqual(['done', 'pending', 'waiting']);
    expect(full.history.map((h: { type: string }) => h.type)).toEqual([
      'created',
      'submitted',
      'paraf',
      'returned',
      'version_saved',
      'resubmitted',
      'paraf',
    ]);
    expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/paraf', { versionHash: h2 }), 200);
    expectStatus(await act(org, 'KADIS', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: h2 }), 200);
    await recordHistory(org, doc.id, 'return-resubmit-sign');
  });
});

describe('withdraw', () => {
  it('the drafter withdraws a draft under review; it leaves the reviewer inbox and no one can act on it', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const doc = await draft(org, 'PEPK-KEUANGAN');
    expectStatus(await act(org, 'PEPK-KEUANGAN', doc.id, 'submit'), 200);
    expectStatus(await act(org, 'KASUBBAG-PEPK', doc.id, 'actions/withdraw'), 403);
    const res = expectStatus(await act(org, 'PEPK-KEUANGAN', doc.id, 'actions/withdraw', { note: 'Kegiatan dibatalkan' }), 200);
    expect(res.body.status).toBe('withdrawn');
    expect(await inbox(org, 'KASUBBAG-PEPK', 'action')).not.toContain(doc.id);
    expectStatus(await act(org, 'KASUBBAG-PEPK', doc.id, 'actions/paraf', { versionHash: doc.currentVersion.contentHash }), 409);
    expectStatus(await act(org, 'PEPK-KEUANGAN', doc.id, 'actions/withdraw'), 409);
  });

  it('a draft never submitted can be withdrawn too', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'PP-PERENCANA');
    const res = expectStatus(await act(org, 'PP-PERENCANA', doc.id, 'actions/withdraw'), 200);
    expect(res.body.status).toBe('withdrawn');
    expect(await inbox(org, 'PP-PERENCANA', 'finished')).toContain(doc.id);
  });
});

describe('wrong actors and wrong states', () => {
  // One organisation for the block (nothing here changes it); every test submits its own document.
  let org: SeededOrganization;
  beforeAll(async () => {
    org = await createTestOrganization('batam-dkum.yaml');
  });

  /** A Sub Bagian draft, submitted: waiting at the Kasubbag's paraf. */
  async function submitted() {
    const doc = await draft(org, 'UMPEG-ARSIP');
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
    return { id: doc.id, hash: doc.currentVersion.contentHash };
  }

  it('someone off the route is 403', async () => {
    const { id, hash } = await submitted();
    const res = expectStatus(await act(org, 'KABID-PPK', id, 'actions/paraf', { versionHash: hash }), 403);
    expect(res.body.code).toBe('FORBIDDEN');
    expectStatus(await act(org, 'ISP-ADM', id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: hash }), 403);
    expectStatus(await api.as(await tokenOf(org, 'ISP-ADM')).get(`/api/v1/documents/${id}`), 403);
  });

  it('an official of another organisation is 403', async () => {
    const { id, hash } = await submitted();
    const other = await createTestOrganization('cilegon-dkukm.yaml');
    expectStatus(await act(other, 'KADIS', id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: hash }), 403);
  });

  it('on the route but not at your step is 409', async () => {
    const { id, hash } = await submitted();
    const res = expectStatus(await act(org, 'SEKRETARIS', id, 'actions/paraf', { versionHash: hash }), 409);
    expect(res.body.message).toMatch(/Bukan giliran/);
    expectStatus(await act(org, 'KADIS', id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: hash }), 409);
  });

  it('signing at a paraf step is 409', async () => {
    const { id, hash } = await submitted();
    const res = expectStatus(await act(org, 'KASUBBAG-UMPEG', id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: hash }), 409);
    expect(res.body.message).toMatch(/paraf/);
  });

  it('a stale version hash is 409 naming the field', async () => {
    const { id } = await submitted();
    const res = expectStatus(await act(org, 'KASUBBAG-UMPEG', id, 'actions/paraf', { versionHash: 'a'.repeat(64) }), 409);
    expect(res.body.field).toBe('versionHash');
  });

  it('a return without a written note is 400 with the field', async () => {
    const { id, hash } = await submitted();
    const res = expectStatus(await act(org, 'KASUBBAG-UMPEG', id, 'actions/return', { versionHash: hash }), 400);
    expect(res.body.errors[0].field).toBe('note');
  });

  it('only the drafter edits, and only while the draft is with the drafter', async () => {
    const { id } = await submitted();
    const body = { baseVersionNo: 1, subject: 'Ubah', body: 'x', classification: 'biasa', urgency: 'biasa', recipients: [{ name: 'Siapa pun' }] };
    expectStatus(await api.as(await tokenOf(org, 'KASUBBAG-UMPEG')).put(`/api/v1/documents/${id}`, body), 403);
    const res = expectStatus(await api.as(await tokenOf(org, 'UMPEG-ARSIP')).put(`/api/v1/documents/${id}`, body), 409);
    expect(res.body.message).toMatch(/penyusun/);
  });

  it('the drafter cannot submit twice', async () => {
    const { id } = await submitted();
    expectStatus(await act(org, 'UMPEG-ARSIP', id, 'submit'), 409);
  });

  it('already acted is 409', async () => {
    const { id, hash } = await submitted();
    expectStatus(await act(org, 'KASUBBAG-UMPEG', id, 'actions/paraf', { versionHash: hash }), 200);
    expectStatus(await act(org, 'KASUBBAG-UMPEG', id, 'actions/paraf', { versionHash: hash }), 409);
  });

  it('an unknown document is 404 and a malformed id 400', async () => {
    const versionHash = 'a'.repeat(64);
    expectStatus(await act(org, 'KASUBBAG-UMPEG', '00000000-0000-4000-8000-000000000000', 'actions/paraf', { versionHash }), 404);
    expectStatus(await act(org, 'KASUBBAG-UMPEG', 'abc', 'actions/paraf', { versionHash }), 400);
  });
});

describe('drafting rules', () => {
  it('Cilegon Pasal 16 huruf f angka 3: naming the Kasubbag PEPK as signer is 422 with the Pasal', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const res = expectStatus(
      await api.as(await tokenOf(org, 'PEPK-KEUANGAN')).post('/api/v1/documents', {
        kindCode: 'LAPORAN',
        subject: 'Laporan Realisasi Anggaran',
        body: 'isi',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ unitId: org.units.DKUKM }],
        signerPositionId: org.positions['KASUBBAG-PEPK'],
      }),
      422,
    );
    expect(res.body).toMatchObject({ code: 'RULE_VIOLATION', pasal: 'Perwako Cilegon 18/2022 Pasal 16 huruf f angka 3', field: 'signerPositionId' });
  });

  it.each([
    [{ kindCode: 'SURAT_CINTA' }, 'kindCode', 400],
    [{ classification: 'umum' }, 'classification', 400],
    [{ recipients: [] }, 'recipients', 400],
    [{ recipients: [{ name: 'A B', unitId: '00000000-0000-4000-8000-000000000000' }] }, 'recipients[0]', 400],
    [{ archiveCode: 'abc' }, 'archiveCode', 400],
    [{ archiveCode: '999.9' }, 'archiveCode', 400], // well-formed but not in the Permendagri 83/2022 list
  ])('malformed draft %j is 400 naming %s', async (patch, field, status) => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const res = expectStatus(
      await api.as(await tokenOf(org, 'UMPEG-ARSIP')).post('/api/v1/documents', {
        kindCode: 'SURAT_DINAS',
        subject: 'Hal',
        body: 'isi',
        classification: 'biasa',
        urgency: 'biasa',
        recipients: [{ name: 'Penerima' }],
        ...patch,
      }),
      status,
    );
    const fields = [res.body.field, ...(res.body.errors ?? []).map((e: { field: string }) => e.field)];
    expect(fields).toContain(field);
  });
});

describe('concurrency and idempotency', () => {
  it('two reviewers racing on one step: exactly one wins', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'UMPEG-ARSIP');
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
    // A Plh. holds the same position today: both may act on the step.
    const ds = await testDataSource();
    await ds.query(`INSERT INTO assignment (id, official_id, position_id, kind, valid_from) VALUES (UUID(), ?, ?, 'plh', '2024-01-01')`, [
      org.officials['UMPEG-SDM'].id,
      org.positions['KASUBBAG-UMPEG'],
    ]);
    const hash = doc.currentVersion.contentHash;
    const results = await Promise.all([
      act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/paraf', { versionHash: hash }),
      act(org, 'UMPEG-SDM', doc.id, 'actions/paraf', { versionHash: hash }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const full = await get(org, 'UMPEG-ARSIP', doc.id);
    expect(full.history.filter((h: { type: string }) => h.type === 'paraf')).toHaveLength(1);
    const winner = results.find((r) => r.status === 200)!;
    expect(['own', 'plh']).toContain(full.route[0].capacity);
    expect(winner.body.steps[0].state).toBe('done');
  });

  it('a repeated request with the same Idempotency-Key acts once and returns the first answer', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const doc = await draft(org, 'UMKM-ADM');
    const key = `submit-${doc.id}`;
    const s1 = expectStatus(await act(org, 'UMKM-ADM', doc.id, 'submit', {}, key), 200);
    const s2 = expectStatus(await act(org, 'UMKM-ADM', doc.id, 'submit', {}, key), 200);
    expect(s2.body).toEqual(s1.body);
    const pkey = `paraf-${doc.id}`;
    const hash = doc.currentVersion.contentHash;
    const p1 = expectStatus(await act(org, 'KABID-UMKM', doc.id, 'actions/paraf', { versionHash: hash }, pkey), 200);
    const p2 = expectStatus(await act(org, 'KABID-UMKM', doc.id, 'actions/paraf', { versionHash: hash }, pkey), 200);
    expect(p2.body).toEqual(p1.body);
    const full = await get(org, 'UMKM-ADM', doc.id);
    expect(full.history.map((h: { type: string }) => h.type)).toEqual(['created', 'submitted', 'paraf']);
    // Creating a draft with a key is idempotent as well.
    const nota = {
      kindCode: 'NOTA_DINAS',
      subject: 'Nota',
      body: 'isi',
      classification: 'biasa',
      urgency: 'biasa',
      recipients: [{ unitId: org.units.SEKRETARIAT }],
    };
    const createOnce = async () =>
      api
        .as(await tokenOf(org, 'UMKM-ADM'))
        .post('/api/v1/documents', nota)
        .set('Idempotency-Key', `create-${doc.id}`);
    const c1 = await createOnce();
    const c2 = await createOnce();
    expect(c2.body.id).toBe(c1.body.id);
  });
});

describe('inbox', () => {
  it('pages newest first with a cursor, and counts per box', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await draft(org, 'PP-ANGGARAN', { subject: `Laporan ${i}` });
      expectStatus(await act(org, 'PP-ANGGARAN', d.id, 'submit'), 200);
      ids.push(d.id);
    }
    const kasubbag = api.as(await tokenOf(org, 'KASUBBAG-PP'));
    const p1 = expectStatus(await kasubbag.get('/api/v1/inbox?box=action&limit=2'), 200).body;
    const p2 = expectStatus(await kasubbag.get(`/api/v1/inbox?box=action&limit=2&cursor=${p1.nextCursor}`), 200).body;
    const p3 = expectStatus(await kasubbag.get(`/api/v1/inbox?box=action&limit=2&cursor=${p2.nextCursor}`), 200).body;
    const seen = [...p1.items, ...p2.items, ...p3.items].map((i: { documentId: string }) => i.documentId);
    expect(seen).toEqual([...ids].reverse());
    expect(p3.nextCursor).toBeNull();
    expect(p1.items[0]).toMatchObject({
      subject: 'Laporan 4',
      kindName: 'Surat Dinas',
      urgency: 'segera',
      classification: 'biasa',
      stepAction: 'paraf',
    });
    const counts = expectStatus(await kasubbag.get('/api/v1/inbox/counts'), 200).body;
    expect(counts.action).toBe(5);
    // Search by subject: literal (a % is not a wildcard), within the box, still paged.
    const found = expectStatus(await kasubbag.get('/api/v1/inbox?box=action&q=laporan%203'), 200).body;
    expect(found.items.map((i: { documentId: string }) => i.documentId)).toEqual([ids[3]]);
    expect(expectStatus(await kasubbag.get('/api/v1/inbox?box=action&q=%25'), 400).body.errors[0].field).toBe('q');
    expect(expectStatus(await kasubbag.get('/api/v1/inbox?box=action&q=100%25'), 200).body.items).toEqual([]);
    const paged = expectStatus(await kasubbag.get('/api/v1/inbox?box=action&q=LAPORAN&limit=3'), 200).body;
    expect(paged.items).toHaveLength(3);
    expect(expectStatus(await kasubbag.get(`/api/v1/inbox?box=action&q=LAPORAN&limit=3&cursor=${paged.nextCursor}`), 200).body.items).toHaveLength(2);
    expectStatus(await kasubbag.get('/api/v1/inbox?box=spam'), 400);
    expectStatus(await kasubbag.get('/api/v1/inbox?cursor=bm9wZQ'), 400);
  });
});

describe('reminders (deadlines in seconds here; working days in production)', () => {
  let fast: TestApi;
  beforeAll(async () => {
    fast = await startApi({ TEMPORAL_TASK_QUEUE: queue, STEP_DEADLINE_UNIT: 'seconds', STEP_REMINDER_AFTER: '1', STEP_ESCALATION_AFTER: '1' });
  });
  afterAll(() => fast.close());

  it('a waiting step reminds its holder, then escalates to the superior', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const doc = await draft(org, 'UMPEG-ARSIP');
    const clerk = await fast.login(org.officials['UMPEG-ARSIP'].nip);
    expectStatus(await fast.as(clerk).post(`/api/v1/documents/${doc.id}/submit`), 200);
    const ds = await testDataSource();
    const rows = await expectEventually(
      async () => {
        const r = await ds.getRepository(ReminderEntity).find({ where: { documentId: doc.id }, order: { kind: 'DESC' } });
        expect(r.map((x) => x.kind)).toEqual(['reminder', 'escalation']);
        return r;
      },
      30_000,
      250,
    );
    expect(rows.map((r) => r.targetPositionId)).toEqual([org.positions['KASUBBAG-UMPEG'], org.positions.SEKRETARIS]);
    const sekre = await fast.login(org.officials.SEKRETARIS.nip);
    const overdue = expectStatus(await fast.as(sekre).get('/api/v1/inbox?box=overdue'), 200).body.items;
    expect(overdue.map((i: { documentId: string }) => i.documentId)).toContain(doc.id);
    const events = await ds.getRepository(AuditEventEntity).find({ where: { documentId: doc.id }, order: { seq: 'ASC' } });
    expect(events.map((e) => e.type)).toEqual(['created', 'submitted', 'reminder', 'escalation']);
    // The holder is reminded and the superior told, in the app (notifications).
    const notices = async (token: string) =>
      (expectStatus(await fast.as(token).get('/api/v1/notifications?limit=100'), 200).body.items as Array<{ documentId: string; event: string }>)
        .filter((n) => n.documentId === doc.id)
        .map((n) => n.event);
    const kasubbag = await fast.login(org.officials['KASUBBAG-UMPEG'].nip);
    expect(await notices(kasubbag)).toEqual(expect.arrayContaining(['step_waiting', 'reminder']));
    expect(await notices(sekre)).toContain('escalation');
    expectStatus(await fast.as(clerk).post(`/api/v1/documents/${doc.id}/actions/withdraw`), 200);
    await recordHistory(org, doc.id, 'reminders-withdraw');
  });
});
