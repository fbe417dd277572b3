import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { documentWorkflowId } from '@naskah/contracts';
import { DocumentVersionEntity, verifyAuditChain } from '@naskah/persistence';
import { SeededOrganization } from '@naskah/seed';
import { asBinary, expectEventually, expectStatus, officialAgents, signing, TestApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { recordWorkflowHistory } from '../support/history';
import { useApiAndWorker } from '../support/stack';

/**
 * What reviewers do besides paraf (DESIGN §3, §4): correct the draft themselves (mengoreksi), return
 * it to an earlier official on the route, and paraf koordinasi from other units in parallel.
 */
let api: TestApi;
const stack = useApiAndWorker('naskah-review', { ACTION_TIMEOUT_SECONDS: '30' });
beforeAll(() => {
  api = stack.api;
});

const as = officialAgents(() => api);

const CONTENT = {
  subject: 'Penetapan Tim Pembina Koperasi Simpan Pinjam Tahun 2026',
  body: '<p>Menetapkan tim pembina koperasi simpan pinjam sebagaimana tercantum dalam lampiran.</p>',
  classification: 'biasa',
  urgency: 'biasa',
  archiveCode: '000.8.3.3',
  recipients: [{ name: 'Ketua Koperasi Simpan Pinjam Sejahtera', address: 'Jl. Raja Ali Haji, Batam' }],
};

async function draft(org: SeededOrganization, drafter: string, extra: Record<string, unknown> = {}) {
  const res = expectStatus(await (await as(org, drafter)).post('/api/v1/documents', { kindCode: 'SURAT_DINAS', ...CONTENT, ...extra }), 201);
  return res.body as {
    id: string;
    currentVersion: { versionNo: number; contentHash: string };
    route: Array<{ position: { positionId: string }; kind: string; group: number }>;
  };
}

async function act(org: SeededOrganization, who: string, id: string, action: string, body: object = {}): Promise<Response> {
  return (await as(org, who)).post(`/api/v1/documents/${id}/${action}`, body);
}

const get = async (org: SeededOrganization, who: string, id: string) =>
  expectStatus(await (await as(org, who)).get(`/api/v1/documents/${id}`), 200).body;
const inbox = async (org: SeededOrganization, who: string, box: string) =>
  expectStatus(await (await as(org, who)).get(`/api/v1/inbox?box=${box}`), 200).body.items.map((i: { documentId: string }) => i.documentId);
const versionCount = async (id: string) => (await testDataSource()).getRepository(DocumentVersionEntity).countBy({ documentId: id });
const states = (route: Array<{ state: string }>) => route.map((s) => s.state);

describe('a reviewer corrects the draft (mengoreksi: Batam Pasal 4 ayat (4) huruf cc, memeriksa; Cilegon Pasal 10 huruf e angka 4)', () => {
  it('the Sekretaris corrects: a version under his name, the Kasubbag paraf becomes history, the Kepala Dinas signs the corrected text', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'UMPEG-ARSIP');
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
    expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/paraf', { versionHash: v1 }), 200);

    const before = await get(org, 'SEKRETARIS', doc.id);
    expect(before.allowedActions).toEqual(expect.arrayContaining(['paraf', 'return', 'correct']));
    const corrected = { ...CONTENT, subject: 'Penetapan Tim Pembina Koperasi Simpan Pinjam Kota Batam Tahun 2026', baseVersionHash: v1 };
    const answer = expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/correct', corrected), 200).body;
    expect(answer).toMatchObject({ status: 'in_review', round: 2, versionNo: 2, currentStep: { action: 'sign' } });
    const v2 = answer.versionHash as string;
    expect(v2).not.toBe(v1);

    const view = await get(org, 'UMPEG-ARSIP', doc.id);
    expect(view.subject).toBe(corrected.subject);
    expect(view.versions.map((v: { versionNo: number; author: { nip: string } }) => [v.versionNo, v.author.nip])).toEqual([
      [1, org.officials['UMPEG-ARSIP'].nip],
      [2, org.officials.SEKRETARIS.nip],
    ]);
    expect(states(view.route)).toEqual(['superseded', 'done', 'pending']);
    expect(view.route[1]).toMatchObject({ corrected: true, versionHash: v2, actedBy: { nip: org.officials.SEKRETARIS.nip } });
    expect(states(view.earlierRounds)).toEqual(['done', 'cancelled', 'waiting']);
    expect(view.history.map((h: { type: string }) => h.type)).toEqual(['created', 'submitted', 'paraf', 'corrected']);
    // the drafter sees what changed: both versions readable
    const old = expectStatus(await (await as(org, 'UMPEG-ARSIP')).get(`/api/v1/documents/${doc.id}/versions/1`), 200).body;
    expect(old.subject).toBe(CONTENT.subject);
    expect(await inbox(org, 'UMPEG-ARSIP', 'in_progress')).toContain(doc.id);
    expect(await inbox(org, 'KADIS', 'action')).toContain(doc.id);

    // the old version no longer binds anything
    expectStatus(await act(org, 'KADIS', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: v1 }), 409);
    expectStatus(await act(org, 'KADIS', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: v2 }), 200);
    const signed = await expectEventually(async () => {
      const v = await get(org, 'UMPEG-ARSIP', doc.id);
      expect(v.letter).toMatchObject({ pdfReady: true });
      return v;
    }, 60_000);
    expect(signed.currentVersion.contentHash).toBe(v2);
    expect(await verifyAuditChain((await testDataSource()).manager, doc.id)).toBeNull();
    await recordWorkflowHistory(api.cfg, documentWorkflowId(org.id, doc.id), 'correction');
  });

  it('who may NOT correct, and what a correction may not be', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const other = await createTestOrganization('cilegon-dkukm.yaml');
    const doc = await draft(org, 'UMPEG-ARSIP');
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
    const body = { ...CONTENT, subject: 'Hal yang dikoreksi', baseVersionHash: v1 };
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'actions/correct', body), 403); // the drafter is not on the route
    expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/correct', body), 409); // not his turn yet
    expect([403, 404]).toContain((await act(other, 'SEKRETARIS', doc.id, 'actions/correct', body)).status);
    expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/correct', { ...body, baseVersionHash: 'f'.repeat(64) }), 409);
    const same = expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/correct', { ...CONTENT, baseVersionHash: v1 }), 400);
    expect(same.body).toMatchObject({ field: 'body' });
    for (const bad of [{ ...body, baseVersionHash: 'x' }, { ...body, subject: '' }, { ...body, recipients: [] }, { baseVersionHash: v1 }]) {
      expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/correct', bad), 400);
    }
    expect(await versionCount(doc.id)).toBe(1); // nothing half-written
    // hidden content is sanitised in a correction as in a draft (DESIGN §6)
    const hidden = { ...body, body: '<p>Teks tampak.</p><p style="display:none">RAHASIA-TERSEMBUNYI</p>' };
    expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/correct', hidden), 200);
    const v = await get(org, 'SEKRETARIS', doc.id);
    expect(v.currentVersion.body).not.toContain('RAHASIA-TERSEMBUNYI');
    expect(v.currentVersion.body).not.toContain('style');
  });
});

describe('a correction repeated with the same Idempotency-Key', () => {
  it('answers the first result and makes one version, however often it is sent at once', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'UMPEG-ARSIP');
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
    const body = { ...CONTENT, subject: 'Penetapan Tim Pembina (dikoreksi Kasubbag)', baseVersionHash: v1 };
    const send = async () =>
      (await as(org, 'KASUBBAG-UMPEG')).post(`/api/v1/documents/${doc.id}/actions/correct`, body).set('Idempotency-Key', 'koreksi-1');
    const answers = await Promise.all([send(), send(), send()]);
    answers.forEach((r) => expectStatus(r, 200));
    expect(new Set(answers.map((r) => r.body.versionHash)).size).toBe(1);
    expectStatus(await send(), 200);
    expect(await versionCount(doc.id)).toBe(2);
    expect((await get(org, 'SEKRETARIS', doc.id)).history.filter((h: { type: string }) => h.type === 'corrected')).toHaveLength(1);
  });
});

describe('return to a chosen step (the written note goes to an earlier official, not only the drafter)', () => {
  it('the Kepala Dinas returns to the Sekretaris: the Kasubbag paraf carries over, the chain resumes at the Sekretaris', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'UMPEG-ARSIP');
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
    expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/paraf', { versionHash: v1 }), 200);
    expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/paraf', { versionHash: v1 }), 200);

    const view = await get(org, 'KADIS', doc.id);
    expect(view.returnTargets.map((t: { order: number; position: { positionId: string } }) => [t.order, t.position.positionId])).toEqual([
      [1, org.positions['KASUBBAG-UMPEG']],
      [2, org.positions.SEKRETARIS],
    ]);
    for (const toStepOrder of [3, 9, 0, 'dua', 1.5]) {
      const r = await act(org, 'KADIS', doc.id, 'actions/return', { versionHash: v1, note: 'Mohon dasar hukum dilengkapi', toStepOrder });
      expect(r.status).toBe(400);
      expect(r.body.field ?? r.body.errors[0].field).toBe('toStepOrder');
    }
    expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/return', { versionHash: v1, note: 'Bukan giliran', toStepOrder: 1 }), 409);
    const back = expectStatus(
      await act(org, 'KADIS', doc.id, 'actions/return', { versionHash: v1, note: 'Mohon dasar hukum dilengkapi', toStepOrder: 2 }),
      200,
    ).body;
    expect(back).toMatchObject({ status: 'in_review', round: 2, currentStep: { order: 2, positionId: org.positions.SEKRETARIS } });
    expect(await inbox(org, 'SEKRETARIS', 'action')).toContain(doc.id);
    expect(await inbox(org, 'KADIS', 'action')).not.toContain(doc.id);
    expect(await inbox(org, 'UMPEG-ARSIP', 'returned')).not.toContain(doc.id);
    const after = await get(org, 'SEKRETARIS', doc.id);
    expect(states(after.route)).toEqual(['done', 'pending', 'waiting']);
    expect(after.route[0].actedBy.nip).toBe(org.officials['KASUBBAG-UMPEG'].nip);
    expect(after.earlierRounds[2]).toMatchObject({ state: 'returned', note: 'Mohon dasar hukum dilengkapi' });
    const returned = after.history.find((h: { type: string }) => h.type === 'returned');
    expect(returned.data).toMatchObject({ toStepOrder: 2, note: 'Mohon dasar hukum dilengkapi' });

    expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/paraf', { versionHash: v1 }), 200);
    expect((await act(org, 'KADIS', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: v1 })).body.status).toBe('signed');
    expect(await verifyAuditChain((await testDataSource()).manager, doc.id)).toBeNull();
    await recordWorkflowHistory(api.cfg, documentWorkflowId(org.id, doc.id), 'return-to-step');
  });
});

describe('paraf koordinasi (Tata Naskah Dinas; Batam Pasal 18 and 21: tim kerja across units)', () => {
  it('a Surat Keputusan without paraf koordinasi is refused at submission, citing its source', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'ISP-ADM', { kindCode: 'SURAT_KEPUTUSAN' });
    const refused = expectStatus(await act(org, 'ISP-ADM', doc.id, 'submit'), 422);
    expect(refused.body).toMatchObject({ field: 'coordinatorPositionIds', pasal: expect.stringContaining('paraf koordinasi') });
    expect((await get(org, 'ISP-ADM', doc.id)).status).toBe('draft');
    // malformed choices
    for (const coordinatorPositionIds of ['x', ['not-a-uuid'], Array(6).fill(org.positions['KABID-PPK'])]) {
      expectStatus(
        await (await as(org, 'ISP-ADM')).post('/api/v1/documents', { kindCode: 'SURAT_KEPUTUSAN', ...CONTENT, coordinatorPositionIds }),
        400,
      );
    }
    const onLine = await (
      await as(org, 'ISP-ADM')
    ).post('/api/v1/documents', {
      kindCode: 'SURAT_KEPUTUSAN',
      ...CONTENT,
      coordinatorPositionIds: [org.positions['KABID-ISP']],
    });
    expectStatus(onLine, 422);
  });

  it('two Bidang initial in parallel; one returns it; after the correction both give paraf and the Kepala Dinas signs', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const coordinators = [org.positions['KABID-PKSP'], org.positions['KABID-PPK']];
    const doc = await draft(org, 'ISP-ADM', { kindCode: 'SURAT_KEPUTUSAN', coordinatorPositionIds: coordinators });
    expect(doc.route.map((s) => [s.position.positionId, s.kind, s.group])).toEqual([
      [org.positions['KABID-ISP'], 'hierarki', 1],
      [coordinators[0], 'koordinasi', 2],
      [coordinators[1], 'koordinasi', 2],
      [org.positions.KADIS, 'hierarki', 4],
    ]);
    let hash = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'ISP-ADM', doc.id, 'submit'), 200);
    const paraf1 = expectStatus(await act(org, 'KABID-ISP', doc.id, 'actions/paraf', { versionHash: hash }), 200).body;
    expect(paraf1.waitingSteps.map((s: { positionId: string }) => s.positionId)).toEqual(coordinators);
    for (const code of ['KABID-PKSP', 'KABID-PPK']) expect(await inbox(org, code, 'action')).toContain(doc.id);
    expectStatus(await act(org, 'KADIS', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: hash }), 409);

    // one coordinator returns it with a note; the other no longer waits
    expectStatus(await act(org, 'KABID-PPK', doc.id, 'actions/return', { versionHash: hash, note: 'Sertakan ketentuan perlindungan anggota' }), 200);
    expect(await inbox(org, 'KABID-PKSP', 'action')).not.toContain(doc.id);
    expect(await inbox(org, 'ISP-ADM', 'returned')).toContain(doc.id);
    const revised = expectStatus(
      await (
        await as(org, 'ISP-ADM')
      ).put(`/api/v1/documents/${doc.id}`, {
        ...CONTENT,
        body: '<p>Menetapkan tim pembina, termasuk ketentuan perlindungan anggota koperasi.</p>',
        baseVersionNo: 1,
      }),
      200,
    ).body;
    hash = revised.currentVersion.contentHash;
    expect(revised.coordinators.map((p: { positionId: string }) => p.positionId)).toEqual(coordinators);
    expectStatus(await act(org, 'ISP-ADM', doc.id, 'actions/resubmit'), 200);
    expectStatus(await act(org, 'KABID-ISP', doc.id, 'actions/paraf', { versionHash: hash }), 200);

    // both coordinators give paraf at the same moment: both are taken, then the Kepala Dinas waits
    const both = await Promise.all([
      act(org, 'KABID-PPK', doc.id, 'actions/paraf', { versionHash: hash }),
      act(org, 'KABID-PKSP', doc.id, 'actions/paraf', { versionHash: hash }),
    ]);
    both.forEach((r) => expectStatus(r, 200));
    expect(await inbox(org, 'KADIS', 'action')).toContain(doc.id);
    expect((await act(org, 'KADIS', doc.id, 'actions/sign', { passphrase: TEST_TTE_PASSPHRASE, versionHash: hash })).body.status).toBe('signed');
    const full = await get(org, 'ISP-ADM', doc.id);
    expect(full.route.map((s: { kind: string; state: string }) => [s.kind, s.state])).toEqual([
      ['hierarki', 'done'],
      ['koordinasi', 'done'],
      ['koordinasi', 'done'],
      ['hierarki', 'done'],
    ]);
    expect(await verifyAuditChain((await testDataSource()).manager, doc.id)).toBeNull();
    // the letter's paraf record names who initialled the signed version, hierarki and koordinasi
    await expectEventually(async () => expect((await get(org, 'ISP-ADM', doc.id)).letter).toMatchObject({ pdfReady: true }), 60_000);
    const pdf = await asBinary((await as(org, 'ISP-ADM')).get(`/api/v1/documents/${doc.id}/pdf`));
    const dir = mkdtempSync(join(tmpdir(), 'naskah-paraf-'));
    writeFileSync(join(dir, 'letter.pdf'), pdf.body as Buffer);
    const text = spawnSync('pdftotext', [join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Paraf hierarki: 1. Kepala Bidang Izin Usaha Simpan Pinjam');
    expect(text).toMatch(/Paraf koordinasi: 1\. Kepala Bidang Penilaian Kesehatan .*2\. Kepala Bidang Pemberdayaan dan Perlindungan Koperasi/);
    await recordWorkflowHistory(api.cfg, documentWorkflowId(org.id, doc.id), 'paraf-koordinasi');
  });

  it('two coordinators correcting at the same moment: exactly one correction is taken, no stray version remains', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'ISP-ADM', {
      kindCode: 'SURAT_KEPUTUSAN',
      coordinatorPositionIds: [org.positions['KABID-PKSP'], org.positions['KABID-PPK']],
    });
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'ISP-ADM', doc.id, 'submit'), 200);
    expectStatus(await act(org, 'KABID-ISP', doc.id, 'actions/paraf', { versionHash: v1 }), 200);
    const results = await Promise.all(
      ['KABID-PKSP', 'KABID-PPK'].map((code) =>
        act(org, code, doc.id, 'actions/correct', { ...CONTENT, subject: `Penetapan Tim Pembina (koreksi ${code})`, baseVersionHash: v1 }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await versionCount(doc.id)).toBe(2);
    const view = await get(org, 'ISP-ADM', doc.id);
    const winner = results.find((r) => r.status === 200)!.body;
    expect(view.currentVersion.contentHash).toBe(winner.versionHash);
    // a coordinator is no superior of the drafting unit head: the corrected text goes back to him first
    expect(states(view.route)[0]).toBe('pending');
    expect(view.route.filter((s: { state: string }) => s.state === 'done')).toHaveLength(1);
    expect(view.route.find((s: { corrected: boolean }) => s.corrected).versionHash).toBe(winner.versionHash);
  });
});

describe('who may NOT act on a draft, and what a correction may not drop (review findings)', () => {
  const HOUR = 3_600_000;
  const appoint = async (org: SeededOrganization, by: string, principal: string, deputy: string, onBehalfReason?: string) =>
    (await as(org, by)).post('/api/v1/delegations', {
      principalPositionId: org.positions[principal],
      deputyPositionId: org.positions[deputy],
      validFrom: new Date(Date.now() - HOUR).toISOString(),
      validTo: new Date(Date.now() + 48 * HOUR).toISOString(),
      reason: 'dinas_luar',
      ...(onBehalfReason ? { onBehalfReason } : {}),
    });

  it('the drafter, made deputy of the step, neither initials nor corrects his own draft; an administrator never records himself as deputy', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const self = await appoint(org, 'UMPEG-ARSIP', 'KASUBBAG-UMPEG', 'UMPEG-ARSIP', 'Kepala Sub Bagian sedang cuti sakit mendadak');
    expectStatus(self, 403);
    expectStatus(await appoint(org, 'KASUBBAG-UMPEG', 'KASUBBAG-UMPEG', 'UMPEG-ARSIP'), 201);
    const doc = await draft(org, 'UMPEG-ARSIP');
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'actions/paraf', { versionHash: v1, consideration: 'Surat segera dikirim hari ini' }), 403);
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'actions/paraf', { versionHash: v1 }), 403);
    expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'actions/correct', { ...CONTENT, subject: 'Hal diubah sendiri', baseVersionHash: v1 }), 403);
    expect(await versionCount(doc.id)).toBe(1);
    expect((await get(org, 'KASUBBAG-UMPEG', doc.id)).route[0].state).toBe('pending');
  });

  it('a deputy whose own post may not correct does not correct (DESIGN §3); a mandate holder signs no strategic decree (UU 30/2014 Pasal 14 ayat (7))', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    expectStatus(await appoint(org, 'KASUBBAG-PEPK', 'KASUBBAG-PEPK', 'PEPK-KEUANGAN'), 201);
    const doc = await draft(org, 'PEPK-BENDAHARA');
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'PEPK-BENDAHARA', doc.id, 'submit'), 200);
    const refused = expectStatus(
      await act(org, 'PEPK-KEUANGAN', doc.id, 'actions/correct', {
        ...CONTENT,
        subject: 'Hal dikoreksi wakil',
        baseVersionHash: v1,
        consideration: 'Kepala Sub Bagian dinas luar, surat mendesak',
      }),
      422,
    );
    expect(refused.body.pasal).toContain('Pasal 29 ayat (2)');
    expect(await versionCount(doc.id)).toBe(1);

    expectStatus(await appoint(org, 'KADIS', 'KADIS', 'SEKRETARIS'), 201);
    const sk = await draft(org, 'PEPK-BENDAHARA', { kindCode: 'SURAT_KEPUTUSAN', coordinatorPositionIds: [org.positions['KABID-KOP']] });
    const h = sk.currentVersion.contentHash;
    expectStatus(await act(org, 'PEPK-BENDAHARA', sk.id, 'submit'), 200);
    expectStatus(await act(org, 'KASUBBAG-PEPK', sk.id, 'actions/paraf', { versionHash: h }), 200);
    expectStatus(await act(org, 'KABID-KOP', sk.id, 'actions/paraf', { versionHash: h }), 200);
    expectStatus(await act(org, 'SEKRETARIS', sk.id, 'actions/paraf', { versionHash: h }), 200);
    const mandate = expectStatus(
      await act(org, 'SEKRETARIS', sk.id, 'actions/sign', {
        passphrase: TEST_TTE_PASSPHRASE,
        versionHash: h,
        consideration: 'Kepala Dinas dinas luar, keputusan mendesak',
      }),
      422,
    );
    expect(mandate.body.pasal).toBe('UU 30/2014 Pasal 14 ayat (7)');
    expect((await get(org, 'KADIS', sk.id)).status).toBe('in_review');
  });

  it('a correction of a Laporan keeps its tembusan or the stated reason (Cilegon Pasal 28 ayat (9))', async () => {
    const org = await createTestOrganization('cilegon-dkukm.yaml');
    const doc = await draft(org, 'UMPEG-SDM', { kindCode: 'LAPORAN', tembusan: [{ unitId: org.units.PEPK }] });
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await act(org, 'UMPEG-SDM', doc.id, 'submit'), 200);
    const dropped = expectStatus(
      await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/correct', {
        ...CONTENT,
        subject: 'Laporan Kepegawaian Triwulan',
        tembusan: [],
        baseVersionHash: v1,
      }),
      422,
    );
    expect(dropped.body).toMatchObject({ field: 'tembusan', pasal: expect.stringContaining('Pasal 28 ayat (9)') });
    expect(await versionCount(doc.id)).toBe(1);
    expectStatus(
      await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/correct', {
        ...CONTENT,
        subject: 'Laporan Kepegawaian Triwulan',
        tembusan: [],
        tembusanWaiverReason: 'Laporan hanya menyangkut pegawai Sub Bagian sendiri',
        baseVersionHash: v1,
      }),
      200,
    );
    expect((await get(org, 'UMPEG-SDM', doc.id)).tembusanWaiverReason).toBe('Laporan hanya menyangkut pegawai Sub Bagian sendiri');
  });

  it('refuses a blank return note, a changed paraf koordinasi after submission, a reused key, and a correction once signed', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'ISP-ADM', { kindCode: 'SURAT_KEPUTUSAN', coordinatorPositionIds: [org.positions['KABID-PPK']] });
    const v1 = doc.currentVersion.contentHash;
    expectStatus(await (await as(org, 'ISP-ADM')).post(`/api/v1/documents/${doc.id}/submit`).set('Idempotency-Key', 'kunci-bersama'), 200);
    const blank = expectStatus(await act(org, 'KABID-ISP', doc.id, 'actions/return', { versionHash: v1, note: '         ' }), 400);
    expect(blank.body.field).toBe('note');
    expectStatus(await act(org, 'KABID-ISP', doc.id, 'actions/return', { versionHash: v1, note: 'Mohon lengkapi lampiran' }), 200);
    const moved = await (
      await as(org, 'ISP-ADM')
    ).put(`/api/v1/documents/${doc.id}`, {
      ...CONTENT,
      baseVersionNo: 1,
      coordinatorPositionIds: [org.positions['KABID-PPUM']],
    });
    expect(expectStatus(moved, 409).body.field).toBe('coordinatorPositionIds');
    const saved = expectStatus(
      await (
        await as(org, 'ISP-ADM')
      )
        .put(`/api/v1/documents/${doc.id}`, { ...CONTENT, body: '<p>Dengan lampiran lengkap.</p>', baseVersionNo: 1 })
        .set('Idempotency-Key', 'simpan-1'),
      200,
    ).body;
    expectStatus(await act(org, 'ISP-ADM', doc.id, 'actions/resubmit'), 200);
    const v2 = saved.currentVersion.contentHash;
    // the drafter's save key, reused by a reviewer for his correction: a conflict in words, not a 500
    const reused = await (
      await as(org, 'KABID-ISP')
    )
      .post(`/api/v1/documents/${doc.id}/actions/correct`, { ...CONTENT, subject: 'Hal koreksi', baseVersionHash: v2 })
      .set('Idempotency-Key', 'simpan-1');
    expect(expectStatus(reused, 409).body.field).toBe('Idempotency-Key');
    for (const [who, action] of [
      ['KABID-ISP', 'paraf'],
      ['KABID-PPK', 'paraf'],
      ['KADIS', 'sign'],
    ] as const) {
      expectStatus(await act(org, who, doc.id, `actions/${action}`, { versionHash: v2, ...signing(action) }), 200);
    }
    expectStatus(await act(org, 'KADIS', doc.id, 'actions/correct', { ...CONTENT, subject: 'Sesudah ditandatangani', baseVersionHash: v2 }), 409);
    expect(await versionCount(doc.id)).toBe(2);
  });
});

describe('the new routes refuse callers without a session, and a return to a chosen step races a withdrawal', () => {
  it('401 without a token: correct, return to a step, the delegation rules', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    const doc = await draft(org, 'UMPEG-ARSIP');
    const hash = doc.currentVersion.contentHash;
    for (const res of [
      await api.http.post(`/api/v1/documents/${doc.id}/actions/correct`).send({ ...CONTENT, baseVersionHash: hash }),
      await api.http.post(`/api/v1/documents/${doc.id}/actions/return`).send({ versionHash: hash, note: 'Catatan cukup', toStepOrder: 1 }),
      await api.http.get('/api/v1/delegations/rules'),
    ]) {
      expect(res.status).toBe(401);
    }
  });

  it('the Kepala Dinas returns to the Sekretaris while the drafter withdraws: one of them happens, never both, ten times', async () => {
    const org = await createTestOrganization('batam-dkum.yaml');
    for (let i = 0; i < 10; i++) {
      const doc = await draft(org, 'UMPEG-ARSIP');
      const v1 = doc.currentVersion.contentHash;
      expectStatus(await act(org, 'UMPEG-ARSIP', doc.id, 'submit'), 200);
      expectStatus(await act(org, 'KASUBBAG-UMPEG', doc.id, 'actions/paraf', { versionHash: v1 }), 200);
      expectStatus(await act(org, 'SEKRETARIS', doc.id, 'actions/paraf', { versionHash: v1 }), 200);
      const [back, withdrawn] = await Promise.all([
        act(org, 'KADIS', doc.id, 'actions/return', { versionHash: v1, note: 'Mohon dikaji ulang', toStepOrder: 2 }),
        act(org, 'UMPEG-ARSIP', doc.id, 'actions/withdraw', { note: 'Tidak jadi dikirim' }),
      ]);
      expect(withdrawn.status).toBe(200); // a withdrawal is legal before and after a return to a step
      const view = await get(org, 'UMPEG-ARSIP', doc.id);
      expect(view.status).toBe('withdrawn');
      const types = view.history.map((h: { type: string }) => h.type);
      if (back.status === 200) expect(types.slice(-2)).toEqual(['returned', 'withdrawn']);
      else {
        expect(back.status).toBe(409);
        expect(types).not.toContain('returned');
      }
    }
  });
});
